/**
 * Recording stand-ins for the parts of Electron the shell's setup code
 * takes as parameters. Each records what the real setup installed (handlers,
 * listeners, options, calls) so tests can assert it and drive it; none
 * decides anything itself. Typed against the shell's own port interfaces,
 * which the real `electron` satisfies (checked where index.ts passes it).
 */
import { EventEmitter } from 'node:events';
import type { ClipboardPort, TimerPort } from '../../electron/core/shell/clipboard.ts';
import type { Logger } from '../../electron/core/log.ts';
import type { MainWindow, MainWindowOptions, WindowApi } from '../../electron/main/shell/window.ts';
import type { DisplayArea, Rectangle } from '../../electron/main/shell/window-state.ts';
import type { BuiltMenu, MenuApi } from '../../electron/main/shell/menu.ts';
import type { MenuItemTemplate } from '../../electron/main/shell/menu-template.ts';

/** An event whose `preventDefault` is recorded. */
export class RecordedEvent {
  defaultPrevented = false;
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message) => lines.push(`error ${message}`),
  };
}

export class StandInContents extends EventEmitter {
  url = 'app://team-safe-admin/index.html';
  readonly sent: { channel: string; payload: unknown }[] = [];
  readonly calls: string[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  getURL(): string {
    return this.url;
  }
  reload(): void {
    this.calls.push('reload');
  }
  forcefullyCrashRenderer(): void {
    this.calls.push('forcefullyCrashRenderer');
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`);
    this.url = url;
  }
}

export class StandInWindow extends EventEmitter implements MainWindow {
  static created: StandInWindow[] = [];
  readonly options: MainWindowOptions;
  readonly webContents = new StandInContents();
  readonly calls: string[] = [];
  minimized = false;
  maximized = false;
  bounds: Rectangle;

  constructor(options: MainWindowOptions) {
    super();
    this.options = options;
    this.bounds = { x: options.x, y: options.y, width: options.width, height: options.height };
    StandInWindow.created.push(this);
  }
  show(): void {
    this.calls.push('show');
  }
  focus(): void {
    this.calls.push('focus');
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  maximize(): void {
    this.calls.push('maximize');
    this.maximized = true;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  isDestroyed(): boolean {
    return false;
  }
  getNormalBounds(): Rectangle {
    return this.bounds;
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`);
  }
}

export function standInScreen(displays: DisplayArea[]): WindowApi['screen'] {
  const overlap = (a: Rectangle, b: Rectangle) =>
    Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
    Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y));
  return {
    getAllDisplays: () => displays,
    getPrimaryDisplay: () => displays[0]!,
    getDisplayMatching: (rect) =>
      [...displays].sort((a, b) => overlap(rect, b.workArea) - overlap(rect, a.workArea))[0]!,
  };
}

export class StandInMenu implements MenuApi {
  readonly built: MenuItemTemplate[][] = [];
  readonly applied: (BuiltMenu | null)[] = [];
  readonly popups: MenuItemTemplate[][] = [];

  buildFromTemplate(template: MenuItemTemplate[]): BuiltMenu {
    this.built.push(template);
    return { popup: () => this.popups.push(template) };
  }
  setApplicationMenu(menu: BuiltMenu | null): void {
    this.applied.push(menu);
  }
}

/** A clipboard that records every write and clear. */
export class StandInClipboard implements ClipboardPort {
  text = '';
  readonly history: string[] = [];
  async readText(): Promise<string> {
    return this.text;
  }
  async writeText(text: string): Promise<void> {
    this.text = text;
    this.history.push(`write ${text}`);
  }
  clear(): void {
    this.text = '';
    this.history.push('clear');
  }
}

/** Timers that run only when the test moves the clock. */
export class FakeClock implements TimerPort {
  now = 0;
  #next = 1;
  readonly #timers = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.now + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as number);
  }
  get pending(): number {
    return this.#timers.size;
  }
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [id, timer] of [...this.#timers].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.#timers.delete(id);
      timer.callback();
    }
    // Let the async work the callbacks started settle.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}
