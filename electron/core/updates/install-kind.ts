/**
 * How this copy of the app was installed, which decides who updates it: the
 * app itself (NSIS, dmg/zip, AppImage) or IT and the OS package manager (MSI,
 * pkg, deb, rpm). Reading the facts touches the file system; deciding from
 * them is a pure function, tested with recorded facts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { posix, win32 } from 'node:path';

export const INSTALL_KINDS = ['nsis', 'msi', 'dmg', 'pkg', 'appimage', 'deb', 'rpm', 'unpackaged'] as const;
export type InstallKind = (typeof INSTALL_KINDS)[number];

/** Names electron-builder derives the installers' files from (a test keeps them equal to electron-builder.yml). */
export const PACKAGE_IDENTITY = {
  appId: 'ch.teamsafeadmin.desktop',
  /** The product name as a file name: NSIS names its uninstaller after it. */
  productFilename: 'Team Safe Admin',
} as const;

/** Where macOS keeps installer receipts; a pkg install leaves `<appId>.plist` there. */
export const MAC_RECEIPTS_DIR = '/private/var/db/receipts';

export interface InstallFacts {
  platform: string;
  isPackaged: boolean;
  /** `<resources>/package-type`, trimmed: electron-builder writes `deb` or `rpm` into those packages. */
  packageType: string | null;
  /** `APPIMAGE`: the AppImage runtime sets it to the image's path. */
  appImagePath: string | null;
  /** NSIS installs `Uninstall <product>.exe` next to the executable; an MSI install has none. */
  nsisUninstaller: boolean;
  /** macOS has an installer receipt for the app id: it came from the pkg (MDM), not the dmg. */
  pkgReceipt: boolean;
}

export function detectInstallKind(facts: InstallFacts): InstallKind {
  if (!facts.isPackaged) return 'unpackaged';
  switch (facts.platform) {
    case 'win32':
      return facts.nsisUninstaller ? 'nsis' : 'msi';
    case 'darwin':
      return facts.pkgReceipt ? 'pkg' : 'dmg';
    case 'linux':
      // The package's own marker wins over an environment variable anyone can set.
      if (facts.packageType === 'deb' || facts.packageType === 'rpm') return facts.packageType;
      if (facts.packageType === null && facts.appImagePath) return 'appimage';
      return 'unpackaged';
    default:
      return 'unpackaged';
  }
}

/** The two file-system questions the facts need; Node's fs by default. */
export interface InstallFileSystem {
  exists(path: string): boolean;
  /** The file's text, or null when it cannot be read. */
  readText(path: string): string | null;
}

const nodeFileSystem: InstallFileSystem = {
  exists: (path) => existsSync(path),
  readText: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
};

export interface InstallFactInputs {
  platform: string;
  /** Electron's `app.isPackaged`. */
  isPackaged: boolean;
  /** `process.execPath`: the app's executable. */
  execPath: string;
  /** `process.resourcesPath`: the folder that holds app.asar. */
  resourcesPath: string;
  env: Readonly<Record<string, string | undefined>>;
  identity?: { appId: string; productFilename: string };
  fs?: InstallFileSystem;
  receiptsDir?: string;
}

export function readInstallFacts(inputs: InstallFactInputs): InstallFacts {
  const fs = inputs.fs ?? nodeFileSystem;
  const identity = inputs.identity ?? PACKAGE_IDENTITY;
  const path = inputs.platform === 'win32' ? win32 : posix;
  const facts: InstallFacts = {
    platform: inputs.platform,
    isPackaged: inputs.isPackaged,
    packageType: null,
    appImagePath: null,
    nsisUninstaller: false,
    pkgReceipt: false,
  };
  if (!inputs.isPackaged) return facts;
  if (inputs.platform === 'win32') {
    const uninstaller = path.join(path.dirname(inputs.execPath), `Uninstall ${identity.productFilename}.exe`);
    facts.nsisUninstaller = fs.exists(uninstaller);
  } else if (inputs.platform === 'darwin') {
    facts.pkgReceipt = fs.exists(path.join(inputs.receiptsDir ?? MAC_RECEIPTS_DIR, `${identity.appId}.plist`));
  } else {
    const packageType = fs.readText(path.join(inputs.resourcesPath, 'package-type'));
    facts.packageType = packageType === null ? null : packageType.trim();
    facts.appImagePath = inputs.env.APPIMAGE || null;
  }
  return facts;
}
