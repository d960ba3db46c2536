import { useTranslation } from 'react-i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { InfoIcon } from '../app/icons.tsx';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { safeActivityQuery } from '../store/activity.ts';
import { ActivityFilters } from './ActivityFilters.tsx';
import { ActivityResults } from './ActivityList.tsx';
import { ExportButton } from './ExportDialog.tsx';
import { useActivity } from './useActivity.ts';
import '../styles/page.css';
import './activity.css';

/**
 * A safe's activity: who did what and when, before → after. Offline it is
 * the saved copy, read-only (the offline banner says how old it is).
 */
export function ActivityPanel({ safe }: { safe: TeamSafe }) {
  const { t } = useTranslation();
  const { filters, list, setFilters, loadMore, retry } = useActivity(safe.id, safe.id);
  const filtered = Boolean(filters.action || filters.from || filters.to || filters.actor || filters.subject);

  return (
    <section className="activity-panel" aria-labelledby="activity-panel-title" data-testid="activity-panel">
      <div className="activity-panel__header">
        <h1 id="activity-panel-title" className="page-title">
          {safe.name}
        </h1>
        <ExportButton
          subject={() => ({ kind: 'activity', ...safeActivityQuery(safe.id, filters) })}
          description={t('activity.export.activity')}
          testId="activity-export"
        />
      </div>
      <ActivityFilters filters={filters} domain="member" onChange={setFilters} />
      {list?.savedAt ? (
        <p className="activity-panel__note" data-testid="activity-saved">
          <InfoIcon />
          {t('activity.readOnly')}
        </p>
      ) : null}
      {list?.error ? <RetryAlert message={t('activity.title')} error={list.error} onRetry={retry} /> : null}
      <ActivityResults
        filtered={filtered}
        label={t('activity.title')}
        list={list}
        onActor={(actor) => setFilters({ actor })}
        onSubject={(subject) => setFilters({ subject })}
        onLoadMore={loadMore}
        testId="activity-table"
      />
    </section>
  );
}
