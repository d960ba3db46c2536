/**
 * The member table's rows in view, by arithmetic: what is drawn depends on
 * the box, never on how many members the list has, and past the browsers'
 * cap on an element's height (a million rows of 44 px) every row, the last
 * included, is still reached by scrolling and by the keyboard.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_BODY_PX,
  bodyHeight,
  firstRowInView,
  rowsInView,
  scrollTopToShow,
  type RowGeometry,
} from '../../renderer/src/table/fixed-rows.ts';

const ROW = 44;
const VIEW = 616; // 14 rows
const OVERSCAN = 6;
const geometry = (count: number): RowGeometry => ({ count, rowHeight: ROW, viewport: VIEW });

/** The rows whose box meets the scroll box at `scrollTop` (body coordinates). */
function visible(rows: { index: number; start: number }[], scrollTop: number) {
  return rows.filter((row) => row.start + ROW > scrollTop && row.start < scrollTop + VIEW);
}

describe('rowsInView', () => {
  it('draws the same number of rows for 100 members, 100 000 and 1 000 000', () => {
    const drawn = [100, 100_000, 1_000_000].map((count) => rowsInView(geometry(count), 0, OVERSCAN).length);
    expect(drawn).toEqual([14 + OVERSCAN, 14 + OVERSCAN, 14 + OVERSCAN]);
    const middle = [100_000, 1_000_000].map(
      (count) => rowsInView(geometry(count), bodyHeight(geometry(count)) / 2, OVERSCAN).length,
    );
    expect(middle.every((length) => length <= 14 + 1 + 2 * OVERSCAN)).toBe(true);
  });

  it('places rows at index × row height below the cap, contiguous and covering the box', () => {
    const rows = rowsInView(geometry(10_000), 1000 * ROW + 10, OVERSCAN);
    expect(rows.every((row) => row.start === row.index * ROW)).toBe(true);
    const shown = visible(rows, 1000 * ROW + 10);
    expect(shown[0]!.index).toBe(1000);
    expect(shown.at(-1)!.start + ROW).toBeGreaterThanOrEqual(1000 * ROW + 10 + VIEW);
  });

  it('keeps the body under the cap past it, and rows in view still contiguous and covering the box', () => {
    const million = geometry(1_000_000);
    expect(1_000_000 * ROW).toBeGreaterThan(33_554_432); // more than Chromium draws
    expect(bodyHeight(million)).toBe(MAX_BODY_PX);
    for (const scrollTop of [0, 1, 123_457, MAX_BODY_PX / 2, MAX_BODY_PX - VIEW - 1]) {
      const rows = rowsInView(million, scrollTop, OVERSCAN);
      for (let index = 1; index < rows.length; index++) {
        expect(rows[index]!.index).toBe(rows[index - 1]!.index + 1);
        expect(rows[index]!.start - rows[index - 1]!.start).toBeCloseTo(ROW, 6);
      }
      const shown = visible(rows, scrollTop);
      expect(shown[0]!.start).toBeLessThanOrEqual(scrollTop);
      expect(shown.at(-1)!.start + ROW).toBeGreaterThanOrEqual(scrollTop + VIEW);
    }
  });

  it('shows the first member at the top and the last at the bottom of a million', () => {
    const million = geometry(1_000_000);
    expect(visible(rowsInView(million, 0, OVERSCAN), 0)[0]!.index).toBe(0);
    const bottom = MAX_BODY_PX - VIEW;
    const last = visible(rowsInView(million, bottom, OVERSCAN), bottom).at(-1)!;
    expect(last.index).toBe(999_999);
    expect(last.start + ROW).toBeCloseTo(MAX_BODY_PX, 6);
  });

  it('draws nothing for an empty list', () => {
    expect(rowsInView(geometry(0), 0, OVERSCAN)).toEqual([]);
    expect(firstRowInView(geometry(0), 0)).toBe(0);
  });
});

describe('scrollTopToShow', () => {
  it('does not move for a row in view, and moves as little as it can for one outside', () => {
    const list = geometry(10_000);
    expect(scrollTopToShow(list, 0, 3)).toBeNull();
    expect(scrollTopToShow(list, 0, 14)).toBe(15 * ROW - VIEW); // the next row comes in at the bottom
    expect(scrollTopToShow(list, 100 * ROW, 99)).toBe(99 * ROW); // the row above comes in at the top
  });

  it('brings any row of a million whole into view, End and Home included', () => {
    const million = geometry(1_000_000);
    for (const index of [999_999, 0, 500_000, 123_456, 999_000]) {
      const scrollTop = scrollTopToShow(million, 0, index) ?? 0;
      expect(Number.isInteger(scrollTop)).toBe(true); // browsers keep whole pixels
      expect(scrollTop).toBeLessThanOrEqual(MAX_BODY_PX - VIEW);
      const row = rowsInView(million, scrollTop, OVERSCAN).find((each) => each.index === index);
      expect(row, `row ${index}`).toBeDefined();
      expect(row!.start).toBeGreaterThanOrEqual(scrollTop - 1e-6);
      expect(row!.start + ROW).toBeLessThanOrEqual(scrollTop + VIEW + 1e-6);
      expect(firstRowInView(million, scrollTop)).toBeLessThanOrEqual(index);
    }
  });
});
