/**
 * Online or offline, decided by what the server calls do: a call that
 * cannot reach the server switches to offline (read-only), the next one
 * that is answered switches back. Changes are refused while offline.
 */
import { AppError } from '../../../shared/errors.ts';

export type Mode = 'online' | 'offline';

const NETWORK_ERRORS = new Set(['server_unreachable', 'server_timeout']);

export function isNetworkError(error: unknown): boolean {
  return error instanceof AppError && NETWORK_ERRORS.has(error.code);
}

export class Connectivity {
  #mode: Mode = 'online';
  readonly #listeners = new Set<(mode: Mode) => void>();

  get mode(): Mode {
    return this.#mode;
  }

  /** Refuse a change while offline, with the reason. */
  requireOnline(): void {
    if (this.#mode === 'offline') throw new AppError('offline', 'offline: changes are refused');
  }

  /** The server answered. */
  noteOnline(): void {
    this.#set('online');
  }

  /** A call failed: a network failure means offline. */
  noteFailure(error: unknown): void {
    if (isNetworkError(error)) this.#set('offline');
  }

  /** Signed out: the next session starts online. */
  reset(): void {
    this.#mode = 'online';
  }

  /** Told of every switch; returns the unsubscribe function. */
  subscribe(listener: (mode: Mode) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #set(mode: Mode): void {
    if (this.#mode === mode) return;
    this.#mode = mode;
    for (const listener of this.#listeners) listener(mode);
  }
}
