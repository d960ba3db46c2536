/**
 * The machine-policy service: reads every source of this OS at start,
 * re-reads when a policy file changes (Linux, macOS: a watch on its folder,
 * debounced) or on `refresh()` and an optional timer (Windows: the shell
 * calls `refresh()` on window focus), and tells subscribers when the
 * effective result changed. Plain Node: the app, the preview host and the
 * tests run this same code. Nothing here throws out of a watcher or timer.
 */
import { POLICIES, type PolicyValues } from '../../../shared/policy/catalog.ts';
import { resolvePolicy, type PolicyRead, type ResolvedPolicy } from '../../../shared/policy/resolve.ts';
import type { CatalogValues, PolicyDef } from '../../../shared/policy/types.ts';
import type { Logger } from '../log.ts';
import { createLinuxPolicySource } from './linux.ts';
import { createMacPolicySources } from './macos.ts';
import { errorMessage, failure, type PolicySource } from './source.ts';
import { watchFiles, type Watch } from './watch.ts';
import { createWindowsPolicySources } from './windows.ts';
import type { RegQuery } from './windows-registry.ts';

export interface PlatformSourceOptions {
  platform?: NodeJS.Platform;
  /** Linux: the policy file (tests and the end-to-end host point it at a test folder). */
  linuxFile?: string;
  /** macOS: the managed-preferences folder and the OS user. */
  macManagedPreferences?: string;
  macUser?: string;
  /** Windows: the registry adapter. */
  regQuery?: RegQuery;
  policies?: readonly PolicyDef[];
}

/** The readers for an OS; none where the OS has no policy mechanism we know. */
export function platformPolicySources(options: PlatformSourceOptions = {}): PolicySource[] {
  const policies = options.policies ?? POLICIES;
  switch (options.platform ?? process.platform) {
    case 'win32':
      return createWindowsPolicySources({ policies, ...(options.regQuery ? { query: options.regQuery } : {}) });
    case 'darwin':
      return createMacPolicySources({
        policies,
        ...(options.macManagedPreferences ? { managedPreferences: options.macManagedPreferences } : {}),
        ...(options.macUser ? { user: options.macUser } : {}),
      });
    case 'linux':
      return [createLinuxPolicySource(options.linuxFile ? { file: options.linuxFile } : {})];
    default:
      return [];
  }
}

export interface PolicyServiceOptions extends PlatformSourceOptions {
  log: Logger;
  /** The readers; default: `platformPolicySources(options)`. */
  sources?: readonly PolicySource[];
  /** Quiet time after a file event before reading (default 150 ms). */
  debounceMs?: number;
  /** Also re-read on a timer (default: 5 minutes for sources without files to watch, i.e. Windows; 0: never). */
  pollIntervalMs?: number;
}

export type PolicyListener<V> = (policy: ResolvedPolicy<V>) => void;

export interface PolicyService<V = PolicyValues> {
  current(): ResolvedPolicy<V>;
  /** Called after each change of the effective result; returns the unsubscribe function. */
  subscribe(listener: PolicyListener<V>): () => void;
  /** Read every source again now (bursts share one read). */
  refresh(): Promise<ResolvedPolicy<V>>;
  close(): void;
}

const DEFAULT_POLL_MS = 5 * 60_000;

async function readSafely(source: PolicySource): Promise<PolicyRead> {
  try {
    return await source.read();
  } catch (error) {
    return failure(source.scope, source.location, 'unreadable', 'read_failed', errorMessage(error));
  }
}

function logResult(log: Logger, policy: ResolvedPolicy<unknown>): void {
  if (policy.sources.length === 0) log.info('policy: no policy mechanism on this platform');
  for (const source of policy.sources) {
    const line = `policy: ${source.scope} ${source.location}: ${source.status}`;
    if (source.status === 'untrusted' || source.status === 'unreadable') {
      log.warn(`${line}, ignored (${source.reason}): ${source.detail ?? ''}`);
    } else {
      log.info(line);
    }
  }
  for (const problem of policy.problems) {
    log.warn(`policy: ${problem.scope} ${problem.key} ignored (${problem.reason}): ${problem.detail}`);
  }
}

export function createPolicyService(options: PolicyServiceOptions & { policies?: undefined }): Promise<PolicyService>;
export function createPolicyService<P extends readonly PolicyDef[]>(
  options: PolicyServiceOptions & { policies: P },
): Promise<PolicyService<CatalogValues<P>>>;
export async function createPolicyService(
  options: PolicyServiceOptions,
): Promise<PolicyService<Record<string, unknown>>> {
  type Result = ResolvedPolicy<Record<string, unknown>>;
  const { log } = options;
  const policies = options.policies ?? POLICIES;
  const sources = options.sources ?? platformPolicySources(options);
  const listeners = new Set<PolicyListener<Record<string, unknown>>>();
  let current: Result | null = null;
  let fingerprint = '';
  let closed = false;
  let inFlight: Promise<Result> | null = null;
  let queued: Promise<Result> | null = null;

  const read = async (): Promise<Result> => {
    const reads = await Promise.all(sources.map(readSafely));
    const next = resolvePolicy(reads, policies) as Result;
    const nextFingerprint = JSON.stringify(next);
    if (closed || nextFingerprint === fingerprint) return current ?? next;
    current = next;
    fingerprint = nextFingerprint;
    logResult(log, next);
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch (error) {
        log.error(`policy: a listener failed: ${errorMessage(error)}`);
      }
    }
    return next;
  };

  const run = (): Promise<Result> => {
    inFlight = read().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  const refresh = (): Promise<Result> => {
    if (queued) return queued;
    if (!inFlight) return run();
    // A read is running and may have missed the latest change: one more after it, shared by all callers.
    const again = () => {
      queued = null;
      return run();
    };
    queued = inFlight.then(again, again);
    return queued;
  };

  const background = () => {
    refresh().catch((error: unknown) => log.error(`policy: re-read failed: ${errorMessage(error)}`));
  };

  await refresh();

  const debounceMs = options.debounceMs ?? 150;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  const onFileEvent = () => {
    if (closed) return;
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(() => {
      debounce = null;
      background();
    }, debounceMs);
    debounce.unref?.();
  };
  const files = sources.flatMap((source) => source.watchFiles);
  const watch: Watch | null = files.length > 0 ? watchFiles(files, onFileEvent, log) : null;

  const unwatched = sources.some((source) => source.watchFiles.length === 0);
  const pollMs = options.pollIntervalMs ?? (unwatched ? DEFAULT_POLL_MS : 0);
  const poll = pollMs > 0 ? setInterval(background, pollMs) : null;
  poll?.unref?.();

  return {
    current: () => current!,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    close() {
      closed = true;
      watch?.close();
      if (debounce) clearTimeout(debounce);
      if (poll) clearInterval(poll);
      listeners.clear();
    },
  };
}
