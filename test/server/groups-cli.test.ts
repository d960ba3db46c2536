import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../server/audit.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_GROUPS_FILE, loadGroupConfig } from '../../server/group-definitions.ts';
import { seedDemo } from '../../server/seed.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsa-support-cli-'));
const dbPath = join(dir, 'groups.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['server/support-cli.ts', ...args], { encoding: 'utf8' });

describe('support-cli (group definitions by support staff)', () => {
  beforeAll(async () => {
    const db = openDatabase(dbPath);
    try {
      await seedDemo(db, { passwordCost: TEST_PASSWORD_COST });
    } finally {
      db.close();
    }
  });

  it('validates the demo definition file', () => {
    const config = loadGroupConfig(DEMO_GROUPS_FILE);
    expect(config.organisations[0]?.groups.map((group) => group.name)).toEqual([
      'Workspace Owners',
      'Dropzone Team',
      'Developers',
      'Device Admins',
    ]);
  });

  it('creates and updates groups from a file, audited, ignoring member lists', () => {
    const file = join(dir, 'groups.json');
    writeFileSync(
      file,
      JSON.stringify({
        organisations: [
          {
            orgId: 'org-helvetia',
            groups: [
              { id: 'sg-developers', name: 'Developers', permissions: ['apiKeys', 'trustedDeviceKeys'] },
              { name: 'Dropzone Team', permissions: ['dropzoneOwnership', 'dropzoneManager'] },
              { name: 'Recipients Desk', permissions: ['dropzoneManager.manageRecipients'], members: ['x@y.ch'] },
            ],
          },
        ],
      }),
    );
    const applied = cli('apply', '--db', dbPath, '--file', file);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('created 1, updated 1, unchanged 1');
    expect(applied.stdout).toContain('members of 1 group(s) ignored');

    const listed = cli('list', '--db', dbPath, '--org', 'org-helvetia');
    expect(listed.status, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/sg-developers {2}Developers {2}\[apiKeys, trustedDeviceKeys\] {2}5 member\(s\)/);
    expect(listed.stdout).toMatch(/Recipients Desk {2}\[dropzoneManager\.manageRecipients\] {2}0 member\(s\)/);

    const db = openDatabase(dbPath);
    try {
      const audit = readAudit(db, { orgId: 'org-helvetia' });
      expect(audit.map((row) => row.action)).toEqual(['group.created', 'group.updated']);
      expect(audit[1]).toMatchObject({
        actorUserId: null,
        targetId: 'sg-developers',
        before: { permissions: ['apiKeys'] },
        after: { permissions: ['apiKeys', 'trustedDeviceKeys'], definedBy: 'support-cli' },
      });
      expect(db.prepare('SELECT COUNT(*) AS n FROM security_group_members').get()).toEqual({ n: 13 });
    } finally {
      db.close();
    }
  });

  it('refuses an invalid file with the offending path and changes nothing', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({ organisations: [{ orgId: 'org-helvetia', groups: [{ name: 'Root', permissions: ['root'] }] }] }),
    );
    const answer = cli('apply', '--db', dbPath, '--file', file);
    expect(answer.status).toBe(1);
    expect(answer.stderr).toMatch(/organisations\.0\.groups\.0\.permissions\.0/);
    const listed = cli('list', '--db', dbPath);
    expect(listed.stdout).not.toContain('Root');
    expect(cli('apply', '--db', dbPath).status).toBe(1);
  });
});
