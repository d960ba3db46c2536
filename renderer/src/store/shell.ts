import type { AppErrorShape } from '../../../shared/errors.ts';
import type { AppInfo, DeepLink, ShellNotice } from '../../../shared/ipc/contract.ts';
import type { ShellCommand } from '../../../shared/shortcuts.ts';
import { call } from '../bridge.ts';
import { regionOf, setFormattingRegion } from '../format/locale.ts';
import type { SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

export type ShellView = 'about' | 'shortcuts' | 'settings';

/** A command carried out by a component that may not be on screen yet (the search field, the invite button). */
export type DeferredCommand = 'findMembers' | 'invite';

export interface DeepLinkTarget extends DeepLink {
  /** Set once the member was found: what the notice names. */
  memberName?: string;
  problem?: 'safeMissing' | 'memberMissing';
  /** The member could not be looked up (offline, server error). */
  error?: AppErrorShape;
}

/**
 * The desktop around the window: what main says about it (`app:info`), the
 * About and Keyboard shortcuts views, one-time notices, commands from the
 * keyboard and the native menu, and deep links.
 */
export interface ShellSlice {
  appInfo: AppInfo | null;
  /** The OS locale from `app:info` (e.g. `de-CH`); '' when unknown, null until asked. */
  appLocale: string | null;
  /** The OS region dates and numbers follow (from main in the app, from the browser in the preview). */
  region: string | null;
  shellView: ShellView | null;
  notices: readonly ShellNotice[];
  pendingCommand: { command: DeferredCommand; serial: number } | null;
  deepLinkTarget: DeepLinkTarget | null;
  /** Bumped when something other than the user sets the member search (a deep link): the field shows it. */
  memberSearchSerial: number;

  loadAppInfo(): Promise<void>;
  openShellView(view: ShellView): void;
  closeShellView(): void;
  takeNotices(): Promise<void>;
  dismissNotice(notice: ShellNotice): void;
  /** From a key press or the native menu. */
  runCommand(command: ShellCommand): void;
  consumeCommand(serial: number): void;
  /**
   * After sign-in and whenever main announces one: open the waiting deep
   * link — its safe, and for a member link that member, found by a search
   * for their e-mail address and highlighted.
   */
  takeDeepLink(): Promise<void>;
  clearDeepLink(): void;
}

/** The browser's own region (preview), or the OS's as main reports it (app). */
function regionFor(info: AppInfo | null): string | null {
  if (info?.runtime === 'electron') return regionOf(info.locale);
  return regionOf(typeof navigator === 'undefined' ? undefined : navigator.languages?.[0]);
}

export const createShellSlice: SliceCreator<ShellSlice> = (set, get) => {
  /** Numbers deferred commands, so a component carries out each one once. */
  let serial = 0;
  return {
    appInfo: null,
    appLocale: null,
    region: null,
    shellView: null,
    notices: [],
    pendingCommand: null,
    deepLinkTarget: null,
    memberSearchSerial: 0,

    async loadAppInfo() {
      if (get().appLocale !== null) return;
      let info: AppInfo | null = null;
      try {
        info = await call('app:info', {});
      } catch {
        // Not fatal: the browser's locale stands in for the OS's.
      }
      const region = regionFor(info);
      setFormattingRegion(region);
      set({ appInfo: info, appLocale: info?.locale ?? '', region });
    },

    openShellView(view) {
      set({ shellView: view });
    },
    closeShellView() {
      set({ shellView: null });
    },

    async takeNotices() {
      try {
        const { notices } = await call('notices:take', {});
        if (notices.length > 0) set((state) => ({ notices: [...new Set([...state.notices, ...notices])] }));
      } catch {
        // Nothing to tell, then.
      }
    },
    dismissNotice(notice) {
      set((state) => ({ notices: state.notices.filter((each) => each !== notice) }));
    },

    runCommand(command) {
      const state = get();
      if (command === 'about' || command === 'shortcuts') return state.openShellView(command);
      if (state.session?.status !== 'signedIn') return;
      switch (command) {
        case 'signOut':
          return detach(state.signOut());
        case 'showMembers':
          return state.setWorkspaceSection('safes');
        case 'showGroups':
          return state.setWorkspaceSection('groups');
        case 'refresh':
          // Fetch what the server has now (main may answer from its offline copy), then re-read.
          if (state.workspaceSection === 'groups')
            return detach(state.syncNow().then(() => get().loadSecurityGroups()));
          if (state.selectedSafeId) return detach(state.reloadFromServer(state.selectedSafeId));
          return detach(state.syncNow());
        case 'findMembers':
        case 'invite':
          state.setWorkspaceSection('safes');
          set({ pendingCommand: { command, serial: ++serial } });
          return;
      }
    },
    consumeCommand(done) {
      if (get().pendingCommand?.serial === done) set({ pendingCommand: null });
    },

    async takeDeepLink() {
      if (get().session?.status !== 'signedIn') return;
      let link: DeepLink | null = null;
      try {
        ({ link } = await call('deepLink:take', {}));
      } catch {
        return;
      }
      if (!link) return;
      const epoch = get().sessionEpoch;
      get().setWorkspaceSection('safes');
      set({ deepLinkTarget: link, shellView: null });
      if (get().safesLoad.status !== 'ready') await get().loadSafes();
      if (get().sessionEpoch !== epoch || get().deepLinkTarget !== link) return;
      const safe = get().safes.find((each) => each.id === link.safeId);
      if (!safe) return set({ deepLinkTarget: { ...link, problem: 'safeMissing' } });
      get().selectSafe(safe.id);
      if (!link.memberId) return;
      try {
        const member = await call('members:get', { safeId: safe.id, memberId: link.memberId });
        if (get().sessionEpoch !== epoch || get().deepLinkTarget !== link) return;
        get().setStatusFilter('all');
        get().setMemberSearch(member.email);
        set((state) => ({
          deepLinkTarget: { ...link, memberName: member.name },
          memberSearchSerial: state.memberSearchSerial + 1,
        }));
      } catch (error) {
        const shape = get().handleError(error);
        if (get().sessionEpoch !== epoch || get().deepLinkTarget !== link) return;
        set({
          deepLinkTarget:
            shape.code === 'not_found' ? { ...link, problem: 'memberMissing' } : { ...link, error: shape },
        });
      }
    },
    clearDeepLink() {
      set({ deepLinkTarget: null });
    },
  };
};
