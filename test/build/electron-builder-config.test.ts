import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// electron-builder's own loader and schema validator (app-builder-lib ships
// scheme.json): the same check `electron-builder` runs before it packages.
const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, options: unknown): Promise<Record<string, unknown>>;
  validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
};
const debug = { isEnabled: false, add() {} };
const root = new URL('../..', import.meta.url).pathname;

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s configuration schema', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration(config, debug)).resolves.toBeUndefined();
    expect(config).toMatchObject({
      appId: 'ch.teamsafeadmin.desktop',
      productName: 'Team Safe Admin',
      asar: true,
      win: { target: ['nsis', 'msi'] },
      mac: { target: ['dmg'] },
      linux: { target: ['deb', 'rpm', 'AppImage'] },
    });
    expect(JSON.stringify(config.files)).toContain('out/**');
  });

  it('would reject a broken configuration (the check can fail)', async () => {
    const config = await getConfig(root, null, null);
    await expect(validateConfiguration({ ...config, asar: 'sometimes', notAnOption: 1 }, debug)).rejects.toThrow(
      /configuration|invalid/i,
    );
  });
});
