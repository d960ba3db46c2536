import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { BULK_LIMIT, parseBulkEntries, type BulkEntry, type BulkParseResult } from '../../../shared/bulk.ts';
import { BULK_TEXT_MAX } from '../../../shared/limits.ts';
import { BULK_OUTCOMES, type BulkAddResult, type BulkOutcome, type SecurityGroup } from '../../../shared/api/groups.ts';
import type { AppErrorShape, Result } from '../../../shared/errors.ts';
import { useAppStore } from '../store/index.ts';
import { errorText } from '../app/ErrorText.tsx';
import { Modal } from '../app/Modal.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { detach } from '../detach.ts';
import { BulkResult } from './BulkResult.tsx';

/** Parsing waits until typing or pasting pauses this long: a 1 MB paste never blocks a keystroke. */
const PARSE_DELAY_MS = 200;
/** Flagged entries listed before "… and N more". */
const FLAGS_SHOWN = 100;
/** Errors after which the server is known to have applied nothing. */
const NOTHING_APPLIED = new Set<AppErrorShape['code']>([
  'too_many_entries',
  'no_entries',
  'invalid_payload',
  'forbidden',
  'not_found',
  'not_signed_in',
  'session_expired',
  'untrusted_sender',
]);

type Blocker = 'tooLong' | 'empty' | 'overLimit' | 'noValid';

function blocker(length: number, parsed: BulkParseResult): Blocker | null {
  if (length > BULK_TEXT_MAX) return 'tooLong';
  if (parsed.count === 0) return 'empty';
  if (parsed.overLimit) return 'overLimit';
  if (parsed.valid === 0) return 'noValid';
  return null;
}

/**
 * Paste up to 50 addresses: live counts and flagged entries before submit
 * (the same parser the server uses), then one result per entry.
 */
export function BulkAddDialog({ group, onClose }: { group: SecurityGroup; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const bulkAdd = useAppStore((state) => state.bulkAddGroupMembers);
  const checkBulkAdd = useAppStore((state) => state.checkBulkAdd);
  // Stable, so the form asks the server once per settled text.
  const check = useCallback((text: string) => checkBulkAdd(group.id, text), [checkBulkAdd, group.id]);
  const [result, setResult] = useState<BulkAddResult | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <Modal
      labelledBy={titleId}
      onEscape={() => (busy ? undefined : onClose())}
      className="modal--bulk"
      testId="bulk-dialog"
    >
      <div className="modal__header">
        <h2 id={titleId} className="modal__title">
          {t('groups.bulk.title', { group: group.name })}
        </h2>
      </div>
      {result ? (
        <>
          <div className="modal__body">
            <BulkResult group={group} result={result} />
          </div>
          <div className="modal__footer">
            <button type="button" className="button button--secondary" onClick={() => setResult(null)}>
              {t('groups.bulk.another')}
            </button>
            <button type="button" className="button button--primary" onClick={onClose} data-testid="bulk-close">
              {t('groups.close')}
            </button>
          </div>
        </>
      ) : (
        <BulkForm
          busy={busy}
          onCancel={onClose}
          onCheck={check}
          onSubmit={async (text) => {
            setBusy(true);
            const outcome = await bulkAdd(group.id, text);
            setBusy(false);
            if (outcome.ok) setResult(outcome.value);
            return outcome.ok ? null : outcome.error;
          }}
        />
      )}
    </Modal>
  );
}

function BulkForm({
  busy,
  onCancel,
  onCheck,
  onSubmit,
}: {
  busy: boolean;
  onCancel: () => void;
  /** The server's dry run of the text: what each entry would come to. */
  onCheck: (text: string) => Promise<Result<BulkAddResult>>;
  onSubmit: (text: string) => Promise<AppErrorShape | null>;
}) {
  const { t } = useTranslation();
  const fieldId = useId();
  const hintId = useId();
  const reasonId = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  /** The text as of the last pause; parsed once per pause, not per keystroke. */
  const [settled, setSettled] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const parsed = useMemo(() => parseBulkEntries(settled), [settled]);
  const blocked = blocker(settled.length, parsed);
  // The server's answer for the settled text (a dry run: nothing written); stale once the text moves on.
  const [check, setCheck] = useState<{ text: string; result: Result<BulkAddResult> } | null>(null);
  const checked = check && check.text === settled && !pending ? check.result : null;
  const checking = !pending && blocked === null && settled.length > 0 && checked === null;
  useEffect(() => {
    if (blocked !== null || settled.length === 0) return;
    let current = true;
    detach(
      onCheck(settled).then((result) => {
        if (current) setCheck({ text: settled, result });
      }),
    );
    return () => {
      current = false;
    };
  }, [settled, blocked, onCheck]);
  const serverCheck = checked?.ok ? checked.value : null;
  const wouldAdd = serverCheck ? serverCheck.results.filter((entry) => entry.outcome === 'would_add').length : null;

  useEffect(() => () => clearTimeout(timer.current), []);

  const settle = () => {
    clearTimeout(timer.current);
    setSettled(textRef.current?.value ?? '');
    setPending(false);
  };

  const submit = async () => {
    if (busy) return;
    const text = textRef.current?.value ?? '';
    settle();
    if (blocker(text.length, parseBulkEntries(text)) !== null) return;
    setError(null);
    setError(await onSubmit(text));
  };

  const serverOutcome = (entry: BulkEntry) => serverCheck?.results[entry.index]?.outcome;
  const flagged = parsed.entries.filter(
    (entry) =>
      entry.status !== 'valid' ||
      entry.beyondLimit ||
      serverOutcome(entry) === 'unknown_user' ||
      serverOutcome(entry) === 'already_member',
  );
  const reason = blocked ? blockerText(t, blocked, settled.length, parsed) : null;

  return (
    <form
      className="bulk-form"
      onSubmit={(event) => {
        event.preventDefault();
        detach(submit());
      }}
    >
      <div className="modal__body">
        <label htmlFor={fieldId} className="field-label">
          {t('groups.bulk.label')}
        </label>
        <p id={hintId} className="field-hint">
          {t('groups.bulk.hint', { max: BULK_LIMIT })}
        </p>
        <textarea
          ref={textRef}
          id={fieldId}
          className="bulk-form__text"
          rows={7}
          spellCheck={false}
          aria-describedby={`${hintId} ${reasonId}`}
          placeholder={t('groups.bulk.placeholder')}
          disabled={busy}
          onChange={() => {
            setPending(true);
            clearTimeout(timer.current);
            timer.current = setTimeout(settle, PARSE_DELAY_MS);
          }}
          data-testid="bulk-text"
        />
        <div className="bulk-form__status" aria-live="polite">
          <div className="bulk-form__summary" data-testid="bulk-summary" data-pending={pending}>
            {pending ? (
              <span className="muted">{t('groups.bulk.checking')}</span>
            ) : parsed.count > 0 ? (
              <span
                data-count={parsed.count}
                data-valid={parsed.valid}
                data-invalid={parsed.invalid}
                data-duplicate={parsed.duplicate}
              >
                {t('groups.bulk.summary', {
                  entries: t('groups.bulk.counts.entries', { count: parsed.count }),
                  valid: t('groups.bulk.counts.valid', { count: parsed.valid }),
                  invalid: t('groups.bulk.counts.invalid', { count: parsed.invalid }),
                  duplicates: t('groups.bulk.counts.duplicates', { count: parsed.duplicate }),
                })}
              </span>
            ) : null}
          </div>
          <p className="bulk-form__check" data-testid="bulk-check" data-would-add={wouldAdd ?? ''}>
            {checking ? (
              <span className="muted">{t('pipeline.groupCheck.checking')}</span>
            ) : checked && !checked.ok ? (
              t('pipeline.groupCheck.failed', { reason: errorText(t, checked.error) })
            ) : serverCheck ? (
              t('pipeline.groupCheck.summary', { parts: checkSummary(t, serverCheck) })
            ) : null}
          </p>
          <p id={reasonId} className="bulk-form__reason" data-testid="bulk-blocked">
            {!pending && reason && settled.length > 0 ? reason : ''}
          </p>
        </div>
        {flagged.length > 0 && !pending && blocked !== 'tooLong' ? (
          <section className="bulk-flags" aria-labelledby={`${fieldId}-flags`}>
            <h3 id={`${fieldId}-flags`} className="bulk-flags__title">
              {t('groups.bulk.flaggedHeading')}
            </h3>
            <ul className="bulk-flags__list">
              {flagged.slice(0, FLAGS_SHOWN).map((entry) => (
                <FlaggedEntry key={entry.index} entry={entry} server={serverOutcome(entry)} />
              ))}
            </ul>
            {flagged.length > FLAGS_SHOWN ? (
              <p className="muted">{t('groups.bulk.moreFlagged', { count: flagged.length - FLAGS_SHOWN })}</p>
            ) : null}
          </section>
        ) : null}
        <FormAlert
          text={
            error
              ? `${errorText(t, error)} ${NOTHING_APPLIED.has(error.code) ? t('groups.bulk.failedNothing') : t('groups.bulk.failedUnknown')}`
              : ''
          }
          testId="bulk-error"
        />
      </div>
      <DialogFooter
        cancel={{ label: t('groups.cancel'), onClick: onCancel, disabled: busy }}
        action={
          <BusyButton
            label={
              blocked || pending
                ? t('groups.bulk.submitEmpty')
                : wouldAdd !== null
                  ? t('pipeline.groupCheck.submit', { count: wouldAdd })
                  : t('groups.bulk.submit', { count: parsed.valid })
            }
            busyLabel={t('groups.bulk.submitting')}
            busy={busy}
            disabled={pending || blocked !== null || wouldAdd === 0}
            testId="bulk-submit"
          />
        }
      />
    </form>
  );
}

function blockerText(t: TFunction, which: Blocker, length: number, parsed: BulkParseResult): string {
  switch (which) {
    case 'tooLong':
      return t('groups.bulk.blocked.tooLong', { length, max: BULK_TEXT_MAX, limit: BULK_LIMIT });
    case 'empty':
      return t('groups.bulk.blocked.empty');
    case 'overLimit':
      return t('groups.bulk.blocked.overLimit', {
        count: parsed.count,
        max: BULK_LIMIT,
        excess: parsed.count - BULK_LIMIT,
      });
    case 'noValid':
      return t('groups.bulk.blocked.noValid');
  }
}

/** "1 would be added, 1 already a member, 1 no such user": the server's dry run, outcome by outcome. */
function checkSummary(t: TFunction, result: BulkAddResult): string {
  const counts = new Map<BulkOutcome, number>();
  for (const entry of result.results) counts.set(entry.outcome, (counts.get(entry.outcome) ?? 0) + 1);
  return BULK_OUTCOMES.flatMap((outcome) => {
    const count = counts.get(outcome);
    return count ? [t('groups.bulk.outcomeCount', { label: t(`groups.bulk.short.${outcome}`), count })] : [];
  }).join(', ');
}

function FlaggedEntry({ entry, server }: { entry: BulkEntry; server?: BulkOutcome | undefined }) {
  const { t } = useTranslation();
  const reasons: string[] = [];
  if (entry.status === 'valid' && (server === 'unknown_user' || server === 'already_member')) {
    reasons.push(t(`groups.bulk.outcome.${server}`));
  }
  if (entry.status === 'invalid') reasons.push(t('groups.bulk.flag.invalid'));
  if (entry.status === 'duplicate' && entry.duplicateOf !== undefined) {
    reasons.push(t('groups.bulk.flag.duplicate', { n: entry.duplicateOf + 1 }));
  }
  if (entry.beyondLimit) reasons.push(t('groups.bulk.flag.beyondLimit', { max: BULK_LIMIT }));
  const kind =
    entry.beyondLimit && entry.status === 'valid'
      ? 'beyondLimit'
      : entry.status === 'valid' && (server === 'unknown_user' || server === 'already_member')
        ? server
        : entry.status;
  return (
    <li className={`bulk-flag bulk-flag--${kind}`} data-testid="bulk-flag" data-status={kind}>
      <span className="bulk-flag__index">{t('groups.bulk.entry', { n: entry.index + 1 })}</span>
      <code className="bulk-flag__raw">{entry.raw}</code>
      <span className="bulk-flag__reason">{reasons.join(' ')}</span>
    </li>
  );
}
