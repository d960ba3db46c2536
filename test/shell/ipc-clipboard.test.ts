/**
 * The real IPC registration in front of a real core (Node, real keychain),
 * the core answering the shell's channels with an Electron-like desktop
 * port: a recording clipboard and a fake clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../shared/errors.ts';
import { CHANNELS } from '../../shared/ipc/contract.ts';
import type { Core } from '../../electron/core/core.ts';
import { ClipboardService, SENSITIVE_CLEAR_SECONDS } from '../../electron/core/shell/clipboard.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';
import { registerIpc, type IpcMainApi, type InvokeEvent } from '../../electron/main/shell/ipc.ts';
import { APP_ORIGIN } from '../../electron/core/security.ts';
import { FakeClock, recordingLog, StandInClipboard } from './stand-ins.ts';

const dir = mkdtempSync(join(tmpdir(), 'tsa-shell-ipc-'));
const clipboard = new StandInClipboard();
const clock = new FakeClock();
const log = recordingLog();
const handlers = new Map<string, (event: InvokeEvent, payload: unknown) => Promise<Result<unknown>>>();
let core: Core;

beforeAll(async () => {
  core = await createNodeCore({
    keychainService: TEST_KEYCHAIN_SERVICE,
    dataDir: dir,
    defaultServerUrl: 'http://127.0.0.1:9',
    log,
    desktop: {
      runtime: 'electron',
      packaged: true,
      versions: { electron: '45.4.1', chrome: '142.0.0.0', node: '24.11.0' },
      preferredLanguages: ['fr-CH', 'de-CH'],
      logsFolder: join(dir, 'logs'),
      clipboard,
      timers: clock,
      openPath: async () => '',
    },
  });
  const ipcMain: IpcMainApi = { handle: (channel, listener) => handlers.set(channel, listener) };
  registerIpc(ipcMain, { dispatch: core.dispatch, allowedOrigins: [APP_ORIGIN], log });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const fromApp: InvokeEvent = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } };
const invoke = (channel: string, payload: unknown, event: InvokeEvent = fromApp) => {
  const handler = handlers.get(channel);
  if (!handler) throw new Error(`${channel} has no handler`);
  return handler(event, payload);
};

describe('IPC registration', () => {
  it('answers every contract channel, and nothing else', () => {
    expect([...handlers.keys()].sort()).toEqual([...CHANNELS].sort());
  });

  it('refuses senders that are not the app’s top-level document', async () => {
    const untrusted: InvokeEvent[] = [
      { senderFrame: null },
      { senderFrame: { url: 'https://evil.example/', parent: null } },
      { senderFrame: { url: 'file:///tmp/x.html', parent: null } },
      { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: {} } },
    ];
    for (const event of untrusted) {
      const before = clipboard.history.length;
      expect(await invoke('clipboard:writeText', { text: 'x', sensitive: false }, event)).toMatchObject({
        ok: false,
        error: { code: 'untrusted_sender' },
      });
      expect(clipboard.history.length).toBe(before);
    }
    expect(log.lines.filter((line) => line.includes('refused untrusted sender'))).toHaveLength(untrusted.length);
  });

  it('tells the window about the desktop it runs in', async () => {
    expect(await invoke('app:info', {})).toMatchObject({
      ok: true,
      value: {
        runtime: 'electron',
        versions: { electron: '45.4.1', chrome: '142.0.0.0' },
        preferredLanguages: ['fr-CH', 'de-CH'],
        logsFolder: join(dir, 'logs'),
        canOpenLogsFolder: true,
      },
    });
    // No language chosen yet: the first supported OS language.
    expect(core.uiLanguage()).toBe('fr');
  });
});

describe('clipboard:writeText', () => {
  it('copies through main and clears a security code after 60 s if it is still there', async () => {
    expect(await invoke('clipboard:writeText', { text: 'K7M2Q9XP', sensitive: true })).toEqual({
      ok: true,
      value: { clearAfterSeconds: SENSITIVE_CLEAR_SECONDS },
    });
    expect(clipboard.text).toBe('K7M2Q9XP');
    await clock.advance(SENSITIVE_CLEAR_SECONDS * 1000 - 1);
    expect(clipboard.text).toBe('K7M2Q9XP');
    await clock.advance(1);
    expect(clipboard.text).toBe('');
    expect(clipboard.history.at(-1)).toBe('clear');
  });

  it('leaves alone what the user copied since', async () => {
    await invoke('clipboard:writeText', { text: 'AB34CD56', sensitive: true });
    clipboard.text = 'something the user copied in another app';
    await clock.advance(SENSITIVE_CLEAR_SECONDS * 1000);
    expect(clipboard.text).toBe('something the user copied in another app');
    expect(clipboard.history.at(-1)).toBe('write AB34CD56');
  });

  it('never clears ordinary copies, and a newer copy cancels a pending clear', async () => {
    expect(await invoke('clipboard:writeText', { text: 'diagnostics', sensitive: false })).toEqual({
      ok: true,
      value: { clearAfterSeconds: null },
    });
    expect(clock.pending).toBe(0);
    await invoke('clipboard:writeText', { text: 'ZZ22YY33', sensitive: true });
    expect(clock.pending).toBe(1);
    await invoke('clipboard:writeText', { text: 'ZZ22YY33', sensitive: false });
    expect(clock.pending).toBe(0);
    await clock.advance(SENSITIVE_CLEAR_SECONDS * 1000);
    expect(clipboard.text).toBe('ZZ22YY33');
  });

  it('refuses malformed and oversized requests without touching the clipboard', async () => {
    const before = clipboard.history.length;
    for (const payload of [
      { text: 'x' },
      { text: 42, sensitive: true },
      { text: 'x'.repeat(70_000), sensitive: false },
    ]) {
      expect(await invoke('clipboard:writeText', payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload' },
      });
    }
    expect(clipboard.history.length).toBe(before);
  });

  it('the service alone: a clipboard that cannot be read is not cleared', async () => {
    const unreadable = new StandInClipboard();
    unreadable.readText = () => Promise.reject(new Error('busy'));
    const service = new ClipboardService(unreadable, clock);
    await service.writeText('QQ77RR88', true);
    await clock.advance(SENSITIVE_CLEAR_SECONDS * 1000);
    expect(unreadable.history).toEqual(['write QQ77RR88']);
  });
});
