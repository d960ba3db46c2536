/**
 * Every web contents the app creates stays on the app's origin: navigation
 * and redirects elsewhere (file:// included) are stopped, new windows are
 * denied, and <webview> cannot attach. Applied through
 * `web-contents-created`, so no window can be made without it.
 */
import type { Logger } from '../../core/log.ts';
import { isAllowedNavigation } from '../../core/security.ts';

export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's `WebContents` this needs. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface GuardedApp {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedContents) => void): unknown;
}

export function guardWebContents(contents: GuardedContents, allowedOrigins: readonly string[], log: Logger): void {
  const stayOnApp = (event: PreventableEvent, url: string) => {
    if (isAllowedNavigation(url, allowedOrigins)) return;
    event.preventDefault();
    log.warn('navigation away from the app refused');
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('webview refused');
  });
  contents.setWindowOpenHandler(() => {
    log.warn('new window refused');
    return { action: 'deny' };
  });
}

export function installWebContentsGuards(app: GuardedApp, allowedOrigins: readonly string[], log: Logger): void {
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, allowedOrigins, log));
}
