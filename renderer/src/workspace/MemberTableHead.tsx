import { memo, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Member } from '../../../shared/api/schemas.ts';
import type { MemberSort } from '../../../shared/api/members.ts';
import type { MemberQuery } from '../store/members.ts';
import { SortIcon } from '../app/icons.tsx';
import type { ColumnDef } from '../table/columns.ts';
import { ColumnResizer } from '../table/ColumnResizer.tsx';

const SORTABLE = new Set<string>(['name', 'email', 'role', 'status', 'language'] satisfies MemberSort[]);

interface HeadProps {
  columns: readonly ColumnDef<Member>[];
  widths: Readonly<Record<string, number>>;
  sort: MemberSort;
  dir: MemberQuery['dir'];
  onSort: (sort: MemberSort) => void;
  onResize: (id: string, width: number | null) => void;
}

/** The header row: sort buttons and resize handles. Memoised: typing a search does not draw it again. */
export const MemberTableHead = memo(function MemberTableHead({
  columns,
  widths,
  sort,
  dir,
  onSort,
  onResize,
}: HeadProps) {
  const { t } = useTranslation();
  const idPrefix = useId();
  return (
    <div className="member-table__row member-table__row--head" role="row" aria-rowindex={1}>
      {columns.map((column) => {
        if (!SORTABLE.has(column.id)) {
          return (
            <div key={column.id} className={`member-table__cell member-table__cell--${column.id}`} role="columnheader">
              <span className="visually-hidden">{column.label}</span>
            </div>
          );
        }
        const columnSort = column.id as MemberSort;
        const sorted = sort === columnSort;
        const labelId = `${idPrefix}-${column.id}`;
        return (
          <div
            key={column.id}
            className={`member-table__cell member-table__cell--${column.id}`}
            role="columnheader"
            aria-sort={sorted ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}
            aria-labelledby={labelId}
          >
            <button
              type="button"
              className={`member-table__sort${sorted ? ' is-sorted' : ''}`}
              onClick={() => onSort(columnSort)}
              title={t('members.sortBy', { column: column.label })}
            >
              <span id={labelId} data-fit-head={column.id}>
                {column.label}
              </span>
              <SortIcon direction={sorted ? dir : null} />
            </button>
            <ColumnResizer
              column={column}
              width={widths[column.id] ?? column.min}
              onResize={(width) => onResize(column.id, width)}
            />
          </div>
        );
      })}
    </div>
  );
});
