/**
 * The countries of the phone metadata, named in the UI language
 * (`Intl.DisplayNames`), sorted for it, and searchable by name, ISO code or
 * calling code. No React here.
 */
import metadata from 'libphonenumber-js/max/metadata';
import { phoneCountries, type CountryCode } from '../../../shared/phone.ts';

export interface CountryOption {
  country: CountryCode;
  callingCode: string;
  /** In the UI language. */
  name: string;
  /** Lower case, accents removed: what a search compares with. */
  folded: string;
}

const fold = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const optionsByLanguage = new Map<string, CountryOption[]>();

/** Every country of the phone metadata, named and sorted in `language`. */
export function countryOptions(language: string): CountryOption[] {
  const cached = optionsByLanguage.get(language);
  if (cached) return cached;
  const names = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  const collator = new Intl.Collator(language);
  const options = phoneCountries()
    .map(({ country, callingCode }) => {
      const name = names.of(country) ?? country;
      return { country, callingCode, name, folded: fold(name) };
    })
    .sort((a, b) => collator.compare(a.name, b.name));
  optionsByLanguage.set(language, options);
  return options;
}

/**
 * Countries matching `query`: by name (case and accents ignored, any word's
 * start first), by ISO code (`CH`), or by calling code (`41`, `+41`, `0041`).
 */
export function filterCountries(options: readonly CountryOption[], query: string): CountryOption[] {
  const text = query.trim();
  if (text === '') return [...options];
  const digits = /^(\+|00)?\s*\d[\d\s]*$/.test(text) ? text.replace(/^(\+|00)/, '').replace(/\s/g, '') : null;
  if (digits !== null) {
    // An exact calling code first, and of the regions sharing it the main one
    // (+39: Italy before the Vatican, +1: the United States, +44: the UK).
    const rank = (option: CountryOption): number =>
      (option.callingCode === digits ? 0 : 2) + (isMainRegion(option) ? 0 : 1);
    return options.filter((option) => option.callingCode.startsWith(digits)).sort((a, b) => rank(a) - rank(b));
  }
  const needle = fold(text);
  const iso = text.toUpperCase();
  const rank = (option: CountryOption): number => {
    if (option.country === iso) return 0;
    if (option.folded.startsWith(needle)) return 1;
    if (option.folded.includes(` ${needle}`)) return 2;
    if (option.folded.includes(needle)) return 3;
    return -1;
  };
  return options
    .map((option) => ({ option, rank: rank(option) }))
    .filter((entry) => entry.rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map((entry) => entry.option);
}

/** The first region the phone metadata lists for a calling code is the plan's main one. */
function isMainRegion(option: CountryOption): boolean {
  return metadata.country_calling_codes[option.callingCode]?.[0] === option.country;
}
