import { defineConfig } from '@playwright/test';
import { chromiumSwitches } from './electron/main/shell/engine.ts';

// Debian's Chromium, never a downloaded browser, with the app's own engine switches.
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results/playwright',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    browserName: 'chromium',
    viewport: { width: 1360, height: 860 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', ...chromiumSwitches()],
    },
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
