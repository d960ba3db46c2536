/**
 * Keeps each administered safe's activity in the offline copy, through the
 * server's audit feed (`listSafeAuditChanges`): incremental from the stored
 * cursor, every page fetched before anything is written (a connection lost
 * halfway leaves the copy as it was), `reset` starts over. A first copy
 * starts at the entries of the last AUDIT_FIRST_SYNC_DAYS days.
 *
 * Also answers the activity view: from the server online, from the copy
 * offline (read-only, only while it is young enough to show).
 */
import type { AuditEntry, AuditPage } from '../../../shared/api/audit.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ActivityPage, SafeActivityFilters } from '../../../shared/ipc/activity.ts';
import { AuditCache, type AuditFilters } from '../cache/audit-replica.ts';
import type { CacheFileSystem } from '../cache/cache-fs.ts';
import type { SecretStore } from '../keychain.ts';
import type { Logger } from '../log.ts';
import type { SessionService } from '../session.ts';
import type { SettingsStore } from '../settings.ts';
import { isNetworkError, type Connectivity } from './connectivity.ts';

const FEED_PAGE = 1000;
export const AUDIT_FIRST_SYNC_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface AuditSyncDeps {
  session: SessionService;
  settings: SettingsStore;
  secrets: SecretStore;
  connectivity: Connectivity;
  dataDir: string;
  log: Logger;
  now: () => number;
  /** A damaged, rolled-back or swapped activity file was thrown away (the admin is told, as for members). */
  onDiscarded: () => void;
  /** Whether data synced at this time is young enough to show offline (the members' rule). */
  freshOffline: (syncedAt: string) => boolean;
  fs?: CacheFileSystem;
}

export class AuditSync {
  readonly #deps: AuditSyncDeps;
  #cache: { account: string; cache: AuditCache } | null = null;
  readonly #running = new Map<string, Promise<boolean>>();

  constructor(deps: AuditSyncDeps) {
    this.#deps = deps;
  }

  /** The signed-in account's audit copies (none when signed out or switched off). */
  current(): AuditCache | null {
    const account = this.#deps.session.account;
    if (!account || !this.#deps.settings.read().cacheEnabled) return null;
    if (this.#cache?.account !== account) this.#cache = { account, cache: this.#open(account) };
    return this.#cache.cache;
  }

  #open(account: string): AuditCache {
    const { dataDir, secrets, log, fs, onDiscarded } = this.#deps;
    return new AuditCache({ dataDir, secrets, account, log, onDiscarded, ...(fs ? { fs } : {}) });
  }

  /** Sign-out or the cache switched off: that account's audit files and key go. */
  async wipe(account: string | null): Promise<void> {
    const cache = this.#cache?.account === account ? this.#cache.cache : account ? this.#open(account) : null;
    this.#cache = null;
    await cache?.wipe();
  }

  /** Bring one safe's activity copy up to date; runs per safe are serialised. Returns whether it changed. */
  syncSafe(safeId: string): Promise<boolean> {
    const previous = this.#running.get(safeId) ?? Promise.resolve(false);
    const next = previous.catch(() => false).then(() => this.#sync(safeId));
    this.#running.set(safeId, next);
    void next
      .catch(() => false)
      .finally(() => {
        if (this.#running.get(safeId) === next) this.#running.delete(safeId);
      });
    return next;
  }

  async #sync(safeId: string): Promise<boolean> {
    const cache = this.current();
    if (!cache) return false;
    const before = await cache.replica(safeId);
    let since = before?.cursor ?? '';
    let full = !before;
    const from = new Date(this.#deps.now() - AUDIT_FIRST_SYNC_DAYS * DAY_MS).toISOString();
    let entries: AuditEntry[] = [];
    for (;;) {
      const page = await this.#deps.session.call('listSafeAuditChanges', {
        params: { safeId },
        query: since ? { since, limit: FEED_PAGE } : { from, limit: FEED_PAGE },
      });
      if (page.reset) {
        if (full && since === '') throw new AppError('invalid_server_response', 'reset on a full audit sync');
        full = true;
        since = '';
        entries = [];
        continue;
      }
      entries.push(...page.items);
      since = page.cursor;
      if (!page.more) break;
    }
    await cache.apply(safeId, { full, entries, cursor: since }, new Date(this.#deps.now()).toISOString());
    return full || entries.length > 0;
  }

  /** The administered safes now: copies of any other safe go. */
  async keepOnly(safeIds: readonly string[]): Promise<void> {
    await this.current()?.keepOnly(safeIds);
  }

  /** At start: keep only the copies of the safes the stored safe list names (and no half-written file). */
  async prune(listed: readonly string[]): Promise<void> {
    await this.current()?.prune(listed);
  }

  /**
   * A page of a safe's activity: from the server when it answers; offline
   * (or when the network fails) from the copy while it is young enough.
   */
  async activity(filters: Omit<SafeActivityFilters, 'safeId'> & { safeId: string }): Promise<ActivityPage> {
    const { connectivity, session } = this.#deps;
    const { safeId, ...query } = filters;
    if (connectivity.mode === 'online') {
      try {
        const page: AuditPage = await session.call('listSafeAudit', { params: { safeId }, query });
        connectivity.noteOnline();
        return { ...page, savedAt: null };
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        connectivity.noteFailure(error);
      }
    }
    const replica = await this.current()?.replica(safeId);
    if (!replica || !this.#deps.freshOffline(replica.syncedAt)) {
      throw new AppError('cache_unavailable', `no offline copy of the activity of ${safeId}`);
    }
    return { ...replica.query(query as AuditFilters), savedAt: replica.syncedAt };
  }
}
