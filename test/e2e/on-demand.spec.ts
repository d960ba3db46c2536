/**
 * The renderer bundle: the sign-in screen paints from a first chunk
 * without the workspace's heavy parts; the invite wizard with the full phone
 * metadata, and the security-groups panel, load when they are opened; a part
 * whose chunk cannot be loaded says so (translated) and loads on retry.
 */
import type { Page, Response } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** The phone metadata's table of calling codes: in the metadata and in the code that reads it. */
const PHONE_METADATA = 'country_calling_codes';

/** Every script the page loads, with its text, in load order. */
function recordScripts(page: Page): { url: string; text: string }[] {
  const scripts: { url: string; text: string }[] = [];
  page.on('response', (response: Response) => {
    if (response.request().resourceType() !== 'script' || !response.ok()) return;
    void response.text().then(
      (text) => scripts.push({ url: response.url(), text }),
      () => undefined,
    );
  });
  return scripts;
}

const withPhoneMetadata = (scripts: { text: string }[]) =>
  scripts.filter((script) => script.text.includes(PHONE_METADATA));

const languageSelect = (page: Page) => page.getByRole('combobox').filter({ has: page.locator('option[value="en"]') });

/**
 * The worker's core outlives a test: each test here starts in English and signed out, whatever
 * the spec file before left, and leaves it so for the spec files after.
 */
async function signedOutInEnglish(page: Page, openApp: () => Promise<void>): Promise<void> {
  await page.unrouteAll();
  await openApp();
  const user = page.getByTestId('current-user');
  await expect(user.or(page.locator('form.sign-in__form button[type="submit"]'))).toBeVisible();
  await languageSelect(page).selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  if (await user.isVisible()) await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}
test.beforeEach(({ page, openApp }) => signedOutInEnglish(page, openApp));
test.afterEach(({ page, openApp }) => signedOutInEnglish(page, openApp));

test('the wizard, its phone metadata and the groups panel load only when opened', async ({ page, stack, openApp }) => {
  const scripts = recordScripts(page);
  await openApp();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  // The workspace is fetched once sign-in has painted (idle time); nothing loads the phone metadata.
  await expect.poll(() => scripts.some((script) => /\/Workspace-[\w-]+\.js$/.test(script.url))).toBe(true);
  expect(withPhoneMetadata(scripts)).toEqual([]);

  const admin = stack.server.accounts.admin;
  // Other spec files leave their own server address behind in the worker's settings.
  await page.getByLabel('Server address').fill(stack.server.url);
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);
  await page.getByTestId('safe-picker').locator('[data-safe-id="safe-research"]').click();
  await expect(page.getByTestId('member-table')).toHaveAttribute('aria-busy', 'false');
  expect(withPhoneMetadata(scripts)).toEqual([]);
  expect(scripts.some((script) => /\/SecurityGroupsView-[\w-]+\.js$/.test(script.url))).toBe(false);

  await page.getByTestId('invite-button').click();
  await expect(page.getByTestId('invite-wizard')).toBeVisible();
  await expect.poll(() => withPhoneMetadata(scripts).length).toBeGreaterThan(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('invite-wizard')).toBeHidden();

  await page.getByTestId('section-nav').getByRole('button', { name: 'Security groups' }).click();
  await expect(page.getByTestId('security-groups')).toBeVisible();
  expect(scripts.some((script) => /\/SecurityGroupsView-[\w-]+\.js$/.test(script.url))).toBe(true);
});

test('the workspace is fetched only once the sign-in screen is up, not while the app is still loading', async ({
  page,
  openApp,
}) => {
  // Away from the page the set-up left (its own idle fetch of the workspace must not count here).
  await page.goto('about:blank');
  const scripts = recordScripts(page);
  const workspaceFetched = () => scripts.some((script) => /\/Workspace-[\w-]+\.js$/.test(script.url));
  // The settings' answer is held back: the session is known (signed out), the loading screen is up.
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const settingsCalls = new Set<number>();
  await page.routeWebSocket(/\/__preview\/socket$/, (socket) => {
    const host = socket.connectToServer();
    socket.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; channel: string };
      if (call.channel === 'settings:get') settingsCalls.add(call.id);
      host.send(message);
    });
    host.onMessage((message) => {
      const answer = JSON.parse(String(message)) as { id?: number };
      if (answer.id === undefined || !settingsCalls.has(answer.id)) socket.send(message);
      else released.then(() => socket.send(message)).catch(() => undefined);
    });
  });
  try {
    await openApp();
    await expect.poll(() => settingsCalls.size).toBeGreaterThan(0);
    await expect(page.getByRole('button', { name: 'Sign in' })).toHaveCount(0);
    // Idle time while it loads: a fetch now would compete with painting the sign-in screen.
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(() => setTimeout(resolve, 500))));
    expect(workspaceFetched()).toBe(false);
  } finally {
    release();
  }
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect.poll(workspaceFetched).toBe(true);
});

test('a part that cannot be loaded says so in the UI language and loads on retry', async ({ page, stack, openApp }) => {
  await page.route(/\/assets\/SecurityGroupsView-[\w-]+\.js$/, (route) => route.abort('connectionfailed'));
  await openApp();
  const admin = stack.server.accounts.admin;
  // Other spec files leave their own server address behind in the worker's settings.
  await page.getByLabel('Server address').fill(stack.server.url);
  await page.getByLabel('E-mail').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(admin.name);
  await languageSelect(page).selectOption('de');
  await page.getByTestId('section-nav').getByRole('button', { name: 'Sicherheitsgruppen' }).click();

  const alert = page
    .getByRole('alert')
    .filter({ hasText: 'Dieser Teil von Team Safe Admin konnte nicht geladen werden.' });
  await expect(alert).toBeVisible();
  await expect(page.getByTestId('security-groups')).toHaveCount(0);

  await page.unroute(/\/assets\/SecurityGroupsView-[\w-]+\.js$/);
  await alert.getByRole('button', { name: 'Erneut versuchen' }).click();
  await expect(page.getByTestId('security-groups')).toBeVisible();
  await expect(alert).toHaveCount(0);
});
