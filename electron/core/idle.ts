/**
 * Idle sign-out (policy `IdleSignOutMinutes`): after that many minutes
 * without the user doing anything in the window, the session is signed out
 * and forgotten (refresh token out of the keychain, access token out of
 * memory, offline copy wiped), as any sign-out. 0 switches it off. The
 * window reports activity (`session:activity`, at most every few seconds);
 * time is measured on the monotonic clock, so a wall clock that jumps
 * neither signs out early nor keeps a session alive.
 */
import { detach } from './detach.ts';
import type { Logger } from './log.ts';
import type { Timers } from './sync/scheduler.ts';

export interface IdleSignOutDeps {
  /** Minutes without activity before signing out; 0: never. Read at each (re)start and check. */
  minutes: () => number;
  timers: Timers;
  monotonic: () => number;
  onIdle: () => Promise<void>;
  log: Logger;
}

/** How often the timer looks at the last activity, at most. */
const CHECK_EVERY_MS = 30_000;

export class IdleSignOut {
  readonly #deps: IdleSignOutDeps;
  /** A session is signed in (watched whenever a limit is set). */
  #signedIn = false;
  #last = 0;
  #timer: unknown = null;

  constructor(deps: IdleSignOutDeps) {
    this.#deps = deps;
  }

  /** Whether a timer is running now (signed in and a limit set). */
  get armed(): boolean {
    return this.#timer !== null;
  }

  /** The user did something in the window. */
  activity(): void {
    this.#last = this.#deps.monotonic();
  }

  /** A session began (sign-in or restore): the idle time counts from now. */
  begin(): void {
    this.#signedIn = true;
    this.#last = this.#deps.monotonic();
    this.#rearm();
  }

  /** The session ended (or the core is disposed). */
  end(): void {
    this.#signedIn = false;
    this.#disarm();
  }

  /** The policy changed: the new limit applies to the time already idle. */
  reconfigure(): void {
    if (this.#signedIn) this.#rearm();
  }

  #limitMs(): number {
    return Math.max(0, this.#deps.minutes()) * 60_000;
  }

  #disarm(): void {
    if (this.#timer !== null) this.#deps.timers.clear(this.#timer);
    this.#timer = null;
  }

  #rearm(): void {
    this.#disarm();
    const limit = this.#limitMs();
    if (limit === 0) return;
    const due = Math.max(0, this.#last + limit - this.#deps.monotonic());
    this.#timer = this.#deps.timers.set(
      () => detach(this.#check(), this.#deps.log, 'idle sign-out'),
      Math.min(due, CHECK_EVERY_MS),
    );
  }

  async #check(): Promise<void> {
    this.#timer = null;
    if (!this.#signedIn) return;
    const limit = this.#limitMs();
    if (limit === 0) return;
    if (this.#deps.monotonic() - this.#last < limit) return this.#rearm();
    this.end();
    await this.#deps.onIdle();
  }
}
