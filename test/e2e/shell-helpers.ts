/** Helpers of the desktop-shell end-to-end specs (their stacks are their own: first runs, seeded safes). */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, type Stack } from './fixtures.ts';
import { TestApi } from '../helpers/api.ts';

export async function signInAsAdmin(page: Page, stack: Stack): Promise<void> {
  const admin = stack.server.accounts.admin;
  await page.goto(stack.host.issueLink());
  const user = page.getByTestId('current-user');
  const form = page.locator('input[type="password"]');
  await expect(user.or(form)).toBeVisible();
  if (await form.isVisible()) {
    await page.locator('input[type="email"]').fill(admin.email);
    await form.fill(admin.password);
    await form.press('Enter');
  }
  await expect(user).toContainText(admin.name);
}

export async function adminApi(stack: Stack): Promise<TestApi> {
  const admin = stack.server.accounts.admin;
  return TestApi.signIn(stack.server.url, admin.email, admin.password);
}

/** A safe of the demo seed with free places, or one at its limit. */
export async function demoSafe(api: TestApi, want: 'free' | 'full') {
  const { items } = await api.call('listTeamSafes');
  const safe = items.find((each) =>
    want === 'free' ? each.memberCount < each.memberLimit - 2 : each.memberCount >= each.memberLimit,
  );
  if (!safe) throw new Error(`the demo seed has no ${want} safe`);
  return safe;
}

/** Invites someone through the server directly, as another administrator would. */
export async function inviteBehindTheAppsBack(api: TestApi, safeId: string, label: string) {
  const email = `${label}.${randomUUID().slice(0, 8)}@example.com`;
  await api.call('inviteMember', {
    params: { safeId },
    headers: { 'idempotency-key': randomUUID() },
    body: { name: `Invited ${label}`, email, role: 'viewer', language: 'en', codeDelivery: 'display' },
  });
  return email;
}

export async function selectSafe(page: Page, safeId: string): Promise<void> {
  await page.getByTestId('safe-picker').locator(`[data-safe-id="${safeId}"]`).click();
  await expect(page.getByTestId('member-table')).toHaveAttribute('aria-busy', 'false');
}

export async function chooseLanguage(page: Page, language: string): Promise<void> {
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}
