/**
 * Tells when a policy file may have changed: `fs.watch` on the folder that
 * holds it, so creating, replacing (rename over), deleting and chmod/chown
 * are all seen. When the folder does not exist yet (no policy installed),
 * the nearest existing ancestor is watched until it appears; when it goes
 * away, the watch falls back the same way. Never throws.
 */
import { watch, statSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Logger } from '../log.ts';

export interface Watch {
  close(): void;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function nearestExisting(dir: string): string {
  let current = dir;
  while (!isDirectory(current)) {
    const parent = dirname(current);
    if (parent === current) return current;
    current = parent;
  }
  return current;
}

/** The first path segment below `ancestor` on the way to `dir`. */
function nextSegment(ancestor: string, dir: string): string {
  let current = dir;
  while (dirname(current) !== ancestor && dirname(current) !== current) current = dirname(current);
  return basename(current);
}

function watchFolder(dir: string, names: ReadonlySet<string>, onChange: () => void, log: Logger): Watch {
  let watcher: FSWatcher | null = null;
  let watched = '';
  let closed = false;

  const arm = () => {
    if (closed) return;
    const target = nearestExisting(dir);
    if (watcher && target === watched) return;
    watcher?.close();
    watcher = null;
    watched = target;
    const direct = target === dir;
    const relevant = direct ? names : new Set([nextSegment(target, dir)]);
    try {
      watcher = watch(target, { persistent: false }, (_event, filename) => {
        if (nearestExisting(dir) !== watched) {
          arm(); // the folder (or one on the way to it) appeared or went away
          onChange();
          return;
        }
        const name = filename === null ? null : String(filename);
        if (name === null || relevant.has(name)) onChange();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = null;
        arm();
        onChange();
      });
    } catch (error) {
      log.warn(`policy: cannot watch ${target}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  arm();
  return {
    close() {
      closed = true;
      watcher?.close();
      watcher = null;
    },
  };
}

/** One watch per folder of the given files; `onChange` may be called spuriously (callers debounce and compare). */
export function watchFiles(files: readonly string[], onChange: () => void, log: Logger): Watch {
  const byFolder = new Map<string, Set<string>>();
  for (const file of files) {
    const folder = dirname(file);
    byFolder.set(folder, (byFolder.get(folder) ?? new Set()).add(basename(file)));
  }
  const watches = [...byFolder].map(([folder, names]) => watchFolder(folder, names, onChange, log));
  return { close: () => watches.forEach((each) => each.close()) };
}
