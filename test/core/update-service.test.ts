import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFeedChecker } from '../../electron/core/updates/feed.ts';
import { updatePlan } from '../../electron/core/updates/plan.ts';
import {
  UPDATE_CHECK_INTERVAL_MS,
  UpdateService,
  nextStatus,
  type UpdateTimers,
} from '../../electron/core/updates/service.ts';
import { createLogger } from '../../electron/core/log.ts';
import { UpdateStatus } from '../../shared/updates.ts';
import { latestYml, startUpdateFeed, type UpdateFeed } from '../helpers/update-feed.ts';

/** Timers the test fires by hand: what is scheduled, and for when, is the behaviour under test. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let nextId = 1;
  const timers: UpdateTimers = {
    setTimeout(callback, ms) {
      pending.set(nextId, { callback, ms });
      return nextId++;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
  };
  return {
    timers,
    delays: () => [...pending.values()].map((timer) => timer.ms),
    fire() {
      const [id, timer] = [...pending.entries()][0] ?? [];
      if (id === undefined || !timer) throw new Error('no timer is scheduled');
      pending.delete(id);
      timer.callback();
    },
  };
}

const NOW = Date.parse('2026-12-01T08:00:00.000Z');

describe('UpdateService with the feed checker and a local feed', () => {
  let feed: UpdateFeed;
  beforeAll(async () => {
    feed = await startUpdateFeed();
  });
  afterAll(() => feed.close());
  beforeEach(() => {
    feed.files.clear();
    feed.requests.length = 0;
  });

  function service(mode: 'off' | 'notify' | 'auto', feedUrl = feed.url) {
    const clock = manualTimers();
    const statuses: UpdateStatus[] = [];
    const lines: string[] = [];
    const updates = new UpdateService({
      checker: createFeedChecker({
        currentVersion: '1.4.0',
        platform: 'linux',
        arch: 'x64',
        log: createLogger(() => {}),
      }),
      plan: updatePlan(mode, 'machine', 'appimage'),
      feedUrl,
      currentVersion: '1.4.0',
      emit: (status) => statuses.push(UpdateStatus.parse(status)),
      log: createLogger((line) => lines.push(line)),
      now: () => NOW,
      timers: clock.timers,
      firstCheckDelayMs: 5_000,
    });
    return { updates, clock, statuses, lines };
  }

  it('off: schedules nothing, checks nothing, even when asked', async () => {
    feed.files.set('latest-linux.yml', { body: latestYml('9.0.0') });
    const { updates, clock, statuses } = service('off');
    updates.start();
    expect(clock.delays()).toEqual([]);
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'disabled', mode: 'off' });
    expect(feed.requests).toEqual([]);
    expect(statuses).toEqual([]);
    expect(updates.status).toEqual({ mode: 'off', reason: 'configured', state: 'disabled', currentVersion: '1.4.0' });
  });

  it('notify: checks at start and then every six hours, and announces a newer version', async () => {
    feed.files.set('latest-linux.yml', { body: latestYml('1.5.0') });
    const { updates, clock, statuses } = service('notify');
    updates.start();
    expect(clock.delays()).toEqual([5_000]);
    clock.fire();
    await vi.waitFor(() => expect(clock.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]));
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(6 * 60 * 60 * 1000);
    expect(statuses.map((status) => status.state)).toEqual(['checking', 'available']);
    expect(updates.status).toEqual({
      mode: 'notify',
      reason: 'configured',
      state: 'available',
      currentVersion: '1.4.0',
      availableVersion: '1.5.0',
      checkedAt: '2026-12-01T08:00:00.000Z',
    });

    feed.files.set('latest-linux.yml', { body: latestYml('1.6.0') });
    clock.fire();
    await vi.waitFor(() => expect(updates.status.availableVersion).toBe('1.6.0'));
    expect(feed.requests).toEqual(['/desktop/latest-linux.yml', '/desktop/latest-linux.yml']);

    updates.stop();
    expect(clock.delays()).toEqual([]);
  });

  it('checkNow: same version → idle; broken feed → error with a code; then recovers', async () => {
    const { updates } = service('notify');
    updates.start();
    feed.files.set('latest-linux.yml', { body: latestYml('1.4.0') });
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'idle' });
    feed.files.set('latest-linux.yml', { body: ':\n  - [' });
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'feed_invalid' });
    feed.files.delete('latest-linux.yml');
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'feed_not_found' });
    feed.files.set('latest-linux.yml', { body: latestYml('1.4.1') });
    const recovered = await updates.checkNow();
    expect(recovered).toMatchObject({ state: 'available', availableVersion: '1.4.1' });
    expect(recovered.error).toBeUndefined();
    updates.stop();
  });

  it('joins a check that is already running instead of starting a second one', async () => {
    feed.files.set('latest-linux.yml', { body: latestYml('1.5.0') });
    const { updates } = service('notify');
    updates.start();
    const [first, second] = await Promise.all([updates.checkNow(), updates.checkNow()]);
    expect(first).toBe(second);
    expect(feed.requests).toHaveLength(1);
    updates.stop();
  });

  it('refuses an http feed off this machine without a request', async () => {
    const { updates, lines } = service('notify', 'http://updates.example.com/desktop');
    updates.start();
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'insecure_feed' });
    expect(feed.requests).toEqual([]);
    expect(lines.join('\n')).toContain('updates: error insecure_feed');
    updates.stop();
  });

  it('has no restart to offer before an update is ready', async () => {
    feed.files.set('latest-linux.yml', { body: latestYml('1.5.0') });
    const { updates } = service('auto');
    updates.start();
    await updates.checkNow();
    // The feed checker announces only; without a download there is nothing to install.
    expect(updates.status.state).toBe('available');
    expect(updates.restartToUpdate()).toBe(false);
    updates.stop();
  });

  it('applies a policy change while running: off stops checking, back on schedules again', async () => {
    feed.files.set('latest-linux.yml', { body: latestYml('1.5.0') });
    const { updates, clock, statuses } = service('notify');
    updates.start();
    expect(clock.delays()).toEqual([5_000]);
    updates.reconfigure({ plan: updatePlan('off', 'machine', 'appimage'), feedUrl: feed.url });
    expect(clock.delays()).toEqual([]);
    expect(statuses.at(-1)).toMatchObject({ mode: 'off', state: 'disabled' });
    await updates.checkNow();
    expect(feed.requests).toEqual([]);

    updates.reconfigure({ plan: updatePlan('notify', 'machine', 'appimage'), feedUrl: feed.url });
    expect(statuses.at(-1)).toMatchObject({ mode: 'notify', state: 'idle' });
    expect(clock.delays()).toEqual([5_000]);
    clock.fire();
    await vi.waitFor(() => expect(updates.status.state).toBe('available'));
    updates.stop();
  });
});

describe('status transitions', () => {
  const idle: UpdateStatus = { mode: 'auto', reason: 'default', state: 'idle', currentVersion: '1.0.0' };
  const at = '2026-12-01T08:00:00.000Z';

  it('goes checking → available → downloading → ready, keeping the version and notes', () => {
    const checking = nextStatus(idle, { type: 'checking' }, at);
    const available = nextStatus(
      checking,
      { type: 'available', version: '1.1.0', releaseNotesUrl: 'https://teamsafeadmin.example/r/1.1.0' },
      at,
    );
    const downloading = nextStatus(available, { type: 'downloading' }, at);
    const ready = nextStatus(downloading, { type: 'downloaded', version: '1.1.0' }, at);
    expect([checking, available, downloading, ready].map((status) => status.state)).toEqual([
      'checking',
      'available',
      'downloading',
      'ready',
    ]);
    expect(ready).toEqual({
      ...idle,
      state: 'ready',
      availableVersion: '1.1.0',
      releaseNotesUrl: 'https://teamsafeadmin.example/r/1.1.0',
      checkedAt: at,
    });
    for (const status of [checking, available, downloading, ready]) expect(UpdateStatus.parse(status)).toEqual(status);
  });

  it('an error drops the announced version and carries its code', () => {
    const available = nextStatus(idle, { type: 'available', version: '1.1.0' }, at);
    expect(nextStatus(available, { type: 'error', code: 'download_failed' }, at)).toEqual({
      ...idle,
      state: 'error',
      error: 'download_failed',
      checkedAt: at,
    });
  });
});
