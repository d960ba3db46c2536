import { expect, shot, test } from './fixtures.ts';
import { TestApi } from '../helpers/api.ts';
import { createKeytarStore, keychainAccount } from '../../electron/core/keychain.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';

test('sign in, pick a safe, read and filter its members, switch language, sign out', async ({
  page,
  stack,
  openApp,
}) => {
  const admin = stack.server.accounts.admin;
  const api = await TestApi.signIn(stack.server.url, admin.email, admin.password);
  const { items: safes } = await api.call('listTeamSafes');
  expect(safes.length).toBeGreaterThanOrEqual(3);
  const safe = safes.find((candidate) => candidate.memberCount > 5) ?? safes[0]!;
  const all = await api.call('listMembers', { params: { safeId: safe.id }, query: { status: 'all', limit: 500 } });
  const invited = await api.call('listMembers', {
    params: { safeId: safe.id },
    query: { status: 'invited', limit: 500 },
  });
  expect(invited.total).toBeGreaterThan(0);

  await openApp();
  await expect(page.getByLabel('Server address')).toHaveValue(stack.server.url);
  await shot(page, '01-sign-in');

  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);

  // The picker lists exactly the safes the server says this admin administers.
  const picker = page.getByTestId('safe-picker');
  for (const each of safes) await expect(picker.locator(`[data-safe-id="${each.id}"]`)).toBeVisible();
  await picker.locator(`[data-safe-id="${safe.id}"]`).click();

  const rows = page.getByTestId('member-table').getByTestId('member-row');
  await expect(rows).toHaveCount(all.total);
  const shownNames = await rows.evaluateAll((elements) => elements.map((row) => row.textContent ?? ''));
  for (const member of all.items) expect(shownNames.some((text) => text.includes(member.name))).toBe(true);

  const limit = page.getByTestId('member-limit');
  await expect(limit).toHaveAttribute('data-count', String(safe.memberCount));
  await expect(limit).toHaveAttribute('data-limit', String(safe.memberLimit));
  await expect(limit).toContainText(`${safe.memberCount} of ${safe.memberLimit}`);
  await shot(page, '02-members-all');

  await page
    .getByTestId('status-filter')
    .getByRole('radio', { name: /^Invited/ })
    .click();
  await expect(rows).toHaveCount(invited.total);
  for (const status of await rows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-status')))) {
    expect(status).toBe('invited');
  }
  await shot(page, '03-members-invited');

  await page
    .getByTestId('status-filter')
    .getByRole('radio', { name: /^Activated/ })
    .click();
  await expect(rows).toHaveCount(all.counts.activated);

  // Every supported language, with the count in the sidebar still the server's.
  for (const [language, signOut] of [
    ['de', 'Abmelden'],
    ['fr', 'Se déconnecter'],
    ['it', 'Esci'],
  ] as const) {
    await page
      .getByRole('combobox')
      .filter({ has: page.locator('option[value="en"]') })
      .selectOption(language);
    await expect(page.locator('html')).toHaveAttribute('lang', language);
    await expect(page.getByRole('button', { name: signOut })).toBeVisible();
    await shot(page, `04-members-${language}`);
  }
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption('en');

  // Reopening the window (a new page) restores the session from the keychain.
  const account = keychainAccount(stack.server.url, admin.email);
  expect(await createKeytarStore(TEST_KEYCHAIN_SERVICE).get(account)).toBeTruthy();
  await openApp();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await createKeytarStore(TEST_KEYCHAIN_SERVICE).get(account)).toBeNull();
});

test('bad sign-in input gets clear, translated answers', async ({ page, stack, openApp }) => {
  const admin = stack.server.accounts.admin;
  await openApp();
  const alert = page.getByRole('alert');

  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill('definitely-wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alert).toContainText('The e-mail address or password is wrong.');
  await shot(page, '05-wrong-password');

  await page.getByLabel('Server address').fill('htp:/nonsense');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a server address such as https://safe.example.com.')).toBeVisible();
  await shot(page, '06-malformed-server-url');

  await page.getByLabel('Server address').fill('http://127.0.0.1:9');
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(alert).toContainText('The server cannot be reached.');
  await shot(page, '07-unreachable-server');

  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption('de');
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await expect(alert).toContainText('Server');
  await expect(alert).not.toContainText('The server cannot be reached.');
  await shot(page, '08-unreachable-server-de');
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption('en');
});

test('the one-time preview link cannot be reused', async ({ page, stack }) => {
  const link = stack.host.issueLink();
  await page.goto(link);
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  const second = await page.context().newPage();
  await second.context().clearCookies();
  const response = await second.goto(link);
  expect(response?.status()).toBe(403);
});
