/**
 * A part whose chunk failed to load is retried by the URL the failure
 * named, and only when that URL is the app's own script.
 */
import { describe, expect, it } from 'vitest';
import { failedModuleUrl } from '../../renderer/src/app/module-url.ts';

const ORIGIN = 'app://team-safe-admin';

describe('failedModuleUrl', () => {
  it("reads the script from Chromium's and Firefox's messages", () => {
    const chromium = new TypeError(
      'Failed to fetch dynamically imported module: app://team-safe-admin/assets/SecurityGroupsView-D-mT6InF.js',
    );
    expect(failedModuleUrl(chromium, ORIGIN)).toBe('app://team-safe-admin/assets/SecurityGroupsView-D-mT6InF.js');
    const firefox = new TypeError(
      'error loading dynamically imported module: http://127.0.0.1:4173/assets/Workspace-D6EnmiLT.js',
    );
    expect(failedModuleUrl(firefox, 'http://127.0.0.1:4173')).toBe(
      'http://127.0.0.1:4173/assets/Workspace-D6EnmiLT.js',
    );
  });

  it('drops an earlier retry query, so attempts do not pile up', () => {
    const again = new TypeError(
      'Failed to fetch dynamically imported module: app://team-safe-admin/assets/Workspace-D6EnmiLT.js?attempt=2',
    );
    expect(failedModuleUrl(again, ORIGIN)).toBe('app://team-safe-admin/assets/Workspace-D6EnmiLT.js');
  });

  it('names nothing for another origin, a message without a script, or something not an error', () => {
    const foreign = new TypeError('Failed to fetch dynamically imported module: https://example.com/evil.js');
    expect(failedModuleUrl(foreign, ORIGIN)).toBeNull();
    expect(failedModuleUrl(new TypeError('Importing a module script failed.'), ORIGIN)).toBeNull();
    expect(failedModuleUrl('app://team-safe-admin/assets/X.js', ORIGIN)).toBeNull();
  });
});
