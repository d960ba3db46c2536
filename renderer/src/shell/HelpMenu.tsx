import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/index.ts';
import type { ShellView } from '../store/shell.ts';
import './shell.css';
import { HelpIcon } from '../app/icons.tsx';

/**
 * Help in the app's own UI (top bar and sign-in screen), so About and the
 * keyboard shortcuts are reachable without the native menu — also in the
 * browser preview. A disclosure with two buttons.
 */
export function HelpMenu() {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const openShellView = useAppStore((state) => state.openShellView);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const choose = (view: ShellView) => {
    setOpen(false);
    openShellView(view);
  };

  return (
    <div
      className="help-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.preventDefault();
          setOpen(false);
          toggle.current?.focus();
        }
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button button--quiet button--small"
        aria-expanded={open}
        aria-controls={id}
        aria-label={t('shell.helpMenu')}
        onClick={() => setOpen((value) => !value)}
        data-testid="help-menu"
      >
        <HelpIcon />
        <span>{t('shell.help')}</span>
      </button>
      <ul className="help-menu__list" id={id} hidden={!open}>
        <li>
          <button type="button" className="help-menu__item" onClick={() => choose('shortcuts')}>
            {t('shell.shortcuts')}
          </button>
        </li>
        <li>
          <button type="button" className="help-menu__item" onClick={() => choose('about')}>
            {t('shell.about')}
          </button>
        </li>
      </ul>
    </div>
  );
}
