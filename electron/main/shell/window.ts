/**
 * The main window: secure web preferences written out where a reviewer and
 * a static checker (Electronegativity) see them — a test holds them to
 * `SECURE_WEB_PREFERENCES` — and the bounds it had last time, clamped to
 * the displays that exist now. Takes Electron's `BrowserWindow` and
 * `screen` as parameters.
 */
import type { Logger } from '../../core/log.ts';
import type { RecoverableWindow } from './crash-recovery.ts';
import type { ContextMenuContents } from './menu.ts';
import {
  MIN_WINDOW_SIZE,
  readWindowState,
  restoreWindowState,
  writeWindowState,
  type DisplayArea,
  type Rectangle,
} from './window-state.ts';

export interface MainWindow extends RecoverableWindow {
  webContents: RecoverableWindow['webContents'] &
    ContextMenuContents & {
      send(channel: string, payload: unknown): void;
    };
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'unresponsive', listener: () => void): unknown;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  isMinimized(): boolean;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
}

/** The options the shell passes to `new BrowserWindow` (a subset of Electron's). */
export interface MainWindowOptions extends Rectangle {
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  webPreferences: {
    preload: string;
    contextIsolation: boolean;
    sandbox: boolean;
    nodeIntegration: boolean;
    nodeIntegrationInWorker: boolean;
    nodeIntegrationInSubFrames: boolean;
    webSecurity: boolean;
    allowRunningInsecureContent: boolean;
    webviewTag: boolean;
    spellcheck: boolean;
    navigateOnDragDrop: boolean;
    disableBlinkFeatures: string;
  };
}

export interface WindowApi {
  BrowserWindow: new (options: MainWindowOptions) => MainWindow;
  screen: {
    getAllDisplays(): DisplayArea[];
    getPrimaryDisplay(): DisplayArea;
    getDisplayMatching(rect: Rectangle): DisplayArea;
  };
}

export interface MainWindowSetup {
  preload: string;
  url: string;
  /** `window-state.json` in the app's data folder. */
  stateFile: string;
  log: Logger;
}

export function createMainWindow(api: WindowApi, setup: MainWindowSetup): MainWindow {
  const { BrowserWindow, screen } = api;
  const saved = readWindowState(setup.stateFile);
  const { bounds, maximized } = restoreWindowState(saved, screen.getAllDisplays(), screen.getPrimaryDisplay());
  const window = new BrowserWindow({
    ...bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'Team Safe Admin',
    webPreferences: {
      preload: setup.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
      // A middle click would otherwise open links in new windows, past the navigation checks.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    const normal = window.getNormalBounds();
    try {
      writeWindowState(setup.stateFile, {
        ...normal,
        maximized: window.isMaximized(),
        displayId: screen.getDisplayMatching(normal).id,
      });
    } catch (error) {
      setup.log.warn(`window state not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  void window.loadURL(setup.url).catch(() => undefined);
  return window;
}

/** A second launch, or a deep link, brings the window back: restored if minimised, shown and focused. */
export function bringToFront(window: Pick<MainWindow, 'isMinimized' | 'restore' | 'show' | 'focus'>): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
