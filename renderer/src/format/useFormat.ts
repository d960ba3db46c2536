import { useAppStore } from '../store/index.ts';
import { createFormat, formattingLocale, type Format } from './locale.ts';

/** Dates, numbers and lists in the UI language and the OS region; re-renders when either changes. */
export function useFormat(): Format {
  const language = useAppStore((state) => state.language);
  const region = useAppStore((state) => state.region);
  return createFormat(formattingLocale(language, region));
}
