/**
 * Axe over every main screen and dialog, walked as an administrator would:
 * sign-in (empty and with errors), the members of a safe (all, invited,
 * searched, a focused row, the Columns menu), every step of the invite
 * wizard, the row actions and their dialogs, and the security-group
 * screens. (The offline banner is checked in offline.spec.ts, which owns a
 * server it can stop.) Then Windows high contrast: in forced colours every
 * focused control shows an outline; and the main screens in the dark
 * theme. The server is shared with the other
 * spec files of the worker: what this walk invites or adds, it revokes or
 * removes again.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, shot, test, type Stack } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';
import { TestApi } from '../helpers/api.ts';

const RUN = Date.now().toString(36);

async function signIn(page: Page, stack: Stack): Promise<void> {
  const admin = stack.server.accounts.admin;
  // Another spec file may have left a different server address in the form.
  await page.getByLabel('Server address').fill(stack.server.url);
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);
}

// The worker's app is shared with other spec files: leave it signed out and in English.
test.afterEach(async ({ stack }) => {
  await stack.core.dispatch('settings:update', { language: 'en' });
  await stack.core.session.signOut();
});

test('sign-in, empty and with errors', async ({ page, stack, openApp }) => {
  const admin = stack.server.accounts.admin;
  await stack.core.session.signOut();
  await openApp();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');

  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill('definitely-wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The e-mail address or password is wrong.');
  await expectAccessible(page, 'sign-in-wrong-password');
  await page.getByLabel('Server address').fill('htp:/nonsense');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter a server address such as https://safe.example.com.')).toBeVisible();
  await expectAccessible(page, 'sign-in-invalid-fields');
  await page.getByLabel('Server address').fill(stack.server.url);
  await page.getByLabel('Password').fill(admin.password);
  await signIn(page, stack);
});

/** Signs in afresh and opens Legal & Compliance (7 of 10 places: room to invite). */
async function openLegal(page: Page, stack: Stack, openApp: () => Promise<void>) {
  const admin = stack.server.accounts.admin;
  const api = await TestApi.signIn(stack.server.url, admin.email, admin.password);
  const legal = (await api.call('listTeamSafes')).items.find((safe) => safe.name === 'Legal & Compliance')!;
  await stack.core.session.signOut();
  await openApp();
  await signIn(page, stack);
  await page.getByTestId('safe-picker').locator(`[data-safe-id="${legal.id}"]`).click();
  const table = page.getByTestId('member-table');
  await expect(table).toHaveAttribute('aria-busy', 'false');
  return { api, legal, table };
}

test('the members of a safe and every step of the invite wizard', async ({ page, stack, openApp }) => {
  test.slow(); // some twenty axe runs
  const { api, legal, table } = await openLegal(page, stack, openApp);
  await expect(table.getByTestId('member-row').first()).toBeVisible();
  await expectAccessible(page, 'members-all');
  await page
    .getByTestId('status-filter')
    .getByRole('radio', { name: /^Invited/ })
    .click();
  await expect(table.getByTestId('member-row').first()).toHaveAttribute('data-status', 'invited');
  await expectAccessible(page, 'members-invited');
  await page.getByTestId('status-filter').getByRole('radio', { name: /^All/ }).click();
  await page.getByTestId('member-search').fill('demo.example');
  await expect(table).toHaveAttribute('data-query', /:demo\.example$/);
  await expect(table).toHaveAttribute('aria-busy', 'false');
  await expectAccessible(page, 'members-search');
  await page.getByTestId('member-search').fill('');
  await expect(table).toHaveAttribute('data-query', /:$/);
  await table.getByTestId('member-row').first().focus();
  await page.keyboard.press('ArrowDown');
  await expect(table.getByTestId('member-row').nth(1)).toBeFocused();
  await expectAccessible(page, 'members-focused-row');
  await page.getByTestId('columns-menu').getByRole('button', { name: 'Columns' }).click();
  await expect(page.getByRole('group', { name: 'Columns shown' })).toBeVisible();
  await expectAccessible(page, 'members-columns-menu');
  await page.keyboard.press('Escape');

  // ---- the invite wizard, every step (by SMS first, then the code shown once)
  const name = `Alba Axe ${RUN}`;
  const email = `alba.axe.${RUN}@example.com`;
  await page.getByTestId('invite-button').click();
  const wizard = page.getByTestId('invite-wizard');
  await expect(wizard.getByLabel('Name')).toBeFocused();
  await expectAccessible(page, 'invite-1-person');
  await page.getByTestId('invite-next').click();
  await expect(wizard.getByText('Required.').first()).toBeVisible();
  await expectAccessible(page, 'invite-1-person-errors');
  await wizard.getByLabel('Name').fill(name);
  await wizard.getByLabel('E-mail address').fill(email);
  await page.getByTestId('invite-next').click();
  await expect(page.getByTestId('invite-step-role')).toBeVisible();
  await expectAccessible(page, 'invite-2-role');
  await wizard.getByRole('radio', { name: 'Viewer', exact: true }).check();
  await page.getByTestId('invite-next').click();
  await expect(page.getByTestId('invite-step-language')).toBeVisible();
  await expectAccessible(page, 'invite-3-language');
  await page.getByTestId('invite-next').click();
  await expect(page.getByTestId('invite-step-code')).toBeVisible();
  await expectAccessible(page, 'invite-4-code');
  await wizard.getByRole('radio', { name: 'Send the code by SMS' }).check();
  await page.getByTestId('country-picker').fill('swi');
  await expect(wizard.getByRole('listbox', { name: 'Countries and regions' })).toBeVisible();
  await expectAccessible(page, 'invite-4-code-sms-country-open');
  await page.getByTestId('country-picker').press('Enter');
  await page.getByTestId('mobile-number').fill('06 6982 0000');
  await page.getByTestId('invite-next').click();
  await expect(page.getByTestId('mobile-number')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'invite-4-code-sms-error');
  await wizard.getByRole('radio', { name: 'Show me the code in the next step' }).check();
  await page.getByTestId('invite-next').click();
  await expect(page.getByTestId('invite-review')).toContainText(email);
  await expectAccessible(page, 'invite-5-review');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('invite-discard')).toBeVisible();
  await expectAccessible(page, 'invite-discard');
  await page.keyboard.press('Escape');
  await wizard.getByRole('button', { name: 'Invite', exact: true }).click();
  await expect(page.getByTestId('security-code')).toBeVisible();
  await expectAccessible(page, 'invite-6-security-code');
  await wizard.getByRole('button', { name: 'Close' }).last().click();
  await expect(wizard).toBeHidden();
  // Leaves the place free again for the other spec files.
  const invited = await api.call('listMembers', { params: { safeId: legal.id }, query: { status: 'all', q: email } });
  await api.call('revokeInvitation', {
    params: { safeId: legal.id, memberId: invited.items[0]!.id },
    headers: { 'if-match': `"${invited.items[0]!.version}"` },
  });
});

test('the row actions menu and its dialogs', async ({ page, stack, openApp }) => {
  test.slow();
  const name = `Rafael Rowe ${RUN}`;
  const email = `rafael.rowe.${RUN}@example.com`;
  const admin = stack.server.accounts.admin;
  const setup = await TestApi.signIn(stack.server.url, admin.email, admin.password);
  const safe = (await setup.call('listTeamSafes')).items.find((each) => each.name === 'Legal & Compliance')!;
  await setup.call('inviteMember', {
    params: { safeId: safe.id },
    headers: { 'idempotency-key': randomUUID() },
    body: { name, email, role: 'viewer', language: 'en', codeDelivery: 'display' },
  });
  const { table } = await openLegal(page, stack, openApp);
  await page.getByTestId('member-search').fill(email);
  await expect(table).toHaveAttribute('data-query', new RegExp(`:${email.replace(/\./g, '\\.')}$`));
  const row = table.getByTestId('member-row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  const dialog = page.getByTestId('member-action-dialog');
  const openAction = async (item: string) => {
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: item }).click();
    await expect(dialog).toBeVisible();
  };
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await expect(page.getByRole('menu')).toBeVisible();
  await expectAccessible(page, 'row-actions-menu');
  await page.keyboard.press('Escape');

  await openAction('Change role…');
  await expectAccessible(page, 'dialog-change-role');
  await dialog.getByRole('radio', { name: 'Editor' }).check();
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(page.getByTestId('member-action-outcome')).toHaveText(/is now Editor\./);
  await expectAccessible(page, 'members-outcome');

  await openAction('Re-send invitation…');
  await expectAccessible(page, 'dialog-resend');
  await dialog.getByRole('button', { name: 'Re-send' }).click();
  await expect(dialog.getByTestId('security-code')).toBeVisible();
  await expectAccessible(page, 'dialog-resend-code');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await openAction('Revoke invitation…');
  await expectAccessible(page, 'dialog-revoke');
  await dialog.getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(page.getByTestId('member-action-outcome')).toContainText(`The invitation of ${name} was revoked.`);

  // Remove is offered for an activated member; the walk only looks at it.
  await page.getByTestId('member-search').fill('');
  await expect(table).toHaveAttribute('data-query', /:$/);
  const activated = table.locator('[data-testid="member-row"][data-status="activated"]').first();
  await activated.getByTestId('member-actions').click();
  await page.getByRole('menuitem', { name: 'Remove from team safe…' }).click();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(page, 'dialog-remove');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
});

test('the security-group screens have no serious accessibility violation', async ({ page, stack, openApp }) => {
  const admin = stack.server.accounts.admin;
  const api = await TestApi.signIn(stack.server.url, admin.email, admin.password);
  const { items: groups } = await api.call('listSecurityGroups');
  // Not the API-keys group: groups.spec.ts counts who is outside that one.
  const group = groups.find((candidate) => !candidate.permissions.includes('apiKeys') && candidate.memberCount > 0)!;
  const inGroup = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 500 } });
  const members = new Set(inGroup.items.map((member) => member.email));
  const { items: everyone } = await api.call('searchUsers', { query: { q: '', limit: 100 } });
  const outsider = everyone.find((user) => !members.has(user.email) && user.email !== admin.email)!;

  await stack.core.session.signOut();
  await openApp();
  await signIn(page, stack);
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  await page.getByTestId('group-rail').locator(`[data-group-id="${group.id}"]`).click();
  const rows = page.getByTestId('group-member-row');
  await expect(rows).toHaveCount(inGroup.items.length);
  await expectAccessible(page, 'groups-members');

  await rows.first().getByRole('button').click();
  await expect(page.getByTestId('user-panel')).toBeVisible();
  await expect(page.getByTestId('user-effective')).toBeVisible();
  await expectAccessible(page, 'groups-user-panel');

  await page.getByTestId('bulk-open').click();
  const dialog = page.getByTestId('bulk-dialog');
  await dialog.getByTestId('bulk-text').fill(`${outsider.email}, not-an-address, nobody.${RUN}@demo.example`);
  await expect(dialog.getByTestId('bulk-summary')).toHaveText('3 entries: 2 valid, 1 invalid, 0 duplicates');
  await expectAccessible(page, 'groups-bulk-preview');
  await dialog.getByTestId('bulk-submit').click();
  await expect(dialog.getByTestId('bulk-result-row')).toHaveCount(3);
  await expectAccessible(page, 'groups-bulk-result');
  await dialog.getByTestId('bulk-close').click();

  await page.locator(`[data-testid="group-member-row"][data-email="${outsider.email}"]`).getByRole('checkbox').check();
  await page.getByTestId('remove-selected').click();
  const confirm = page.getByTestId('remove-dialog');
  await expect(confirm).toContainText(outsider.name);
  await expectAccessible(page, 'groups-remove-dialog');
  await confirm.getByTestId('remove-confirm').click();
  await expect(page.getByTestId('group-notice')).toContainText(`${outsider.name} was removed from ${group.name}.`);

  await page.getByTestId('matrix-link').click();
  await expect(page.getByTestId('matrix-row').first()).toBeVisible();
  await expectAccessible(page, 'groups-matrix');
  await page.getByTestId('matrix-permission').selectOption('apiKeys');
  await expect(page.getByTestId('matrix-total')).toContainText('API Keys');
  await expectAccessible(page, 'groups-matrix-filtered');
});

/** The computed outline of the focused element. */
async function focusOutline(page: Page): Promise<{ style: string; width: number; what: string }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    return {
      style: style.outlineStyle,
      width: parseFloat(style.outlineWidth),
      what: `${element.tagName.toLowerCase()}.${element.className}`,
    };
  });
}

async function expectOutline(page: Page, shown: boolean): Promise<void> {
  const outline = await focusOutline(page);
  if (shown) {
    expect(outline.style, outline.what).not.toBe('none');
    expect(outline.width, outline.what).toBeGreaterThanOrEqual(1);
  } else {
    expect(outline.style, outline.what).toBe('none');
  }
}

test('in forced colours (Windows high contrast) every keyboard focus is an outline', async ({
  page,
  stack,
  openApp,
}) => {
  const admin = stack.server.accounts.admin;
  await stack.core.session.signOut();
  await openApp();
  const emailField = page.getByLabel('E-mail');
  await expect(emailField).toBeVisible();

  // In normal colours this field shows focus with a halo (box-shadow), not an
  // outline; forced colours drop shadows, so there it must be an outline.
  await page.getByLabel('Server address').focus();
  await page.keyboard.press('Tab');
  await expect(emailField).toBeFocused();
  await expectOutline(page, false);
  await page.emulateMedia({ forcedColors: 'active' });
  await expectOutline(page, true);

  await emailField.fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('current-user')).toContainText(admin.name);
  await page
    .getByTestId('safe-picker')
    .getByRole('button', { name: /^Legal/ })
    .click();
  const table = page.getByTestId('member-table');
  await expect(table.getByTestId('member-row').first()).toBeVisible();

  // The safe picker, the status filter, the search field, Columns, a sort button, a resize handle,
  // a member row, its actions button and menu: each reached with the keyboard.
  await page
    .getByTestId('safe-picker')
    .getByRole('button', { name: /^Legal/ })
    .focus();
  await expectOutline(page, true);
  await page.getByTestId('status-filter').getByRole('radio', { name: /^All/ }).focus();
  await expect(page.getByTestId('status-filter').locator('.segmented__option.is-checked')).toHaveCSS(
    'outline-style',
    'solid',
  );
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('member-search')).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Columns' })).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Tab');
  await expect(table.getByRole('button', { name: 'Name' })).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Tab');
  await expect(table.getByRole('separator', { name: 'Resize the Name column' })).toBeFocused();
  await expectOutline(page, true);
  await table.getByRole('separator', { name: 'Resize the Language column' }).focus();
  await page.keyboard.press('Tab');
  const row = table.getByTestId('member-row').first();
  await expect(row).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Tab');
  await expect(row.getByTestId('member-actions')).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem').first()).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Escape');
  await expect(row.getByTestId('member-actions')).toBeFocused();
  await shot(page, 'a11y-forced-colours-members');

  // The invite wizard's fields, in the dialog.
  await page.getByTestId('invite-button').click();
  await expect(page.getByTestId('invite-wizard').getByLabel('Name')).toBeFocused();
  await expectOutline(page, true);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('invite-wizard')).toBeHidden();
});

test('the dark theme has no serious accessibility violation either', async ({ page, stack, openApp }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await stack.core.session.signOut();
  await openApp();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'dark-sign-in');
  await signIn(page, stack);
  await page
    .getByTestId('safe-picker')
    .getByRole('button', { name: /^Finance/ })
    .click();
  await expect(page.getByTestId('member-row').first()).toBeVisible();
  await expectAccessible(page, 'dark-members');
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  await page.getByTestId('group-rail').locator('[data-group-id]').first().click();
  await expect(page.getByTestId('group-member-row').first()).toBeVisible();
  await expectAccessible(page, 'dark-group-members');
  await page.getByTestId('matrix-link').click();
  await expect(page.getByTestId('matrix-row').first()).toBeVisible();
  await expectAccessible(page, 'dark-matrix');
});
