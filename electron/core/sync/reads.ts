/**
 * Where each read is answered from. Two rules, one per mode:
 * - online, a safe's copy answers member queries (fast search and sort in
 *   memory) only while it was synced within the online freshness window
 *   (derived from the sync interval); otherwise the server answers.
 * - offline, the copy answers as long as it is younger than the
 *   "maximum age" setting; older data is not shown.
 * A read never starts a sync: the scheduler, a change and the user do.
 */
import type { Member, MemberPage, TeamSafe, TeamSafeList } from '../../../shared/api/schemas.ts';
import { AppError } from '../../../shared/errors.ts';
import type { GroupsReplica } from '../cache/groups-replica.ts';
import type { MemberQuery } from '../cache/member-index.ts';
import type { SafeListRecord, SyncedCopy } from '../cache/offline-cache.ts';
import type { SessionService } from '../session.ts';
import type { SettingsStore } from '../settings.ts';
import { isNetworkError, type Connectivity } from './connectivity.ts';
import type { OfflineCopies } from './copies.ts';
import type { MemberSync } from './member-sync.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface ReadRouterDeps {
  session: SessionService;
  settings: SettingsStore;
  copies: OfflineCopies;
  connectivity: Connectivity;
  memberSync: MemberSync;
  /** UI language for locale-aware sorting. */
  language: () => string;
  now: () => number;
  monotonic: () => number;
  /** How long after its last sync a copy may answer online reads. */
  onlineFreshMs: number;
}

/** The safe list without what a member change alters (the count), to tell a changed list from a changed safe. */
const listShape = (safes: readonly TeamSafe[]) =>
  JSON.stringify(safes.map(({ id, name, memberLimit, myRole }) => [id, name, memberLimit, myRole]));

export class ReadRouter {
  readonly #deps: ReadRouterDeps;
  #listed: string | null = null;

  constructor(deps: ReadRouterDeps) {
    this.#deps = deps;
  }

  /** Whether offline data synced at `syncedAt` is young enough to show (a time in the future counts as new). */
  freshOffline(syncedAt: string): boolean {
    const age = this.#deps.now() - Date.parse(syncedAt);
    return age <= this.#deps.settings.read().cacheMaxAgeDays * DAY_MS;
  }

  /** The offline copies young enough to show, in list order. */
  shownCopies(list: SafeListRecord | null): SyncedCopy[] {
    const shown: SyncedCopy[] = [];
    for (const safe of list?.safes ?? []) {
      const entry = list!.synced[safe.id];
      if (entry && this.freshOffline(entry.syncedAt)) shown.push(entry);
    }
    return shown;
  }

  /**
   * The safe list from the server; the copy keeps it (and drops copies of
   * safes no longer in it). `changed`: the list differs from the one last
   * listed beyond member counts.
   */
  async listOnline(): Promise<{ list: TeamSafeList; changed: boolean }> {
    const list = await this.#deps.session.call('listTeamSafes');
    this.#deps.connectivity.noteOnline();
    const cache = this.#deps.copies.current();
    if (cache) await cache.saveSafeList(list.items, new Date(this.#deps.now()).toISOString());
    const shape = listShape(list.items);
    const changed = this.#listed !== null && this.#listed !== shape;
    this.#listed = shape;
    return { list, changed };
  }

  /** The safe list: from the server when it answers, else the safes with a copy young enough to show. */
  async safes(): Promise<TeamSafeList> {
    try {
      return (await this.listOnline()).list;
    } catch (error) {
      if (!isNetworkError(error)) throw error;
      this.#deps.connectivity.noteFailure(error);
      const cache = this.#deps.copies.current();
      if (!cache) throw error;
      // Listed from the small safe-list file: no member list is decrypted until it is opened.
      const items = this.shownCopies(await cache.safeList()).map((entry) => entry.safe);
      if (items.length === 0) throw new AppError('cache_unavailable', 'offline, and nothing saved to show');
      return { items };
    }
  }

  /** A page of members: see the two rules above. */
  async members(safeId: string, query: MemberQuery): Promise<MemberPage> {
    const { connectivity } = this.#deps;
    if (connectivity.mode === 'online') {
      if (await this.#freshOnline(safeId)) {
        const page = await this.#fromCopy(safeId, query);
        if (page) return page;
      }
      try {
        const page = await this.#deps.session.call('listMembers', { params: { safeId }, query });
        connectivity.noteOnline();
        return page;
      } catch (error) {
        connectivity.noteFailure(error);
        if (!isNetworkError(error)) throw error;
        const cached = await this.#offlineMembers(safeId, query);
        if (cached) return cached;
        throw error;
      }
    }
    const page = await this.#offlineMembers(safeId, query);
    if (!page) throw new AppError('cache_unavailable', `no offline copy of ${safeId}`);
    return page;
  }

  /** One member (a deep link's target), by the same two rules as a page of members. */
  async member(safeId: string, memberId: string): Promise<Member> {
    const { connectivity } = this.#deps;
    if (connectivity.mode === 'online') {
      if (await this.#freshOnline(safeId)) {
        const replica = await this.#deps.copies.current()?.replica(safeId);
        if (replica) return this.#memberFromCopy(replica.index.get(memberId));
      }
      try {
        const member = await this.#deps.session.call('getMember', { params: { safeId, memberId } });
        connectivity.noteOnline();
        return member;
      } catch (error) {
        connectivity.noteFailure(error);
        if (!isNetworkError(error)) throw error;
      }
    }
    const replica = await this.#deps.copies.current()?.replica(safeId);
    if (!replica || !this.freshOffline(replica.syncedAt)) {
      throw new AppError('cache_unavailable', `no offline copy of ${safeId}`);
    }
    return this.#memberFromCopy(replica.index.get(memberId));
  }

  #memberFromCopy(member: Member | undefined): Member {
    if (!member) throw new AppError('not_found', 'no such member in the offline copy');
    return member;
  }

  /**
   * Synced within the online window: by this session (elapsed time, immune
   * to clock jumps), or — right after a restart — by the previous one (wall
   * clock; a time in the future does not count).
   */
  async #freshOnline(safeId: string): Promise<boolean> {
    const { memberSync, copies, monotonic, now, onlineFreshMs } = this.#deps;
    const synced = memberSync.lastSynced(safeId);
    if (synced !== undefined) return monotonic() - synced <= onlineFreshMs;
    const entry = (await copies.current()?.safeList())?.synced[safeId];
    if (!entry) return false;
    const age = now() - Date.parse(entry.syncedAt);
    return age >= 0 && age <= onlineFreshMs;
  }

  async #offlineMembers(safeId: string, query: MemberQuery): Promise<MemberPage | null> {
    return this.#fromCopy(safeId, query, (syncedAt) => this.freshOffline(syncedAt));
  }

  /**
   * A page from the copy (null: none, or not `fresh`). Right after a restart
   * the first rows are answered while the rest of the copy is still read.
   */
  async #fromCopy(
    safeId: string,
    query: MemberQuery,
    fresh: (syncedAt: string) => boolean = () => true,
  ): Promise<MemberPage | null> {
    const replica = await this.#deps.copies.current()?.opening(safeId);
    if (!replica || !fresh(replica.syncedAt)) return null;
    const language = this.#deps.language();
    const early = replica.index.partial(query, language);
    if (early) return early;
    return (await replica.complete) ? replica.index.query(query, language) : null;
  }

  /**
   * A security-group read: from the server when it answers; offline, from
   * the copy (`local`), or `cache_unavailable` when there is none.
   */
  async groups<T>(remote: () => Promise<T>, local: (replica: GroupsReplica) => T): Promise<T> {
    const { connectivity } = this.#deps;
    if (connectivity.mode === 'online') {
      try {
        const answer = await remote();
        connectivity.noteOnline();
        return answer;
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        connectivity.noteFailure(error);
      }
    }
    const replica = await this.#deps.copies.current()?.groups();
    if (!replica || !this.freshOffline(replica.snapshot.syncedAt)) {
      throw new AppError('cache_unavailable', 'no offline copy of the security groups');
    }
    return local(replica);
  }
}
