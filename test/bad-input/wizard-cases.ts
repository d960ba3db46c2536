/**
 * Bad input typed into the invite wizard: each case is one step's fields
 * and the problem the step must show before it can be left. The same
 * shared rules main and the server apply, so the wizard never lets through
 * what they would refuse.
 */
import type { FieldErrorCode } from '../../shared/errors.ts';
import type { CountryCode } from '../../shared/phone.ts';
import type { Draft, DraftField, WizardStep } from '../../renderer/src/invite/draft.ts';

export interface WizardCase {
  name: string;
  step: WizardStep;
  draft: Partial<Draft>;
  country?: CountryCode | null;
  field: DraftField;
  code: FieldErrorCode;
}

const sms = (number: string, country: CountryCode | null): Pick<WizardCase, 'step' | 'draft' | 'country'> => ({
  step: 'code',
  draft: { codeDelivery: 'sms', number },
  country,
});

export const WIZARD_CASES: WizardCase[] = [
  {
    name: 'no name',
    step: 'person',
    draft: { name: '   ', email: 'mia@example.com' },
    field: 'name',
    code: 'required',
  },
  {
    name: 'a name of 101 graphemes (100 is the limit)',
    step: 'person',
    draft: { name: 'ß'.repeat(101), email: 'mia@example.com' },
    field: 'name',
    code: 'too_long',
  },
  {
    name: 'a name of invisible characters',
    step: 'person',
    draft: { name: '\u200D\u2060\u200B', email: 'mia@example.com' },
    field: 'name',
    code: 'invisible_only',
  },
  {
    name: 'a name with an override that reverses text',
    step: 'person',
    draft: { name: 'Mia \u202Egpj.exe', email: 'mia@example.com' },
    field: 'name',
    code: 'invalid_characters',
  },
  {
    name: 'a name with a tab',
    step: 'person',
    draft: { name: 'Mia\tKeller', email: 'mia@example.com' },
    field: 'name',
    code: 'invalid_characters',
  },
  { name: 'no e-mail', step: 'person', draft: { name: 'Mia Keller', email: '' }, field: 'email', code: 'required' },
  {
    name: 'an e-mail without a domain',
    step: 'person',
    draft: { name: 'Mia Keller', email: 'mia@' },
    field: 'email',
    code: 'invalid_email',
  },
  {
    name: 'an e-mail with a space',
    step: 'person',
    draft: { name: 'Mia Keller', email: 'mia keller@example.com' },
    field: 'email',
    code: 'invalid_email',
  },
  { name: 'no role chosen', step: 'role', draft: { role: null }, field: 'role', code: 'required' },
  { name: 'SMS without a country', ...sms('079 123 45 67', null), field: 'country', code: 'required' },
  { name: 'SMS without a number', ...sms('', 'CH'), field: 'number', code: 'required' },
  { name: 'SMS to letters', ...sms('call me', 'CH'), field: 'number', code: 'invalid_phone' },
  { name: 'SMS to a Zurich landline', ...sms('044 668 18 00', 'CH'), field: 'number', code: 'not_mobile' },
  {
    name: 'SMS to a French mobile under Switzerland',
    ...sms('+33 6 12 34 56 78', 'CH'),
    field: 'number',
    code: 'wrong_country',
  },
];
