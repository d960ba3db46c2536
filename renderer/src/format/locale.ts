/**
 * The one place dates, numbers and lists are formatted: in the UI language
 * plus the OS's region (a German UI on a Swiss system writes `100’000`, an
 * English one on a British system `23 Nov 2026, 14:05`). The region comes
 * from main's `app:info` in the app and from the browser in the preview.
 * No React here: i18next's `{{n, number}}` uses it too.
 */
let region: string | null = null;

/** The region of a BCP 47 tag (`de-CH` → `CH`), if it names one. */
export function regionOf(tag: string | null | undefined): string | null {
  if (!tag) return null;
  try {
    return new Intl.Locale(tag).region ?? null;
  } catch {
    return null;
  }
}

export function setFormattingRegion(next: string | null): void {
  region = next;
}

/** `de` + `CH` → `de-CH`; the language alone when there is no (valid) region. */
export function formattingLocale(language: string, withRegion: string | null = region): string {
  if (!withRegion) return language;
  try {
    return new Intl.Locale(language, { region: withRegion }).toString();
  } catch {
    return language;
  }
}

export interface Format {
  locale: string;
  number(value: number): string;
  /** `23 Nov 2026` */
  date(iso: string): string;
  /** `23 Nov 2026, 14:05` */
  dateTime(iso: string): string;
  /** `23 November 2026 at 14:05` */
  longDateTime(iso: string): string;
  /** `5 minutes ago` */
  relative(iso: string, now?: number): string;
  /** `A, B and C` */
  list(items: readonly string[]): string;
}

const MINUTE = 60;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', MINUTE],
];

/**
 * "2 minutes ago", "gestern", "il y a 3 heures" in the given locale (the UI
 * language with the OS region, from `useFormat`); null
 * under a minute (the caller says "just now"). A time in the future (the
 * clock was set back) counts as just now, never as "in 3 days".
 */
export function relativeAge(iso: string, language: string, now: number): string | null {
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (seconds >= size) return format.format(-Math.floor(seconds / size), unit);
  }
  return null;
}

const cache = new Map<string, Format>();

function valid(iso: string): Date | null {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function createFormat(locale: string): Format {
  const cached = cache.get(locale);
  if (cached) return cached;
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const longDateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const list = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  const format: Format = {
    locale,
    number: (value) => number.format(value),
    date: (iso) => {
      const parsed = valid(iso);
      return parsed ? date.format(parsed) : '';
    },
    dateTime: (iso) => {
      const parsed = valid(iso);
      return parsed ? dateTime.format(parsed) : '';
    },
    longDateTime: (iso) => {
      const parsed = valid(iso);
      return parsed ? longDateTime.format(parsed) : '';
    },
    // The offline ages' rule: past only (a clock set back never reads "in 3 days"), "now" under a minute.
    relative: (iso, now = Date.now()) => relativeAge(iso, locale, now) ?? relative.format(0, 'second'),
    list: (items) => list.format(items),
  };
  cache.set(locale, format);
  return format;
}
