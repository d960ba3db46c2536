import type { Member, MemberPage, MemberStatusFilter } from '../../../shared/api/schemas.ts';
import type { MemberSort, SortDirection } from '../../../shared/api/members.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { call } from '../bridge.ts';
import { latestRequests } from './requests.ts';
import type { SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

/** Rows per `members:list` request; the table asks for the pages it shows. */
export const MEMBER_PAGE_SIZE = 100;

export type MemberCounts = MemberPage['counts'];

/**
 * Search and order of the member table. Main answers from its in-memory
 * index of a freshly synced copy, else the server does; either searches and
 * sorts the whole safe.
 */
export interface MemberQuery {
  /** Trimmed; empty means no search. */
  q: string;
  sort: MemberSort;
  dir: SortDirection;
}

export const DEFAULT_MEMBER_QUERY: MemberQuery = { q: '', sort: 'name', dir: 'asc' };

/** What is known about one (safe, status filter, query) list: loaded pages only. */
export interface MemberList {
  /** Members matching the filter; null until the first page answered. */
  total: number | null;
  pages: Readonly<Record<number, readonly Member[]>>;
  pending: Readonly<Record<number, true>>;
  failedPages: Readonly<Record<number, true>>;
  error: AppErrorShape | null;
  /** Bumped by a retry, so views re-request what they show. */
  attempt: number;
  /** Responses to requests made for an older generation are dropped. */
  generation: number;
}

/** Per-safe figures from the latest page of any filter. */
export interface MemberSummary {
  counts: MemberCounts;
  memberLimit: number;
}

export interface MembersSlice {
  statusFilter: MemberStatusFilter;
  memberQuery: MemberQuery;
  memberLists: Readonly<Record<string, MemberList>>;
  memberSummaries: Readonly<Record<string, MemberSummary>>;
  /**
   * Per safe: true when every member is an Archivist (the safe qualifies as
   * a digital archive). Absent until checked.
   */
  digitalArchive: Readonly<Record<string, boolean>>;

  setStatusFilter(status: MemberStatusFilter): void;
  /** The search text (trimmed here); answers to earlier searches are dropped. */
  setMemberSearch(q: string): void;
  /** A new column sorts ascending; the sorted column toggles its direction. */
  toggleMemberSort(sort: MemberSort): void;
  /** Loads the pages covering rows `firstIndex..lastIndex` that are not loaded or loading. */
  loadMemberRange(
    safeId: string,
    status: MemberStatusFilter,
    query: MemberQuery,
    firstIndex: number,
    lastIndex: number,
  ): void;
  retryMembers(safeId: string, status: MemberStatusFilter, query: MemberQuery): void;
  /** Forgets every cached page of a safe; the visible range reloads. */
  refreshMembers(safeId: string): void;
  /**
   * Asks the server for the first member in role order (Administrator …
   * Archivist): when even that one is an Archivist, all are. One row,
   * exact for a safe of any size.
   */
  checkDigitalArchive(safeId: string): Promise<void>;
  /** Main said whether the safe qualifies (after a change, with the safe's update). */
  noteDigitalArchive(safeId: string, qualifies: boolean): void;
  resetMembers(): void;
}

export function memberListKey(safeId: string, status: MemberStatusFilter, query: MemberQuery): string {
  // Safe ids never contain ':'; the free text comes last.
  return `${safeId}:${status}:${query.sort}:${query.dir}:${query.q}`;
}

export function memberAt(list: MemberList | undefined, index: number): Member | undefined {
  return list?.pages[Math.floor(index / MEMBER_PAGE_SIZE)]?.[index % MEMBER_PAGE_SIZE];
}

function without<T>(record: Readonly<Record<number, T>>, key: number): Record<number, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const createMembersSlice: SliceCreator<MembersSlice> = (set, get) => {
  let nextGeneration = 1;
  /** Per safe: only the latest archive check may answer. */
  const archiveChecks = latestRequests<string>(get);

  function emptyList(): MemberList {
    return {
      total: null,
      pages: {},
      pending: {},
      failedPages: {},
      error: null,
      attempt: 0,
      generation: nextGeneration++,
    };
  }

  function updateList(key: string, generation: number, update: (list: MemberList) => MemberList): void {
    set((state) => {
      const list = state.memberLists[key];
      if (!list || list.generation !== generation) return {};
      return { memberLists: { ...state.memberLists, [key]: update(list) } };
    });
  }

  function noteSummary(safeId: string, page: MemberPage): void {
    // Most answers (every key of a search) carry the same figures: no new object, nothing drawn again.
    const known = get().memberSummaries[safeId];
    if (
      known &&
      known.memberLimit === page.memberLimit &&
      Object.entries(page.counts).every(([status, count]) => known.counts[status as keyof MemberCounts] === count)
    ) {
      get().noteSafeUsage(safeId, page.counts.all, page.memberLimit);
      return;
    }
    set((state) => ({
      memberSummaries: {
        ...state.memberSummaries,
        [safeId]: { counts: page.counts, memberLimit: page.memberLimit },
      },
    }));
    get().noteSafeUsage(safeId, page.counts.all, page.memberLimit);
  }

  /**
   * A new query: the cached pages of every other query go, so their late
   * answers find nothing to land in. Its first page (all a new list asks for
   * before it knows its total) is asked for before anything else happens, so
   * main answers while the table draws the key press; the table's own request
   * for it then finds it pending.
   */
  function applyQuery(query: MemberQuery): void {
    const { selectedSafeId, statusFilter } = get();
    if (!selectedSafeId) return set({ memberQuery: query, memberLists: {} });
    const list: MemberList = { ...emptyList(), pending: { 0: true } };
    const firstPage = loadPage(selectedSafeId, statusFilter, query, 0, list.generation);
    set({ memberQuery: query, memberLists: { [memberListKey(selectedSafeId, statusFilter, query)]: list } });
    detach(firstPage);
  }

  async function loadPage(
    safeId: string,
    status: MemberStatusFilter,
    query: MemberQuery,
    page: number,
    generation: number,
  ) {
    const key = memberListKey(safeId, status, query);
    const epoch = get().sessionEpoch;
    try {
      const result = await call('members:list', {
        safeId,
        status,
        offset: page * MEMBER_PAGE_SIZE,
        limit: MEMBER_PAGE_SIZE,
        sort: query.sort,
        dir: query.dir,
        ...(query.q ? { q: query.q } : {}),
      });
      if (get().sessionEpoch !== epoch) return;
      updateList(key, generation, (list) => {
        // The list changed under us (someone invited or removed a member):
        // other pages may be shifted, so keep only this fresh one.
        const stale = list.total !== null && list.total !== result.total;
        return {
          ...list,
          total: result.total,
          pages: { ...(stale ? {} : list.pages), [page]: result.items },
          pending: without(list.pending, page),
          failedPages: without(list.failedPages, page),
          error: null,
        };
      });
      noteSummary(safeId, result);
    } catch (error) {
      const shape = get().handleError(error);
      if (get().sessionEpoch !== epoch) return;
      updateList(key, generation, (list) => ({
        ...list,
        pending: without(list.pending, page),
        failedPages: { ...list.failedPages, [page]: true },
        error: shape,
      }));
    }
  }

  return {
    statusFilter: 'all',
    memberQuery: DEFAULT_MEMBER_QUERY,
    memberLists: {},
    memberSummaries: {},
    digitalArchive: {},

    setStatusFilter(status) {
      set({ statusFilter: status });
    },

    setMemberSearch(q) {
      const text = q.trim();
      const current = get().memberQuery;
      if (current.q === text) return;
      applyQuery({ ...current, q: text });
    },

    toggleMemberSort(sort) {
      const current = get().memberQuery;
      const dir = current.sort === sort && current.dir === 'asc' ? 'desc' : 'asc';
      applyQuery({ ...current, sort, dir });
    },

    loadMemberRange(safeId, status, query, firstIndex, lastIndex) {
      const key = memberListKey(safeId, status, query);
      let list = get().memberLists[key];
      if (!list) {
        list = emptyList();
        const created = list;
        set((state) => ({ memberLists: { ...state.memberLists, [key]: created } }));
      }
      const total = list.total;
      const lastRow = total === null ? 0 : Math.min(lastIndex, total - 1);
      if (total === 0) return;
      const firstPage = total === null ? 0 : Math.floor(Math.max(0, firstIndex) / MEMBER_PAGE_SIZE);
      const lastPage = Math.floor(Math.max(0, lastRow) / MEMBER_PAGE_SIZE);
      const wanted: number[] = [];
      for (let page = firstPage; page <= lastPage; page++) {
        if (list.pages[page] || list.pending[page] || list.failedPages[page]) continue;
        wanted.push(page);
      }
      if (wanted.length === 0) return;
      const { generation } = list;
      updateList(key, generation, (current) => {
        const pending = { ...current.pending };
        for (const page of wanted) pending[page] = true;
        return { ...current, pending };
      });
      for (const page of wanted) detach(loadPage(safeId, status, query, page, generation));
    },

    retryMembers(safeId, status, query) {
      const key = memberListKey(safeId, status, query);
      const list = get().memberLists[key];
      if (!list) return;
      updateList(key, list.generation, (current) => ({
        ...current,
        failedPages: {},
        error: null,
        attempt: current.attempt + 1,
      }));
    },

    refreshMembers(safeId) {
      set((state) => {
        const memberLists: Record<string, MemberList> = {};
        for (const [key, list] of Object.entries(state.memberLists)) {
          if (!key.startsWith(`${safeId}:`)) memberLists[key] = list;
        }
        return { memberLists };
      });
    },

    async checkDigitalArchive(safeId) {
      const result = await archiveChecks.run(safeId, () =>
        call('members:list', { safeId, status: 'all', offset: 0, limit: 1, sort: 'role', dir: 'asc' }),
      );
      // Only a hint in the sidebar: without an answer it is simply not shown.
      if (!result?.ok) return;
      const page = result.value;
      // Roles sort in catalogue order with Archivist last: if the first is one, all are.
      const qualifies = page.items[0]?.role === 'archivist';
      set((state) => ({ digitalArchive: { ...state.digitalArchive, [safeId]: qualifies } }));
      noteSummary(safeId, page);
    },

    noteDigitalArchive(safeId, qualifies) {
      // An archive check still under way answers about an older state: it may not overwrite this.
      archiveChecks.cancel(safeId);
      set((state) => ({ digitalArchive: { ...state.digitalArchive, [safeId]: qualifies } }));
    },

    resetMembers() {
      archiveChecks.cancelAll();
      set({ memberLists: {}, memberSummaries: {}, digitalArchive: {}, memberQuery: DEFAULT_MEMBER_QUERY });
    },
  };
};
