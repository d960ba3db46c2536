/**
 * The invitation pipeline end to end, each test on a stack of its own (so
 * the places in a safe are known): CSV bulk invite with a dry run, the
 * invitations of a safe and of every safe with an expired and a failed-SMS
 * invitation, bulk re-send and revoke, and Undo (done, and refused after
 * another administrator's change). Screenshots in English and Italian.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y.ts';
import { expect, shot, startStack, test, type Stack } from './fixtures.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';
import { startFaultProxy, type FaultProxy } from '../helpers/proxy.ts';
import { startSeededServer } from '../helpers/server.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { startPreviewHost } from '../../electron/preview/host.ts';
import { parseInvitationCsv } from '../../shared/csv/index.ts';

type OwnStack = Stack & { stop(): Promise<void> };

async function signIn(page: Page, stack: Stack, who: 'admin' | 'safeAdmin' = 'admin'): Promise<void> {
  const account = stack.server.accounts[who];
  await page.goto(stack.host.issueLink());
  const signInButton = page.getByRole('button', { name: 'Sign in' });
  const signedIn = page.getByTestId('current-user');
  await expect(signedIn.or(signInButton)).toBeVisible();
  if (await signInButton.isVisible()) {
    await page.getByLabel('E-mail').fill(account.email);
    await page.getByLabel('Password').fill(account.password);
    await signInButton.click();
  }
  await expect(signedIn).toContainText(account.name);
}

async function setLanguage(page: Page, language: 'en' | 'it'): Promise<void> {
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

async function openSafe(page: Page, safeId: string): Promise<void> {
  await page.getByTestId('safe-picker').locator(`[data-safe-id="${safeId}"]`).click();
  await expect(page.getByTestId('member-table')).toHaveAttribute('aria-busy', 'false');
}

async function openInvitations(page: Page, name: RegExp = /^Invitations$/): Promise<void> {
  await page.getByTestId('safe-views').getByRole('tab', { name }).click();
  await expect(page.getByTestId('invitations-view')).toBeVisible();
}

async function adminApi(stack: Stack, who: 'admin' | 'safeAdmin' = 'admin'): Promise<TestApi> {
  const account = stack.server.accounts[who];
  return TestApi.signIn(stack.server.url, account.email, account.password);
}

async function emailsOf(api: TestApi, safeId: string): Promise<Set<string>> {
  const page = await api.call('listMembers', { params: { safeId }, query: { status: 'all', limit: 500 } });
  return new Set(page.items.map((member) => member.email));
}

const outcomes = (page: Page) =>
  page
    .getByTestId('bulk-invite-row')
    .evaluateAll((rows) => rows.map((row) => [row.getAttribute('data-line'), row.getAttribute('data-outcome')]));

test.describe('CSV bulk invite', () => {
  let stack: OwnStack;
  let folder: string;
  test.beforeAll(async () => {
    stack = await startStack();
    folder = mkdtempSync(join(tmpdir(), 'tsa-e2e-csv-'));
  });
  test.afterAll(async () => {
    await stack.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  test('12 rows: the dry run shows every outcome, fixes are checked again, the real run invites exactly the valid rows', async ({
    page,
  }) => {
    const api = await adminApi(stack);
    const safeId = 'safe-research'; // 21 of 25: four places free
    const before = await emailsOf(api, safeId);
    expect(before.size).toBe(21);

    // Headers in German, separated by semicolons as Excel writes them in a German locale, with a BOM.
    const file = join(folder, 'einladungen.csv');
    const rows = [
      'Name;E-Mail;Rolle;Sprache;Code-Zustellung;Land;Mobilnummer',
      'Ada Valid;ada.valid@csv.example;Viewer;en;;;', // 2: valid, code shown
      'Bea Sms;bea.sms@csv.example;editor;de;sms;CH;079 123 45 67', // 3: valid, SMS
      'Cy Valid;cy.valid@csv.example;viewer;fr;display;;', // 4: valid
      'Ada Again;ADA.VALID@csv.example;viewer;en;;;', // 5: duplicate of line 2
      'Dan Landline;dan.landline@csv.example;viewer;en;sms;CH;044 668 18 00', // 6: fixed-line number
      'Eve Role;eve.role@csv.example;Chef;en;;;', // 7: unknown role
      'Fay Valid;fay.valid@csv.example;viewer;it;;;', // 8: valid
      'Anna Member;anna.muster@demo.example;viewer;de;;;', // 9: already a member
      'Gil Typo;gil.typo@@csv.example;viewer;en;;;', // 10: invalid e-mail
      'Hal Lang;hal.lang@csv.example;viewer;Klingon;;;', // 11: unknown language
      'Ivy Over;ivy.over@csv.example;viewer;en;;;', // 12: valid, but over the limit
      'Jo Abroad;jo.abroad@csv.example;viewer;en;sms;CH;+44 7700 900123', // 13: not a number of that country
    ];
    writeFileSync(file, '\uFEFF' + rows.join('\r\n') + '\r\n');

    await signIn(page, stack);
    await setLanguage(page, 'en');
    await openSafe(page, safeId);
    await openInvitations(page);
    await page.getByTestId('bulk-invite-open').click();
    const dialog = page.getByTestId('bulk-invite-dialog');
    await expect(dialog.getByRole('heading', { level: 2 })).toHaveText(
      'Invite people to Research 研究 from a CSV file',
    );
    // The template, in the UI language, reads back as two example rows.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      dialog.getByTestId('bulk-invite-template').click(),
    ]);
    expect(download.suggestedFilename()).toBe('invitations-template.csv');
    const template = readFileSync(await download.path(), 'utf8');
    expect(template.startsWith('\uFEFFName,E-mail,Role,Language,Code delivery,Country,Mobile number')).toBe(true);
    const readBack = parseInvitationCsv(template);
    expect(readBack.ok ? readBack.rows.map((each) => each.codeDelivery) : readBack.error).toEqual(['display', 'sms']);

    await dialog.getByTestId('bulk-invite-file').setInputFiles(file);
    await expect(dialog.getByTestId('bulk-invite-file-name')).toHaveText('einladungen.csv: 12 rows');
    await expect(dialog.getByTestId('bulk-invite-row')).toHaveCount(12);
    await expect(dialog.getByTestId('bulk-invite-status')).toContainText(
      'Checked with the server. Nothing has been invited yet.',
    );
    expect(await outcomes(page)).toEqual([
      ['2', 'invite'],
      ['3', 'invite'],
      ['4', 'invite'],
      ['5', 'duplicate'],
      ['6', 'invalid'],
      ['7', 'invalid'],
      ['8', 'invite'],
      ['9', 'already_member'],
      ['10', 'invalid'],
      ['11', 'invalid'],
      ['12', 'over_limit'],
      ['13', 'invalid'],
    ]);
    const row = (line: number) => dialog.locator(`[data-testid="bulk-invite-row"][data-line="${line}"]`);
    await expect(row(5)).toContainText('Same e-mail address as line 2');
    await expect(row(6)).toContainText('Mobile number:');
    await expect(row(7)).toContainText('Role: Unknown role.');
    await expect(row(10)).toContainText('E-mail:');
    await expect(row(11)).toContainText('Language: Unknown language.');
    await expect(row(12)).toContainText('Over the member limit');
    await expect(dialog.getByTestId('bulk-invite-confirm')).toHaveText('Invite 4 people');
    await expect(dialog.getByTestId('bulk-invite-places')).toHaveText('4 of 25 places free in this team safe.');
    // The dry run wrote nothing.
    expect(await emailsOf(api, safeId)).toEqual(before);
    await expectAccessible(page, 'pipeline-bulk-invite-dry-run');
    await shot(page, 'pipeline-en-01-bulk-dry-run');

    // Fix the typo inline, and drop a valid row and the one over the limit to keep within the four places.
    await row(10).getByRole('button', { name: 'Edit line 10' }).click();
    const editor = dialog.getByTestId('bulk-invite-editor');
    await editor.locator('[data-column="email"]').fill('gil.fixed@csv.example');
    await expect(row(10)).toHaveAttribute('data-outcome', 'unchecked');
    await expect(dialog.getByTestId('bulk-invite-changed')).toBeVisible();
    await expect(dialog.getByTestId('bulk-invite-confirm')).toBeDisabled();
    await shot(page, 'pipeline-en-02-bulk-edited');
    await row(10).getByRole('button', { name: 'Done' }).click();
    await row(8).getByRole('button', { name: 'Remove line 8' }).click();
    await row(12).getByRole('button', { name: 'Remove line 12' }).click();
    await dialog.getByTestId('bulk-invite-check').click();
    await expect(dialog.getByTestId('bulk-invite-status')).toContainText('Checked with the server.');
    expect(await outcomes(page)).toEqual([
      ['2', 'invite'],
      ['3', 'invite'],
      ['4', 'invite'],
      ['5', 'duplicate'],
      ['6', 'invalid'],
      ['7', 'invalid'],
      ['9', 'already_member'],
      ['10', 'invite'],
      ['11', 'invalid'],
      ['13', 'invalid'],
    ]);
    expect(await emailsOf(api, safeId)).toEqual(before);

    await dialog.getByTestId('bulk-invite-confirm').click();
    const done = dialog.getByTestId('bulk-invite-done');
    await expect(done).toHaveAttribute('data-invited', '4');
    await expect(done).toContainText('4 people invited.');
    await expect(done).toContainText('1 security code was sent by SMS.');
    const after = await emailsOf(api, safeId);
    const added = [...after].filter((email) => !before.has(email)).sort();
    expect(added).toEqual(
      ['ada.valid@csv.example', 'bea.sms@csv.example', 'cy.valid@csv.example', 'gil.fixed@csv.example'].sort(),
    );
    // The codes of the rows whose code is shown, once, with Copy all.
    const codes = dialog.getByTestId('code-row');
    await expect(codes).toHaveCount(3);
    for (const code of await dialog.getByTestId('code-value').allTextContents()) {
      expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    }
    await dialog.getByTestId('codes-copy-all').click();
    await expect(dialog.getByTestId('codes-copy-status')).toContainText(/Copied|could not be copied/);
    await expectAccessible(page, 'pipeline-bulk-invite-done');
    await shot(page, 'pipeline-en-03-bulk-done');
    await dialog.getByTestId('bulk-invite-close').click();

    // The same import in Italian: the file is refused when it has too many rows, with the reason.
    await setLanguage(page, 'it');
    await openInvitations(page, /^Inviti$/);
    const tooMany = join(folder, 'troppe.csv');
    writeFileSync(
      tooMany,
      ['name,email', ...Array.from({ length: 501 }, (_, i) => `P ${i},p${i}@csv.example`)].join('\n'),
    );
    await page.getByTestId('bulk-invite-open').click();
    await dialog.getByTestId('bulk-invite-file').setInputFiles(tooMany);
    await expect(dialog.getByTestId('bulk-invite-problem')).toHaveText(
      'Il file ha 501 righe, ma si possono invitare al massimo 500 persone alla volta. Lo divida in file più piccoli. Nessuno è stato invitato.',
    );
    await dialog.getByTestId('bulk-invite-file').setInputFiles(file);
    await expect(dialog.getByTestId('bulk-invite-row')).toHaveCount(12);
    await expect(dialog.getByTestId('bulk-invite-status')).toContainText('Verificato dal server.');
    // Now the safe is full: the rows already invited are members, the rest has no place.
    await expect(row(2)).toHaveAttribute('data-outcome', 'already_member');
    await expect(row(8)).toHaveAttribute('data-outcome', 'over_limit');
    await shot(page, 'pipeline-it-01-bulk-dry-run');
  });
});

test.describe('the invitation pipeline', () => {
  let stack: OwnStack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack.stop();
  });

  test('expired and failed-SMS invitations, filters, bulk re-send and revoke with per-row results, across safes', async ({
    page,
  }) => {
    const api = await adminApi(stack);
    // A text to this test number is reported undeliverable by the reference gateway.
    await api.call('inviteMember', {
      params: { safeId: 'safe-legal' },
      headers: { 'idempotency-key': randomUUID() },
      body: {
        name: 'Fritz Failed',
        email: 'fritz.failed@pipeline.example',
        role: 'viewer',
        language: 'de',
        codeDelivery: 'sms',
        mobile: { country: 'CH', number: '079 123 00 00' },
      },
    });
    await api.call('inviteMember', {
      params: { safeId: 'safe-legal' },
      headers: { 'idempotency-key': randomUUID() },
      body: {
        name: 'Paula Pending',
        email: 'paula.pending@pipeline.example',
        role: 'editor',
        language: 'en',
        codeDelivery: 'display',
      },
    });

    await signIn(page, stack);
    await setLanguage(page, 'en');
    await openSafe(page, 'safe-legal');
    // The member table tells an invitation whose code no longer works from a pending one, as the pipeline does.
    const statusOf = (text: string) =>
      page.getByTestId('member-table').getByTestId('member-row').filter({ hasText: text }).locator('.badge');
    await expect(statusOf('mohammed.alhassan@demo.example')).toHaveText('Expired');
    await expect(statusOf('mohammed.alhassan@demo.example')).toHaveClass(/badge--expired/);
    await expect(statusOf('mohammed.alhassan@demo.example').locator('..')).toHaveAttribute(
      'title',
      /has expired\. Re-send the invitation/,
    );
    await expect(statusOf('paula.pending@pipeline.example')).toHaveText('Invited');
    await expect(statusOf('paula.pending@pipeline.example')).toHaveClass(/badge--invited/);
    await shot(page, 'pipeline-en-00-members-expired');
    const tabs = page.getByTestId('safe-views');
    // Arrow keys move between the tabs.
    await tabs.getByRole('tab', { name: 'Members' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(tabs.getByRole('tab', { name: 'Invitations' })).toBeFocused();
    await expect(tabs.getByRole('tab', { name: 'Invitations' })).toHaveAttribute('aria-selected', 'true');
    const view = page.getByTestId('invitations-view');
    const rows = view.getByTestId('invitation-row');
    await expect(rows).toHaveCount(4);
    const row = (email: string) => view.locator(`[data-testid="invitation-row"][data-email="${email}"]`);
    // Seeded invitations have no code on record: expired, not pending.
    await expect(row('mohammed.alhassan@demo.example')).toHaveAttribute('data-state', 'expired');
    await expect(row('mohammed.alhassan@demo.example')).toContainText('Expired');
    await expect(row('mohammed.alhassan@demo.example')).toContainText('No code on record');
    await expect(row('fritz.failed@pipeline.example')).toHaveAttribute('data-sms', 'failed');
    await expect(row('fritz.failed@pipeline.example')).toContainText('SMS to +41 79 123 00 00');
    await expect(row('fritz.failed@pipeline.example')).toContainText('Failed');
    await expect(row('paula.pending@pipeline.example')).toHaveAttribute('data-state', 'pending');
    await expect(row('paula.pending@pipeline.example')).toContainText('in 6 days');
    await expect(view.getByTestId('invitations-places')).toHaveText(
      '9 of 10 places taken. Expired invitations hold 2 of them until they are revoked or re-sent.',
    );
    await expectAccessible(page, 'pipeline-invitations');
    await shot(page, 'pipeline-en-04-invitations');

    const filter = view.getByTestId('invitations-filter');
    await filter.getByRole('radio', { name: 'Expired' }).check();
    await expect(rows).toHaveCount(2);
    await filter.getByRole('radio', { name: 'SMS failed' }).check();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-email', 'fritz.failed@pipeline.example');
    await filter.getByRole('radio', { name: 'All' }).check();
    await expect(rows).toHaveCount(4);

    // Re-send two: the expired one gets a new code; the failed SMS went out a moment ago (cool-down).
    await row('mohammed.alhassan@demo.example').getByRole('checkbox').check();
    await row('fritz.failed@pipeline.example').getByRole('checkbox').check();
    await expect(view.getByTestId('invitations-selected')).toHaveText('2 selected');
    await view.getByTestId('invitations-resend').click();
    const confirm = page.getByTestId('invitations-confirm');
    await expect(confirm.getByRole('heading')).toHaveText('Re-send 2 invitations?');
    await confirm.getByTestId('invitations-confirm-submit').click();
    const codes = page.getByTestId('invitations-codes');
    await expect(codes.getByTestId('code-row')).toHaveCount(1);
    await shot(page, 'pipeline-en-05-resend-codes');
    await codes.getByRole('button', { name: 'Close' }).click();
    await expect(view.getByTestId('invitations-summary')).toHaveText(
      '1 invitation re-sent. 1 could not be done: see the Result column.',
    );
    await expect(row('mohammed.alhassan@demo.example').getByTestId('invitation-result')).toHaveAttribute(
      'data-outcome',
      'resent',
    );
    await expect(row('mohammed.alhassan@demo.example')).toHaveAttribute('data-state', 'pending');
    const failed = row('fritz.failed@pipeline.example').getByTestId('invitation-result');
    await expect(failed).toHaveAttribute('data-outcome', 'failed');
    await expect(failed).toContainText('Not done: A text message was sent to this person a moment ago.');
    await shot(page, 'pipeline-en-06-resend-results');

    // Revoke the other expired one; Undo brings it back.
    await row('fritz.failed@pipeline.example').getByRole('checkbox').uncheck();
    await row('francesca.ricci@demo.example')
      .or(rows.filter({ hasText: 'Francesca' }))
      .first()
      .getByRole('checkbox')
      .check();
    await view.getByTestId('invitations-revoke').click();
    await expect(confirm.getByRole('heading')).toHaveText('Revoke 1 invitation?');
    await confirm.getByTestId('invitations-confirm-submit').click();
    await expect(view.getByTestId('invitations-summary')).toHaveText('1 invitation revoked.');
    await expect(rows).toHaveCount(3);
    const toast = page.getByTestId('undo-toast');
    await expect(toast).toContainText(/The invitation of .* was revoked\./);
    await expect(page.getByRole('status').filter({ has: toast })).toBeVisible();
    await expectAccessible(page, 'pipeline-undo-toast');
    await shot(page, 'pipeline-en-07-revoked-undo');
    await toast.getByTestId('undo-button').click();
    await expect(toast).toHaveAttribute('data-outcome', 'done');
    await expect(toast).toContainText('Undone.');
    await expect(rows).toHaveCount(4);

    // Every safe at once.
    await page.getByTestId('section-nav').getByRole('button', { name: 'All invitations' }).click();
    const all = page.getByTestId('invitations-view');
    await expect(all.getByRole('heading', { level: 1 })).toHaveText('Invitations in all your team safes');
    await expect(all.getByTestId('invitation-row').first()).toBeVisible();
    const safes = await all
      .getByTestId('invitation-row')
      .evaluateAll((elements) => elements.map((element) => element.children[2]?.textContent ?? ''));
    expect(new Set(safes)).toEqual(new Set(['Finance', 'Legal & Compliance', 'Research 研究']));
    await shot(page, 'pipeline-en-08-all-invitations');

    await setLanguage(page, 'it');
    await expect(all.getByRole('heading', { level: 1 })).toHaveText('Inviti in tutte le Sue casseforti del team');
    await expectAccessible(page, 'pipeline-all-invitations-it');
    await shot(page, 'pipeline-it-02-all-invitations');
    await page
      .getByTestId('section-nav')
      .getByRole('button', { name: /^(Team safe|Casseforti)/ })
      .click();
    await openInvitations(page, /^Inviti$/);
    await expect(page.getByTestId('invitation-row')).toHaveCount(4);
    await shot(page, 'pipeline-it-03-invitations');
    // Find (Ctrl/Cmd+F) is about members: their view comes forward, with the search focused.
    await page.keyboard.press('ControlOrMeta+f');
    await expect(page.getByTestId('safe-views').getByRole('tab', { name: 'Membri' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    await expect(page.getByTestId('member-search')).toBeFocused();
    // Re-sent: a new code, so the member table says Invited again; the one revoked and restored has none.
    await expect(statusOf('mohammed.alhassan@demo.example')).toHaveText('Invitato');
    await expect(statusOf('Francesca')).toHaveText('Scaduto');
  });
});

test.describe('undo', () => {
  let stack: OwnStack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack.stop();
  });

  test('undo of a removal, and a refused undo after another administrator changed the member', async ({ page }) => {
    const api = await adminApi(stack);
    const luca = await adminApi(stack, 'safeAdmin'); // the other administrator of Legal & Compliance
    await signIn(page, stack);
    await setLanguage(page, 'en');
    await openSafe(page, 'safe-legal');
    const table = page.getByTestId('member-table');
    const soren = table.getByTestId('member-row').filter({ hasText: 'Søren Kierkegaard' });
    await soren.getByRole('button', { name: 'Actions for Søren Kierkegaard' }).click();
    await page.getByRole('menuitem', { name: 'Remove from team safe…' }).click();
    await page.getByTestId('member-action-dialog').getByRole('button', { name: 'Remove', exact: true }).click();
    const toast = page.getByTestId('undo-toast');
    await expect(toast).toContainText('Søren Kierkegaard was removed.');
    await expect(soren).toHaveCount(0);
    // The toast does not take focus; its button is reached with the keyboard.
    await expect(toast.getByTestId('undo-button')).not.toBeFocused();
    await shot(page, 'pipeline-en-09-removed-undo');
    await toast.getByTestId('undo-button').focus();
    await page.keyboard.press('Enter');
    await expect(toast).toHaveAttribute('data-outcome', 'done');
    await expect(soren).toHaveCount(1);
    // The notice about the removal is out of date now, so it is gone.
    await expect(page.getByTestId('member-action-outcome')).toHaveCount(0);
    expect((await emailsOf(api, 'safe-legal')).has('soren.kierkegaard@demo.example')).toBe(true);

    // In Italian: a role change, then Luca changes the same member before Anna's undo.
    await setLanguage(page, 'it');
    const elodie = table.getByTestId('member-row').filter({ hasText: 'Élodie' });
    await elodie.getByRole('button', { name: /Élodie/ }).click();
    await page.getByRole('menuitem', { name: 'Cambia ruolo…' }).click();
    const dialog = page.getByTestId('member-action-dialog');
    await dialog.getByRole('radio', { name: 'Visualizzatore', exact: true }).check();
    await dialog.getByRole('button', { name: 'Cambia ruolo' }).click();
    await expect(toast).toContainText(/Il ruolo di Élodie .* è stato cambiato\./);
    const page1 = await luca.call('listMembers', {
      params: { safeId: 'safe-legal' },
      query: { status: 'all', limit: 50, q: 'Élodie' },
    });
    const member = page1.items[0]!;
    expect(member.role).toBe('viewer');
    await luca.call('changeMemberRole', {
      params: { safeId: 'safe-legal', memberId: member.id },
      headers: { 'if-match': `"${member.version}"` },
      body: { role: 'archivist' },
    });
    await toast.getByTestId('undo-button').click();
    await expect(toast).toHaveAttribute('data-outcome', 'failed');
    await expect(toast).toHaveText(
      /Non è possibile annullare: nel frattempo qualcun altro ha fatto una modifica\. L’elenco mostra ora lo stato attuale\./,
    );
    // The list shows Luca's change, and it stands.
    await expect(elodie).toContainText('Archivista');
    const now = await api.call('getMember', { params: { safeId: 'safe-legal', memberId: member.id } });
    expect(now.role).toBe('archivist');
    await expectAccessible(page, 'pipeline-undo-refused-it');
    await shot(page, 'pipeline-it-04-undo-refused');
  });

  test('undo of a removal from a security group restores the member', async ({ page }) => {
    const api = await adminApi(stack);
    const { items: groups } = await api.call('listSecurityGroups');
    const group = groups.find((each) => each.memberCount > 1)!;
    const members = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 50 } });
    const person = members.items[0]!;

    await signIn(page, stack);
    await setLanguage(page, 'en');
    await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
    await page.getByTestId('group-rail').locator(`[data-group-id="${group.id}"]`).click();
    const row = page.locator(`[data-testid="group-member-row"][data-email="${person.email}"]`);
    await row.getByRole('checkbox', { name: `Select ${person.name}` }).check();
    await page.getByTestId('remove-selected').click();
    await page.getByTestId('remove-dialog').getByTestId('remove-confirm').click();
    await expect(row).toHaveCount(0);
    const toast = page.getByTestId('undo-toast');
    await expect(toast).toContainText(`1 person was removed from ${group.name}.`);
    await toast.getByTestId('undo-button').click();
    await expect(toast).toHaveAttribute('data-outcome', 'done');
    await expect(row).toHaveCount(1);
    await expect(page.getByTestId('group-notice')).toBeEmpty();
    const after = await api.call('listGroupMembers', { params: { groupId: group.id }, query: { limit: 50 } });
    expect(after.items.find((each) => each.userId === person.userId)?.addedAt).toBe(person.addedAt);
    await shot(page, 'pipeline-en-10-group-undo');
  });
});

test.describe('offline', () => {
  // The network between the app and the server is a proxy the test can cut.
  let stack: OwnStack;
  let proxy: FaultProxy;
  test.beforeAll(async () => {
    const server = await startSeededServer({ devEndpoints: true });
    proxy = await startFaultProxy(server.url);
    const dataDir = mkdtempSync(join(tmpdir(), 'tsa-e2e-pipeline-offline-'));
    const core = await createNodeCore({
      dataDir,
      defaultServerUrl: proxy.url,
      locale: 'en-GB',
      keychainService: TEST_KEYCHAIN_SERVICE,
    });
    const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
    stack = {
      server,
      core,
      host,
      dataDir,
      async stop() {
        proxy.fault = null;
        await core.session.signOut();
        await core.dispose();
        await host.close();
        await proxy.close();
        await server.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  });
  test.afterAll(async () => {
    await stack.stop();
  });

  test('without a connection the invitations say they need one, and come back with it', async ({ page }) => {
    await signIn(page, stack);
    await setLanguage(page, 'en');
    await openSafe(page, 'safe-legal');
    await openInvitations(page);
    const view = page.getByTestId('invitations-view');
    await expect(view.getByTestId('invitation-row')).toHaveCount(2);

    proxy.fault = () => ({ kind: 'refuse' });
    await view.getByRole('button', { name: 'Refresh' }).click();
    await expect(view.getByTestId('invitations-offline')).toHaveText(
      'The invitations need a connection to the server: they are not part of the offline copy. They show again when you are back online.',
    );
    await expect(view.getByTestId('invitation-row')).toHaveCount(0);
    await expect(view.getByTestId('invitations-resend')).toBeDisabled();
    await expect(view.getByTestId('bulk-invite-open')).toBeDisabled();
    await expectAccessible(page, 'pipeline-invitations-offline');
    await shot(page, 'pipeline-en-11-offline');
    await setLanguage(page, 'it');
    await expect(view.getByTestId('invitations-offline')).toContainText(
      'Gli inviti richiedono una connessione al server',
    );
    await shot(page, 'pipeline-it-05-offline');

    // The network is back: the window's `online` event makes the app sync at once.
    proxy.fault = null;
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await expect(view.getByTestId('invitations-offline')).toHaveCount(0);
    await expect(view.getByTestId('invitation-row')).toHaveCount(2);
  });
});

test.describe('an administrator of one safe', () => {
  let stack: OwnStack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => {
    await stack.stop();
  });

  test('sees the invitations of the safes they administer only', async ({ page }) => {
    // Luca administers Legal & Compliance (and is an Editor in Finance).
    await signIn(page, stack, 'safeAdmin');
    await setLanguage(page, 'en');
    await page.getByTestId('section-nav').getByRole('button', { name: 'All invitations' }).click();
    const rows = page.getByTestId('invitations-view').getByTestId('invitation-row');
    await expect(rows).toHaveCount(2);
    const safes = await rows.evaluateAll((elements) => elements.map((element) => element.children[2]?.textContent));
    expect(new Set(safes)).toEqual(new Set(['Legal & Compliance']));
  });
});
