import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { load } from 'js-yaml';
import { parse as parsePlist } from 'plist';
import { describe, expect, it } from 'vitest';
import { PACKAGE_IDENTITY } from '../../electron/core/updates/install-kind.ts';
import { DEFAULT_UPDATE_FEED_URL, UpdateFeedUrl } from '../../shared/updates.ts';

/**
 * electron-builder.yml checked against electron-builder's published JSON
 * schema (`scheme.json`, shipped in the app-builder-lib package that the
 * installed electron-builder depends on): the schema `electron-builder` itself
 * validates against before it packages, so an upgrade brings its own rules.
 * Installers cannot be built here (no Electron binary), so this is the check.
 */
const root = new URL('../..', import.meta.url);
const builderRequire = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const schema = builderRequire('app-builder-lib/scheme.json') as object;
// electron-builder's own validator options, minus type coercion: our file must be right as written.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

type Config = Record<string, unknown> & {
  files: string[];
  electronFuses?: Record<string, unknown>;
  protocols?: Array<{ name: string; schemes: string[] }>;
  publish?: unknown;
};
const readConfig = (): Config => load(readFileSync(new URL('electron-builder.yml', root), 'utf8')) as Config;
const section = (config: Config, name: string) => (config[name] ?? {}) as Record<string, unknown>;

function schemaErrors(config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** Every target of a platform section as `target:arch`. */
function targets(platform: Record<string, unknown>): string[] {
  const list = platform.target as Array<string | { target: string; arch?: string[] }>;
  return list.flatMap((entry) =>
    typeof entry === 'string' ? [entry] : (entry.arch ?? ['x64']).map((arch) => `${entry.target}:${arch}`),
  );
}

/** The fuses the app needs, and the value each must have. */
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableCookieEncryption: true,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
} as const;

function fuseProblems(config: Config): string[] {
  const fuses = config.electronFuses ?? {};
  return Object.entries(REQUIRED_FUSES).flatMap(([fuse, value]) =>
    fuses[fuse] === value ? [] : [`${fuse} must be ${value}, is ${String(fuses[fuse])}`],
  );
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s published configuration schema', () => {
    expect(schemaErrors(readConfig())).toEqual([]);
  });

  it('would reject a broken configuration (the check can fail)', () => {
    const errors = schemaErrors({ ...readConfig(), asar: 'sometimes', notAnOption: 1 });
    expect(errors.join('\n')).toMatch(/\/asar/);
    expect(errors.join('\n')).toMatch(/additional properties/);
    expect(schemaErrors({ ...readConfig(), electronFuses: { runAsNode: 'no' } })).not.toEqual([]);
  });

  it('names the app as the installers and the update code expect', () => {
    const config = readConfig();
    expect(config).toMatchObject({ appId: PACKAGE_IDENTITY.appId, productName: PACKAGE_IDENTITY.productFilename });
  });

  it('builds NSIS and MSI, dmg/zip/pkg for both Mac architectures, deb/rpm/AppImage', () => {
    const config = readConfig();
    expect(targets(section(config, 'win'))).toEqual(['nsis:x64', 'msi:x64']);
    expect(targets(section(config, 'mac')).sort()).toEqual(
      ['dmg:x64', 'dmg:arm64', 'zip:x64', 'zip:arm64', 'pkg:x64', 'pkg:arm64'].sort(),
    );
    expect(targets(section(config, 'linux'))).toEqual(['deb:x64', 'rpm:x64', 'AppImage:x64']);
  });

  it('installs per machine on Windows (NSIS assisted, so /S /allusers works; MSI)', () => {
    const config = readConfig();
    expect(section(config, 'nsis')).toMatchObject({ oneClick: false, perMachine: true });
    expect(section(config, 'nsis').allowElevation).not.toBe(false);
    expect(section(config, 'msi')).toMatchObject({ perMachine: true });
    expect(section(config, 'pkg')).toMatchObject({ installLocation: '/Applications', isRelocatable: false });
  });

  it('sets every security fuse, and the fuse check fails when one is missing or weakened', () => {
    const config = readConfig();
    expect(fuseProblems(config)).toEqual([]);
    for (const fuse of Object.keys(REQUIRED_FUSES) as Array<keyof typeof REQUIRED_FUSES>) {
      const missing = { ...config, electronFuses: { ...config.electronFuses } };
      delete missing.electronFuses[fuse];
      expect(fuseProblems(missing), `${fuse} missing`).toHaveLength(1);
      const weakened = { ...config, electronFuses: { ...config.electronFuses, [fuse]: !REQUIRED_FUSES[fuse] } };
      expect(fuseProblems(weakened), `${fuse} weakened`).toHaveLength(1);
    }
    expect(fuseProblems({ ...config, electronFuses: undefined })).toHaveLength(7);
  });

  it('registers the teamsafeadmin:// scheme for deep links', () => {
    expect(readConfig().protocols?.flatMap((protocol) => protocol.schemes)).toContain('teamsafeadmin');
  });

  it('publishes to the vendor’s https feed, the one the app falls back to', () => {
    const publish = readConfig().publish;
    expect(publish).toEqual([{ provider: 'generic', url: DEFAULT_UPDATE_FEED_URL }]);
    expect(UpdateFeedUrl.parse(DEFAULT_UPDATE_FEED_URL)).toMatch(/^https:\/\//);
  });

  it('ships only the built app and package.json', () => {
    const config = readConfig();
    const included = config.files.filter((pattern) => !pattern.startsWith('!'));
    expect(included).toEqual(['out/**', 'package.json']);
    const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string };
    expect(pkg.main).toMatch(/^out\//);
  });

  it('hardens macOS with minimal entitlements, for the app and its helpers', () => {
    const mac = section(readConfig(), 'mac');
    expect(mac).toMatchObject({
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
      entitlementsInherit: 'build/entitlements.mac.plist',
    });
    const entitlements = parsePlist(readFileSync(new URL('build/entitlements.mac.plist', root), 'utf8'));
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('keeps signing in the environment: no credentials in the file, unsigned builds allowed', () => {
    const config = readConfig();
    const keys: string[] = [];
    const walk = (value: unknown) => {
      if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.push(key);
          walk(inner);
        }
      }
    };
    walk(config);
    expect(keys.filter((key) => /password|csc|secret|apiKey|token|identity/i.test(key))).toEqual([]);
    expect(config.forceCodeSigning).toBe(false);
    // Notarisation is decided per build by scripts/signing.ts, never switched on without credentials here.
    expect(section(config, 'mac').notarize).toBeUndefined();
  });
});
