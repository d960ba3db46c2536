import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { relativeAge } from '../format/locale.ts';
import { useFormat } from '../format/useFormat.ts';

/** Ages are re-rendered this often, so "just now" becomes "1 minute ago" while the admin watches. */
export const AGE_TICK_MS = 15_000;

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
  const { t } = useTranslation();
  const format = useFormat();
  const now = useNow();
  if (!iso) return null;
  return relativeAge(iso, format.locale, now) ?? t('offline.justNow');
}
