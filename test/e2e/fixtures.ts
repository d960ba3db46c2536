/**
 * The end-to-end stack: the real reference server (seeded, on a free
 * loopback port), the real main-process core in Node with the real keychain,
 * and the preview host serving the built renderer to Debian's Chromium.
 */
import { test as base, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeCore } from '../../electron/preview/node-core.ts';
import { startPreviewHost, type PreviewHost } from '../../electron/preview/host.ts';
import type { Core } from '../../electron/core/core.ts';
import { startSeededServer } from '../helpers/server.ts';

type SeededServer = Awaited<ReturnType<typeof startSeededServer>>;

export interface Stack {
  server: SeededServer;
  core: Core;
  host: PreviewHost;
  dataDir: string;
}

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export const test = base.extend<{ openApp: () => Promise<void> }, { stack: Stack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern; it has none.
    async ({}, use) => {
      // like the embedded demo of `npm start`: the dev SMS outbox is on, so a test can read a sent code
      const server = await startSeededServer({ devEndpoints: true });
      const dataDir = mkdtempSync(join(tmpdir(), 'tsa-e2e-'));
      const core = await createNodeCore({ dataDir, defaultServerUrl: server.url, locale: 'en-GB' });
      const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
      await use({ server, core, host, dataDir });
      await core.session.signOut();
      await host.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  openApp: async ({ page, stack }, use) => {
    await use(async () => {
      await page.goto(stack.host.issueLink());
    });
  },
});

export { expect } from '@playwright/test';
