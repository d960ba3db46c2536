import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  BULK_INVITE_COLUMNS,
  BULK_INVITE_OUTCOMES,
  type BulkInvitationRowResult,
  type BulkInviteColumn,
  type BulkInviteOutcome,
} from '../../../shared/api/bulk-invite.ts';
import { ROLE_KEYS } from '../../../shared/catalog/roles.ts';
import type { AppErrorShape } from '../../../shared/errors.ts';
import { LANGUAGES, isLanguage } from '../../../shared/languages.ts';
import { errorText, fieldErrorText } from '../app/ErrorText.tsx';

export type Values = Record<BulkInviteColumn, string>;

/** One row of the imported file, as it is now in the review. */
export interface ImportedRow {
  id: number;
  /** Its line in the file. */
  line: number;
  values: Values;
  /** The idempotency key of this row as it is now: a new one when it is edited, the same on a retry. */
  key: string;
  /** The server's last answer for this row (the dry run's, then the real run's). */
  result: BulkInvitationRowResult | null;
  /** Edited since the last check. */
  edited: boolean;
}

/** The outcomes present, in the catalogue's order, with how many rows have each. */
export function countOutcomes(rows: readonly ImportedRow[]): [BulkInviteOutcome, number][] {
  const counts = new Map<BulkInviteOutcome, number>();
  for (const row of rows) {
    if (row.result && !row.edited) counts.set(row.result.outcome, (counts.get(row.result.outcome) ?? 0) + 1);
  }
  return BULK_INVITE_OUTCOMES.flatMap((outcome) => {
    const count = counts.get(outcome);
    return count ? [[outcome, count] as [BulkInviteOutcome, number]] : [];
  });
}

/** After the real run: how many were invited (by SMS), how many not, and whether a retry helps. */
export function DoneSummary({ rows }: { rows: readonly ImportedRow[] }) {
  const { t } = useTranslation();
  const invited = rows.filter((row) => row.result?.outcome === 'invited');
  const sms = invited.filter((row) => row.result?.invitation?.codeDelivery === 'sms').length;
  const notInvited = rows.length - invited.length;
  const failed = rows.some((row) => row.result?.outcome === 'failed');
  return (
    <div className="bulk-result__summary" role="status" data-testid="bulk-invite-done" data-invited={invited.length}>
      <p className="bulk-result__headline">{t('pipeline.bulkInvite.result.invited', { count: invited.length })}</p>
      {sms > 0 ? <p>{t('pipeline.bulkInvite.result.sms', { count: sms })}</p> : null}
      {notInvited > 0 ? (
        <p className="muted">{t('pipeline.bulkInvite.result.notInvited', { count: notInvited })}</p>
      ) : null}
      {failed ? <p className="muted">{t('pipeline.bulkInvite.result.retry')}</p> : null}
    </div>
  );
}

function outcomeText(t: TFunction, row: ImportedRow, rows: readonly ImportedRow[]): string {
  const result = row.result;
  if (row.edited || !result) return t('pipeline.bulkInvite.outcome.unchecked');
  switch (result.outcome) {
    case 'duplicate': {
      const first = result.duplicateOf === undefined ? undefined : rows[result.duplicateOf];
      return t('pipeline.bulkInvite.outcome.duplicate', { line: first?.line ?? 0 });
    }
    case 'sms_quota':
      return t('pipeline.bulkInvite.outcome.sms_quota', {
        minutes: Math.ceil((result.error?.retryAfterSeconds ?? 60) / 60),
      });
    case 'failed':
      return t('pipeline.bulkInvite.outcome.failed', {
        reason: result.error ? errorText(t, result.error as AppErrorShape) : t('errors.internal'),
      });
    default:
      return t(`pipeline.bulkInvite.outcome.${result.outcome}`);
  }
}

/** One row of the review: its values (editable while reviewing), its outcome, drop and edit. */
export function RowView({
  row,
  rows,
  editable,
  editing,
  onEdit,
  onChange,
  onDrop,
}: {
  row: ImportedRow;
  rows: readonly ImportedRow[];
  editable: boolean;
  editing: boolean;
  onEdit: () => void;
  onChange: (column: BulkInviteColumn, value: string) => void;
  onDrop: () => void;
}) {
  const { t } = useTranslation();
  const editorId = useId();
  const { values } = row;
  const outcome = row.edited || !row.result ? 'unchecked' : row.result.outcome;
  const fields = row.edited ? {} : (row.result?.fields ?? {});
  const roleKey = ROLE_KEYS.find((key) => key === values.role);
  const role = roleKey ? t(`roles.${roleKey}`) : values.role;
  const language = isLanguage(values.language) ? t(`language.names.${values.language}`) : values.language;
  const delivery =
    values.codeDelivery === 'sms'
      ? `${t('csv.delivery.sms')} ${values.mobile}`.trim()
      : values.codeDelivery === 'display'
        ? t('csv.delivery.display')
        : values.codeDelivery;
  const problems = Object.entries(fields) as [BulkInviteColumn, string][];
  return (
    <>
      <tr data-testid="bulk-invite-row" data-line={row.line} data-email={values.email} data-outcome={outcome}>
        <td className="data-table__index data-table__muted">{row.line}</td>
        <td>
          <span className="pipeline-person__name">{values.name || '–'}</span>
          <span className="pipeline-person__email">{values.email || '–'}</span>
        </td>
        <td>{role || '–'}</td>
        <td>{language || '–'}</td>
        <td>{delivery || '–'}</td>
        <td>
          <span className={`outcome outcome--${outcome}`} data-testid="bulk-invite-outcome">
            {outcomeText(t, row, rows)}
          </span>
          {problems.length > 0 ? (
            <ul className="bulk-invite__problems">
              {problems.map(([column, code]) => (
                <li key={column}>
                  {t('pipeline.bulkInvite.fieldProblem', {
                    field: t(`csv.columns.${column}`),
                    problem: fieldErrorText(t, code),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </td>
        {editable || editing ? (
          <td>
            <div className="bulk-invite__row-actions">
              <button
                type="button"
                className="button button--quiet button--small"
                aria-expanded={editing}
                aria-controls={editorId}
                // The name says the visible word: "Edit line 10", then "Done" (expanded).
                aria-label={editing ? undefined : t('pipeline.bulkInvite.editRow', { line: row.line })}
                onClick={onEdit}
                disabled={!editable}
                data-testid="bulk-invite-edit"
              >
                {editing ? t('pipeline.bulkInvite.done') : t('pipeline.bulkInvite.edit')}
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={t('pipeline.bulkInvite.dropRow', { line: row.line })}
                onClick={onDrop}
                disabled={!editable}
                data-testid="bulk-invite-drop"
              >
                {t('pipeline.bulkInvite.drop')}
              </button>
            </div>
          </td>
        ) : null}
      </tr>
      {editing ? (
        <tr className="bulk-invite__editor-row">
          <td />
          <td colSpan={6}>
            <div className="bulk-invite__editor" id={editorId} data-testid="bulk-invite-editor">
              {BULK_INVITE_COLUMNS.map((column) => (
                <label key={column}>
                  {t(`csv.columns.${column}`)}
                  <Editor
                    column={column}
                    value={values[column]}
                    invalid={column in fields}
                    onChange={(value) => onChange(column, value)}
                  />
                </label>
              ))}
            </div>
          </td>
        </tr>
      ) : null}
    </>
  );
}

function Editor({
  column,
  value,
  invalid,
  onChange,
}: {
  column: BulkInviteColumn;
  value: string;
  invalid: boolean;
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const options: [string, string][] | null =
    column === 'role'
      ? ROLE_KEYS.map((key) => [key, t(`roles.${key}`)])
      : column === 'language'
        ? LANGUAGES.map((code) => [code, t(`language.names.${code}`)])
        : column === 'codeDelivery'
          ? [
              ['display', t('csv.delivery.display')],
              ['sms', t('csv.delivery.sms')],
            ]
          : null;
  if (options) {
    const known = options.some(([key]) => key === value);
    return (
      <select
        value={value}
        aria-invalid={invalid || undefined}
        onChange={(event) => onChange(event.target.value)}
        data-column={column}
      >
        {known ? null : <option value={value}>{value || '–'}</option>}
        {options.map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      type={column === 'email' ? 'email' : column === 'mobile' ? 'tel' : 'text'}
      value={value}
      aria-invalid={invalid || undefined}
      onChange={(event) => onChange(event.target.value)}
      data-column={column}
    />
  );
}
