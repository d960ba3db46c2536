/**
 * About and Copy diagnostics (clipboard read back, no secrets in it), and a
 * damaged settings file recovered with a notice, told once.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, shot, startStack, test, type Stack } from './fixtures.ts';
import { chooseLanguage, signInAsAdmin } from './shell-helpers.ts';
import { createKeytarStore, keychainAccount } from '../../electron/core/keychain.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';

let stack: Stack & { stop(): Promise<void> };
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.stop();
});

test('About, from the sign-in screen and the top bar, with versions; Copy diagnostics holds no secret', async ({
  page,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const admin = stack.server.accounts.admin;
  await page.goto(stack.host.issueLink());

  // Signed out: Help › About on the sign-in screen.
  await page.getByTestId('help-menu').click();
  await shot(page, 'shell-en-help-menu');
  await page.getByRole('button', { name: 'About Team Safe Admin' }).click();
  const about = page.getByTestId('about-dialog');
  const row = (key: string) => about.locator(`[data-row="${key}"] dd`);
  await expect(row('electron')).toHaveText('not running in Electron (browser preview)');
  await expect(row('node')).toHaveText(process.versions.node);
  await expect(row('chromium')).toHaveText(/^\d+\.\d+\.\d+\.\d+$/);
  await expect(row('server')).toHaveText(stack.server.url);
  await expect(row('user')).toHaveText('Not signed in');
  await expect(row('logs')).toHaveText(join(stack.dataDir, 'logs'));
  await expect(row('locale')).toHaveText('en-US');
  await page.keyboard.press('Escape');
  await expect(about).toBeHidden();

  // Signed in: from the top bar; the user is named and the copied text has it all.
  await signInAsAdmin(page, stack);
  await page.getByTestId('help-menu').click();
  await page.getByRole('button', { name: 'About Team Safe Admin' }).click();
  await expect(row('user')).toHaveText(`${admin.name} <${admin.email}>`);
  await about.getByRole('button', { name: 'Copy diagnostics' }).click();
  await expect(page.getByTestId('about-status')).toHaveText('Copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  for (const expected of [
    'About Team Safe Admin',
    `Server: ${stack.server.url}`,
    `Signed in as: ${admin.name} <${admin.email}>`,
    `Node.js: ${process.versions.node}`,
    'Electron: not running in Electron (browser preview)',
    `Log files: ${join(stack.dataDir, 'logs')}`,
  ]) {
    expect(copied).toContain(expected);
  }
  const refreshToken = await createKeytarStore(TEST_KEYCHAIN_SERVICE).get(
    keychainAccount(stack.server.url, admin.email),
  );
  expect(refreshToken).toBeTruthy();
  expect(copied).not.toContain(refreshToken!);
  expect(copied).not.toContain(admin.password);
  // No token-like string of any kind (ours are 43 characters of base64url).
  expect(copied).not.toMatch(/[A-Za-z0-9_-]{32,}/);
  await shot(page, 'shell-en-about');
  await about.getByRole('button', { name: 'Close' }).click();

  // The same in French.
  await chooseLanguage(page, 'fr');
  await page.getByTestId('help-menu').click();
  await shot(page, 'shell-fr-help-menu');
  await page.getByRole('button', { name: 'À propos de Team Safe Admin' }).click();
  await expect(row('electron')).toHaveText('hors d’Electron (aperçu dans le navigateur)');
  await expect(about.getByRole('button', { name: 'Copier le diagnostic' })).toBeVisible();
  await shot(page, 'shell-fr-about');
  await page.keyboard.press('Escape');
  await page.keyboard.press('ControlOrMeta+/');
  await expect(page.getByTestId('shortcuts-dialog')).toContainText('Rechercher des membres');
  await shot(page, 'shell-fr-shortcuts');
  await page.keyboard.press('Escape');
  await chooseLanguage(page, 'en');
  await page.getByRole('button', { name: 'Sign out' }).click();
});

test('a damaged settings file is set aside, the defaults apply and the user is told once', async ({ page }) => {
  const damaged = await startStack({
    prepareDataDir: (dir) => writeFileSync(join(dir, 'settings.json'), '{"language": "fr", "cacheEnab'),
  });
  try {
    expect(existsSync(join(damaged.dataDir, 'settings.json'))).toBe(false);
    expect(
      readdirSync(damaged.dataDir).filter((name) => /^settings\.corrupt-\d{8}T\d{6}Z\.json$/.test(name)),
    ).toHaveLength(1);
    await page.goto(damaged.host.issueLink());
    const notice = page.getByTestId('notice-settings_recovered');
    await expect(notice).toContainText('Your settings file could not be read.');
    // The defaults: the language follows the system (this browser: English).
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await shot(page, 'shell-en-settings-recovered');
    await notice.getByRole('button', { name: 'Dismiss' }).click();
    await expect(notice).toHaveCount(0);
    // Told once: a new window does not say it again.
    await page.goto(damaged.host.issueLink());
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(notice).toHaveCount(0);
  } finally {
    await damaged.stop();
  }
});

test('the notice in French', async ({ browser }) => {
  const damaged = await startStack({ prepareDataDir: (dir) => writeFileSync(join(dir, 'settings.json'), '\u0000') });
  const context = await browser.newContext({ locale: 'fr-CH' });
  try {
    const page = await context.newPage();
    await page.goto(damaged.host.issueLink());
    await expect(page.getByTestId('notice-settings_recovered')).toContainText(
      'Votre fichier de réglages était illisible.',
    );
    await shot(page, 'shell-fr-settings-recovered');
  } finally {
    await context.close();
    await damaged.stop();
  }
});
