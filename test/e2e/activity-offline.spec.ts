/**
 * The activity and the export offline, end to end: its own server (stopped
 * while the app keeps running), its own core and preview host. The activity
 * of a safe is read from the offline copy, read-only, under the same
 * offline banner as the members; a 20 000-member list exports from the copy.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed.ts';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { startPreviewHost } from '../../electron/preview/host.ts';
import { createLogger } from '../../electron/core/log.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_KEYCHAIN_SERVICE, invoke } from '../helpers/core.ts';
import { TEST_PASSWORD_COST } from '../helpers/server.ts';
import { shot } from './fixtures.ts';
import { expectAccessible } from './a11y.ts';
import { chooseLanguage } from './shell-helpers.ts';

const LARGE = 20_000;

async function signIn(page: Page): Promise<void> {
  await page.getByLabel('E-mail').fill(DEMO_ACCOUNTS.admin.email);
  await page.getByLabel('Password').fill(DEMO_ACCOUNTS.admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

base('offline: the saved activity, read-only, and an export of 20 000 members from the copy', async ({ page }) => {
  base.setTimeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'tsa-e2e-activity-'));
  const dbPath = join(dir, 'server.db');
  const db = openDatabase(dbPath);
  await seedDemo(db, { largeSafeMembers: LARGE, passwordCost: TEST_PASSWORD_COST });
  db.close();
  let server: RunningServer | null = await startServer({
    dbPath,
    port: 0,
    log: () => {},
    passwordCost: TEST_PASSWORD_COST,
  });
  const url = `http://127.0.0.1:${server.port}`;
  const core = await createNodeCore({
    dataDir: join(dir, 'app'),
    defaultServerUrl: url,
    locale: 'en-GB',
    log: createLogger(() => {}),
    keychainService: TEST_KEYCHAIN_SERVICE,
  });
  const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
  try {
    const api = await TestApi.signIn(url, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    const { items: safes } = await api.call('listTeamSafes');
    const legal = safes.find((safe) => safe.name.startsWith('Legal'))!;
    const large = safes.find((safe) => safe.memberCount >= LARGE)!;
    for (const label of ['one', 'two']) {
      await api.call('inviteMember', {
        params: { safeId: legal.id },
        headers: { 'idempotency-key': randomUUID() },
        body: {
          name: `Offline ${label}`,
          email: `offline.${label}.${randomUUID().slice(0, 6)}@example.com`,
          role: 'viewer',
          language: 'en',
          codeDelivery: 'display',
        },
      });
    }
    const truth = await api.call('listSafeAudit', { params: { safeId: legal.id }, query: { limit: 500 } });

    await page.goto(host.issueLink());
    await signIn(page);
    await chooseLanguage(page, 'en');
    // The background sync after sign-in keeps a copy of every safe, the activity with it.
    await expect.poll(async () => (await invoke(core, 'sync:status', {})).safes.length).toBe(safes.length);
    await invoke(core, 'sync:now', {});

    // The server goes away.
    await server.close();
    server = null;
    const picker = page.getByTestId('safe-picker');
    await picker.getByRole('button', { name: /^Legal/ }).click();
    await page.getByRole('tab', { name: 'Activity' }).click();
    const entries = page.getByTestId('activity-table').getByTestId('activity-row');
    await expect(page.getByTestId('offline-banner')).toContainText('Offline');
    await expect(page.getByTestId('activity-saved')).toHaveText('Saved copy: read-only, as it was at the last sync.');
    await expect(entries).toHaveCount(truth.items.length);
    await page.getByTestId('activity-action-filter').selectOption('member.invited');
    await expect(entries).toHaveCount(truth.items.filter((each) => each.action === 'member.invited').length);
    await shot(page, 'activity-offline-en');
    await expectAccessible(page, 'activity-offline');
    await chooseLanguage(page, 'it');
    await expect(page.getByTestId('activity-saved')).toContainText('sola lettura');
    await shot(page, 'activity-offline-it');
    await chooseLanguage(page, 'en');

    // 20 000 members, exported from the offline copy in chunks, with the rows written shown as they go.
    await picker.getByRole('button', { name: new RegExp(`^${large.name}`) }).click();
    await page.getByRole('tab', { name: 'Members' }).click();
    await page.getByTestId('export-button').click();
    const dialog = page.getByTestId('export-dialog');
    await dialog.getByTestId('export-machine').check();
    // Every text the status line shows while main writes, as the page renders it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { exportTexts: string[] }).exportTexts = seen;
      const status = document.querySelector('[data-testid="export-status"]')!;
      new MutationObserver(() => seen.push(status.textContent ?? '')).observe(status, {
        subtree: true,
        childList: true,
        characterData: true,
      });
    });
    const downloading = page.waitForEvent('download');
    await dialog.getByTestId('export-start').click();
    const download = await downloading;
    await expect(dialog.getByTestId('export-outcome')).toHaveText(
      `Exported ${LARGE.toLocaleString('en')} rows to ${download.suggestedFilename()}.`,
    );
    await shot(page, 'export-large-offline-en');
    const texts = await page.evaluate(() => (window as unknown as { exportTexts: string[] }).exportTexts);
    expect(texts.some((text) => /^[\d,]+ of 20,000 rows written…$/.test(text))).toBe(true);
    const lines = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFname,email,role,status,language,invitedAt,activatedAt,expiresAt');
    expect(lines.filter(Boolean)).toHaveLength(LARGE + 1);
  } finally {
    await core.session.signOut();
    await core.dispose();
    await host.close();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
