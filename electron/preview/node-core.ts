/**
 * The core wired for plain Node (preview host and tests): the same services,
 * the same keychain adapter and the same background sync as the app;
 * settings through `conf`, the library electron-store is built on (an
 * unreadable settings file is set aside first, as in the app, because `conf`
 * throws on it); logs through electron-log's Node entry, the same rotating
 * file transport as the app's.
 */
import Conf from 'conf';
import electronLog from 'electron-log/node';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createCore, type Core, type CoreDeps } from '../core/core.ts';
import { createKeytarStore, KEYCHAIN_SERVICE, type SecretStore } from '../core/keychain.ts';
import { createFileLogger, type Logger } from '../core/log.ts';
import type { ApiClientOptions } from '../core/api-client.ts';
import { noPolicy } from '../core/managed.ts';
import { createPolicyService, type PolicyService } from '../core/policy/service.ts';
import { nodeDesktop, type DesktopPort } from '../core/shell/desktop.ts';
import { recoverSettingsFile } from '../core/shell/settings-recovery.ts';

export interface NodeCoreOptions {
  /** Where settings are written (the app's data folder in Electron). */
  dataDir: string;
  defaultServerUrl: string;
  /** The keychain service; a test run must name its own (see `isTestRun`). */
  keychainService?: string;
  /** Instead of the keychain (a test's stand-in that fails like a locked keychain). */
  secrets?: SecretStore;
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
  monotonic?: () => number;
  timers?: CoreDeps['timers'];
  random?: () => number;
  cacheFs?: CoreDeps['cacheFs'];
  /** Machine policy as given (tests); default: this OS's policy mechanism, as the app reads it. */
  policy?: PolicyService;
  /**
   * Test-only: where the Linux reader looks instead of `/etc/team-safe-admin/policy.json`.
   * An option, never an environment variable: nobody can redirect a real install's policy.
   */
  policyFile?: string;
  updates?: CoreDeps['updates'];
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

/**
 * The policy the core follows: the one given; the file a test names; under a
 * test runner, none (a developer's own machine policy must not change test
 * results); else the OS's mechanism, exactly as the app reads it, so IT can
 * try a policy in the preview before rolling it out.
 */
async function policyFor(options: NodeCoreOptions, log: Logger): Promise<PolicyService> {
  if (options.policy) return options.policy;
  if (options.policyFile) return createPolicyService({ log, platform: 'linux', linuxFile: options.policyFile });
  if (isTestRun()) return noPolicy();
  return createPolicyService({ log, platform: process.platform });
}

export async function createNodeCore(options: NodeCoreOptions): Promise<Core> {
  const { now, monotonic, timers, random, cacheFs, api, syncIntervalMs } = options;
  const secrets = options.secrets ?? createKeytarStore(keychainServiceFor(options.keychainService));
  mkdirSync(options.dataDir, { recursive: true });
  const logsFolder = options.log ? null : (options.logsFolder ?? join(options.dataDir, 'logs'));
  const log =
    options.log ??
    createFileLogger(electronLog.create({ logId: `core:${options.dataDir}` }), {
      file: join(logsFolder ?? options.dataDir, 'main.log'),
    });
  const { movedTo } = recoverSettingsFile(options.dataDir, 'settings', now);
  if (movedTo) log.warn(`settings file was unreadable: set aside as ${basename(movedTo)}, defaults apply`);
  const policy = await policyFor(options, log);
  return createCore({
    secrets,
    policy,
    ...(options.updates ? { updates: options.updates } : {}),
    settingsFile: new Conf<Record<string, unknown>>({ cwd: options.dataDir, configName: 'settings' }),
    log,
    appVersion: process.env.npm_package_version ?? '0.0.0',
    platform: process.platform,
    locale: options.locale ?? Intl.DateTimeFormat().resolvedOptions().locale,
    desktop: options.desktop ?? nodeDesktop(logsFolder),
    notices: movedTo ? ['settings_recovered'] : [],
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
