import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BULK_INVITATION_ACTION_LIMIT,
  INVITATION_FILTERS,
  type InvitationFilter,
  type InvitationPipeline,
  type PipelineInvitation,
} from '../../../shared/api/pipeline.ts';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { errorText } from '../app/ErrorText.tsx';
import { RefreshIcon, InfoIcon } from '../app/icons.tsx';
import { lazyPart } from '../app/LazyPart.tsx';
import { detach } from '../detach.ts';
import { useFormat } from '../format/useFormat.ts';
import { Pager } from '../groups/Pager.tsx';
import { useAppStore } from '../store/index.ts';
import type { ShownCode } from './CodesList.tsx';
import '../groups/group-tables.css';
import '../groups/bulk-add.css';
import '../styles/page.css';
import './pipeline.css';

const PAGE_SIZE = 100;
/** The countdowns move on this often. */
const TICK_MS = 60_000;

const BulkInviteDialog = lazyPart(
  () => import('./BulkInviteDialog.tsx'),
  (module) => module.BulkInviteDialog,
  'inline',
);

import { InvitationRow, type RowResult } from './InvitationRow.tsx';
import { CodesDialog, ConfirmAction, type Action } from './InvitationActions.tsx';

const keyOf = (item: { safeId: string; member: { id: string } }) => `${item.safeId}\n${item.member.id}`;

/** The invitations of one team safe (its Invitations tab): only its administrators may see them. */
export function InvitationsView({ safe }: { safe: TeamSafe }) {
  const { t } = useTranslation();
  if (safe.myRole !== 'administrator') {
    return (
      <div className="empty-state" data-testid="invitations-not-administrator">
        <p>{t('pipeline.invitations.notAdministrator', { role: t(`roles.${safe.myRole}`) })}</p>
      </div>
    );
  }
  return <Invitations key={safe.id} safe={safe} />;
}

/** The invitations of every team safe the admin administers. */
export function AllInvitationsView() {
  return <Invitations safe={null} />;
}

function Invitations({ safe }: { safe: TeamSafe | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleId = useId();
  const listInvitations = useAppStore((state) => state.listInvitations);
  const offline = useAppStore((state) => state.sync?.mode === 'offline');
  // Every push that brings changes (ours or another admin's, synced) re-reads the list.
  const revision = useAppStore((state) => state.sync?.revision ?? 0);
  const [filter, setFilter] = useState<InvitationFilter>('all');
  const [offset, setOffset] = useState(0);
  const [data, setData] = useState<InvitationPipeline | null>(null);
  const [error, setError] = useState<AppErrorShape | null>(null);
  /** The request the shown answer belongs to: loading while it is not the current one. */
  const [answered, setAnswered] = useState('');
  const [reloads, setReloads] = useState(0);
  const [selection, setSelection] = useState<ReadonlyMap<string, PipelineInvitation>>(new Map());
  const [results, setResults] = useState<ReadonlyMap<string, RowResult>>(new Map());
  const [summary, setSummary] = useState<string>('');
  const [action, setAction] = useState<Action | null>(null);
  const [codes, setCodes] = useState<ShownCode[]>([]);
  const [importing, setImporting] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const request = useRef(0);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);

  const requestKey = `${safe?.id ?? ''}|${filter}|${offset}|${revision}|${reloads}`;
  const loading = answered !== requestKey;
  useEffect(() => {
    if (offline) return;
    const ticket = ++request.current;
    detach(
      listInvitations(safe?.id ?? null, filter, offset, PAGE_SIZE).then((result) => {
        if (ticket !== request.current) return;
        setAnswered(requestKey);
        if (result.ok) {
          setData(result.value);
          setError(null);
          setNow(Date.parse(result.value.asOf) || Date.now());
        } else setError(result.error);
      }),
    );
  }, [listInvitations, safe?.id, filter, offset, offline, requestKey]);

  const items = useMemo(() => data?.items ?? [], [data]);
  const allSelected = items.length > 0 && items.every((item) => selection.has(keyOf(item)));
  const tooMany = selection.size > BULK_INVITATION_ACTION_LIMIT;

  const toggle = useCallback((item: PipelineInvitation, selected: boolean) => {
    setSelection((previous) => {
      const next = new Map(previous);
      if (selected) next.set(keyOf(item), item);
      else next.delete(keyOf(item));
      return next;
    });
  }, []);

  const onDone = (kind: Action, rows: { safeId: string; memberId: string; outcome: string; error?: unknown }[]) => {
    const next = new Map(results);
    let done = 0;
    for (const row of rows) {
      const key = `${row.safeId}\n${row.memberId}`;
      if (row.outcome === 'failed') next.set(key, { outcome: 'failed', error: row.error as AppErrorShape });
      else {
        done += 1;
        next.set(key, { outcome: kind === 'resend' ? 'resent' : 'revoked' });
      }
    }
    const failedCount = rows.length - done;
    setResults(next);
    setSummary(
      [
        t(kind === 'resend' ? 'pipeline.invitations.done.resent' : 'pipeline.invitations.done.revoked', {
          count: done,
        }),
        failedCount > 0 ? t('pipeline.invitations.done.failed', { count: failedCount }) : '',
      ]
        .filter(Boolean)
        .join(' '),
    );
    // Keep the failed rows selected, so a retry is one click away.
    setSelection(
      (previous) =>
        new Map(
          [...previous].filter(([key]) => {
            const result = next.get(key);
            return result?.outcome === 'failed';
          }),
        ),
    );
    setReloads((count) => count + 1);
  };

  const heading = safe ? t('pipeline.invitations.title') : t('pipeline.invitations.titleAll');
  const place = safe ? data?.safes.find((each) => each.id === safe.id) : undefined;

  return (
    <section className="pipeline" aria-labelledby={titleId} data-testid="invitations-view">
      <div className="member-panel__header">
        <h1 id={titleId} className="page-title">
          {safe ? `${safe.name} · ${heading}` : heading}
        </h1>
        <div className="member-panel__actions">
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={offline}
            onClick={() => setReloads((count) => count + 1)}
          >
            {loading && !offline ? <span className="spinner" aria-hidden="true" /> : <RefreshIcon />}
            {t('pipeline.invitations.refresh')}
          </button>
          {safe ? (
            <button
              type="button"
              className="button button--primary button--small"
              disabled={offline}
              onClick={() => setImporting(true)}
              data-testid="bulk-invite-open"
            >
              {t('pipeline.bulkInvite.open')}
            </button>
          ) : null}
        </div>
      </div>
      {offline ? (
        <div className="notice notice--warning">
          <span className="pipeline__offline" data-testid="invitations-offline">
            <InfoIcon />
            {t('pipeline.invitations.needsConnection')}
          </span>
        </div>
      ) : null}
      {place && !offline ? (
        <p className="muted pipeline__places" data-testid="invitations-places">
          {t('pipeline.invitations.places', { taken: place.placesTaken, limit: place.memberLimit })}
          {place.expiredHoldingPlaces > 0
            ? ` ${t('pipeline.invitations.placesExpired', { expired: place.expiredHoldingPlaces })}`
            : ''}
        </p>
      ) : null}
      <div className="pipeline__toolbar">
        <FilterTabs
          filter={filter}
          counts={offline ? undefined : data?.counts}
          onChange={(next) => {
            setFilter(next);
            setOffset(0);
          }}
        />
        <div className="pipeline__actions">
          <span className="muted" aria-live="polite" data-testid="invitations-selected">
            {selection.size > 0 ? t('pipeline.invitations.selected', { count: selection.size }) : ''}
          </span>
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={selection.size === 0 || tooMany || offline}
            onClick={() => setAction('resend')}
            data-testid="invitations-resend"
          >
            {t('pipeline.invitations.resend')}
          </button>
          <button
            type="button"
            className="button button--danger button--small"
            disabled={selection.size === 0 || tooMany || offline}
            onClick={() => setAction('revoke')}
            data-testid="invitations-revoke"
          >
            {t('pipeline.invitations.revoke')}
          </button>
        </div>
      </div>
      {tooMany ? (
        <p className="pipeline__warning" role="alert">
          {t('pipeline.invitations.tooMany', { max: BULK_INVITATION_ACTION_LIMIT })}
        </p>
      ) : null}
      <div className="pipeline__summary" role="status" data-testid="invitations-summary">
        {summary}
      </div>
      {error && !offline ? (
        <p className="notice notice--warning" role="alert" data-testid="invitations-error">
          {t('pipeline.invitations.loadFailed')} {errorText(t, error)}
        </p>
      ) : null}
      {!offline && data ? (
        items.length === 0 ? (
          <div className="empty-state" data-testid="invitations-empty">
            <p>{t(`pipeline.invitations.empty.${filter}`)}</p>
          </div>
        ) : (
          <div
            className="table-wrap pipeline__table"
            tabIndex={0}
            role="region"
            aria-label={
              safe ? t('pipeline.invitations.tableLabel', { safe: safe.name }) : t('pipeline.invitations.tableLabelAll')
            }
          >
            <table
              className="data-table"
              aria-label={
                safe
                  ? t('pipeline.invitations.tableLabel', { safe: safe.name })
                  : t('pipeline.invitations.tableLabelAll')
              }
              aria-busy={loading || undefined}
              data-testid="invitations-table"
            >
              <thead>
                <tr>
                  <th scope="col" className="data-table__check">
                    <input
                      type="checkbox"
                      aria-label={t('pipeline.invitations.selectAll')}
                      checked={allSelected}
                      onChange={(event) => {
                        for (const item of items) toggle(item, event.target.checked);
                      }}
                      data-testid="invitations-select-all"
                    />
                  </th>
                  <th scope="col">{t('pipeline.invitations.columns.person')}</th>
                  {safe ? null : <th scope="col">{t('pipeline.invitations.columns.safe')}</th>}
                  <th scope="col">{t('pipeline.invitations.columns.state')}</th>
                  <th scope="col">{t('pipeline.invitations.columns.expires')}</th>
                  <th scope="col">{t('pipeline.invitations.columns.invited')}</th>
                  <th scope="col">{t('csv.columns.codeDelivery')}</th>
                  <th scope="col">{t('pipeline.invitations.columns.sms')}</th>
                  <th scope="col" className="data-table__number">
                    {t('pipeline.invitations.columns.resent')}
                  </th>
                  {results.size > 0 ? <th scope="col">{t('pipeline.invitations.columns.result')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <InvitationRow
                    key={keyOf(item)}
                    item={item}
                    safeName={safe ? null : (data.safes.find((each) => each.id === item.safeId)?.name ?? item.safeId)}
                    now={now}
                    format={format}
                    selected={selection.has(keyOf(item))}
                    onSelect={toggle}
                    result={results.get(keyOf(item))}
                    showResult={results.size > 0}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {!offline && data ? (
        <Pager
          offset={offset}
          pageSize={PAGE_SIZE}
          total={data.total}
          label={t('pipeline.invitations.pager')}
          onPage={setOffset}
          testId="invitations-pager"
        />
      ) : null}
      {action ? (
        <ConfirmAction
          action={action}
          selection={[...selection.values()]}
          onClose={(outcome) => {
            setAction(null);
            if (outcome) {
              onDone(action, outcome.rows);
              if (outcome.codes.length > 0) setCodes(outcome.codes);
            }
          }}
        />
      ) : null}
      {codes.length > 0 ? <CodesDialog codes={codes} onClose={() => setCodes([])} /> : null}
      {importing && safe ? <BulkInviteDialog safe={safe} onClose={() => setImporting(false)} /> : null}
    </section>
  );
}

function FilterTabs({
  filter,
  counts,
  onChange,
}: {
  filter: InvitationFilter;
  counts: InvitationPipeline['counts'] | undefined;
  onChange: (filter: InvitationFilter) => void;
}) {
  const { t } = useTranslation();
  const name = useId();
  const format = useFormat();
  return (
    <div
      className="segmented"
      role="radiogroup"
      aria-label={t('pipeline.invitations.filter.label')}
      data-testid="invitations-filter"
    >
      {INVITATION_FILTERS.map((each) => {
        const count = counts?.[each];
        const countId = `${name}-${each}`;
        return (
          <label key={each} className={`segmented__option${filter === each ? ' is-checked' : ''}`}>
            <input
              type="radio"
              className="segmented__input"
              name={name}
              value={each}
              checked={filter === each}
              aria-describedby={count === undefined ? undefined : countId}
              onChange={() => onChange(each)}
            />
            <span className="segmented__text">{t(`pipeline.invitations.filter.${each}`)}</span>
            {count === undefined ? null : (
              <span id={countId} className="segmented__count" aria-hidden="true">
                {format.number(count)}
              </span>
            )}
          </label>
        );
      })}
    </div>
  );
}
