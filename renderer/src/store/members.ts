import type { Member, MemberPage, MemberStatusFilter } from '../../../shared/api/schemas.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { call } from '../bridge.ts';
import type { SliceCreator } from './types.ts';

/** Rows per `members:list` request; the table asks for the pages it shows. */
export const MEMBER_PAGE_SIZE = 100;

export type MemberCounts = MemberPage['counts'];

/** What is known about one (safe, status filter) list: loaded pages only. */
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
  memberLists: Readonly<Record<string, MemberList>>;
  memberSummaries: Readonly<Record<string, MemberSummary>>;

  setStatusFilter(status: MemberStatusFilter): void;
  /** Loads the pages covering rows `firstIndex..lastIndex` that are not loaded or loading. */
  loadMemberRange(safeId: string, status: MemberStatusFilter, firstIndex: number, lastIndex: number): void;
  retryMembers(safeId: string, status: MemberStatusFilter): void;
  /** Forgets every cached page of a safe; the visible range reloads. */
  refreshMembers(safeId: string): void;
  resetMembers(): void;
}

export function memberListKey(safeId: string, status: MemberStatusFilter): string {
  return `${safeId}:${status}`;
}

export function memberAt(list: MemberList | undefined, index: number): Member | undefined {
  return list?.pages[Math.floor(index / MEMBER_PAGE_SIZE)]?.[index % MEMBER_PAGE_SIZE];
}

let nextGeneration = 1;

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

function without<T>(record: Readonly<Record<number, T>>, key: number): Record<number, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const createMembersSlice: SliceCreator<MembersSlice> = (set, get) => {
  function updateList(key: string, generation: number, update: (list: MemberList) => MemberList): void {
    set((state) => {
      const list = state.memberLists[key];
      if (!list || list.generation !== generation) return {};
      return { memberLists: { ...state.memberLists, [key]: update(list) } };
    });
  }

  async function loadPage(safeId: string, status: MemberStatusFilter, page: number, generation: number) {
    const key = memberListKey(safeId, status);
    const epoch = get().sessionEpoch;
    try {
      const result = await call('members:list', {
        safeId,
        status,
        offset: page * MEMBER_PAGE_SIZE,
        limit: MEMBER_PAGE_SIZE,
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
      set((state) => ({
        memberSummaries: {
          ...state.memberSummaries,
          [safeId]: { counts: result.counts, memberLimit: result.memberLimit },
        },
      }));
      get().noteSafeUsage(safeId, result.counts.all, result.memberLimit);
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
    memberLists: {},
    memberSummaries: {},

    setStatusFilter(status) {
      set({ statusFilter: status });
    },

    loadMemberRange(safeId, status, firstIndex, lastIndex) {
      const key = memberListKey(safeId, status);
      let list = get().memberLists[key];
      if (!list) {
        list = emptyList();
        const created = list;
        set((state) => ({ memberLists: { ...state.memberLists, [key]: created } }));
      }
      const total = list.total;
      const lastRow = total === null ? 0 : Math.min(lastIndex, total - 1);
      if (total === 0) return;
      const firstPage = Math.floor(Math.max(0, firstIndex) / MEMBER_PAGE_SIZE);
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
      for (const page of wanted) void loadPage(safeId, status, page, generation);
    },

    retryMembers(safeId, status) {
      const key = memberListKey(safeId, status);
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

    resetMembers() {
      set({ memberLists: {}, memberSummaries: {} });
    },
  };
};
