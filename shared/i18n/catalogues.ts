/**
 * The four catalogues by language, for code that translates without
 * i18next (the Electron shell's menu, error page and error box).
 */
import type { Language } from '../languages.ts';
import { en, type Translation } from './en.ts';
import { de } from './de.ts';
import { fr } from './fr.ts';
import { it } from './it.ts';

export const CATALOGUES: Readonly<Record<Language, Translation>> = { en, de, fr, it };

/** `{{name}}` placeholders filled in, as i18next does (no escaping: the caller escapes for its medium). */
export function interpolate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}
