/**
 * The core wired for plain Node (preview host and tests): the same services
 * and the same keychain adapter as the app; settings through `conf`, the
 * library electron-store is built on (an unreadable settings file is set
 * aside first, as in the app, because `conf` throws on it); logs through
 * electron-log's Node entry, the same rotating file transport as the app's.
 */
import Conf from 'conf';
import electronLog from 'electron-log/node';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCore, type Core } from '../core/core.ts';
import { createKeytarStore, KEYCHAIN_SERVICE } from '../core/keychain.ts';
import { createFileLogger, type Logger } from '../core/log.ts';
import type { ApiClientOptions } from '../core/api-client.ts';
import { nodeDesktop, type DesktopPort } from '../core/shell/desktop.ts';
import { recoverSettingsFile } from '../core/shell/settings-recovery.ts';

export interface NodeCoreOptions {
  /** Where settings are written (the app's data folder in Electron). */
  dataDir: string;
  defaultServerUrl: string;
  keychainService?: string;
  /** Instead of the log file (tests that read what was logged). */
  log?: Logger;
  /** Where the log file goes when no `log` is given; `<dataDir>/logs` by default. */
  logsFolder?: string;
  locale?: string;
  api?: ApiClientOptions;
  syncIntervalMs?: number;
  now?: () => number;
  /** Instead of Node's (tests of the Electron desktop port: a recording clipboard). */
  desktop?: DesktopPort;
}

export function createNodeCore(options: NodeCoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true });
  const logsFolder = options.log ? null : (options.logsFolder ?? join(options.dataDir, 'logs'));
  const log =
    options.log ??
    createFileLogger(electronLog.create({ logId: `core:${options.dataDir}` }), {
      file: join(logsFolder ?? options.dataDir, 'main.log'),
    });
  const { movedTo } = recoverSettingsFile(options.dataDir, 'settings', options.now);
  if (movedTo) log.warn(`settings file was unreadable: set aside as ${basename(movedTo)}, defaults apply`);
  return createCore({
    secrets: createKeytarStore(options.keychainService ?? KEYCHAIN_SERVICE),
    settingsFile: new Conf<Record<string, unknown>>({ cwd: options.dataDir, configName: 'settings' }),
    log,
    appVersion: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    desktop: options.desktop ?? nodeDesktop(logsFolder),
    notices: movedTo ? ['settings_recovered'] : [],
    defaultServerUrl: options.defaultServerUrl,
    dataDir: options.dataDir,
    ...(options.now ? { now: options.now } : {}),
    ...(options.syncIntervalMs ? { syncIntervalMs: options.syncIntervalMs } : {}),
    ...(options.api ? { api: options.api } : {}),
  });
}
