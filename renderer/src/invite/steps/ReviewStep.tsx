import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatInternational, validateMobileNumber } from '../../../../shared/phone.ts';
import { FormAlert } from '../../forms/FormAlert.tsx';
import type { WizardStep } from '../draft.ts';
import type { Wizard } from '../useWizard.ts';

/** Every answer once more, each with a way back to its step; Enter sends. */
export function ReviewStep({ wizard }: { wizard: Wizard }) {
  const { t } = useTranslation();
  const { draft, country, submitError, goTo } = wizard;
  const mobile = draft.codeDelivery === 'sms' && country ? validateMobileNumber(country, draft.number) : null;
  const rows: { key: string; label: string; value: ReactNode; step: WizardStep }[] = [
    { key: 'name', label: t('invite.person.name'), value: draft.name.trim(), step: 'person' },
    { key: 'email', label: t('invite.person.email'), value: draft.email.trim(), step: 'person' },
    { key: 'role', label: t('invite.steps.role'), value: draft.role ? t(`roles.${draft.role}`) : '', step: 'role' },
    {
      key: 'language',
      label: t('invite.steps.language'),
      value: t(`language.names.${draft.language}`),
      step: 'language',
    },
    {
      key: 'code',
      label: t('invite.steps.code'),
      value:
        draft.codeDelivery === 'sms'
          ? t('invite.review.sms', { number: mobile?.ok ? formatInternational(mobile.e164) : draft.number })
          : t('invite.review.display'),
      step: 'code',
    },
  ];
  return (
    <>
      <p className="wizard__intro">{t('invite.review.intro')}</p>
      <dl className="review-list" data-testid="invite-review">
        {rows.map((row) => (
          <div key={row.key} className="review-list__row">
            <dt>{row.label}</dt>
            <dd data-field={row.key}>{row.value}</dd>
            <dd className="review-list__edit">
              <button
                type="button"
                className="button button--quiet button--small"
                aria-label={t('invite.review.editLabel', { field: row.label })}
                onClick={() => goTo(row.step)}
              >
                {t('invite.review.edit')}
              </button>
            </dd>
          </div>
        ))}
      </dl>
      <FormAlert heading={t('invite.review.failed')} error={submitError} testId="invite-error" />
    </>
  );
}
