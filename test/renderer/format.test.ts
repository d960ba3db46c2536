import { describe, expect, it } from 'vitest';
import { createFormat, formattingLocale, regionOf } from '../../renderer/src/format/locale.ts';

// Dates are written in the machine's time zone: pin it, so the day never moves.
process.env.TZ = 'UTC';

describe('formats: the UI language plus the OS region', () => {
  it('combines them into one locale', () => {
    expect(formattingLocale('de', 'CH')).toBe('de-CH');
    expect(formattingLocale('en', 'CH')).toBe('en-CH');
    expect(formattingLocale('fr', null)).toBe('fr');
    expect(formattingLocale('it', 'not a region')).toBe('it');
    expect(regionOf('de-CH')).toBe('CH');
    expect(regionOf('de')).toBeNull();
    expect(regionOf('???')).toBeNull();
  });

  it('writes numbers, dates and lists as a reader there expects', () => {
    const when = '2026-11-23T14:05:00Z';
    const swiss = createFormat(formattingLocale('de', 'CH'));
    expect(swiss.number(100000)).toMatch(/^100['’]000$/);
    expect(createFormat('de').number(100000)).toBe('100.000');
    const british = createFormat(formattingLocale('en', 'GB'));
    expect(british.dateTime(when)).toBe('23 Nov 2026, 14:05');
    expect(createFormat('en-US').dateTime(when)).toMatch(/^Nov 23, 2026, /);
    expect(createFormat('fr-CH').list(['A', 'B', 'C'])).toBe('A, B et C');
    expect(british.date('not a date')).toBe('');
    expect(british.relative('2026-11-23T14:00:00Z', Date.parse(when))).toBe('5 minutes ago');
  });
});
