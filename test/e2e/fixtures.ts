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
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';
import { startSeededServer, type SeededServerOptions } from '../helpers/server.ts';

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

export interface StackOptions {
  server?: SeededServerOptions;
  /** Runs on the fresh data folder before the core opens it (e.g. writes a damaged settings file). */
  prepareDataDir?: (dataDir: string) => void;
  /** The machine policy file the Linux reader watches (a test-only option of the preview core). */
  policyFile?: string;
}

/** A whole stack of its own (a fresh profile: first run), for tests that cannot share the worker's. */
export async function startStack(options: StackOptions = {}): Promise<Stack & { stop(): Promise<void> }> {
  // Like the embedded demo of `npm start`: the dev SMS outbox is on, so a test can read a sent code.
  const server = await startSeededServer({ devEndpoints: true, ...options.server });
  const dataDir = mkdtempSync(join(tmpdir(), 'tsa-e2e-'));
  options.prepareDataDir?.(dataDir);
  // The same background sync as the app (every 30 s, at once after sign-in).
  const core = await createNodeCore({
    dataDir,
    defaultServerUrl: server.url,
    locale: 'en-GB',
    keychainService: TEST_KEYCHAIN_SERVICE,
    ...(options.policyFile ? { policyFile: options.policyFile } : {}),
  });
  const host = await startPreviewHost({ core, rendererDir: join(process.cwd(), 'out', 'renderer') });
  return {
    server,
    core,
    host,
    dataDir,
    async stop() {
      await core.session.signOut();
      await core.dispose();
      await host.close();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ openApp: () => Promise<void> }, { stack: Stack }>({
  stack: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern; it has none.
    async ({}, use) => {
      const { stop, ...stack } = await startStack();
      await use(stack);
      await stop();
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
