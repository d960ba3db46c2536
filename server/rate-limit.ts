/**
 * Failed-attempt throttle for sign-in and invitation redemption, in memory,
 * modelled on what identity providers do (Auth0's brute-force protection,
 * Microsoft's smart lockout): nothing is ever locked, attempts are slowed.
 *
 * - Per (account, client address): a few free failures, then each further
 *   attempt waits twice as long as the one before (1 s, 2 s, 4 s … 15 min).
 * - Per client address, across accounts: the same with more free failures,
 *   against one address trying many accounts. It does not apply to an
 *   account at an address it has signed in from before ("familiar"), so
 *   one guesser behind a shared proxy does not slow everyone else there.
 * - No counter per account alone: a stranger's failures, from their own
 *   address, never slow the owner down, and a correct password from an
 *   address that has not failed always goes through.
 *
 * Checked before the (slow) password check and charged at once, so
 * parallel guesses cannot outrun it; a success refunds the charge.
 */

export interface ThrottleOptions {
  /** Failures per (account, address) before delays start (default 5). */
  pairFreeFailures?: number;
  /** Failures per address, across accounts, before delays start (default 20). */
  addressFreeFailures?: number;
  /** First delay past the free failures, in ms (default 1 s); it doubles with every further failure. */
  baseDelayMs?: number;
  /** Longest delay, in ms (default 15 minutes). */
  maxDelayMs?: number;
  /** A counter is forgotten this long after its last failure (default 24 hours). */
  forgetAfterMs?: number;
  /** How long an address stays familiar to an account after a success (default 30 days). */
  familiarForMs?: number;
  /** Clock in milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** Keys kept before old ones are swept (default 10 000). */
  sweepThreshold?: number;
}

export const DEFAULT_THROTTLE = {
  pairFreeFailures: 5,
  addressFreeFailures: 20,
  baseDelayMs: 1000,
  maxDelayMs: 15 * 60 * 1000,
  forgetAfterMs: 24 * 60 * 60 * 1000,
  familiarForMs: 30 * 24 * 60 * 60 * 1000,
} as const;

export interface ThrottleVerdict {
  retryAfterSeconds: number;
}

interface Counter {
  failures: number;
  last: number;
}

/** Failure counters with exponential back-off past a number of free failures. */
interface BackOffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
  forgetAfterMs: number;
  sweepThreshold: number;
}

class BackOff {
  readonly #counters = new Map<string, Counter>();
  readonly free: number;
  readonly settings: BackOffSettings;

  constructor(free: number, settings: BackOffSettings) {
    this.free = free;
    this.settings = settings;
  }

  #current(key: string, now: number): Counter | undefined {
    const counter = this.#counters.get(key);
    if (counter && now - counter.last >= this.settings.forgetAfterMs) {
      this.#counters.delete(key);
      return undefined;
    }
    return counter;
  }

  /** Milliseconds until another attempt is allowed, 0 when allowed now. */
  waitMs(key: string, now: number): number {
    const counter = this.#current(key, now);
    if (!counter || counter.failures < this.free) return 0;
    const { baseDelayMs, maxDelayMs } = this.settings;
    const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(counter.failures - this.free, 40));
    return Math.max(0, counter.last + delay - now);
  }

  add(key: string, now: number): void {
    const counter = this.#current(key, now) ?? { failures: 0, last: now };
    counter.failures++;
    counter.last = now;
    this.#counters.set(key, counter);
    if (this.#counters.size > this.settings.sweepThreshold) this.#sweep(now);
  }

  /** Take back one failure (an attempt that turned out fine). */
  refund(key: string): void {
    const counter = this.#counters.get(key);
    if (!counter) return;
    counter.failures--;
    if (counter.failures <= 0) this.#counters.delete(key);
  }

  clear(key: string): void {
    this.#counters.delete(key);
  }

  get size(): number {
    return this.#counters.size;
  }

  #sweep(now: number): void {
    for (const key of [...this.#counters.keys()]) this.#current(key, now);
  }
}

export class FailureThrottle {
  readonly #now: () => number;
  readonly #pairs: BackOff;
  readonly #addresses: BackOff;
  /** `account address` → familiar until (ms). */
  readonly #familiar = new Map<string, number>();
  readonly #familiarForMs: number;
  readonly #sweepThreshold: number;

  constructor(options: ThrottleOptions = {}) {
    const settings = {
      baseDelayMs: options.baseDelayMs ?? DEFAULT_THROTTLE.baseDelayMs,
      maxDelayMs: options.maxDelayMs ?? DEFAULT_THROTTLE.maxDelayMs,
      forgetAfterMs: options.forgetAfterMs ?? DEFAULT_THROTTLE.forgetAfterMs,
      sweepThreshold: options.sweepThreshold ?? 10_000,
    };
    this.#now = options.now ?? Date.now;
    this.#pairs = new BackOff(options.pairFreeFailures ?? DEFAULT_THROTTLE.pairFreeFailures, settings);
    this.#addresses = new BackOff(options.addressFreeFailures ?? DEFAULT_THROTTLE.addressFreeFailures, settings);
    this.#familiarForMs = options.familiarForMs ?? DEFAULT_THROTTLE.familiarForMs;
    this.#sweepThreshold = settings.sweepThreshold;
  }

  #pair(account: string, address: string): string {
    return `${account.toLowerCase()} ${address}`;
  }

  #isFamiliar(pair: string, now: number): boolean {
    const until = this.#familiar.get(pair);
    if (until === undefined) return false;
    if (until > now) return true;
    this.#familiar.delete(pair);
    return false;
  }

  /** Null when an attempt is allowed now; otherwise how long to wait. */
  check(account: string, address: string): ThrottleVerdict | null {
    const now = this.#now();
    const pair = this.#pair(account, address);
    let wait = this.#pairs.waitMs(pair, now);
    if (!this.#isFamiliar(pair, now)) wait = Math.max(wait, this.#addresses.waitMs(address, now));
    return wait > 0 ? { retryAfterSeconds: Math.ceil(wait / 1000) } : null;
  }

  /** Count an attempt as failed; the server charges before the slow check and refunds on success. */
  recordFailure(account: string, address: string): void {
    const now = this.#now();
    this.#pairs.add(this.#pair(account, address), now);
    this.#addresses.add(address, now);
  }

  /** A success: the pair starts afresh, the address's charge is refunded, the address becomes familiar. */
  recordSuccess(account: string, address: string): void {
    const pair = this.#pair(account, address);
    this.#pairs.clear(pair);
    this.#addresses.refund(address);
    this.#familiar.set(pair, this.#now() + this.#familiarForMs);
    if (this.#familiar.size > this.#sweepThreshold) {
      const now = this.#now();
      for (const key of [...this.#familiar.keys()]) this.#isFamiliar(key, now);
    }
  }

  /** Tracked keys (for tests and diagnostics). */
  get trackedKeys(): { pairs: number; addresses: number; familiar: number } {
    return { pairs: this.#pairs.size, addresses: this.#addresses.size, familiar: this.#familiar.size };
  }
}
