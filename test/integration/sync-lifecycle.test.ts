/**
 * How the core's sync behaves over a session's life, against the real
 * server and keychain: what triggers a sync (never a read), which rule
 * decides where a read is answered from, the one push after a change, lost
 * access, the clock jumping, and a core that is disposed.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeFileName } from '../../electron/core/cache/offline-cache.ts';
import type { Core } from '../../electron/core/core.ts';
import { KEYCHAIN_SERVICE } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import { createNodeCore, keychainServiceFor } from '../../electron/preview/node-core.ts';
import type { SyncStatus } from '../../shared/ipc/contract.ts';
import { relativeAge } from '../../renderer/src/format/locale.ts';
import { TestApi } from '../helpers/api.ts';
import { ManualTimers, attempt, invoke, testCores } from '../helpers/core.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/proxy.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

const DAY = 24 * 60 * 60 * 1000;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('sync over a session', () => {
  let server: SeededServer;
  /** A fixed server clock: tokens and invitation expiry are the server's business. */
  const serverClock = Date.parse('2026-11-20T09:00:00Z');
  let root: string;
  let runs = 0;
  const cores = testCores();
  const quiet = createLogger(() => {});
  /** Every request the cores made, as `METHOD /path`. */
  const requests: string[] = [];
  const recording: typeof fetch = (input, init) => {
    const url = new URL(String(input));
    requests.push(`${init?.method ?? 'GET'} ${url.pathname}`);
    return fetch(input, init);
  };
  const open = (options: { dataDir?: string; serverUrl?: string; now?: () => number; monotonic?: () => number } = {}) =>
    cores.open({
      dataDir: options.dataDir ?? join(root, `app-${(runs += 1)}`),
      defaultServerUrl: options.serverUrl ?? server.url,
      log: quiet,
      api: { fetch: recording },
      ...(options.now ? { now: options.now } : {}),
      ...(options.monotonic ? { monotonic: options.monotonic } : {}),
    });
  const signIn = (core: Core, who: 'admin' | 'safeAdmin' = 'admin', serverUrl = server.url) =>
    invoke(core, 'session:signIn', {
      serverUrl,
      email: server.accounts[who].email,
      password: server.accounts[who].password,
    });

  beforeAll(async () => {
    server = await startSeededServer({ now: () => serverClock });
    root = mkdtempSync(join(tmpdir(), 'tsa-lifecycle-'));
  });
  afterAll(async () => {
    await cores.disposeAll();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('never starts a sync from a read; online a copy answers only within twice the sync interval', async () => {
    let elapsed = 0;
    const core = await open({ monotonic: () => elapsed });
    await signIn(core);
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    requests.length = 0;
    await invoke(core, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 10 });
    expect(requests).toEqual([`GET /api/v1/team-safes/${legal.id}/members`]);
    expect((await invoke(core, 'sync:status', {})).safes).toEqual([]);

    await invoke(core, 'sync:now', {});
    requests.length = 0;
    await invoke(core, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 10 });
    expect(requests).toEqual([]); // answered from the fresh copy in memory

    // 61 s later (interval 30 s) the copy is still well within the 30-day offline age, but no longer fresh online.
    elapsed += 61_000;
    await invoke(core, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 10 });
    expect(requests).toEqual([`GET /api/v1/team-safes/${legal.id}/members`]);
    await invoke(core, 'session:signOut', {});
  });

  it('right after a restart, a copy synced within the window answers online; an older one does not', async () => {
    const dataDir = join(root, 'restart');
    let wall = Date.now();
    const first = await open({ dataDir, now: () => wall });
    await signIn(first);
    const legal = (await invoke(first, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    await invoke(first, 'sync:now', {});
    await first.dispose();

    const restarted = await open({ dataDir, now: () => wall });
    requests.length = 0;
    await invoke(restarted, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 10 });
    expect(requests).toEqual([]);
    wall += 61_000;
    await invoke(restarted, 'members:list', { safeId: legal.id, status: 'all', offset: 0, limit: 10 });
    // (A restarted core first refreshes its access token.)
    expect(requests).toEqual(['POST /api/v1/auth/refresh', `GET /api/v1/team-safes/${legal.id}/members`]);
    await invoke(restarted, 'session:signOut', {});
  });

  it('after a change, one sync:changed carries the safe as it is now', async () => {
    for (const cacheEnabled of [true, false]) {
      const core = await open();
      await invoke(core, 'settings:update', { cacheEnabled });
      await signIn(core);
      const research = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Research'))!;
      await invoke(core, 'sync:now', {});
      const pushes: SyncStatus[] = [];
      core.subscribe((event, payload) => {
        if (event === 'sync:changed') pushes.push(payload as SyncStatus);
      });
      const before = (await invoke(core, 'sync:status', {})).revision;
      await invoke(core, 'members:invite', {
        safeId: research.id,
        requestId: `lifecycle-invite-${String(cacheEnabled)}`,
        invitation: {
          name: 'Push Once',
          email: `push.once.${String(cacheEnabled)}@lifecycle.example`,
          role: 'viewer',
          language: 'en',
          codeDelivery: 'display',
        },
      });
      expect(pushes, `cache ${String(cacheEnabled)}`).toHaveLength(1);
      expect(pushes[0]).toMatchObject({
        revision: before + 1,
        changed: {
          safeList: false,
          safes: [
            {
              safeId: research.id,
              safe: { id: research.id, memberCount: research.memberCount + 1 },
              digitalArchive: false,
            },
          ],
        },
      });
      await invoke(core, 'session:signOut', {});
    }
  });

  it('deletes the copy of a safe the admin no longer administers: after the next sync and after a restart', async () => {
    const dataDir = join(root, 'lost-access');
    const core = await open({ dataDir });
    await signIn(core, 'safeAdmin');
    const [legal] = (await invoke(core, 'safes:list', {})).items;
    await invoke(core, 'sync:now', {});
    const copy = filesUnder(join(dataDir, 'cache')).find((file) => file.endsWith(safeFileName(legal!.id)))!;
    expect(existsSync(copy)).toBe(true);
    const kept = `${copy}.kept`;
    copyFileSync(copy, kept);

    // Anna makes Luca an Editor of Legal: he administers nothing any more.
    const api = await TestApi.signIn(server.url, server.accounts.admin.email, server.accounts.admin.password);
    const luca = (
      await api.call('listMembers', {
        params: { safeId: legal!.id },
        query: { q: server.accounts.safeAdmin.email, limit: 1 },
      })
    ).items[0]!;
    await api.call('changeMemberRole', {
      params: { safeId: legal!.id, memberId: luca.id },
      headers: { 'if-match': `"${luca.version}"` },
      body: { role: 'editor' },
    });
    const after = await invoke(core, 'sync:now', {});
    expect(existsSync(copy)).toBe(false);
    expect(after.safes).toEqual([]);
    await core.dispose();

    // The file comes back (a backup restored, a crash before the delete): the next start removes it.
    copyFileSync(kept, copy);
    rmSync(kept);
    const restarted = await open({ dataDir });
    expect(existsSync(copy)).toBe(false);
    expect((await invoke(restarted, 'sync:status', {})).safes).toEqual([]);
    await invoke(restarted, 'session:signOut', {});
    await api.call('changeMemberRole', {
      params: { safeId: legal!.id, memberId: luca.id },
      headers: { 'if-match': `"${luca.version + 1}"` },
      body: { role: 'administrator' },
    });
  });

  it('keeps token refresh, invitation expiry and the offline age right when the clock jumps by days', async () => {
    const proxy: FaultProxy = await startFaultProxy(server.url);
    let wall = Date.parse('2026-11-20T10:00:00Z');
    let elapsed = 0;
    const core = await open({ serverUrl: proxy.url, now: () => wall, monotonic: () => elapsed });
    try {
      await signIn(core, 'admin', proxy.url);
      const refreshes = () => requests.filter((line) => line === 'POST /api/v1/auth/refresh').length;
      const start = refreshes();
      wall += 3 * DAY;
      await invoke(core, 'safes:list', {});
      wall -= 6 * DAY;
      await invoke(core, 'safes:list', {});
      expect(refreshes()).toBe(start); // the access token's life is measured in elapsed time, not by the wall clock
      elapsed += 15 * 60 * 1000;
      await invoke(core, 'safes:list', {});
      expect(refreshes()).toBe(start + 1);

      // Expiry is the server's: the same whatever this computer's clock says.
      const research = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Research'))!;
      const mine = await invoke(core, 'members:invite', {
        safeId: research.id,
        requestId: 'lifecycle-clock-invite',
        invitation: {
          name: 'Clock Skew',
          email: 'clock.skew@lifecycle.example',
          role: 'viewer',
          language: 'en',
          codeDelivery: 'display',
        },
      });
      const api = await TestApi.signIn(server.url, server.accounts.admin.email, server.accounts.admin.password);
      const theirs = await api.call('inviteMember', {
        params: { safeId: research.id },
        headers: { 'idempotency-key': 'lifecycle-clock-invite-server' },
        body: {
          name: 'Server Clock',
          email: 'server.clock@lifecycle.example',
          role: 'viewer',
          language: 'en',
          codeDelivery: 'display',
        },
      });
      expect(mine.expiresAt).toBe(theirs.expiresAt);

      // The offline age: synced, then the network goes and the clock jumps.
      const synced = await invoke(core, 'sync:now', {});
      const count = synced.safes.length;
      proxy.fault = () => ({ kind: 'refuse' });
      expect((await invoke(core, 'safes:list', {})).items).toHaveLength(count);
      const offline = await invoke(core, 'sync:status', {});
      expect(offline.mode).toBe('offline');
      wall -= 2 * DAY; // set back: the data is not "in 2 days", and still shown
      expect((await invoke(core, 'sync:status', {})).safes).toHaveLength(count);
      expect(relativeAge(offline.lastSyncedAt!, 'en', wall)).toBeNull(); // shown as "just now"
      wall += 2 * DAY + 10 * 60 * 1000;
      expect(relativeAge(offline.lastSyncedAt!, 'en', wall)).toBe('10 minutes ago');
      wall += 31 * DAY; // forward past the 30-day maximum age: hidden, and said so
      expect((await invoke(core, 'sync:status', {})).safes).toEqual([]);
      expect(await attempt(core, 'safes:list', {})).toMatchObject({ ok: false, error: { code: 'cache_unavailable' } });
      proxy.fault = null;
      await invoke(core, 'session:signOut', {});
    } finally {
      await proxy.close();
    }
  });

  it('dispose stops the background sync and every subscription', async () => {
    const timers = new ManualTimers();
    const core = await cores.open({ dataDir: join(root, 'dispose'), defaultServerUrl: server.url, log: quiet, timers });
    const events: string[] = [];
    core.subscribe((event) => events.push(event));
    await signIn(core);
    expect(timers.pending).toBe(1);
    expect(events).toContain('session:changed');
    await core.dispose();
    expect(timers.pending).toBe(0);
    events.length = 0;
    await invoke(core, 'session:signOut', {});
    expect(events).toEqual([]);
    expect(timers.pending).toBe(0);
  });

  it('refuses the production keychain service under a test runner', async () => {
    expect(() => keychainServiceFor(undefined, { VITEST: 'true' })).toThrow(/own keychain service/);
    expect(() => keychainServiceFor(KEYCHAIN_SERVICE, { TEST_WORKER_INDEX: '0' })).toThrow(/own keychain service/);
    expect(keychainServiceFor('Team Safe Admin (test)', { VITEST: 'true' })).toBe('Team Safe Admin (test)');
    expect(keychainServiceFor(undefined, {})).toBe(KEYCHAIN_SERVICE);
    await expect(createNodeCore({ dataDir: join(root, 'refused'), defaultServerUrl: server.url })).rejects.toThrow(
      /own keychain service/,
    );
  });
});
