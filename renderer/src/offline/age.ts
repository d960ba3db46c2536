import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

/** Ages are re-rendered this often, so "just now" becomes "1 minute ago" while the admin watches. */
export const AGE_TICK_MS = 15_000;

const MINUTE = 60;
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', MINUTE],
];

/**
 * "2 minutes ago", "gestern", "il y a 3 heures" in the UI language; null
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

export function absoluteTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

// One timer for every age on screen, running only while one is shown. The
// time is rounded to the tick, so every read within a tick agrees.
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
const currentTick = () => Math.floor(Date.now() / AGE_TICK_MS) * AGE_TICK_MS;

function subscribe(onChange: () => void): () => void {
  subscribers.add(onChange);
  timer ??= setInterval(() => {
    for (const subscriber of subscribers) subscriber();
  }, AGE_TICK_MS);
  return () => {
    subscribers.delete(onChange);
    if (subscribers.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

/** The current time (to the tick), updated while the component is shown. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, currentTick);
}

/** A ticking, translated age: "just now", "2 minutes ago", … */
export function useRelativeAge(iso: string | null): string | null {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!iso) return null;
  return relativeAge(iso, i18n.language, now) ?? t('offline.justNow');
}
