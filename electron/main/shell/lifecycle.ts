/**
 * What the running app does around the core: the machine waking up syncs
 * at once; a window coming to the front re-reads machine policy (Windows
 * has no file to watch: the registry is read on focus, and on a timer);
 * quitting stops the core first (its background sync and timers, and a
 * write under way finishes before the process ends).
 */
import { detach } from '../../core/detach.ts';
import type { Logger } from '../../core/log.ts';
import type { PreventableEvent } from './web-contents.ts';

export interface LifecycleApp {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'browser-window-focus', listener: () => void): unknown;
  quit(): void;
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
