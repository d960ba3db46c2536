import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DeepLinkInbox, deepLinkArgument, parseDeepLink } from '../../electron/core/shell/deep-link.ts';
import { compactTimestamp, recoverSettingsFile } from '../../electron/core/shell/settings-recovery.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';
import { UNMANAGED_DEFAULTS } from '../../shared/ipc/settings-defaults.ts';
import { recordingLog } from './stand-ins.ts';

describe('deep links', () => {
  it('parses the two link forms', () => {
    expect(parseDeepLink('teamsafeadmin://safe/Ab3_x-9')).toEqual({ safeId: 'Ab3_x-9' });
    expect(parseDeepLink('teamsafeadmin://safe/s1/member/m-2')).toEqual({ safeId: 's1', memberId: 'm-2' });
    expect(parseDeepLink('TeamSafeAdmin://safe/s1/')).toEqual({ safeId: 's1' });
  });

  it.each([
    'https://safe/s1',
    'teamsafeadmin://evil/s1',
    'teamsafeadmin://safe/',
    'teamsafeadmin://safe/s1/member/',
    'teamsafeadmin://safe/s1/members/m1',
    'teamsafeadmin://safe/s1/member/m1/extra',
    'teamsafeadmin://safe/s%2F1',
    'teamsafeadmin://safe/../../etc',
    'teamsafeadmin://safe/x/../y',
    'teamsafeadmin://SAFE/s1',
    'teamsafeadmin://safe/s1/MEMBER/m1',
    'teamsafeadmin:safe/s1',
    ' teamsafeadmin://safe/s1',
    'teamsafeadmin://safe/s1?token=x',
    'teamsafeadmin://safe/s1#m1',
    'teamsafeadmin://user:pw@safe/s1',
    'teamsafeadmin://safe:99/s1',
    `teamsafeadmin://safe/${'a'.repeat(65)}`,
    `teamsafeadmin://safe/${'a'.repeat(600)}`,
    'teamsafeadmin://safe/<script>',
    'not a link',
    '',
  ])('ignores %s', (raw) => {
    expect(parseDeepLink(raw)).toBeNull();
  });

  it('finds the link among command-line arguments', () => {
    expect(deepLinkArgument(['/usr/bin/tsa', '--no-sandbox', 'teamsafeadmin://safe/s1'])).toBe(
      'teamsafeadmin://safe/s1',
    );
    expect(deepLinkArgument(['/usr/bin/tsa', '.'])).toBeNull();
  });

  it('keeps the latest link until it is taken, once; a foreign one is logged without its content', () => {
    const log = recordingLog();
    const announced: unknown[] = [];
    const inbox = new DeepLinkInbox(log, (link) => announced.push(link));
    expect(inbox.offer('teamsafeadmin://safe/s1')).toBe(true);
    expect(inbox.offer('teamsafeadmin://safe/s2/member/m9')).toBe(true);
    expect(inbox.offer('teamsafeadmin://safe/s3?secret=hunter2')).toBe(false);
    expect(announced).toEqual([{ safeId: 's1' }, { safeId: 's2', memberId: 'm9' }]);
    expect(inbox.take()).toEqual({ safeId: 's2', memberId: 'm9' });
    expect(inbox.take()).toBeNull();
    expect(log.lines.at(-1)).toMatch(/^warn deep link ignored/);
    expect(log.lines.join('\n')).not.toContain('hunter2');
  });
});

describe('a corrupt settings file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-settings-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is moved aside with the time in its name; readable files stay', () => {
    const case1 = join(dir, 'one');
    for (const [name, text, moved] of [
      ['ok', '{"language":"de"}', false],
      ['empty', '', false],
      ['truncated', '{"language":"d', true],
      ['array', '[1,2]', true],
      ['binary', '\u0000\u0001', true],
    ] as const) {
      const folder = join(case1, name);
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'settings.json'), text);
      const { movedTo } = recoverSettingsFile(folder, 'settings', () => Date.UTC(2026, 10, 23, 14, 5, 0));
      if (moved) {
        expect(movedTo).toBe(join(folder, 'settings.corrupt-20261123T140500Z.json'));
        expect(readFileSync(movedTo!, 'utf8')).toBe(text);
        expect(existsSync(join(folder, 'settings.json'))).toBe(false);
      } else {
        expect(movedTo).toBeNull();
        expect(readFileSync(join(folder, 'settings.json'), 'utf8')).toBe(text);
      }
    }
    expect(compactTimestamp(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('20260102T030405Z');
  });

  it('lets the Node core start with defaults and tells the user once', async () => {
    const folder = join(dir, 'core');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'settings.json'), '{"language": "fr", "cacheEn');
    const log = recordingLog();
    const core = await createNodeCore({
      dataDir: folder,
      defaultServerUrl: 'http://127.0.0.1:9',
      log,
      keychainService: TEST_KEYCHAIN_SERVICE,
    });
    expect(await core.dispatch('settings:get', {})).toEqual({
      ok: true,
      value: UNMANAGED_DEFAULTS,
    });
    expect(await core.dispatch('notices:take', {})).toEqual({ ok: true, value: { notices: ['settings_recovered'] } });
    expect(await core.dispatch('notices:take', {})).toEqual({ ok: true, value: { notices: [] } });
    expect(readdirSync(folder).filter((name) => name.startsWith('settings.corrupt-'))).toHaveLength(1);
    expect(log.lines.some((line) => line.includes('settings file was unreadable'))).toBe(true);
    // The recovered file is usable again.
    expect(await core.dispatch('settings:update', { language: 'it' })).toMatchObject({ ok: true });
    expect(JSON.parse(readFileSync(join(folder, 'settings.json'), 'utf8'))).toMatchObject({ language: 'it' });
    await core.dispose();
  });
});
