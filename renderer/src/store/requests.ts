/**
 * How slices run bridge calls: as a `Result` whose error went through
 * `handleError` (a session-ending code signs out), and "latest request wins"
 * for loads that a newer one of the same kind replaces.
 */
import type { Result } from '../../../shared/errors.ts';
import type { AppState } from './types.ts';

type GetState = () => AppState;

/** Runs one call; never throws. */
export async function attempt<T>(get: GetState, run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error: get().handleError(error) };
  }
}

export interface LatestRequests<K> {
  /**
   * Runs `run` as the newest request for `key`. Its result, or null when a
   * newer request for the key (or `cancel`) came in between, or the session
   * changed: an answer nobody waits for any more.
   */
  run<T>(key: K, run: () => Promise<T>): Promise<Result<T> | null>;
  /** Drops the answer of a request for `key` under way. */
  cancel(key: K): void;
  /** Drops every answer under way. */
  cancelAll(): void;
}

/** "Latest request wins", per key (per safe, say). */
export function latestRequests<K>(get: GetState): LatestRequests<K> {
  // Tickets only ever grow: an old answer can never match a newer ticket.
  const newest = new Map<K, number>();
  const cancel = (key: K) => newest.set(key, (newest.get(key) ?? 0) + 1);
  return {
    async run(key, run) {
      cancel(key);
      const ticket = newest.get(key);
      const epoch = get().sessionEpoch;
      const result = await attempt(get, run);
      return ticket === newest.get(key) && epoch === get().sessionEpoch ? result : null;
    },
    cancel,
    cancelAll() {
      for (const key of newest.keys()) cancel(key);
    },
  };
}

export interface LatestRequest {
  run<T>(run: () => Promise<T>): Promise<Result<T> | null>;
  cancel(): void;
}

/** "Latest request wins" for one kind of request. */
export function latestRequest(get: GetState): LatestRequest {
  const requests = latestRequests<null>(get);
  return { run: (run) => requests.run(null, run), cancel: () => requests.cancel(null) };
}
