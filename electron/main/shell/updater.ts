/**
 * The shell's update adapter: electron-updater's `autoUpdater` behind the
 * core's `UpdateChecker`. It takes the updater object as a parameter (the
 * shell passes `require('electron-updater').autoUpdater`), so Node tests run
 * this exact code against a recording stand-in with the same API.
 */
import type { UpdateErrorCode } from '../../../shared/updates.ts';
import type { Logger } from '../../core/log.ts';
import { releaseNotesUrlFrom } from '../../core/updates/feed.ts';
import type { UpdateChecker, UpdateEvent } from '../../core/updates/service.ts';

/** What electron-updater reports about a release (a subset of its `UpdateInfo`). */
export interface UpdaterReleaseInfo {
  version: string;
  releaseNotes?: unknown;
}

export interface UpdaterLogger {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/** The part of electron-updater's `AppUpdater` the adapter uses (a type test keeps it assignable). */
export interface AutoUpdaterApi {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  logger: UpdaterLogger | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  // The events we map (electron-updater's `AppUpdaterEvents`, narrowed to what we read).
  on(event: 'error', listener: (error: Error, message?: string) => void): unknown;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-not-available', listener: (info: UpdaterReleaseInfo) => void): unknown;
  on(event: 'update-available', listener: (info: UpdaterReleaseInfo) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: UpdaterReleaseInfo) => void): unknown;
  on(event: 'update-cancelled', listener: (info: UpdaterReleaseInfo) => void): unknown;
}

export interface ElectronUpdateCheckerOptions {
  log: Logger;
}

const FEED_INVALID = new Set([
  'ERR_UPDATER_INVALID_UPDATE_INFO',
  'ERR_UPDATER_INVALID_VERSION',
  'ERR_UPDATER_NO_FILES_PROVIDED',
  'ERR_UPDATER_LATEST_VERSION_NOT_FOUND',
  'ERR_UPDATER_INVALID_RELEASE_FEED',
  'ERR_UPDATER_ZIP_FILE_NOT_FOUND',
  'ERR_UPDATER_ASSET_NOT_FOUND',
]);
const SIGNATURE_INVALID = new Set(['ERR_UPDATER_INVALID_SIGNATURE', 'ERR_CHECKSUM_MISMATCH']);
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH']);

/** An electron-updater error as an update error code; `downloading` says which phase failed. */
export function updaterErrorCode(error: unknown, downloading: boolean): UpdateErrorCode {
  const { code, statusCode, message } = (error ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (code === 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' || statusCode === 404) return 'feed_not_found';
  if (typeof code === 'string' && SIGNATURE_INVALID.has(code)) return 'signature_invalid';
  if (/code signature|not signed/i.test(text)) return 'signature_invalid'; // Squirrel.Mac's verdict
  if (typeof code === 'string' && FEED_INVALID.has(code)) return 'feed_invalid';
  if (downloading) return 'download_failed';
  if (typeof statusCode === 'number') return 'feed_unreachable';
  if ((typeof code === 'string' && UNREACHABLE.has(code)) || /^net::ERR_/.test(text)) return 'feed_unreachable';
  return 'unknown';
}

/**
 * Wires `autoUpdater` for the core. Each check points it at the feed
 * (`setFeedURL`, generic provider), sets `autoDownload` by the plan, and
 * reports its events as `UpdateEvent`s. Never installs on quit unless the
 * plan downloads, never downgrades, never takes pre-releases.
 */
export function createElectronUpdateChecker(
  autoUpdater: AutoUpdaterApi,
  options: ElectronUpdateCheckerOptions,
): UpdateChecker {
  const listeners = new Set<(event: UpdateEvent) => void>();
  const report = (event: UpdateEvent) => {
    for (const listener of listeners) listener(event);
  };
  let downloading = false;
  let errorReported = false;

  const text = (message: unknown) => (typeof message === 'string' ? message : String(message));
  autoUpdater.logger = {
    info: (message) => options.log.info(`updater: ${text(message)}`),
    warn: (message) => options.log.warn(`updater: ${text(message)}`),
    error: (message) => options.log.error(`updater: ${text(message)}`),
  };
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.autoDownload = false;
  autoUpdater.autoInstallOnAppQuit = false;

  autoUpdater.on('checking-for-update', () => report({ type: 'checking' }));
  autoUpdater.on('update-not-available', () => report({ type: 'not-available' }));
  autoUpdater.on('update-available', (info) => {
    const releaseNotesUrl = releaseNotesUrlFrom(info.releaseNotes);
    report({ type: 'available', version: info.version, ...(releaseNotesUrl ? { releaseNotesUrl } : {}) });
    if (autoUpdater.autoDownload) {
      downloading = true;
      report({ type: 'downloading' });
    }
  });
  autoUpdater.on('download-progress', () => report({ type: 'downloading' }));
  autoUpdater.on('update-downloaded', (info) => {
    downloading = false;
    const releaseNotesUrl = releaseNotesUrlFrom(info.releaseNotes);
    report({ type: 'downloaded', version: info.version, ...(releaseNotesUrl ? { releaseNotesUrl } : {}) });
  });
  autoUpdater.on('update-cancelled', () => {
    downloading = false;
    report({ type: 'error', code: 'download_failed' });
  });
  autoUpdater.on('error', (error) => {
    const code = updaterErrorCode(error, downloading);
    downloading = false;
    errorReported = true;
    report({ type: 'error', code });
  });

  return {
    async check(request) {
      errorReported = false;
      autoUpdater.setFeedURL({ provider: 'generic', url: request.feedUrl });
      autoUpdater.autoDownload = request.download;
      autoUpdater.autoInstallOnAppQuit = request.download;
      try {
        const result = await autoUpdater.checkForUpdates();
        // null: electron-updater is inactive here (not packaged); it checked nothing.
        if (result === null) report({ type: 'error', code: 'not_supported' });
      } catch (error) {
        // electron-updater emits `error` and then rejects: report the failure once.
        if (!errorReported) report({ type: 'error', code: updaterErrorCode(error, false) });
      }
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    quitAndInstall() {
      // Not silent: the installer shows its progress; restart the app afterwards.
      autoUpdater.quitAndInstall(false, true);
    },
  };
}
