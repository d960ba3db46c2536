/** Languages the product ships and a member can be invited in. */
export const LANGUAGES = ['en', 'de', 'fr', 'it'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Best supported language for a BCP 47 tag such as `de-CH`; English otherwise. */
export function languageFromLocale(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : DEFAULT_LANGUAGE;
}

/**
 * The first of `tags` (best first, e.g. the OS's preferred languages) that
 * we ship, or null: `['rm-CH', 'de-CH', 'en']` → `de`.
 */
export function firstSupportedLanguage(tags: readonly (string | null | undefined)[]): Language | null {
  for (const tag of tags) {
    const base = (tag ?? '').toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return null;
}
