import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { canHide, mayHide, visibleColumns, withHidden, type AnyColumn } from './columns.ts';
import type { TableId } from './column-prefs.ts';
import { useColumnPrefs } from './useColumnLayout.ts';
import './table.css';
import { ColumnsIcon } from '../app/icons.tsx';

/**
 * "Columns": a button that opens a small panel of checkboxes, one per
 * column that may be hidden (a disclosure with native checkboxes, so every
 * screen reader and the keyboard know it). The last visible column cannot
 * be unchecked, and says why. Esc, a click elsewhere or Tab out closes it.
 */
export function ColumnsMenu({
  table,
  columns,
  testId = 'columns-menu',
}: {
  table: TableId;
  columns: readonly AnyColumn[];
  testId?: string;
}) {
  const { t } = useTranslation();
  const [prefs, updatePrefs] = useColumnPrefs(table);
  const panelId = useId();
  const noteId = useId();
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const hideable = columns.filter(canHide);
  const shown = new Set(visibleColumns(columns, prefs).map((column) => column.id));
  const locked = (id: string) => shown.has(id) && !mayHide(columns, prefs, id);
  const resized = Object.keys(prefs.widths).length > 0;

  useEffect(() => {
    if (!open) return;
    panelRef.current?.querySelector<HTMLElement>('input:not(:disabled), button:not(:disabled)')?.focus();
    const onPointer = (event: MouseEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || !open) return;
    event.preventDefault();
    event.stopPropagation();
    setOpen(false);
    buttonRef.current?.focus();
  };
  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    const next = event.relatedTarget;
    if (next instanceof Node && !rootRef.current?.contains(next)) setOpen(false);
  };

  return (
    <div className="columns-menu" ref={rootRef} onKeyDown={onKeyDown} onBlur={onBlur} data-testid={testId}>
      <button
        ref={buttonRef}
        type="button"
        className="button button--quiet button--small columns-menu__button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
      >
        <ColumnsIcon />
        {t('table.columns')}
      </button>
      {open ? (
        <div
          ref={panelRef}
          id={panelId}
          className="columns-menu__panel"
          role="group"
          aria-label={t('table.columnsShown')}
        >
          {hideable.map((column) => {
            const isLocked = locked(column.id);
            return (
              <label key={column.id} className={`columns-menu__option${isLocked ? ' is-locked' : ''}`}>
                <input
                  type="checkbox"
                  checked={shown.has(column.id)}
                  disabled={isLocked}
                  aria-describedby={isLocked ? noteId : undefined}
                  onChange={(event) => {
                    const hidden = !event.currentTarget.checked;
                    updatePrefs((current) => withHidden(current, column.id, hidden));
                  }}
                  data-column={column.id}
                />
                {column.label}
              </label>
            );
          })}
          {hideable.some((column) => locked(column.id)) ? (
            <p id={noteId} className="columns-menu__note">
              {t('table.lastColumn')}
            </p>
          ) : null}
          <button
            type="button"
            className="button button--quiet button--small columns-menu__fit"
            disabled={!resized}
            onClick={() => updatePrefs((current) => ({ ...current, widths: {} }))}
          >
            {t('table.fitAll')}
          </button>
        </div>
      ) : null}
    </div>
  );
}
