import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Member, MemberStatusFilter, TeamSafe } from '../../../shared/api/schemas.ts';
import { useAppStore } from '../store/index.ts';
import { memberAt } from '../store/members.ts';
import { selectMemberList } from '../store/selectors.ts';
import { ErrorText } from '../app/ErrorText.tsx';

/** Must match `--member-row-height` in workspace.css. */
const ROW_HEIGHT = 44;
const OVERSCAN = 12;
/** While scrolling fast, ask for the rows in view at most this often. */
const REQUEST_INTERVAL_MS = 120;

const COLUMNS = ['name', 'email', 'role', 'status', 'language'] as const;

/**
 * The members of one safe under one filter. Virtualised (a safe may have
 * 100 000 members): only the rows in view exist in the DOM, and the store
 * loads the 100-row pages that cover them. Rows of pages not loaded yet are
 * placeholders.
 */
export function MemberTable({ safe, status }: { safe: TeamSafe; status: MemberStatusFilter }) {
  const { t } = useTranslation();
  const list = useAppStore(selectMemberList(safe.id, status));
  const loadMemberRange = useAppStore((state) => state.loadMemberRange);
  const retryMembers = useAppStore((state) => state.retryMembers);
  const scrollRef = useRef<HTMLDivElement>(null);
  const lastRequestAt = useRef(0);

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
  // every REQUEST_INTERVAL_MS, not for every page it passes. `list` is a
  // dependency so pages dropped after a change in the list are asked again.
  useEffect(() => {
    const request = () => {
      lastRequestAt.current = Date.now();
      loadMemberRange(safe.id, status, firstIndex, lastIndex);
    };
    const wait = REQUEST_INTERVAL_MS - (Date.now() - lastRequestAt.current);
    if (wait <= 0) {
      request();
      return;
    }
    const timer = setTimeout(request, wait);
    return () => clearTimeout(timer);
  }, [loadMemberRange, safe.id, status, firstIndex, lastIndex, list]);

  const loaded = list !== undefined && list.total !== null;
  const empty = loaded && total === 0;
  const error = list?.error ?? null;

  return (
    <div className="member-table-wrap">
      {error ? (
        <div className="inline-error" role="alert">
          <p>
            {t('members.loadFailed')} <ErrorText error={error} />
          </p>
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => retryMembers(safe.id, status)}
          >
            {t('app.retry')}
          </button>
        </div>
      ) : null}
      <div
        className="member-table"
        role="table"
        aria-label={t('members.tableLabel', { safe: safe.name })}
        aria-rowcount={total + 1}
        aria-busy={!loaded}
        data-testid="member-table"
      >
        <div className="member-table__head" role="rowgroup">
          <div className="member-table__row member-table__row--head" role="row" aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <div key={column} className={`member-table__cell member-table__cell--${column}`} role="columnheader">
                {t(`members.columns.${column}`)}
              </div>
            ))}
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
                <MemberRow key={row.key} member={member} rowIndex={row.index + 2} style={style} />
              ) : (
                <PlaceholderRow key={row.key} rowIndex={row.index + 2} style={style} />
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
          <p>{t(`members.empty.${status}`)}</p>
        </div>
      ) : null}
    </div>
  );
}

interface RowProps {
  rowIndex: number;
  style: { transform: string };
}

function MemberRow({ member, rowIndex, style }: RowProps & { member: Member }) {
  const { t } = useTranslation();
  return (
    <div
      className="member-table__row"
      role="row"
      aria-rowindex={rowIndex}
      style={style}
      data-testid="member-row"
      data-member-id={member.id}
      data-status={member.status}
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
    </div>
  );
}

function PlaceholderRow({ rowIndex, style }: RowProps) {
  const { t } = useTranslation();
  return (
    <div
      className="member-table__row member-table__row--placeholder"
      role="row"
      aria-rowindex={rowIndex}
      aria-busy="true"
      style={style}
    >
      {COLUMNS.map((column, index) => (
        <div key={column} className={`member-table__cell member-table__cell--${column}`} role="cell">
          {index === 0 ? <span className="visually-hidden">{t('members.loadingRow')}</span> : null}
          <span className="skeleton" aria-hidden="true" />
        </div>
      ))}
    </div>
  );
}
