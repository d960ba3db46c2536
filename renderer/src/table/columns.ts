/**
 * Column sizing for the data tables, as plain data and functions (no DOM):
 * which columns show, how wide each is, and what the admin chose. The
 * tables measure their content (see measure.ts), this module turns those
 * widths and the admin's choices into the widths drawn.
 */

/** No column is drawn wider than this, whatever is dragged or stored. */
export const MAX_COLUMN_WIDTH = 1200;
/** One arrow-key press on a resize handle; with Shift, five times as much. */
export const RESIZE_STEP = 10;

export interface ColumnDef<Row> {
  id: string;
  /** The header's text: measured, and the column's name in the Columns menu. */
  label: string;
  /**
   * What a row shows in this column, measured for its width; a cell of two
   * lines (a name over an e-mail address) gives both. Absent for fixed columns.
   */
  text?: (row: Row) => string | readonly string[];
  /** The narrowest width (px) the fit, a drag or a key may give it. */
  min: number;
  /** The widest width the fit gives it on its own; the admin may drag it wider. */
  max: number;
  /** A fixed width (px): never fitted, resized or hidden (checkboxes, row actions). */
  fixed?: number;
  /** Px a body cell adds around its text (padding, badge, icon): mirrors the table's CSS. */
  chrome?: number;
  /** Px a header cell adds around its label (padding, sort icon, resize handle). */
  headChrome?: number;
  /**
   * What the header must show unbroken, when that is not the whole label:
   * a header that wraps gives its words (and its tag's), so the column
   * fits its longest word rather than its label on one line.
   */
  headTexts?: readonly string[];
  /**
   * False: never cut below its content to make room; the table scrolls
   * sideways instead (the matrix, whose person column stays in view).
   */
  shrink?: boolean;
  /** False keeps the column out of the Columns menu (a row's identity). Default: true. */
  hideable?: boolean;
}

/** What the admin chose for one table; stored per user (see column-prefs.ts). */
export interface ColumnPrefs {
  /** Widths the admin set by dragging or with the keyboard (px), by column id. */
  widths: Readonly<Record<string, number>>;
  /** Ids of the columns the admin hid. */
  hidden: readonly string[];
}

export const NO_PREFS: ColumnPrefs = { widths: {}, hidden: [] };

/** A column of any row type: the functions below read only its sizes. */
export type AnyColumn = ColumnDef<never>;

export function canHide(column: AnyColumn): boolean {
  return column.fixed === undefined && column.hideable !== false;
}

/** The columns to draw: all but the hidden ones, and never none of the hideable ones. */
export function visibleColumns<C extends AnyColumn>(columns: readonly C[], prefs: ColumnPrefs): C[] {
  const hidden = new Set(prefs.hidden);
  const shown = columns.filter((column) => !(canHide(column) && hidden.has(column.id)));
  if (shown.some(canHide) || !columns.some(canHide)) return shown;
  // Stored prefs that hide everything (written by hand, or columns renamed): the first comes back.
  const first = columns.find(canHide)!;
  return columns.filter((column) => column === first || !(canHide(column) && hidden.has(column.id)));
}

/** Whether `id` may be hidden now: at least one hideable column must stay visible. */
export function mayHide(columns: readonly AnyColumn[], prefs: ColumnPrefs, id: string): boolean {
  const shown = visibleColumns(columns, prefs).filter(canHide);
  return shown.length > 1 || !shown.some((column) => column.id === id);
}

export function withHidden(prefs: ColumnPrefs, id: string, hidden: boolean): ColumnPrefs {
  const rest = prefs.hidden.filter((each) => each !== id);
  return { ...prefs, hidden: hidden ? [...rest, id] : rest };
}

/** `width` null forgets the admin's width: the column fits its content again. */
export function withWidth(prefs: ColumnPrefs, id: string, width: number | null): ColumnPrefs {
  const widths = { ...prefs.widths };
  if (width === null) delete widths[id];
  else widths[id] = width;
  return { ...prefs, widths };
}

export function clampWidth(column: AnyColumn, width: number): number {
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(column.min, width)));
}

/**
 * The drawn width of every column in `columns` (the visible ones), in px.
 *
 * - A fixed column has its width; a column the admin sized has that width.
 * - Every other column starts at its content's width (`content`, clamped to
 *   its min and max).
 * - Space left over in `available` is shared among those fitted columns in
 *   proportion to their width, so the table fills its box.
 * - When they do not fit, the widest fitted columns give way first (each
 *   down to its min), so a short column is never cut to spare a long one;
 *   columns marked `shrink: false` never give way. What still does not fit
 *   scrolls sideways.
 */
export function fitColumns(
  columns: readonly AnyColumn[],
  content: Readonly<Record<string, number>>,
  prefs: ColumnPrefs,
  available: number,
): Record<string, number> {
  const widths: Record<string, number> = {};
  const fitted: AnyColumn[] = [];
  let used = 0;
  for (const column of columns) {
    const chosen = prefs.widths[column.id];
    let width: number;
    if (column.fixed !== undefined) width = column.fixed;
    else if (chosen !== undefined) width = clampWidth(column, chosen);
    else {
      width = Math.min(column.max, Math.max(column.min, Math.ceil(content[column.id] ?? 0)));
      fitted.push(column);
    }
    widths[column.id] = width;
    used += width;
  }
  if (fitted.length === 0 || available <= 0) return widths;

  const room = available - used;
  if (room > 0) {
    const base = fitted.reduce((sum, column) => sum + widths[column.id]!, 0);
    let given = 0;
    fitted.forEach((column, index) => {
      const share =
        index === fitted.length - 1 ? room - given : Math.floor((room * widths[column.id]!) / Math.max(1, base));
      widths[column.id] = widths[column.id]! + share;
      given += share;
    });
    return widths;
  }

  // Too wide: the largest common ceiling under which the columns that may shrink fit (none below its min).
  const shrinkable = fitted.filter((column) => column.shrink !== false);
  if (shrinkable.length === 0) return widths;
  const budget = available - (used - shrinkable.reduce((sum, column) => sum + widths[column.id]!, 0));
  const natural = new Map(shrinkable.map((column) => [column.id, widths[column.id]!]));
  const under = (ceiling: number) =>
    shrinkable.reduce((sum, column) => sum + Math.max(column.min, Math.min(natural.get(column.id)!, ceiling)), 0);
  let low = 0;
  let high = Math.max(...natural.values());
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (under(middle) <= budget) low = middle;
    else high = middle - 1;
  }
  // Whole pixels: what the ceiling leaves over goes, a pixel each, to the columns it cut.
  let spare = Math.max(0, budget - under(low));
  for (const column of shrinkable) {
    const width = Math.max(column.min, Math.min(natural.get(column.id)!, low));
    const extra = spare > 0 && natural.get(column.id)! > width ? 1 : 0;
    spare -= extra;
    widths[column.id] = width + extra;
  }
  return widths;
}

/** Reads stored prefs defensively: anything malformed is dropped, never trusted. */
export function parsePrefs(value: unknown): ColumnPrefs {
  if (typeof value !== 'object' || value === null) return NO_PREFS;
  const record = value as { widths?: unknown; hidden?: unknown };
  const widths: Record<string, number> = {};
  if (typeof record.widths === 'object' && record.widths !== null) {
    for (const [id, width] of Object.entries(record.widths)) {
      if (typeof width === 'number' && Number.isFinite(width) && width > 0 && width <= MAX_COLUMN_WIDTH) {
        widths[id] = Math.round(width);
      }
    }
  }
  const hidden = Array.isArray(record.hidden)
    ? record.hidden.filter((id): id is string => typeof id === 'string' && id.length <= 200)
    : [];
  return { widths, hidden };
}
