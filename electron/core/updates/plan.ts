/**
 * The update decision: from the `UpdateMode` in effect, where it came from,
 * and how the app was installed, whether to check, and whether to download.
 * Pure; the table in the tests lists every case.
 */
import type { UpdateMode, UpdateReason } from '../../../shared/updates.ts';
import type { InstallKind } from './install-kind.ts';

/**
 * Where the effective `UpdateMode` came from. Only `default` matters to the
 * decision: every other source is a deliberate choice that is honoured. A
 * policy value that was invalid and ignored counts as `default`.
 */
export type UpdateModeSource = 'machine' | 'user' | 'setting' | 'default';

export interface UpdatePlan {
  /** The mode in effect on this install. */
  mode: UpdateMode;
  reason: UpdateReason;
  /** Look for updates (at start, periodically, on demand). */
  check: boolean;
  /** Download a found update and offer "Restart to update". */
  download: boolean;
}

/** Installs that IT or the OS package manager keeps current: updates are off unless someone asks for them. */
const MANAGED_INSTALLS: ReadonlySet<InstallKind> = new Set(['msi', 'pkg', 'deb', 'rpm']);

/**
 * Installs that electron-updater can replace in place: NSIS re-runs the
 * installer, Squirrel.Mac swaps the bundle from the zip (also for a pkg
 * install), AppImage swaps the image, deb/rpm go through the package manager.
 * An MSI cannot be replaced by the NSIS installer without leaving two
 * registrations, and an unpackaged run has nothing to replace.
 */
const SELF_INSTALLING: ReadonlySet<InstallKind> = new Set(['nsis', 'dmg', 'pkg', 'appimage', 'deb', 'rpm']);

export function updatePlan(mode: UpdateMode, source: UpdateModeSource, installKind: InstallKind): UpdatePlan {
  const chosen = source !== 'default';
  if (!chosen && MANAGED_INSTALLS.has(installKind)) return plan('off', 'managed-install');
  if (!chosen && installKind === 'unpackaged') return plan('off', 'unpackaged');
  if (mode === 'auto' && !SELF_INSTALLING.has(installKind)) return plan('notify', 'announce-only');
  return plan(mode, chosen ? 'configured' : 'default');
}

function plan(mode: UpdateMode, reason: UpdateReason): UpdatePlan {
  return { mode, reason, check: mode !== 'off', download: mode === 'auto' };
}
