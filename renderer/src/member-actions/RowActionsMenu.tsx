import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { OFFLINE_REASON_ID, useOfflineReason } from '../offline/OfflineBanner.tsx';
import type { Member } from '../../../shared/api/schemas.ts';
import './member-actions.css';
import { MoreIcon } from '../app/icons.tsx';

export type MemberActionKind = 'changeRole' | 'resend' | 'revoke' | 'remove';

/** What may be done to a member in its state: invitations are re-sent or revoked, members removed. */
export function actionsFor(member: Member): MemberActionKind[] {
  return member.status === 'invited' ? ['changeRole', 'resend', 'revoke'] : ['changeRole', 'remove'];
}

const labelParts = new WeakMap<object, readonly string[]>();

/**
 * "Actions for {{name}}" for every painted row at the cost of one i18next
 * lookup per language (`t` is a new function when the language changes):
 * an interpolating lookup per row was a good part of drawing a search's rows.
 */
function menuLabel(t: TFunction, name: string): string {
  const known = labelParts.get(t);
  if (known) return known.join(name);
  const parts = t('memberActions.menu', { name: '\u0000' }).split('\u0000');
  labelParts.set(t, parts);
  return parts.join(name);
}

/**
 * The menu button of one row (WAI-ARIA menu button). The menu lives in a
 * portal, placed under the button, so the table's scrolling box does not
 * clip it; scrolling or resizing closes it.
 */
export function RowActionsMenu({
  member,
  onChoose,
  tabbable = true,
}: {
  member: Member;
  onChoose: (kind: MemberActionKind, member: Member) => void;
  /** False in a row that is not its table's tab stop: the table moves focus between rows itself. */
  tabbable?: boolean;
}) {
  const { t } = useTranslation();
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [position, setPosition] = useState<{ top: number; right: number } | null>(null);
  // The row now shows someone else (a new search, a sync): a menu open for the one before closes.
  // Reset here rather than by a key, so a search's answer updates the button instead of
  // building a new one in every row it changes.
  const [shownFor, setShownFor] = useState(member.id);
  if (shownFor !== member.id) {
    setShownFor(member.id);
    setOpen(false);
    setPosition(null);
  }
  const items = actionsFor(member);
  // Offline the copy is read-only: the button stays focusable, looks and is announced as
  // unavailable, and points to the visible sentence saying why.
  const offlineReason = useOfflineReason();
  const unavailable = offlineReason !== null;

  const openMenu = (focus: 'first' | 'last') => {
    if (unavailable) return;
    const rect = buttonRef.current?.getBoundingClientRect();
    if (!rect) return;
    // Opens upwards when there is no room below.
    const height = items.length * 36 + 10;
    const top = rect.bottom + 4 + height > window.innerHeight ? rect.top - 4 - height : rect.bottom + 4;
    setPosition({ top: Math.max(8, top), right: Math.max(8, window.innerWidth - rect.right) });
    setOpen(focus);
  };

  useEffect(() => {
    if (!open || !position) return;
    const entries = menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    (open === 'last' ? entries?.[entries.length - 1] : entries?.[0])?.focus();
  }, [open, position]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: MouseEvent) => {
      const target = event.target as Node;
      if (menuRef.current?.contains(target) || buttonRef.current?.contains(target)) return;
      setOpen(false);
    };
    // Only a scroll that moves the button moves the menu away from it (a text
    // field scrolling its own text, e.g. on blur, does not).
    const onScroll = (event: Event) => {
      const target = event.target;
      const button = buttonRef.current;
      if (target instanceof Node && button && target.contains(button)) setOpen(false);
    };
    const onResize = () => setOpen(false);
    document.addEventListener('mousedown', onPointer);
    window.addEventListener('scroll', onScroll, true);
    window.addEventListener('resize', onResize);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      window.removeEventListener('scroll', onScroll, true);
      window.removeEventListener('resize', onResize);
    };
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    setPosition(null);
    if (refocus) buttonRef.current?.focus();
  };

  const onButtonKeyDown = (event: KeyboardEvent<HTMLButtonElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      openMenu('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      openMenu('last');
    }
  };

  const onMenuKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const entries = Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const index = entries.findIndex((entry) => entry === document.activeElement);
    let next: number;
    switch (event.key) {
      case 'ArrowDown':
        next = (index + 1) % entries.length;
        break;
      case 'ArrowUp':
        next = (index - 1 + entries.length) % entries.length;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = entries.length - 1;
        break;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        return;
      case 'Tab':
        event.preventDefault();
        close(true);
        return;
      default:
        return;
    }
    event.preventDefault();
    entries[next]?.focus();
  };

  const choose = (kind: MemberActionKind) => {
    close(true);
    onChoose(kind, member);
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={`icon-button member-table__menu-button${unavailable ? ' is-unavailable' : ''}`}
        aria-label={menuLabel(t, member.name)}
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        aria-disabled={unavailable || undefined}
        aria-describedby={unavailable ? OFFLINE_REASON_ID : undefined}
        tabIndex={tabbable ? undefined : -1}
        onClick={() => (open ? close(false) : openMenu('first'))}
        onKeyDown={onButtonKeyDown}
        title={offlineReason ?? undefined}
        data-testid="member-actions"
      >
        <MoreIcon />
      </button>
      {open && position
        ? createPortal(
            <div
              ref={menuRef}
              id={menuId}
              role="menu"
              aria-label={menuLabel(t, member.name)}
              className="menu"
              style={{ top: position.top, right: position.right }}
              onKeyDown={onMenuKeyDown}
            >
              {items.map((kind) => (
                <button
                  key={kind}
                  type="button"
                  role="menuitem"
                  tabIndex={-1}
                  className={`menu__item${kind === 'remove' || kind === 'revoke' ? ' menu__item--danger' : ''}`}
                  onClick={() => choose(kind)}
                >
                  {t(`memberActions.${kind}`)}
                </button>
              ))}
            </div>,
            document.body,
          )
        : null}
    </>
  );
}
