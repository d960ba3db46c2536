/**
 * When background syncs run. While signed in: at once, then every interval.
 * A failed run (server unreachable or overloaded) is retried after a
 * growing delay with jitter (so many clients coming back do not arrive
 * together), never sooner than the server's `Retry-After`. The user asking,
 * the network coming back and the machine waking each sync at once and
 * start the backoff over. Timers and randomness are injected, so tests
 * drive all of this without waiting.
 */
import { detach } from '../detach.ts';
import type { Logger } from '../log.ts';

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

/** Node's timers, not keeping the process alive on their own. */
export const realTimers: Timers = {
  set(run, ms) {
    const handle = setTimeout(run, ms);
    handle.unref?.();
    return handle;
  },
  clear(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** How a run ended: failed runs say how long the server asked to wait, if it did. */
export type SyncOutcome = { ok: true } | { ok: false; retryAfterMs: number | null };

export const BACKOFF_BASE_MS = 5_000;
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * The wait after the `failures`-th failure in a row: the ceiling doubles
 * from 5 s up to 5 min; the wait is a random point in its upper half
 * ("equal jitter"), and never shorter than `Retry-After`.
 */
export function retryDelay(failures: number, retryAfterMs: number | null, random: () => number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export interface SchedulerOptions {
  run: () => Promise<SyncOutcome>;
  intervalMs: number;
  timers: Timers;
  random: () => number;
  log: Logger;
}

export class SyncScheduler {
  readonly #options: SchedulerOptions;
  #timer: unknown = null;
  #active = false;
  #failures = 0;
  #running: Promise<SyncOutcome> | null = null;
  #again: Promise<SyncOutcome> | null = null;

  constructor(options: SchedulerOptions) {
    this.#options = options;
  }

  /** Signed in: sync at once, then on the interval. */
  start(): void {
    this.#active = true;
    this.#failures = 0;
    this.#schedule(0);
  }

  /** Signed out: no more runs (one in progress finishes). */
  stop(): void {
    this.#active = false;
    this.#failures = 0;
    this.#clear();
  }

  /**
   * Sync now and start the backoff over: the user asked, the network is
   * back, or the machine woke. A run already under way may have started
   * before that: one more follows it.
   */
  runNow(): Promise<SyncOutcome> {
    this.#failures = 0;
    if (!this.#running) return this.#run();
    this.#again ??= this.#running.then(() => {
      this.#again = null;
      return this.#run();
    });
    return this.#again;
  }

  /** Stop for good and wait for the runs under way. */
  async dispose(): Promise<void> {
    this.stop();
    await this.#again;
    await this.#running;
  }

  #run(): Promise<SyncOutcome> {
    this.#clear();
    this.#running ??= this.#options
      .run()
      .catch((): SyncOutcome => ({ ok: false, retryAfterMs: null }))
      .then((outcome) => {
        this.#running = null;
        this.#after(outcome);
        return outcome;
      });
    return this.#running;
  }

  #after(outcome: SyncOutcome): void {
    if (!this.#active) return;
    this.#failures = outcome.ok ? 0 : this.#failures + 1;
    const delay = outcome.ok
      ? this.#options.intervalMs
      : retryDelay(this.#failures, outcome.retryAfterMs, this.#options.random);
    if (!outcome.ok) this.#options.log.info(`sync: retry in ${Math.round(delay / 1000)} s`);
    this.#schedule(delay);
  }

  #schedule(ms: number): void {
    this.#clear();
    if (!this.#active || this.#options.intervalMs <= 0) return;
    this.#timer = this.#options.timers.set(() => {
      this.#timer = null;
      detach(this.#run(), this.#options.log, 'background sync');
    }, ms);
  }

  #clear(): void {
    if (this.#timer !== null) this.#options.timers.clear(this.#timer);
    this.#timer = null;
  }
}
