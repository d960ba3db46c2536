/**
 * Launches the real Electron app where its binary exists. On build machines
 * that cannot download Electron this is skipped with the reason printed; the
 * Chromium tests next to it cover the renderer and core either way.
 */
import { _electron as electron } from '@playwright/test';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { expect, test } from './fixtures.ts';

const binary = electronBinary(process.cwd());
const reason = 'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); launch test skipped';

test('the packaged shell opens a sandboxed, isolated window', async ({ stack }) => {
  if (!binary) console.log(reason);
  test.skip(!binary, reason);
  const app = await electron.launch({
    executablePath: binary!,
    args: [join(process.cwd(), 'out', 'main', 'index.js')],
    env: { ...process.env, TEAM_SAFE_SERVER_URL: stack.server.url },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByLabel('Server address')).toHaveValue(stack.server.url);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await window.evaluate(() => typeof (window as unknown as { teamSafe?: unknown }).teamSafe)).toBe('object');
    expect(new URL(window.url()).protocol).toBe('app:');
  } finally {
    await app.close();
  }
});
