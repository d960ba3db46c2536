/**
 * Reads a policy file only if an unprivileged user cannot have written it:
 * a regular file (not a symlink — checked with lstat and again by opening
 * with O_NOFOLLOW), owned by root, not writable by group or others. A
 * user-writable "policy" is no policy.
 */
import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import type { SourceReason } from '../../../shared/policy/resolve.ts';
import { errorCode, errorMessage } from './source.ts';

/** Policy files are small; anything bigger is refused rather than read into memory. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

export type TrustedFileResult =
  | { status: 'absent' }
  | { status: 'untrusted' | 'unreadable'; reason: SourceReason; detail: string }
  | { status: 'ok'; bytes: Buffer };

type Verdict = { status: 'untrusted' | 'unreadable'; reason: SourceReason; detail: string } | null;

const MISSING = new Set(['ENOENT', 'ENOTDIR']);

function verdict(stats: Stats): Verdict {
  if (stats.isSymbolicLink()) return { status: 'untrusted', reason: 'symlink', detail: 'is a symbolic link' };
  if (!stats.isFile()) return { status: 'untrusted', reason: 'not_a_file', detail: 'is not a regular file' };
  if (stats.uid !== 0) {
    return { status: 'untrusted', reason: 'not_root_owned', detail: `is owned by uid ${stats.uid}, not by root` };
  }
  if ((stats.mode & 0o022) !== 0) {
    const mode = (stats.mode & 0o777).toString(8).padStart(3, '0');
    return { status: 'untrusted', reason: 'writable_by_others', detail: `mode ${mode} lets group or others write it` };
  }
  if (stats.size > MAX_POLICY_FILE_BYTES) {
    return { status: 'unreadable', reason: 'too_large', detail: `is ${stats.size} bytes (at most 1 MiB)` };
  }
  return null;
}

export async function readTrustedFile(path: string): Promise<TrustedFileResult> {
  try {
    const first = verdict(await lstat(path));
    if (first) return first;
  } catch (error) {
    if (MISSING.has(errorCode(error) ?? '')) return { status: 'absent' };
    return { status: 'unreadable', reason: 'read_failed', detail: errorMessage(error) };
  }
  let handle;
  try {
    // O_NOFOLLOW: a symlink swapped in after lstat fails here (ELOOP); O_NONBLOCK: a FIFO cannot hang us.
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = errorCode(error) ?? '';
    if (MISSING.has(code)) return { status: 'absent' };
    if (code === 'ELOOP') return { status: 'untrusted', reason: 'symlink', detail: 'is a symbolic link' };
    return { status: 'unreadable', reason: 'read_failed', detail: errorMessage(error) };
  }
  try {
    // What counts is the file we actually opened.
    const opened = verdict(await handle.stat());
    if (opened) return opened;
    return { status: 'ok', bytes: await handle.readFile() };
  } catch (error) {
    return { status: 'unreadable', reason: 'read_failed', detail: errorMessage(error) };
  } finally {
    await handle.close().catch(() => {});
  }
}
