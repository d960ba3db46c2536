/**
 * Keeps the offline cache in step with the server and decides where reads
 * come from. Online, a safe with a local copy answers member queries from
 * memory (fast search and sort) and is refreshed incrementally through the
 * server's change cursor; offline, the same queries answer from the copy and
 * every change is refused with `offline`. Coming back, it resyncs and reports
 * what changed in the meantime.
 */
import type { Member, MemberPage, TeamSafe, TeamSafeList } from '../../shared/api/schemas.ts';
import { AppError } from '../../shared/errors.ts';
import type { ChangeReport, SyncStatus } from '../../shared/ipc/contract.ts';
import { OfflineCache } from './cache/offline-cache.ts';
import { GroupsReplica } from './cache/groups-replica.ts';
import type { MemberQuery } from './cache/member-index.ts';
import type { SecretStore } from './keychain.ts';
import type { Logger } from './log.ts';
import type { SessionService } from './session.ts';
import type { SettingsStore } from './settings.ts';

const NETWORK_ERRORS = new Set(['server_unreachable', 'server_timeout']);
const CHANGES_PAGE = 2000;
const DAY_MS = 24 * 60 * 60 * 1000;

export function isNetworkError(error: unknown): boolean {
  return error instanceof AppError && NETWORK_ERRORS.has(error.code);
}

export interface SyncDeps {
  session: SessionService;
  settings: SettingsStore;
  secrets: SecretStore;
  dataDir: string;
  log: Logger;
  now?: () => number;
  emit: (status: SyncStatus) => void;
  /** UI language for locale-aware sorting. */
  language: () => string;
}

export class SyncService {
  readonly #deps: SyncDeps;
  #cache: OfflineCache | null = null;
  #cacheAccount: string | null = null;
  #mode: 'online' | 'offline' = 'online';
  #lastSyncedAt: string | null = null;
  #report: ChangeReport[] = [];
  #revision = 0;
  #notice: 'cache_discarded' | null = null;
  #running: Promise<SyncStatus> | null = null;
  readonly #syncing = new Map<string, Promise<ChangeReport | null>>();

  constructor(deps: SyncDeps) {
    this.#deps = deps;
  }

  #now(): number {
    return (this.#deps.now ?? Date.now)();
  }

  #enabled(): boolean {
    return this.#deps.settings.read().cacheEnabled;
  }

  #maxAgeMs(): number {
    return this.#deps.settings.read().cacheMaxAgeDays * DAY_MS;
  }

  #fresh(syncedAt: string): boolean {
    return this.#now() - Date.parse(syncedAt) <= this.#maxAgeMs();
  }

  /** The cache of the signed-in account (none when signed out or switched off). */
  #cacheFor(): OfflineCache | null {
    const account = this.#deps.session.account;
    if (!account || !this.#enabled()) return null;
    if (!this.#cache || this.#cacheAccount !== account) {
      this.#cacheAccount = account;
      this.#cache = new OfflineCache({
        dataDir: this.#deps.dataDir,
        secrets: this.#deps.secrets,
        account,
        log: this.#deps.log,
        onDiscarded: () => {
          this.#notice = 'cache_discarded';
        },
      });
    }
    return this.#cache;
  }

  get mode(): 'online' | 'offline' {
    return this.#mode;
  }

  /** Refuse a change while offline, with the reason. */
  requireOnline(): void {
    if (this.#mode === 'offline') throw new AppError('offline', 'offline: changes are refused');
  }

  async status(): Promise<SyncStatus> {
    const cache = this.#cacheFor();
    const list = cache ? await cache.safeList().catch(() => null) : null;
    const safes: SyncStatus['safes'] = Object.values(list?.synced ?? {})
      .filter((entry) => this.#fresh(entry.syncedAt))
      .map((entry) => ({ safeId: entry.safe.id, name: entry.safe.name, syncedAt: entry.syncedAt }));
    return {
      mode: this.#mode,
      lastSyncedAt: this.#lastSyncedAt ?? list?.syncedAt ?? null,
      safes,
      report: this.#report,
      revision: this.#revision,
      notice: this.#notice,
    };
  }

  async #setMode(mode: 'online' | 'offline'): Promise<void> {
    if (this.#mode === mode) return;
    this.#mode = mode;
    this.#deps.log.info(`sync: ${mode}`);
    this.#deps.emit(await this.status());
  }

  /** Note a failed call: a network failure switches to offline mode. */
  async noteFailure(error: unknown): Promise<void> {
    if (isNetworkError(error)) await this.#setMode('offline');
  }

  /** The safe list: from the server when it answers, else the fresh part of the copy. */
  async safes(): Promise<TeamSafeList> {
    try {
      const list = await this.#deps.session.call('listTeamSafes');
      await this.#setMode('online');
      const cache = this.#cacheFor();
      if (cache) await cache.saveSafeList(list.items, new Date(this.#now()).toISOString());
      return list;
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      await this.#setMode('offline');
      const cache = this.#cacheFor();
      const list = cache ? await cache.safeList() : null;
      if (!list) throw error;
      // Listed from the small safe-list file: no member list is decrypted until it is opened.
      const items = list.safes
        .map((safe) => list.synced[safe.id])
        .filter((entry) => entry !== undefined && this.#fresh(entry.syncedAt))
        .map((entry) => entry!.safe);
      // Nothing young enough to show: say that the server is out of reach, not "no safes".
      if (items.length === 0 && list.safes.length > 0) throw error;
      return { items };
    }
  }

  /** A page of members: from the local copy when there is a fresh one, else from the server. */
  async members(safeId: string, query: MemberQuery): Promise<MemberPage> {
    const cache = this.#cacheFor();
    const replica = cache ? await cache.replica(safeId) : null;
    if (replica && this.#fresh(replica.syncedAt)) return replica.index.query(query, this.#deps.language());
    if (this.#mode === 'offline') throw new AppError('cache_unavailable', `no offline copy of ${safeId}`);
    try {
      const page = await this.#deps.session.call('listMembers', { params: { safeId }, query });
      if (cache) void this.syncSafe(safeId).catch((error: unknown) => this.noteFailure(error));
      return page;
    } catch (error) {
      await this.noteFailure(error);
      throw error;
    }
  }

  /**
   * Bring one safe's copy up to date; returns what changed. Runs for one safe
   * are serialised, and each call gets a run that starts after it was made
   * (so a change just made is always included).
   */
  /** One member (a deep link's target): from the offline copy while it is fresh, else from the server. */
  async member(safeId: string, memberId: string): Promise<Member> {
    const cache = this.#cacheFor();
    const replica = cache ? await cache.replica(safeId) : null;
    if (replica && this.#fresh(replica.syncedAt)) {
      const member = replica.index.get(memberId);
      if (!member) throw new AppError('not_found', 'no such member in the offline copy');
      return member;
    }
    if (this.#mode === 'offline') throw new AppError('cache_unavailable', `no offline copy of ${safeId}`);
    try {
      return await this.#deps.session.call('getMember', { params: { safeId, memberId } });
    } catch (error) {
      await this.noteFailure(error);
      throw error;
    }
  }

  syncSafe(safeId: string): Promise<ChangeReport | null> {
    const previous = this.#syncing.get(safeId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.#syncSafe(safeId));
    this.#syncing.set(safeId, next);
    void next
      .catch(() => null)
      .finally(() => {
        if (this.#syncing.get(safeId) === next) this.#syncing.delete(safeId);
      });
    return next;
  }

  async #syncSafe(safeId: string): Promise<ChangeReport | null> {
    const cache = this.#cacheFor();
    if (!cache) return null;
    const before = await cache.replica(safeId);
    const known = new Set<string>(before ? [...before.index.values()].map((member) => member.id) : []);
    let since = before?.cursor ?? '';
    let full = !before;
    const upserts = new Map<string, Member>();
    const removed = new Set<string>();
    let safe: TeamSafe;
    for (;;) {
      const page = await this.#deps.session.call('listMemberChanges', {
        params: { safeId },
        query: { since, limit: CHANGES_PAGE },
      });
      if (page.reset) {
        if (full && since === '') throw new AppError('invalid_server_response', 'reset on a full sync');
        full = true;
        since = '';
        upserts.clear();
        removed.clear();
        continue;
      }
      safe = page.safe;
      for (const member of page.upserts) {
        upserts.set(member.id, member);
        removed.delete(member.id);
      }
      for (const id of page.removed) {
        upserts.delete(id);
        removed.add(id);
      }
      since = page.cursor;
      if (!page.more) break;
    }
    const syncedAt = new Date(this.#now()).toISOString();
    const change = { full, upserts: [...upserts.values()], removed: [...removed], cursor: since };
    await cache.apply(safe, change, syncedAt);
    this.#lastSyncedAt = syncedAt;
    if (change.full || change.upserts.length > 0 || change.removed.length > 0) this.#revision += 1;
    const report: ChangeReport = { safeId, safeName: safe.name, joined: 0, removed: 0, changed: 0 };
    if (before) {
      for (const member of change.upserts) {
        if (known.has(member.id)) report.changed += 1;
        else report.joined += 1;
      }
      for (const id of change.removed) if (known.has(id)) report.removed += 1;
    }
    return report;
  }

  /** Bring the security-groups copy up to date (organisation administrators only). */
  async syncGroups(): Promise<void> {
    const cache = this.#cacheFor();
    if (!cache) return;
    let replica = await cache.groups();
    let since = replica?.snapshot.cursor ?? '';
    let changed = false;
    for (;;) {
      let page;
      try {
        page = await this.#deps.session.call('listGroupChanges', { query: { since, limit: CHANGES_PAGE } });
      } catch (error) {
        if (error instanceof AppError && error.code === 'forbidden') return; // not an organisation administrator
        throw error;
      }
      if (page.reset || !replica || page.groupsVersion !== replica.snapshot.groupsVersion) {
        if (page.reset || !replica) since = page.reset ? '' : since;
        const [groups, catalogue] = await Promise.all([
          this.#deps.session.call('listSecurityGroups'),
          this.#deps.session.call('listPermissions'),
        ]);
        const keep = page.reset || !replica ? [] : replica.snapshot.memberships;
        replica = new GroupsReplica({
          kind: 'groups',
          groups: groups.items,
          catalogue,
          memberships: keep,
          cursor: since,
          groupsVersion: page.groupsVersion,
          syncedAt: new Date(this.#now()).toISOString(),
        });
        changed = true;
        if (page.reset) continue;
      }
      if (replica.apply(page.upserts, page.removed)) changed = true;
      since = page.cursor;
      if (!page.more) break;
    }
    if (replica.snapshot.cursor !== since) changed = true;
    replica.snapshot.cursor = since;
    replica.snapshot.syncedAt = new Date(this.#now()).toISOString();
    if (changed) this.#revision += 1;
    await cache.saveGroups(replica);
  }

  /**
   * A security-group read: from the server when it answers; offline, from
   * the copy (`local`), or `cache_unavailable` when there is none.
   */
  async groupsRead<T>(remote: () => Promise<T>, local: (replica: GroupsReplica) => T): Promise<T> {
    if (this.#mode === 'online') {
      try {
        return await remote();
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        await this.#setMode('offline');
      }
    }
    const cache = this.#cacheFor();
    const replica = cache ? await cache.groups() : null;
    if (!replica || !this.#fresh(replica.snapshot.syncedAt)) {
      throw new AppError('cache_unavailable', 'no offline copy of the security groups');
    }
    return local(replica);
  }

  /** Sync every administered safe. While offline this is also the reconnection probe. */
  syncAll(): Promise<SyncStatus> {
    this.#running ??= this.#syncAll().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #syncAll(): Promise<SyncStatus> {
    if (!this.#deps.session.account) return this.status();
    const wasOffline = this.#mode === 'offline';
    try {
      const { items } = await this.safes();
      if (this.#mode === 'offline') return this.status();
      const reports: ChangeReport[] = [];
      for (const safe of items) {
        const report = await this.syncSafe(safe.id);
        if (report && report.joined + report.removed + report.changed > 0) reports.push(report);
      }
      await this.syncGroups();
      if (wasOffline) this.#report = reports;
    } catch (error) {
      await this.noteFailure(error);
      if (!isNetworkError(error)) this.#deps.log.warn(`sync: ${error instanceof AppError ? error.code : 'failed'}`);
    }
    const status = await this.status();
    this.#deps.emit(status);
    return status;
  }

  /** The admin has read the report / the notice. */
  acknowledge(): void {
    this.#report = [];
    this.#notice = null;
  }

  /** Sign-out, or the cache switched off: files and key go. */
  async wipe(account: string | null): Promise<void> {
    const cache =
      this.#cache ??
      (account
        ? new OfflineCache({ dataDir: this.#deps.dataDir, secrets: this.#deps.secrets, account, log: this.#deps.log })
        : null);
    this.#cache = null;
    this.#cacheAccount = null;
    this.#report = [];
    this.#lastSyncedAt = null;
    this.#mode = 'online';
    await cache?.wipe();
  }
}
