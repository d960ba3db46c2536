/**
 * Which rows of a long list of equal-height rows are in view, by arithmetic:
 * the work is proportional to the rows drawn, never to the rows the list
 * has (a general virtualiser measures every row, 100 000 objects whenever a
 * search changes the count).
 *
 * Browsers cap an element's height (Chromium near 33.5 million px, others
 * lower), and a million rows of 44 px would need 44 million. Past
 * `MAX_BODY_PX` the body is drawn that high and the scroll position maps
 * proportionally onto the rows, so the first and the last row are both
 * reachable with the wheel, the scrollbar and the keyboard; each row is
 * placed relative to the rows in view, so rows never overlap or gap.
 */

/** Well under every engine's cap on an element's height. */
export const MAX_BODY_PX = 8_000_000;

export interface RowGeometry {
  count: number;
  rowHeight: number;
  /** The scroll box's client height (px); 0 before it is measured. */
  viewport: number;
}

export interface PlacedRow {
  index: number;
  /** Px from the top of the body. */
  start: number;
}

/** The body's height: the rows', capped. */
export function bodyHeight({ count, rowHeight }: Pick<RowGeometry, 'count' | 'rowHeight'>): number {
  return Math.min(count * rowHeight, MAX_BODY_PX);
}

/** Px of rows per px of scrolling: 1 until the cap, more past it. */
function rowsPerScrollPx(geometry: RowGeometry): number {
  const full = geometry.count * geometry.rowHeight;
  const body = bodyHeight(geometry);
  if (full <= body) return 1;
  return (full - geometry.viewport) / Math.max(1, body - geometry.viewport);
}

/** Px into the rows (as if uncapped) shown at the top of the box at scroll position `scrollTop`. */
function rowsTop(geometry: RowGeometry, scrollTop: number): number {
  const full = geometry.count * geometry.rowHeight;
  return Math.min(Math.max(0, scrollTop * rowsPerScrollPx(geometry)), Math.max(0, full - geometry.viewport));
}

/** The rows to draw at `scrollTop`: those in view and `overscan` more on each side, each with its place. */
export function rowsInView(geometry: RowGeometry, scrollTop: number, overscan: number): PlacedRow[] {
  const { count, rowHeight, viewport } = geometry;
  if (count <= 0) return [];
  const top = rowsTop(geometry, scrollTop);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(count - 1, Math.ceil((top + viewport) / rowHeight) - 1 + overscan);
  // Where the rows' top is drawn: at `scrollTop`, less what of them lies above the box.
  const offset = rowsPerScrollPx(geometry) === 1 ? 0 : scrollTop - top;
  const rows: PlacedRow[] = [];
  for (let index = first; index <= last; index++) rows.push({ index, start: index * rowHeight + offset });
  return rows;
}

/** The first row whose top is in view (the table's tab stop after a wheel scroll). */
export function firstRowInView(geometry: RowGeometry, scrollTop: number): number {
  if (geometry.count <= 0) return 0;
  return Math.min(geometry.count - 1, Math.ceil(rowsTop(geometry, scrollTop) / geometry.rowHeight));
}

/**
 * The scroll position that brings row `index` fully into view, moving as
 * little as it can; null when it is in view already.
 */
export function scrollTopToShow(geometry: RowGeometry, scrollTop: number, index: number): number | null {
  const { rowHeight, viewport } = geometry;
  const top = rowsTop(geometry, scrollTop);
  const rowTop = index * rowHeight;
  // Rounded away from the row (browsers keep whole pixels): past the cap a pixel is several rows' pixels.
  if (rowTop < top) return Math.max(0, Math.floor(rowTop / rowsPerScrollPx(geometry)));
  if (rowTop + rowHeight > top + viewport)
    return Math.ceil((rowTop + rowHeight - viewport) / rowsPerScrollPx(geometry));
  return null;
}
