import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  INSTALL_KINDS,
  PACKAGE_IDENTITY,
  detectInstallKind,
  readInstallFacts,
  type InstallFacts,
  type InstallKind,
} from '../../electron/core/updates/install-kind.ts';
import { updatePlan, type UpdateModeSource } from '../../electron/core/updates/plan.ts';
import { UPDATE_MODES, type UpdateMode } from '../../shared/updates.ts';

/**
 * The decision table, written out by hand: the mode in effect for each
 * install kind when the mode was chosen (machine or user policy, or the user's
 * setting) and when it is only the default.
 */
const TABLE = `
  kind        | chosen: off notify auto   | default: off notify auto
  nsis        | off notify auto           | off notify auto
  msi         | off notify notify         | off off off
  dmg         | off notify auto           | off notify auto
  pkg         | off notify auto           | off off off
  appimage    | off notify auto           | off notify auto
  deb         | off notify auto           | off off off
  rpm         | off notify auto           | off off off
  unpackaged  | off notify notify         | off off off
`;

function expectedTable(): Map<InstallKind, { chosen: UpdateMode[]; default: UpdateMode[] }> {
  const rows = TABLE.trim().split('\n').slice(1);
  return new Map(
    rows.map((row) => {
      const [kind, chosen, byDefault] = row.split('|').map((cell) => cell.trim());
      return [
        kind as InstallKind,
        { chosen: chosen!.split(/\s+/) as UpdateMode[], default: byDefault!.split(/\s+/) as UpdateMode[] },
      ];
    }),
  );
}

const SOURCES: UpdateModeSource[] = ['machine', 'user', 'setting', 'default'];

describe('updatePlan: every mode × source × install kind', () => {
  const table = expectedTable();

  const cases = INSTALL_KINDS.flatMap((kind) =>
    SOURCES.flatMap((source) => UPDATE_MODES.map((mode) => [kind, source, mode] as const)),
  );

  it('the table covers every install kind, and the cases every combination', () => {
    expect([...table.keys()].sort()).toEqual([...INSTALL_KINDS].sort());
    expect(cases).toHaveLength(8 * 4 * 3);
  });

  it.each(cases)('%s, %s says %s', (kind, source, mode) => {
    const row = table.get(kind)!;
    const expected = (source === 'default' ? row.default : row.chosen)[UPDATE_MODES.indexOf(mode)];
    const plan = updatePlan(mode, source, kind);
    expect(plan.mode).toBe(expected);
    expect(plan.check).toBe(expected !== 'off');
    expect(plan.download).toBe(expected === 'auto');
  });

  it('says why: managed installs, announce-only installs, development runs, choices and defaults', () => {
    expect(updatePlan('auto', 'default', 'msi')).toMatchObject({ mode: 'off', reason: 'managed-install' });
    expect(updatePlan('notify', 'default', 'deb')).toMatchObject({ mode: 'off', reason: 'managed-install' });
    expect(updatePlan('auto', 'machine', 'msi')).toMatchObject({ mode: 'notify', reason: 'announce-only' });
    expect(updatePlan('auto', 'default', 'unpackaged')).toMatchObject({ mode: 'off', reason: 'unpackaged' });
    expect(updatePlan('auto', 'user', 'unpackaged')).toMatchObject({ mode: 'notify', reason: 'announce-only' });
    expect(updatePlan('off', 'machine', 'nsis')).toMatchObject({ mode: 'off', reason: 'configured' });
    expect(updatePlan('notify', 'default', 'dmg')).toMatchObject({ mode: 'notify', reason: 'default' });
  });
});

const packagedFacts = (facts: Partial<InstallFacts>): InstallFacts => ({
  platform: 'linux',
  isPackaged: true,
  packageType: null,
  appImagePath: null,
  nsisUninstaller: false,
  pkgReceipt: false,
  ...facts,
});

describe('detectInstallKind from recorded facts', () => {
  it.each<[string, Partial<InstallFacts>, InstallKind]>([
    ['Windows with NSIS’s uninstaller', { platform: 'win32', nsisUninstaller: true }, 'nsis'],
    ['Windows without it (MSI)', { platform: 'win32' }, 'msi'],
    ['macOS with a pkg receipt', { platform: 'darwin', pkgReceipt: true }, 'pkg'],
    ['macOS dragged from the dmg', { platform: 'darwin' }, 'dmg'],
    ['Linux deb', { packageType: 'deb' }, 'deb'],
    ['Linux rpm', { packageType: 'rpm' }, 'rpm'],
    ['Linux AppImage', { appImagePath: '/home/a/Team-Safe-Admin.AppImage' }, 'appimage'],
    ['a deb whose user set APPIMAGE', { packageType: 'deb', appImagePath: '/tmp/x.AppImage' }, 'deb'],
    ['a package type we do not build', { packageType: 'pacman' }, 'unpackaged'],
    ['Linux, nothing known', {}, 'unpackaged'],
    ['a development run', { platform: 'win32', isPackaged: false, nsisUninstaller: true }, 'unpackaged'],
    ['another OS', { platform: 'freebsd' }, 'unpackaged'],
  ])('%s → %s', (_name, facts, kind) => {
    expect(detectInstallKind(packagedFacts(facts))).toBe(kind);
  });
});

describe('readInstallFacts', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsa-install-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('reads electron-builder’s package-type marker of a real deb/rpm layout', () => {
    for (const type of ['deb', 'rpm']) {
      const resources = join(tempDir(), 'resources');
      mkdirSync(resources);
      writeFileSync(join(resources, 'package-type'), `${type}\n`);
      const facts = readInstallFacts({
        platform: 'linux',
        isPackaged: true,
        execPath: '/opt/Team Safe Admin/team-safe-admin',
        resourcesPath: resources,
        env: {},
      });
      expect(facts.packageType).toBe(type);
      expect(detectInstallKind(facts)).toBe(type);
    }
  });

  it('sees an AppImage by the APPIMAGE its runtime sets, when no package marker exists', () => {
    const resources = tempDir();
    const facts = readInstallFacts({
      platform: 'linux',
      isPackaged: true,
      execPath: '/tmp/.mount_TeamSa/team-safe-admin',
      resourcesPath: resources,
      env: { APPIMAGE: '/home/anna/Team-Safe-Admin.AppImage' },
    });
    expect(facts).toMatchObject({ packageType: null, appImagePath: '/home/anna/Team-Safe-Admin.AppImage' });
    expect(detectInstallKind(facts)).toBe('appimage');
  });

  it('looks for NSIS’s uninstaller next to a Windows executable (recorded paths)', () => {
    const asked: string[] = [];
    const facts = (present: boolean) =>
      readInstallFacts({
        platform: 'win32',
        isPackaged: true,
        execPath: 'C:\\Program Files\\Team Safe Admin\\Team Safe Admin.exe',
        resourcesPath: 'C:\\Program Files\\Team Safe Admin\\resources',
        env: {},
        fs: {
          exists: (path) => {
            asked.push(path);
            return present;
          },
          readText: () => null,
        },
      });
    expect(detectInstallKind(facts(true))).toBe('nsis');
    expect(detectInstallKind(facts(false))).toBe('msi');
    expect(asked[0]).toBe('C:\\Program Files\\Team Safe Admin\\Uninstall Team Safe Admin.exe');
    expect(asked[0]).toContain(PACKAGE_IDENTITY.productFilename);
  });

  it('looks for the pkg receipt of the app id on macOS (a real receipts folder)', () => {
    const receipts = tempDir();
    const inputs = {
      platform: 'darwin',
      isPackaged: true,
      execPath: '/Applications/Team Safe Admin.app/Contents/MacOS/Team Safe Admin',
      resourcesPath: '/Applications/Team Safe Admin.app/Contents/Resources',
      env: {},
      receiptsDir: receipts,
    };
    expect(detectInstallKind(readInstallFacts(inputs))).toBe('dmg');
    writeFileSync(join(receipts, `${PACKAGE_IDENTITY.appId}.plist`), '<plist/>');
    expect(detectInstallKind(readInstallFacts(inputs))).toBe('pkg');
  });

  it('asks nothing of the file system for a development run', () => {
    const facts = readInstallFacts({
      platform: 'linux',
      isPackaged: false,
      execPath: '/repo/node_modules/electron/dist/electron',
      resourcesPath: '/repo/node_modules/electron/dist/resources',
      env: { APPIMAGE: '/x.AppImage' },
      fs: {
        exists: () => {
          throw new Error('not asked');
        },
        readText: () => {
          throw new Error('not asked');
        },
      },
    });
    expect(detectInstallKind(facts)).toBe('unpackaged');
  });
});
