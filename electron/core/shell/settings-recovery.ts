/**
 * A settings file that is not a JSON object (a crash mid-write, a bad hand
 * edit) must not stop the app: electron-store and `conf` throw on it. Before
 * either opens the file, it is moved aside as `settings.corrupt-<time>.json`
 * (kept for support, never deleted), the defaults apply, and the caller
 * tells the user once. Used by the Electron shell and the Node core alike.
 */
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

export interface SettingsRecovery {
  /** Where the unreadable file went; null when there was nothing to recover. */
  movedTo: string | null;
}

/** `20261123T140500Z`: sortable and valid in a file name on every OS. */
export function compactTimestamp(time: number): string {
  return new Date(time)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function isReadable(text: string): boolean {
  if (text.trim() === '') return true; // an empty file is read as no settings
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export function recoverSettingsFile(dir: string, name = 'settings', now: () => number = Date.now): SettingsRecovery {
  const file = join(dir, `${name}.json`);
  if (!existsSync(file)) return { movedTo: null };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    text = '\u0000'; // unreadable counts as corrupt
  }
  if (isReadable(text)) return { movedTo: null };
  const stamp = compactTimestamp(now());
  let target = join(dir, `${name}.corrupt-${stamp}.json`);
  for (let n = 1; existsSync(target); n++) target = join(dir, `${name}.corrupt-${stamp}-${n}.json`);
  renameSync(file, target);
  return { movedTo: target };
}
