import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { PermissionMatrix } from '../../../shared/api/groups.ts';
import { isPermissionKey } from '../../../shared/catalog/permissions.ts';
import { useAppStore } from '../store/index.ts';
import { MATRIX_PAGE_SIZE } from '../store/matrix.ts';
import { RetryAlert } from '../app/RetryAlert.tsx';
import { useDebounced } from './hooks.ts';
import { Pager } from './Pager.tsx';
import { SearchField } from './SearchField.tsx';
import { ExportButton } from '../activity/ExportDialog.tsx';
import { usePermissionText, type PermissionText } from './permissions.ts';
import type { ColumnDef } from '../table/columns.ts';
import { ColumnsMenu } from '../table/ColumnsMenu.tsx';
import { ColGroup, ResizableTh, tableStyle } from '../table/NativeTable.tsx';
import { useColumnLayout } from '../table/useColumnLayout.ts';
import '../styles/page.css';
import { LockIcon } from '../app/icons.tsx';

type MatrixRow = PermissionMatrix['items'][number];

const NO_ROWS: readonly MatrixRow[] = [];
/** A permission header's chrome: `.matrix__col` padding (6 + 6), the resize handle, the tag's lock and gap. */
const PERMISSION_HEAD = 12 + 8 + 14;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

/**
 * The person column (name over e-mail), then one column per permission the
 * server sent, as narrow as their headers' longest words. Nothing is cut to
 * make room: the matrix scrolls sideways with the person column in view.
 */
function useMatrixColumns(
  keys: readonly string[],
  restricted: ReadonlySet<string>,
  text: (key: string) => PermissionText,
): ColumnDef<MatrixRow>[] {
  const { t } = useTranslation();
  return useMemo(
    () => [
      {
        id: 'person',
        label: t('groups.matrix.person'),
        text: (row: MatrixRow) => [row.user.name, row.user.email],
        min: 160,
        max: 360,
        chrome: 24,
        headChrome: 24 + 8,
        hideable: false,
        shrink: false,
      },
      ...keys.map((key) => {
        const tag = restricted.has(key) ? t('groups.matrix.restricted') : t('groups.matrix.open');
        const label = text(key).name;
        return {
          id: key,
          label,
          headTexts: [...words(label), ...words(tag)],
          min: 72,
          max: 170,
          shrink: false,
          headChrome: PERMISSION_HEAD,
        };
      }),
    ],
    [t, keys, restricted, text],
  );
}

const SEARCH_DELAY_MS = 250;

/**
 * Users × effective permissions, columns in the catalogue's order as the
 * server sends them. Filter by text and by permission ("who can create API
 * keys?"). Every cell says yes or no in words, not only by its mark.
 */
export function PermissionMatrixView() {
  const { t } = useTranslation();
  const filterId = useId();
  const text = usePermissionText();
  const { matrix, catalogue, setQuery, setPermission, page, reload, showUser, shownUserId } = useAppStore(
    useShallow((state) => ({
      matrix: state.matrix,
      catalogue: state.permissionCatalogue,
      setQuery: state.setMatrixQuery,
      setPermission: state.setMatrixPermission,
      page: state.pageMatrix,
      reload: state.reloadMatrix,
      showUser: state.showUser,
      shownUserId: state.userView?.userId ?? null,
    })),
  );
  const [query, setLocalQuery] = useState(matrix.q);
  const settled = useDebounced(query.trim(), SEARCH_DELAY_MS);
  useEffect(() => {
    setQuery(settled);
  }, [setQuery, settled]);

  const wrapRef = useRef<HTMLDivElement>(null);
  const data = matrix.data;
  const filteredBy = matrix.permission;

  // The column the list is filtered by is scrolled into view (the person column stays put).
  useEffect(() => {
    const wrap = wrapRef.current;
    if (!wrap || !filteredBy) return;
    const column = Array.from(wrap.querySelectorAll<HTMLElement>('thead th[data-permission]')).find(
      (cell) => cell.dataset.permission === filteredBy,
    );
    if (!column) return;
    const sticky = wrap.querySelector<HTMLElement>('thead th.matrix__person')?.offsetWidth ?? 0;
    const left = column.offsetLeft - sticky;
    const right = column.offsetLeft + column.offsetWidth;
    if (left < wrap.scrollLeft) wrap.scrollLeft = left;
    else if (right > wrap.scrollLeft + wrap.clientWidth) wrap.scrollLeft = right - wrap.clientWidth;
  }, [filteredBy, data]);

  const keys = useMemo(() => data?.permissions ?? [], [data?.permissions]);
  const restrictedKeys = useMemo(() => new Set(data?.restricted ?? []), [data?.restricted]);
  const matrixColumns = useMatrixColumns(keys, restrictedKeys, text);
  const chunks = useMemo(() => [data?.items ?? NO_ROWS], [data?.items]);
  const [layout, { box: attachBox, table: attachTable }] = useColumnLayout({
    table: 'permissionMatrix',
    columns: matrixColumns,
    chunks,
  });
  const columns = layout.columns.filter((column) => column.id !== 'person').map((column) => column.id);
  // Only keys this build's contract accepts can be asked for; any newer one is still shown as a column.
  const filterable = (catalogue?.items ?? []).filter((item) => isPermissionKey(item.key));
  const error = matrix.load.status === 'failed' ? matrix.load.error : null;
  const total = data?.total ?? 0;

  return (
    <section className="matrix" aria-labelledby="matrix-title" data-testid="permission-matrix">
      <header className="group-detail__header">
        <h1 id="matrix-title" className="page-title">
          {t('groups.matrix.title')}
        </h1>
      </header>
      <p className="matrix__intro muted">{t('groups.matrix.intro')}</p>

      <div className="matrix__toolbar">
        <SearchField
          label={t('groups.matrix.search')}
          placeholder={t('groups.matrix.searchPlaceholder')}
          value={query}
          onChange={setLocalQuery}
          testId="matrix-search"
        />
        <div className="select-field">
          <label htmlFor={filterId} className="select-field__label">
            {t('groups.matrix.permission')}
          </label>
          <select
            id={filterId}
            className="select-field__control"
            value={matrix.permission ?? ''}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setPermission(isPermissionKey(value) ? value : null);
            }}
            data-testid="matrix-permission"
          >
            <option value="">{t('groups.matrix.anyPermission')}</option>
            {filterable.map((item) => (
              <option key={item.key} value={item.key}>
                {item.parent ? `– ${text(item.key).name}` : text(item.key).name}
              </option>
            ))}
          </select>
        </div>
        <ColumnsMenu table="permissionMatrix" columns={matrixColumns} testId="matrix-columns-menu" />
        <ExportButton
          subject={() => ({
            kind: 'matrix',
            ...(matrix.q ? { q: matrix.q } : {}),
            ...(matrix.permission ? { permission: matrix.permission } : {}),
          })}
          description={t('activity.export.matrix')}
          testId="matrix-export"
        />
        <p className="matrix__total" aria-live="polite" data-testid="matrix-total" data-total={total}>
          {data
            ? matrix.permission
              ? t('groups.matrix.totalWith', { count: total, permission: text(matrix.permission).name })
              : t('groups.matrix.total', { count: total })
            : ''}
        </p>
      </div>

      {error ? <RetryAlert message={t('groups.matrix.loadFailed')} error={error} onRetry={reload} /> : null}

      <div
        className="table-wrap matrix__wrap"
        ref={(element) => {
          wrapRef.current = element;
          attachBox(element);
        }}
      >
        <table
          ref={attachTable}
          style={tableStyle(layout)}
          className="data-table matrix__table"
          aria-label={t('groups.matrix.tableLabel')}
          aria-busy={matrix.load.status === 'loading'}
          data-testid="matrix-table"
        >
          <ColGroup layout={layout} />
          <thead>
            <tr>
              {layout.columns.map((column) => {
                if (column.id === 'person') {
                  return <ResizableTh key={column.id} layout={layout} column={column} className="matrix__person" />;
                }
                const permission = text(column.id);
                const isRestricted = restrictedKeys.has(column.id);
                return (
                  <ResizableTh
                    key={column.id}
                    layout={layout}
                    column={column}
                    className={`matrix__col${permission.parent ? ' matrix__col--sub' : ''}${column.id === filteredBy ? ' is-filtered' : ''}`}
                    title={permission.description}
                    data-permission={column.id}
                    extra={
                      <span className={`matrix__tag${isRestricted ? ' matrix__tag--restricted' : ''}`}>
                        {isRestricted ? <LockIcon size={11} filled /> : null}
                        {isRestricted ? t('groups.matrix.restricted') : t('groups.matrix.open')}
                      </span>
                    }
                  />
                );
              })}
            </tr>
          </thead>
          <tbody>
            {(data?.items ?? []).map(({ user, permissions }) => {
              const has = new Set(permissions);
              return (
                <tr
                  key={user.id}
                  data-testid="matrix-row"
                  data-user-id={user.id}
                  data-email={user.email}
                  className={user.id === shownUserId ? 'is-shown' : undefined}
                >
                  <th scope="row" className="matrix__person">
                    <button
                      type="button"
                      className="link-button"
                      title={user.name}
                      onClick={() => showUser(user)}
                      data-fit="person"
                    >
                      {user.name}
                    </button>
                    <span className="matrix__email" title={user.email} data-fit="person">
                      {user.email}
                    </span>
                  </th>
                  {columns.map((key) => {
                    const yes = has.has(key);
                    return (
                      <td
                        key={key}
                        className={`matrix__cell${yes ? ' matrix__cell--yes' : ''}${key === filteredBy ? ' is-filtered' : ''}`}
                        data-permission={key}
                        data-has={yes}
                      >
                        <span aria-hidden="true">{yes ? '✓' : '–'}</span>
                        <span className="visually-hidden">{yes ? t('groups.matrix.yes') : t('groups.matrix.no')}</span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
        {!data && !error ? (
          <div className="table-status" role="status">
            <span className="spinner" aria-hidden="true" />
            {t('app.loading')}
          </div>
        ) : data && total === 0 ? (
          <div className="table-status">{t('groups.matrix.empty')}</div>
        ) : null}
      </div>
      {data ? (
        <Pager
          offset={matrix.offset}
          pageSize={MATRIX_PAGE_SIZE}
          total={total}
          label={t('groups.matrix.pagesLabel')}
          onPage={page}
          testId="matrix-pager"
        />
      ) : null}
    </section>
  );
}
