/**
 * The offline cache against the real reference server (stopped and started
 * again on the same database and port) and the real keychain.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { seedDemo, DEMO_ACCOUNTS } from '../../server/seed.ts';
import { createLogger } from '../../electron/core/log.ts';
import { createKeytarStore } from '../../electron/core/keychain.ts';
import type { Core } from '../../electron/core/core.ts';
import { TEST_KEYCHAIN_SERVICE, attempt, invoke, testCores } from '../helpers/core.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';

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

describe('offline review of cached member lists', () => {
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
  /** Records the change feed actually carried (a real fetch, counted). */
  let transferred = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (String(input).includes('/changes')) {
      const body = (await response.clone().json()) as { upserts?: unknown[]; removed?: unknown[] };
      transferred += (body.upserts?.length ?? 0) + (body.removed?.length ?? 0);
    }
    return response;
  };
  const cores = testCores();
  const newCore = (dataDir: string, now?: () => number): Promise<Core> =>
    cores.open({
      dataDir,
      defaultServerUrl: url(),
      log: createLogger(() => {}),
      api: { fetch: countingFetch, timeoutMs: 2000 },
      ...(now ? { now } : {}),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-offline-'));
    dbPath = join(dir, 'server.db');
    const db = openDatabase(dbPath);
    await seedDemo(db, { largeSafeMembers: 10_000, passwordCost: TEST_PASSWORD_COST });
    db.close();
    await start();
  });
  afterAll(async () => {
    await cores.disposeAll();
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('caches every administered safe encrypted, works offline read-only, and reports what changed', async () => {
    const dataDir = join(dir, 'app-1');
    const core = await newCore(dataDir);
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    const safes = (await invoke(core, 'safes:list', {})).items;
    const legal = safes.find((safe) => safe.name.startsWith('Legal'))!;
    const status = await invoke(core, 'sync:now', {});
    expect(status.mode).toBe('online');
    expect(status.safes.map((safe) => safe.safeId).sort()).toEqual(safes.map((safe) => safe.id).sort());

    // Nothing personal in clear text in the app's data folder.
    const legalMembers = (
      await invoke(core, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 100 })
    ).items;
    const cacheFiles = filesUnder(join(dataDir, 'cache'));
    expect(cacheFiles.length).toBeGreaterThan(safes.length);
    const bytes = Buffer.concat(cacheFiles.map((file) => readFileSync(file)));
    for (const member of legalMembers) {
      expect(bytes.includes(Buffer.from(member.email)), member.email).toBe(false);
      expect(bytes.includes(Buffer.from(member.name)), member.name).toBe(false);
    }

    // The server goes away: the same data, read-only.
    await stop();
    const offlineSafes = await invoke(core, 'safes:list', {});
    expect(offlineSafes.items.map((safe) => safe.id).sort()).toEqual(safes.map((safe) => safe.id).sort());
    expect((await invoke(core, 'sync:status', {})).mode).toBe('offline');
    const offlinePage = await invoke(core, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 100 });
    expect(offlinePage.items.map((member) => member.id).sort()).toEqual(legalMembers.map((member) => member.id).sort());
    const refused = await attempt(core, 'members:changeRole', {
      safeId: legal.id,
      memberId: legalMembers[0]!.id,
      version: legalMembers[0]!.version,
      role: 'viewer',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'offline' } });

    // "Restart the app" with no server: signed in from the keychain, data from the cache.
    const restarted = await newCore(dataDir);
    expect((await invoke(restarted, 'session:get', {})).status).toBe('signedIn');
    expect((await invoke(restarted, 'safes:list', {})).items).toHaveLength(safes.length);
    expect(
      (await invoke(restarted, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 5 })).total,
    ).toBe(offlinePage.total);

    // Meanwhile, other admins change things on the server.
    await start();
    const api = await TestApi.signIn(url(), admin.email, admin.password);
    const invited = legalMembers.find((member) => member.status === 'invited')!;
    await api.call('revokeInvitation', {
      params: { safeId: legal.id, memberId: invited.id },
      headers: { 'if-match': `"${invited.version}"` },
    });
    await api.call('inviteMember', {
      params: { safeId: legal.id },
      headers: { 'idempotency-key': 'offline-test-invite-1' },
      body: {
        name: 'Neu Person',
        email: 'neu.person@offline.example',
        role: 'viewer',
        language: 'de',
        codeDelivery: 'display',
      },
    });

    const back = await invoke(restarted, 'sync:now', {});
    expect(back.mode).toBe('online');
    expect(back.report).toEqual([expect.objectContaining({ safeId: legal.id, joined: 1, removed: 1, changed: 0 })]);
    const fresh = await invoke(restarted, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 100 });
    expect(fresh.items.some((member) => member.email === 'neu.person@offline.example')).toBe(true);
    expect(fresh.items.some((member) => member.id === invited.id)).toBe(false);
    expect((await invoke(restarted, 'sync:acknowledge', {})).report).toEqual([]);

    // Sign-out wipes the cache and its key.
    await invoke(restarted, 'session:signOut', {});
    expect(filesUnder(join(dataDir, 'cache'))).toEqual([]);
    const keychain = createKeytarStore(TEST_KEYCHAIN_SERVICE);
    expect(await keychain.get(`cache-key ${admin.email} @ ${url()}`)).toBeNull();
  });

  it('moves one record after one change in a 10 000-member safe', async () => {
    const core = await newCore(join(dir, 'app-2'));
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    const large = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.memberCount >= 10_000)!;
    transferred = 0;
    await core.sync.syncSafe(large.id);
    expect(transferred).toBe(large.memberCount);

    const api = await TestApi.signIn(url(), admin.email, admin.password);
    const target = (
      await api.call('listMembers', { params: { safeId: large.id }, query: { status: 'activated', limit: 1 } })
    ).items[0]!;
    await api.call('changeMemberRole', {
      params: { safeId: large.id, memberId: target.id },
      headers: { 'if-match': `"${target.version}"` },
      body: { role: target.role === 'viewer' ? 'editor' : 'viewer' },
    });
    transferred = 0;
    const report = await core.sync.syncSafe(large.id);
    expect(transferred).toBe(1);
    expect(report).toMatchObject({ changed: 1, joined: 0, removed: 0 });
    const local = await invoke(core, 'members:list', {
      safeId: large.id,
      status: 'all',
      offset: 0,
      limit: 1,
      q: target.email,
    });
    expect(local.items[0]?.role).not.toBe(target.role);
    await invoke(core, 'session:signOut', {});
  });

  it('discards a tampered cache, says so, and rebuilds it from the server', async () => {
    const dataDir = join(dir, 'app-3');
    const core = await newCore(dataDir);
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    const safes = (await invoke(core, 'safes:list', {})).items;
    await invoke(core, 'sync:now', {});
    const files = filesUnder(join(dataDir, 'cache'));
    for (const file of files) {
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
      writeFileSync(file, bytes);
    }
    const reopened = await newCore(dataDir);
    const page = await invoke(reopened, 'members:list', { safeId: safes[0]!.id, status: 'all', offset: 0, limit: 5 });
    expect(page.total).toBeGreaterThan(0); // from the server, never the damaged copy
    expect((await invoke(reopened, 'sync:status', {})).notice).toBe('cache_discarded');
    const rebuilt = await invoke(reopened, 'sync:now', {});
    expect(rebuilt.safes).toHaveLength(safes.length);
    await invoke(reopened, 'session:signOut', {});
  });

  it('hides offline data older than the maximum age, and keeps none when switched off', async () => {
    const dataDir = join(dir, 'app-4');
    let clock = Date.now();
    const core = await newCore(dataDir, () => clock);
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    await invoke(core, 'settings:update', { cacheMaxAgeDays: 1 });
    await invoke(core, 'sync:now', {});
    await stop();
    expect((await invoke(core, 'safes:list', {})).items.length).toBeGreaterThan(0);
    clock += 2 * 24 * 60 * 60 * 1000;
    // Too old to show: said plainly, not "no team safes".
    const tooOld = await attempt(core, 'safes:list', {});
    expect(tooOld).toMatchObject({ ok: false, error: { code: 'cache_unavailable' } });
    expect(await invoke(core, 'sync:status', {})).toMatchObject({ mode: 'offline', safes: [], lastSyncedAt: null });
    await start();

    await invoke(core, 'settings:update', { cacheEnabled: false });
    expect(filesUnder(join(dataDir, 'cache'))).toEqual([]);
    await invoke(core, 'sync:now', {});
    expect(filesUnder(join(dataDir, 'cache'))).toEqual([]);
    await invoke(core, 'session:signOut', {});
  });

  it('keeps the security groups for offline review too', async () => {
    const core = await newCore(join(dir, 'app-5'));
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    const online = await invoke(core, 'groups:list', {});
    const developers = online.items.find((group) => group.name === 'Developers')!;
    const members = await invoke(core, 'groups:members', { groupId: developers.id, offset: 0, limit: 100 });
    const someone = members.items[0]!;
    const permissions = await invoke(core, 'users:permissions', { userId: someone.userId });
    await invoke(core, 'sync:now', {});
    await stop();

    expect((await invoke(core, 'groups:list', {})).items).toEqual(online.items);
    const offlineMembers = await invoke(core, 'groups:members', { groupId: developers.id, offset: 0, limit: 100 });
    expect(offlineMembers.items.map((member) => member.userId).sort()).toEqual(
      members.items.map((member) => member.userId).sort(),
    );
    expect(offlineMembers.memberCount).toBe(members.memberCount);
    const search = someone.name.split(' ')[0]!.toLowerCase();
    expect(
      (await invoke(core, 'groups:members', { groupId: developers.id, q: search, offset: 0, limit: 10 })).items.map(
        (member) => member.userId,
      ),
    ).toContain(someone.userId);
    expect(await invoke(core, 'users:permissions', { userId: someone.userId })).toEqual(permissions);
    expect((await invoke(core, 'permissions:catalogue', {})).items.length).toBeGreaterThan(0);
    expect(await attempt(core, 'groups:addMember', { groupId: developers.id, userId: someone.userId })).toMatchObject({
      ok: false,
      error: { code: 'offline' },
    });
    await start();
    await invoke(core, 'sync:now', {});
    await invoke(core, 'session:signOut', {});
  });

  it('lists safes and their ages offline without decrypting any member list', async () => {
    const dataDir = join(dir, 'app-6');
    const core = await newCore(dataDir);
    await invoke(core, 'session:signIn', { serverUrl: url(), email: admin.email, password: admin.password });
    const safes = (await invoke(core, 'safes:list', {})).items;
    await invoke(core, 'sync:now', {});
    // Damage every member-list file; the small safe-list file stays intact.
    const cacheDir = join(dataDir, 'cache');
    for (const file of filesUnder(cacheDir)) {
      if (file.endsWith('safes.tsc') || file.endsWith('groups.tsc')) continue;
      const bytes = readFileSync(file);
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
      writeFileSync(file, bytes);
    }
    await stop();
    const restarted = await newCore(dataDir);
    expect((await invoke(restarted, 'safes:list', {})).items.map((safe) => safe.id).sort()).toEqual(
      safes.map((safe) => safe.id).sort(),
    );
    const status = await invoke(restarted, 'sync:status', {});
    expect(status.safes).toHaveLength(safes.length);
    expect(status.notice).toBeNull(); // nothing was opened, so nothing was found damaged yet
    // Opening one finds the damage: said, discarded, and not shown as data.
    const opened = await attempt(restarted, 'members:list', {
      safeId: safes[0]!.id,
      status: 'all',
      offset: 0,
      limit: 5,
    });
    expect(opened).toMatchObject({ ok: false, error: { code: 'cache_unavailable' } });
    const after = await invoke(restarted, 'sync:status', {});
    expect(after.notice).toBe('cache_discarded');
    expect(after.safes.map((safe) => safe.safeId)).not.toContain(safes[0]!.id);
    await start();
    await invoke(restarted, 'session:signOut', {});
  });
});
