/**
 * Managed installs end to end: a machine policy in place, as IT rolls it out. The
 * preview core reads a real root-owned policy file with the Linux reader
 * (pointed at a test folder by the test-only `policyFile` option) and
 * watches it; the renderer in Chromium shows what it decides.
 */
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible } from './a11y.ts';
import { expect, shot, startStack, test, type Stack } from './fixtures.ts';
import { POLICIES } from '../../shared/policy/catalog.ts';

let stack: Stack & { stop(): Promise<void> };
let folder: string;
let policyFile: string;

/** Replaces the policy file the way a deployment tool does: a new file renamed over the old one. */
function writePolicy(policy: Record<string, unknown>): void {
  const temp = `${policyFile}.new`;
  writeFileSync(temp, JSON.stringify(policy, null, 2), { mode: 0o644 });
  renameSync(temp, policyFile);
}

test.beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'tsa-e2e-policy-'));
  mkdirSync(join(folder, 'etc'));
  policyFile = join(folder, 'etc', 'policy.json');
  // The server's own address is only known once it runs: start, then write the policy before the page opens.
  stack = await startStack({ policyFile });
  writePolicy({
    ServerUrl: stack.server.url,
    ServerUrlLocked: true,
    Language: 'de',
    SmsCountries: ['CH', 'LI'],
    CacheMaxAgeDays: 14,
    IdleSignOutMinutes: 30,
    UpdateMode: 'sideways',
  });
  // The core watches the file: wait until it has read this one.
  await expect
    .poll(async () => {
      const result = await stack.core.dispatch('policy:get', {});
      return result.ok
        ? (result.value as { effective: { ServerUrl: { source: string } } }).effective.ServerUrl.source
        : null;
    })
    .toBe('machine');
});
test.afterAll(async () => {
  await stack.stop();
  rmSync(folder, { recursive: true, force: true });
});

test('a machine policy: server locked, language preset, SMS countries limited, every policy in About, changes applied live', async ({
  page,
}) => {
  const admin = stack.server.accounts.admin;
  await page.goto(stack.host.issueLink());

  // Sign-in in German (the preset), the server address filled in and locked with the organisation's mark.
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const server = page.getByLabel('Serveradresse');
  await expect(server).toHaveValue(stack.server.url);
  await expect(server).toHaveAttribute('readonly', '');
  await expect(page.getByTestId('managed-mark')).toHaveText('Von Ihrer Organisation festgelegt');
  await expect(server).toHaveAccessibleDescription(/Von Ihrer Organisation festgelegt/);
  await shot(page, 'managed-de-1-sign-in');

  // About, signed out: every catalogue policy with its value and source; the bad value named.
  await page.getByTestId('help-menu').click();
  await page.getByRole('button', { name: 'Über Team Safe Admin' }).click();
  const policies = page.getByTestId('about-policies');
  for (const def of POLICIES) await expect(policies.locator(`tr[data-policy="${def.key}"]`)).toHaveCount(1);
  await expect(policies.locator('tr[data-policy="ServerUrl"]')).toContainText(stack.server.url);
  await expect(policies.locator('tr[data-policy="ServerUrl"]')).toContainText('Computerrichtlinie');
  await expect(policies.locator('tr[data-policy="SmsCountries"]')).toContainText('CH, LI');
  await expect(policies.locator('tr[data-policy="CacheEnabled"]')).toContainText('Standard');
  await expect(policies.locator('tr[data-policy="UpdateMode"]')).toContainText('Ignoriert: der Wert ist ungültig');
  await expect(page.getByTestId('policy-sources')).toContainText(`${policyFile} — angewendet`);
  await shot(page, 'managed-de-2-about');
  await expectAccessible(page, 'managed about with policies');
  await page.keyboard.press('Escape');

  // The preset is the user's to change: English.
  await page
    .locator('select')
    .filter({ has: page.locator('option[value="en"]') })
    .selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('managed-mark')).toHaveText('Set by your organisation');
  await shot(page, 'managed-en-1-sign-in');

  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);

  // The SMS country picker offers only what the organisation allows, and suggests one of them.
  const { items } = await stack.core.dispatch('safes:list', {}).then((result) => {
    if (!result.ok) throw new Error(result.error.code);
    return result.value as { items: { id: string; memberCount: number; memberLimit: number }[] };
  });
  const safe = items.find((each) => each.memberCount < each.memberLimit)!;
  await page.getByTestId('safe-picker').locator(`[data-safe-id="${safe.id}"]`).click();
  await page.getByTestId('invite-button').click();
  const wizard = page.getByTestId('invite-wizard');
  await wizard.getByLabel('Name').fill('Jonas Frick');
  await wizard.getByLabel('E-mail address').fill(`jonas.frick.${Date.now()}@example.li`);
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('radio', { name: 'Viewer', exact: true }).check();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('button', { name: 'Next' }).click();
  await wizard.getByRole('radio', { name: 'Send the code by SMS' }).check();
  const country = page.getByTestId('country-picker');
  await expect(country).toHaveValue('Switzerland (+41)'); // en-GB would suggest the UK: not allowed here
  await expect(wizard.getByTestId('sms-countries-limited')).toHaveText(
    'Your organisation allows SMS only to numbers of Liechtenstein and Switzerland.',
  );
  await country.fill('');
  await country.press('ArrowDown');
  const options = wizard.getByRole('listbox', { name: 'Countries and regions' }).getByRole('option');
  await expect(options).toHaveText([/Liechtenstein\s*\+423/, /Switzerland\s*\+41/]);
  await shot(page, 'managed-en-2-sms-countries');
  await expectAccessible(page, 'managed invite SMS countries');
  await country.press('Escape');
  await page.keyboard.press('Escape');
  const discard = page.getByRole('button', { name: /^Discard/ });
  if (await discard.isVisible()) await discard.click();
  await expect(wizard).toBeHidden();

  // Settings: the cap and the organisation's marks.
  await page.getByTestId('open-settings').click();
  const settings = page.getByTestId('settings-dialog');
  await expect(settings.getByTestId('managed-mark')).toHaveText([
    'Pre-set by your organisation',
    'Your organisation allows at most 14 days',
    'Set by your organisation',
  ]);
  await expect(settings.getByLabel('Hide offline data older than (days)')).toHaveValue('14');
  await expect(settings.getByTestId('settings-idle')).toContainText(
    'You are signed out after 30 minutes without activity.',
  );
  await shot(page, 'managed-en-3-settings');
  await expectAccessible(page, 'managed settings');
  await settings.getByLabel('Hide offline data older than (days)').fill('20');
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(settings).toContainText('Your organisation allows at most 14.');
  await settings.getByRole('button', { name: 'Close' }).click();

  // IT changes the policy while the app runs: the language is now locked to German, the offline copy off.
  writePolicy({
    ServerUrl: stack.server.url,
    ServerUrlLocked: true,
    Language: 'de',
    LanguageLocked: true,
    SmsCountries: ['CH'],
    CacheEnabled: false,
  });
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  const language = page.locator('select').filter({ has: page.locator('option[value="en"]') });
  await expect(language).toBeDisabled();
  await expect(language).toHaveAccessibleDescription('Von Ihrer Organisation festgelegt');
  await page.getByTestId('open-settings').click();
  await expect(
    settings.getByLabel('Eine verschlüsselte Offline-Kopie der Mitgliederlisten behalten'),
  ).not.toBeChecked();
  await expect(settings.getByLabel('Eine verschlüsselte Offline-Kopie der Mitgliederlisten behalten')).toBeDisabled();
  await shot(page, 'managed-de-3-settings-after-change');
  await settings.getByRole('button', { name: 'Schliessen' }).click();
  await page.getByRole('button', { name: 'Abmelden' }).click();
  await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
});
