/**
 * Runs update checks as the plan allows and keeps one status for the UI.
 * Plain Node: the thing that talks to a feed is an `UpdateChecker` (the
 * electron-updater adapter in the app, the plain feed checker in the preview
 * host and tests), and the clock and timers are injected.
 */
import { feedUrlErrorCode, UpdateFeedUrl, type UpdateErrorCode, type UpdateStatus } from '../../../shared/updates.ts';
import { detach } from '../detach.ts';
import type { Logger } from '../log.ts';
import type { UpdatePlan } from './plan.ts';

/** What a checker reports; the service turns these into the status. */
export type UpdateEvent =
  | { type: 'checking' }
  | { type: 'not-available' }
  | { type: 'available'; version: string; releaseNotesUrl?: string }
  | { type: 'downloading' }
  | { type: 'downloaded'; version: string; releaseNotesUrl?: string }
  | { type: 'error'; code: UpdateErrorCode };

export interface UpdateCheckRequest {
  /** The feed's base URL, already validated (https, or http on loopback). */
  feedUrl: string;
  /** Download a found update (mode auto). */
  download: boolean;
}

export interface UpdateChecker {
  /** Looks at the feed and reports through the listeners; never rejects. */
  check(request: UpdateCheckRequest): Promise<void>;
  /** Listens to what the checker reports; returns the unsubscribe function. */
  onEvent(listener: (event: UpdateEvent) => void): () => void;
  /** Quits and installs the downloaded update; only called after `downloaded`. */
  quitAndInstall(): void;
}

export interface UpdateTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemTimers: UpdateTimers = {
  setTimeout(callback, ms) {
    const timer = setTimeout(callback, ms);
    timer.unref?.();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** The first check waits a little so it does not compete with sign-in and the first sync. */
export const FIRST_UPDATE_CHECK_DELAY_MS = 10_000;

export interface UpdateServiceOptions {
  checker: UpdateChecker;
  plan: UpdatePlan;
  /** `UpdateUrl` from policy, or `DEFAULT_UPDATE_FEED_URL`. Validated before every check. */
  feedUrl: string;
  /** The running app's version (`app.getVersion()`). */
  currentVersion: string;
  /** Receives every status change (push it to the renderer). */
  emit(status: UpdateStatus): void;
  log: Logger;
  now?: () => number;
  timers?: UpdateTimers;
  intervalMs?: number;
  firstCheckDelayMs?: number;
}

export class UpdateService {
  readonly #options: UpdateServiceOptions;
  readonly #timers: UpdateTimers;
  #plan: UpdatePlan;
  #feedUrl: string;
  #status: UpdateStatus;
  #timer: unknown = null;
  #started = false;
  #inFlight: Promise<UpdateStatus> | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: UpdateServiceOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#plan = options.plan;
    this.#feedUrl = options.feedUrl;
    this.#status = this.#base(options.plan.check ? 'idle' : 'disabled');
  }

  get status(): UpdateStatus {
    return this.#status;
  }

  /** Starts listening and, when the plan allows, checks soon and then every interval. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#unsubscribe = this.#options.checker.onEvent((event) => this.#apply(event));
    this.#schedule(this.#options.firstCheckDelayMs ?? FIRST_UPDATE_CHECK_DELAY_MS);
  }

  stop(): void {
    this.#started = false;
    this.#cancelTimer();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Checks now when the plan allows; otherwise (or while downloading or ready) returns the status unchanged. */
  checkNow(): Promise<UpdateStatus> {
    if (!this.#plan.check || !this.#started) return Promise.resolve(this.#status);
    if (this.#inFlight) return this.#inFlight;
    if (this.#status.state === 'downloading' || this.#status.state === 'ready') return Promise.resolve(this.#status);
    this.#inFlight = this.#runCheck().finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  /** Installs the downloaded update and restarts. Only in `ready`; returns whether it did. */
  restartToUpdate(): boolean {
    if (this.#status.state !== 'ready') return false;
    this.#options.log.info(`updates: restarting to install ${this.#status.availableVersion ?? ''}`.trim());
    this.#options.checker.quitAndInstall();
    return true;
  }

  /** A policy change while running: a new mode or feed applies without restart. */
  reconfigure(next: { plan: UpdatePlan; feedUrl: string }): void {
    const wasChecking = this.#plan.check;
    this.#plan = next.plan;
    this.#feedUrl = next.feedUrl;
    if (!next.plan.check) {
      this.#cancelTimer();
      this.#set(this.#base('disabled'));
    } else if (!wasChecking) {
      this.#set(this.#base('idle'));
      if (this.#started) this.#schedule(this.#options.firstCheckDelayMs ?? FIRST_UPDATE_CHECK_DELAY_MS);
    } else {
      this.#set({ ...this.#status, mode: next.plan.mode, reason: next.plan.reason });
    }
  }

  async #runCheck(): Promise<UpdateStatus> {
    const feed = UpdateFeedUrl.safeParse(this.#feedUrl);
    if (!feed.success) {
      this.#apply({ type: 'error', code: feedUrlErrorCode(feed.error) });
      return this.#status;
    }
    this.#apply({ type: 'checking' });
    try {
      await this.#options.checker.check({ feedUrl: feed.data, download: this.#plan.download });
    } catch (error) {
      this.#options.log.warn(`updates: check failed: ${error instanceof Error ? error.message : String(error)}`);
      this.#apply({ type: 'error', code: 'unknown' });
    }
    // A checker that ended without saying what it found must not leave the UI spinning.
    if (this.#status.state === 'checking') this.#apply({ type: 'error', code: 'unknown' });
    return this.#status;
  }

  #schedule(delayMs: number): void {
    this.#cancelTimer();
    if (!this.#plan.check || !this.#started) return;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      if (this.#status.state === 'ready') return; // nothing more to do until the restart
      const checked = this.checkNow().finally(() =>
        this.#schedule(this.#options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS),
      );
      detach(checked, this.#options.log, 'update check');
    }, delayMs);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #apply(event: UpdateEvent): void {
    if (!this.#plan.check || this.#status.state === 'ready') return;
    const next = nextStatus(this.#status, event, new Date((this.#options.now ?? Date.now)()).toISOString());
    if (event.type !== 'checking' && event.type !== 'downloading') {
      const detail = event.type === 'error' ? ` ${event.code}` : 'version' in event ? ` ${event.version}` : '';
      this.#options.log.info(`updates: ${event.type}${detail}`);
    }
    this.#set(next);
  }

  #set(next: UpdateStatus): void {
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next;
    this.#options.emit(next);
  }

  #base(state: UpdateStatus['state']): UpdateStatus {
    return {
      mode: this.#plan.mode,
      reason: this.#plan.reason,
      state,
      currentVersion: this.#options.currentVersion,
    };
  }
}

/** The status after an event. Pure. */
export function nextStatus(status: UpdateStatus, event: UpdateEvent, nowIso: string): UpdateStatus {
  const base = { mode: status.mode, reason: status.reason, currentVersion: status.currentVersion };
  const checked = status.checkedAt ? { checkedAt: status.checkedAt } : {};
  const notes = (url: string | undefined) => (url ? { releaseNotesUrl: url } : {});
  switch (event.type) {
    case 'checking':
      return { ...base, ...checked, state: 'checking' };
    case 'not-available':
      return { ...base, state: 'idle', checkedAt: nowIso };
    case 'available':
      return {
        ...base,
        state: 'available',
        availableVersion: event.version,
        ...notes(event.releaseNotesUrl),
        checkedAt: nowIso,
      };
    case 'downloading':
      return { ...status, state: 'downloading' };
    case 'downloaded':
      return {
        ...base,
        ...checked,
        state: 'ready',
        availableVersion: event.version,
        ...notes(event.releaseNotesUrl ?? status.releaseNotesUrl),
      };
    case 'error':
      return { ...base, state: 'error', error: event.code, checkedAt: nowIso };
  }
}
