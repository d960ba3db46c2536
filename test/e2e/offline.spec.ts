/**
 * Offline review end to end: its own server (stopped and restarted on the
 * same database and port), its own core and preview host.
 */
import { test as base, expect } from '@playwright/test';
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
import { shot } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';

base('offline: cached members with their age, read-only; back online: what changed', async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-e2e-offline-'));
  const dbPath = join(dir, 'server.db');
  const db = openDatabase(dbPath);
  await seedDemo(db);
  db.close();
  let server: RunningServer | null = await startServer({ dbPath, port: 0, log: () => {} });
  const port = server.port;
  const url = `http://127.0.0.1:${port}`;
  const dataDir = join(dir, 'app');
  const quiet = createLogger(() => {});
  const open = async (): Promise<{ core: Core; host: PreviewHost }> => {
    const core = await createNodeCore({
      dataDir,
      defaultServerUrl: url,
      locale: 'en-GB',
      log: quiet,
      api: { timeoutMs: 1500 },
    });
    const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
    return { core, host };
  };
  let app = await open();
  const admin = DEMO_ACCOUNTS.admin;
  try {
    await page.goto(app.host.issueLink());
    await page.getByLabel('E-mail').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const picker = page.getByTestId('safe-picker');
    await expect(picker.getByRole('button').first()).toBeVisible();
    const rows = page.getByTestId('member-table').getByTestId('member-row');

    // Open two safes online (the app keeps an encrypted copy of every administered safe).
    await picker.getByRole('button', { name: /^Legal/ }).click();
    await expect(rows.first()).toBeVisible();
    const legalNames = await rows.evaluateAll((elements) => elements.map((row) => row.textContent ?? ''));
    await picker.getByRole('button', { name: /^Finance/ }).click();
    await expect(rows.first()).toBeVisible();
    await app.core.sync.syncAll();

    // The server goes away; the app is restarted without it.
    await server.close();
    server = null;
    await app.host.close();
    app = await open();
    await page.goto(app.host.issueLink());
    await expect(page.getByTestId('offline-banner')).toBeVisible();
    await expect(page.getByTestId('offline-banner')).toContainText('Offline');
    await expect(page.getByTestId('offline-banner')).toContainText(/Showing data saved (now|\d+ minutes? ago) \(/);
    await picker.getByRole('button', { name: /^Legal/ }).click();
    await expect(rows).toHaveCount(legalNames.length);
    await expect(page.getByTestId('safe-age').first()).toBeVisible();
    const invite = page.getByRole('button', { name: 'Invite' });
    await expect(invite).toBeDisabled();
    await expect(
      page.getByText('You are offline. Changes are possible again when the connection returns.').first(),
    ).toBeVisible();
    await shot(page, 'offline-1-banner');
    await expectAccessible(page, 'offline-banner');

    // Meanwhile, on the server: one person invited to Legal, one invitation revoked.
    server = await startServer({ dbPath, port, log: () => {} });
    const api = await TestApi.signIn(url, admin.email, admin.password);
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

    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(page.getByTestId('offline-banner')).toHaveCount(0);
    const report = page.getByTestId('sync-report');
    await expect(report).toContainText('Legal & Compliance: 1 member joined, 1 removed, 0 changed');
    await expect(rows.filter({ hasText: 'Nadia Offline' })).toHaveCount(1);
    await expect(invite).toBeEnabled();
    await shot(page, 'offline-2-back-online');
    await expectAccessible(page, 'offline-back-online');
  } finally {
    await app.core.dispatch('session:signOut', {});
    await app.host.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
