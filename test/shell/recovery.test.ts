import { describe, expect, it } from 'vitest';
import {
  INITIAL_RECOVERY,
  installCrashRecovery,
  nextRecovery,
  type RecoveryEvent,
} from '../../electron/main/shell/crash-recovery.ts';
import { reportStartupFailure, startupFailureMessage } from '../../electron/main/shell/startup.ts';
import { recordingLog, StandInWindow } from './stand-ins.ts';

const ERROR_PAGE = 'app://team-safe-admin/__shell/error.html';

function replay(events: RecoveryEvent[]) {
  let state = INITIAL_RECOVERY;
  return events.map((event) => {
    const next = nextRecovery(state, event);
    state = next.state;
    return next.action;
  });
}

describe('crash recovery, as a state machine', () => {
  it('reloads once, then shows the error page', () => {
    expect(replay([{ type: 'gone', reason: 'crashed' }, { type: 'loaded' }, { type: 'gone', reason: 'oom' }])).toEqual([
      'reload',
      'none',
      'error-page',
    ]);
  });

  it('kills a hung renderer before reloading it, and ignores the kill it caused', () => {
    expect(
      replay([
        { type: 'unresponsive' },
        { type: 'gone', reason: 'killed' },
        { type: 'loaded' },
        { type: 'unresponsive' },
      ]),
    ).toEqual(['kill-and-reload', 'none', 'none', 'kill-and-error-page']);
  });

  it('does not count a clean exit, and a crash during the reload goes to the error page', () => {
    expect(
      replay([
        { type: 'gone', reason: 'clean-exit' },
        { type: 'gone', reason: 'crashed' },
        { type: 'gone', reason: 'crashed' },
      ]),
    ).toEqual(['none', 'reload', 'error-page']);
  });

  it('starts counting again after "Try again" loaded the app cleanly', () => {
    expect(
      replay([
        { type: 'gone', reason: 'crashed' },
        { type: 'loaded' },
        { type: 'gone', reason: 'crashed' },
        { type: 'gone', reason: 'crashed' },
        { type: 'loaded' },
        { type: 'gone', reason: 'crashed' },
      ]),
    ).toEqual(['reload', 'none', 'error-page', 'none', 'none', 'reload']);
  });
});

describe('crash recovery installed on a window', () => {
  const window = new StandInWindow({
    x: 0,
    y: 0,
    width: 1000,
    height: 700,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Team Safe Admin',
    webPreferences: {} as StandInWindow['options']['webPreferences'],
  });
  const restarts: number[] = [];
  const log = recordingLog();
  installCrashRecovery(window, { errorPageUrl: ERROR_PAGE, onRestart: () => restarts.push(1), log });
  const contents = window.webContents;

  it('reloads a crashed renderer and tells the window once it is back', () => {
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(contents.calls).toEqual(['reload']);
    expect(restarts).toEqual([1]);
    contents.emit('did-finish-load');
  });

  it('shows the local error page when it fails again', () => {
    window.emit('unresponsive');
    expect(contents.calls.slice(1)).toEqual(['forcefullyCrashRenderer', `loadURL ${ERROR_PAGE}`]);
    expect(restarts).toEqual([1]);
    // The error page's own load does not count as the app starting again.
    contents.emit('did-finish-load');
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    expect(contents.calls).toHaveLength(3);
    expect(log.lines.filter((line) => line.startsWith('error renderer'))).toHaveLength(2);
  });
});

describe('a startup failure', () => {
  it('shows a native error box with the reason and the log file, translated, then exits', () => {
    const boxes: [string, string][] = [];
    const exits: number[] = [];
    const log = recordingLog();
    reportStartupFailure(
      {
        dialog: { showErrorBox: (title, content) => boxes.push([title, content]) },
        app: { exit: (code) => exits.push(code) },
      },
      {
        error: new Error('EACCES: permission denied, open settings.json'),
        language: 'de',
        logFile: '/home/a/logs/main.log',
        log,
      },
    );
    expect(boxes).toEqual([
      [
        'Team Safe Admin konnte nicht gestartet werden',
        'EACCES: permission denied, open settings.json\n\nMehr steht vielleicht in der Protokolldatei: /home/a/logs/main.log',
      ],
    ]);
    expect(exits).toEqual([1]);
    expect(log.lines[0]).toContain('startup failed: Error: EACCES');
  });

  it('keeps secrets out of the box', () => {
    const { content } = startupFailureMessage(
      new Error('refused for anna@example.ch with Bearer abc.def'),
      'en',
      '/x/main.log',
    );
    expect(content).not.toMatch(/anna@example\.ch|abc\.def/);
  });
});
