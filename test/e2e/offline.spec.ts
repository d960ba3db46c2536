/**
 * Offline review end to end: its own server (stopped and restarted on the
 * same database and port), its own core and preview host with the app's
 * background sync. Nothing here forces a sync: the copy is made by the
 * background sync after sign-in, and coming back is triggered by the
 * browser's `online` event, as in the app.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { startPreviewHost, type PreviewHost } from '../../electron/preview/host.ts';
import { createLogger } from '../../electron/core/log.ts';
import type { Core } from '../../electron/core/core.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_KEYCHAIN_SERVICE, invoke } from '../helpers/core.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';
import { shot } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';

interface Stack {
  dir: string;
  dbPath: string;
  port: number;
  url: string;
  server: RunningServer | null;
  open(): Promise<{ core: Core; host: PreviewHost }>;
}

async function stack(): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-e2e-offline-'));
  const dbPath = join(dir, 'server.db');
  const db = openDatabase(dbPath);
  await seedDemo(db, { passwordCost: TEST_PASSWORD_COST });
  db.close();
  const server = await startServer({ dbPath, port: 0, log: () => {}, passwordCost: TEST_PASSWORD_COST });
  const url = `http://127.0.0.1:${server.port}`;
  const quiet = createLogger(() => {});
  return {
    dir,
    dbPath,
    port: server.port,
    url,
    server,
    async open() {
      const core = await createNodeCore({
        dataDir: join(dir, 'app'),
        defaultServerUrl: url,
        locale: 'en-GB',
        log: quiet,
        keychainService: TEST_KEYCHAIN_SERVICE,
      });
      const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
      return { core, host };
    },
  };
}

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('E-mail').fill(DEMO_ACCOUNTS.admin.email);
  await page.getByLabel('Password').fill(DEMO_ACCOUNTS.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function close(app: { core: Core; host: PreviewHost }): Promise<void> {
  await app.host.close();
  await app.core.dispose();
}

base('offline: cached members with their age, read-only; back online: what changed', async ({ page, context }) => {
  const env = await stack();
  let app = await env.open();
  try {
    await page.goto(app.host.issueLink());
    await signIn(page);
    const picker = page.getByTestId('safe-picker');
    await expect(picker.getByRole('button').first()).toBeVisible();
    const safeCount = await picker.getByRole('button').count();
    const rows = page.getByTestId('member-table').getByTestId('member-row');

    // Open two safes online; Finance is the one opened last.
    await picker.getByRole('button', { name: /^Legal/ }).click();
    await expect(rows.first()).toBeVisible();
    const legalNames = await rows.evaluateAll((elements) => elements.map((row) => row.textContent ?? ''));
    await picker.getByRole('button', { name: /^Finance/ }).click();
    await expect(rows.first()).toBeVisible();
    // The background sync after sign-in keeps a copy of every administered safe, opened or not.
    await expect.poll(async () => (await invoke(app.core, 'sync:status', {})).safes.length).toBe(safeCount);

    // The server goes away; the app is restarted without it.
    await env.server!.close();
    env.server = null;
    await close(app);
    app = await env.open();
    await page.goto(app.host.issueLink());
    const banner = page.getByTestId('offline-banner');
    await expect(banner).toContainText('Offline');
    await expect(banner).toContainText(/Showing data saved (just now|\d+ minutes? ago) \(/);
    // The safe opened last is open again, with its saved members.
    await expect(page.getByRole('heading', { level: 1, name: /^Finance/ })).toBeVisible();
    await expect(rows.first()).toBeVisible();
    await expect(page.getByText('The team safes could not be loaded')).toHaveCount(0);
    await picker.getByRole('button', { name: /^Legal/ }).click();
    await expect(rows).toHaveCount(legalNames.length);
    await expect(page.getByTestId('safe-age').first()).toContainText(/saved (just now|\d+ minutes? ago)/);
    await expect(page.getByRole('button', { name: 'Invite' })).toBeDisabled();
    await expect(
      page.getByText('You are offline. Changes are possible again when the connection returns.').first(),
    ).toBeVisible();
    // The row actions are unavailable, look it, and say why to keyboard and screen-reader users too.
    const actions = rows.first().getByTestId('member-actions');
    await expect(actions).toHaveAttribute('aria-disabled', 'true');
    await expect(actions).toHaveAccessibleDescription('Read-only until the connection returns.');
    await actions.focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.getByRole('menu')).toHaveCount(0);
    await shot(page, 'offline-1-banner');
    await expectAccessible(page, 'offline-banner');

    // Meanwhile, on the server: one person invited to Legal, one invitation revoked.
    env.server = await startServer({
      dbPath: env.dbPath,
      port: env.port,
      log: () => {},
      passwordCost: TEST_PASSWORD_COST,
    });
    const api = await TestApi.signIn(env.url, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    const legal = (await api.call('listTeamSafes')).items.find((safe) => safe.name.startsWith('Legal'))!;
    const invited = (await api.call('listMembers', { params: { safeId: legal.id }, query: { status: 'invited' } }))
      .items[0]!;
    await api.call('revokeInvitation', {
      params: { safeId: legal.id, memberId: invited.id },
      headers: { 'if-match': `"${invited.version}"` },
    });
    await api.call('inviteMember', {
      params: { safeId: legal.id },
      headers: { 'idempotency-key': 'e2e-offline-invite' },
      body: {
        name: 'Nadia Offline',
        email: 'nadia.offline@demo.example',
        role: 'viewer',
        language: 'fr',
        codeDelivery: 'display',
      },
    });

    // The network comes back: the window's `online` event makes the app sync at once.
    await context.setOffline(true);
    await context.setOffline(false);
    await expect(banner).toHaveCount(0);
    await expect(page.getByTestId('sync-report')).toContainText(
      'Legal & Compliance: 1 member joined, 1 removed, 0 changed',
    );
    await expect(rows.filter({ hasText: 'Nadia Offline' })).toHaveCount(1);
    await expect(page.getByRole('button', { name: 'Invite' })).toBeEnabled();
    await expect(rows.first().getByTestId('member-actions')).not.toHaveAttribute('aria-disabled', 'true');
    await shot(page, 'offline-2-back-online');
    await expectAccessible(page, 'offline-back-online');
  } finally {
    await app.core.dispatch('session:signOut', {});
    await close(app);
    await env.server?.close();
    rmSync(env.dir, { recursive: true, force: true });
  }
});

base('offline at start with nothing saved yet: says so plainly, without contradictions', async ({ page }) => {
  const env = await stack();
  let app = await env.open();
  try {
    // Signed in, but the copy switched off: the session is remembered, no data is.
    await invoke(app.core, 'settings:update', { cacheEnabled: false });
    await invoke(app.core, 'session:signIn', {
      serverUrl: env.url,
      email: DEMO_ACCOUNTS.admin.email,
      password: DEMO_ACCOUNTS.admin.password,
    });
    await env.server!.close();
    env.server = null;
    await close(app);
    app = await env.open();
    await page.goto(app.host.issueLink());

    const banner = page.getByTestId('offline-banner');
    await expect(banner).toContainText('Nothing has been saved on this computer for offline use yet.');
    await expect(page.getByTestId('offline-nothing-saved')).toHaveText(
      'Your team safes will appear here as soon as the connection returns.',
    );
    await expect(page.getByText('The team safes could not be loaded')).toHaveCount(0);
    await expect(page.getByText('Choose a team safe')).toHaveCount(0);
    await expect(banner).not.toContainText('Showing data saved');
    await shot(page, 'offline-3-nothing-saved');
  } finally {
    await app.core.dispatch('session:signOut', {});
    await close(app);
    await env.server?.close();
    rmSync(env.dir, { recursive: true, force: true });
  }
});
