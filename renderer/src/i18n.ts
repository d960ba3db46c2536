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
import type { AppInfo } from '../../shared/ipc/contract.ts';
import { LANGUAGES, DEFAULT_LANGUAGE, firstSupportedLanguage, type Language } from '../../shared/languages.ts';
import { formattingLocale } from './format/locale.ts';
import { detach } from './detach.ts';

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

/**
 * The language to start in until the user picks one: the first supported of
 * the OS's preferred languages (`app.getPreferredSystemLanguages()`, from
 * `app:info`), or of the browser's in the preview; English otherwise.
 */
export function systemLanguage(info: AppInfo | null = null): Language {
  const browser = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  const os = info?.runtime === 'electron' ? [...info.preferredLanguages, info.locale] : [];
  return firstSupportedLanguage([...os, ...browser]) ?? DEFAULT_LANGUAGE;
}

function setDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
}

export function initI18n(language: Language): typeof i18n {
  i18n.on('languageChanged', setDocumentLanguage);
  // initAsync: false — the resources are bundled, so init has finished when it returns.
  const initialised = i18n.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  detach(initialised);
  setDocumentLanguage(language);
  // `{{n, number}}` in the catalogues follows the OS region too, like every other number.
  i18n.services.formatter?.add('number', (value: unknown, lng: string | undefined, options: Intl.NumberFormatOptions) =>
    new Intl.NumberFormat(formattingLocale(lng ?? language), options).format(Number(value)),
  );
  return i18n;
}

export function applyLanguage(language: Language): void {
  if (i18n.language !== language) detach(i18n.changeLanguage(language));
  setDocumentLanguage(language);
}

export { i18n };
