/**
 * The Windows registry through `reg query <key> /s`: one adapter that runs
 * reg.exe (execFile, no shell, a timeout) and a pure parser of what it
 * prints. reg.exe ships with every Windows and reads exactly what Group
 * Policy and Intune write; no native module to build.
 *
 * Output shape (CRLF, 4-space indentation):
 *
 *     HKEY_LOCAL_MACHINE\SOFTWARE\Policies\TeamSafeAdmin
 *         ServerUrl    REG_SZ    https://safe.example.com
 *         ServerUrlLocked    REG_DWORD    0x1
 *
 *     HKEY_LOCAL_MACHINE\SOFTWARE\Policies\TeamSafeAdmin\SmsCountries
 *         1    REG_SZ    CH
 */
import { execFile as nodeExecFile } from 'node:child_process';

export type RegValue =
  | { type: 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_BINARY' | 'REG_NONE'; data: string }
  | { type: 'REG_DWORD' | 'REG_QWORD'; data: number | bigint }
  | { type: 'REG_MULTI_SZ'; data: string[] };

export interface RegKey {
  /** As reg prints it: `HKEY_LOCAL_MACHINE\SOFTWARE\…`. */
  path: string;
  values: Map<string, RegValue>;
}

const VALUE_LINE =
  /^ {4}(.+?) {4}(REG_SZ|REG_EXPAND_SZ|REG_MULTI_SZ|REG_DWORD|REG_QWORD|REG_BINARY|REG_NONE)(?: {4}(.*?))?\s*$/;
const KEY_LINE = /^HKEY_[A-Z_]+(\\.*)?$/;

function parseData(type: RegValue['type'], text: string): RegValue {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      const big = /^0x[0-9a-f]+$/i.test(text) ? BigInt(text) : null;
      if (big === null) return { type: 'REG_SZ', data: text };
      return { type, data: big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big };
    }
    case 'REG_MULTI_SZ':
      // reg shows the NUL separators as the two characters `\0`.
      return { type, data: text === '' ? [] : text.split('\\0').filter((item) => item !== '') };
    default:
      return { type, data: text };
  }
}

/** Every key in the output with its values; lines that are neither are ignored. */
export function parseRegQuery(output: string): RegKey[] {
  const keys: RegKey[] = [];
  let current: RegKey | null = null;
  for (const line of output.split(/\r?\n/)) {
    if (KEY_LINE.test(line.trimEnd())) {
      current = { path: line.trimEnd(), values: new Map() };
      keys.push(current);
      continue;
    }
    const match = current ? VALUE_LINE.exec(line) : null;
    if (!current || !match) continue;
    const [, name, type, data] = match as unknown as [string, string, RegValue['type'], string | undefined];
    current.values.set(name, parseData(type, data ?? ''));
  }
  return keys;
}

const HIVES: Record<string, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

/** `HKLM\SOFTWARE\…` → `HKEY_LOCAL_MACHINE\SOFTWARE\…` (the form reg prints). */
export function longKeyName(key: string): string {
  const [hive = '', ...rest] = key.split('\\');
  return [HIVES[hive.toUpperCase()] ?? hive, ...rest].join('\\');
}

export type RegQueryResult =
  | { kind: 'found'; keys: RegKey[] }
  | { kind: 'missing' }
  | { kind: 'failed'; reason: 'timeout' | 'registry_failed'; detail: string };

export type RegQuery = (key: string) => Promise<RegQueryResult>;

export interface ExecFileError extends Error {
  code?: string | number | null;
  killed?: boolean;
  signal?: NodeJS.Signals | null;
}

/** The part of `child_process.execFile` the adapter uses (tests pass a recording runner). */
export type ExecFileLike = (
  file: string,
  args: readonly string[],
  options: { timeout: number; windowsHide: true; encoding: 'utf8'; maxBuffer: number; shell: false },
  callback: (error: ExecFileError | null, stdout: string, stderr: string) => void,
) => void;

export interface RegQueryOptions {
  execFile?: ExecFileLike;
  /** Absolute, so neither PATH nor the working folder can substitute another program. */
  regExe?: string;
  timeoutMs?: number;
}

/** reg's words for "no such key" (English Windows); other languages are told apart by querying the parent. */
const MISSING_KEY = /unable to find the specified registry key or value/i;

export function createRegQuery(options: RegQueryOptions = {}): RegQuery {
  const execFile = options.execFile ?? (nodeExecFile as unknown as ExecFileLike);
  const regExe = options.regExe ?? 'C:\\Windows\\System32\\reg.exe';
  const timeout = options.timeoutMs ?? 10_000;
  const run = (args: string[]) =>
    new Promise<{ error: ExecFileError | null; stdout: string; stderr: string }>((resolve) => {
      try {
        execFile(
          regExe,
          args,
          { timeout, windowsHide: true, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, shell: false },
          (error, stdout, stderr) => resolve({ error, stdout: String(stdout ?? ''), stderr: String(stderr ?? '') }),
        );
      } catch (error) {
        resolve({ error: error as ExecFileError, stdout: '', stderr: '' });
      }
    });

  const failed = (error: ExecFileError, stderr: string): RegQueryResult => {
    if (error.killed || error.signal) {
      return { kind: 'failed', reason: 'timeout', detail: `reg.exe did not answer within ${timeout} ms` };
    }
    const detail = stderr.trim() || error.message;
    return { kind: 'failed', reason: 'registry_failed', detail: `reg.exe failed: ${detail}` };
  };

  return async (key) => {
    const { error, stdout, stderr } = await run(['query', key, '/s']);
    if (!error) return { kind: 'found', keys: parseRegQuery(stdout) };
    if (error.code !== 1 || error.killed || error.signal) return failed(error, stderr);
    if (MISSING_KEY.test(stderr)) return { kind: 'missing' };
    // Exit code 1 in another language: the key is missing if its parent exists and does not list it.
    const parent = key.slice(0, key.lastIndexOf('\\'));
    const listing = await run(['query', parent]);
    if (listing.error) return failed(error, stderr);
    const wanted = longKeyName(key).toLowerCase();
    const listed = listing.stdout.split(/\r?\n/).some((line) => line.trim().toLowerCase() === wanted);
    return listed ? failed(error, stderr) : { kind: 'missing' };
  };
}
