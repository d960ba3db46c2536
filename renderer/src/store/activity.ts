/**
 * The activity views: a safe's audit trail and the organisation's
 * security-group history. Per scope (a safe's id, or `groups`) the filters
 * the admin set and the entries loaded so far, newest first, one page of
 * ACTIVITY_PAGE_SIZE after another (cursor paging, as the server pages);
 * a new filter starts over, and only the latest request per scope answers.
 */
import type { AuditAction, AuditEntry } from '../../../shared/api/audit.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import type { ActivityPage } from '../../../shared/ipc/activity.ts';
import { call } from '../bridge.ts';
import { latestRequests } from './requests.ts';
import type { SliceCreator } from './types.ts';

export const ACTIVITY_PAGE_SIZE = 100;
/** The scope of the organisation's group history. */
export const GROUP_HISTORY = 'groups';

/** A person the admin filtered by (shown by name in the filter chip). */
export interface PersonFilter {
  id: string;
  name: string;
}

export interface ActivityFilters {
  action: string;
  /** Days as the date inputs give them (`YYYY-MM-DD`, local); empty: open. */
  from: string;
  to: string;
  actor: PersonFilter | null;
  /** The member (safe) or user (groups) the change is about. */
  subject: PersonFilter | null;
  /** Group history only. */
  groupId: string;
}

export const NO_ACTIVITY_FILTERS: ActivityFilters = {
  action: '',
  from: '',
  to: '',
  actor: null,
  subject: null,
  groupId: '',
};

export interface ActivityList {
  items: readonly AuditEntry[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'failed';
  /** A further page is being loaded. */
  loadingMore: boolean;
  error: AppErrorShape | null;
  /** From the offline copy: when it was synced. */
  savedAt: string | null;
}

export interface ActivitySlice {
  activityFilters: Readonly<Record<string, ActivityFilters>>;
  activityLists: Readonly<Record<string, ActivityList>>;
  setActivityFilters(scope: string, patch: Partial<ActivityFilters>): void;
  /** The first page under the scope's filters (again). */
  loadActivity(scope: string): Promise<void>;
  /** The next, older page, if there is one and none is loading. */
  loadMoreActivity(scope: string): Promise<void>;
  resetActivity(): void;
}

/** A local day's start as an instant; `next`: the day after (an exclusive end). */
export function dayStart(day: string, next = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + (next ? 1 : 0));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function commonQuery(filters: ActivityFilters) {
  const from = dayStart(filters.from);
  const to = dayStart(filters.to, true);
  return {
    ...(filters.action ? { action: filters.action as AuditAction } : {}),
    ...(filters.actor ? { actor: filters.actor.id } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

/** A safe's filters as `activity:safe` (and the export) take them, without paging. */
export function safeActivityQuery(safeId: string, filters: ActivityFilters) {
  return { ...commonQuery(filters), safeId, ...(filters.subject ? { member: filters.subject.id } : {}) };
}

/** The group history's filters as `activity:groups` takes them, without paging. */
export function groupActivityQuery(filters: ActivityFilters) {
  return {
    ...commonQuery(filters),
    ...(filters.subject ? { userId: filters.subject.id } : {}),
    ...(filters.groupId ? { groupId: filters.groupId } : {}),
  };
}

export const createActivitySlice: SliceCreator<ActivitySlice> = (set, get) => {
  const requests = latestRequests<string>(get);

  const fetchPage = (scope: string, cursor: string | null): Promise<ActivityPage> => {
    const filters = get().activityFilters[scope] ?? NO_ACTIVITY_FILTERS;
    const page = { limit: ACTIVITY_PAGE_SIZE, ...(cursor ? { cursor } : {}) };
    return scope === GROUP_HISTORY
      ? call('activity:groups', { ...groupActivityQuery(filters), ...page })
      : call('activity:safe', { ...safeActivityQuery(scope, filters), ...page });
  };
  const update = (scope: string, change: (list: ActivityList) => ActivityList) =>
    set((state) => {
      const list = state.activityLists[scope];
      return list ? { activityLists: { ...state.activityLists, [scope]: change(list) } } : {};
    });

  return {
    activityFilters: {},
    activityLists: {},
    setActivityFilters(scope, patch) {
      set((state) => ({
        activityFilters: {
          ...state.activityFilters,
          [scope]: { ...(state.activityFilters[scope] ?? NO_ACTIVITY_FILTERS), ...patch },
        },
      }));
    },
    async loadActivity(scope) {
      set((state) => ({
        activityLists: {
          ...state.activityLists,
          [scope]: {
            items: state.activityLists[scope]?.items ?? [],
            nextCursor: null,
            status: 'loading',
            loadingMore: false,
            error: null,
            savedAt: null,
          },
        },
      }));
      const result = await requests.run(scope, () => fetchPage(scope, null));
      if (!result) return;
      update(scope, () =>
        result.ok
          ? {
              items: result.value.items,
              nextCursor: result.value.nextCursor,
              status: 'ready',
              loadingMore: false,
              error: null,
              savedAt: result.value.savedAt,
            }
          : { items: [], nextCursor: null, status: 'failed', loadingMore: false, error: result.error, savedAt: null },
      );
    },
    async loadMoreActivity(scope) {
      const list = get().activityLists[scope];
      if (!list || list.status !== 'ready' || list.loadingMore || !list.nextCursor) return;
      const cursor = list.nextCursor;
      update(scope, (current) => ({ ...current, loadingMore: true }));
      const result = await requests.run(scope, () => fetchPage(scope, cursor));
      if (!result) return;
      update(scope, (current) =>
        result.ok
          ? {
              ...current,
              items: [...current.items, ...result.value.items],
              nextCursor: result.value.nextCursor,
              loadingMore: false,
            }
          : { ...current, loadingMore: false, error: result.error },
      );
    },
    resetActivity() {
      requests.cancelAll();
      set({ activityFilters: {}, activityLists: {} });
    },
  };
};
