/**
 * The thin Electron shell: window, protocol, IPC registration and app paths.
 * This file is the only place that imports `electron` (besides the preload);
 * everything it wires is plain Node, tested in Node.
 */
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import ElectronStore from 'electron-store';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CHANNELS } from '../../shared/ipc/contract.ts';
import { AppError } from '../../shared/errors.ts';
import { createCore } from '../core/core.ts';
import { createKeytarStore } from '../core/keychain.ts';
import { createLogger } from '../core/log.ts';
import { isTrustedSender } from '../core/sender.ts';
import {
  APP_ORIGIN,
  APP_SCHEME,
  CONTENT_SECURITY_POLICY,
  SECURE_WEB_PREFERENCES,
  isAllowedNavigation,
  mimeType,
  resolveAppFile,
} from './security.ts';

const log = createLogger();
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const allowedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
const rendererRoot = join(import.meta.dirname, '../renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) app.quit();

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, allowedOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(url, allowedOrigins)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

async function serveApp(request: Request): Promise<Response> {
  const file = resolveAppFile(rendererRoot, new URL(request.url).pathname);
  if (!file) return new Response('Not found', { status: 404 });
  const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
  if (!response || !response.ok) return new Response('Not found', { status: 404 });
  return new Response(response.body, {
    headers: {
      'content-type': mimeType(file),
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    },
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Team Safe Admin',
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(import.meta.dirname, '../preload/index.cjs') },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? `${APP_ORIGIN}/index.html`);
  return window;
}

async function main(): Promise<void> {
  await app.whenReady();
  protocol.handle(APP_SCHEME, serveApp);
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const core = await createCore({
    secrets: createKeytarStore(),
    settingsFile: new ElectronStore({ name: 'settings' }),
    log,
    appVersion: app.getVersion(),
    platform: process.platform,
    locale: app.getLocale(),
    defaultServerUrl: process.env.TEAM_SAFE_SERVER_URL ?? '',
    dataDir: app.getPath('userData'),
    syncIntervalMs: 30_000,
  });

  for (const channel of CHANNELS) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      const frame = event.senderFrame;
      const trusted = isTrustedSender(
        frame ? { url: frame.url, isMainFrame: frame.parent === null } : null,
        allowedOrigins,
      );
      if (!trusted) {
        log.warn(`ipc ${channel}: refused untrusted sender`);
        return { ok: false, error: new AppError('untrusted_sender', 'untrusted sender').toShape() };
      }
      return core.dispatch(channel, payload);
    });
  }
  core.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(name, payload);
  });

  createWindow();
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

void main().catch((error: unknown) => {
  log.error(`startup failed: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
});
