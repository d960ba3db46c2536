/**
 * The member lifecycle end to end: the invite wizard (code shown once, or sent by SMS),
 * redemption as the invitee would do it, the member table's search, sort
 * and row actions, and Invite disabled at the member limit. The server is
 * shared with the other spec files of the worker: counts are read live and
 * every e-mail address is unique to this run.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, shot, test, type Stack } from './fixtures.ts';
import { TestApi } from '../helpers/api.ts';
import { readOutbox } from '../../server/sms.ts';
import type { Language } from '../../shared/languages.ts';

const RUN = Date.now().toString(36);
let serial = 0;
function uniqueEmail(label: string): string {
  serial += 1;
  return `${label}.${RUN}.${serial}@example.com`;
}

const SIGN_IN_BUTTON = /^(Sign in|Anmelden|Se connecter|Accedi)$/;

async function setLanguage(page: Page, language: Language): Promise<void> {
  await page
    .getByRole('combobox')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** Opens the app signed in as the demo organisation administrator, in `language`. */
async function openAsAdmin(page: Page, stack: Stack, openApp: () => Promise<void>, language: Language) {
  const admin = stack.server.accounts.admin;
  await openApp();
  const user = page.getByTestId('current-user');
  const signIn = page.getByRole('button', { name: SIGN_IN_BUTTON });
  await expect(user.or(signIn)).toBeVisible();
  if ((await user.isVisible()) && !(await user.textContent())?.includes(admin.name)) {
    await page.getByRole('button', { name: /^(Sign out|Abmelden|Se déconnecter|Esci)$/ }).click();
  }
  await setLanguage(page, language);
  if (await signIn.isVisible()) {
    await page.locator('input[type="email"]').fill(admin.email);
    await page.locator('input[type="password"]').fill(admin.password);
    await signIn.click();
  }
  await expect(user).toContainText(admin.name);
}

// The worker's core (and its keychain and settings) outlive a test: leave it
// as the other spec files expect it, in English and signed out.
test.afterEach(async ({ page, openApp }) => {
  await openApp(); // a fresh load: no dialog left open by a failed step
  const user = page.getByTestId('current-user');
  await expect(user.or(page.getByRole('button', { name: SIGN_IN_BUTTON }))).toBeVisible();
  await setLanguage(page, 'en');
  if (await user.isVisible()) await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
});

async function adminApi(stack: Stack): Promise<TestApi> {
  const admin = stack.server.accounts.admin;
  return TestApi.signIn(stack.server.url, admin.email, admin.password);
}

async function safeByName(api: TestApi, name: string) {
  const { items } = await api.call('listTeamSafes');
  const safe = items.find((candidate) => candidate.name === name);
  if (!safe) throw new Error(`no safe named ${name}`);
  return safe;
}

async function openSafe(page: Page, safeId: string): Promise<void> {
  await page.getByTestId('safe-picker').locator(`[data-safe-id="${safeId}"]`).click();
  await expect(page.getByTestId('member-table')).toHaveAttribute('aria-busy', 'false');
}

/** The row of `email` after searching for it (search makes it the only row, however big the safe). */
async function findRow(page: Page, email: string) {
  const search = page.getByTestId('member-search');
  await search.fill(email);
  const table = page.getByTestId('member-table');
  await expect(table).toHaveAttribute('data-query', new RegExp(`:${escape(email)}$`));
  await expect(table).toHaveAttribute('aria-busy', 'false');
  return table.getByTestId('member-row').filter({ hasText: email });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function redeem(stack: Stack, email: string, code: string): Promise<Response> {
  return fetch(`${stack.server.url}/api/v1/invitations/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, code }),
  });
}

test.describe('invite wizard', () => {
  for (const language of ['en', 'de'] as const) {
    test(`(a) invite with a displayed code, redeemed by the invitee [${language}]`, async ({
      page,
      stack,
      openApp,
      context,
    }) => {
      const api = await adminApi(stack);
      const safe = await safeByName(api, 'Research 研究');
      const before = (await api.call('listTeamSafes')).items.find((each) => each.id === safe.id)!;
      expect(before.memberCount).toBeLessThan(before.memberLimit);
      if (language === 'en') await context.grantPermissions(['clipboard-read', 'clipboard-write']);

      await openAsAdmin(page, stack, openApp, language);
      await openSafe(page, safe.id);
      const email = uniqueEmail(`display-${language}`);
      const name = language === 'en' ? `Ada Lovelace ${serial}` : `Jürg Häfliger-Ämmer ${serial}`;
      const wizard = page.getByTestId('invite-wizard');

      await page.getByTestId('invite-button').click();
      await expect(wizard).toBeVisible();
      await expect(wizard.getByRole('list', { name: /Steps of the invitation|Schritte der Einladung/ })).toBeVisible();

      if (language === 'en') {
        // Keyboard only: the wizard starts in the name field, Enter goes on.
        await expect(wizard.getByLabel('Name')).toBeFocused();
        await page.keyboard.press('Enter');
        await expect(wizard.getByText('Required.').first()).toBeVisible();
        await page.keyboard.type(name);
        await page.keyboard.press('Tab');
        await page.keyboard.type('not-an-address');
        await page.keyboard.press('Enter');
        await expect(wizard.getByText('Enter a valid e-mail address, such as name@example.com.')).toBeVisible();
        await expect(wizard.getByLabel('E-mail address')).toBeFocused();
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.type(email);
        await shot(page, 'invite-en-1-person');
        await page.keyboard.press('Enter');

        await expect(page.getByTestId('invite-step-role')).toBeVisible();
        // Capabilities come from the role catalogue, translated.
        const editorOption = page.getByTestId('role-options').locator('label').filter({ hasText: 'Editor' });
        await expect(editorOption).toContainText('Edit files');
        await expect(
          page.getByTestId('role-options').locator('label').filter({ hasText: 'Restricted Viewer' }),
        ).not.toContainText('Download');
        await page.keyboard.press('Enter');
        await expect(wizard.getByText('Choose a role.')).toBeVisible();
        await page.keyboard.press('ArrowDown'); // Administrator → Editor
        await expect(wizard.getByRole('radio', { name: 'Editor' })).toBeChecked();
        await shot(page, 'invite-en-2-role');
        await page.keyboard.press('Enter');

        await expect(page.getByTestId('invite-step-language')).toBeVisible();
        await expect(wizard.getByRole('radio', { name: 'English' })).toBeFocused();
        await page.keyboard.press('ArrowDown');
        await expect(wizard.getByRole('radio', { name: 'German' })).toBeChecked();
        await shot(page, 'invite-en-3-language');
        await page.keyboard.press('Enter');

        await expect(page.getByTestId('invite-step-code')).toBeVisible();
        await expect(wizard.getByRole('radio', { name: 'Show me the code in the next step' })).toBeChecked();
        await shot(page, 'invite-en-4-code');
        await page.keyboard.press('Enter');

        const review = page.getByTestId('invite-review');
        await expect(review).toContainText(name);
        await expect(review).toContainText(email);
        await expect(review).toContainText('Editor');
        await expect(review).toContainText('German');
        await expect(review).toContainText('Shown to you once, after inviting');
        await expect(wizard.getByRole('button', { name: 'Invite', exact: true })).toBeFocused();
        await shot(page, 'invite-en-5-review');
        await page.keyboard.press('Enter');
      } else {
        await wizard.getByLabel('Name').fill(name);
        await wizard.getByLabel('E-Mail-Adresse').fill(email);
        await shot(page, 'invite-de-1-person');
        await wizard.getByRole('button', { name: 'Weiter' }).click();

        await expect(page.getByTestId('invite-step-role')).toBeVisible();
        await expect(page.getByTestId('role-options').locator('label').filter({ hasText: 'Archivar' })).toContainText(
          'Dateien hochladen und hinzufügen',
        );
        await wizard.getByRole('radio', { name: 'Archivar' }).check();
        await shot(page, 'invite-de-2-role');
        await wizard.getByRole('button', { name: 'Weiter' }).click();

        await wizard.getByRole('radio', { name: 'Italienisch' }).check();
        await shot(page, 'invite-de-3-language');
        // Back never loses input.
        await wizard.getByRole('button', { name: 'Zurück' }).click();
        await expect(wizard.getByRole('radio', { name: 'Archivar' })).toBeChecked();
        await wizard.getByRole('button', { name: 'Zurück' }).click();
        await expect(wizard.getByLabel('Name')).toHaveValue(name);
        await expect(wizard.getByLabel('E-Mail-Adresse')).toHaveValue(email);
        for (let step = 0; step < 3; step++) await wizard.getByRole('button', { name: 'Weiter' }).click();

        await expect(wizard.getByRole('radio', { name: 'Code im nächsten Schritt anzeigen' })).toBeChecked();
        await shot(page, 'invite-de-4-code');
        await wizard.getByRole('button', { name: 'Weiter' }).click();

        const review = page.getByTestId('invite-review');
        await expect(review).toContainText(name);
        await expect(review).toContainText('Archivar');
        await expect(review).toContainText('Italienisch');
        await shot(page, 'invite-de-5-review');
        await wizard.getByRole('button', { name: 'Einladen', exact: true }).click();
      }

      const code = page.getByTestId('security-code');
      await expect(code).toBeVisible();
      const securityCode = (await code.getAttribute('data-code')) ?? '';
      expect(securityCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      await expect(wizard).toContainText(
        language === 'en' ? 'through another channel than e-mail' : 'auf einem anderen Weg als per E-Mail',
      );
      await expect(wizard).toContainText(
        language === 'en' ? 'It cannot be shown again' : 'nicht noch einmal angezeigt',
      );
      await wizard.getByRole('button', { name: language === 'en' ? 'Copy code' : 'Code kopieren' }).click();
      const copyStatus = wizard.locator('.code-result__copy-status');
      if (language === 'en') {
        // Through the bridge's clipboard channel; the page may read the clipboard here, so it is cleared again later.
        await expect(copyStatus).toHaveText('Copied — cleared from the clipboard in 60 s.');
        expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(securityCode);
      } else {
        // Without the permission the copy may be refused; either way the admin is told.
        await expect(copyStatus).not.toBeEmpty();
      }
      await shot(page, `invite-${language}-6-done`);
      await wizard
        .getByRole('button', { name: language === 'en' ? 'Close' : 'Schliessen' })
        .last()
        .click();
      await expect(wizard).toBeHidden();

      // The list and the counts refreshed: the invitee is there, invited.
      const row = await findRow(page, email);
      await expect(row).toHaveAttribute('data-status', 'invited');
      await expect(page.getByTestId('member-limit')).toHaveAttribute('data-count', String(before.memberCount + 1));

      // The invitee redeems the code through the API …
      const response = await redeem(stack, email, securityCode);
      expect(response.status).toBe(200);
      // … and after a refresh the row is Activated.
      await page.getByRole('button', { name: language === 'en' ? 'Refresh' : 'Aktualisieren' }).click();
      await expect(row).toHaveAttribute('data-status', 'activated');
      await expect(row).toContainText(language === 'en' ? 'Activated' : 'Aktiviert');
      // A code works once.
      expect((await redeem(stack, email, securityCode)).status).toBe(400);
    });
  }

  test('(b) invite by SMS to a Swiss mobile number: one message whose code redeems', async ({
    page,
    stack,
    openApp,
  }) => {
    const api = await adminApi(stack);
    const safe = await safeByName(api, 'Research 研究');
    const to = '+41791234567';
    const before = readOutbox(stack.server.db, { to }).length;
    const email = uniqueEmail('sms');
    const name = `Noëlle Rochat ${serial}`;

    await openAsAdmin(page, stack, openApp, 'en');
    await openSafe(page, safe.id);
    await page.getByTestId('invite-button').click();
    const wizard = page.getByTestId('invite-wizard');
    await wizard.getByLabel('Name').fill(name);
    await wizard.getByLabel('E-mail address').fill(email);
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: 'Viewer', exact: true }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: 'French' }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();

    await wizard.getByRole('radio', { name: 'Send the code by SMS' }).check();
    // The suggested country comes from the OS locale (en-GB in this stack).
    const country = page.getByTestId('country-picker');
    await expect(country).toHaveValue('United Kingdom (+44)');
    // The number field shows an example mobile number of the chosen country.
    const number = page.getByTestId('mobile-number');
    await expect(number).toHaveAttribute('placeholder', 'e.g. 07400 123456');
    await country.fill('switz');
    const listbox = wizard.getByRole('listbox', { name: 'Countries and regions' });
    await expect(listbox.getByRole('option').first()).toHaveText(/Switzerland\s*\+41/);
    await shot(page, 'invite-en-4-code-sms-country');
    await country.press('Enter');
    await expect(country).toHaveValue('Switzerland (+41)');
    await expect(number).toHaveAttribute('placeholder', 'e.g. 078 123 45 67');

    await number.pressSequentially('0791234567');
    // Formatted as typed.
    await expect(number).toHaveValue('079 123 45 67');
    await expect(wizard).toContainText('The SMS will go to +41 79 123 45 67.');
    await shot(page, 'invite-en-4-code-sms');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('invite-review')).toContainText('By SMS to +41 79 123 45 67');
    await wizard.getByRole('button', { name: 'Invite', exact: true }).click();

    await expect(page.getByTestId('code-sent-to')).toHaveText('Code sent to +41 79 123 45 67.');
    await expect(page.getByTestId('security-code')).toHaveCount(0);
    await shot(page, 'invite-en-6-done-sms');

    const messages = readOutbox(stack.server.db, { to });
    expect(messages).toHaveLength(before + 1);
    const message = messages.at(-1)!;
    expect(message.to).toBe(to);
    expect(message.language).toBe('fr');
    const code = /: ([2-9A-HJ-NP-Z]{8})\./.exec(message.text)?.[1];
    expect(code).toBeTruthy();
    expect((await redeem(stack, email, code!)).status).toBe(200);

    await wizard.getByRole('button', { name: 'Close' }).last().click();
    const row = await findRow(page, email);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toHaveAttribute('data-status', 'activated');
  });

  test('(c) an Italian fixed-line number is refused for SMS; a duplicate e-mail is refused on its step', async ({
    page,
    stack,
    openApp,
  }) => {
    const api = await adminApi(stack);
    const safe = await safeByName(api, 'Research 研究');
    const existing = (
      await api.call('listMembers', { params: { safeId: safe.id }, query: { status: 'all', limit: 1 } })
    ).items[0]!;
    const outboxBefore = readOutbox(stack.server.db).length;
    const countBefore = (await safeByName(api, 'Research 研究')).memberCount;

    await openAsAdmin(page, stack, openApp, 'en');
    await openSafe(page, safe.id);
    await page.getByTestId('invite-button').click();
    const wizard = page.getByTestId('invite-wizard');
    await wizard.getByLabel('Name').fill('Giulia Fissa');
    await wizard.getByLabel('E-mail address').fill(existing.email.toUpperCase());
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(
      wizard.getByText('This e-mail address is already a member of, or invited to, this team safe.'),
    ).toBeVisible();
    await expect(wizard.getByLabel('E-mail address')).toBeFocused();
    await shot(page, 'invite-en-1-person-duplicate');
    await wizard.getByLabel('E-mail address').fill(uniqueEmail('fixed-line'));
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: 'Archivist' }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();
    await wizard.getByRole('radio', { name: 'Italian' }).check();
    await wizard.getByRole('button', { name: 'Next' }).click();

    await wizard.getByRole('radio', { name: 'Send the code by SMS' }).check();
    const country = page.getByTestId('country-picker');
    await country.fill('+39'); // search by calling code
    await expect(wizard.getByRole('listbox').getByRole('option').first()).toHaveText(/Italy\s*\+39/);
    await country.press('Enter');
    await expect(country).toHaveValue('Italy (+39)');
    await page.getByTestId('mobile-number').fill('06 6982 0000');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByTestId('invite-step-code')).toBeVisible();
    await expect(
      wizard.getByText(
        'This is not a mobile number, and an SMS needs one. Enter a mobile number, or choose to show the code instead.',
      ),
    ).toBeVisible();
    await expect(page.getByTestId('mobile-number')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('mobile-number')).toBeFocused();
    await shot(page, 'invite-en-4-not-mobile');

    // Letters are refused too.
    await page.getByTestId('mobile-number').fill('06 CALL ME');
    await wizard.getByRole('button', { name: 'Next' }).click();
    await expect(wizard.getByText('This is not a valid phone number.')).toBeVisible();

    // Esc with answers entered asks first; keeping them keeps them.
    await page.keyboard.press('Escape');
    const discard = page.getByTestId('invite-discard');
    await expect(discard).toBeVisible();
    await expect(discard.getByRole('button', { name: 'Keep editing' })).toBeFocused();
    await shot(page, 'invite-en-discard');
    await page.keyboard.press('Escape');
    await expect(discard).toBeHidden();
    await expect(page.getByTestId('mobile-number')).toHaveValue('06 CALL ME');
    await page.keyboard.press('Escape');
    await discard.getByRole('button', { name: 'Discard' }).click();
    await expect(wizard).toBeHidden();
    await expect(page.getByTestId('invite-button')).toBeFocused();

    // Nothing was stored or sent.
    expect(readOutbox(stack.server.db).length).toBe(outboxBefore);
    expect((await safeByName(api, 'Research 研究')).memberCount).toBe(countBefore);
  });
});

test.describe('member table', () => {
  test('(d) change a role (also against a stale version), re-send, and remove a member', async ({
    page,
    stack,
    openApp,
  }) => {
    const api = await adminApi(stack);
    const safe = await safeByName(api, 'Legal & Compliance');
    const email = uniqueEmail('lifecycle');
    const name = `Dora Lifecycle ${serial}`;
    const invited = await api.call('inviteMember', {
      params: { safeId: safe.id },
      headers: { 'idempotency-key': randomUUID() },
      body: { name, email, role: 'viewer', language: 'en', codeDelivery: 'display' },
    });
    const memberId = invited.member.id;

    await openAsAdmin(page, stack, openApp, 'en');
    await openSafe(page, safe.id);
    // Invited behind the app's back: Refresh fetches what the server has now.
    await page.getByRole('button', { name: 'Refresh' }).click();
    const row = await findRow(page, email);
    await expect(row).toContainText('Viewer');

    // Change role: Viewer → Editor.
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Change role…' }).click();
    const dialog = page.getByTestId('member-action-dialog');
    await expect(dialog).toContainText(`Change the role of ${name}`);
    await expect(dialog.getByRole('radio', { name: /^Viewer/ })).toBeChecked();
    await dialog.getByRole('radio', { name: 'Editor' }).check();
    await shot(page, 'member-change-role');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByTestId('member-action-outcome')).toHaveText(/The role of .* is now Editor\./);
    await expect(row).toContainText('Editor');
    let member = await api.call('getMember', { params: { safeId: safe.id, memberId } });
    expect(member.role).toBe('editor');

    // Someone else changes the member meanwhile: the stale edit is refused and the list reloads.
    await api.call('changeMemberRole', {
      params: { safeId: safe.id, memberId },
      headers: { 'if-match': `"${member.version}"` },
      body: { role: 'archivist' },
    });
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Change role…' }).click();
    await dialog.getByRole('radio', { name: 'Restricted Viewer' }).check();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await expect(page.getByTestId('member-action-outcome')).toContainText(
      `${name} was changed by someone else in the meantime.`,
    );
    await expect(row).toContainText('Archivist');
    await shot(page, 'member-changed-elsewhere');
    member = await api.call('getMember', { params: { safeId: safe.id, memberId } });
    expect(member.role).toBe('archivist');

    // Re-send: a new code, shown once; the old one stops working.
    await row.getByRole('button', { name: `Actions for ${name}` }).press('Enter');
    await expect(page.getByRole('menuitem', { name: 'Change role…' })).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menuitem', { name: 'Re-send invitation…' })).toBeFocused();
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Re-send' }).click();
    const newCode = (await dialog.getByTestId('security-code').getAttribute('data-code')) ?? '';
    expect(newCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    await shot(page, 'member-resend-code');
    await dialog.getByRole('button', { name: 'Close' }).click();
    expect((await redeem(stack, email, invited.securityCode!)).status).toBe(400);
    expect((await redeem(stack, email, newCode)).status).toBe(200);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await expect(row).toHaveAttribute('data-status', 'activated');

    // Remove, after a confirmation that names the person.
    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Remove from team safe…' }).click();
    await expect(dialog).toContainText(`Remove ${name} from Legal & Compliance?`);
    await expect(dialog).toContainText(email);
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await shot(page, 'member-remove-confirm');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(page.getByTestId('member-action-outcome')).toContainText(`${name} was removed from the team safe.`);
    await expect(page.getByTestId('member-empty')).toContainText(`No member matches “${email}”.`);
    const after = await api.call('listMembers', {
      params: { safeId: safe.id },
      query: { status: 'all', q: email },
    });
    expect(after.total).toBe(0);
    await expect(api.call('getMember', { params: { safeId: safe.id, memberId } })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  test('search by name or e-mail, and sort by a column', async ({ page, stack, openApp }) => {
    const api = await adminApi(stack);
    const safe = await safeByName(api, 'Research 研究');
    const byNameDesc = await api.call('listMembers', {
      params: { safeId: safe.id },
      query: { status: 'all', sort: 'name', dir: 'desc', limit: 1 },
    });
    const byRole = await api.call('listMembers', {
      params: { safeId: safe.id },
      query: { status: 'all', sort: 'role', dir: 'asc', limit: 1 },
    });

    await openAsAdmin(page, stack, openApp, 'en');
    await openSafe(page, safe.id);
    const table = page.getByTestId('member-table');
    const rows = table.getByTestId('member-row');

    await page.getByTestId('member-search').fill('zoe');
    await expect(table).toHaveAttribute('data-query', /:zoe$/);
    await expect(table).toHaveAttribute('aria-busy', 'false');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('Zoë Müller');
    await shot(page, 'members-search');
    await page.getByTestId('member-search').fill('');
    await expect(table).toHaveAttribute('data-query', /:$/);

    const nameHeader = table.getByRole('columnheader', { name: 'Name' });
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
    await nameHeader.getByRole('button').click();
    await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
    await expect(table).toHaveAttribute('aria-busy', 'false');
    await expect(rows.first()).toHaveAttribute('data-member-id', byNameDesc.items[0]!.id);

    const roleHeader = table.getByRole('columnheader', { name: 'Role' });
    await roleHeader.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(roleHeader).toHaveAttribute('aria-sort', 'ascending');
    await expect(nameHeader).not.toHaveAttribute('aria-sort');
    await expect(table).toHaveAttribute('aria-busy', 'false');
    await expect(rows.first()).toHaveAttribute('data-member-id', byRole.items[0]!.id);
    await shot(page, 'members-sorted-by-role');
    await nameHeader.getByRole('button').click(); // back to the default order for later tests
    await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  });

  for (const language of ['en', 'de'] as const) {
    test(`(e) a safe at its member limit has Invite disabled, with the reason [${language}]`, async ({
      page,
      stack,
      openApp,
    }) => {
      const api = await adminApi(stack);
      let safe = await safeByName(api, 'Finance');
      // Shared server: fill it up if another spec freed a place.
      while (safe.memberCount < safe.memberLimit) {
        await api.call('inviteMember', {
          params: { safeId: safe.id },
          headers: { 'idempotency-key': randomUUID() },
          body: {
            name: 'Filler',
            email: uniqueEmail('filler'),
            role: 'viewer',
            language: 'en',
            codeDelivery: 'display',
          },
        });
        safe = await safeByName(api, 'Finance');
      }

      await openAsAdmin(page, stack, openApp, language);
      await openSafe(page, safe.id);
      await expect(page.getByTestId('invite-button')).toBeDisabled();
      const reason = page.getByTestId('invite-disabled-reason');
      await expect(reason).toBeVisible();
      await expect(reason).toContainText(
        language === 'en'
          ? `Inviting is not possible: ${safe.memberCount} of ${safe.memberLimit} places are taken.`
          : `Einladen ist nicht möglich: ${safe.memberCount} von ${safe.memberLimit} Plätzen sind belegt.`,
      );
      const describedBy = await page.getByTestId('invite-button').getAttribute('aria-describedby');
      expect(describedBy).toBe(await reason.getAttribute('id'));
      await shot(page, `invite-disabled-limit-${language}`);
    });
  }
});
