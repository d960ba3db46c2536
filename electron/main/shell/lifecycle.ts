/**
 * What the running app does around the core: the machine waking up syncs
 * at once; a window coming to the front re-reads machine policy (Windows
 * has no file to watch: the registry is read on focus, and on a timer);
 * quitting stops the core first (its background sync and timers, and a
 * write under way finishes before the process ends); a packaged app
 * claims its deep-link scheme if the OS lost it.
 */
import { detach } from '../../core/detach.ts';
import type { Logger } from '../../core/log.ts';
import { DEEP_LINK_SCHEME } from '../../core/shell/deep-link.ts';
import type { PreventableEvent } from './web-contents.ts';

export interface LifecycleApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'browser-window-focus', listener: () => void): unknown;
  quit(): void;
  readonly isPackaged: boolean;
  isDefaultProtocolClient(protocol: string): boolean;
  setAsDefaultProtocolClient(protocol: string): boolean;
}

export interface PowerMonitorApi {
  on(event: 'resume', listener: () => void): unknown;
}

export interface LifecycleTargets {
  /** The machine woke from sleep. */
  onResume(): Promise<void>;
  /** Read machine policy again. */
  refreshPolicy(): Promise<unknown>;
  /** Stop the core (sync, timers, watchers); resolves when it has. */
  dispose(): Promise<void>;
  log: Logger;
}

export function installLifecycle(
  electron: { app: LifecycleApp; powerMonitor: PowerMonitorApi },
  targets: LifecycleTargets,
): void {
  const { app, powerMonitor } = electron;
  // The installers register the deep-link scheme (electron-builder's `protocols`); a per-user
  // install that lost it (or a portable copy) claims it again. Never for a development run,
  // which would point the OS at the bare Electron binary.
  if (app.isPackaged && !app.isDefaultProtocolClient(DEEP_LINK_SCHEME)) {
    const claimed = app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
    targets.log.info(`deep links: ${claimed ? 'registered' : 'could not register'} ${DEEP_LINK_SCHEME}://`);
  }
  powerMonitor.on('resume', () => {
    targets.log.info('machine resumed: syncing');
    detach(targets.onResume(), targets.log, 'sync on resume');
  });
  app.on('browser-window-focus', () => detach(targets.refreshPolicy(), targets.log, 'policy refresh'));
  let stopping: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    if (stopping) return; // the second time round: the core has stopped, let the app quit
    event.preventDefault();
    stopping = targets
      .dispose()
      .catch((error: unknown) => targets.log.warn(`quit: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => app.quit());
  });
}
