/**
 * The Linux reader against real files with real owners and modes (the
 * tests run as root, so they can create root-owned files and hand others
 * to uid 1000).
 */
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLinuxPolicySource } from '../../electron/core/policy/linux.ts';
import { MAX_POLICY_FILE_BYTES } from '../../electron/core/policy/trusted-file.ts';

const POLICY = { ServerUrl: 'https://safe.example.com', ServerUrlLocked: true, SmsCountries: ['CH', 'LI'] };

describe('Linux policy file', () => {
  let dir: string;
  beforeAll(() => {
    expect(process.getuid?.(), 'these tests create root-owned files: run them as root').toBe(0);
    dir = mkdtempSync(join(tmpdir(), 'policy-linux-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A file with exactly this content, mode and owner. */
  const place = (name: string, content: string, mode = 0o644, uid = 0) => {
    const file = join(dir, name);
    writeFileSync(file, content);
    chmodSync(file, mode);
    chownSync(file, uid, 0);
    return file;
  };
  const readAt = (file: string) => createLinuxPolicySource({ file }).read();

  it('honours a root-owned file that only root can write', async () => {
    const file = place('ok.json', JSON.stringify(POLICY));
    await expect(readAt(file)).resolves.toEqual({
      scope: 'machine',
      location: file,
      status: 'applied',
      values: POLICY,
    });
    chmodSync(file, 0o600);
    await expect(readAt(file)).resolves.toMatchObject({ status: 'applied', values: POLICY });
  });

  it('defaults to /etc/team-safe-admin/policy.json', () => {
    expect(createLinuxPolicySource().location).toBe('/etc/team-safe-admin/policy.json');
  });

  it('ignores a file that group or others can write', async () => {
    for (const mode of [0o664, 0o646, 0o666]) {
      const file = place(`writable-${mode.toString(8)}.json`, JSON.stringify(POLICY), mode);
      const read = await readAt(file);
      expect(read, mode.toString(8)).toMatchObject({ status: 'untrusted', reason: 'writable_by_others', values: {} });
      expect(read.detail).toBe(`mode ${mode.toString(8)} lets group or others write it`);
    }
  });

  it('ignores a file owned by anyone but root', async () => {
    const file = place('user-owned.json', JSON.stringify(POLICY), 0o644, 1000);
    await expect(readAt(file)).resolves.toMatchObject({
      status: 'untrusted',
      reason: 'not_root_owned',
      detail: 'is owned by uid 1000, not by root',
      values: {},
    });
  });

  it('ignores a symlink, even to a trusted file', async () => {
    const target = place('target.json', JSON.stringify(POLICY));
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    await expect(readAt(link)).resolves.toMatchObject({ status: 'untrusted', reason: 'symlink', values: {} });
  });

  it('ignores something that is not a regular file', async () => {
    const folder = join(dir, 'folder.json');
    mkdirSync(folder, { mode: 0o755 });
    await expect(readAt(folder)).resolves.toMatchObject({ status: 'untrusted', reason: 'not_a_file' });
  });

  it('reports invalid JSON and a non-object as unreadable, without throwing', async () => {
    const broken = place('broken.json', '{"ServerUrl": "https://safe.example.com",');
    const read = await readAt(broken);
    expect(read).toMatchObject({ status: 'unreadable', reason: 'invalid_json', values: {} });
    expect(read.detail).toMatch(/^is not valid JSON: /);
    const list = place('list.json', '["ServerUrl"]');
    await expect(readAt(list)).resolves.toMatchObject({ status: 'unreadable', reason: 'not_an_object' });
    const nothing = place('null.json', 'null');
    await expect(readAt(nothing)).resolves.toMatchObject({ status: 'unreadable', reason: 'not_an_object' });
  });

  it('refuses an oversized file instead of reading it', async () => {
    const big = place('big.json', `{"x":"${'a'.repeat(MAX_POLICY_FILE_BYTES)}"}`);
    await expect(readAt(big)).resolves.toMatchObject({ status: 'unreadable', reason: 'too_large' });
  });

  it('reads a UTF-8 byte-order mark as nothing', async () => {
    const file = place('bom.json', `\uFEFF${JSON.stringify({ Language: 'de' })}`);
    await expect(readAt(file)).resolves.toMatchObject({ status: 'applied', values: { Language: 'de' } });
  });

  it('calls a missing file (or folder) absent', async () => {
    await expect(readAt(join(dir, 'missing.json'))).resolves.toEqual({
      scope: 'machine',
      location: join(dir, 'missing.json'),
      status: 'absent',
      values: {},
    });
    await expect(readAt(join(dir, 'no-folder', 'policy.json'))).resolves.toMatchObject({ status: 'absent' });
  });
});
