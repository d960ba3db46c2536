import { describe, expect, it } from 'vitest';
import {
  AsYouType,
  exampleMobileNumber,
  formatInternational,
  getCountryCallingCode,
  isCountryCode,
  phoneCountries,
  validateMobileNumber,
} from '../../shared/phone.ts';

describe('mobile numbers', () => {
  it('accepts mobile numbers in national and international form, as E.164', () => {
    expect(validateMobileNumber('CH', '079 123 45 67')).toEqual({ ok: true, e164: '+41791234567' });
    expect(validateMobileNumber('CH', '+41 79 123 45 67')).toEqual({ ok: true, e164: '+41791234567' });
    expect(validateMobileNumber('CH', '0041 79 123 45 67')).toEqual({ ok: true, e164: '+41791234567' });
    expect(validateMobileNumber('IT', '333 123 4567')).toEqual({ ok: true, e164: '+393331234567' });
    expect(validateMobileNumber('DE', '0151 23456789')).toEqual({ ok: true, e164: '+4915123456789' });
    expect(validateMobileNumber('FR', '06 12 34 56 78')).toEqual({ ok: true, e164: '+33612345678' });
    // the North American plan does not tell mobile from fixed: such numbers can receive SMS
    expect(validateMobileNumber('US', '(202) 555-0123')).toEqual({ ok: true, e164: '+12025550123' });
  });

  it('refuses fixed lines, letters, other countries and empty input with a reason', () => {
    expect(validateMobileNumber('IT', '06 6982 1234')).toEqual({ ok: false, code: 'not_mobile' });
    expect(validateMobileNumber('CH', '044 668 18 00')).toEqual({ ok: false, code: 'not_mobile' });
    expect(validateMobileNumber('CH', '079 12A 45 67')).toEqual({ ok: false, code: 'invalid_phone' });
    expect(validateMobileNumber('CH', '1-800-FLOWERS')).toEqual({ ok: false, code: 'invalid_phone' });
    expect(validateMobileNumber('IT', '+41 79 123 45 67')).toEqual({ ok: false, code: 'wrong_country' });
    expect(validateMobileNumber('CH', '+39 333 123 4567')).toEqual({ ok: false, code: 'wrong_country' });
    expect(validateMobileNumber('CH', '079 123')).toEqual({ ok: false, code: 'invalid_phone' });
    expect(validateMobileNumber('CH', '   ')).toEqual({ ok: false, code: 'required' });
    expect(validateMobileNumber('CH', '0'.repeat(41))).toEqual({ ok: false, code: 'too_long' });
  });

  it('lists countries with calling codes, and formats as typed', () => {
    const countries = phoneCountries();
    expect(countries.length).toBeGreaterThan(200);
    expect(countries).toContainEqual({ country: 'CH', callingCode: '41' });
    expect(countries).toContainEqual({ country: 'IT', callingCode: '39' });
    expect(getCountryCallingCode('DE')).toBe('49');
    expect(isCountryCode('CH')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(new AsYouType('CH').input('0791234567')).toBe('079 123 45 67');
    expect(formatInternational('+41791234567')).toBe('+41 79 123 45 67');
  });
});

describe('example mobile numbers (placeholders)', () => {
  it('are valid mobile numbers of their country, written as dialled there', () => {
    expect(exampleMobileNumber('CH')).toBe('078 123 45 67');
    for (const { country } of phoneCountries()) {
      const example = exampleMobileNumber(country);
      if (example === null) continue;
      expect(validateMobileNumber(country, example), `${country}: ${example}`).toMatchObject({ ok: true });
    }
  });
});
