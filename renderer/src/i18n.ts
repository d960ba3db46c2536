/**
 * i18next with the four shared catalogues. Keys are typed from the English
 * catalogue, so `t('no.such.key')` fails the typecheck.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, type Translation } from '../../shared/i18n/en.ts';
import { de } from '../../shared/i18n/de.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { it } from '../../shared/i18n/it.ts';
import { LANGUAGES, DEFAULT_LANGUAGE, languageFromLocale, type Language } from '../../shared/languages.ts';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

const resources = {
  en: { translation: en },
  de: { translation: de },
  fr: { translation: fr },
  it: { translation: it },
} satisfies Record<Language, { translation: Translation }>;

/** The language the OS / browser asks for, narrowed to one we ship. */
export function systemLanguage(): Language {
  return languageFromLocale(typeof navigator === 'undefined' ? undefined : navigator.language);
}

function setDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}

export function initI18n(language: Language): typeof i18n {
  i18n.on('languageChanged', setDocumentLanguage);
  void i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  setDocumentLanguage(language);
  return i18n;
}

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  setDocumentLanguage(language);
}

export { i18n };
