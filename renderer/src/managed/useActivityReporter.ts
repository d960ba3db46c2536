import { useEffect } from 'react';
import { useAppStore } from '../store/index.ts';

const EVENTS = ['pointerdown', 'keydown', 'wheel'] as const;

/** Tells main the user is at work (for idle sign-out); the store reports at most every few seconds. */
export function useActivityReporter(): void {
  useEffect(() => {
    const report = () => useAppStore.getState().reportActivity();
    for (const event of EVENTS) window.addEventListener(event, report, { capture: true, passive: true });
    return () => {
      for (const event of EVENTS) window.removeEventListener(event, report, { capture: true });
    };
  }, []);
}
