/**
 * Mobile numbers for SMS delivery of invitation codes. Shared by the server
 * (which decides) and the renderer (which gives early feedback), so no Node
 * imports. Uses the full (`max`) metadata: with it, mobile and fixed-line
 * ranges are told apart exactly.
 */
import examples from 'libphonenumber-js/mobile/examples';
import {
  AsYouType,
  getCountries,
  getCountryCallingCode,
  getExampleNumber,
  parsePhoneNumberFromString,
  type CountryCode,
  type PhoneNumberType,
} from 'libphonenumber-js/max';

export { AsYouType, getCountries, getCountryCallingCode };
export type { CountryCode };

/** Longest input accepted before parsing (formatting characters included). */
export const PHONE_INPUT_MAX = 40;

export type MobileNumberProblem = 'required' | 'too_long' | 'invalid_phone' | 'not_mobile' | 'wrong_country';
export type MobileNumberResult = { ok: true; e164: string } | { ok: false; code: MobileNumberProblem };

/**
 * Types an SMS can reach. Some numbering plans (the North American one, for
 * example) do not tell mobile from fixed-line numbers; those count as mobile.
 */
const SMS_CAPABLE: ReadonlySet<PhoneNumberType> = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** Digits, an optional leading `+`, and the usual separators. Letters are never accepted. */
const PHONE_CHARACTERS = /^\+?[\d\s().\-/\u00a0]+$/u;

let countryList: ReadonlySet<string> | null = null;

export function isCountryCode(value: unknown): value is CountryCode {
  countryList ??= new Set(getCountries());
  return typeof value === 'string' && countryList.has(value);
}

/** Every country the phone metadata knows, with its calling code (without `+`), by country code. */
export function phoneCountries(): { country: CountryCode; callingCode: string }[] {
  return getCountries()
    .map((country) => ({ country, callingCode: getCountryCallingCode(country) }))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : 0));
}

/**
 * Check that `input` is a mobile number of `country` and normalise it to
 * E.164. A number typed with `+`/`00` whose calling code belongs to another
 * country is `wrong_country`; regions that share a calling code (Italy and
 * the Vatican, the North American plan, …) form one numbering plan and are
 * accepted for each other.
 */
export function validateMobileNumber(country: CountryCode, input: string): MobileNumberResult {
  const text = input.trim();
  if (text === '') return { ok: false, code: 'required' };
  if (text.length > PHONE_INPUT_MAX) return { ok: false, code: 'too_long' };
  if (!PHONE_CHARACTERS.test(text)) return { ok: false, code: 'invalid_phone' };
  if (!isCountryCode(country)) return { ok: false, code: 'invalid_phone' };

  const parsed = parsePhoneNumberFromString(text, { defaultCountry: country, extract: false });
  if (!parsed?.isValid()) return { ok: false, code: 'invalid_phone' };
  if (parsed.countryCallingCode !== getCountryCallingCode(country)) return { ok: false, code: 'wrong_country' };
  const type = parsed.getType();
  if (!type || !SMS_CAPABLE.has(type)) return { ok: false, code: 'not_mobile' };
  return { ok: true, e164: parsed.number };
}

/** `+41791234567` → `+41 79 123 45 67`; the input unchanged when it does not parse. */
export function formatInternational(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/**
 * A mobile number of `country` as it is dialled there (`078 123 45 67` for
 * Switzerland), for the number field's placeholder; from libphonenumber's
 * small table of example mobile numbers (about 4 KiB).
 */
export function exampleMobileNumber(country: CountryCode): string | null {
  return getExampleNumber(country, examples)?.formatNational() ?? null;
}

/**
 * The country of a number typed in international form (`+41 79 …` or
 * `0041 79 …`), for a CSV row that names no country; null when the number
 * is not international or not valid. Regions sharing a calling code give
 * libphonenumber's main region for the number.
 */
export function countryOfInternationalNumber(input: string): CountryCode | null {
  const text = input.trim().replace(/^00/, '+');
  if (!text.startsWith('+') || text.length > PHONE_INPUT_MAX || !PHONE_CHARACTERS.test(text)) return null;
  const parsed = parsePhoneNumberFromString(text, { extract: false });
  return parsed?.isValid() ? (parsed.country ?? null) : null;
}
