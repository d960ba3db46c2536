import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TeamSafe } from '../../../shared/api/schemas.ts';
import { Modal } from '../app/Modal.tsx';
import { CloseIcon } from '../app/icons.tsx';
import { BusyButton, DialogFooter } from '../forms/DialogFooter.tsx';
import { WIZARD_STEPS } from './draft.ts';
import { DiscardDialog } from './DiscardDialog.tsx';
import { SecurityCodeResult } from './SecurityCodeResult.tsx';
import { CodeStep } from './steps/CodeStep.tsx';
import { LanguageStep } from './steps/LanguageStep.tsx';
import { PersonStep } from './steps/PersonStep.tsx';
import { ReviewStep } from './steps/ReviewStep.tsx';
import { RoleStep } from './steps/RoleStep.tsx';
import { useWizard } from './useWizard.ts';
import { WizardProgress } from './WizardProgress.tsx';
import { detach } from '../detach.ts';
import './wizard.css';

/**
 * Invite someone into a team safe: Person → Role → Language → Security code
 * → Review → Done. Each step is a form (Enter goes on), validated before
 * Next; Back keeps every answer; Esc asks before throwing answers away.
 */
export function InviteWizard({ safe, onClose }: { safe: TeamSafe; onClose: () => void }) {
  const { t } = useTranslation();
  const wizard = useWizard(safe, onClose);
  const { ids, step, stepIndex, draft, result, busy, checking, submitting, submitError } = wizard;
  const { stepRef, submitRef, closeRef } = wizard.refs;
  const person = draft.name.trim() || t('invite.person.fallbackName');

  const body: Record<typeof step, ReactNode> = {
    person: <PersonStep wizard={wizard} />,
    role: <RoleStep wizard={wizard} person={person} />,
    language: <LanguageStep wizard={wizard} person={person} />,
    code: <CodeStep wizard={wizard} person={person} />,
    review: <ReviewStep wizard={wizard} />,
    done: result ? <SecurityCodeResult result={result} name={result.member.name} /> : null,
  };
  const nextLabel =
    step === 'review'
      ? submitError
        ? t('invite.actions.retry')
        : t('invite.actions.invite')
      : t('invite.actions.next');

  return (
    <Modal labelledBy={ids.title} onEscape={wizard.requestClose} className="wizard" testId="invite-wizard">
      <div className="modal__header">
        <h2 className="modal__title" id={ids.title}>
          {t('invite.title', { safe: safe.name })}
        </h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('invite.close')}
          onClick={wizard.requestClose}
          disabled={submitting}
        >
          <CloseIcon />
        </button>
      </div>
      <WizardProgress step={step} />
      <form
        className="wizard__form"
        noValidate
        onSubmit={(event) => detach(wizard.next(event))}
        aria-labelledby={`${ids.title}-step`}
      >
        <div className="modal__body wizard__body" ref={stepRef} data-step={step} data-testid={`invite-step-${step}`}>
          <h3
            className={`wizard__step-title${step === 'done' ? ' wizard__step-title--done' : ''}`}
            id={`${ids.title}-step`}
          >
            <span className="visually-hidden">
              {t('invite.steps.progress', { current: stepIndex + 1, count: WIZARD_STEPS.length })}:{' '}
            </span>
            {step === 'done' && result ? (
              <>
                <span className="wizard__done-icon" aria-hidden="true" />
                {t('invite.done.title', { name: result.member.name })}
              </>
            ) : (
              t(`invite.steps.${step}`)
            )}
          </h3>
          {body[step]}
        </div>
        {step === 'done' ? (
          <DialogFooter
            action={
              <button ref={closeRef} type="button" className="button button--primary" onClick={onClose}>
                {t('invite.actions.close')}
              </button>
            }
          />
        ) : (
          <DialogFooter
            cancel={{
              label: t('invite.actions.cancel'),
              onClick: wizard.requestClose,
              disabled: submitting,
              quiet: true,
            }}
            action={
              <BusyButton
                buttonRef={submitRef}
                label={nextLabel}
                busyLabel={checking ? t('invite.actions.checking') : t('invite.actions.inviting')}
                busy={busy}
                testId="invite-next"
              />
            }
          >
            {stepIndex > 0 ? (
              <button type="button" className="button button--secondary" onClick={wizard.back} disabled={busy}>
                {t('invite.actions.back')}
              </button>
            ) : null}
          </DialogFooter>
        )}
      </form>
      {wizard.confirmDiscard ? (
        <DiscardDialog
          titleId={ids.discardTitle}
          bodyId={ids.discardBody}
          onKeep={wizard.keepEditing}
          onDiscard={onClose}
        />
      ) : null}
    </Modal>
  );
}
