/**
 * OS locale: the first-run language comes from the system's languages (here
 * the browser context's), and numbers and dates follow the UI language plus
 * the system's region.
 */
import { LARGE_SAFE } from '../../server/seed.ts';
import type { Page } from '@playwright/test';
import { expect, shot, startStack, test, type Stack } from './fixtures.ts';
import { signInAsAdmin } from './shell-helpers.ts';

let stack: Stack & { stop(): Promise<void> };
test.beforeAll(async () => {
  // 1 000 members and a limit of 1 200: numbers with a thousands separator.
  stack = await startStack({ server: { largeSafeMembers: 1000 } });
});
test.afterAll(async () => {
  await stack.stop();
});

/**
 * `count` as the browser's own locale data writes it for `locale`. The Swiss
 * group separator is an apostrophe: U+2019 in older CLDR, U+0027 since CLDR 42.
 */
async function written(page: Page, locale: string, count: number): Promise<string> {
  return page.evaluate(([tag, n]) => new Intl.NumberFormat(tag as string).format(n as number), [locale, count]);
}

test('a Swiss German system: German UI, 1’000 of 1’200', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'de-CH' });
  try {
    const page = await context.newPage();
    await page.goto(stack.host.issueLink());
    // First run: no language chosen, so the system's.
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
    await signInAsAdmin(page, stack);
    await page.getByTestId('safe-picker').locator(`[data-safe-id="${LARGE_SAFE.id}"]`).click();
    const [thousand, limit] = [await written(page, 'de-CH', 1000), await written(page, 'de-CH', 1200)];
    expect(thousand).toMatch(/^1['’]000$/);
    expect(await written(page, 'de', 1000)).toBe('1.000'); // German without the region would say this
    await expect(page.getByTestId('member-limit')).toHaveText(`${thousand} von ${limit}`);
    await expect(page.getByTestId('safe-picker').locator(`[data-safe-id="${LARGE_SAFE.id}"]`)).toContainText(
      `${thousand} von ${limit}`,
    );
    await expect(page.getByTestId('status-filter')).toContainText(thousand);
    await shot(page, 'shell-de-CH-numbers');
    await page.getByTestId('help-menu').click();
    await page.getByRole('button', { name: 'Über Team Safe Admin' }).click();
    const about = page.getByTestId('about-dialog');
    await expect(about.locator('[data-row="locale"] dd')).toHaveText('de-CH');
    // Swiss German dates: 2.12.2026, 07:46
    await expect(about.locator('[data-row="lastSynced"] dd')).toHaveText(/^\d{1,2}\.\d{1,2}\.\d{4}, \d{2}:\d{2}$/);
    await page.keyboard.press('Escape');
  } finally {
    await context.close();
  }
});

test('a British system: English UI, 23 Nov 2026, 14:05 — and an English UI on a Swiss system writes 1’000', async ({
  browser,
}) => {
  const british = await browser.newContext({ locale: 'en-GB' });
  try {
    const page = await british.newPage();
    await signInAsAdmin(page, stack);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByTestId('safe-picker').locator(`[data-safe-id="${LARGE_SAFE.id}"]`).click();
    await expect(page.getByTestId('member-limit')).toHaveText('1,000 of 1,200');
    await page.getByTestId('help-menu').click();
    await page.getByRole('button', { name: 'About Team Safe Admin' }).click();
    const about = page.getByTestId('about-dialog');
    await expect(about.locator('[data-row="locale"] dd')).toHaveText('en-GB');
    // Day first, the month abbreviated, a 24-hour clock (en-US would say "Dec 2, 2026, 7:46 AM").
    await expect(about.locator('[data-row="lastSynced"] dd')).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}$/);
    await shot(page, 'shell-en-GB-about');
  } finally {
    await british.close();
  }
  const swissEnglish = await browser.newContext({ locale: 'en-CH' });
  try {
    const page = await swissEnglish.newPage();
    await signInAsAdmin(page, stack);
    await page.getByTestId('safe-picker').locator(`[data-safe-id="${LARGE_SAFE.id}"]`).click();
    const [thousand, limit] = [await written(page, 'en-CH', 1000), await written(page, 'en-CH', 1200)];
    expect(thousand).toMatch(/^1['’]000$/);
    await expect(page.getByTestId('member-limit')).toHaveText(`${thousand} of ${limit}`);
    await page.getByRole('button', { name: 'Sign out' }).click();
  } finally {
    await swissEnglish.close();
  }
});
