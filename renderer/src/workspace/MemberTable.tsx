import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type KeyboardEvent,
} from 'react';
import { useTranslation } from 'react-i18next';
import type { Member, MemberStatusFilter, TeamSafe } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { memberAt, memberListKey, type MemberList } from '../store/members.ts';
import { selectMemberList } from '../store/selectors.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { RowActionsMenu, type MemberActionKind } from '../member-actions/RowActionsMenu.tsx';
import type { ColumnDef } from '../table/columns.ts';
import { useColumnLayout } from '../table/useColumnLayout.ts';
import { useFixedRows } from '../table/useFixedRows.ts';
import { memberStatusShown } from '../../../shared/invitation-state.ts';
import { useMemberColumns } from './member-columns.ts';
import { MemberTableHead } from './MemberTableHead.tsx';
import './member-table.css';

/** Must match `--member-row-height` in member-table.css. */
const ROW_HEIGHT = 44;
/** Rows drawn beyond the box on each side: enough for a wheel step, few enough to draw in a frame. */
const OVERSCAN = 6;
/** A search or order that has not answered after this long dims the earlier answer shown meanwhile. */
const STALE_AFTER_MS = 150;
/** While scrolling fast, ask for the rows in view at most this often. */
const REQUEST_INTERVAL_MS = 120;

const EMPTY_PAGES: readonly (readonly Member[])[] = [];

export interface MemberTableProps {
  safe: TeamSafe;
  status: MemberStatusFilter;
  /** Administrators get a menu of actions per row. */
  onAction?: (kind: MemberActionKind, member: Member) => void;
}

/**
 * The members of one safe under one filter, search and order. Virtualised
 * (a safe may have 100 000 members): only the rows in view exist in the
 * DOM, and the store loads the 100-row pages that cover them. Rows of pages
 * not loaded yet are placeholders. While a new search or order loads, the
 * previous answer stays on screen, so typing never blanks the table.
 *
 * Columns fit their content (of the loaded pages), can be resized and
 * hidden (remembered per user). The rows are one tab stop: ↑/↓, Page ↑/↓,
 * Home/End move between them, and a focused row shows every value in full.
 */
export function MemberTable({ safe, status, onAction }: MemberTableProps) {
  const { t } = useTranslation();
  const query = useAppStore((state) => state.memberQuery);
  const current = useAppStore(selectMemberList(safe.id, status, query));
  const loadMemberRange = useAppStore((state) => state.loadMemberRange);
  const retryMembers = useAppStore((state) => state.retryMembers);
  const toggleMemberSort = useAppStore((state) => state.toggleMemberSort);
  const scrollRef = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLDivElement>(null);
  const lastRequestAt = useRef(0);
  const lastRequestKey = useRef<string | null>(null);
  const queryKey = memberListKey(safe.id, status, query);

  // The last list that had answered, shown until the current one answers.
  const [shown, setShown] = useState<{ key: string; list: MemberList } | null>(null);
  if (current && current.total !== null && shown?.list !== current) setShown({ key: queryKey, list: current });
  const currentLoaded = current !== undefined && current.total !== null;
  const list = currentLoaded ? current : shown?.list;
  /** The search, filter and order the rows on screen answer (`data-query`, for tests and the benchmark). */
  const answers = currentLoaded ? queryKey : (shown?.key ?? queryKey);
  const stale = !currentLoaded && list !== undefined;
  // The earlier answer is marked as out of date only when the new one is slow: a quick answer
  // (the usual key press) then costs no restyle of the table, which was most of a key press's time.
  const [slowKey, setSlowKey] = useState<string | null>(null);
  useEffect(() => {
    if (!stale) return;
    const timer = setTimeout(() => setSlowKey(queryKey), STALE_AFTER_MS);
    return () => clearTimeout(timer);
  }, [stale, queryKey]);
  const staleShown = stale && slowKey === queryKey;

  const total = list?.total ?? 0;
  const { rows, height, firstInView, scrollToIndex } = useFixedRows(scrollRef, total, ROW_HEIGHT, OVERSCAN);
  const firstIndex = rows[0]?.index ?? 0;
  const lastIndex = rows.at(-1)?.index ?? 0;

  const pages = list?.pages;
  const chunks = useMemo(() => (pages ? Object.values(pages) : EMPTY_PAGES), [pages]);
  const [layout, { box: attachBox, table: attachTable }] = useColumnLayout({
    table: 'members',
    columns: useMemberColumns(onAction !== undefined),
    chunks,
  });
  const template = layout.columns.map((column) => `${layout.widths[column.id] ?? 0}px`).join(' ');
  const sizes = { '--member-columns': template, '--member-table-width': `${layout.total}px` } as CSSProperties;

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

  // A new search or order starts at the top (read first: a scroll at the top would cost a layout for nothing).
  useEffect(() => {
    const box = scrollRef.current;
    if (box && box.scrollTop !== 0) box.scrollTo({ top: 0 });
  }, [query]);

  // The row that is the table's tab stop (per list: a new search starts at the first).
  const [active, setActive] = useState({ key: queryKey, index: 0 });
  // One focus handler for every row, whatever the list: rows that did not change are not drawn again.
  const listKey = useRef(queryKey);
  useLayoutEffect(() => {
    listKey.current = queryKey;
  }, [queryKey]);
  const focusRow = useCallback((index: number) => setActive({ key: listKey.current, index }), []);
  const activeIndex = active.key === queryKey ? Math.min(active.index, Math.max(0, total - 1)) : 0;
  // Scrolled away (wheel, scrollbar): the first row in view takes the tab stop, so Tab still reaches the rows.
  const tabStop = rows.some((row) => row.index === activeIndex) ? activeIndex : firstInView;
  const focusWanted = useRef<number | null>(null);
  // A row moved to with the keyboard is focused once the virtualiser has rendered it.
  useLayoutEffect(() => {
    const index = focusWanted.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
    if (!row) return;
    focusWanted.current = null;
    row.focus({ preventScroll: true });
  });

  const onRowKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = event.target;
    // Keys pressed on a control inside a row (the actions button) are its own.
    if (!(row instanceof HTMLElement) || row.getAttribute('role') !== 'row' || total === 0) return;
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1);
    const target = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      PageDown: index + page,
      PageUp: index - page,
      Home: 0,
      End: total - 1,
    }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = Math.min(total - 1, Math.max(0, target));
    setActive({ key: queryKey, index: next });
    focusWanted.current = next;
    scrollToIndex(next);
  };

  const loaded = list !== undefined && list.total !== null;
  const empty = loaded && !stale && total === 0;
  const error = current?.error ?? null;

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
        ref={attachTable}
        className="member-table"
        style={sizes}
        role="table"
        aria-label={t('members.tableLabel', { safe: safe.name })}
        aria-rowcount={total + 1}
        aria-busy={!loaded || staleShown}
        data-testid="member-table"
        data-query={answers}
        data-stale={staleShown || undefined}
      >
        <div className="member-table__head" role="rowgroup" ref={headRef}>
          <MemberTableHead
            columns={layout.columns}
            widths={layout.widths}
            sort={query.sort}
            dir={query.dir}
            onSort={toggleMemberSort}
            onResize={layout.setWidth}
          />
        </div>
        <div
          className="member-table__scroll"
          ref={(element) => {
            scrollRef.current = element;
            attachBox(element);
          }}
          onScroll={(event) => {
            if (headRef.current) headRef.current.scrollLeft = event.currentTarget.scrollLeft;
          }}
        >
          <div className="member-table__body" role="rowgroup" style={{ height }} onKeyDown={onRowKeyDown}>
            {rows.map((row) => {
              const member = memberAt(list, row.index);
              // Keyed by position: a member list may shift between pages, an index never repeats.
              return (
                <MemberRow
                  key={row.index}
                  index={row.index}
                  start={row.start}
                  active={row.index === tabStop}
                  columns={layout.columns}
                  onFocusRow={focusRow}
                  member={member}
                  onAction={onAction}
                />
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
  index: number;
  /** Px from the top of the body. */
  start: number;
  /** The table's one tab stop. */
  active: boolean;
  columns: readonly ColumnDef<Member>[];
  onFocusRow: (index: number) => void;
  member: Member | undefined;
  onAction: MemberTableProps['onAction'];
}

function rowAttributes({ index, start, active, onFocusRow }: RowProps) {
  return {
    role: 'row',
    'aria-rowindex': index + 2,
    'data-index': index,
    tabIndex: active ? 0 : -1,
    style: { transform: `translateY(${start}px)` },
    onFocus: () => onFocusRow(index),
  };
}

/**
 * One row, a member's or, until its page arrives, a placeholder: the same
 * element either way, so a row focused while loading keeps the focus.
 * Memoised: while a new search loads, the rows on screen stay as they are
 * and are not drawn again; when it answers, only rows that show someone
 * else are.
 */
const MemberRow = memo(function MemberRow(props: RowProps) {
  const { member, columns, onAction, active } = props;
  const { t } = useTranslation();
  // The member a deep link pointed at (styled in shell.css); hooks before any early return.
  const linked = useAppStore((state) => member !== undefined && state.deepLinkTarget?.memberId === member.id);
  if (!member) {
    return (
      <div className="member-table__row member-table__row--placeholder" {...rowAttributes(props)} aria-busy="true">
        {columns.map((column, index) => (
          <div key={column.id} className={`member-table__cell member-table__cell--${column.id}`} role="cell">
            {index === 0 ? <span className="visually-hidden">{t('members.loadingRow')}</span> : null}
            <span className="skeleton" aria-hidden="true" />
          </div>
        ))}
      </div>
    );
  }
  const cell = (column: ColumnDef<Member>) => {
    const className = `member-table__cell member-table__cell--${column.id}`;
    switch (column.id) {
      case 'actions':
        return onAction ? (
          <div key={column.id} className={className} role="cell">
            {/* Keyed by member: a row slot that now shows someone else starts with a closed menu. */}
            <RowActionsMenu member={member} onChoose={onAction} tabbable={active} />
          </div>
        ) : null;
      case 'status': {
        const text = column.text?.(member);
        const shown = memberStatusShown(member);
        // An expired invitation says what to do about it.
        const title = shown === 'expired' ? t('members.expiredHint') : typeof text === 'string' ? text : undefined;
        return (
          <div key={column.id} className={className} role="cell" title={title}>
            <span className={`badge badge--${shown}`} data-fit="status">
              {text}
            </span>
          </div>
        );
      }
      default: {
        const text = column.text?.(member);
        return (
          <div
            key={column.id}
            className={className}
            role="cell"
            title={typeof text === 'string' ? text : undefined}
            data-fit={column.id}
          >
            {text}
          </div>
        );
      }
    }
  };
  return (
    <div
      className={`member-table__row${linked ? ' is-linked' : ''}`}
      {...rowAttributes(props)}
      data-testid="member-row"
      data-member-id={member.id}
      data-status={member.status}
      data-linked={linked || undefined}
    >
      {columns.map(cell)}
    </div>
  );
});
