import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_COLUMN_WIDTH, RESIZE_STEP, clampWidth, type ColumnDef } from './columns.ts';
import './table.css';

export interface ColumnResizerProps {
  column: ColumnDef<never>;
  /** The drawn width now (px). */
  width: number;
  /** Null: fit the column to its content again. */
  onResize: (width: number | null) => void;
}

/**
 * The handle on a header's right edge (a focusable window-splitter
 * separator): drag it, or focus it and use ←/→ (Shift: larger steps),
 * Home/End for the narrowest/widest; Enter or a double-click fits the
 * column to its content. It says its width as its value.
 */
export function ColumnResizer({ column, width, onResize }: ColumnResizerProps) {
  const { t } = useTranslation();
  const drag = useRef<{ pointer: number; startX: number; startWidth: number } | null>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.shiftKey ? RESIZE_STEP * 5 : RESIZE_STEP;
    let next: number | null;
    switch (event.key) {
      case 'ArrowLeft':
        next = width - step;
        break;
      case 'ArrowRight':
        next = width + step;
        break;
      case 'Home':
        next = column.min;
        break;
      case 'End':
        next = Math.max(width, column.max);
        break;
      case 'Enter':
        next = null;
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopPropagation();
    onResize(next === null ? null : clampWidth(column, next));
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.preventDefault();
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus({ preventScroll: true });
    drag.current = { pointer: event.pointerId, startX: event.clientX, startWidth: width };
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const current = drag.current;
    if (!current || current.pointer !== event.pointerId) return;
    const next = clampWidth(column, current.startWidth + event.clientX - current.startX);
    if (next !== width) onResize(next);
  };
  const endDrag = (event: PointerEvent<HTMLDivElement>) => {
    if (drag.current?.pointer === event.pointerId) drag.current = null;
  };

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={t('table.resize', { column: column.label })}
      aria-valuenow={width}
      aria-valuemin={column.min}
      aria-valuemax={MAX_COLUMN_WIDTH}
      aria-valuetext={t('table.width', { width })}
      tabIndex={0}
      title={t('table.resizeHint')}
      className="column-resizer"
      data-testid={`resize-${column.id}`}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onDoubleClick={() => onResize(null)}
      // The header's own click (sorting) must not see a drag's end.
      onClick={(event) => event.stopPropagation()}
    />
  );
}
