/**
 * Brings one team safe's offline copy up to date through the server's
 * member change feed. Every page of a run is fetched before anything is
 * written, so a connection lost halfway leaves the copy exactly as it was;
 * the next run starts again from the same cursor.
 */
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import { CHANGES_LIMIT_MAX } from '../../../shared/api/sync.ts';
import { AppError } from '../../../shared/errors.ts';
import type { ChangeReport, SafeUpdate } from '../../../shared/ipc/contract.ts';
import type { SessionService } from '../session.ts';
import type { OfflineCopies } from './copies.ts';

/**
 * Records per answer: the most the feed gives. A page of 5 000 members is
 * read, parsed and checked in a few milliseconds; a full sync of 100 000 in
 * pages of 2 000 took a fifth more CPU (50 requests instead of 20, and more
 * than twice the fresh memory touched). The longest task is a collection, not a page.
 */
const CHANGES_PAGE = CHANGES_LIMIT_MAX;

export interface SafeSyncResult {
  /** What changed since the copy before (zeros for a first copy). */
  report: ChangeReport;
  /** Whether the copy changed at all. */
  changed: boolean;
  /** The safe as it is now, for the renderer to update in place. */
  update: SafeUpdate;
}

export interface MemberSyncDeps {
  session: SessionService;
  copies: OfflineCopies;
  /** Wall clock (ISO `syncedAt`, shown to the user). */
  now: () => number;
  /** Elapsed time: when each copy was last brought up to date, for the online freshness rule. */
  monotonic: () => number;
}

export class MemberSync {
  readonly #deps: MemberSyncDeps;
  readonly #running = new Map<string, Promise<SafeSyncResult | null>>();
  readonly #syncedAt = new Map<string, number>();

  constructor(deps: MemberSyncDeps) {
    this.#deps = deps;
  }

  /** When this session last brought the safe's copy up to date (monotonic ms), if it did. */
  lastSynced(safeId: string): number | undefined {
    return this.#syncedAt.get(safeId);
  }

  /** Signed out or switched off: no copy counts as recently synced. */
  forget(safeId?: string): void {
    if (safeId) this.#syncedAt.delete(safeId);
    else this.#syncedAt.clear();
  }

  /**
   * Bring one safe's copy up to date (null when there is no copy to keep).
   * Runs for one safe are serialised, and each call gets a run that starts
   * after it was made (so a change just made is always included).
   */
  syncSafe(safeId: string): Promise<SafeSyncResult | null> {
    const previous = this.#running.get(safeId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.#sync(safeId));
    this.#running.set(safeId, next);
    void next
      .catch(() => null)
      .finally(() => {
        if (this.#running.get(safeId) === next) this.#running.delete(safeId);
      });
    return next;
  }

  async #sync(safeId: string): Promise<SafeSyncResult | null> {
    const cache = this.#deps.copies.current();
    if (!cache) return null;
    const before = await cache.replica(safeId);
    let since = before?.cursor ?? '';
    let full = !before;
    // Changes since a cursor: one record per member. A first copy's pages are only collected (a
    // member changed while they were read comes again later, and the later record counts: the
    // index keeps the last one), so a large safe is not put in one map here and another there.
    const upserts = new Map<string, Member>();
    const pages: Member[][] = [];
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
        pages.length = 0;
        removed.clear();
        continue;
      }
      safe = page.safe;
      if (before) {
        for (const member of page.upserts) {
          upserts.set(member.id, member);
          if (removed.size > 0) removed.delete(member.id);
        }
        for (const id of page.removed) {
          upserts.delete(id);
          removed.add(id);
        }
      } else {
        pages.push(page.upserts);
        if (removed.size > 0) for (const member of page.upserts) removed.delete(member.id);
        // Removed after it was read: its earlier record is left out below.
        for (const id of page.removed) removed.add(id);
      }
      since = page.cursor;
      if (!page.more) break;
    }
    const change = {
      full,
      upserts: before ? [...upserts.values()] : firstCopy(pages, removed),
      removed: [...removed],
      cursor: since,
    };
    // Told against the copy before it changes: one look-up per change, not a pass over the safe.
    const report: ChangeReport = { safeId, safeName: safe.name, joined: 0, removed: 0, changed: 0 };
    if (before) {
      for (const member of change.upserts) {
        if (before.index.get(member.id)) report.changed += 1;
        else report.joined += 1;
      }
      for (const id of change.removed) if (before.index.get(id)) report.removed += 1;
    }
    const replica = await cache.apply(safe, change, new Date(this.#deps.now()).toISOString());
    this.#syncedAt.set(safeId, this.#deps.monotonic());
    return {
      report,
      changed: change.full || change.upserts.length > 0 || change.removed.length > 0,
      update: { safeId, safe, digitalArchive: replica.index.everyoneIs('archivist') },
    };
  }
}

/**
 * A first copy's members: every page's, in order, less those removed after
 * they were read (the last record of a member counts). One pass into an
 * array of the right size (`Array#flat` took several times longer).
 */
function firstCopy(pages: readonly Member[][], removed: ReadonlySet<string>): Member[] {
  if (pages.length === 1 && removed.size === 0) return pages[0]!;
  let size = 0;
  for (const page of pages) size += page.length;
  const members = new Array<Member>(size);
  let kept = 0;
  for (const page of pages) {
    for (let at = 0; at < page.length; at += 1) {
      const member = page[at]!;
      if (removed.size === 0 || !removed.has(member.id)) members[kept++] = member;
    }
  }
  members.length = kept;
  return members;
}
