/**
 * The composition root of the main-process core: plain Node, no `electron`.
 * The Electron shell and the preview host both build it with their adapters
 * and hand IPC calls to `dispatch`. Services are built in dependency order
 * and react to each other through subscriptions; `dispose` undoes both.
 */
import type { ChangeReport, EventName, EventPayload, Handlers, SyncStatus } from '../../shared/ipc/contract.ts';
import { AppError } from '../../shared/errors.ts';
import type { ShellNotice } from '../../shared/ipc/shell.ts';
import { DEFAULT_LANGUAGE, firstSupportedLanguage, type Language } from '../../shared/languages.ts';
import type { ApiClientOptions } from './api-client.ts';
import type { CacheFileSystem } from './cache/cache-fs.ts';
import { createDispatcher, type Dispatch } from './dispatcher.ts';
import { detach } from './detach.ts';
import { guardSecretStore, type SecretStore } from './keychain.ts';
import type { Logger } from './log.ts';
import { SessionService } from './session.ts';
import { createPipelineHandlers } from './pipeline.ts';
import { createGroupHandlers } from './group-handlers.ts';
import { createMemberHandlers } from './member-handlers.ts';
import { controlsOf, createManaged, noPolicy, type UpdateDeps } from './managed.ts';
import type { PolicyService } from './policy/service.ts';
import { SettingsStore, type KeyValueFile } from './settings.ts';
import { createFeedChecker } from './updates/feed.ts';
import { createShellHandlers, nodeDesktop, type DesktopPort } from './shell/desktop.ts';
import { DeepLinkInbox } from './shell/deep-link.ts';
import { NoticeBox } from './shell/notices.ts';
import { Connectivity } from './sync/connectivity.ts';
import { OfflineCopies } from './sync/copies.ts';
import { SyncCoordinator } from './sync/coordinator.ts';
import { GroupSync } from './sync/group-sync.ts';
import { AuditSync } from './sync/audit-sync.ts';
import { CsvExports } from './export/csv-export.ts';
import { join } from 'node:path';
import { MemberSync } from './sync/member-sync.ts';
import { ReadRouter } from './sync/reads.ts';
import { SyncScheduler, realTimers, type Timers } from './sync/scheduler.ts';
import { SyncStatusService } from './sync/status.ts';

/** The app syncs in the background this often (and so does the preview host). */
export const DEFAULT_SYNC_INTERVAL_MS = 30_000;

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
  /** Background sync period (default 30 s); 0: only on demand. Online, a copy answers reads for twice this long. */
  syncIntervalMs?: number;
  /** The wall clock (offline ages; tests move it to age the offline copy). */
  now?: () => number;
  /** Elapsed time (token lifetimes, online freshness): immune to a wall clock that jumps. */
  monotonic?: () => number;
  /** Background sync timers (tests drive them by hand). */
  timers?: Timers;
  /** Jitter of the retry backoff. */
  random?: () => number;
  /** Machine policy (the OS's policy mechanism); none: every policy at its default. */
  policy?: PolicyService;
  /** The updater: electron-updater in a packaged app; default: the plain feed checker of an unpackaged run. */
  updates?: UpdateDeps;
  /** The offline cache's disk (tests make it fail). */
  cacheFs?: CacheFileSystem;
  api?: ApiClientOptions;
}

export type CoreEventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** The sync triggers the shell (and the preview host) feed, and direct runs for tests and the bench. */
export interface SyncControl {
  /** Sync everything now and answer the status afterwards. */
  syncAll(): Promise<SyncStatus>;
  /** Bring one safe's copy up to date now; what changed. */
  syncSafe(safeId: string): Promise<ChangeReport | null>;
  /** The machine woke from sleep: sync at once. */
  onResume(): Promise<void>;
  /** The network is back: sync at once (the backoff starts over). */
  onNetworkBack(): Promise<void>;
}

export interface Core {
  dispatch: Dispatch;
  /** Subscribe to pushes for the renderer; returns the unsubscribe function. */
  subscribe(listener: CoreEventListener): () => void;
  session: SessionService;
  sync: SyncControl;
  /** One-time notices for the window (a crash reload adds one). */
  notices: NoticeBox;
  /** Deep links from the OS wait here until the signed-in window takes them. */
  deepLinks: DeepLinkInbox;
  /** CSV exports; the preview host hands written files to the browser through `takeDownload`. */
  exports: Pick<CsvExports, 'takeDownload'>;
  /** The UI language: the user's choice, else the OS's first supported preferred language. */
  uiLanguage(): Language;
  /** Stop the background sync and every subscription; waits for a sync under way. */
  dispose(): Promise<void>;
}

export async function createCore(deps: CoreDeps): Promise<Core> {
  const listeners = new Set<CoreEventListener>();
  const emit: CoreEventListener = (event, payload) => {
    for (const listener of listeners) listener(event, payload);
  };
  const { log, dataDir } = deps;
  const now = deps.now ?? Date.now;
  const monotonic = deps.monotonic ?? (() => performance.now());
  const intervalMs = deps.syncIntervalMs ?? DEFAULT_SYNC_INTERVAL_MS;
  const secrets = guardSecretStore(deps.secrets, log);
  const timers = deps.timers ?? realTimers;
  const policy = deps.policy ?? noPolicy();
  const settings = new SettingsStore(deps.settingsFile, controlsOf(policy));
  const desktop = deps.desktop ?? nodeDesktop(null);
  const systemLanguage = firstSupportedLanguage([...desktop.preferredLanguages, deps.locale]) ?? DEFAULT_LANGUAGE;
  const uiLanguage = (): Language => settings.read().language ?? systemLanguage;
  const notices = new NoticeBox();
  for (const notice of deps.notices ?? []) notices.add(notice);
  const deepLinks = new DeepLinkInbox(log, (link) => emit('deepLink:changed', link));

  const session = new SessionService({
    secrets,
    settings,
    log,
    defaultServerUrl: deps.defaultServerUrl,
    monotonic,
    ...(deps.api ? { api: deps.api } : {}),
  });
  const connectivity = new Connectivity();
  const copies = new OfflineCopies({
    account: () => session.account,
    settings,
    secrets,
    dataDir,
    log,
    language: uiLanguage,
    ...(deps.cacheFs ? { fs: deps.cacheFs } : {}),
  });
  const memberSync = new MemberSync({ session, copies, now, monotonic });
  const groupSync = new GroupSync({ session, copies, now });
  const reads = new ReadRouter({
    session,
    settings,
    copies,
    connectivity,
    memberSync,
    language: uiLanguage,
    now,
    monotonic,
    onlineFreshMs: 2 * (intervalMs || DEFAULT_SYNC_INTERVAL_MS),
  });
  const status = new SyncStatusService({
    copies,
    connectivity,
    reads,
    now,
    emit: (next) => emit('sync:changed', next),
  });
  const auditSync = new AuditSync({
    session,
    settings,
    secrets,
    connectivity,
    dataDir,
    log,
    now,
    freshOffline: (syncedAt) => reads.freshOffline(syncedAt),
    onDiscarded: () => copies.noteDiscarded(),
    ...(deps.cacheFs ? { fs: deps.cacheFs } : {}),
  });
  const coordinator = new SyncCoordinator({
    session,
    copies,
    connectivity,
    reads,
    memberSync,
    groupSync,
    auditSync,
    status,
    log,
  });
  const groupMembers = (groupId: string, query: { q?: string | undefined; offset: number; limit: number }) =>
    reads.groups(
      () => session.call('listGroupMembers', { params: { groupId }, query }),
      (replica) => replica.members(groupId, query, uiLanguage()),
    );
  const permissionCatalogue = () =>
    reads.groups(
      () => session.call('listPermissions'),
      (replica) => replica.snapshot.catalogue,
    );
  const exports = new CsvExports({
    sources: {
      members: (safeId, query) => reads.members(safeId, query),
      groupMembers,
      matrix: (query) => session.call('permissionMatrix', { query }),
      catalogue: permissionCatalogue,
      activity: ({ kind: _kind, ...filters }) => auditSync.activity(filters),
    },
    language: uiLanguage,
    chooseFile: desktop.chooseExportFile,
    downloadsDir: join(dataDir, 'exports'),
    progress: (progress) => emit('export:changed', progress),
    log,
    now,
  });

  const scheduler = new SyncScheduler({
    run: () => coordinator.syncAll(),
    intervalMs,
    timers,
    random: deps.random ?? Math.random,
    log,
  });

  const managed = createManaged({
    policy,
    settings,
    session,
    copies,
    forgetCopies: async () => {
      memberSync.forget();
      await auditSync.wipe(session.account);
    },
    updates: deps.updates ?? {
      checker: createFeedChecker({
        currentVersion: deps.appVersion,
        platform: deps.platform,
        arch: process.arch,
        log,
      }),
      installKind: 'unpackaged',
      currentVersion: deps.appVersion,
    },
    timers,
    monotonic,
    log,
    emit,
  });

  const forgetSession = async (account: string | null) => {
    scheduler.stop();
    memberSync.forget();
    connectivity.reset();
    status.reset();
    await copies.wipe(account);
    await auditSync.wipe(account);
    await exports.forget();
  };
  const unsubscribers = [
    session.subscribe(async ({ state, ended }) => {
      // A session that ends (sign-out or revoked) takes its offline copy with it.
      if (ended) {
        managed.sessionEnded();
        settings.update({ lastSafeId: null });
        await forgetSession(ended);
      }
      if (state.status === 'signedIn') {
        scheduler.start();
        managed.sessionBegan();
      }
      emit('session:changed', state);
    }),
    connectivity.subscribe(() => detach(status.publish(), log, 'sync status')),
  ];

  await session.restore();
  await managed.enforce();
  if (session.account) {
    managed.sessionBegan();
    await copies.prune().catch((error: unknown) => {
      log.warn(`offline cache at start: ${error instanceof AppError ? error.code : 'failed'}`);
    });
    const listed = await copies
      .current()
      ?.safeList()
      .catch(() => null);
    await auditSync.prune(listed?.safes.map((safe) => safe.id) ?? []).catch((error: unknown) => {
      log.warn(`offline activity at start: ${error instanceof AppError ? error.code : 'failed'}`);
    });
    scheduler.start();
  }

  /** A change: refused offline; afterwards its copy catches up and one push says what changed. */
  const change = async <T>(run: () => Promise<T>, after: () => Promise<void>): Promise<T> => {
    connectivity.requireOnline();
    let result: T;
    try {
      result = await run();
    } catch (error) {
      connectivity.noteFailure(error);
      throw error;
    }
    await after();
    return result;
  };
  const safeChange = <T>(safeId: string, run: () => Promise<T>) => change(run, () => coordinator.afterChange(safeId));
  const groupChange = <T>(run: () => Promise<T>) => change(run, () => coordinator.afterGroupChange());
  const syncNow = async () => {
    if (session.account) await scheduler.runNow();
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
    'session:signIn': async ({ serverUrl, email, password }) => {
      managed.checkServer(serverUrl);
      return session.signIn(serverUrl, email, password);
    },
    'session:signOut': () => session.signOut(),
    ...managed.handlers,
    'safes:list': () => reads.safes(),
    'sync:status': () => status.status(),
    'sync:now': async () => {
      await syncNow();
      return status.status();
    },
    'sync:acknowledge': async () => {
      status.acknowledge();
      return status.status();
    },
    'sync:networkBack': async () => {
      // Answered at once; the sync reports through `sync:changed`.
      detach(syncNow(), log, 'sync after the network came back');
      return {};
    },
    ...createMemberHandlers({
      session,
      reads,
      safeChange,
      checkInvitation: (invitation) => managed.checkInvitation(invitation),
    }),
    'permissions:catalogue': permissionCatalogue,
    ...createGroupHandlers({ session, reads, change, groupChange, groupMembers }),
    'activity:safe': (filters) => auditSync.activity(filters),
    'activity:groups': async (query) => ({ ...(await session.call('listGroupAudit', { query })), savedAt: null }),
    'export:start': (request) => exports.run(request),
    'export:cancel': async ({ exportId }) => {
      exports.cancel(exportId);
      return {};
    },
    ...createPipelineHandlers({
      session,
      connectivity,
      safeChange,
      groupChange,
      smsCountryAllowed: (country) => managed.smsCountryAllowed(country),
    }),
  };

  return {
    dispatch: createDispatcher(handlers, log),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    session,
    sync: {
      async syncAll() {
        await scheduler.runNow();
        return status.status();
      },
      syncSafe: (safeId) => coordinator.syncSafe(safeId),
      onResume: syncNow,
      onNetworkBack: syncNow,
    },
    notices,
    deepLinks,
    exports,
    uiLanguage,
    async dispose() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      managed.dispose();
      await scheduler.dispose();
      listeners.clear();
    },
  };
}
