import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../app/ErrorText.tsx';
import { detach } from '../detach.ts';
import { useAppStore } from '../store/index.ts';
import type { UndoOffer, UndoOutcome } from '../store/pipeline.ts';
import './undo-toast.css';

/** How long Undo is offered (the server accepts an undo for 30 s). */
export const UNDO_OFFER_MS = 10_000;
/** How long "Undone." stays. */
const DONE_SHOWN_MS = 5_000;

/** Refusals of an undo with a sentence of their own; anything else reads as the error it is. */
const UNDO_REFUSALS = [
  'precondition_failed',
  'undo_expired',
  'undo_not_allowed',
  'member_limit_reached',
  'last_administrator',
] as const;
type UndoRefusal = (typeof UNDO_REFUSALS)[number];
const isRefusal = (code: string): code is UndoRefusal => (UNDO_REFUSALS as readonly string[]).includes(code);

function outcomeText(t: TFunction, outcome: UndoOutcome): string {
  switch (outcome.status) {
    case 'done':
      return t('pipeline.undo.done');
    case 'partial':
      return t('pipeline.undo.partial', { done: outcome.done, count: outcome.count });
    case 'failed': {
      const { code } = outcome.error;
      return isRefusal(code) ? t(`pipeline.undo.failed.${code}`) : errorText(t, outcome.error);
    }
  }
}

/**
 * "Role changed. [Undo]" for 10 seconds after a change that can be undone.
 * A live region (role=status) that never takes focus; its buttons are in
 * the tab order, and the time stops while focus is in it.
 */
export function UndoToast() {
  const { t } = useTranslation();
  const { offer, epoch, dismissUndo } = useAppStore(
    useShallow((state) => ({ offer: state.undoOffer, epoch: state.sessionEpoch, dismissUndo: state.dismissUndo })),
  );
  const current = offer && offer.epoch === epoch ? offer : null;
  return (
    <div className="undo-toast-region" role="status" aria-label={t('pipeline.undo.region')}>
      {current ? (
        <UndoToastBody key={current.serial} offer={current} onDismiss={() => dismissUndo(current.serial)} />
      ) : null}
    </div>
  );
}

function UndoToastBody({ offer, onDismiss }: { offer: UndoOffer; onDismiss: () => void }) {
  const { t } = useTranslation();
  const runUndo = useAppStore((state) => state.runUndo);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<UndoOutcome | null>(null);
  const [paused, setPaused] = useState(false);
  const remaining = useRef(UNDO_OFFER_MS);
  const started = useRef(0);

  // The offer runs out after UNDO_OFFER_MS of not being looked at; "Undone." after a while; a refusal stays.
  const waiting = !busy && !paused && (outcome === null || outcome.status === 'done');
  useEffect(() => {
    if (!waiting) return;
    const ms = outcome === null ? remaining.current : DONE_SHOWN_MS;
    started.current = Date.now();
    const timer = setTimeout(onDismiss, ms);
    return () => {
      clearTimeout(timer);
      if (outcome === null) remaining.current = Math.max(1_000, remaining.current - (Date.now() - started.current));
    };
  }, [waiting, outcome, onDismiss]);

  const undo = async () => {
    if (busy) return;
    setBusy(true);
    setOutcome(await runUndo(offer));
    setBusy(false);
  };

  const tone = outcome?.status === 'failed' || outcome?.status === 'partial' ? 'warning' : 'neutral';
  return (
    <div
      className={`undo-toast undo-toast--${tone}`}
      data-testid="undo-toast"
      data-outcome={outcome?.status ?? 'offered'}
      onFocus={() => setPaused(true)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setPaused(false);
      }}
    >
      <p className="undo-toast__text" data-testid="undo-toast-text">
        {outcome ? outcomeText(t, outcome) : t(`pipeline.undo.${offer.message.key}`, offer.message.values)}
      </p>
      {outcome === null ? (
        <button
          type="button"
          className="button button--secondary button--small undo-toast__undo"
          aria-disabled={busy || undefined}
          onClick={() => detach(undo())}
          data-testid="undo-button"
        >
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {busy ? t('pipeline.undo.undoing') : t('pipeline.undo.action')}
        </button>
      ) : null}
      <button
        type="button"
        className="button button--quiet button--small undo-toast__dismiss"
        onClick={onDismiss}
        disabled={busy}
        data-testid="undo-dismiss"
      >
        {t('pipeline.undo.dismiss')}
      </button>
    </div>
  );
}
