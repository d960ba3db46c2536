/** The offline ages as the banner and the safe list say them, in the four languages. */
import { describe, expect, it } from 'vitest';
import { relativeAge } from '../../renderer/src/format/locale.ts';
import { de } from '../../shared/i18n/de.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { it as italian } from '../../shared/i18n/it.ts';

const saved = '2026-11-20T10:00:00.000Z';
const at = (seconds: number) => Date.parse(saved) + seconds * 1000;

describe('offline age', () => {
  it('says "just now" under a minute, and for a time in the future (the clock was set back)', () => {
    expect(relativeAge(saved, 'en', at(0))).toBeNull();
    expect(relativeAge(saved, 'en', at(59))).toBeNull();
    expect(relativeAge(saved, 'en', at(-3 * 86_400))).toBeNull();
    expect([en, de, fr, italian].map((catalogue) => catalogue.offline.justNow)).toEqual([
      'just now',
      'gerade eben',
      'à l’instant',
      'poco fa',
    ]);
  });

  it('counts minutes, hours and days in each language, as time goes on', () => {
    expect(['en', 'de', 'fr', 'it'].map((language) => relativeAge(saved, language, at(120)))).toEqual([
      '2 minutes ago',
      'vor 2 Minuten',
      'il y a 2 minutes',
      '2 minuti fa',
    ]);
    expect(relativeAge(saved, 'en', at(60))).toBe('1 minute ago');
    expect(relativeAge(saved, 'en', at(3 * 3600 + 59))).toBe('3 hours ago');
    expect(['en', 'de', 'fr', 'it'].map((language) => relativeAge(saved, language, at(86_400)))).toEqual([
      'yesterday',
      'gestern',
      'hier',
      'ieri',
    ]);
  });
});
