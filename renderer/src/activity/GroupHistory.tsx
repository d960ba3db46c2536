import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { GROUP_HISTORY, NO_ACTIVITY_FILTERS } from '../store/activity.ts';
import { useAppStore } from '../store/index.ts';
import { ActivityFilters } from './ActivityFilters.tsx';
import { ActivityResults } from './ActivityList.tsx';
import { useActivity } from './useActivity.ts';
import './activity.css';

/** The organisation's security-group history: who joined or left which group, by whom and when. */
export function GroupHistory() {
  const { t } = useTranslation();
  const groupId = useId();
  const groups = useAppStore((state) => state.securityGroups);
  const { filters, list, setFilters, loadMore, retry } = useActivity(GROUP_HISTORY);
  const filtered = JSON.stringify(filters) !== JSON.stringify(NO_ACTIVITY_FILTERS);

  return (
    <section className="activity-panel" aria-labelledby="group-history-title" data-testid="group-history">
      <header className="activity-panel__header">
        <h1 id="group-history-title" className="page-title">
          {t('activity.groupHistory')}
        </h1>
      </header>
      <p className="activity-panel__intro muted">{t('activity.groupHistoryIntro')}</p>
      <ActivityFilters
        filters={filters}
        domain="group"
        onChange={setFilters}
        extra={
          <label className="activity-filters__field" htmlFor={groupId}>
            {t('activity.group')}
            <select
              id={groupId}
              value={filters.groupId}
              onChange={(event) => setFilters({ groupId: event.currentTarget.value })}
              data-testid="history-group-filter"
            >
              <option value="">{t('activity.allGroups')}</option>
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
          </label>
        }
      />
      {list?.error ? <RetryAlert message={t('activity.groupHistory')} error={list.error} onRetry={retry} /> : null}
      <ActivityResults
        filtered={filtered}
        label={t('activity.groupHistory')}
        list={list}
        showGroup
        onActor={(actor) => setFilters({ actor })}
        onSubject={(subject) => setFilters({ subject })}
        onLoadMore={loadMore}
        testId="group-history-table"
      />
    </section>
  );
}
