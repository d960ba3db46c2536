/**
 * The desktop shell in Chromium through the preview host: keyboard shortcuts
 * with real key presses, and deep links handed to the real core.
 */
import { expect, shot, startStack, test, type Stack } from './fixtures.ts';
import { adminApi, demoSafe, inviteBehindTheAppsBack, selectSafe, signInAsAdmin } from './shell-helpers.ts';

let stack: Stack & { stop(): Promise<void> };
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('shortcuts: find, switch section, invite, refresh, the shortcuts view and sign out', async ({ page }) => {
  const api = await adminApi(stack);
  const open = await demoSafe(api, 'free');
  const full = await demoSafe(api, 'full');
  await signInAsAdmin(page, stack);
  await selectSafe(page, open.id);
  const search = page.getByTestId('member-search');
  const nav = page.getByTestId('section-nav');

  await page.getByTestId('member-table').click();
  await page.keyboard.press('ControlOrMeta+f');
  await expect(search).toBeFocused();

  await page.keyboard.press('ControlOrMeta+2');
  await expect(nav.locator('[data-section="groups"]')).toHaveAttribute('aria-current', 'page');
  await expect(search).toHaveCount(0);
  await page.keyboard.press('ControlOrMeta+1');
  await expect(nav.locator('[data-section="safes"]')).toHaveAttribute('aria-current', 'page');
  // Find from the other section comes back to the members and focuses the search.
  await page.keyboard.press('ControlOrMeta+2');
  await page.keyboard.press('ControlOrMeta+f');
  await expect(search).toBeFocused();

  // Invite: the wizard, only where inviting is allowed; Escape closes it.
  const wizard = page.getByTestId('invite-wizard');
  await page.keyboard.press('ControlOrMeta+n');
  await expect(wizard).toBeVisible();
  // Other shortcuts are the dialog's keys while it is open.
  await page.keyboard.press('ControlOrMeta+2');
  await expect(nav.locator('[data-section="safes"]')).toHaveAttribute('aria-current', 'page');
  await page.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
  await selectSafe(page, full.id);
  await expect(page.getByTestId('invite-disabled-reason')).toBeVisible();
  await page.keyboard.press('ControlOrMeta+n');
  await expect(page.getByTestId('member-table')).toBeVisible();
  await expect(wizard).toHaveCount(0);

  // Refresh: another administrator's change is shown after F5 (and after Ctrl+R).
  await selectSafe(page, open.id);
  for (const key of ['F5', 'ControlOrMeta+r']) {
    const email = await inviteBehindTheAppsBack(api, open.id, `refresh-${key.length}`);
    await search.fill(email);
    await expect(page.getByTestId('member-empty')).toBeVisible();
    await page.keyboard.press(key);
    await expect(page.getByTestId('member-row').filter({ hasText: email })).toHaveAttribute('data-status', 'invited');
  }

  // The shortcuts view lists them with this platform's keys.
  await page.keyboard.press('ControlOrMeta+/');
  const view = page.getByTestId('shortcuts-dialog');
  await expect(view).toBeVisible();
  await expect(view.locator('[data-command="findMembers"]')).toContainText('Ctrl+F');
  await expect(view.locator('[data-command="refresh"]')).toContainText('F5');
  await expect(view.locator('[data-command="refresh"]')).toContainText('Ctrl+R');
  await shot(page, 'shell-en-shortcuts');
  await page.keyboard.press('Escape');
  await expect(view).toBeHidden();

  await page.keyboard.press('ControlOrMeta+Shift+L');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

test('a deep link opens its safe and member after sign-in; foreign links are ignored', async ({ page }) => {
  const api = await adminApi(stack);
  const { items: safes } = await api.call('listTeamSafes');
  const [first, second] = safes;
  const members = await api.call('listMembers', {
    params: { safeId: second!.id },
    query: { status: 'all', limit: 50 },
  });
  const member = members.items.find(
    (each) => each.status === 'activated' && each.email !== stack.server.accounts.admin.email,
  )!;

  // A link that arrives before sign-in waits for it.
  await page.goto(stack.host.issueLink());
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(stack.core.deepLinks.offer(`teamsafeadmin://safe/${second!.id}/member/${member.id}`)).toBe(true);
  await signInAsAdmin(page, stack);
  const picker = page.getByTestId('safe-picker');
  await expect(picker.locator(`[data-safe-id="${second!.id}"]`)).toHaveAttribute('aria-current', 'true');
  await expect(page.getByTestId('member-search')).toHaveValue(member.email);
  const row = page.locator(`[data-testid="member-row"][data-member-id="${member.id}"]`);
  await expect(row).toHaveAttribute('data-linked', 'true');
  await expect(page.getByTestId('deep-link-notice')).toHaveText(/Opened from a link: .+\.\s*Dismiss/);
  await shot(page, 'shell-en-deep-link');

  // While signed in: a new link is taken at once.
  stack.core.deepLinks.offer(`teamsafeadmin://safe/${first!.id}`);
  await expect(picker.locator(`[data-safe-id="${first!.id}"]`)).toHaveAttribute('aria-current', 'true');

  // Foreign or malformed links change nothing.
  for (const raw of ['https://example.com/safe/x', 'teamsafeadmin://safe/../../etc', 'teamsafeadmin://admin/delete']) {
    expect(stack.core.deepLinks.offer(raw)).toBe(false);
  }
  await expect(picker.locator(`[data-safe-id="${first!.id}"]`)).toHaveAttribute('aria-current', 'true');

  // A member who is not (or no longer) in the safe is said so.
  stack.core.deepLinks.offer(`teamsafeadmin://safe/${first!.id}/member/no-such-member`);
  await expect(page.getByTestId('deep-link-notice')).toContainText('no longer in');
  stack.core.deepLinks.offer('teamsafeadmin://safe/not-my-safe');
  await expect(page.getByTestId('deep-link-notice')).toContainText('do not administer');
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('an open row menu closes when its row comes to show someone else', async ({ page }) => {
  const api = await adminApi(stack);
  const open = await demoSafe(api, 'free');
  await signInAsAdmin(page, stack);
  await selectSafe(page, open.id);
  const rows = page.getByTestId('member-row');
  const firstName = (await rows.nth(0).locator('.member-table__cell--name').textContent()) ?? '';
  const second = {
    id: (await rows.nth(1).getAttribute('data-member-id')) ?? '',
    email: ((await rows.nth(1).locator('.member-table__cell--email').textContent()) ?? '').trim(),
  };
  expect(second.id).not.toBe('');

  // The first row's menu, opened from the keyboard; the search is reached without a click (which would close it).
  const button = rows.nth(0).getByTestId('member-actions');
  await button.focus();
  await page.keyboard.press('ArrowDown');
  const menu = page.getByRole('menu');
  await expect(menu).toBeVisible();
  await expect(menu).toHaveAccessibleName(`Actions for ${firstName.trim()}`);
  await page.keyboard.press('ControlOrMeta+f');
  await expect(page.getByTestId('member-search')).toBeFocused();
  await expect(menu).toBeVisible();

  // The search leaves the second member in the first row: the menu for the first is gone.
  await page.keyboard.type(second.email);
  await expect(rows.nth(0)).toHaveAttribute('data-member-id', second.id);
  await expect(menu).toHaveCount(0);
  // The same row's button now names the member it shows, and opens a menu for them.
  await rows.nth(0).getByTestId('member-actions').click();
  await expect(page.getByRole('menu')).toHaveAccessibleName(/^Actions for /);
  await expect(page.getByRole('menu')).not.toHaveAccessibleName(`Actions for ${firstName.trim()}`);
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
});
