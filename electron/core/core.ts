/**
 * The composition root of the main-process core: plain Node, no `electron`.
 * The Electron shell and the preview host both build it with their adapters
 * and hand IPC calls to `dispatch`.
 */
import type { EventName, EventPayload, Handlers } from '../../shared/ipc/contract.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import type { SecretStore } from './keychain.ts';
import type { Logger } from './log.ts';
import { SessionService } from './session.ts';
import { SettingsStore, type KeyValueFile } from './settings.ts';
import type { ApiClientOptions } from './api-client.ts';
import { versionEtag } from '../../shared/api/members.ts';

export interface CoreDeps {
  secrets: SecretStore;
  settingsFile: KeyValueFile;
  log: Logger;
  appVersion: string;
  platform: string;
  /** The OS locale, e.g. `de-CH`. */
  locale: string;
  defaultServerUrl: string;
  api?: ApiClientOptions;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface Core {
  dispatch: Dispatch;
  /** Subscribe to pushes for the renderer; returns the unsubscribe function. */
  subscribe(listener: CoreEventListener): () => void;
  session: SessionService;
}

const ifMatch = (version: number) => ({ 'if-match': versionEtag(version) });

export async function createCore(deps: CoreDeps): Promise<Core> {
  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const settings = new SettingsStore(deps.settingsFile);
  const session = new SessionService({
    secrets: deps.secrets,
    settings,
    log: deps.log,
    defaultServerUrl: deps.defaultServerUrl,
    ...(deps.api ? { api: deps.api } : {}),
    onChange: (state) => emit('session:changed', state),
  });
  await session.restore();

  const handlers: Handlers = {
    'app:info': async () => ({ version: deps.appVersion, platform: deps.platform, locale: deps.locale }),
    'session:get': async () => session.state(),
    'session:signIn': ({ serverUrl, email, password }) => session.signIn(serverUrl, email, password),
    'session:signOut': () => session.signOut(),
    'settings:get': async () => ({ language: settings.read().language }),
    'settings:update': async (patch) => {
      const next = settings.update(patch.language === undefined ? {} : { language: patch.language });
      return { language: next.language };
    },
    'safes:list': () => session.call('listTeamSafes'),
    'members:list': ({ safeId, status, offset, limit, q, sort, dir }) =>
      session.call('listMembers', { params: { safeId }, query: { status, offset, limit, q, sort, dir } }),
    'members:invite': ({ safeId, requestId, invitation }) =>
      session.call('inviteMember', {
        params: { safeId },
        headers: { 'idempotency-key': requestId },
        body: invitation,
      }),
    'members:resend': ({ safeId, memberId, version }) =>
      session.call('resendInvitation', { params: { safeId, memberId }, headers: ifMatch(version) }),
    'members:revoke': async ({ safeId, memberId, version }) => {
      await session.call('revokeInvitation', { params: { safeId, memberId }, headers: ifMatch(version) });
      return {};
    },
    'members:changeRole': ({ safeId, memberId, version, role }) =>
      session.call('changeMemberRole', { params: { safeId, memberId }, headers: ifMatch(version), body: { role } }),
    'members:remove': async ({ safeId, memberId, version }) => {
      await session.call('removeMember', { params: { safeId, memberId }, headers: ifMatch(version) });
      return {};
    },
    'members:audit': ({ safeId }) => session.call('listSafeAudit', { params: { safeId } }),
    'permissions:catalogue': () => session.call('listPermissions'),
    'permissions:matrix': (query) => session.call('permissionMatrix', { query }),
    'groups:list': () => session.call('listSecurityGroups'),
    'groups:members': ({ groupId, ...query }) => session.call('listGroupMembers', { params: { groupId }, query }),
    'groups:addMember': ({ groupId, userId }) =>
      session.call('addGroupMember', { params: { groupId }, body: { userId } }),
    'groups:removeMembers': ({ groupId, userIds }) =>
      session.call('removeGroupMembers', { params: { groupId }, body: { userIds } }),
    'groups:bulkAdd': ({ groupId, entries }) =>
      session.call('bulkAddGroupMembers', { params: { groupId }, body: { entries } }),
    'users:search': (query) => session.call('searchUsers', { query }),
    'users:permissions': ({ userId }) => session.call('userPermissions', { params: { userId } }),
  };

  return {
    dispatch: createDispatcher(handlers, deps.log),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session,
  };
}
