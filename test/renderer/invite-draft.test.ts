/**
 * The invite wizard's pure parts: per-step validation with the shared
 * schemas, where an answer from main or the server belongs, the retry key's
 * signature, typing-time phone formatting, the suggested country and the
 * country search.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyDraft,
  firstStepWith,
  formatAsTyped,
  invitationSignature,
  isDirty,
  problemsFromError,
  suggestedCountry,
  toInvitation,
  validateStep,
  type Draft,
} from '../../renderer/src/invite/draft.ts';
import { countryOptions, filterCountries } from '../../renderer/src/invite/countries.ts';
import { InvitationDraft } from '../../shared/ipc/contract.ts';

const filled: Draft = {
  name: '  Zoë Müller ',
  email: ' Zoe.Mueller@Example.com ',
  role: 'editor',
  language: 'de',
  codeDelivery: 'sms',
  country: 'CH',
  number: '079 123 45 67',
};

describe('validateStep', () => {
  it('asks for a name and a valid e-mail address on the Person step', () => {
    expect(validateStep('person', emptyDraft('en'), null)).toEqual({
      name: { kind: 'field', code: 'required' },
      email: { kind: 'field', code: 'required' },
    });
    expect(validateStep('person', { ...filled, name: 'x'.repeat(101), email: 'nope' }, 'CH')).toEqual({
      name: { kind: 'field', code: 'too_long' },
      email: { kind: 'field', code: 'invalid_email' },
    });
    expect(validateStep('person', { ...filled, name: 'Tab\there' }, 'CH').name).toEqual({
      kind: 'field',
      code: 'invalid_characters',
    });
    expect(validateStep('person', filled, 'CH')).toEqual({});
  });

  it('needs a role', () => {
    expect(validateStep('role', emptyDraft('en'), null)).toEqual({ role: { kind: 'field', code: 'required' } });
    expect(validateStep('role', filled, 'CH')).toEqual({});
  });

  it('checks the mobile number only for SMS, as a mobile of the chosen country', () => {
    expect(validateStep('code', { ...filled, codeDelivery: 'display', number: '' }, null)).toEqual({});
    expect(validateStep('code', filled, null)).toEqual({ country: { kind: 'field', code: 'required' } });
    expect(validateStep('code', filled, 'CH')).toEqual({});
    expect(validateStep('code', { ...filled, number: '06 6982 0000' }, 'IT').number).toEqual({
      kind: 'field',
      code: 'not_mobile',
    });
    expect(validateStep('code', { ...filled, number: '+39 347 123 4567' }, 'CH').number).toEqual({
      kind: 'field',
      code: 'wrong_country',
    });
    expect(validateStep('code', { ...filled, number: '079 abc' }, 'CH').number).toEqual({
      kind: 'field',
      code: 'invalid_phone',
    });
  });
});

describe('toInvitation and its retry signature', () => {
  it('builds a request main accepts, with the mobile number only for SMS', () => {
    const sms = toInvitation(filled, 'CH');
    expect(InvitationDraft.safeParse(sms).success).toBe(true);
    expect(sms).toMatchObject({ name: 'Zoë Müller', mobile: { country: 'CH', number: '079 123 45 67' } });
    const display = toInvitation({ ...filled, codeDelivery: 'display' }, 'CH');
    expect(display.mobile).toBeUndefined();
    expect(InvitationDraft.safeParse(display).success).toBe(true);
  });

  it('gives the same signature to the same content however it is typed, another to other content', () => {
    const a = invitationSignature(toInvitation(filled, 'CH'));
    const b = invitationSignature(
      toInvitation({ ...filled, email: 'zoe.mueller@example.com', number: '0791234567' }, 'CH'),
    );
    const c = invitationSignature(toInvitation({ ...filled, role: 'viewer' }, 'CH'));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
});

describe('problemsFromError', () => {
  it('puts a duplicate e-mail on the Person step and a failed SMS on the number', () => {
    const duplicate = problemsFromError({ code: 'already_member', message: '' });
    expect(duplicate).toEqual({ email: { kind: 'error', error: { code: 'already_member', message: '' } } });
    expect(firstStepWith(duplicate!)).toBe('person');
    const sms = problemsFromError({ code: 'sms_failed', message: '' });
    expect(firstStepWith(sms!)).toBe('code');
  });

  it('maps field paths from main (invitation.*) and from the server to the wizard fields', () => {
    const fromMain = problemsFromError({
      code: 'invalid_payload',
      message: '',
      fields: { 'invitation.mobile.number': 'not_mobile', 'invitation.role': 'invalid_value' },
    });
    expect(fromMain).toEqual({
      number: { kind: 'field', code: 'not_mobile' },
      role: { kind: 'field', code: 'invalid_value' },
    });
    expect(firstStepWith(fromMain!)).toBe('role');
    expect(problemsFromError({ code: 'invalid_payload', message: '', fields: { name: 'too_long' } })).toEqual({
      name: { kind: 'field', code: 'too_long' },
    });
  });

  it('leaves errors about the invitation as a whole to the review step', () => {
    expect(problemsFromError({ code: 'member_limit_reached', message: '' })).toBeNull();
    expect(problemsFromError({ code: 'server_unreachable', message: '' })).toBeNull();
    expect(
      problemsFromError({ code: 'invalid_payload', message: '', fields: { 'idempotency-key': 'required' } }),
    ).toBeNull();
  });
});

describe('isDirty', () => {
  it('is false for an untouched draft and true once anything was entered', () => {
    const initial = emptyDraft('fr');
    expect(isDirty(initial, initial)).toBe(false);
    expect(isDirty({ ...initial, name: ' ' }, initial)).toBe(false);
    expect(isDirty({ ...initial, email: 'a' }, initial)).toBe(true);
    expect(isDirty({ ...initial, language: 'it' }, initial)).toBe(true);
  });
});

describe('formatAsTyped', () => {
  it('formats digits for the country and leaves anything with letters as typed', () => {
    expect(formatAsTyped('CH', '0791234567')).toBe('079 123 45 67');
    expect(formatAsTyped('IT', '0669820000')).toBe('06 6982 0000');
    expect(formatAsTyped('CH', '079 ABC')).toBe('079 ABC');
    expect(formatAsTyped(null, '0791234567')).toBe('0791234567');
  });
});

describe('suggestedCountry', () => {
  it('takes the region of the OS locale first, then the likeliest region of a language', () => {
    expect(suggestedCountry(['de-CH', 'en-US', 'de'])).toBe('CH');
    expect(suggestedCountry(['', 'fr-BE', 'fr'])).toBe('BE');
    expect(suggestedCountry([null, 'it'])).toBe('IT');
    expect(suggestedCountry(['not a locale', undefined])).toBeNull();
  });
});

describe('country search', () => {
  it('names countries in the UI language and finds them by name, ISO code or calling code', () => {
    const german = countryOptions('de');
    expect(german.find((option) => option.country === 'CH')?.name).toBe('Schweiz');
    expect(filterCountries(german, 'schw').map((option) => option.country)).toEqual(['SE', 'CH']);
    expect(filterCountries(countryOptions('fr'), 'etats unis')[0]?.country).toBe('US');
    expect(filterCountries(german, 'ch')[0]?.country).toBe('CH');
    expect(filterCountries(german, '+41').map((option) => option.country)).toEqual(['CH']);
    expect(filterCountries(german, '0039').map((option) => option.country)).toEqual(['IT', 'VA']);
    expect(filterCountries(countryOptions('it'), '+39').map((option) => option.country)).toEqual(['IT', 'VA']);
    expect(filterCountries(german, '1')[0]?.country).toBe('US');
    expect(filterCountries(german, 'zzzz')).toEqual([]);
  });
});
