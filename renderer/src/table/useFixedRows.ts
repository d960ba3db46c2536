import { useLayoutEffect, useMemo, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { bodyHeight, firstRowInView, rowsInView, scrollTopToShow, type PlacedRow } from './fixed-rows.ts';

export interface FixedRows {
  /** The rows to draw, each with its place in the body. */
  rows: PlacedRow[];
  /** The body's height (px). */
  height: number;
  /** The first row whose top is in view. */
  firstInView: number;
  /** Scrolls as little as needed to show row `index` whole. */
  scrollToIndex(index: number): void;
}

/**
 * The rows of `scroller` to draw (fixed-rows.ts does the arithmetic). Its
 * scroll position and height are read on scroll and resize; a scroll
 * re-renders synchronously, so the rows move in the frame that scrolls.
 */
export function useFixedRows(
  scroller: RefObject<HTMLElement | null>,
  count: number,
  rowHeight: number,
  overscan: number,
): FixedRows {
  const [view, setView] = useState({ top: 0, height: 0 });

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const read = () =>
      setView((current) =>
        current.top === element.scrollTop && current.height === element.clientHeight
          ? current
          : { top: element.scrollTop, height: element.clientHeight },
      );
    read();
    const onScroll = () => flushSync(read);
    element.addEventListener('scroll', onScroll, { passive: true });
    const observer = new ResizeObserver(read);
    observer.observe(element);
    return () => {
      element.removeEventListener('scroll', onScroll);
      observer.disconnect();
    };
  }, [scroller]);

  const geometry = useMemo(() => ({ count, rowHeight, viewport: view.height }), [count, rowHeight, view.height]);
  const rows = useMemo(() => rowsInView(geometry, view.top, overscan), [geometry, view.top, overscan]);
  const scrollToIndex = (index: number) => {
    const element = scroller.current;
    if (!element) return;
    const top = scrollTopToShow(geometry, element.scrollTop, index);
    if (top !== null) element.scrollTo({ top });
  };
  return { rows, height: bodyHeight(geometry), firstInView: firstRowInView(geometry, view.top), scrollToIndex };
}
