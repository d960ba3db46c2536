/**
 * The activity view's data and the CSV export, through the real core
 * against the real reference server and the real keychain: the audit trail
 * kept incrementally in its own encrypted offline copy (reset, offline
 * reads, wiped at sign-out), and exports parsed back (exact rows, BOM,
 * formula injection neutralised, machine headers, progress, cancel).
 */
import {
  mkdirSync,
  mkdtempSync,
  writeFileSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { seedDemo, DEMO_ACCOUNTS } from '../../server/seed.ts';
import { createLogger } from '../../electron/core/log.ts';
import { createKeytarStore } from '../../electron/core/keychain.ts';
import { AuditCache } from '../../electron/core/cache/audit-replica.ts';
import type { Core } from '../../electron/core/core.ts';
import { nodeDesktop } from '../../electron/core/shell/desktop.ts';
import { createExportChooser } from '../../electron/main/shell/save-dialog.ts';
import type { ExportProgress, ExportRequest, ExportResult } from '../../shared/ipc/activity.ts';
import { TEST_KEYCHAIN_SERVICE, attempt, invoke, testCores } from '../helpers/core.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';

const FORMULA_NAME = "=cmd|' /C calc'!A0";

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
  } catch {
    return [];
  }
}

/** The exported file as the preview would hand it over, parsed: BOM flag, header, records. */
function readExport(core: Core, result: ExportResult): { bom: boolean; header: string[]; rows: string[][] } {
  if (result.outcome !== 'download') throw new Error(`expected a download, got ${result.outcome}`);
  const download = core.exports.takeDownload(result.url.split('/').at(-1)!);
  expect(download).not.toBeNull();
  const text = readFileSync(download!.path, 'utf8');
  rmSync(download!.path); // as the preview host does once the browser has it
  const bom = text.startsWith('\uFEFF');
  const parsed = Papa.parse<string[]>(bom ? text.slice(1) : text, { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header = [], ...rows] = parsed.data;
  return { bom, header, rows };
}

describe('activity and CSV export through the core', () => {
  let dir: string;
  let dbPath: string;
  let server: RunningServer | null = null;
  let port = 0;
  const admin = DEMO_ACCOUNTS.admin;
  const url = () => `http://127.0.0.1:${port}`;
  const start = async () => {
    server = await startServer({ dbPath, port, log: () => {}, passwordCost: TEST_PASSWORD_COST });
    port = server.port;
  };
  const stop = async () => {
    await server?.close();
    server = null;
  };
  /** Audit entries the feed actually carried (a real fetch, counted). */
  let fed = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).includes('/audit/changes')) {
      const body = (await response.clone().json()) as { items?: unknown[] };
      fed += body.items?.length ?? 0;
    }
    return response;
  };
  const cores = testCores();
  const newCore = (dataDir: string): Promise<Core> =>
    cores.open({
      dataDir,
      defaultServerUrl: url(),
      log: createLogger(() => {}),
      api: { fetch: countingFetch, timeoutMs: 2000 },
    });
  const signIn = async (core: Core) =>
    invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-activity-'));
    dbPath = join(dir, 'server.db');
    const db = openDatabase(dbPath);
    await seedDemo(db, { largeSafeMembers: 3000, passwordCost: TEST_PASSWORD_COST });
    db.close();
    await start();
  });
  afterAll(async () => {
    await cores.disposeAll();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the activity incrementally in its own encrypted copy, reads it offline, and wipes it at sign-out', async () => {
    const dataDir = join(dir, 'app-audit');
    const core = await newCore(dataDir);
    await signIn(core);
    const safes = (await invoke(core, 'safes:list', {})).items;
    const legal = safes.find((safe) => safe.name.startsWith('Legal'))!;
    // Some history first: every invited member of the safe is re-sent by another session.
    const api = await TestApi.signIn(url(), admin.email, admin.password);
    const invited = await api.call('listMembers', { params: { safeId: legal.id }, query: { status: 'invited' } });
    expect(invited.items.length).toBeGreaterThanOrEqual(2);
    for (const each of invited.items) {
      await api.call('resendInvitation', {
        params: { safeId: legal.id, memberId: each.id },
        headers: { 'if-match': `"${each.version}"` },
      });
    }
    await invoke(core, 'sync:now', {});

    // A role change: its entry is in the activity at once, before → after.
    const member = (
      await invoke(core, 'members:list', { safeId: legal.id, status: 'activated', offset: 0, limit: 100 })
    ).items.find((each) => each.role === 'viewer' || each.role === 'editor')!;
    const newRole = member.role === 'viewer' ? 'editor' : 'viewer';
    fed = 0;
    await invoke(core, 'members:changeRole', {
      safeId: legal.id,
      memberId: member.id,
      version: member.version,
      role: newRole,
    });
    // The change's catch-up brought exactly that one entry from the feed.
    expect(fed).toBe(1);
    const online = await invoke(core, 'activity:safe', { safeId: legal.id, action: 'member.roleChanged', limit: 50 });
    expect(online.savedAt).toBeNull();
    const entry = online.items.find((each) => each.subject?.id === member.id)!;
    expect(entry).toMatchObject({
      action: 'member.roleChanged',
      actor: { id: admin.userId, name: admin.name },
      before: { role: member.role },
      after: { role: newRole },
    });
    const all = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 500 });

    // At rest: encrypted, in its own folder, nothing personal readable.
    const account = `${admin.email} @ ${url()}`;
    const auditDir = new AuditCache({
      dataDir,
      secrets: createKeytarStore(TEST_KEYCHAIN_SERVICE),
      account,
      log: createLogger(() => {}),
    }).dir;
    const auditFiles = filesUnder(auditDir);
    expect(auditFiles.length).toBeGreaterThanOrEqual(2);
    const bytes = Buffer.concat(auditFiles.map((file) => readFileSync(file)));
    for (const text of [member.email, member.name, admin.name, 'member.roleChanged']) {
      expect(bytes.includes(Buffer.from(text)), text).toBe(false);
    }
    const keychain = createKeytarStore(TEST_KEYCHAIN_SERVICE);
    expect(await keychain.get(`cache-key audit ${account}`)).not.toBeNull();

    // Offline: the same entries from the copy, read-only, with its age; the filters work there too.
    await stop();
    const offline = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 500 });
    expect(offline.savedAt).not.toBeNull();
    expect(offline.items.map((each) => each.id)).toEqual(all.items.map((each) => each.id));
    const byMember = await invoke(core, 'activity:safe', { safeId: legal.id, member: member.id, limit: 500 });
    expect(byMember.items.length).toBeGreaterThan(0);
    expect(byMember.items.every((each) => each.subject?.id === member.id)).toBe(true);
    const roleChanges = await invoke(core, 'activity:safe', {
      safeId: legal.id,
      action: 'member.roleChanged',
      actor: admin.userId,
      limit: 500,
    });
    expect(roleChanges.items.map((each) => each.id)).toContain(entry.id);
    expect(roleChanges.items.every((each) => each.action === 'member.roleChanged')).toBe(true);
    const none = await invoke(core, 'activity:safe', {
      safeId: legal.id,
      from: new Date(Date.parse(entry.at) + 60_000).toISOString(),
      limit: 500,
    });
    expect(none.items.every((each) => Date.parse(each.at) >= Date.parse(entry.at) + 60_000)).toBe(true);
    // Paged with cursors, newest first, as the server pages.
    const first = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 2 });
    const second = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 2, cursor: first.nextCursor! });
    expect([...first.items, ...second.items].map((each) => each.id)).toEqual(
      all.items.slice(0, 4).map((each) => each.id),
    );

    // Back online, another admin changes something: the next sync carries only that entry.
    await start();
    const current = await api.call('getMember', { params: { safeId: legal.id, memberId: member.id } });
    await api.call('changeMemberRole', {
      params: { safeId: legal.id, memberId: member.id },
      headers: { 'if-match': `"${current.version}"` },
      body: { role: member.role },
    });
    fed = 0;
    await invoke(core, 'sync:now', {});
    expect(fed).toBe(1);

    // Sign-out takes the activity copy and its key with it.
    await invoke(core, 'session:signOut', {});
    expect(filesUnder(auditDir)).toEqual([]);
    expect(await keychain.get(`cache-key audit ${account}`)).toBeNull();
  });

  it('starts over when the server does not honour the stored cursor (reset)', async () => {
    const dataDir = join(dir, 'app-reset');
    const account = `${admin.email} @ ${url()}`;
    const core = await newCore(dataDir);
    await signIn(core);
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    await invoke(core, 'sync:now', {});
    const truth = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 500 });
    await core.dispose();

    // The stored cursor is made to point past the server's end, with a stray entry beside it.
    const cache = new AuditCache({
      dataDir,
      secrets: createKeytarStore(TEST_KEYCHAIN_SERVICE),
      account,
      log: createLogger(() => {}),
    });
    const replica = (await cache.replica(legal.id))!;
    const [feed, db, last] = replica.cursor.split('.');
    const stray = { ...truth.items[0]!, id: 9_999_999, action: 'member.removed' };
    await cache.apply(
      legal.id,
      { full: false, entries: [stray], cursor: `${feed}.${db}.${Number(last) + 100_000}` },
      new Date().toISOString(),
    );

    const restarted = await newCore(dataDir);
    fed = 0;
    await invoke(restarted, 'sync:now', {});
    expect(fed).toBe(truth.items.length);
    await stop();
    const offline = await invoke(restarted, 'activity:safe', { safeId: legal.id, limit: 500 });
    expect(offline.savedAt).not.toBeNull();
    expect(offline.items.map((each) => each.id)).toEqual(truth.items.map((each) => each.id));
    await start();
    await invoke(restarted, 'session:signOut', {});
  });

  it('discards a tampered activity file, says so, and rebuilds it from the server', async () => {
    const dataDir = join(dir, 'app-tamper');
    const account = `${admin.email} @ ${url()}`;
    const core = await newCore(dataDir);
    await signIn(core);
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    await invoke(core, 'sync:now', {});
    const truth = await invoke(core, 'activity:safe', { safeId: legal.id, limit: 500 });
    expect(truth.items.length).toBeGreaterThan(0);
    await core.dispose();
    const auditDir = new AuditCache({
      dataDir,
      secrets: createKeytarStore(TEST_KEYCHAIN_SERVICE),
      account,
      log: createLogger(() => {}),
    }).dir;
    for (const file of filesUnder(auditDir)) {
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
      writeFileSync(file, bytes);
    }

    const restarted = await newCore(dataDir);
    const status = await invoke(restarted, 'sync:now', {});
    expect(status.notice).toBe('cache_discarded');
    await stop();
    const offline = await invoke(restarted, 'activity:safe', { safeId: legal.id, limit: 500 });
    expect(offline.items.map((each) => each.id)).toEqual(truth.items.map((each) => each.id));
    await start();
    await invoke(restarted, 'session:signOut', {});
  });

  it('deletes the activity copy of a safe the admin no longer administers, after the next sync and at a restart', async () => {
    const luca = DEMO_ACCOUNTS.safeAdmin;
    const dataDir = join(dir, 'app-lost-access');
    const account = `${luca.email} @ ${url()}`;
    const core = await newCore(dataDir);
    await invoke(core, 'session:signIn', { serverUrl: url(), email: luca.email, password: luca.password });
    const [legal] = (await invoke(core, 'safes:list', {})).items;
    await invoke(core, 'sync:now', {});
    const auditDir = new AuditCache({
      dataDir,
      secrets: createKeytarStore(TEST_KEYCHAIN_SERVICE),
      account,
      log: createLogger(() => {}),
    }).dir;
    const copies = filesUnder(auditDir).filter((file) => !file.endsWith('audit.tsc'));
    expect(copies).toHaveLength(1);
    const kept = readFileSync(copies[0]!);

    const api = await TestApi.signIn(url(), admin.email, admin.password);
    const member = (
      await api.call('listMembers', { params: { safeId: legal!.id }, query: { q: luca.email, limit: 1 } })
    ).items[0]!;
    await api.call('changeMemberRole', {
      params: { safeId: legal!.id, memberId: member.id },
      headers: { 'if-match': `"${member.version}"` },
      body: { role: 'editor' },
    });
    try {
      await invoke(core, 'sync:now', {});
      expect(existsSync(copies[0]!)).toBe(false);
      await core.dispose();
      // The file comes back (a backup restored, a crash before the delete): the next start removes it.
      writeFileSync(copies[0]!, kept);
      const restarted = await newCore(dataDir);
      expect(existsSync(copies[0]!)).toBe(false);
      await invoke(restarted, 'session:signOut', {});
    } finally {
      await api.call('changeMemberRole', {
        params: { safeId: legal!.id, memberId: member.id },
        headers: { 'if-match': `"${member.version + 1}"` },
        body: { role: 'administrator' },
      });
    }
  });

  it('exports exactly the member rows shown, with BOM, translated headers and a neutralised formula', async () => {
    const core = await newCore(join(dir, 'app-export'));
    await signIn(core);
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    const api = await TestApi.signIn(url(), admin.email, admin.password);
    await api.call('inviteMember', {
      params: { safeId: legal.id },
      headers: { 'idempotency-key': 'export-test-formula-1' },
      body: {
        name: FORMULA_NAME,
        email: 'formula@export.example',
        role: 'viewer',
        language: 'en',
        codeDelivery: 'display',
      },
    });
    await invoke(core, 'settings:update', { language: 'en' });
    const query = { status: 'invited' as const, sort: 'email' as const, dir: 'desc' as const };
    const shown = await invoke(core, 'members:list', { safeId: legal.id, offset: 0, limit: 500, ...query });
    expect(shown.items.length).toBeGreaterThan(1);

    const result = await invoke(core, 'export:start', {
      exportId: 'members-export-1',
      subject: { kind: 'members', safeId: legal.id, ...query },
      machineHeaders: false,
    });
    expect(result).toMatchObject({ outcome: 'download', rows: shown.items.length });
    const file = readExport(core, result);
    expect(file.bom).toBe(true);
    expect(file.header).toEqual([
      'Name',
      'E-mail',
      'Role',
      'Status',
      'Language',
      'Invited on',
      'Activated on',
      'Expires on',
    ]);
    expect(file.rows.map((row) => row[1])).toEqual(shown.items.map((member) => member.email));
    // Each status as the table shows it, with the code's expiry: the server's members decide which.
    expect(file.rows.map((row) => [row[3], row[7]])).toEqual(
      shown.items.map((member) => [
        member.invitationExpiresAt !== null && Date.parse(member.invitationExpiresAt) > Date.now()
          ? 'Invited'
          : 'Expired',
        member.invitationExpiresAt ?? '',
      ]),
    );
    const formulaRow = file.rows.find((row) => row[1] === 'formula@export.example')!;
    expect(formulaRow[0]).toBe(`'${FORMULA_NAME}`);

    // Searched, with machine headers and values.
    const searched = await invoke(core, 'export:start', {
      exportId: 'members-export-2',
      subject: { kind: 'members', safeId: legal.id, status: 'all', q: 'formula@export' },
      machineHeaders: true,
    });
    const machine = readExport(core, searched);
    expect(machine.header).toEqual([
      'name',
      'email',
      'role',
      'status',
      'language',
      'invitedAt',
      'activatedAt',
      'expiresAt',
    ]);
    expect(machine.rows).toEqual([
      [
        `'${FORMULA_NAME}`,
        'formula@export.example',
        'viewer',
        'invited',
        'en',
        expect.any(String),
        '',
        expect.any(String),
      ],
    ]);

    // The activity, a group's members and the matrix export the same way.
    const activity = readExport(
      core,
      await invoke(core, 'export:start', {
        exportId: 'activity-export-1',
        subject: { kind: 'activity', safeId: legal.id, action: 'member.invited' },
        machineHeaders: true,
      }),
    );
    expect(activity.header).toEqual(['at', 'actor', 'action', 'subject', 'subjectEmail', 'before', 'after']);
    const invitedEntries = await invoke(core, 'activity:safe', {
      safeId: legal.id,
      action: 'member.invited',
      limit: 500,
    });
    expect(activity.rows.map((row) => row[0])).toEqual(invitedEntries.items.map((each) => each.at));
    expect(activity.rows.find((row) => row[4] === 'formula@export.example')?.[3]).toBe(`'${FORMULA_NAME}`);

    const groups = (await invoke(core, 'groups:list', {})).items;
    const group = groups.find((each) => each.memberCount > 0)!;
    const groupMembers = await invoke(core, 'groups:members', { groupId: group.id, offset: 0, limit: 500 });
    const groupFile = readExport(
      core,
      await invoke(core, 'export:start', {
        exportId: 'group-export-1',
        subject: { kind: 'groupMembers', groupId: group.id },
        machineHeaders: false,
      }),
    );
    expect(groupFile.header).toEqual(['Name', 'E-mail', 'Added on']);
    expect(groupFile.rows.map((row) => row[1])).toEqual(groupMembers.items.map((each) => each.email));

    const matrix = await invoke(core, 'permissions:matrix', { offset: 0, limit: 500 });
    const matrixFile = readExport(
      core,
      await invoke(core, 'export:start', {
        exportId: 'matrix-export-1',
        subject: { kind: 'matrix' },
        machineHeaders: true,
      }),
    );
    expect(matrixFile.header).toEqual(['name', 'email', ...matrix.permissions]);
    expect(matrixFile.rows).toHaveLength(matrix.total);
    const someone = matrix.items.find((each) => each.permissions.length > 0)!;
    const someoneRow = matrixFile.rows.find((row) => row[1] === someone.user.email)!;
    matrix.permissions.forEach((key, index) => {
      expect(someoneRow[index + 2]).toBe(String(someone.permissions.includes(key)));
    });

    // Offline, from the offline copy.
    await invoke(core, 'sync:now', {});
    await stop();
    const offline = readExport(
      core,
      await invoke(core, 'export:start', {
        exportId: 'members-export-offline',
        subject: { kind: 'members', safeId: legal.id, ...query },
        machineHeaders: false,
      }),
    );
    expect(offline.rows.map((row) => row[1])).toEqual(shown.items.map((member) => member.email));
    await start();
    await invoke(core, 'session:signOut', {});
  });

  it('writes to the file chosen in the save dialog, and writes nothing when it is closed', async () => {
    const chosen = join(dir, 'chosen', 'legal members');
    const answers = [{ canceled: false, filePath: chosen }, { canceled: true }];
    const core = await cores.open({
      dataDir: join(dir, 'app-dialog'),
      defaultServerUrl: url(),
      log: createLogger(() => {}),
      desktop: {
        ...nodeDesktop(null),
        chooseExportFile: createExportChooser({
          dialog: { showSaveDialog: async () => answers.shift()! },
          window: () => null,
          documents: join(dir, 'chosen'),
          language: () => 'en',
        }),
      },
    });
    await signIn(core);
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    mkdirSync(join(dir, 'chosen'), { recursive: true });
    const subject = { kind: 'members' as const, safeId: legal.id, status: 'all' as const };
    const saved = await invoke(core, 'export:start', { exportId: 'dialog-export-1', subject, machineHeaders: true });
    expect(saved).toEqual({ outcome: 'saved', rows: legal.memberCount, fileName: 'legal members.csv' });
    const text = readFileSync(`${chosen}.csv`, 'utf8');
    expect(text.startsWith('\uFEFFname,email,role,status,language,invitedAt,activatedAt,expiresAt\r\n')).toBe(true);
    expect(text.split('\r\n').filter(Boolean)).toHaveLength(legal.memberCount + 1);
    const closed = await invoke(core, 'export:start', { exportId: 'dialog-export-2', subject, machineHeaders: true });
    expect(closed).toEqual({ outcome: 'cancelled' });
    await invoke(core, 'session:signOut', {});
  });

  it('writes a large export in chunks with progress, and a cancel leaves no file', async () => {
    const dataDir = join(dir, 'app-large');
    const core = await newCore(dataDir);
    await signIn(core);
    const large = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.memberCount >= 3000)!;
    const progress: ExportProgress[] = [];
    const unsubscribe = core.subscribe((event, payload) => {
      if (event === 'export:changed') progress.push(payload as ExportProgress);
    });
    const request: ExportRequest = {
      exportId: 'large-export-1',
      subject: { kind: 'members', safeId: large.id, status: 'all' },
      machineHeaders: true,
    };
    const whole = await invoke(core, 'export:start', request);
    expect(whole).toMatchObject({ outcome: 'download', rows: large.memberCount });
    expect(readExport(core, whole).rows).toHaveLength(large.memberCount);
    const mine = progress.filter((each) => each.exportId === 'large-export-1');
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(mine.map((each) => each.rows)).toEqual([...mine.map((each) => each.rows)].sort((a, b) => a - b));
    expect(mine.at(-1)).toEqual({ exportId: 'large-export-1', rows: large.memberCount, total: large.memberCount });

    // Cancelled after the first chunk: the answer says so and nothing stays on disk.
    const cancelling = core.subscribe((event, payload) => {
      if (event === 'export:changed' && (payload as ExportProgress).exportId === 'large-export-2') {
        core.dispatch('export:cancel', { exportId: 'large-export-2' }).catch(() => undefined);
      }
    });
    const cancelled = await invoke(core, 'export:start', { ...request, exportId: 'large-export-2' });
    expect(cancelled).toEqual({ outcome: 'cancelled' });
    expect(filesUnder(join(dataDir, 'exports'))).toEqual([]);
    cancelling();
    unsubscribe();

    // The request is checked in main: an unknown kind or a bad id is refused.
    const refused = await attempt(core, 'export:start', {
      exportId: 'x',
      subject: { kind: 'members', safeId: large.id, status: 'all' },
      machineHeaders: false,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(existsSync(join(dataDir, 'exports'))).toBe(true);
    await invoke(core, 'session:signOut', {});
  });
});
