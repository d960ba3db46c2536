/**
 * The column layout on a native `<table>` (the security-group tables): a
 * `<colgroup>` with the drawn widths (with `table-layout: fixed` and the
 * table as wide as their sum, see `tableStyle`) and header cells that carry
 * the measured label and a resize handle.
 */
import { useId, type CSSProperties, type ReactNode, type ThHTMLAttributes } from 'react';
import type { ColumnDef } from './columns.ts';
import { ColumnResizer } from './ColumnResizer.tsx';
import type { ColumnLayout } from './useColumnLayout.ts';

/** As wide as the columns (the wrap scrolls sideways when that is wider than it). */
export function tableStyle<Row>(layout: ColumnLayout<Row>): CSSProperties {
  return { tableLayout: 'fixed', width: layout.total > 0 ? layout.total : '100%' };
}

export function ColGroup<Row>({ layout }: { layout: ColumnLayout<Row> }) {
  return (
    <colgroup>
      {layout.columns.map((column) => (
        <col key={column.id} style={{ width: layout.widths[column.id] }} />
      ))}
    </colgroup>
  );
}

export interface ResizableThProps<Row> extends Omit<ThHTMLAttributes<HTMLTableCellElement>, 'children'> {
  layout: ColumnLayout<Row>;
  column: ColumnDef<Row>;
  /** Shown under the label and read with it (the matrix's Restricted/Open tag); not measured. */
  extra?: ReactNode;
}

/**
 * A column header named by its label (and `extra`) only, so the resize
 * handle inside it does not become part of the name read with every cell.
 */
export function ResizableTh<Row>({ layout, column, extra, className, ...rest }: ResizableThProps<Row>) {
  const id = useId();
  return (
    <th
      scope="col"
      className={['resizable-th', className].filter(Boolean).join(' ')}
      aria-labelledby={extra ? `${id}-label ${id}-extra` : `${id}-label`}
      {...rest}
    >
      <span id={`${id}-label`} className="resizable-th__label" data-fit-head={column.id}>
        {column.label}
      </span>
      {extra ? <span id={`${id}-extra`}>{extra}</span> : null}
      {column.fixed === undefined ? (
        <ColumnResizer
          column={column}
          width={layout.widths[column.id] ?? column.min}
          onResize={(width) => layout.setWidth(column.id, width)}
        />
      ) : null}
    </th>
  );
}
