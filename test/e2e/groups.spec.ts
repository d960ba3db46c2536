import type { Page } from '@playwright/test';
import { expect, shot, test, type Stack } from './fixtures.ts';
import { TestApi } from '../helpers/api.ts';
import { BULK_TEXT_MAX } from '../../shared/ipc/contract.ts';

type OrgUser = { id: string; name: string; email: string };

async function signIn(page: Page, stack: Stack, openApp: () => Promise<void>): Promise<void> {
  const admin = stack.server.accounts.admin;
  await openApp();
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  const signedIn = page.getByTestId('current-user');
  // The worker's keychain may still hold a session from another spec file.
  await expect(signedIn.or(signInButton)).toBeVisible();
  if (await signInButton.isVisible()) {
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await signInButton.click();
  }
  await expect(signedIn).toContainText(admin.name);
}

async function setLanguage(page: Page, language: 'en' | 'fr'): Promise<void> {
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** The live truth about one group, asked of the server directly. */
async function liveMembers(api: TestApi, groupId: string): Promise<{ count: number; emails: Set<string> }> {
  const page = await api.call('listGroupMembers', { params: { groupId }, query: { limit: 500 } });
  return { count: page.memberCount, emails: new Set(page.items.map((member) => member.email)) };
}

// The worker's app is shared with other spec files: leave it signed out and in English.
test.afterEach(async ({ stack }) => {
  await stack.core.dispatch('settings:update', { language: 'en' });
  await stack.core.session.signOut();
});

test('security groups: add one, bulk-add a pasted list, remove two, read the matrix (en, fr)', async ({
  page,
  stack,
  openApp,
}) => {
  const admin = stack.server.accounts.admin;
  const api = await TestApi.signIn(stack.server.url, admin.email, admin.password);

  // The group that grants API keys, and people of the organisation who are not in it yet.
  const { items: groups } = await api.call('listSecurityGroups');
  const apiKeyGroups = groups.filter((group) => group.permissions.includes('apiKeys'));
  expect(apiKeyGroups).toHaveLength(1);
  const group = apiKeyGroups[0]!;
  const before = await liveMembers(api, group.id);
  const { items: everyone } = await api.call('searchUsers', { query: { q: '', limit: 100 } });
  const outsiders: OrgUser[] = everyone.filter(
    (user) => !before.emails.has(user.email) && user.email !== admin.email && /^[a-z.-]+@/.test(user.email),
  );
  expect(outsiders.length).toBeGreaterThanOrEqual(8);
  const [picked, ...bulkPeople] = outsiders.slice(0, 8) as [OrgUser, ...OrgUser[]];
  const [c1, c2, c3, c4, c5, c6, c7] = bulkPeople as [OrgUser, OrgUser, OrgUser, OrgUser, OrgUser, OrgUser, OrgUser];
  const unknown = 'nobody.here@demo.example';
  expect(everyone.some((user) => user.email === unknown)).toBe(false);

  await signIn(page, stack, openApp);
  await setLanguage(page, 'en');
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  const rail = page.getByTestId('group-rail');
  for (const each of groups) await expect(rail.locator(`[data-group-id="${each.id}"]`)).toBeVisible();
  await rail.locator(`[data-group-id="${group.id}"]`).click();

  const detail = page.getByTestId('group-detail');
  const count = page.getByTestId('group-member-count');
  await expect(detail.getByRole('heading', { level: 1 })).toHaveText(group.name);
  await expect(count).toHaveAttribute('data-count', String(before.count));
  await expect(page.getByTestId('group-permissions')).toContainText('API Keys');
  await expect(page.getByTestId('group-permissions')).toContainText('Generate API keys for scripts and integrations.');
  const rows = page.getByTestId('group-member-row');
  await expect(rows).toHaveCount(before.count);
  await shot(page, 'groups-en-01-group');

  // ---- add one person with the picker (keyboard: type, the first match is active, Enter chooses)
  const picker = page.getByTestId('user-picker-input');
  await picker.fill(picked.email);
  const options = page.getByTestId('user-picker-list').getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(picked.name);
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  await shot(page, 'groups-en-02-picker');
  await picker.press('Enter');
  await expect(picker).toHaveValue(picked.name);
  // Choosing someone shows who they are: their groups and effective permissions.
  const userPanel = page.getByTestId('user-panel');
  await expect(userPanel).toHaveAttribute('data-user-id', picked.id);
  await expect(userPanel.locator('[data-permission="apiKeys"]')).toHaveAttribute('data-has', 'false');
  await page.getByTestId('user-picker-add').click();
  await expect(page.getByTestId('group-notice')).toContainText(`${picked.name} was added to ${group.name}.`);
  await expect(count).toHaveAttribute('data-count', String(before.count + 1));
  await expect(userPanel.locator('[data-permission="apiKeys"]')).toHaveAttribute('data-has', 'true');
  await expect(userPanel.getByTestId('user-groups')).toContainText(group.name);
  expect((await liveMembers(api, group.id)).emails.has(picked.email)).toBe(true);
  await expect(rows).toHaveCount(before.count + 1);
  await shot(page, 'groups-en-03-added-one');

  // ---- bulk add: 12 entries, 2 invalid, 1 duplicate (mixed case), 1 unknown, 1 already a member
  const afterOne = await liveMembers(api, group.id);
  expect(afterOne.count).toBe(before.count + 1);
  const pasted = [
    `${c1.email}, ${c2.name} <${c2.email}>`,
    `${c3.email.toUpperCase()}; ${c4.email},  not-an-address, ${c5.email}`,
    `${c6.email},${c7.email}, ${c2.email.toUpperCase()}, ${unknown}`,
    `jane@@example.ch, ${picked.email}`,
  ].join('\n');
  await page.getByTestId('bulk-open').click();
  const dialog = page.getByTestId('bulk-dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`Add several people to ${group.name}`);
  await dialog.getByTestId('bulk-text').fill(pasted);
  const summary = dialog.getByTestId('bulk-summary');
  await expect(summary).toHaveText('12 entries: 9 valid, 2 invalid, 1 duplicate');
  // the server's dry run: who would really be added (nothing is written yet)
  const check = dialog.getByTestId('bulk-check');
  await expect(check).toHaveAttribute('data-would-add', '7');
  await expect(check).toHaveText(
    'Server check: Would be added: 7, Already a member: 1, No such user: 1, Invalid: 2, Duplicate: 1',
  );
  expect((await liveMembers(api, group.id)).count).toBe(afterOne.count);
  const flags = dialog.getByTestId('bulk-flag');
  await expect(flags).toHaveCount(5);
  await expect(flags.nth(0)).toHaveAttribute('data-status', 'invalid');
  await expect(flags.nth(0)).toContainText('not-an-address');
  await expect(flags.nth(1)).toHaveAttribute('data-status', 'duplicate');
  await expect(flags.nth(1)).toContainText('Same address as entry 2');
  await expect(flags.nth(2)).toHaveAttribute('data-status', 'unknown_user');
  await expect(flags.nth(2)).toContainText('No such user in your organisation');
  await expect(flags.nth(3)).toHaveAttribute('data-status', 'invalid');
  await expect(flags.nth(3)).toContainText('jane@@example.ch');
  await expect(flags.nth(4)).toHaveAttribute('data-status', 'already_member');
  const submit = dialog.getByTestId('bulk-submit');
  await expect(submit).toBeEnabled();
  await expect(submit).toHaveText('Add 7 people');
  await shot(page, 'groups-en-04-bulk-preview');
  await submit.click();

  const result = dialog.getByTestId('bulk-result');
  await expect(result).toBeVisible();
  const resultRows = dialog.getByTestId('bulk-result-row');
  await expect(resultRows).toHaveCount(12);
  const outcomes = await resultRows.evaluateAll((elements) =>
    elements.map((row) => [row.getAttribute('data-email'), row.getAttribute('data-outcome')]),
  );
  expect(outcomes).toEqual([
    [c1.email, 'added'],
    [c2.email, 'added'],
    [c3.email, 'added'],
    [c4.email, 'added'],
    ['', 'invalid'],
    [c5.email, 'added'],
    [c6.email, 'added'],
    [c7.email, 'added'],
    [c2.email, 'duplicate'],
    [unknown, 'unknown_user'],
    ['', 'invalid'],
    [picked.email, 'already_member'],
  ]);
  await expect(resultRows.nth(9)).toContainText('No such user in your organisation');
  await expect(resultRows.nth(11)).toContainText('Already a member');
  await expect(dialog.getByTestId('bulk-added')).toHaveText('7 people added');
  const afterBulk = await liveMembers(api, group.id);
  expect(afterBulk.count).toBe(afterOne.count + 7);
  for (const person of bulkPeople) expect(afterBulk.emails.has(person.email)).toBe(true);
  await expect(dialog.getByTestId('bulk-member-count')).toHaveText(`${group.name} now has ${afterBulk.count} members.`);
  await shot(page, 'groups-en-05-bulk-result');
  await dialog.getByTestId('bulk-close').click();
  await expect(dialog).toBeHidden();
  await expect(count).toHaveAttribute('data-count', String(afterBulk.count));
  await expect(rail.locator(`[data-group-id="${group.id}"]`).getByTestId('group-rail-count')).toHaveAttribute(
    'data-count',
    String(afterBulk.count),
  );
  await expect(rows).toHaveCount(afterBulk.count);

  // ---- remove two selected members, confirming who
  for (const person of [c1, c2]) {
    await page
      .locator(`[data-testid="group-member-row"][data-email="${person.email}"]`)
      .getByRole('checkbox', { name: `Select ${person.name}` })
      .check();
  }
  await expect(page.getByTestId('selection-count')).toHaveText('2 selected');
  await page.getByTestId('remove-selected').click();
  const confirm = page.getByTestId('remove-dialog');
  await expect(confirm.getByRole('heading')).toHaveText(`Remove 2 people from ${group.name}?`);
  await expect(confirm).toContainText(c1.name);
  await expect(confirm).toContainText(c2.name);
  await shot(page, 'groups-en-06-remove-confirm');
  await confirm.getByTestId('remove-confirm').click();
  await expect(confirm).toBeHidden();
  await expect(page.getByTestId('group-notice')).toContainText(`2 people were removed from ${group.name}.`);
  const afterRemove = await liveMembers(api, group.id);
  expect(afterRemove.count).toBe(afterBulk.count - 2);
  expect(afterRemove.emails.has(c1.email) || afterRemove.emails.has(c2.email)).toBe(false);
  await expect(count).toHaveAttribute('data-count', String(afterRemove.count));
  await expect(rows).toHaveCount(afterRemove.count);

  // ---- the matrix: who can create API keys now?
  await page.getByTestId('matrix-link').click();
  const matrix = page.getByTestId('permission-matrix');
  await matrix.getByTestId('matrix-permission').selectOption('apiKeys');
  const withKeys = await api.call('permissionMatrix', { query: { permission: 'apiKeys', limit: 500 } });
  await expect(matrix.getByTestId('matrix-total')).toHaveText(`${withKeys.total} people have API Keys`);
  const matrixRows = matrix.getByTestId('matrix-row');
  await expect(matrixRows).toHaveCount(Math.min(50, withKeys.total));
  const shownEmails = await matrixRows.evaluateAll((elements) => elements.map((row) => row.getAttribute('data-email')));
  expect(shownEmails).toEqual(withKeys.items.slice(0, 50).map((item) => item.user.email));
  expect(shownEmails).not.toContain(c1.email);
  expect(shownEmails).not.toContain(c2.email);
  expect(shownEmails).toContain(c3.email);
  expect(shownEmails).toContain(picked.email);
  // A ✓ says so in words too.
  const c3Cell = matrix.locator(`[data-testid="matrix-row"][data-email="${c3.email}"] td[data-permission="apiKeys"]`);
  await expect(c3Cell).toHaveAttribute('data-has', 'true');
  await expect(c3Cell).toContainText('Yes');
  await expect(matrix.locator('th[data-permission="apiKeys"]')).toContainText('Restricted');
  await shot(page, 'groups-en-07-matrix-api-keys');

  // The removed person: no API keys any more, in the matrix and in their own view.
  await matrix.getByTestId('matrix-permission').selectOption('');
  await matrix.getByTestId('matrix-search').fill(c1.email);
  await expect(matrixRows).toHaveCount(1);
  const c1Cell = matrixRows.first().locator('td[data-permission="apiKeys"]');
  await expect(c1Cell).toHaveAttribute('data-has', 'false');
  await expect(c1Cell).toContainText('No');
  await matrixRows.first().getByRole('button', { name: c1.name }).click();
  await expect(userPanel).toHaveAttribute('data-user-id', c1.id);
  await expect(userPanel.locator('[data-permission="apiKeys"]')).toHaveAttribute('data-has', 'false');
  await expect(userPanel).not.toContainText(group.name);
  const c1Live = await api.call('userPermissions', { params: { userId: c1.id } });
  expect(c1Live.effective).not.toContain('apiKeys');
  await shot(page, 'groups-en-08-matrix-removed-user');

  // ---- French: the same screens, translated, permission names from the catalogue
  await setLanguage(page, 'fr');
  await expect(matrix.getByRole('heading', { level: 1 })).toHaveText('Qui a quelle autorisation');
  await matrix.getByTestId('matrix-search').fill('');
  await matrix.getByTestId('matrix-permission').selectOption('apiKeys');
  await expect(matrix.getByTestId('matrix-total')).toHaveText(`${withKeys.total} personnes ont «\u00a0Clés API\u00a0»`);
  await expect(matrix.locator('th[data-permission="apiKeys"]')).toContainText('Clés API');
  await shot(page, 'groups-fr-01-matrix');

  await rail.locator(`[data-group-id="${group.id}"]`).click();
  await expect(page.getByTestId('group-permissions')).toContainText('Générer des clés API');
  await expect(count).toContainText(`${afterRemove.count} membres`);
  await shot(page, 'groups-fr-02-group');

  await page.getByTestId('bulk-open').click();
  await dialog
    .getByTestId('bulk-text')
    .fill(`${c1.email}, ${c3.email}, pas-une-adresse, ${unknown}, ${c1.email.toUpperCase()}`);
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('5 entrées\u00a0: 3 valables, 1 non valable, 1 doublon');
  await expect(dialog.getByTestId('bulk-check')).toHaveAttribute('data-would-add', '1');
  await expect(dialog.getByTestId('bulk-submit')).toHaveText('Ajouter 1 personne');
  await shot(page, 'groups-fr-03-bulk-preview');
  await dialog.getByTestId('bulk-submit').click();
  await expect(dialog.getByTestId('bulk-added')).toHaveText('1 personne ajoutée');
  await expect(dialog.getByTestId('bulk-result-row').nth(1)).toContainText('Déjà membre');
  const afterFrench = await liveMembers(api, group.id);
  expect(afterFrench.count).toBe(afterRemove.count + 1);
  await shot(page, 'groups-fr-04-bulk-result');
  await dialog.getByTestId('bulk-close').click();
  await expect(count).toHaveAttribute('data-count', String(afterFrench.count));

  await page
    .locator(`[data-testid="group-member-row"][data-email="${c1.email}"]`)
    .getByRole('checkbox', { name: `Sélectionner ${c1.name}` })
    .check();
  await page.getByTestId('remove-selected').click();
  await expect(confirm.getByRole('heading')).toHaveText(`Retirer ${c1.name} de ${group.name}\u202f?`);
  await shot(page, 'groups-fr-05-remove-confirm');
  await confirm.getByTestId('remove-confirm').click();
  await expect(page.getByTestId('group-notice')).toContainText(`${c1.name} a été retiré(e) de ${group.name}.`);
  expect((await liveMembers(api, group.id)).count).toBe(afterRemove.count);
  await expect(userPanel).toHaveAttribute('data-user-id', c1.id);
  await expect(userPanel.locator('[data-permission="apiKeys"]')).toHaveAttribute('data-has', 'false');
  await shot(page, 'groups-fr-06-group-after-remove');
});

test('bulk add refuses what it cannot send, before submit, with the reason', async ({ page, stack, openApp }) => {
  await signIn(page, stack, openApp);
  await setLanguage(page, 'en');
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  // A group granting a permission with sub-rights: they are listed under it, marked as included.
  const admin = stack.server.accounts.admin;
  const api = await TestApi.signIn(stack.server.url, admin.email, admin.password);
  const { items: groups } = await api.call('listSecurityGroups');
  const dropzones = groups.find((group) => group.permissions.includes('dropzoneManager'));
  expect(dropzones).toBeDefined();
  await page.getByTestId('group-rail').locator(`[data-group-id="${dropzones!.id}"]`).click();
  const permissions = page.getByTestId('group-permissions');
  const manager = permissions.locator('li[data-permission="dropzoneManager"]');
  await expect(manager).toContainText('Dropzone Manager');
  await expect(manager.locator('li[data-permission="dropzoneManager.configure"]')).toContainText(
    'Configure dropzonesIncluded',
  );
  await expect(manager.locator('li[data-permission="dropzoneManager.manageRecipients"]')).toContainText(
    'Choose who receives the files sent to a dropzone.',
  );
  await shot(page, 'groups-en-11-sub-rights');

  await page.getByTestId('bulk-open').click();
  const dialog = page.getByTestId('bulk-dialog');
  const text = dialog.getByTestId('bulk-text');
  const submit = dialog.getByTestId('bulk-submit');
  const blocked = dialog.getByTestId('bulk-blocked');

  // Only separators: nothing to add.
  await text.fill(' , ,\n ;; ,');
  await expect(blocked).toHaveText('Paste at least one e-mail address.');
  await expect(submit).toBeDisabled();

  // Names without addresses: no valid entry.
  await text.fill('Jane Doe, John');
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('2 entries: 0 valid, 2 invalid, 0 duplicates');
  await expect(blocked).toHaveText('There is no valid e-mail address to add.');
  await expect(submit).toBeDisabled();

  // 50 valid + 1 invalid = 51 entries: over the limit, the extra one flagged.
  const fifty = Array.from({ length: 50 }, (_, index) => `person${index + 1}@example.ch`);
  await text.fill([...fifty, 'oops'].join(', '));
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('51 entries: 50 valid, 1 invalid, 0 duplicates');
  await expect(blocked).toHaveText('Too many entries: 51, but at most 50 can be added at once. Remove 1 to continue.');
  await expect(submit).toBeDisabled();
  const flag = dialog.getByTestId('bulk-flag').last();
  await expect(flag).toContainText('Entry 51');
  await expect(flag).toContainText('Over the limit of 50 entries.');
  await shot(page, 'groups-en-09-bulk-over-limit');

  // A 1 MB paste: the window says why it cannot be sent, and keeps answering: one more
  // character typed is counted (how fast is the benchmark's business, not a test's).
  const huge = `${'someone@example.ch, '.repeat(Math.ceil(1_048_576 / 20))}`.slice(0, 1_048_576);
  await text.fill(huge);
  await expect(blocked).toContainText('This text is too long to send (1,048,576 characters; at most 60,000).');
  await expect(submit).toBeDisabled();
  await text.press('End');
  await text.press('x');
  expect(huge.length).toBeGreaterThan(BULK_TEXT_MAX);
  await expect(dialog.getByTestId('bulk-summary')).toHaveAttribute('data-pending', 'false');
  await expect(blocked).toContainText('This text is too long to send (1,048,577 characters; at most 60,000).');
  await shot(page, 'groups-en-10-bulk-too-long');

  // Display names and mixed-case repeats are understood.
  await text.fill('Jane Doe <Jane.Doe@Example.ch>, jane.doe@example.ch, "Muster, Max" <max@example.ch>');
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('3 entries: 2 valid, 0 invalid, 1 duplicate');
  // The server's dry run knows neither address in this organisation: nobody would be added.
  await expect(dialog.getByTestId('bulk-check')).toHaveAttribute('data-would-add', '0');
  const flags = dialog.getByTestId('bulk-flag');
  await expect(flags).toHaveCount(3);
  await expect(flags.nth(0)).toHaveAttribute('data-status', 'unknown_user');
  await expect(flags.nth(1)).toContainText('Same address as entry 1');
  await expect(flags.nth(2)).toHaveAttribute('data-status', 'unknown_user');
  await expect(submit).toBeDisabled();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
