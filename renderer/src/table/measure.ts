/**
 * How wide a column's content is, measured as text in the table's own font
 * (canvas `measureText`), not by laying out cells.
 *
 * Why text and not the DOM: the member table is virtualised, so the DOM
 * holds only the ~40 rows in view; measuring those would make columns jump
 * while scrolling and force a layout per frame. Text measurement covers
 * every row the table has *loaded* (the pages the store holds, 100 rows
 * each) without laying anything out, and each loaded page is measured once
 * (cached by the page array, which the store replaces rather than mutates).
 * Rows that are not loaded are never measured, so a 100 000-member safe
 * costs what its loaded pages cost. The fonts come from the rendered cells
 * (`data-fit` samples), so the CSS stays the one place that says them.
 */
import type { ColumnDef } from './columns.ts';

/** A CSS font shorthand and letter spacing, as read from a rendered cell. */
export interface TextStyle {
  font: string;
  letterSpacing: string;
}

export type MeasureText = (text: string, style: TextStyle) => number;

/**
 * The widest content seen so far per column, over chunks of rows (loaded
 * pages). Widths only grow while the meter lives, so a search that narrows
 * the list does not make the columns jump; a new language gets a new meter.
 */
export class ContentMeter<Row> {
  readonly #measure: MeasureText;
  readonly #chunks = new WeakMap<readonly Row[], Map<string, number>>();
  readonly #widest = new Map<string, number>();

  constructor(measure: MeasureText) {
    this.#measure = measure;
  }

  /** The header's widest unbroken text (its label, or `headTexts`) plus the header's chrome. */
  header(column: ColumnDef<Row>, style: TextStyle): number {
    const texts = column.headTexts ?? [column.label];
    const widest = Math.max(0, ...texts.map((text) => this.#measure(text, style)));
    return this.#grow(column.id, widest + (column.headChrome ?? 0));
  }

  /**
   * The widest cell of `column` in every chunk; a chunk already measured
   * for that column is not measured again. `styles[i]` is the font of the
   * cell's i-th text part.
   */
  cells(column: ColumnDef<Row>, chunks: Iterable<readonly Row[]>, styles: readonly TextStyle[]): number {
    const first = styles[0];
    if (!column.text || !first) return this.width(column.id);
    for (const chunk of chunks) {
      let known = this.#chunks.get(chunk);
      if (!known) {
        known = new Map();
        this.#chunks.set(chunk, known);
      }
      if (known.has(column.id)) continue;
      let widest = 0;
      for (const row of chunk) {
        const text = column.text(row);
        if (typeof text === 'string') widest = Math.max(widest, this.#measure(text, first));
        else text.forEach((part, index) => (widest = Math.max(widest, this.#measure(part, styles[index] ?? first))));
      }
      known.set(column.id, widest);
      this.#grow(column.id, widest + (column.chrome ?? 0));
    }
    return this.width(column.id);
  }

  width(id: string): number {
    return this.#widest.get(id) ?? 0;
  }

  #grow(id: string, width: number): number {
    const next = Math.max(this.width(id), Math.ceil(width));
    this.#widest.set(id, next);
    return next;
  }
}

/**
 * `measureText` on one offscreen canvas, remembering recent answers: a
 * column of roles or languages repeats a handful of strings.
 */
export function createCanvasMeasure(): MeasureText {
  const context = document.createElement('canvas').getContext('2d');
  const known = new Map<string, number>();
  return (text, style) => {
    if (!context) return text.length * 8; // no canvas: a generous guess beats truncation
    const key = `${style.font}\u0000${style.letterSpacing}\u0000${text}`;
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    context.font = style.font;
    context.letterSpacing = style.letterSpacing === 'normal' ? '0px' : style.letterSpacing;
    const width = context.measureText(text).width;
    if (known.size > 5000) known.clear();
    known.set(key, width);
    return width;
  };
}
