import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';
import type { AppUpdater } from 'electron-updater';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { createLogger } from '../../electron/core/log.ts';
import { updatePlan } from '../../electron/core/updates/plan.ts';
import { UpdateService } from '../../electron/core/updates/service.ts';
import {
  createElectronUpdateChecker,
  updaterErrorCode,
  type AutoUpdaterApi,
  type UpdaterLogger,
} from '../../electron/main/shell/updater.ts';
import { UpdateStatus, type UpdateMode } from '../../shared/updates.ts';

type Script = (updater: RecordingAutoUpdater) => Promise<unknown>;

/**
 * A recording stand-in for electron-updater's `autoUpdater` (the Electron
 * binary, and so the real one, cannot run here). It keeps electron-updater's
 * contract as its source reads: `checkForUpdates` emits `checking-for-update`,
 * then `update-not-available` or `update-available`; with `autoDownload` it
 * goes on to `download-progress` and `update-downloaded`; a failure emits
 * `error` and then rejects.
 */
class RecordingAutoUpdater extends EventEmitter implements AutoUpdaterApi {
  autoDownload = true;
  autoInstallOnAppQuit = true;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: UpdaterLogger | null = console;
  readonly feeds: unknown[] = [];
  readonly downloadFlags: boolean[] = [];
  readonly installs: unknown[][] = [];
  script: Script = async () => null;

  setFeedURL(options: { provider: 'generic'; url: string }): void {
    this.feeds.push(options);
  }
  checkForUpdates(): Promise<unknown> {
    this.downloadFlags.push(this.autoDownload);
    return this.script(this);
  }
  quitAndInstall(...args: unknown[]): void {
    this.installs.push(args);
  }
}

const release =
  (version: string, releaseNotes?: string): Script =>
  async (updater) => {
    updater.emit('checking-for-update');
    const info = { version, files: [], path: 'x', sha512: 'x', releaseDate: '2026-12-01', releaseNotes };
    updater.emit('update-available', info);
    if (updater.autoDownload) {
      updater.emit('download-progress', { percent: 50 });
      updater.emit('update-downloaded', { ...info, downloadedFile: '/tmp/x' });
    }
    return { isUpdateAvailable: true, updateInfo: info };
  };

const failing =
  (error: Error & { code?: string }): Script =>
  async (updater) => {
    updater.emit('checking-for-update');
    updater.emit('error', error, String(error));
    throw error;
  };

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

function wire(mode: UpdateMode, script: Script) {
  const autoUpdater = new RecordingAutoUpdater();
  autoUpdater.script = script;
  const lines: string[] = [];
  const log = createLogger((line) => lines.push(line));
  const statuses: UpdateStatus[] = [];
  const updates = new UpdateService({
    checker: createElectronUpdateChecker(autoUpdater, { log }),
    plan: updatePlan(mode, 'machine', 'nsis'),
    feedUrl: 'https://mirror.corp.example/team-safe-admin/',
    currentVersion: '1.4.0',
    emit: (status) => statuses.push(UpdateStatus.parse(status)),
    log,
  });
  updates.start();
  return { autoUpdater, updates, statuses, lines };
}

describe('createElectronUpdateChecker against a recording autoUpdater', () => {
  it('keeps the real electron-updater type assignable to the API it takes', () => {
    expectTypeOf<AppUpdater>().toExtend<AutoUpdaterApi>();
  });

  it('sets safe defaults and listens to the updater’s events', () => {
    const { autoUpdater, updates } = wire('notify', release('1.5.0'));
    expect(autoUpdater).toMatchObject({
      autoDownload: false,
      autoInstallOnAppQuit: false,
      allowDowngrade: false,
      allowPrerelease: false,
    });
    for (const event of [
      'checking-for-update',
      'update-available',
      'update-not-available',
      'download-progress',
      'update-downloaded',
      'update-cancelled',
      'error',
    ]) {
      expect(autoUpdater.listenerCount(event), event).toBe(1);
    }
    updates.stop();
  });

  it('notify: points it at the generic feed, does not download, announces with the notes link', async () => {
    const { autoUpdater, updates, statuses } = wire(
      'notify',
      release('1.5.0', 'https://teamsafeadmin.example/releases/1.5.0'),
    );
    await updates.checkNow();
    expect(autoUpdater.feeds).toEqual([{ provider: 'generic', url: 'https://mirror.corp.example/team-safe-admin' }]);
    expect(autoUpdater.downloadFlags).toEqual([false]);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(false);
    expect(statuses.map((status) => status.state)).toEqual(['checking', 'available']);
    expect(updates.status).toMatchObject({
      mode: 'notify',
      availableVersion: '1.5.0',
      releaseNotesUrl: 'https://teamsafeadmin.example/releases/1.5.0',
    });
    expect(updates.restartToUpdate()).toBe(false);
    expect(autoUpdater.installs).toEqual([]);
  });

  it('auto: downloads, becomes ready, and restarts into the installer only when asked', async () => {
    const { autoUpdater, updates, statuses } = wire('auto', release('1.5.0'));
    await updates.checkNow();
    expect(autoUpdater.downloadFlags).toEqual([true]);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(statuses.map((status) => status.state)).toEqual(['checking', 'available', 'downloading', 'ready']);
    expect(autoUpdater.installs).toEqual([]);
    // Ready: periodic or manual checks do not start another download.
    await updates.checkNow();
    expect(autoUpdater.downloadFlags).toHaveLength(1);
    expect(updates.restartToUpdate()).toBe(true);
    expect(autoUpdater.installs).toEqual([[false, true]]);
  });

  it('up to date: idle', async () => {
    const { updates } = wire('auto', async (updater) => {
      updater.emit('checking-for-update');
      updater.emit('update-not-available', { version: '1.4.0' });
      return { isUpdateAvailable: false };
    });
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'idle' });
  });

  it('reports a failure once, with its code, although the updater both emits and rejects', async () => {
    const { updates, statuses } = wire(
      'notify',
      failing(withCode('Cannot find channel "latest.yml"', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND')),
    );
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'feed_not_found' });
    expect(statuses.filter((status) => status.state === 'error')).toHaveLength(1);

    const autoUpdater = new RecordingAutoUpdater();
    autoUpdater.script = failing(withCode('bad yml', 'ERR_UPDATER_INVALID_UPDATE_INFO'));
    const checker = createElectronUpdateChecker(autoUpdater, { log: createLogger(() => {}) });
    const events: unknown[] = [];
    checker.onEvent((event) => events.push(event));
    await checker.check({ feedUrl: 'https://mirror.corp.example/tsa', download: false });
    expect(events).toEqual([{ type: 'checking' }, { type: 'error', code: 'feed_invalid' }]);
  });

  it('a failed download is download_failed', async () => {
    const { updates } = wire('auto', async (updater) => {
      updater.emit('checking-for-update');
      updater.emit('update-available', { version: '1.5.0' });
      updater.emit('error', new Error('socket hang up'));
      return { isUpdateAvailable: true };
    });
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'download_failed' });
  });

  it('an inactive updater (not packaged) says not_supported instead of spinning', async () => {
    const { updates } = wire('notify', async () => null);
    await expect(updates.checkNow()).resolves.toMatchObject({ state: 'error', error: 'not_supported' });
  });

  it('off: never touches the updater', async () => {
    const { autoUpdater, updates } = wire('off', release('9.0.0'));
    await updates.checkNow();
    expect(autoUpdater.feeds).toEqual([]);
    expect(autoUpdater.downloadFlags).toEqual([]);
  });

  it('routes electron-updater’s own log lines through the redacting logger', () => {
    const { autoUpdater, lines } = wire('notify', release('1.5.0'));
    autoUpdater.logger?.info('request with authorization: Bearer abc.def.ghi');
    expect(lines.at(-1)).toContain('updater: request with authorization');
    expect(lines.at(-1)).not.toContain('abc.def.ghi');
  });
});

describe('updaterErrorCode', () => {
  it.each<[string, unknown, boolean, string]>([
    ['a missing channel file', withCode('x', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'), false, 'feed_not_found'],
    ['an HTTP 404', Object.assign(new Error('x'), { statusCode: 404 }), false, 'feed_not_found'],
    ['an HTTP 500', Object.assign(new Error('x'), { statusCode: 500 }), false, 'feed_unreachable'],
    ['broken update info', withCode('x', 'ERR_UPDATER_INVALID_UPDATE_INFO'), false, 'feed_invalid'],
    ['a bad Windows signature', withCode('x', 'ERR_UPDATER_INVALID_SIGNATURE'), true, 'signature_invalid'],
    ['a checksum mismatch', withCode('x', 'ERR_CHECKSUM_MISMATCH'), true, 'signature_invalid'],
    ['Squirrel.Mac’s verdict', new Error('Code signature at URL did not pass validation'), true, 'signature_invalid'],
    ['Chromium’s network error', new Error('net::ERR_NAME_NOT_RESOLVED'), false, 'feed_unreachable'],
    ['a refused connection', withCode('connect ECONNREFUSED', 'ECONNREFUSED'), false, 'feed_unreachable'],
    ['anything during a download', new Error('disk full'), true, 'download_failed'],
    ['anything else', new Error('odd'), false, 'unknown'],
    ['not even an error', undefined, false, 'unknown'],
  ])('%s → %s', (_name, error, downloading, code) => {
    expect(updaterErrorCode(error, downloading)).toBe(code);
  });
});

describe('the adapter needs no electron at import time', () => {
  it('imports neither electron nor electron-updater: the shell hands it the updater', async () => {
    // Read from the source, not by intercepting module loading: what the file imports is what it needs.
    const source = await readFile(new URL('../../electron/main/shell/updater.ts', import.meta.url), 'utf8');
    const imported = [...source.matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((name) => name === 'electron' || name === 'electron-updater')).toEqual([]);
  });
});
