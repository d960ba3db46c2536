import { useEffect, useRef, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AuditEntry } from '../../../shared/api/audit.ts';
import { useFormat } from '../format/useFormat.ts';
import type { ActivityList as ActivityListState, PersonFilter } from '../store/activity.ts';
import { actionLabel, changeText, groupName } from './change.ts';

/** Must match `--activity-row-height` in activity.css. */
const ROW_HEIGHT = 48;
const OVERSCAN = 10;
/** Ask for the next page this many rows before the end comes into view. */
const LOAD_AHEAD = 20;

export interface ActivityListProps {
  label: string;
  list: ActivityListState | undefined;
  /** Group history: a column for the group. */
  showGroup?: boolean;
  /** Filtering by a person is offered on their name (absent: names are plain text). */
  onActor?: (person: PersonFilter) => void;
  onSubject?: (person: PersonFilter) => void;
  onLoadMore: () => void;
  testId: string;
}

/**
 * Entries newest first, virtualised (only the rows in view exist), with the
 * next page asked for as the end comes near. A name is a button that
 * narrows the view to that person.
 */
export function ActivityList({ label, list, showGroup, onActor, onSubject, onLoadMore, testId }: ActivityListProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const scrollRef = useRef<HTMLDivElement>(null);
  const items = list?.items ?? [];
  const more = list?.nextCursor !== null && list?.nextCursor !== undefined;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read during render by design
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const rows = virtualizer.getVirtualItems();
  const last = rows.at(-1)?.index ?? 0;
  useEffect(() => {
    if (more && last >= items.length - LOAD_AHEAD) onLoadMore();
  }, [more, last, items.length, onLoadMore]);

  const columns = showGroup ? 'activity-table activity-table--groups' : 'activity-table';
  const person = (
    who: { id: string; name: string | null } | null,
    fallback: string,
    filter: ((person: PersonFilter) => void) | undefined,
    hint: 'activity.filterByActor' | 'activity.filterBySubject',
  ) => {
    const name = who?.name ?? (who ? who.id : fallback);
    if (!who || !filter) return <span title={name}>{name}</span>;
    return (
      <button
        type="button"
        className="activity-table__person"
        title={t(hint, { name })}
        aria-label={t(hint, { name })}
        onClick={() => filter({ id: who.id, name })}
      >
        {name}
      </button>
    );
  };
  const row = (entry: AuditEntry) => {
    const change = changeText(t, entry);
    return (
      <>
        <div className="activity-table__cell" role="cell">
          <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
        </div>
        <div className="activity-table__cell" role="cell" data-testid="activity-actor">
          {person(entry.actor, t('activity.nobody'), onActor, 'activity.filterByActor')}
        </div>
        <div className="activity-table__cell" role="cell" data-testid="activity-action" title={entry.action}>
          {actionLabel(t, entry.action)}
        </div>
        {showGroup ? (
          <div className="activity-table__cell" role="cell" title={groupName(entry)}>
            {groupName(entry)}
          </div>
        ) : null}
        <div className="activity-table__cell" role="cell" data-testid="activity-subject">
          {person(entry.subject, t('activity.unknown'), onSubject, 'activity.filterBySubject')}
          {entry.subject?.email ? <span className="activity-table__email muted">{entry.subject.email}</span> : null}
        </div>
        <div
          className="activity-table__cell activity-table__change"
          role="cell"
          title={change}
          data-testid="activity-change"
        >
          {change || t('activity.none')}
        </div>
      </>
    );
  };

  return (
    <div
      className={columns}
      role="table"
      aria-label={label}
      aria-rowcount={more ? -1 : items.length + 1}
      aria-busy={list?.status === 'loading' || list?.loadingMore || undefined}
      data-testid={testId}
    >
      <div role="rowgroup" className="activity-table__head">
        <div role="row" className="activity-table__row activity-table__row--head" aria-rowindex={1}>
          <div role="columnheader" className="activity-table__cell">
            {t('activity.columns.at')}
          </div>
          <div role="columnheader" className="activity-table__cell">
            {t('activity.columns.actor')}
          </div>
          <div role="columnheader" className="activity-table__cell">
            {t('activity.columns.action')}
          </div>
          {showGroup ? (
            <div role="columnheader" className="activity-table__cell">
              {t('activity.group')}
            </div>
          ) : null}
          <div role="columnheader" className="activity-table__cell">
            {t('activity.columns.subject')}
          </div>
          <div role="columnheader" className="activity-table__cell">
            {t('activity.columns.change')}
          </div>
        </div>
      </div>
      <div className="activity-table__scroll" ref={scrollRef}>
        <div role="rowgroup" className="activity-table__body" style={{ height: virtualizer.getTotalSize() }}>
          {rows.map((virtual) => {
            const entry = items[virtual.index]!;
            const style: CSSProperties = { transform: `translateY(${virtual.start}px)` };
            return (
              <div
                key={entry.id}
                role="row"
                className="activity-table__row"
                aria-rowindex={virtual.index + 2}
                style={style}
                data-testid="activity-row"
                data-action={entry.action}
              >
                {row(entry)}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * What a list of activity shows below its filters: the entries (or why there
 * are none) and the line that says how many are loaded. A failed load shows
 * only the line; its retry stands above.
 */
export function ActivityResults({ filtered, ...props }: ActivityListProps & { filtered: boolean }) {
  const { t } = useTranslation();
  const { list } = props;
  const loading = !list || list.status === 'loading';
  const empty = list?.status === 'ready' && list.items.length === 0;
  return (
    <>
      {empty ? (
        <div className="activity-table__overlay empty-state" data-testid="activity-empty">
          <p>{filtered ? t('activity.empty') : t('activity.emptyAll')}</p>
        </div>
      ) : list?.status === 'failed' ? null : (
        <ActivityList {...props} />
      )}
      <p className="activity-panel__footer muted" role="status">
        {loading ? t('activity.loading') : t('activity.shown', { count: list.items.length })}
        {!loading && list.nextCursor ? ` ${t('activity.more')}` : ''}
      </p>
    </>
  );
}
