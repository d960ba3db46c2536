/**
 * When background syncs run: the real core against the real server behind a
 * proxy that makes it unreachable or overloaded, with timers and jitter the
 * test controls (no waiting, no clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { retryAfterSeconds } from '../../electron/core/api-client.ts';
import type { Core } from '../../electron/core/core.ts';
import { createLogger } from '../../electron/core/log.ts';
import { BACKOFF_MAX_MS, retryDelay } from '../../electron/core/sync/scheduler.ts';
import { ManualTimers, invoke, testCores } from '../helpers/core.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/proxy.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

describe('retry delay', () => {
  it('doubles from 5 s up to 5 min, waits a random point in the upper half, and never less than Retry-After', () => {
    expect([1, 2, 3, 4].map((failures) => retryDelay(failures, null, () => 0))).toEqual([2500, 5000, 10000, 20000]);
    expect([1, 2, 3, 4].map((failures) => retryDelay(failures, null, () => 1))).toEqual([5000, 10000, 20000, 40000]);
    expect(retryDelay(30, null, () => 1)).toBe(BACKOFF_MAX_MS);
    expect(retryDelay(30, null, () => 0)).toBe(BACKOFF_MAX_MS / 2);
    expect(retryDelay(1, 120_000, () => 1)).toBe(120_000);
    expect(retryDelay(10, 1_000, () => 0)).toBe(BACKOFF_MAX_MS / 2);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Fri, 20 Nov 2026 10:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});

describe('background sync schedule', () => {
  let server: SeededServer;
  let proxy: FaultProxy;
  let dir: string;
  let core: Core;
  const timers = new ManualTimers();
  const cores = testCores();
  const safeRequests = () => proxy.seen.filter((line) => line === 'GET /api/v1/team-safes').length;
  /** Let the due timer run the sync, and wait until it has scheduled the next one. */
  const runDue = async () => {
    const before = timers.delays.length;
    timers.fire();
    await vi.waitFor(() => expect(timers.delays.length).toBe(before + 1));
    return timers.delays.at(-1);
  };

  beforeAll(async () => {
    server = await startSeededServer();
    proxy = await startFaultProxy(server.url);
    dir = mkdtempSync(join(tmpdir(), 'tsa-schedule-'));
    core = await cores.open({
      dataDir: dir,
      defaultServerUrl: proxy.url,
      log: createLogger(() => {}),
      timers,
      random: () => 0.5,
      syncIntervalMs: 30_000,
    });
  });
  afterAll(async () => {
    await cores.disposeAll();
    await proxy.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('syncs at once after sign-in, then every interval', async () => {
    const { admin } = server.accounts;
    await invoke(core, 'session:signIn', { serverUrl: proxy.url, email: admin.email, password: admin.password });
    expect(timers.delays).toEqual([0]);
    expect(await runDue()).toBe(30_000);
    const status = await invoke(core, 'sync:status', {});
    expect(status.mode).toBe('online');
    expect(status.safes.length).toBeGreaterThan(0);
    expect(await runDue()).toBe(30_000);
  });

  it('waits as long as an overloaded server asks (Retry-After)', async () => {
    proxy.fault = (line) => (line.includes('/team-safes') ? { kind: 'status', status: 503, retryAfter: '120' } : null);
    expect(await runDue()).toBe(120_000);
    proxy.fault = (line) =>
      line.includes('/team-safes')
        ? { kind: 'status', status: 429, retryAfter: 'Thu, 01 Jan 2099 00:00:00 GMT' }
        : null;
    expect(await runDue()).toBeGreaterThan(BACKOFF_MAX_MS);
  });

  it('backs off with jitter while the server is unreachable, and resyncs at once when the network comes back', async () => {
    proxy.fault = () => ({ kind: 'refuse' });
    await core.sync.onNetworkBack(); // starts the backoff over
    const waits = [timers.delays.at(-1)];
    for (let round = 0; round < 4; round += 1) waits.push(await runDue());
    // random() = 0.5: three quarters of a ceiling that doubles from 5 s.
    expect(waits).toEqual([3750, 7500, 15000, 30000, 60000]);
    expect((await invoke(core, 'sync:status', {})).mode).toBe('offline');

    proxy.fault = null;
    const before = safeRequests();
    await core.sync.onNetworkBack();
    expect(safeRequests()).toBe(before + 1);
    expect(timers.delays.at(-1)).toBe(30_000);
    expect((await invoke(core, 'sync:status', {})).mode).toBe('online');
  });

  it('resyncs at once when the machine wakes', async () => {
    const before = safeRequests();
    await core.sync.onResume();
    expect(safeRequests()).toBe(before + 1);
    expect(timers.pending).toBe(1);
  });

  it('the window saying the network is back syncs too, and signing out stops the schedule', async () => {
    const before = safeRequests();
    await invoke(core, 'sync:networkBack', {});
    await vi.waitFor(() => expect(safeRequests()).toBe(before + 1));
    await invoke(core, 'session:signOut', {});
    expect(timers.pending).toBe(0);
  });
});
