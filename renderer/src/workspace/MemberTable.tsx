import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Member, MemberStatusFilter, TeamSafe } from '../../../shared/api/schemas.ts';
import type { MemberSort } from '../../../shared/api/members.ts';
import { useAppStore } from '../store/index.ts';
import { memberAt, memberListKey, type MemberList, type MemberQuery } from '../store/members.ts';
import { selectMemberList } from '../store/selectors.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { RowActionsMenu, type MemberActionKind } from '../member-actions/RowActionsMenu.tsx';

/** Must match `--member-row-height` in workspace.css. */
const ROW_HEIGHT = 44;
const OVERSCAN = 12;
/** While scrolling fast, ask for the rows in view at most this often. */
const REQUEST_INTERVAL_MS = 120;

const COLUMNS = ['name', 'email', 'role', 'status', 'language'] as const satisfies readonly MemberSort[];

export interface MemberTableProps {
  safe: TeamSafe;
  status: MemberStatusFilter;
  query: MemberQuery;
  /** Administrators get a menu of actions per row. */
  onAction?: (kind: MemberActionKind, member: Member) => void;
}

/**
 * The members of one safe under one filter, search and order. Virtualised
 * (a safe may have 100 000 members): only the rows in view exist in the
 * DOM, and the store loads the 100-row pages that cover them. Rows of pages
 * not loaded yet are placeholders. While a new search or order loads, the
 * previous answer stays on screen, so typing never blanks the table.
 */
export function MemberTable({ safe, status, query, onAction }: MemberTableProps) {
  const { t } = useTranslation();
  const current = useAppStore(selectMemberList(safe.id, status, query));
  const loadMemberRange = useAppStore((state) => state.loadMemberRange);
  const retryMembers = useAppStore((state) => state.retryMembers);
  const toggleMemberSort = useAppStore((state) => state.toggleMemberSort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastRequestAt = useRef(0);
  const lastRequestKey = useRef<string | null>(null);
  const queryKey = memberListKey(safe.id, status, query);

  // The last list that had answered, shown until the current one answers.
  const [shown, setShown] = useState<MemberList | null>(null);
  if (current && current.total !== null && shown !== current) setShown(current);
  const currentLoaded = current !== undefined && current.total !== null;
  const list = currentLoaded ? current : (shown ?? undefined);
  const stale = !currentLoaded && list !== undefined;

  const total = list?.total ?? 0;
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser is read during render by design
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  const rows = virtualizer.getVirtualItems();
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows.at(-1)?.index ?? 0;

  // Throttled: a drag across 100 000 rows asks for the pages under the thumb
  // every REQUEST_INTERVAL_MS, not for every page it passes. `current` is a
  // dependency so pages dropped after a change in the list are asked again.
  useEffect(() => {
    const request = () => {
      lastRequestAt.current = Date.now();
      lastRequestKey.current = queryKey;
      loadMemberRange(safe.id, status, query, firstIndex, lastIndex);
    };
    // A new search, filter or order is answered at once; only scrolling is throttled.
    const wait = lastRequestKey.current === queryKey ? REQUEST_INTERVAL_MS - (Date.now() - lastRequestAt.current) : 0;
    if (wait <= 0) {
      request();
      return;
    }
    const timer = setTimeout(request, wait);
    return () => clearTimeout(timer);
  }, [loadMemberRange, safe.id, status, query, queryKey, firstIndex, lastIndex, current]);

  // A new search or order starts at the top.
  useEffect(() => {
    scrollRef.current?.scrollTo({ top: 0 });
  }, [query]);

  const loaded = list !== undefined && list.total !== null;
  const empty = loaded && !stale && total === 0;
  const error = current?.error ?? null;
  const columns = onAction ? [...COLUMNS, 'actions' as const] : COLUMNS;

  return (
    <div className="member-table-wrap">
      {error ? (
        <RetryAlert
          message={t('members.loadFailed')}
          error={error}
          onRetry={() => retryMembers(safe.id, status, query)}
        />
      ) : null}
      <div
        className={`member-table${onAction ? ' member-table--actions' : ''}`}
        role="table"
        aria-label={t('members.tableLabel', { safe: safe.name })}
        aria-rowcount={total + 1}
        aria-busy={!loaded || stale}
        data-testid="member-table"
        data-query={queryKey}
        data-stale={stale || undefined}
      >
        <div className="member-table__head" role="rowgroup">
          <div className="member-table__row member-table__row--head" role="row" aria-rowindex={1}>
            {COLUMNS.map((column) => {
              const sorted = query.sort === column;
              return (
                <div
                  key={column}
                  className={`member-table__cell member-table__cell--${column}`}
                  role="columnheader"
                  aria-sort={sorted ? (query.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button
                    type="button"
                    className={`member-table__sort${sorted ? ' is-sorted' : ''}`}
                    onClick={() => toggleMemberSort(column)}
                    title={t('members.sortBy', { column: t(`members.columns.${column}`) })}
                  >
                    {t(`members.columns.${column}`)}
                    <SortIcon direction={sorted ? query.dir : null} />
                  </button>
                </div>
              );
            })}
            {onAction ? (
              <div className="member-table__cell member-table__cell--actions" role="columnheader">
                <span className="visually-hidden">{t('memberActions.column')}</span>
              </div>
            ) : null}
          </div>
        </div>
        {/* Focusable so the list scrolls with the keyboard alone. */}
        <div className="member-table__scroll" ref={scrollRef} tabIndex={0}>
          <div className="member-table__body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {rows.map((row) => {
              const member = memberAt(list, row.index);
              const style = { transform: `translateY(${row.start}px)` };
              // Keyed by position: a member list may shift between pages, an index never repeats.
              return member ? (
                <MemberRow key={row.key} member={member} rowIndex={row.index + 2} style={style} onAction={onAction} />
              ) : (
                <PlaceholderRow key={row.key} rowIndex={row.index + 2} style={style} columns={columns} />
              );
            })}
          </div>
        </div>
      </div>
      {/* Outside the table: a table's children are rows. Laid over its body. */}
      {!loaded && !error ? (
        <div className="member-table__overlay" role="status">
          <span className="spinner" aria-hidden="true" />
          {t('app.loading')}
        </div>
      ) : null}
      {empty ? (
        <div className="member-table__overlay empty-state" data-testid="member-empty">
          <p>{query.q ? t('members.search.empty', { q: query.q }) : t(`members.empty.${status}`)}</p>
        </div>
      ) : null}
    </div>
  );
}

interface RowProps {
  rowIndex: number;
  style: { transform: string };
}

function MemberRow({
  member,
  rowIndex,
  style,
  onAction,
}: RowProps & { member: Member; onAction: MemberTableProps['onAction'] }) {
  const { t } = useTranslation();
  // The member a deep link pointed at (styled in shell.css).
  const linked = useAppStore((state) => state.deepLinkTarget?.memberId === member.id);
  return (
    <div
      className={`member-table__row${linked ? ' is-linked' : ''}`}
      role="row"
      aria-rowindex={rowIndex}
      style={style}
      data-testid="member-row"
      data-member-id={member.id}
      data-status={member.status}
      data-linked={linked || undefined}
    >
      <div className="member-table__cell member-table__cell--name" role="cell" title={member.name}>
        {member.name}
      </div>
      <div className="member-table__cell member-table__cell--email" role="cell" title={member.email}>
        {member.email}
      </div>
      <div className="member-table__cell member-table__cell--role" role="cell" title={t(`roles.${member.role}`)}>
        {t(`roles.${member.role}`)}
      </div>
      <div className="member-table__cell member-table__cell--status" role="cell">
        <span className={`badge badge--${member.status}`}>{t(`members.status.${member.status}`)}</span>
      </div>
      <div className="member-table__cell member-table__cell--language" role="cell">
        {t(`language.names.${member.language}`)}
      </div>
      {onAction ? (
        <div className="member-table__cell member-table__cell--actions" role="cell">
          {/* Keyed by member: a row slot that now shows someone else starts with a closed menu. */}
          <RowActionsMenu key={member.id} member={member} onChoose={onAction} />
        </div>
      ) : null}
    </div>
  );
}

function PlaceholderRow({ rowIndex, style, columns }: RowProps & { columns: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <div
      className="member-table__row member-table__row--placeholder"
      role="row"
      aria-rowindex={rowIndex}
      aria-busy="true"
      style={style}
    >
      {columns.map((column, index) => (
        <div key={column} className={`member-table__cell member-table__cell--${column}`} role="cell">
          {index === 0 ? <span className="visually-hidden">{t('members.loadingRow')}</span> : null}
          <span className="skeleton" aria-hidden="true" />
        </div>
      ))}
    </div>
  );
}

function SortIcon({ direction }: { direction: 'asc' | 'desc' | null }) {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 12 12" width="10" height="10" className="icon sort-icon">
      <path
        d="M3 4.5 6 1.5l3 3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        opacity={direction === 'asc' ? 1 : 0.3}
      />
      <path
        d="M3 7.5 6 10.5l3-3"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        opacity={direction === 'desc' ? 1 : 0.3}
      />
    </svg>
  );
}
