/**
 * What the core needs from the desktop around it, as a port: the Electron
 * shell fills it from Electron's API, the preview host from Node and the
 * browser. The channels the shell adds to the contract (About, clipboard,
 * logs folder, notices, deep links) are answered here.
 */
import { AppError } from '../../../shared/errors.ts';
import type { Handlers } from '../../../shared/ipc/contract.ts';
import type { AppInfo } from '../../../shared/ipc/shell.ts';
import { ClipboardService, type ClipboardPort, type TimerPort } from './clipboard.ts';
import type { DeepLinkInbox } from './deep-link.ts';
import type { NoticeBox } from './notices.ts';

export interface DesktopPort {
  runtime: AppInfo['runtime'];
  packaged: boolean;
  versions: AppInfo['versions'];
  /** The OS's preferred languages (`app.getPreferredSystemLanguages()`); empty in the preview. */
  preferredLanguages: readonly string[];
  logsFolder: string | null;
  /** Electron's clipboard; absent in the preview, whose bridge uses the browser's. */
  clipboard?: ClipboardPort;
  timers?: TimerPort;
  /** `shell.openPath`: resolves to '' on success, else the OS's reason. Absent in the preview. */
  openPath?: (path: string) => Promise<string>;
  /** The native save dialog for a CSV export (the path chosen, or null). Absent in the preview: a download. */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>;
}

/** Node without Electron: the preview host and the tests. */
export function nodeDesktop(logsFolder: string | null): DesktopPort {
  return {
    runtime: 'preview',
    packaged: false,
    versions: { electron: null, chrome: null, node: process.versions.node },
    preferredLanguages: [],
    logsFolder,
  };
}

type ShellChannel = 'app:info' | 'app:openLogsFolder' | 'clipboard:writeText' | 'notices:take' | 'deepLink:take';

export interface ShellHandlerDeps {
  desktop: DesktopPort;
  appVersion: string;
  platform: string;
  locale: string;
  notices: NoticeBox;
  deepLinks: DeepLinkInbox;
}

export function createShellHandlers(deps: ShellHandlerDeps): Pick<Handlers, ShellChannel> {
  const { desktop } = deps;
  const clipboard = desktop.clipboard ? new ClipboardService(desktop.clipboard, desktop.timers) : null;
  return {
    'app:info': async () => ({
      version: deps.appVersion,
      platform: deps.platform,
      locale: deps.locale,
      runtime: desktop.runtime,
      packaged: desktop.packaged,
      versions: desktop.versions,
      preferredLanguages: [...desktop.preferredLanguages],
      logsFolder: desktop.logsFolder,
      canOpenLogsFolder: Boolean(desktop.openPath && desktop.logsFolder),
    }),
    'app:openLogsFolder': async () => {
      if (!desktop.openPath || !desktop.logsFolder) throw new AppError('desktop_only', 'no folder to open here');
      const problem = await desktop.openPath(desktop.logsFolder);
      if (problem) throw new AppError('internal', `the logs folder could not be opened: ${problem}`);
      return {};
    },
    'clipboard:writeText': async ({ text, sensitive }) => {
      if (!clipboard) throw new AppError('desktop_only', 'no system clipboard in this host');
      return clipboard.writeText(text, sensitive);
    },
    'notices:take': async () => ({ notices: deps.notices.take() }),
    'deepLink:take': async () => ({ link: deps.deepLinks.take() }),
  };
}
