/**
 * The Electron shell's composition root. This file and `shell/*` are the
 * only main-process code that touches `electron`; each `shell/*` setup takes
 * the part of Electron's API it uses as a parameter (and is run for real in
 * Node tests against a recording stand-in), so all this file does is hand
 * the real `electron` to them, in order.
 */
import {
  app,
  BrowserWindow,
  clipboard,
  dialog,
  ipcMain,
  Menu,
  net,
  powerMonitor,
  protocol,
  screen,
  session,
  shell,
} from 'electron';
import electronLog from 'electron-log/main';
import ElectronStore from 'electron-store';
import electronUpdater from 'electron-updater';
import { basename, join } from 'node:path';
import { DEFAULT_LANGUAGE, firstSupportedLanguage } from '../../shared/languages.ts';
import { createCore, type Core } from '../core/core.ts';
import { detach } from '../core/detach.ts';
import { createKeytarStore } from '../core/keychain.ts';
import { createFileLogger } from '../core/log.ts';
import { createExportChooser } from './shell/save-dialog.ts';
import { createPolicyService } from '../core/policy/service.ts';
import { detectInstallKind, readInstallFacts } from '../core/updates/install-kind.ts';
import { recoverSettingsFile } from '../core/shell/settings-recovery.ts';
import { APP_ORIGIN } from '../core/security.ts';
import { installCrashRecovery } from './shell/crash-recovery.ts';
import { installEngineSwitches } from './shell/engine.ts';
import { installLifecycle } from './shell/lifecycle.ts';
import { ERROR_PAGE_URL, errorPages } from './shell/error-page.ts';
import { pushToWindow, registerIpc } from './shell/ipc.ts';
import { installApplicationMenu, installContextMenu } from './shell/menu.ts';
import { installPermissionPolicy } from './shell/permissions.ts';
import { installAppProtocol, registerAppScheme } from './shell/protocol.ts';
import { claimSingleInstance, LinkRelay } from './shell/single-instance.ts';
import { reportStartupFailure } from './shell/startup.ts';
import { createElectronUpdateChecker } from './shell/updater.ts';
import { installWebContentsGuards } from './shell/web-contents.ts';
import { bringToFront, createMainWindow, type MainWindow } from './shell/window.ts';

const logsFolder = app.getPath('logs');
const logFile = join(logsFolder, 'main.log');
const log = createFileLogger(electronLog, { file: logFile, console: !app.isPackaged });
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const allowedOrigins = devServerUrl ? [APP_ORIGIN, new URL(devServerUrl).origin] : [APP_ORIGIN];
const appUrl = devServerUrl ?? `${APP_ORIGIN}/index.html`;
const links = new LinkRelay();
let core: Core | null = null;
let window: MainWindow | null = null;

const systemLanguage = () =>
  firstSupportedLanguage(app.isReady() ? app.getPreferredSystemLanguages() : []) ?? DEFAULT_LANGUAGE;

function openWindow(ready: Core): MainWindow {
  const opened = createMainWindow(
    { BrowserWindow, screen },
    {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      url: appUrl,
      stateFile: join(app.getPath('userData'), 'window-state.json'),
      log,
    },
  );
  installContextMenu(opened.webContents, Menu, ready.uiLanguage);
  installCrashRecovery(opened, {
    errorPageUrl: ERROR_PAGE_URL,
    onRestart: () => ready.notices.add('renderer_restarted'),
    log,
  });
  window = opened;
  return opened;
}

async function main(): Promise<void> {
  await app.whenReady();
  const dataDir = app.getPath('userData');
  const { movedTo } = recoverSettingsFile(dataDir);
  if (movedTo) log.warn(`settings file was unreadable: set aside as ${basename(movedTo)}, defaults apply`);
  // Machine policy from the OS's own mechanism (registry, managed preferences, /etc).
  const policy = await createPolicyService({ log, platform: process.platform });
  const installKind = detectInstallKind(
    readInstallFacts({
      platform: process.platform,
      isPackaged: app.isPackaged,
      execPath: process.execPath,
      resourcesPath: process.resourcesPath,
      env: process.env,
    }),
  );
  log.info(`install kind: ${installKind}`);
  const ready = await createCore({
    secrets: createKeytarStore(),
    policy,
    // A packaged app updates through electron-updater; an unpackaged run keeps the core's plain feed checker.
    ...(app.isPackaged
      ? {
          updates: {
            checker: createElectronUpdateChecker(electronUpdater.autoUpdater, { log }),
            installKind,
            currentVersion: app.getVersion(),
          },
        }
      : {}),
    settingsFile: new ElectronStore({ name: 'settings' }),
    log,
    appVersion: app.getVersion(),
    platform: process.platform,
    locale: app.getSystemLocale(),
    desktop: {
      runtime: 'electron',
      packaged: app.isPackaged,
      versions: {
        electron: process.versions.electron ?? null,
        chrome: process.versions.chrome ?? null,
        node: process.versions.node,
      },
      preferredLanguages: app.getPreferredSystemLanguages(),
      logsFolder,
      clipboard,
      openPath: (path) => shell.openPath(path),
      chooseExportFile: createExportChooser({
        dialog,
        window: () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null,
        documents: app.getPath('documents'),
        language: () => core?.uiLanguage() ?? systemLanguage(),
      }),
    },
    notices: movedTo ? ['settings_recovered'] : [],
    defaultServerUrl: process.env.TEAM_SAFE_SERVER_URL ?? '',
    dataDir,
    syncIntervalMs: 30_000,
  });
  core = ready;
  installAppProtocol(
    { protocol, net },
    { rendererRoot: join(import.meta.dirname, '../renderer'), pages: errorPages(ready.uiLanguage, logsFolder) },
  );
  installPermissionPolicy(session.defaultSession, allowedOrigins, log);
  registerIpc(ipcMain, { dispatch: ready.dispatch, allowedOrigins, log });
  const menu = installApplicationMenu(Menu, {
    platform: process.platform,
    packaged: app.isPackaged,
    language: ready.uiLanguage,
    command: (command) => {
      if (window && !window.isDestroyed()) pushToWindow(window.webContents, 'app:command', { command });
    },
    openLogsFolder: () => {
      const opened = shell.openPath(logsFolder).then((problem) => problem && log.warn(`logs folder: ${problem}`));
      detach(opened, log, 'open logs folder');
    },
  });
  ready.subscribe((event, payload) => {
    for (const each of BrowserWindow.getAllWindows()) pushToWindow(each.webContents, event, payload);
    if (event === 'settings:changed') menu.refresh();
  });
  links.attach((raw) => ready.deepLinks.offer(raw));
  installLifecycle(
    { app, powerMonitor },
    {
      onResume: () => ready.sync.onResume(),
      refreshPolicy: () => policy.refresh(),
      dispose: () => ready.dispose(),
      log,
    },
  );
  openWindow(ready);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow(ready);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

installEngineSwitches(app.commandLine);
registerAppScheme(protocol);
const first = claimSingleInstance(app, process.argv, {
  links,
  onSecondInstance: () => {
    if (window && !window.isDestroyed()) bringToFront(window);
    else if (core) openWindow(core);
  },
});
if (!first) {
  app.quit();
} else {
  installWebContentsGuards(app, allowedOrigins, log);
  main().catch((error: unknown) =>
    reportStartupFailure({ dialog, app }, { error, language: core?.uiLanguage() ?? systemLanguage(), logFile, log }),
  );
}
