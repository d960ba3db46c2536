import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bringToFront, createMainWindow } from '../../electron/main/shell/window.ts';
import {
  restoreWindowState,
  MIN_WINDOW_SIZE,
  type DisplayArea,
  type WindowState,
} from '../../electron/main/shell/window-state.ts';
import { claimSingleInstance, LinkRelay, type InstanceApp } from '../../electron/main/shell/single-instance.ts';
import { SECURE_WEB_PREFERENCES } from '../../electron/core/security.ts';
import { RecordedEvent, recordingLog, StandInWindow, standInScreen } from './stand-ins.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsa-window-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  StandInWindow.created.length = 0;
});

const laptop: DisplayArea = { id: 1, workArea: { x: 0, y: 25, width: 1440, height: 875 } };
const monitorRight: DisplayArea = { id: 2, workArea: { x: 1440, y: 0, width: 2560, height: 1400 } };
const monitorLeftSmall: DisplayArea = { id: 3, workArea: { x: -1024, y: 0, width: 1024, height: 728 } };

function open(stateFile: string, displays: DisplayArea[]) {
  return createMainWindow(
    { BrowserWindow: StandInWindow, screen: standInScreen(displays) },
    { preload: '/app/preload/index.cjs', url: 'app://team-safe-admin/index.html', stateFile, log: recordingLog() },
  ) as StandInWindow;
}

describe('the main window', () => {
  it('is created with exactly the secure web preferences, the preload and Auxclick disabled', () => {
    const window = open(join(dir, 'none.json'), [laptop]);
    const { preload, ...preferences } = window.options.webPreferences;
    expect(preload).toBe('/app/preload/index.cjs');
    expect(preferences).toEqual(SECURE_WEB_PREFERENCES);
    expect(preferences.disableBlinkFeatures.split(',')).toContain('Auxclick');
    expect(window.calls).toContain('loadURL app://team-safe-admin/index.html');
    window.emit('ready-to-show');
    expect(window.calls).toContain('show');
  });

  it('remembers size, position, maximised state and display on close, and restores them', () => {
    const stateFile = join(dir, 'remembered.json');
    const first = open(stateFile, [laptop, monitorRight]);
    first.bounds = { x: 1600, y: 100, width: 1500, height: 1000 };
    first.maximized = true;
    first.emit('close');
    expect(JSON.parse(readFileSync(stateFile, 'utf8'))).toEqual({
      x: 1600,
      y: 100,
      width: 1500,
      height: 1000,
      maximized: true,
      displayId: 2,
    });
    const second = open(stateFile, [laptop, monitorRight]);
    expect(second.options).toMatchObject({ x: 1600, y: 100, width: 1500, height: 1000 });
    expect(second.calls).toContain('maximize');
  });

  it('opens on a display that exists after the one it was on was unplugged', () => {
    const stateFile = join(dir, 'unplugged.json');
    writeFileSync(
      stateFile,
      JSON.stringify({ x: 1800, y: 200, width: 1400, height: 900, maximized: false, displayId: 2 }),
    );
    const window = open(stateFile, [laptop]);
    const { x, y, width, height } = window.options;
    expect(x).toBeGreaterThanOrEqual(laptop.workArea.x);
    expect(y).toBeGreaterThanOrEqual(laptop.workArea.y);
    expect(x + width).toBeLessThanOrEqual(laptop.workArea.x + laptop.workArea.width);
    expect(y + height).toBeLessThanOrEqual(laptop.workArea.y + laptop.workArea.height);
  });

  it('ignores a damaged state file', () => {
    const stateFile = join(dir, 'damaged.json');
    writeFileSync(stateFile, '{"x": "left"');
    const window = open(stateFile, [laptop]);
    expect(window.options).toMatchObject({ width: 1280, height: 820 });
  });
});

describe('window state clamped to the displays that exist now', () => {
  const saved = (state: Partial<WindowState>): WindowState => ({
    x: 100,
    y: 100,
    width: 1200,
    height: 800,
    maximized: false,
    ...state,
  });
  const inside = (bounds: { x: number; y: number; width: number; height: number }, area: DisplayArea) =>
    bounds.x >= area.workArea.x &&
    bounds.y >= area.workArea.y &&
    bounds.x + bounds.width <= area.workArea.x + area.workArea.width &&
    bounds.y + bounds.height <= area.workArea.y + area.workArea.height;

  it('without a saved state: the default size, centred on the primary display', () => {
    const { bounds, maximized } = restoreWindowState(null, [laptop], laptop);
    expect(bounds).toEqual({ x: 80, y: 53, width: 1280, height: 820 });
    expect(maximized).toBe(false);
  });

  it('keeps a window that fits where it was', () => {
    expect(restoreWindowState(saved({ x: 2000, y: 50 }), [laptop, monitorRight], laptop).bounds).toEqual({
      x: 2000,
      y: 50,
      width: 1200,
      height: 800,
    });
  });

  it('pulls a window that hangs over an edge fully onto its display', () => {
    const { bounds } = restoreWindowState(saved({ x: 1000, y: 600 }), [laptop], laptop);
    expect(inside(bounds, laptop)).toBe(true);
    expect(bounds).toMatchObject({ width: 1200, height: 800 });
  });

  it('shrinks a window larger than the display, but not below the minimum the display allows', () => {
    const { bounds } = restoreWindowState(
      saved({ x: -1000, y: 10, width: 3000, height: 2000 }),
      [monitorLeftSmall],
      monitorLeftSmall,
    );
    expect(bounds).toEqual({ x: -1024, y: 0, width: 1024, height: 728 });
    const tiny = restoreWindowState(saved({ width: 200, height: 100 }), [laptop], laptop).bounds;
    expect(tiny).toMatchObject({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
  });

  it('centres a window that touches no display any more on its old display if it still exists, else the primary', () => {
    const far = saved({ x: 9000, y: 9000, displayId: 2 });
    const onOld = restoreWindowState(far, [laptop, monitorRight], laptop).bounds;
    expect(inside(onOld, monitorRight)).toBe(true);
    const onPrimary = restoreWindowState(far, [laptop], laptop).bounds;
    expect(inside(onPrimary, laptop)).toBe(true);
  });

  it('restores the maximised state', () => {
    expect(restoreWindowState(saved({ maximized: true }), [laptop], laptop).maximized).toBe(true);
  });
});

describe('a single instance', () => {
  function app(lock: boolean) {
    const emitter = new EventEmitter() as EventEmitter & InstanceApp;
    emitter.requestSingleInstanceLock = () => lock;
    return emitter;
  }

  it('a second launch restores, shows and focuses the minimised window and hands over its link', () => {
    const window = open(join(dir, 'single.json'), [laptop]);
    window.minimized = true;
    const links = new LinkRelay();
    const delivered: string[] = [];
    const instance = app(true);
    expect(
      claimSingleInstance(instance, ['/opt/tsa/team-safe-admin', 'teamsafeadmin://safe/abc'], {
        links,
        onSecondInstance: () => bringToFront(window),
      }),
    ).toBe(true);
    links.attach((raw) => delivered.push(raw));
    expect(delivered).toEqual(['teamsafeadmin://safe/abc']);

    instance.emit('second-instance', new RecordedEvent(), [
      '/opt/tsa/team-safe-admin',
      '--flag',
      'teamsafeadmin://safe/s1/member/m1',
    ]);
    expect(window.calls.slice(-3)).toEqual(['restore', 'show', 'focus']);
    expect(window.isMinimized()).toBe(false);
    expect(delivered.at(-1)).toBe('teamsafeadmin://safe/s1/member/m1');

    instance.emit('second-instance', new RecordedEvent(), ['/opt/tsa/team-safe-admin']);
    expect(window.calls.slice(-2)).toEqual(['show', 'focus']);
    expect(delivered).toHaveLength(2);
  });

  it('macOS open-url is taken over, also before the core exists', () => {
    const links = new LinkRelay();
    const instance = app(true);
    let fronted = 0;
    claimSingleInstance(instance, [], { links, onSecondInstance: () => fronted++ });
    const event = new RecordedEvent();
    instance.emit('open-url', event, 'teamsafeadmin://safe/xyz');
    expect(event.defaultPrevented).toBe(true);
    expect(fronted).toBe(1);
    const delivered: string[] = [];
    links.attach((raw) => delivered.push(raw));
    expect(delivered).toEqual(['teamsafeadmin://safe/xyz']);
  });

  it('without the lock it installs nothing, so the caller quits', () => {
    const instance = app(false);
    expect(
      claimSingleInstance(instance, ['x', 'teamsafeadmin://safe/a'], {
        links: new LinkRelay(),
        onSecondInstance: () => {},
      }),
    ).toBe(false);
    expect(instance.eventNames()).toEqual([]);
  });
});
