/**
 * The core wired for plain Node (preview host and tests): the same services
 * and the same keychain adapter as the app; settings through `conf`, the
 * library electron-store is built on.
 */
import Conf from 'conf';
import { mkdirSync } from 'node:fs';
import { createCore, type Core } from '../core/core.ts';
import { createKeytarStore, KEYCHAIN_SERVICE } from '../core/keychain.ts';
import { createLogger, type Logger } from '../core/log.ts';
import type { ApiClientOptions } from '../core/api-client.ts';

export interface NodeCoreOptions {
  /** Where settings are written (the app's data folder in Electron). */
  dataDir: string;
  defaultServerUrl: string;
  keychainService?: string;
  log?: Logger;
  locale?: string;
  api?: ApiClientOptions;
  syncIntervalMs?: number;
  now?: () => number;
}

export function createNodeCore(options: NodeCoreOptions): Promise<Core> {
  mkdirSync(options.dataDir, { recursive: true });
  return createCore({
    secrets: createKeytarStore(options.keychainService ?? KEYCHAIN_SERVICE),
    settingsFile: new Conf<Record<string, unknown>>({ cwd: options.dataDir, configName: 'settings' }),
    log: options.log ?? createLogger(),
    appVersion: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    defaultServerUrl: options.defaultServerUrl,
    dataDir: options.dataDir,
    ...(options.now ? { now: options.now } : {}),
    ...(options.syncIntervalMs ? { syncIntervalMs: options.syncIntervalMs } : {}),
    ...(options.api ? { api: options.api } : {}),
  });
}
