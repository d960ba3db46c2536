import { useCallback, useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { NO_ACTIVITY_FILTERS, type ActivityFilters } from '../store/activity.ts';
import { detach } from '../detach.ts';

/**
 * One activity view's filters and entries; loads the first page when shown,
 * whenever a filter changes, when the connection comes or goes, and (for a
 * safe) when a sync brought changes to that safe.
 */
export function useActivity(scope: string, safeId?: string) {
  const { filters, list, setActivityFilters, loadActivity, loadMoreActivity } = useAppStore(
    useShallow((state) => ({
      filters: state.activityFilters[scope] ?? NO_ACTIVITY_FILTERS,
      list: state.activityLists[scope],
      setActivityFilters: state.setActivityFilters,
      loadActivity: state.loadActivity,
      loadMoreActivity: state.loadMoreActivity,
    })),
  );
  const key = JSON.stringify(filters);
  const mode = useAppStore((state) => state.sync?.mode);
  const touched = useAppStore((state) =>
    safeId && state.sync?.changed.safes.some((update) => update.safeId === safeId) ? state.sync.revision : null,
  );
  useEffect(() => {
    detach(loadActivity(scope));
  }, [scope, key, mode, touched, loadActivity]);
  const setFilters = useCallback(
    (patch: Partial<ActivityFilters>) => setActivityFilters(scope, patch),
    [scope, setActivityFilters],
  );
  const loadMore = useCallback(() => detach(loadMoreActivity(scope)), [scope, loadMoreActivity]);
  const retry = useCallback(() => detach(loadActivity(scope)), [scope, loadActivity]);
  return { filters, list, setFilters, loadMore, retry };
}
