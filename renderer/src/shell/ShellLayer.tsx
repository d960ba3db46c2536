import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { AboutDialog } from './AboutDialog.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { SettingsDialog } from '../managed/SettingsDialog.tsx';
import { useActivityReporter } from '../managed/useActivityReporter.ts';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.ts';

/** What belongs to the desktop around every screen: the shortcuts, activity for idle sign-out, and the views. */
export function ShellLayer() {
  useKeyboardShortcuts();
  useActivityReporter();
  const { view, close } = useAppStore(useShallow((state) => ({ view: state.shellView, close: state.closeShellView })));
  if (view === 'about') return <AboutDialog onClose={close} />;
  if (view === 'shortcuts') return <ShortcutsDialog onClose={close} />;
  if (view === 'settings') return <SettingsDialog onClose={close} />;
  return null;
}
