import { useTranslation } from 'react-i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { InfoIcon } from '../app/icons.tsx';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { safeActivityQuery } from '../store/activity.ts';
import { ActivityFilters } from './ActivityFilters.tsx';
import { ActivityList } from './ActivityList.tsx';
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
  const loading = !list || list.status === 'loading';
  const empty = list?.status === 'ready' && list.items.length === 0;
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
      {empty ? (
        <div className="activity-table__overlay empty-state" data-testid="activity-empty">
          <p>{filtered ? t('activity.empty') : t('activity.emptyAll')}</p>
        </div>
      ) : list?.status === 'failed' ? null : (
        <ActivityList
          label={t('activity.title')}
          list={list}
          onActor={(actor) => setFilters({ actor })}
          onSubject={(subject) => setFilters({ subject })}
          onLoadMore={loadMore}
          testId="activity-table"
        />
      )}
      <p className="activity-panel__footer muted" role="status">
        {loading ? t('activity.loading') : t('activity.shown', { count: list.items.length })}
        {!loading && list.nextCursor ? ` ${t('activity.more')}` : ''}
      </p>
    </section>
  );
}
