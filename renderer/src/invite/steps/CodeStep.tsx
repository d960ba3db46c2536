import { useTranslation } from 'react-i18next';
import {
  exampleMobileNumber,
  formatInternational,
  getCountryCallingCode,
  validateMobileNumber,
} from '../../../../shared/phone.ts';
import { Choice } from '../../forms/Choice.tsx';
import { Field, TextField } from '../../forms/Field.tsx';
import { useFormat } from '../../format/useFormat.ts';
import { CountryPicker } from '../CountryPicker.tsx';
import { countryOptions } from '../countries.ts';
import { formatAsTyped } from '../draft.ts';
import type { Wizard } from '../useWizard.ts';
import { problemText } from './problem.ts';

/**
 * How the security code reaches the invitee: shown in the next step, or by
 * SMS to a mobile number of a chosen country (only the countries policy
 * allows, if it limits them).
 */
export function CodeStep({ wizard, person }: { wizard: Wizard; person: string }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { ids, draft, errors, country, allowedCountries, update, setCountry, checkNumber } = wizard;
  const countryLabel = (code: string) =>
    countryOptions(i18n.language).find((option) => option.country === code)?.name ?? code;
  const valid = country && draft.number.trim() ? validateMobileNumber(country, draft.number) : null;
  const example = country ? exampleMobileNumber(country) : null;
  const noteId = `${ids.country}-managed`;
  const onDelivery = (delivery: typeof draft.codeDelivery) =>
    update('codeDelivery', delivery, ['codeDelivery', 'country', 'number']);
  return (
    <>
      <p className="wizard__intro" id={`${ids.delivery}-label`}>
        {t('invite.code.intro', { name: person })}
      </p>
      <div className="choice-list" role="radiogroup" aria-labelledby={`${ids.delivery}-label`} id={ids.delivery}>
        <Choice
          name={`${ids.base}-delivery-choice`}
          id={`${ids.delivery}-display`}
          checked={draft.codeDelivery === 'display'}
          onChange={() => onDelivery('display')}
          title={t('invite.code.display')}
          detail={t('invite.code.displayHint')}
        />
        <Choice
          name={`${ids.base}-delivery-choice`}
          id={`${ids.delivery}-sms`}
          checked={draft.codeDelivery === 'sms'}
          onChange={() => onDelivery('sms')}
          title={t('invite.code.sms')}
          detail={t('invite.code.smsHint', { name: person })}
        />
      </div>
      {draft.codeDelivery === 'sms' ? (
        <div className="sms-fields">
          <Field
            id={ids.country}
            label={t('invite.code.country')}
            error={errors.country ? t('invite.code.countryRequired') : undefined}
          >
            {(describedBy) => (
              <>
                <CountryPicker
                  id={ids.country}
                  value={country}
                  onChange={setCountry}
                  invalid={errors.country !== undefined}
                  describedBy={[describedBy, allowedCountries ? noteId : null].filter(Boolean).join(' ') || undefined}
                  allowed={allowedCountries}
                />
                {allowedCountries ? (
                  <p className="field__hint managed-mark" id={noteId} data-testid="sms-countries-limited">
                    {t('managed.smsLimited', {
                      countries: format.list(
                        allowedCountries
                          .map((code) => countryLabel(code))
                          .sort(new Intl.Collator(format.locale).compare),
                      ),
                    })}
                  </p>
                ) : null}
              </>
            )}
          </Field>
          <TextField
            id={ids.number}
            label={t('invite.code.number')}
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder={example ? t('invite.code.numberExample', { example }) : undefined}
            value={draft.number}
            onChange={(value, input) => {
              // Formatted while typing at the end; edits in the middle stay as typed.
              const atEnd = input.selectionStart === value.length;
              const grew = value.length > draft.number.length;
              update('number', atEnd && grew ? formatAsTyped(country, value) : value);
            }}
            onBlur={checkNumber}
            error={problemText(t, errors.number)}
            testId="mobile-number"
            hint={
              valid?.ok
                ? t('invite.code.willSend', { number: formatInternational(valid.e164) })
                : country
                  ? t('invite.code.numberHint', {
                      country: countryLabel(country),
                      callingCode: getCountryCallingCode(country),
                    })
                  : undefined
            }
          />
        </div>
      ) : null}
    </>
  );
}
