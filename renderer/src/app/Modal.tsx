import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import './modal.css';

const FOCUSABLE = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
].join(',');

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(FOCUSABLE)).filter(
    (element) => !element.closest('[inert]') && element.getClientRects().length > 0,
  );
}

/**
 * The first focusable element; for a radio group, its checked radio (the
 * group's tab stop). Destructive confirmations put Cancel first, so it is
 * never the default.
 */
function firstFocus(root: HTMLElement): HTMLElement | null {
  const first = focusables(root)[0] ?? null;
  if (first instanceof HTMLInputElement && first.type === 'radio' && !first.checked) {
    const checked = root.querySelector<HTMLElement>(`input[type="radio"][name="${CSS.escape(first.name)}"]:checked`);
    if (checked) return checked;
  }
  return first;
}

export interface ModalProps {
  labelledBy: string;
  describedBy?: string;
  /** Esc pressed in this (top-most) dialog. Inner widgets that use Esc themselves call `preventDefault`. */
  onEscape: () => void;
  /** Focused on open; the first focusable element otherwise. */
  initialFocus?: RefObject<HTMLElement | null>;
  /** Where focus goes on close when the element that opened the dialog is gone. */
  fallbackFocus?: () => HTMLElement | null;
  role?: 'dialog' | 'alertdialog';
  className?: string;
  testId?: string;
  children: ReactNode;
}

/**
 * A modal dialog in a portal. Everything else in the document is `inert`
 * while it is open (a nested dialog makes its parent inert too), Tab and
 * Shift+Tab cycle inside it, and focus returns to where it came from.
 */
export function Modal({
  labelledBy,
  describedBy,
  onEscape,
  initialFocus,
  fallbackFocus,
  role = 'dialog',
  className,
  testId,
  children,
}: ModalProps) {
  const [host] = useState(() => document.createElement('div'));
  const dialogRef = useRef<HTMLDivElement>(null);
  // Read at close time, not captured at open: the caller's latest wishes.
  const fallbackRef = useRef(fallbackFocus);
  useEffect(() => {
    fallbackRef.current = fallbackFocus;
  }, [fallbackFocus]);

  // In a layout effect: attached (and focused) before the content's own
  // layout effects, which may move the focus on.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.appendChild(host);
    const madeInert: HTMLElement[] = [];
    for (const child of Array.from(document.body.children)) {
      if (child === host || !(child instanceof HTMLElement) || child.inert) continue;
      child.inert = true;
      madeInert.push(child);
    }
    const dialog = dialogRef.current;
    const target = initialFocus?.current ?? (dialog ? firstFocus(dialog) : null) ?? dialog;
    target?.focus();
    return () => {
      for (const element of madeInert) element.inert = false;
      host.remove();
      const back = opener?.isConnected ? opener : (fallbackRef.current?.() ?? null);
      back?.focus();
    };
    // Opened once per mount; the initial focus is read at that moment only.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per opening: the focus to restore is read at that moment
  }, [host]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      // A nested dialog handled it already (React events bubble through portals).
      event.stopPropagation();
      if (event.defaultPrevented) return;
      event.preventDefault();
      onEscape();
      return;
    }
    if (event.key !== 'Tab') return;
    event.stopPropagation();
    const dialog = dialogRef.current;
    if (!dialog) return;
    const items = focusables(dialog);
    const first = items[0];
    const last = items.at(-1);
    if (!first || !last) {
      event.preventDefault();
      dialog.focus();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || active === dialog)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return createPortal(
    // A click beside the dialog keeps the focus inside it.
    <div
      className="modal-backdrop"
      onMouseDown={(event) => event.target === event.currentTarget && event.preventDefault()}
    >
      <div
        ref={dialogRef}
        className={['modal', className].filter(Boolean).join(' ')}
        role={role}
        aria-modal="true"
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        data-testid={testId}
      >
        {children}
      </div>
    </div>,
    host,
  );
}
