import { useTranslation } from 'react-i18next';
import { CheckIcon } from '../app/icons.tsx';
import { WIZARD_STEPS, type WizardStep } from './draft.ts';

/** The steps as a list: done ones checked, the current one marked for assistive technology. */
export function WizardProgress({ step }: { step: WizardStep }) {
  const { t } = useTranslation();
  const current = WIZARD_STEPS.indexOf(step);
  return (
    <ol className="wizard-steps" aria-label={t('invite.steps.label')}>
      {WIZARD_STEPS.map((each, index) => {
        const state = index < current || step === 'done' ? 'done' : index === current ? 'current' : 'todo';
        return (
          <li
            key={each}
            className={`wizard-steps__item is-${state}`}
            aria-current={state === 'current' ? 'step' : undefined}
          >
            <span className="wizard-steps__marker" aria-hidden="true">
              {state === 'done' ? <CheckIcon /> : index + 1}
            </span>
            <span className="wizard-steps__label">{t(`invite.steps.${each}`)}</span>
            {state === 'done' ? <span className="visually-hidden">{t('invite.steps.completed')}</span> : null}
          </li>
        );
      })}
    </ol>
  );
}
