import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/index.ts';
import { AboutDialog } from './AboutDialog.tsx';
import { ShortcutsDialog } from './ShortcutsDialog.tsx';
import { useKeyboardShortcuts } from './useKeyboardShortcuts.ts';

/** What belongs to the desktop around every screen: the shortcuts and the two help views. */
export function ShellLayer() {
  useKeyboardShortcuts();
  const { view, close } = useAppStore(useShallow((state) => ({ view: state.shellView, close: state.closeShellView })));
  if (view === 'about') return <AboutDialog onClose={close} />;
  if (view === 'shortcuts') return <ShortcutsDialog onClose={close} />;
  return null;
}
