import { useEffect } from 'react';
import { commandForKey } from '../../../shared/shortcuts.ts';
import { useAppStore } from '../store/index.ts';

/** The platform the keys follow: main's in the app; the browser's best guess before `app:info` answered. */
export function usePlatform(): string {
  const platform = useAppStore((state) => state.appInfo?.platform);
  return platform ?? (/Mac/i.test(navigator.platform) ? 'darwin' : 'linux');
}

/**
 * The app's shortcuts, handled once, here (the native menu shows them but
 * does not register them). While a dialog is open the keys belong to it,
 * except for the two help views, which may open on top.
 */
export function useKeyboardShortcuts(): void {
  const platform = usePlatform();
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const command = commandForKey(event, platform);
      if (!command) return;
      const dialogOpen = document.querySelector('[aria-modal="true"]') !== null;
      if (dialogOpen && command !== 'shortcuts' && command !== 'about') return;
      // Also keeps the browser's own meaning (Reload, New window, Find) away in the preview.
      event.preventDefault();
      useAppStore.getState().runCommand(command);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [platform]);
}
