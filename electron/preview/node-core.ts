/**
 * The core wired for plain Node (preview host and tests): the same services,
 * the same keychain adapter and the same background sync as the app;
 * settings through `conf`, the library electron-store is built on.
 */
import Conf from 'conf';
import { mkdirSync } from 'node:fs';
import { createCore, type Core, type CoreDeps } from '../core/core.ts';
import { createKeytarStore, KEYCHAIN_SERVICE, type SecretStore } from '../core/keychain.ts';
import { createLogger, type Logger } from '../core/log.ts';
import type { ApiClientOptions } from '../core/api-client.ts';

export interface NodeCoreOptions {
  /** Where settings are written (the app's data folder in Electron). */
  dataDir: string;
  defaultServerUrl: string;
  /** The keychain service; a test run must name its own (see `isTestRun`). */
  keychainService?: string;
  /** Instead of the keychain (a test's stand-in that fails like a locked keychain). */
  secrets?: SecretStore;
  log?: Logger;
  locale?: string;
  api?: ApiClientOptions;
  syncIntervalMs?: number;
  now?: () => number;
  monotonic?: () => number;
  timers?: CoreDeps['timers'];
  random?: () => number;
  cacheFs?: CoreDeps['cacheFs'];
}

/** Running under vitest or Playwright (or anything that says NODE_ENV=test). */
export function isTestRun(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.VITEST) || env.NODE_ENV === 'test' || env.TEST_WORKER_INDEX !== undefined;
}

/**
 * Tests must never read or write the developer's real keychain entries:
 * under a test runner the production service name is refused.
 */
export function keychainServiceFor(requested: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const service = requested ?? KEYCHAIN_SERVICE;
  if (service === KEYCHAIN_SERVICE && isTestRun(env)) {
    throw new Error(`tests use their own keychain service, never "${KEYCHAIN_SERVICE}"`);
  }
  return service;
}

export function createNodeCore(options: NodeCoreOptions): Promise<Core> {
  const secrets = options.secrets ?? createKeytarStore(keychainServiceFor(options.keychainService));
  mkdirSync(options.dataDir, { recursive: true });
  const { now, monotonic, timers, random, cacheFs, api, syncIntervalMs } = options;
  return createCore({
    secrets,
    settingsFile: new Conf<Record<string, unknown>>({ cwd: options.dataDir, configName: 'settings' }),
    log: options.log ?? createLogger(),
    appVersion: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    defaultServerUrl: options.defaultServerUrl,
    dataDir: options.dataDir,
    ...(now ? { now } : {}),
    ...(monotonic ? { monotonic } : {}),
    ...(timers ? { timers } : {}),
    ...(random ? { random } : {}),
    ...(cacheFs ? { cacheFs } : {}),
    ...(syncIntervalMs !== undefined ? { syncIntervalMs } : {}),
    ...(api ? { api } : {}),
  });
}
