import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { installLifecycle, type LifecycleApp } from '../../electron/main/shell/lifecycle.ts';
import { RecordedEvent, recordingLog } from './stand-ins.ts';

class StandInApp extends EventEmitter implements LifecycleApp {
  quits = 0;
  isPackaged = true;
  readonly schemes = new Set<string>();
  isDefaultProtocolClient(protocol: string): boolean {
    return this.schemes.has(protocol);
  }
  setAsDefaultProtocolClient(protocol: string): boolean {
    this.schemes.add(protocol);
    return true;
  }
  quit(): void {
    this.quits += 1;
    const event = new RecordedEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.emit('quit');
  }
}

function setup(app = new StandInApp()) {
  const powerMonitor = new EventEmitter();
  const calls: string[] = [];
  let finishDispose: () => void = () => undefined;
  const targets = {
    onResume: vi.fn(async () => void calls.push('resume')),
    refreshPolicy: vi.fn(async () => void calls.push('policy')),
    dispose: vi.fn(
      () =>
        new Promise<void>((resolve) => {
          calls.push('dispose');
          finishDispose = resolve;
        }),
    ),
    log: recordingLog(),
  };
  installLifecycle({ app, powerMonitor }, targets);
  return { app, powerMonitor, calls, targets, finish: () => finishDispose() };
}

describe('the shell around the core', () => {
  it('claims the deep-link scheme when packaged, and never for a development run', () => {
    const packaged = setup().app;
    expect([...packaged.schemes]).toEqual(['teamsafeadmin']);
    const dev = new StandInApp();
    dev.isPackaged = false;
    setup(dev);
    expect(dev.schemes.size).toBe(0);
  });

  it('syncs at once when the machine wakes, and re-reads policy when a window comes to the front', () => {
    const { app, powerMonitor, calls } = setup();
    powerMonitor.emit('resume');
    app.emit('browser-window-focus');
    app.emit('browser-window-focus');
    expect(calls).toEqual(['resume', 'policy', 'policy']);
  });

  it('stops the core before the app quits, and quits once it has', async () => {
    const { app, targets, finish } = setup();
    const quit = vi.fn();
    app.on('quit', quit);
    app.quit();
    expect(targets.dispose).toHaveBeenCalledTimes(1);
    expect(quit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(quit).toHaveBeenCalledTimes(1));
    expect(targets.dispose).toHaveBeenCalledTimes(1);
    expect(app.quits).toBe(2);
  });
});
