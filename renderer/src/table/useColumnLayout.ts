/**
 * One column-sizing mechanism for every data table: content-fitted widths
 * (measure.ts), the admin's widths and hidden columns (remembered per user,
 * column-prefs.ts), and the width the table has (a ResizeObserver), turned
 * into the widths to draw (columns.ts). The table marks the elements whose
 * text is measured with `data-fit="<column>"` (cells) and
 * `data-fit-head="<column>"` (header labels).
 */
import { useCallback, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { useAppStore } from '../store/index.ts';
import { NO_PREFS, fitColumns, visibleColumns, withWidth, type ColumnDef, type ColumnPrefs } from './columns.ts';
import { createColumnPrefsStore, prefsKey, type TableId } from './column-prefs.ts';
import { ContentMeter, createCanvasMeasure, type MeasureText, type TextStyle } from './measure.ts';

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const prefsStore = createColumnPrefsStore(browserStorage());
let canvasMeasure: MeasureText | null = null;

/** The signed-in user's choices for `table`, and a function that changes them. */
export function useColumnPrefs(table: TableId): [ColumnPrefs, (change: (prefs: ColumnPrefs) => ColumnPrefs) => void] {
  const owner = useAppStore((state) =>
    state.session?.status === 'signedIn' ? prefsKey(state.session.serverUrl, state.session.user.id) : null,
  );
  const prefs = useSyncExternalStore(prefsStore.subscribe, () => (owner ? prefsStore.get(owner, table) : NO_PREFS));
  const update = useCallback(
    (change: (prefs: ColumnPrefs) => ColumnPrefs) => {
      if (owner) prefsStore.set(owner, table, change(prefsStore.get(owner, table)));
    },
    [owner, table],
  );
  return [prefs, update];
}

/** What a table draws; hiding columns is the Columns menu's (it shares the same stored choices). */
export interface ColumnLayout<Row> {
  /** The columns to draw, in order. */
  columns: readonly ColumnDef<Row>[];
  /** Drawn width (px) per visible column. */
  widths: Readonly<Record<string, number>>;
  /** The sum of the drawn widths: wider than the box means the table scrolls sideways. */
  total: number;
  /** Null forgets the admin's width: the column fits its content again. */
  setWidth(id: string, width: number | null): void;
}

/** Ref callbacks (kept apart from the layout, which is plain render data). */
export interface ColumnLayoutElements {
  /** The box whose width the columns share (its client width, without a scrollbar). */
  box: (element: HTMLElement | null) => void;
  /** The table: where the `data-fit` samples are found. */
  table: (element: HTMLElement | null) => void;
}

export interface ColumnLayoutOptions<Row> {
  table: TableId;
  columns: readonly ColumnDef<Row>[];
  /** The loaded rows, in chunks that are replaced, never mutated (pages of a list). */
  chunks: readonly (readonly Row[])[];
}

function styleOf(element: Element): TextStyle {
  const style = getComputedStyle(element);
  return {
    font: `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`,
    letterSpacing: style.letterSpacing,
  };
}

/** The fonts of a column's text parts, from the first rendered row that has the column. */
function bodyStyles(table: HTMLElement, id: string): TextStyle[] {
  const sample = table.querySelector(`[data-fit="${CSS.escape(id)}"]`);
  const row = sample?.closest('[role="row"], tr');
  if (!sample || !row) return [];
  return Array.from(row.querySelectorAll(`[data-fit="${CSS.escape(id)}"]`), styleOf);
}

export function useColumnLayout<Row>({
  table,
  columns,
  chunks,
}: ColumnLayoutOptions<Row>): [ColumnLayout<Row>, ColumnLayoutElements] {
  const [prefs, updatePrefs] = useColumnPrefs(table);
  const language = useAppStore((state) => state.language);
  const [box, setBox] = useState<HTMLElement | null>(null);
  const [tableElement, setTableElement] = useState<HTMLElement | null>(null);
  const [available, setAvailable] = useState(0);
  const [content, setContent] = useState<Readonly<Record<string, number>>>({});

  // A new language measures anew (labels, roles and statuses change length).
  const meter = useMemo(() => {
    void language;
    return new ContentMeter<Row>((text, style) => (canvasMeasure ??= createCanvasMeasure())(text, style));
  }, [language]);
  const styles = useRef(new Map<string, { head: TextStyle | null; body: TextStyle[] }>());
  const stylesFor = useRef(meter);

  const shown = useMemo(() => visibleColumns(columns, prefs), [columns, prefs]);

  useLayoutEffect(() => {
    if (!box) return;
    const measureBox = () => setAvailable(box.clientWidth);
    measureBox();
    const observer = new ResizeObserver(measureBox);
    observer.observe(box);
    return () => observer.disconnect();
  }, [box]);

  // After a render with new rows, columns or language: measures what is new (a loaded page
  // once) and re-renders before paint with the wider content. Widths only grow, so it settles.
  useLayoutEffect(() => {
    if (!tableElement) return;
    if (stylesFor.current !== meter) {
      styles.current.clear();
      stylesFor.current = meter;
    }
    const next: Record<string, number> = {};
    let changed = false;
    for (const column of shown) {
      if (column.fixed !== undefined) continue;
      let known = styles.current.get(column.id);
      if (!known || !known.head || known.body.length === 0) {
        const head = tableElement.querySelector(`[data-fit-head="${CSS.escape(column.id)}"]`);
        known = { head: head ? styleOf(head) : null, body: bodyStyles(tableElement, column.id) };
        styles.current.set(column.id, known);
      }
      if (known.head) meter.header(column, known.head);
      const width = meter.cells(column, chunks, known.body);
      next[column.id] = width;
      if (content[column.id] !== width) changed = true;
    }
    // eslint-disable-next-line react-hooks/set-state-in-effect -- measure-then-render: fonts are read from the rendered cells
    if (changed) setContent((current) => ({ ...current, ...next }));
  }, [tableElement, meter, shown, chunks, content]);

  const widths = useMemo(() => fitColumns(shown, content, prefs, available), [shown, content, prefs, available]);
  const total = shown.reduce((sum, column) => sum + (widths[column.id] ?? 0), 0);

  const setWidth = useCallback(
    (id: string, width: number | null) => updatePrefs((current) => withWidth(current, id, width)),
    [updatePrefs],
  );

  const elements = useMemo(() => ({ box: setBox, table: setTableElement }), []);
  return [{ columns: shown, widths, total, setWidth }, elements];
}
