/**
 * The activity view and the CSV export in Chromium, against the real
 * server and core: a role change made in the app shows in the safe's
 * activity with before → after, the filters narrow it; a filtered member
 * list exports exactly the rows shown, with a neutralised formula name.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from '@playwright/test';
import { expect, shot, test } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';
import { adminApi, chooseLanguage, selectSafe, signInAsAdmin } from './shell-helpers.ts';

const FORMULA_NAME = "=cmd|' /C calc'!A0";

async function legalSafe(page: Page, stack: Parameters<typeof adminApi>[0]) {
  const api = await adminApi(stack);
  const { items } = await api.call('listTeamSafes');
  const safe = items.find((each) => each.name.startsWith('Legal'))!;
  return { api, safe };
}

test('a role change made in the app shows in the activity, before → after, and the filters narrow it', async ({
  page,
  stack,
}) => {
  const { api, safe } = await legalSafe(page, stack);
  const name = `Marta Activity ${randomUUID().slice(0, 6)}`;
  const email = `marta.${randomUUID().slice(0, 8)}@example.com`;
  await api.call('inviteMember', {
    params: { safeId: safe.id },
    headers: { 'idempotency-key': randomUUID() },
    body: { name, email, role: 'viewer', language: 'it', codeDelivery: 'display' },
  });

  await signInAsAdmin(page, stack);
  await chooseLanguage(page, 'en');
  await selectSafe(page, safe.id);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page.getByTestId('member-search').fill(email);
  // The rows answer the search (until then the list before it is shown, with the member elsewhere).
  const members = page.getByTestId('member-table');
  await expect(members).toHaveAttribute('data-query', new RegExp(`:${email.replace(/\./g, '\\.')}$`));
  const row = members.getByTestId('member-row').filter({ hasText: email });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Change role…' }).click();
  const dialog = page.getByTestId('member-action-dialog');
  await dialog.getByRole('radio', { name: 'Editor' }).check();
  await dialog.getByRole('button', { name: 'Change role' }).click();
  await expect(row).toContainText('Editor');

  // The safe's views are ARIA tabs: End moves to the last one, Activity.
  const tabs = page.getByRole('tablist', { name: /^Views of / });
  await tabs.getByRole('tab', { name: 'Members' }).focus();
  await page.keyboard.press('End');
  await expect(tabs.getByRole('tab', { name: 'Activity' })).toHaveAttribute('aria-selected', 'true');
  await expect(tabs.getByRole('tab', { name: 'Activity' })).toBeFocused();

  const table = page.getByTestId('activity-table');
  const entries = table.getByTestId('activity-row');
  const newest = entries.first();
  await expect(newest).toHaveAttribute('data-action', 'member.roleChanged');
  await expect(newest.getByTestId('activity-action')).toHaveText('Role changed');
  await expect(newest.getByTestId('activity-subject')).toContainText(name);
  await expect(newest.getByTestId('activity-change')).toHaveText('Role: Viewer → Editor');
  await expect(newest.getByTestId('activity-actor')).toHaveText(stack.server.accounts.admin.name);
  await shot(page, 'activity-en');
  await expectAccessible(page, 'activity');

  // Action filter: only role changes, exactly as many as the server has.
  const truth = await api.call('listSafeAudit', {
    params: { safeId: safe.id },
    query: { action: 'member.roleChanged', limit: 500 },
  });
  await page.getByTestId('activity-action-filter').selectOption('member.roleChanged');
  await expect(entries).toHaveCount(truth.items.length);
  for (const action of await entries.evaluateAll((rows) => rows.map((each) => each.getAttribute('data-action')))) {
    expect(action).toBe('member.roleChanged');
  }

  // Member filter (a click on the name): the invitation and the role change, newest first.
  await page.getByTestId('activity-clear').click();
  await newest.getByRole('button', { name: `Show only changes about ${name}` }).click();
  await expect(page.getByTestId('subject-chip')).toHaveText(`About ${name}`);
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(0)).toHaveAttribute('data-action', 'member.roleChanged');
  await expect(entries.nth(1)).toHaveAttribute('data-action', 'member.invited');
  await expect(entries.nth(1).getByTestId('activity-change')).toContainText('Role: — → Viewer');

  // Actor filter on top, then a date range that starts tomorrow: nothing.
  await entries
    .nth(0)
    .getByRole('button', { name: `Show only changes by ${stack.server.accounts.admin.name}` })
    .click();
  await expect(page.getByTestId('actor-chip')).toBeVisible();
  await expect(entries).toHaveCount(2);
  const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
  const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
  await page.getByTestId('activity-from').fill(day);
  await expect(page.getByTestId('activity-empty')).toHaveText('No activity matches these filters.');
  await page.getByTestId('activity-from').fill('');
  await expect(entries).toHaveCount(2);
  await shot(page, 'activity-filtered-en');

  // The activity as filtered exports as shown: two entries, newest first, before → after as JSON.
  await page.getByTestId('activity-export').click();
  const exporting = page.waitForEvent('download');
  await page.getByTestId('export-dialog').getByTestId('export-start').click();
  const activityFile = Papa.parse<string[]>(readFileSync((await (await exporting).path())!, 'utf8').slice(1), {
    skipEmptyLines: true,
  }).data;
  expect(activityFile[0]).toEqual(['Time', 'Changed by', 'Action', 'Person', 'Person’s e-mail', 'Before', 'After']);
  expect(activityFile.slice(1).map((record) => [record[2], record[3], record[4]])).toEqual([
    ['Role changed', name, email],
    ['Invited', name, email],
  ]);
  expect(JSON.parse(activityFile[1]![5]!)).toMatchObject({ role: 'viewer' });
  expect(JSON.parse(activityFile[1]![6]!)).toMatchObject({ role: 'editor' });
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();

  await chooseLanguage(page, 'it');
  await expect(page.getByRole('tab', { name: 'Attività' })).toHaveAttribute('aria-selected', 'true');
  await expect(entries.nth(0).getByTestId('activity-change')).toHaveText('Ruolo: Visualizzatore → Editor');
  await shot(page, 'activity-filtered-it');
  await page.getByTestId('activity-clear').click();
  await expect(entries.first()).toHaveAttribute('data-action', 'member.roleChanged');
  await shot(page, 'activity-it');
  await chooseLanguage(page, 'en');
});

test('a filtered member list exports exactly the rows shown, with the formula name neutralised', async ({
  page,
  stack,
}) => {
  const { api, safe } = await legalSafe(page, stack);
  const email = `formula.${randomUUID().slice(0, 8)}@example.com`;
  await api.call('inviteMember', {
    params: { safeId: safe.id },
    headers: { 'idempotency-key': randomUUID() },
    body: { name: FORMULA_NAME, email, role: 'viewer', language: 'en', codeDelivery: 'display' },
  });

  await signInAsAdmin(page, stack);
  await chooseLanguage(page, 'en');
  await selectSafe(page, safe.id);
  await page.getByRole('button', { name: 'Refresh' }).click();
  await page
    .getByTestId('status-filter')
    .getByRole('radio', { name: /^Invited/ })
    .click();
  const rows = page.getByTestId('member-table').getByTestId('member-row');
  const invited = await api.call('listMembers', {
    params: { safeId: safe.id },
    query: { status: 'invited', limit: 500 },
  });
  await expect(rows).toHaveCount(invited.total);
  const emailOf = new Map(invited.items.map((member) => [member.id, member.email]));
  const shown = (await rows.evaluateAll((each) => each.map((row) => row.getAttribute('data-member-id')))).map((id) =>
    emailOf.get(id!),
  );
  expect(shown).toContain(email);
  const statuses = await rows.locator('.badge').allTextContents();

  await page.getByTestId('export-button').click();
  const dialog = page.getByTestId('export-dialog');
  await expect(dialog).toContainText('The members as shown: the current filter, search and order.');
  await shot(page, 'export-dialog-en');
  await expectAccessible(page, 'export-dialog');
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('export-start').click();
  const download = await downloading;
  await expect(dialog.getByTestId('export-outcome')).toHaveText(
    `Exported ${invited.total} rows to ${download.suggestedFilename()}.`,
  );
  await shot(page, 'export-done-en');

  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const [header, ...records] = parsed.data;
  expect(header).toEqual(['Name', 'E-mail', 'Role', 'Status', 'Language', 'Invited on', 'Activated on', 'Expires on']);
  expect(records.map((record) => record[1])).toEqual(shown);
  // The status as shown: a new invitation "Invited", a seeded one without a code "Expired", with its expiry.
  expect(records.map((record) => record[3])).toEqual(statuses);
  expect(new Set(statuses)).toEqual(new Set(['Invited', 'Expired']));
  expect(records.find((record) => record[1] === email)?.[7]).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(records.find((record) => record[1] === email)?.[0]).toBe(`'${FORMULA_NAME}`);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // In Italian: the dialog and the headers in Italian.
  await chooseLanguage(page, 'it');
  await page.getByTestId('export-button').click();
  await expect(page.getByTestId('export-dialog')).toContainText('I membri come li vede');
  await shot(page, 'export-dialog-it');
  const again = page.waitForEvent('download');
  await page.getByTestId('export-dialog').getByTestId('export-start').click();
  const italian = readFileSync((await (await again).path())!, 'utf8');
  expect(italian.split('\r\n')[0]).toBe('\uFEFFNome,E-mail,Ruolo,Stato,Lingua,Invitato il,Attivato il,Scade il');
  await shot(page, 'export-done-it');
  await page.keyboard.press('Escape');
  await chooseLanguage(page, 'en');
});

test('the organisation’s group history on the groups side, filtered by group and person', async ({ page, stack }) => {
  const api = await adminApi(stack);
  const { items: groups } = await api.call('listSecurityGroups');
  const group = groups.find((each) => each.memberCount > 0)!;
  const other = groups.find((each) => each.id !== group.id)!;
  const { items: members } = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 5 } });
  const person = members[0]!;
  await api.call('removeGroupMembers', { params: { groupId: group.id }, body: { userIds: [person.userId] } });
  await api.call('addGroupMember', { params: { groupId: group.id }, body: { userId: person.userId } });
  await api.call('addGroupMember', { params: { groupId: other.id }, body: { userId: person.userId } });

  await signInAsAdmin(page, stack);
  await chooseLanguage(page, 'en');
  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  await page.getByTestId('group-history-link').click();
  const history = page.getByTestId('group-history');
  await expect(history.getByRole('heading', { name: 'Group history' })).toBeVisible();
  const entries = history.getByTestId('activity-row');
  await expect(entries.first()).toHaveAttribute('data-action', /^group\./);

  await page.getByTestId('history-group-filter').selectOption(group.id);
  await entries.first().waitFor();
  const truth = await api.call('listGroupAudit', { query: { groupId: group.id, limit: 500 } });
  await expect(entries).toHaveCount(truth.items.length);
  await expect(entries.nth(0)).toHaveAttribute('data-action', 'group.memberAdded');
  await expect(entries.nth(0).getByTestId('activity-change')).toHaveText('Member: no → yes');
  await expect(entries.nth(1)).toHaveAttribute('data-action', 'group.memberRemoved');
  await expect(entries.nth(1).getByTestId('activity-change')).toHaveText('Member: yes → no');

  await entries
    .nth(0)
    .getByRole('button', { name: `Show only changes about ${person.name}` })
    .click();
  await expect(entries).toHaveCount(2);
  await page.getByTestId('history-group-filter').selectOption('');
  await expect(entries).toHaveCount(3);
  await shot(page, 'group-history-en');
  await expectAccessible(page, 'group-history');
  await chooseLanguage(page, 'it');
  await expect(history.getByRole('heading', { name: 'Cronologia dei gruppi' })).toBeVisible();
  await shot(page, 'group-history-it');
  await chooseLanguage(page, 'en');

  // A group's members export as the group lists them.
  await page
    .getByTestId('group-rail')
    .getByRole('button', { name: new RegExp(`^${group.name}`) })
    .click();
  const listed = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 500 } });
  await page.getByTestId('group-export').click();
  await expect(page.getByTestId('export-dialog')).toContainText('The members of this group');
  const exporting = page.waitForEvent('download');
  await page.getByTestId('export-dialog').getByTestId('export-start').click();
  const groupFile = Papa.parse<string[]>(readFileSync((await (await exporting).path())!, 'utf8').slice(1), {
    skipEmptyLines: true,
  }).data;
  expect(groupFile[0]).toEqual(['Name', 'E-mail', 'Added on']);
  expect(groupFile.slice(1).map((record) => record[1])).toEqual(listed.items.map((each) => each.email));
  await shot(page, 'group-export-en');
  await page.getByTestId('export-dialog').getByRole('button', { name: 'Close' }).click();
  await page.getByTestId('section-nav').getByRole('button', { name: 'Team safes' }).click();
});
