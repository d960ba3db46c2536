/**
 * Measuring inside the page. A harness installed before the app's scripts
 * records the timestamp of every trusted input event (keydown, beforeinput,
 * click, wheel: real input from CDP `Input.dispatch*`, never a synthetic
 * event) and,
 * once armed with the right answer, checks every animation frame whether the
 * DOM shows it. The end of a sample is the frame that paints the right answer:
 * in the requestAnimationFrame callback that first sees it, a MessageChannel
 * message is posted, and that task runs after the frame's style, layout and
 * paint. (Event Timing's PerformanceObserver was not used: it ends at the
 * first paint after the handler, not at the later frame in which an answer
 * that arrives asynchronously is painted.)
 */
import type { Locator, Page } from '@playwright/test';

export type Expectation =
  /** The member table answers `text` for `safeId`: first rows by id and the total. */
  | { kind: 'rows'; safeId: string; text: string; ids: string[]; total: number }
  /** The floor field echoes `value`. */
  | { kind: 'echo'; value: string }
  /** The bulk-add result lists these entries with these outcomes, in order. */
  | { kind: 'bulk'; entries: { email: string; outcome: string }[]; added: number }
  /** The member table is scrolled to `scrollTop` and every row in view is a member's (no placeholders). */
  | { kind: 'filled'; scrollTop: number };

export type Outcome = { ms: number; input: string } | { error: string };

interface Harness {
  arm(expectation: Expectation, timeoutMs: number): void;
  result(): Promise<Outcome>;
  signInPaintedAt: number | null;
  longTasks: { start: number; duration: number }[];
}

declare global {
  interface Window {
    __bench?: Harness;
  }
}

/** Installed with `addInitScript` (CDP, not subject to the page's CSP). Self-contained: it is serialised. */
export function installHarness(): void {
  let lastInput: { type: string; at: number } | null = null;
  let pending: Promise<Outcome> | null = null;
  const harness: Harness = {
    signInPaintedAt: null,
    longTasks: [],
    arm(expectation, timeoutMs) {
      lastInput = null;
      const armedAt = performance.now();
      pending = new Promise((resolve) => {
        const frame = () => {
          const problem = lastInput ? check(expectation) : 'no input yet';
          if (problem === null && lastInput) {
            const input = lastInput;
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve({ ms: performance.now() - input.at, input: input.type });
            channel.port2.postMessage(0);
            return;
          }
          if (performance.now() - armedAt > timeoutMs) return resolve({ error: `after ${timeoutMs} ms: ${problem}` });
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    result() {
      return pending ?? Promise.resolve({ error: 'not armed' });
    },
  };

  function check(expectation: Expectation): string | null {
    if (expectation.kind === 'echo') {
      const shown = document.getElementById('bench-floor-echo')?.textContent;
      return shown === expectation.value ? null : `echo shows ${JSON.stringify(shown)}`;
    }
    if (expectation.kind === 'bulk') {
      const rows = [...document.querySelectorAll<HTMLElement>('[data-testid="bulk-result-row"]')];
      if (rows.length !== expectation.entries.length) return `${rows.length} result rows`;
      const added = document.querySelector<HTMLElement>('[data-testid="bulk-added"]')?.dataset.added;
      if (Number(added) !== expectation.added) return `added ${added}`;
      for (const [index, entry] of expectation.entries.entries()) {
        const row = rows[index]!;
        if (row.dataset.email !== entry.email || row.dataset.outcome !== entry.outcome)
          return `row ${index}: ${row.dataset.email} ${row.dataset.outcome}, expected ${entry.email} ${entry.outcome}`;
      }
      return null;
    }
    const table = document.querySelector<HTMLElement>('[data-testid="member-table"]');
    if (!table) return 'no member table';
    const rows = new Map<number, HTMLElement>();
    for (const row of table.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex]'))
      rows.set(Number(row.getAttribute('aria-rowindex')), row);
    if (expectation.kind === 'filled') {
      const scroller = table.querySelector<HTMLElement>('.member-table__scroll');
      if (!scroller) return 'no scroll box';
      if (Math.abs(scroller.scrollTop - expectation.scrollTop) > 1) return `scrolled to ${scroller.scrollTop}`;
      const box = scroller.getBoundingClientRect();
      const inView = [...rows.values()].filter((row) => {
        const rect = row.getBoundingClientRect();
        return rect.bottom > box.top && rect.top < box.bottom;
      });
      if (inView.length === 0) return 'no rows in view';
      const empty = inView.find((row) => !row.dataset.memberId);
      return empty ? `row ${Number(empty.getAttribute('aria-rowindex')) - 2} not painted` : null;
    }
    const query = table.dataset.query ?? '';
    if (!query.startsWith(`${expectation.safeId}:`) || !query.endsWith(`:${expectation.text}`))
      return `table answers ${query}`;
    if (table.dataset.stale !== undefined) return 'stale rows';
    const rowCount = Number(table.getAttribute('aria-rowcount'));
    if (rowCount !== expectation.total + 1) return `total ${rowCount - 1}, server says ${expectation.total}`;
    if (expectation.total === 0)
      return document.querySelector('[data-testid="member-empty"]') ? null : 'no empty state';
    for (const [index, id] of expectation.ids.entries()) {
      const shown = rows.get(index + 2)?.dataset.memberId;
      if (shown !== id) return `row ${index} shows ${shown ?? 'nothing'}, server says ${id}`;
    }
    return null;
  }

  for (const type of ['keydown', 'beforeinput', 'click', 'wheel']) {
    addEventListener(
      type,
      (event) => {
        // Only real input; a keydown is followed by its beforeinput: keep the first.
        if (!event.isTrusted || (type === 'beforeinput' && lastInput?.type === 'keydown')) return;
        lastInput = { type, at: event.timeStamp };
      },
      { capture: true, passive: true },
    );
  }

  // The first frame that paints the sign-in form, in ms since navigation start; a page
  // that opens signed in (the safe picker shows) stops looking, so the check costs no frame later.
  const watchSignIn = () => {
    if (document.querySelector('[data-testid="safe-picker"]')) return;
    if (document.querySelector('form.sign-in__form button[type="submit"]')) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => (harness.signInPaintedAt = performance.now());
      channel.port2.postMessage(0);
      return;
    }
    requestAnimationFrame(watchSignIn);
  };
  requestAnimationFrame(watchSignIn);

  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        harness.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no Long Tasks API: scrolling then reports no long task
  }
  Object.defineProperty(window, '__bench', { value: harness });
}

export const HARNESS_SCRIPT = `(${installHarness.toString()})();`;

async function settle(page: Page, expectation: Expectation, act: () => Promise<void>, timeoutMs: number) {
  await page.evaluate(([spec, timeout]) => window.__bench!.arm(spec, timeout), [expectation, timeoutMs] as const);
  await act();
  return page.evaluate(() => window.__bench!.result());
}

/** One real key press; the time from its keydown to the frame that paints `expectation`. */
export function measureKey(page: Page, key: string, expectation: Expectation, timeoutMs = 10_000): Promise<Outcome> {
  return settle(page, expectation, () => page.keyboard.press(key), timeoutMs);
}

/** One real mouse click in the middle of `target`; the time from its click event to the painted answer. */
export async function measureClick(
  page: Page,
  target: Locator,
  expectation: Expectation,
  timeoutMs = 10_000,
): Promise<Outcome> {
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  if (!box) throw new Error('click target is not visible');
  return settle(page, expectation, () => page.mouse.click(box.x + box.width / 2, box.y + box.height / 2), timeoutMs);
}

/** Waits for a painted answer without input of its own (e.g. after a wheel scroll). */
export async function measureAfter(
  page: Page,
  act: () => Promise<void>,
  expectation: Expectation,
  timeoutMs = 10_000,
): Promise<Outcome> {
  return settle(page, expectation, act, timeoutMs);
}

/**
 * The floor: a field on the same page whose input handler only echoes the
 * text into an element next to it. Same input path, same paint detection.
 */
export async function measureFloor(page: Page, samples: number): Promise<{ samples: number[]; failures: string[] }> {
  await page.evaluate(() => {
    const box = document.createElement('div');
    box.id = 'bench-floor';
    box.style.cssText =
      'position:fixed;right:8px;bottom:8px;z-index:2147483647;background:#fff;color:#000;padding:4px;display:flex;gap:6px';
    const input = document.createElement('input');
    input.id = 'bench-floor-input';
    input.setAttribute('aria-label', 'benchmark floor');
    const echo = document.createElement('output');
    echo.id = 'bench-floor-echo';
    input.addEventListener('input', () => (echo.textContent = input.value));
    box.append(input, echo);
    document.body.append(box);
  });
  await page.locator('#bench-floor-input').click();
  const letters = 'thequickbrownfoxjumpsoverthelazydog';
  const times: number[] = [];
  const failures: string[] = [];
  let typed = '';
  for (let index = 0; index < samples; index += 1) {
    const letter = letters[index % letters.length]!;
    typed += letter;
    const outcome = await measureKey(page, letter, { kind: 'echo', value: typed });
    if ('ms' in outcome) times.push(outcome.ms);
    else failures.push(outcome.error);
  }
  await page.evaluate(() => document.getElementById('bench-floor')?.remove());
  return { samples: times, failures };
}
