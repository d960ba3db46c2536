/**
 * Copying for the renderer, done by main (the renderer's own clipboard API
 * needs a permission the app does not hand out). A sensitive value — the
 * security code — is cleared again after a while, but only if it is still
 * what the clipboard holds: whatever the user copied since is left alone,
 * as password managers do. Plain Node: the clipboard and the timers are
 * ports (Electron's `clipboard` and the global timers in the app).
 */
import type { ClipboardWritten } from '../../../shared/ipc/shell.ts';

/** The part of Electron's `clipboard` this needs (asynchronous, like the web's, since Electron 45). */
export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  clear(): void;
}

export interface TimerPort {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const SENSITIVE_CLEAR_SECONDS = 60;

const globalTimers: TimerPort = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class ClipboardService {
  readonly #clipboard: ClipboardPort;
  readonly #timers: TimerPort;
  #pending: unknown = null;

  constructor(clipboard: ClipboardPort, timers: TimerPort = globalTimers) {
    this.#clipboard = clipboard;
    this.#timers = timers;
  }

  async writeText(text: string, sensitive: boolean): Promise<ClipboardWritten> {
    this.#cancel();
    await this.#clipboard.writeText(text);
    if (!sensitive) return { clearAfterSeconds: null };
    this.#pending = this.#timers.setTimeout(() => {
      this.#pending = null;
      this.#clearIfStill(text).catch(() => undefined); // it settles every failure itself
    }, SENSITIVE_CLEAR_SECONDS * 1000);
    return { clearAfterSeconds: SENSITIVE_CLEAR_SECONDS };
  }

  /** Cleared only if the clipboard still holds exactly what was copied. */
  async #clearIfStill(text: string): Promise<void> {
    try {
      if ((await this.#clipboard.readText()) === text) this.#clipboard.clear();
    } catch {
      // Unreadable now (another app holds it): then it is not ours to clear.
    }
  }

  /** A newer copy replaces the pending clear: the old value is no longer there to clear. */
  #cancel(): void {
    if (this.#pending === null) return;
    this.#timers.clearTimeout(this.#pending);
    this.#pending = null;
  }
}
