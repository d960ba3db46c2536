/**
 * Launches the real Electron app where its binary exists. On build machines
 * that cannot download Electron this is skipped with the reason printed; the
 * Node tests of the shell wiring (test/shell) and the Chromium tests next to
 * it cover the rest either way. What only this test covers is listed in the
 * README ("What only the launch test covers").
 */
import { _electron as electron } from '@playwright/test';
import { join } from 'node:path';
import { electronBinary } from '../../scripts/electron-binary.ts';
import { expect, test } from './fixtures.ts';

const binary = electronBinary(process.cwd());
const reason = 'Electron binary not installed on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); launch test skipped';

test('the shell opens a sandboxed, isolated window with a working clipboard and the native menu', async ({ stack }) => {
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

    // Copying through main's channel reaches the system clipboard; the web API is allowed too (and only that).
    const written = await window.evaluate(() =>
      (window as unknown as { teamSafe: { invoke(c: string, r: unknown): Promise<unknown> } }).teamSafe.invoke(
        'clipboard:writeText',
        { text: 'K7M2Q9XP', sensitive: true },
      ),
    );
    expect(written).toEqual({ ok: true, value: { clearAfterSeconds: 60 } });
    expect(await app.evaluate(async ({ clipboard }) => clipboard.readText())).toBe('K7M2Q9XP');
    await window.evaluate(() => navigator.clipboard.writeText('copied by the web API'));
    expect(await app.evaluate(async ({ clipboard }) => clipboard.readText())).toBe('copied by the web API');

    // The native menu: translated labels, standard roles, and its items act in the window.
    const labels = await app.evaluate(({ Menu }) => Menu.getApplicationMenu()?.items.map((item) => item.label) ?? []);
    expect(labels).toEqual(expect.arrayContaining(['File', 'Edit', 'View', 'Window', 'Help']));
    const roles = await app.evaluate(({ Menu }) =>
      (Menu.getApplicationMenu()?.items ?? []).flatMap(
        (item) => item.submenu?.items.map((each) => each.role?.toLowerCase()) ?? [],
      ),
    );
    expect(roles).toEqual(expect.arrayContaining(['copy', 'paste', 'selectall', 'zoomin', 'togglefullscreen']));
    await app.evaluate(({ Menu }) => {
      const help = Menu.getApplicationMenu()?.items.find((item) => item.label === 'Help');
      help?.submenu?.items.find((item) => item.label === 'Keyboard Shortcuts')?.click();
    });
    await expect(window.getByTestId('shortcuts-dialog')).toBeVisible();
  } finally {
    await app.close();
  }
});
