/**
 * The interactions measured in Chromium: search keystrokes, a click on a safe,
 * a bulk add, scrolling. Before each sample the reference server is asked for
 * the right answer (testkit's API client, independent of the app under test),
 * and the sample ends only when that answer is painted.
 */
import type { Page } from '@playwright/test';
import { LARGE_ORG_EMAIL_DOMAIN } from '../server/groups-seed.ts';
import type { TestApi } from '../testkit/api.ts';
import { measureAfter, measureClick, measureKey, type Expectation, type Outcome } from './page.ts';

export interface Samples {
  samples: number[];
  failures: string[];
}

const empty = (): Samples => ({ samples: [], failures: [] });

function record(into: Samples, outcome: Outcome): void {
  if ('ms' in outcome) into.samples.push(outcome.ms);
  else into.failures.push(outcome.error);
}

/** The server's first `rows` members of the safe for a search, in the table's default order, and the total. */
export async function serverRows(api: TestApi, safeId: string, text: string, rows: number): Promise<Expectation> {
  const page = await api.call('listMembers', {
    params: { safeId },
    query: { status: 'all', sort: 'name', dir: 'asc', limit: rows, ...(text ? { q: text } : {}) },
  });
  return { kind: 'rows', safeId, text, ids: page.items.map((member) => member.id), total: page.total };
}

export const safeButton = (page: Page, safeId: string) =>
  page.getByTestId('safe-picker').locator(`[data-safe-id="${safeId}"]`);

/** Click on the safe in the picker → its first rows (the server's) painted with the right total. */
export async function firstPaint(
  page: Page,
  api: TestApi,
  safeId: string,
  rows: number,
  timeoutMs: number,
): Promise<Outcome> {
  const expectation = await serverRows(api, safeId, '', rows);
  await safeButton(page, safeId).waitFor();
  return measureClick(page, safeButton(page, safeId), expectation, timeoutMs);
}

/**
 * Types each word one real key press at a time into the member search; each
 * press is a sample. Between words the field is cleared (not measured).
 */
export async function typeSearches(
  page: Page,
  api: TestApi,
  safeId: string,
  words: readonly string[],
  rows: number,
  timeoutMs: number,
): Promise<Samples> {
  const result = empty();
  await page.getByTestId('member-search').click();
  for (const word of words) {
    for (let length = 1; length <= word.length; length += 1) {
      const expectation = await serverRows(api, safeId, word.slice(0, length), rows);
      record(result, await measureKey(page, word[length - 1]!, expectation, timeoutMs));
    }
    await page.keyboard.press('ControlOrMeta+a');
    const cleared = await measureKey(page, 'Backspace', await serverRows(api, safeId, '', rows), timeoutMs);
    if ('error' in cleared) throw new Error(`the search did not clear: ${cleared.error}`);
  }
  return result;
}

/**
 * Mouse-wheel steps down the member table. Each step: the time until the rows
 * in view are painted, and the longest renderer task (Long Tasks API, ≥ 50 ms)
 * while it ran, 0 when there was none. Then to the bottom: the last row in
 * view there should be the list's last (the body is capped in height).
 */
export async function scrollTable(
  page: Page,
  steps: number,
): Promise<{ paint: Samples; longestTask: number[]; lastRow: { reached: number; rows: number } }> {
  const paint = empty();
  const longestTask: number[] = [];
  const body = page.getByTestId('member-table').locator('.member-table__scroll');
  const box = await body.boundingBox();
  if (!box) throw new Error('member table not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let step = 0; step < steps; step += 1) {
    const before = await page.evaluate(() => ({ now: performance.now(), tasks: window.__bench!.longTasks.length }));
    const { top, max } = await body.evaluate((element) => ({
      top: element.scrollTop,
      max: element.scrollHeight - element.clientHeight,
    }));
    const outcome = await measureAfter(page, () => page.mouse.wheel(0, 6000), {
      kind: 'filled',
      scrollTop: Math.min(top + 6000, max),
    });
    record(paint, outcome);
    const tasks = await page.evaluate((since) => window.__bench!.longTasks.slice(since), before.tasks);
    longestTask.push(Math.max(0, ...tasks.map((task) => task.duration)));
  }
  // Browsers cap an element's height: is the last row reached at the bottom?
  const rows = await body.evaluate(
    (element) => Number(element.closest('[role="table"]')?.getAttribute('aria-rowcount') ?? 1) - 1,
  );
  const bottom = await body.evaluate((element) => element.scrollHeight - element.clientHeight);
  // Near the bottom (not measured), then one more wheel step onto it.
  await body.evaluate((element, top) => element.scrollTo({ top }), Math.max(0, bottom - 3000));
  const last = await measureAfter(page, () => page.mouse.wheel(0, 6000), { kind: 'filled', scrollTop: bottom });
  const lastRow = await body.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const inView = [...element.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex]')].filter((row) => {
      const rect = row.getBoundingClientRect();
      return rect.bottom > box.top && rect.top < box.bottom;
    });
    // aria-rowindex counts from 1 and the header is row 1: the member at index i is row i + 2.
    return Number(inView.at(-1)?.getAttribute('aria-rowindex') ?? 0) - 2;
  });
  if ('error' in last) paint.failures.push(`the bottom: ${last.error}`);
  return { paint, longestTask, lastRow: { reached: lastRow, rows } };
}

interface BulkPlan {
  groupId: string;
  entries: { text: string; email: string; outcome: string }[];
  addedUserIds: string[];
}

/**
 * One bulk add of 50 entries planned from the server's data: 46 organisation
 * users outside the group (added), 2 members (already a member), 1 unknown
 * address and 1 invalid entry.
 */
export async function planBulkAdd(api: TestApi, sample: number): Promise<BulkPlan> {
  const { items: groups } = await api.call('listSecurityGroups');
  const group = [...groups].sort((a, b) => b.memberCount - a.memberCount)[0];
  if (!group) throw new Error('no security group');
  const members = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 500 } });
  const inGroup = new Set(members.items.map((member) => member.userId));
  const { items: users } = await api.call('searchUsers', { query: { q: LARGE_ORG_EMAIL_DOMAIN, limit: 100 } });
  const outsiders = users.filter((user) => !inGroup.has(user.id)).slice(0, 46);
  const insiders = members.items.slice(0, 2);
  if (outsiders.length < 46 || insiders.length < 2) throw new Error('not enough users for a bulk add of 50');
  const unknown = `nobody-${sample}@bench.example`;
  return {
    groupId: group.id,
    entries: [
      ...outsiders.map((user) => ({ text: user.email, email: user.email, outcome: 'added' })),
      ...insiders.map((member) => ({ text: member.email, email: member.email, outcome: 'already_member' })),
      { text: unknown, email: unknown, outcome: 'unknown_user' },
      { text: `not-an-address-${sample}`, email: '', outcome: 'invalid' },
    ],
    addedUserIds: outsiders.map((user) => user.id),
  };
}

/** Bulk adds of 50 entries in the groups panel: click on Add → the 50 per-entry results painted. */
export async function bulkAdds(page: Page, api: TestApi, samples: number, timeoutMs: number): Promise<Samples> {
  const result = empty();
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  for (let sample = 0; sample < samples; sample += 1) {
    const plan = await planBulkAdd(api, sample);
    await page.getByTestId('group-rail').locator(`[data-group-id="${plan.groupId}"]`).click();
    await page.getByTestId('bulk-open').click();
    await page.getByTestId('bulk-text').fill(plan.entries.map((entry) => entry.text).join(', '));
    const submit = page.getByTestId('bulk-submit');
    await page.waitForFunction(() => {
      const button = document.querySelector<HTMLButtonElement>('[data-testid="bulk-submit"]');
      const summary = document.querySelector<HTMLElement>('[data-testid="bulk-summary"]');
      return button && !button.disabled && summary?.dataset.pending === 'false';
    });
    const expectation: Expectation = {
      kind: 'bulk',
      entries: plan.entries.map(({ email, outcome }) => ({ email, outcome })),
      added: plan.addedUserIds.length,
    };
    const outcome = await measureClick(page, submit, expectation, timeoutMs);
    record(result, outcome);
    if ('ms' in outcome) await page.getByTestId('bulk-close').click();
    else await page.keyboard.press('Escape');
    await page.getByTestId('bulk-dialog').waitFor({ state: 'detached' });
    // Put the group back as it was for the next sample.
    await api.call('removeGroupMembers', { params: { groupId: plan.groupId }, body: { userIds: plan.addedUserIds } });
  }
  return result;
}
