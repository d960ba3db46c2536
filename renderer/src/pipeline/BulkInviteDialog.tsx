import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  BULK_INVITE_LIMIT,
  type BulkInvitationResult,
  type BulkInviteColumn,
} from '../../../shared/api/bulk-invite.ts';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { invitationTemplateCsv, parseInvitationCsv, type InvitationImportError } from '../../../shared/csv/index.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { isLanguage } from '../../../shared/languages.ts';
import { Modal } from '../app/Modal.tsx';
import { detach } from '../detach.ts';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { useAppStore } from '../store/index.ts';
import type { BulkInviteRow } from '../store/pipeline.ts';
import { CodesList, type ShownCode } from './CodesList.tsx';
import { DoneSummary, RowView, countOutcomes, type ImportedRow } from './BulkInviteRows.tsx';

type Phase = 'pick' | 'review' | 'done';

const newKey = () => crypto.randomUUID();

function importErrorText(t: TFunction, error: InvitationImportError): string {
  switch (error.code) {
    case 'too_many_rows':
      return t('pipeline.bulkInvite.tooMany', { count: error.count, max: error.max });
    case 'csv_missing_columns':
      return t('pipeline.bulkInvite.missingColumns', {
        columns: error.columns.map((column) => `“${t(`csv.columns.${column}`)}”`).join(', '),
      });
    case 'csv_unreadable':
      return t('pipeline.bulkInvite.unreadable', { line: error.line });
    case 'csv_empty':
      return t('errors.csv_empty');
  }
}

function downloadTemplate(language: string) {
  const text = invitationTemplateCsv({ language: isLanguage(language) ? language : 'en' });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'invitations-template.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}

/**
 * Invite many people into one safe from a CSV file: parsed here, checked by
 * the server in a dry run (every row's outcome; nothing written), fixed or
 * dropped row by row and checked again, then invited for real with a stable
 * key per row (a retry invites nobody twice). Codes of `display` rows are
 * shown once, with Copy all.
 */
export function BulkInviteDialog({ safe, onClose }: { safe: TeamSafe; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const introId = useId();
  const language = useAppStore((state) => state.language);
  const bulkInvite = useAppStore((state) => state.bulkInvite);
  const fileRef = useRef<HTMLInputElement>(null);
  const nextId = useRef(1);
  const [phase, setPhase] = useState<Phase>('pick');
  const [fileName, setFileName] = useState('');
  const [ignored, setIgnored] = useState<string[]>([]);
  const [rows, setRows] = useState<ImportedRow[]>([]);
  const [dirty, setDirty] = useState(false);
  const [summary, setSummary] = useState<BulkInvitationResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'invite' | null>(null);
  const [problem, setProblem] = useState<string>('');
  const [error, setError] = useState<AppErrorShape | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [codes, setCodes] = useState<ShownCode[]>([]);

  const check = async (current: ImportedRow[]) => {
    if (current.length === 0) return;
    setBusy('check');
    setError(null);
    const result = await bulkInvite(
      safe.id,
      true,
      current.map((row) => ({ ...row.values })),
    );
    setBusy(null);
    if (!result.ok) return setError(result.error);
    setSummary(result.value);
    setDirty(false);
    setRows(current.map((row, index) => ({ ...row, result: result.value.results[index] ?? null, edited: false })));
  };

  const chooseFile = async (file: File) => {
    setProblem('');
    setError(null);
    const parsed = parseInvitationCsv(await file.text());
    if (!parsed.ok) {
      setProblem(importErrorText(t, parsed.error));
      return;
    }
    setFileName(file.name);
    setIgnored(parsed.ignoredColumns);
    const imported = parsed.rows.map(({ line, ...values }) => ({
      id: nextId.current++,
      line,
      values,
      key: newKey(),
      result: null,
      edited: false,
    }));
    setRows(imported);
    setPhase('review');
    await check(imported);
  };

  const invite = async () => {
    if (busy) return;
    const chosen = rows.filter((row) => row.result?.outcome === 'invite');
    if (chosen.length === 0) return;
    setBusy('invite');
    setError(null);
    const result = await bulkInvite(
      safe.id,
      false,
      chosen.map((row): BulkInviteRow => ({ ...row.values, key: row.key })),
    );
    setBusy(null);
    if (!result.ok) return setError(result.error);
    const answers = new Map(chosen.map((row, index) => [row.id, result.value.results[index] ?? null]));
    const next = rows.map((row) => (answers.has(row.id) ? { ...row, result: answers.get(row.id) ?? null } : row));
    setRows(next);
    setSummary(result.value);
    setCodes(
      next.flatMap((row) => {
        const code = row.result?.outcome === 'invited' ? row.result.invitation?.securityCode : undefined;
        const member = row.result?.invitation?.member;
        return code && member ? [{ name: member.name, email: member.email, code }] : [];
      }),
    );
    setPhase('done');
  };

  const edit = (id: number, column: BulkInviteColumn, value: string) => {
    setDirty(true);
    setRows((current) =>
      current.map((row) =>
        row.id === id ? { ...row, values: { ...row.values, [column]: value }, key: newKey(), edited: true } : row,
      ),
    );
  };

  const drop = (id: number) => {
    const next = rows.filter((row) => row.id !== id);
    setRows(next);
    setDirty(true);
    if (editing === id) setEditing(null);
  };

  const wouldInvite = rows.filter((row) => row.result?.outcome === 'invite').length;
  const counts = countOutcomes(rows);
  const free = summary ? Math.max(0, summary.memberLimit - summary.placesTaken) : null;

  return (
    <Modal
      labelledBy={titleId}
      describedBy={introId}
      onEscape={() => (busy ? undefined : onClose())}
      className="modal--bulk-invite"
      testId="bulk-invite-dialog"
    >
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('pipeline.bulkInvite.title', { safe: safe.name })}
        </h2>
      </div>
      <div className="modal__body">
        <p id={introId} className="field-hint">
          {t('pipeline.bulkInvite.intro', { max: BULK_INVITE_LIMIT })}
        </p>
        {phase === 'pick' || phase === 'review' ? (
          <div className="bulk-invite__pick">
            <input
              ref={fileRef}
              id={`${titleId}-file`}
              type="file"
              accept=".csv,text/csv,text/plain"
              className="bulk-invite__file-input"
              disabled={busy !== null}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) detach(chooseFile(file));
              }}
              data-testid="bulk-invite-file"
            />
            <label htmlFor={`${titleId}-file`} className="button button--secondary button--small">
              {t('pipeline.bulkInvite.choose')}
            </label>
            <button
              type="button"
              className="button button--quiet button--small"
              onClick={() => downloadTemplate(language)}
              data-testid="bulk-invite-template"
            >
              {t('pipeline.bulkInvite.template')}
            </button>
            {fileName ? (
              <span className="muted" data-testid="bulk-invite-file-name">
                {t('pipeline.bulkInvite.file', { name: fileName, count: rows.length })}
              </span>
            ) : null}
          </div>
        ) : null}
        <FormAlert text={problem} testId="bulk-invite-problem" />
        {ignored.length > 0 && phase !== 'pick' ? (
          <p className="muted bulk-invite__note">
            {t('pipeline.bulkInvite.ignoredColumns', { columns: ignored.join(', ') })}
          </p>
        ) : null}
        {phase !== 'pick' ? (
          <div className="bulk-form__status" aria-live="polite" data-testid="bulk-invite-status">
            {busy === 'check' ? (
              <span className="muted">{t('pipeline.bulkInvite.checking')}</span>
            ) : phase === 'done' ? (
              <DoneSummary rows={rows} />
            ) : dirty ? (
              <span className="bulk-form__reason" data-testid="bulk-invite-changed">
                {t('pipeline.bulkInvite.changed')}
              </span>
            ) : summary ? (
              <span>{t('pipeline.bulkInvite.checked')}</span>
            ) : null}
            {counts.length > 0 && busy !== 'check' ? (
              <ul className="bulk-invite__counts" data-testid="bulk-invite-counts">
                {counts.map(([outcome, count]) => (
                  <li key={outcome} className={`chip chip--${outcome}`} data-outcome={outcome} data-count={count}>
                    {t(`pipeline.bulkInvite.counts.${outcome}`, { count })}
                  </li>
                ))}
              </ul>
            ) : null}
            {free !== null && summary && phase === 'review' ? (
              <span className="muted" data-testid="bulk-invite-places">
                {t('pipeline.bulkInvite.places', { free, limit: summary.memberLimit })}
              </span>
            ) : null}
          </div>
        ) : null}
        {phase !== 'pick' && rows.length === 0 ? <p className="muted">{t('pipeline.bulkInvite.noRows')}</p> : null}
        {phase !== 'pick' && rows.length > 0 ? (
          <div
            className="table-wrap bulk-invite__table"
            tabIndex={0}
            role="region"
            aria-label={t('pipeline.bulkInvite.tableLabel')}
          >
            <table className="data-table" aria-label={t('pipeline.bulkInvite.tableLabel')}>
              <thead>
                <tr>
                  <th scope="col" className="data-table__index">
                    {t('pipeline.bulkInvite.columns.line')}
                  </th>
                  <th scope="col">{t('pipeline.bulkInvite.columns.person')}</th>
                  <th scope="col">{t('csv.columns.role')}</th>
                  <th scope="col">{t('csv.columns.language')}</th>
                  <th scope="col">{t('csv.columns.codeDelivery')}</th>
                  <th scope="col">{t('pipeline.bulkInvite.columns.outcome')}</th>
                  {phase === 'review' ? <th scope="col">{t('pipeline.bulkInvite.columns.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {rows.map((row) => (
                  <RowView
                    key={row.id}
                    row={row}
                    rows={rows}
                    editable={phase === 'review' && busy === null}
                    editing={editing === row.id}
                    onEdit={() => setEditing(editing === row.id ? null : row.id)}
                    onChange={(column, value) => edit(row.id, column, value)}
                    onDrop={() => drop(row.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {phase === 'review' && rows.length > 0 && !dirty ? (
          <p className="muted bulk-invite__note">{t('pipeline.bulkInvite.skipped')}</p>
        ) : null}
        {phase === 'done' ? <CodesList codes={codes} /> : null}
        <FormAlert error={error} testId="bulk-invite-error" />
      </div>
      {phase === 'done' ? (
        <div className="modal__footer">
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              setRows([]);
              setSummary(null);
              setCodes([]);
              setFileName('');
              setPhase('pick');
            }}
          >
            {t('pipeline.bulkInvite.another')}
          </button>
          <button type="button" className="button button--primary" onClick={onClose} data-testid="bulk-invite-close">
            {t('pipeline.bulkInvite.close')}
          </button>
        </div>
      ) : (
        <DialogFooter
          cancel={{ label: t('pipeline.bulkInvite.cancel'), onClick: onClose, disabled: busy === 'invite' }}
          action={
            <>
              {phase === 'review' ? (
                <button
                  type="button"
                  className={`button ${dirty ? 'button--primary' : 'button--secondary'}`}
                  aria-disabled={busy === 'check' || undefined}
                  disabled={rows.length === 0 || busy === 'invite'}
                  onClick={() => {
                    if (busy === null) detach(check(rows));
                  }}
                  data-testid="bulk-invite-check"
                >
                  {busy === 'check' ? <span className="spinner" aria-hidden="true" /> : null}
                  {busy === 'check' ? t('pipeline.bulkInvite.checking') : t('pipeline.bulkInvite.check')}
                </button>
              ) : null}
              <BusyButton
                type="button"
                label={
                  dirty
                    ? t('pipeline.bulkInvite.confirmAfterCheck')
                    : wouldInvite > 0
                      ? t('pipeline.bulkInvite.confirm', { count: wouldInvite })
                      : t('pipeline.bulkInvite.confirmNone')
                }
                busyLabel={t('pipeline.bulkInvite.inviting')}
                busy={busy === 'invite'}
                disabled={phase !== 'review' || dirty || wouldInvite === 0 || busy === 'check'}
                onClick={() => detach(invite())}
                testId="bulk-invite-confirm"
              />
            </>
          }
        />
      )}
    </Modal>
  );
}
