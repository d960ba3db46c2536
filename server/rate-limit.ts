/**
 * Failed sign-in limiter, in memory: a sliding window of failure times per
 * account (lower-cased e-mail) and per client address. Checked before the
 * password is verified, so a blocked caller costs no scrypt run.
 */

export interface RateLimitOptions {
  /** Failures allowed per account within the window (default 5). */
  accountLimit?: number;
  /** Failures allowed per client address within the window (default 20). */
  addressLimit?: number;
  /** Window length in milliseconds (default 15 minutes). */
  windowMs?: number;
  /** Clock in milliseconds since the epoch (default Date.now). */
  now?: () => number;
  /** Keys kept before expired ones are swept (default 10 000). */
  sweepThreshold?: number;
}

export const DEFAULT_RATE_LIMIT = {
  accountLimit: 5,
  addressLimit: 20,
  windowMs: 15 * 60 * 1000,
} as const;

export interface RateLimitVerdict {
  retryAfterSeconds: number;
}

class SlidingWindow {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #sweepThreshold: number;
  readonly #failures = new Map<string, number[]>();

  constructor(limit: number, windowMs: number, sweepThreshold: number) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#sweepThreshold = sweepThreshold;
  }

  #recent(key: string, now: number): number[] {
    const times = this.#failures.get(key);
    if (!times) return [];
    const cutoff = now - this.#windowMs;
    let drop = 0;
    while (drop < times.length && (times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    if (times.length === 0) this.#failures.delete(key);
    return times;
  }

  /** Milliseconds until another attempt is allowed, 0 when allowed now. */
  waitMs(key: string, now: number): number {
    const times = this.#recent(key, now);
    if (times.length < this.#limit) return 0;
    // the attempt becomes possible once enough old failures leave the window
    const freeing = times[times.length - this.#limit] ?? now;
    return Math.max(1, freeing + this.#windowMs - now);
  }

  add(key: string, now: number): void {
    const times = this.#recent(key, now);
    times.push(now);
    this.#failures.set(key, times);
    if (this.#failures.size > this.#sweepThreshold) this.#sweep(now);
  }

  /** Take back the latest failure (an attempt that turned out fine). */
  removeLatest(key: string): void {
    const times = this.#failures.get(key);
    if (!times) return;
    times.pop();
    if (times.length === 0) this.#failures.delete(key);
  }

  clear(key: string): void {
    this.#failures.delete(key);
  }

  get size(): number {
    return this.#failures.size;
  }

  #sweep(now: number): void {
    for (const key of [...this.#failures.keys()]) this.#recent(key, now);
  }
}

export class SignInRateLimiter {
  readonly #now: () => number;
  readonly #accounts: SlidingWindow;
  readonly #addresses: SlidingWindow;

  constructor(options: RateLimitOptions = {}) {
    const windowMs = options.windowMs ?? DEFAULT_RATE_LIMIT.windowMs;
    const sweep = options.sweepThreshold ?? 10_000;
    this.#now = options.now ?? Date.now;
    this.#accounts = new SlidingWindow(options.accountLimit ?? DEFAULT_RATE_LIMIT.accountLimit, windowMs, sweep);
    this.#addresses = new SlidingWindow(options.addressLimit ?? DEFAULT_RATE_LIMIT.addressLimit, windowMs, sweep);
  }

  /** Null when an attempt is allowed; otherwise how long to wait. */
  check(account: string, address: string): RateLimitVerdict | null {
    const now = this.#now();
    const wait = Math.max(this.#accounts.waitMs(account.toLowerCase(), now), this.#addresses.waitMs(address, now));
    return wait > 0 ? { retryAfterSeconds: Math.ceil(wait / 1000) } : null;
  }

  /**
   * Count an attempt as failed. The server charges every attempt before the
   * (slow) password check, so parallel guesses cannot slip past the limit,
   * and refunds it through `recordSuccess`.
   */
  recordFailure(account: string, address: string): void {
    const now = this.#now();
    this.#accounts.add(account.toLowerCase(), now);
    this.#addresses.add(address, now);
  }

  /** A successful sign-in clears the account's failures and refunds the address's latest charge. */
  recordSuccess(account: string, address?: string): void {
    this.#accounts.clear(account.toLowerCase());
    if (address !== undefined) this.#addresses.removeLatest(address);
  }

  /** Tracked keys (for tests and diagnostics). */
  get trackedKeys(): { accounts: number; addresses: number } {
    return { accounts: this.#accounts.size, addresses: this.#addresses.size };
  }
}
