/**
 * A window whose renderer crashes or hangs is reloaded once (the user is
 * told, once, after the reload); if it fails again, the window shows a
 * small local error page with "Open logs folder" and "Try again". The
 * decisions are a pure state machine; `installCrashRecovery` applies them
 * to a window.
 */
import type { Logger } from '../../core/log.ts';

export type RecoveryPhase = 'running' | 'recovering' | 'failed';

export interface RecoveryState {
  phase: RecoveryPhase;
  /** Crashes and hangs of the app page since it last started cleanly. */
  failures: number;
}

export type RecoveryEvent =
  | { type: 'gone'; reason: string }
  | { type: 'unresponsive' }
  /** The app page (not the error page) finished loading. */
  | { type: 'loaded' };

export type RecoveryAction = 'none' | 'reload' | 'kill-and-reload' | 'error-page' | 'kill-and-error-page';

/** Reloads before the error page is shown instead. */
export const RELOADS_BEFORE_ERROR_PAGE = 1;

export const INITIAL_RECOVERY: RecoveryState = { phase: 'running', failures: 0 };

export function nextRecovery(
  state: RecoveryState,
  event: RecoveryEvent,
): { state: RecoveryState; action: RecoveryAction } {
  switch (event.type) {
    case 'loaded':
      // A clean start after the error page's "Try again" begins a new count.
      if (state.phase === 'failed') return { state: INITIAL_RECOVERY, action: 'none' };
      return { state: { ...state, phase: 'running' }, action: 'none' };
    case 'gone': {
      // A normal exit is no failure; 'killed' while recovering is our own kill of a hung renderer.
      if (event.reason === 'clean-exit') return { state, action: 'none' };
      if (state.phase === 'recovering' && event.reason === 'killed') return { state, action: 'none' };
      if (state.phase === 'failed') return { state, action: 'none' };
      return fail(state, false);
    }
    case 'unresponsive':
      if (state.phase === 'failed') return { state, action: 'none' };
      return fail(state, true);
  }
}

function fail(state: RecoveryState, hung: boolean): { state: RecoveryState; action: RecoveryAction } {
  const failures = state.failures + 1;
  if (failures <= RELOADS_BEFORE_ERROR_PAGE) {
    return { state: { phase: 'recovering', failures }, action: hung ? 'kill-and-reload' : 'reload' };
  }
  return { state: { phase: 'failed', failures }, action: hung ? 'kill-and-error-page' : 'error-page' };
}

/** The part of a `BrowserWindow` this needs. */
export interface RecoverableWindow {
  on(event: 'unresponsive', listener: () => void): unknown;
  webContents: {
    on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
    on(event: 'did-finish-load', listener: () => void): unknown;
    getURL(): string;
    reload(): void;
    forcefullyCrashRenderer(): void;
    loadURL(url: string): Promise<void>;
  };
}

export interface CrashRecoveryOptions {
  errorPageUrl: string;
  /** Called before a reload: the window says it was restarted once it is back. */
  onRestart(): void;
  log: Logger;
}

export function installCrashRecovery(window: RecoverableWindow, options: CrashRecoveryOptions): () => RecoveryState {
  let state = INITIAL_RECOVERY;
  const contents = window.webContents;
  const apply = (event: RecoveryEvent) => {
    const next = nextRecovery(state, event);
    state = next.state;
    if (next.action === 'none') return;
    options.log.error(`renderer ${event.type === 'gone' ? `gone (${event.reason})` : event.type}: ${next.action}`);
    if (next.action.startsWith('kill-')) contents.forcefullyCrashRenderer();
    if (next.action.endsWith('reload')) {
      options.onRestart();
      contents.reload();
    } else {
      void contents.loadURL(options.errorPageUrl).catch(() => undefined);
    }
  };
  contents.on('render-process-gone', (_event, details) => apply({ type: 'gone', reason: details.reason }));
  window.on('unresponsive', () => apply({ type: 'unresponsive' }));
  contents.on('did-finish-load', () => {
    if (!contents.getURL().startsWith(options.errorPageUrl)) apply({ type: 'loaded' });
  });
  return () => state;
}
