import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { GroupMember, SecurityGroup } from '../../../shared/api/groups.ts';
import { REMOVE_LIMIT } from '../../../shared/limits.ts';
import { useAppStore } from '../store/index.ts';
import { useFormat } from '../format/useFormat.ts';
import type { Format } from '../format/locale.ts';
import { GROUP_MEMBER_PAGE_SIZE } from '../store/groups.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { useDebounced } from './hooks.ts';
import { Pager } from './Pager.tsx';
import { SearchField } from './SearchField.tsx';
import { ExportButton } from '../activity/ExportDialog.tsx';
import { RemoveMembersDialog } from './RemoveMembersDialog.tsx';
import type { GroupNotice } from './GroupDetail.tsx';
import type { ColumnDef } from '../table/columns.ts';
import { ColumnsMenu } from '../table/ColumnsMenu.tsx';
import { ColGroup, ResizableTh, tableStyle } from '../table/NativeTable.tsx';
import { useColumnLayout } from '../table/useColumnLayout.ts';

/** A cell's horizontal padding (`.data-table td`, 12 + 12); a header's adds the resize handle. */
const CELL = 24;
const HEAD = CELL + 8;
const NO_ROWS: readonly GroupMember[] = [];

/** The columns of a group's member table in the UI language. */
function useGroupMemberColumns(format: Format): readonly ColumnDef<GroupMember>[] {
  const { t } = useTranslation();
  return useMemo(
    () => [
      { id: 'select', label: t('groups.members.selectPage'), min: 0, max: 0, fixed: 44 },
      {
        id: 'name',
        label: t('groups.members.columns.name'),
        text: (member: GroupMember) => member.name,
        min: 120,
        max: 320,
        chrome: CELL,
        headChrome: HEAD,
        hideable: false,
      },
      {
        id: 'email',
        label: t('groups.members.columns.email'),
        text: (member: GroupMember) => member.email,
        min: 140,
        max: 420,
        chrome: CELL,
        headChrome: HEAD,
      },
      {
        id: 'added',
        label: t('groups.members.columns.added'),
        text: (member: GroupMember) => format.date(member.addedAt) || member.addedAt,
        min: 100,
        max: 220,
        chrome: CELL,
        headChrome: HEAD,
      },
    ],
    [t, format],
  );
}

const SEARCH_DELAY_MS = 250;

/** One group's members: searchable, paged (50 a page), with a selection to remove. */
export function GroupMembers({ group, onNotice }: { group: SecurityGroup; onNotice: (notice: GroupNotice) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const selectionId = useId();
  const { view, selection, search, page, reload, setSelected, setManySelected, clearSelection, showUser, userId } =
    useAppStore(
      useShallow((state) => ({
        view: state.groupMembers?.groupId === group.id ? state.groupMembers : null,
        selection: state.memberSelection,
        search: state.searchGroupMembers,
        page: state.pageGroupMembers,
        reload: state.reloadGroupMembers,
        setSelected: state.setMemberSelected,
        setManySelected: state.setMembersSelected,
        clearSelection: state.clearMemberSelection,
        showUser: state.showUser,
        userId: state.userView?.userId ?? null,
      })),
    );
  const [query, setQuery] = useState('');
  const settledQuery = useDebounced(query.trim(), SEARCH_DELAY_MS);
  const [confirming, setConfirming] = useState(false);

  useEffect(() => {
    search(settledQuery);
  }, [search, settledQuery]);

  const rows = view?.page?.items ?? [];
  const total = view?.page?.total ?? 0;
  const selected = Object.values(selection);
  const full = selected.length >= REMOVE_LIMIT;
  const pageSelected = rows.filter((member) => selection[member.userId]).length;
  const columns = useGroupMemberColumns(format);
  const chunks = useMemo(() => [view?.page?.items ?? NO_ROWS], [view?.page?.items]);
  const [layout, { box: attachBox, table: attachTable }] = useColumnLayout({ table: 'groupMembers', columns, chunks });
  const shown = new Set(layout.columns.map((column) => column.id));
  const loading = view?.load.status === 'loading';
  const error = view?.load.status === 'failed' ? view.load.error : null;

  return (
    <div className="group-members__body">
      <div className="group-members__toolbar">
        <SearchField
          label={t('groups.members.search')}
          placeholder={t('groups.members.searchPlaceholder')}
          value={query}
          onChange={setQuery}
          testId="group-member-search"
        />
        <div className="group-members__selection" id={selectionId}>
          <ColumnsMenu table="groupMembers" columns={columns} testId="group-columns-menu" />
          <ExportButton
            subject={() => ({ kind: 'groupMembers', groupId: group.id, ...(view?.q ? { q: view.q } : {}) })}
            description={t('activity.export.groupMembers')}
            testId="group-export"
          />
          {selected.length > 0 ? (
            <>
              <span className="group-members__selected" data-testid="selection-count">
                {t('groups.members.selected', { count: selected.length })}
              </span>
              <button type="button" className="button button--quiet button--small" onClick={clearSelection}>
                {t('groups.members.clearSelection')}
              </button>
            </>
          ) : null}
          <button
            type="button"
            className="button button--danger-outline button--small"
            disabled={selected.length === 0}
            onClick={() => setConfirming(true)}
            data-testid="remove-selected"
          >
            {t('groups.members.removeSelected')}
          </button>
        </div>
      </div>
      {full ? (
        <p className="group-members__limit muted" role="note">
          {t('groups.members.selectionLimit', { max: REMOVE_LIMIT })}
        </p>
      ) : null}

      {error ? <RetryAlert message={t('groups.members.loadFailed')} error={error} onRetry={reload} /> : null}

      <div className="table-wrap" ref={attachBox}>
        <table
          ref={attachTable}
          className="data-table group-member-table"
          style={tableStyle(layout)}
          aria-label={t('groups.members.tableLabel', { group: group.name })}
          aria-busy={loading}
          data-testid="group-member-table"
        >
          <ColGroup layout={layout} />
          <thead>
            <tr>
              {layout.columns.map((column) =>
                column.id === 'select' ? (
                  <th key={column.id} scope="col" className="data-table__check">
                    <PageCheckbox
                      label={column.label}
                      checked={rows.length > 0 && pageSelected === rows.length}
                      indeterminate={pageSelected > 0 && pageSelected < rows.length}
                      disabled={rows.length === 0 || (full && pageSelected === 0)}
                      onChange={(checked) => setManySelected(rows, checked)}
                    />
                  </th>
                ) : (
                  <ResizableTh key={column.id} layout={layout} column={column} />
                ),
              )}
            </tr>
          </thead>
          <tbody>
            {rows.map((member) => {
              const isSelected = Boolean(selection[member.userId]);
              return (
                <tr
                  key={member.userId}
                  className={`${isSelected ? 'is-selected' : ''}${member.userId === userId ? ' is-shown' : ''}`}
                  data-testid="group-member-row"
                  data-user-id={member.userId}
                  data-email={member.email}
                >
                  <td className="data-table__check">
                    <input
                      type="checkbox"
                      checked={isSelected}
                      disabled={!isSelected && full}
                      aria-label={t('groups.members.select', { name: member.name })}
                      onChange={(event) => setSelected(member, event.currentTarget.checked)}
                    />
                  </td>
                  <td className="data-table__name">
                    <button
                      type="button"
                      className="link-button"
                      title={t('groups.members.showUser', { name: member.name })}
                      onClick={() => showUser({ id: member.userId, name: member.name, email: member.email })}
                      data-fit="name"
                    >
                      {member.name}
                    </button>
                  </td>
                  {shown.has('email') ? (
                    <td className="data-table__muted" title={member.email} data-fit="email">
                      {member.email}
                    </td>
                  ) : null}
                  {shown.has('added') ? (
                    <td className="data-table__muted" data-fit="added">
                      {format.date(member.addedAt) || member.addedAt}
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
        {view?.page === null || view === null ? (
          <div className="table-status" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('app.loading')}
          </div>
        ) : total === 0 && !error ? (
          <div className="table-status" data-testid="group-members-empty">
            {view.q ? t('groups.members.noMatch', { q: view.q }) : t('groups.members.empty')}
          </div>
        ) : null}
      </div>
      {view?.page ? (
        <Pager
          offset={view.offset}
          pageSize={GROUP_MEMBER_PAGE_SIZE}
          total={total}
          label={t('groups.members.pagesLabel')}
          onPage={page}
        />
      ) : null}

      {confirming && selected.length > 0 ? (
        <RemoveMembersDialog
          group={group}
          members={selected}
          onClose={() => setConfirming(false)}
          onNotice={onNotice}
        />
      ) : null}
    </div>
  );
}

function PageCheckbox({
  label,
  checked,
  indeterminate,
  disabled,
  onChange,
}: {
  label: string;
  checked: boolean;
  indeterminate: boolean;
  disabled: boolean;
  onChange: (checked: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label={label}
      checked={checked}
      disabled={disabled}
      onChange={(event) => onChange(event.currentTarget.checked)}
    />
  );
}
