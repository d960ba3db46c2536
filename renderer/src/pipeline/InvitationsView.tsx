import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import type { TFunction } from 'i18next';
import {
  BULK_INVITATION_ACTION_LIMIT,
  INVITATION_FILTERS,
  type InvitationFilter,
  type InvitationPipeline,
  type PipelineInvitation,
} from '../../../shared/api/pipeline.ts';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { formatInternational } from '../../../shared/phone.ts';
import { errorText } from '../app/ErrorText.tsx';
import { RefreshIcon, InfoIcon } from '../app/icons.tsx';
import { lazyPart } from '../app/LazyPart.tsx';
import { Modal } from '../app/Modal.tsx';
import { detach } from '../detach.ts';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useFormat } from '../format/useFormat.ts';
import type { Format } from '../format/locale.ts';
import { Pager } from '../groups/Pager.tsx';
import { useAppStore } from '../store/index.ts';
import type { SelectedInvitation } from '../store/pipeline.ts';
import { CodesList, type ShownCode } from './CodesList.tsx';
import '../groups/group-tables.css';
import '../groups/bulk-add.css';
import '../styles/page.css';
import './pipeline.css';

const PAGE_SIZE = 100;
/** The countdowns move on this often. */
const TICK_MS = 60_000;

const BulkInviteDialog = lazyPart(
  () => import('./BulkInviteDialog.tsx').then((module) => module.BulkInviteDialog),
  'inline',
);

type RowResult = { outcome: 'resent' | 'revoked' } | { outcome: 'failed'; error: AppErrorShape };
type Action = 'resend' | 'revoke';
const keyOf = (item: { safeId: string; member: { id: string } }) => `${item.safeId}\n${item.member.id}`;

/** "in 3 days" / "in 5 hours" in the UI language (Intl words it, so no template of ours). */
function countdown(format: Format, iso: string, now: number): string {
  const seconds = Math.max(0, (Date.parse(iso) - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(format.locale, { numeric: 'always' });
  if (seconds >= 86_400) return relative.format(Math.floor(seconds / 86_400), 'day');
  if (seconds >= 3_600) return relative.format(Math.floor(seconds / 3_600), 'hour');
  return relative.format(Math.max(1, Math.floor(seconds / 60)), 'minute');
}

function rowResultText(t: TFunction, result: RowResult): string {
  if (result.outcome === 'failed') return t('pipeline.invitations.row.failed', { reason: errorText(t, result.error) });
  return t(`pipeline.invitations.row.${result.outcome}`);
}

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

function InvitationRow({
  item,
  safeName,
  now,
  format,
  selected,
  onSelect,
  result,
  showResult,
}: {
  item: PipelineInvitation;
  safeName: string | null;
  now: number;
  format: Format;
  selected: boolean;
  onSelect: (item: PipelineInvitation, selected: boolean) => void;
  result: RowResult | undefined;
  showResult: boolean;
}) {
  const { t } = useTranslation();
  const { member } = item;
  const expired = item.state === 'expired';
  return (
    <tr
      className={selected ? 'is-selected' : undefined}
      data-testid="invitation-row"
      data-email={member.email}
      data-state={item.state}
      data-sms={item.sms?.state ?? ''}
    >
      <td className="data-table__check">
        <input
          type="checkbox"
          checked={selected}
          aria-label={t('pipeline.invitations.selectRow', { name: member.name })}
          onChange={(event) => onSelect(item, event.target.checked)}
        />
      </td>
      <td>
        <span className="pipeline-person__name">{member.name}</span>
        <span className="pipeline-person__email">{member.email}</span>
      </td>
      {safeName === null ? null : <td>{safeName}</td>}
      <td>
        <span className={`state-badge state-badge--${expired ? 'expired' : item.expiringSoon ? 'soon' : 'pending'}`}>
          {expired
            ? t('pipeline.invitations.state.expired')
            : item.expiringSoon
              ? t('pipeline.invitations.expiringSoon')
              : t('pipeline.invitations.state.pending')}
        </span>
      </td>
      <td className="pipeline__expiry">
        {item.expiresAt === null ? (
          <span className="muted">{t('pipeline.invitations.noCode')}</span>
        ) : expired ? (
          <time dateTime={item.expiresAt} title={format.dateTime(item.expiresAt)}>
            {t('pipeline.invitations.expiredAgo', { time: format.relative(item.expiresAt, now) })}
          </time>
        ) : (
          <time dateTime={item.expiresAt} title={format.dateTime(item.expiresAt)}>
            {countdown(format, item.expiresAt, now)}
          </time>
        )}
      </td>
      <td className="pipeline__time">
        <time dateTime={member.invitedAt} title={format.dateTime(member.invitedAt)}>
          {format.relative(member.invitedAt, now)}
        </time>
      </td>
      <td>
        {item.codeDelivery === null ? (
          <span className="muted">–</span>
        ) : item.codeDelivery === 'sms' ? (
          <SmsTo number={item.sentTo ? formatInternational(item.sentTo) : ''} />
        ) : (
          t('pipeline.invitations.delivery.display')
        )}
      </td>
      <td>
        {item.sms ? (
          <span className={`outcome outcome--sms-${item.sms.state}`} title={format.dateTime(item.sms.at)}>
            {t(`pipeline.invitations.sms.${item.sms.state}`)}
          </span>
        ) : (
          <span className="muted">–</span>
        )}
      </td>
      <td className="data-table__number">{format.number(item.resendCount)}</td>
      {showResult ? (
        <td className="pipeline__result" data-testid="invitation-result" data-outcome={result?.outcome ?? ''}>
          {result ? (
            <span className={`outcome outcome--${result.outcome === 'failed' ? 'invalid' : 'added'}`}>
              {rowResultText(t, result)}
            </span>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

/** "SMS to +41 79 123 45 67", the number kept on one line. */
function SmsTo({ number }: { number: string }) {
  const { t } = useTranslation();
  const [before, after = ''] = t('pipeline.invitations.delivery.sms', { number: '\u0000' }).split('\u0000');
  return (
    <>
      {before}
      <span className="pipeline__number">{number}</span>
      {after}
    </>
  );
}

interface ActionOutcome {
  rows: { safeId: string; memberId: string; outcome: string; error?: unknown }[];
  codes: ShownCode[];
}

function ConfirmAction({
  action,
  selection,
  onClose,
}: {
  action: Action;
  selection: PipelineInvitation[];
  onClose: (outcome: ActionOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const bodyId = useId();
  const { resend, revoke } = useAppStore(
    useShallow((state) => ({ resend: state.resendInvitations, revoke: state.revokeInvitations })),
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  // One per submission: a retry of this one re-sends (or revokes) nothing twice.
  const [requestId] = useState(() => crypto.randomUUID());

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    const items: SelectedInvitation[] = selection.map((item) => ({
      safeId: item.safeId,
      memberId: item.member.id,
      version: item.member.version,
    }));
    const byId = new Map(selection.map((item) => [item.member.id, item.member]));
    if (action === 'resend') {
      const result = await resend(requestId, items);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      const codes = result.value.results.flatMap((row) => {
        const code = row.invitation?.securityCode;
        const member = row.invitation?.member ?? byId.get(row.memberId);
        return code && member ? [{ name: member.name, email: member.email, code }] : [];
      });
      onClose({ rows: result.value.results, codes });
    } else {
      const names = new Map(selection.map((item) => [item.member.id, item.member.name]));
      const result = await revoke(requestId, items, names);
      setBusy(false);
      if (!result.ok) return setError(result.error);
      onClose({ rows: result.value.results, codes: [] });
    }
  };

  const count = selection.length;
  return (
    <Modal
      labelledBy={titleId}
      describedBy={bodyId}
      role="alertdialog"
      onEscape={() => (busy ? undefined : onClose(null))}
      testId="invitations-confirm"
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          detach(submit());
        }}
      >
        <div className="modal__header">
          <h2 id={titleId} className="modal__title">
            {t(action === 'resend' ? 'pipeline.invitations.resendTitle' : 'pipeline.invitations.revokeTitle', {
              count,
            })}
          </h2>
        </div>
        <div className="modal__body">
          <p id={bodyId}>
            {t(action === 'resend' ? 'pipeline.invitations.resendBody' : 'pipeline.invitations.revokeBody')}
          </p>
          <FormAlert error={error} testId="invitations-confirm-error" />
        </div>
        <DialogFooter
          cancel={{ label: t('pipeline.invitations.cancel'), onClick: () => onClose(null), disabled: busy }}
          action={
            <BusyButton
              label={t(action === 'resend' ? 'pipeline.invitations.resend' : 'pipeline.invitations.revoke')}
              busyLabel={t(action === 'resend' ? 'pipeline.invitations.resending' : 'pipeline.invitations.revoking')}
              busy={busy}
              tone={action === 'revoke' ? 'danger' : 'primary'}
              testId="invitations-confirm-submit"
            />
          }
        />
      </form>
    </Modal>
  );
}

function CodesDialog({ codes, onClose }: { codes: ShownCode[]; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Modal labelledBy={titleId} onEscape={onClose} className="modal--bulk" testId="invitations-codes">
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('pipeline.invitations.codesTitle')}
        </h2>
      </div>
      <div className="modal__body">
        <CodesList codes={codes} />
      </div>
      <div className="modal__footer">
        <button type="button" className="button button--primary" onClick={onClose}>
          {t('pipeline.invitations.close')}
        </button>
      </div>
    </Modal>
  );
}
