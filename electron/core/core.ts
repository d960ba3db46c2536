/**
 * The composition root of the main-process core: plain Node, no `electron`.
 * The Electron shell and the preview host both build it with their adapters
 * and hand IPC calls to `dispatch`.
 */
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.ts';
import type { ShellNotice } from '../../shared/ipc/shell.ts';
import { DEFAULT_LANGUAGE, firstSupportedLanguage, type Language } from '../../shared/languages.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import type { SecretStore } from './keychain.ts';
import type { Logger } from './log.ts';
import { SessionService } from './session.ts';
import { SettingsStore, type KeyValueFile } from './settings.ts';
import type { ApiClientOptions } from './api-client.ts';
import { versionEtag } from '../../shared/api/members.ts';
import { SyncService } from './sync.ts';
import { createShellHandlers, nodeDesktop, type DesktopPort } from './shell/desktop.ts';
import { DeepLinkInbox } from './shell/deep-link.ts';
import { NoticeBox } from './shell/notices.ts';

export interface CoreDeps {
  secrets: SecretStore;
  settingsFile: KeyValueFile;
  log: Logger;
  appVersion: string;
  platform: string;
  /** The OS locale, e.g. `de-CH`. */
  locale: string;
  /** The desktop around the core (Electron, or Node for the preview and tests). */
  desktop?: DesktopPort;
  /** Notices that arose before the core existed (a settings file set aside). */
  notices?: readonly ShellNotice[];
  defaultServerUrl: string;
  /** The app's data folder (the offline cache lives in it). */
  dataDir: string;
  /** Background sync period; 0 or absent: only on demand. */
  syncIntervalMs?: number;
  /** The clock (tests move it to age the offline copy). */
  now?: () => number;
  api?: ApiClientOptions;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Core {
  dispatch: Dispatch;
  /** Subscribe to pushes for the renderer; returns the unsubscribe function. */
  subscribe(listener: CoreEventListener): () => void;
  session: SessionService;
  sync: SyncService;
  /** One-time notices for the window (a crash reload adds one). */
  notices: NoticeBox;
  /** Deep links from the OS wait here until the signed-in window takes them. */
  deepLinks: DeepLinkInbox;
  /** The UI language: the user's choice, else the OS's first supported preferred language. */
  uiLanguage(): Language;
}

const ifMatch = (version: number) => ({ 'if-match': versionEtag(version) });

export async function createCore(deps: CoreDeps): Promise<Core> {
  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const settings = new SettingsStore(deps.settingsFile);
  let sync: SyncService | null = null;
  let signedInAccount: string | null = null;
  const session = new SessionService({
    secrets: deps.secrets,
    settings,
    log: deps.log,
    defaultServerUrl: deps.defaultServerUrl,
    ...(deps.api ? { api: deps.api } : {}),
    onChange: (state) => {
      // A session that ends (sign-out or revoked) takes its offline copy with it.
      if (state.status === 'signedOut' && signedInAccount) void sync?.wipe(signedInAccount);
      signedInAccount = session.account;
      emit('session:changed', state);
    },
  });
  await session.restore();
  signedInAccount = session.account;
  const desktop = deps.desktop ?? nodeDesktop(null);
  const systemLanguage = firstSupportedLanguage([...desktop.preferredLanguages, deps.locale]) ?? DEFAULT_LANGUAGE;
  const uiLanguage = (): Language => settings.read().language ?? systemLanguage;
  const notices = new NoticeBox();
  for (const notice of deps.notices ?? []) notices.add(notice);
  const deepLinks = new DeepLinkInbox(deps.log, (link) => emit('deepLink:changed', link));
  sync = new SyncService({
    session,
    settings,
    secrets: deps.secrets,
    dataDir: deps.dataDir,
    log: deps.log,
    language: uiLanguage,
    ...(deps.now ? { now: deps.now } : {}),
    emit: (status) => emit('sync:changed', status),
  });
  const offline = sync;

  /** A change: refused offline; afterwards the safe's copy catches up before the UI re-reads it. */
  const change = async <T>(safeId: string | 'groups', run: () => Promise<T>): Promise<T> => {
    offline.requireOnline();
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await offline.noteFailure(error);
      throw error;
    }
    const catchUp = safeId === 'groups' ? offline.syncGroups() : offline.syncSafe(safeId);
    await catchUp.catch((error: unknown) => offline.noteFailure(error));
    return result;
  };
  const publicSettings = () => {
    const { language, cacheEnabled, cacheMaxAgeDays } = settings.read();
    return { language, cacheEnabled, cacheMaxAgeDays };
  };

  const handlers: Handlers = {
    ...createShellHandlers({
      desktop,
      appVersion: deps.appVersion,
      platform: deps.platform,
      locale: deps.locale,
      notices,
      deepLinks,
    }),
    'session:get': async () => session.state(),
    'session:signIn': ({ serverUrl, email, password }) => session.signIn(serverUrl, email, password),
    'session:signOut': async () => {
      await offline.wipe(session.account);
      return session.signOut();
    },
    'settings:get': async () => publicSettings(),
    'settings:update': async (patch) => {
      const clean = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
      settings.update(clean);
      if (patch.cacheEnabled === false) await offline.wipe(session.account);
      emit('settings:changed', publicSettings());
      return publicSettings();
    },
    'safes:list': () => offline.safes(),
    'sync:status': () => offline.status(),
    'sync:now': () => offline.syncAll(),
    'sync:acknowledge': async () => {
      offline.acknowledge();
      return offline.status();
    },
    'members:list': ({ safeId, ...query }) => offline.members(safeId, query),
    'members:invite': ({ safeId, requestId, invitation }) =>
      change(safeId, () =>
        session.call('inviteMember', {
          params: { safeId },
          headers: { 'idempotency-key': requestId },
          body: invitation,
        }),
      ),
    'members:resend': ({ safeId, memberId, version }) =>
      change(safeId, () =>
        session.call('resendInvitation', { params: { safeId, memberId }, headers: ifMatch(version) }),
      ),
    'members:revoke': ({ safeId, memberId, version }) =>
      change(safeId, async () => {
        await session.call('revokeInvitation', { params: { safeId, memberId }, headers: ifMatch(version) });
        return {};
      }),
    'members:changeRole': ({ safeId, memberId, version, role }) =>
      change(safeId, () =>
        session.call('changeMemberRole', { params: { safeId, memberId }, headers: ifMatch(version), body: { role } }),
      ),
    'members:remove': ({ safeId, memberId, version }) =>
      change(safeId, async () => {
        await session.call('removeMember', { params: { safeId, memberId }, headers: ifMatch(version) });
        return {};
      }),
    'members:get': ({ safeId, memberId }) => offline.member(safeId, memberId),
    'members:audit': ({ safeId }) => session.call('listSafeAudit', { params: { safeId } }),
    'permissions:catalogue': () =>
      offline.groupsRead(
        () => session.call('listPermissions'),
        (replica) => replica.snapshot.catalogue,
      ),
    'permissions:matrix': (query) => session.call('permissionMatrix', { query }),
    'groups:list': () =>
      offline.groupsRead(
        () => session.call('listSecurityGroups'),
        (replica) => replica.groupList(),
      ),
    'groups:members': ({ groupId, ...query }) =>
      offline.groupsRead(
        () => session.call('listGroupMembers', { params: { groupId }, query }),
        (replica) => replica.members(groupId, query, uiLanguage()),
      ),
    'groups:addMember': ({ groupId, userId }) =>
      change('groups', () => session.call('addGroupMember', { params: { groupId }, body: { userId } })),
    'groups:removeMembers': ({ groupId, userIds }) =>
      change('groups', () => session.call('removeGroupMembers', { params: { groupId }, body: { userIds } })),
    'groups:bulkAdd': ({ groupId, entries }) =>
      change('groups', () => session.call('bulkAddGroupMembers', { params: { groupId }, body: { entries } })),
    'users:search': (query) => session.call('searchUsers', { query }),
    'users:permissions': ({ userId }) =>
      offline.groupsRead(
        () => session.call('userPermissions', { params: { userId } }),
        (replica) => replica.userPermissions(userId),
      ),
  };

  if (deps.syncIntervalMs) {
    const timer = setInterval(() => void offline.syncAll(), deps.syncIntervalMs);
    timer.unref?.();
  }

  return {
    dispatch: createDispatcher(handlers, deps.log),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session,
    sync: offline,
    notices,
    deepLinks,
    uiLanguage,
  };
}
