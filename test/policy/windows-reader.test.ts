/**
 * The Windows reader from recorded `reg query` outputs (CRLF, as Windows
 * prints them), through the one adapter that would run reg.exe, with a
 * recording runner in place of the process.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  createRegQuery,
  parseRegQuery,
  type ExecFileError,
  type ExecFileLike,
} from '../../electron/core/policy/windows-registry.ts';
import { createWindowsPolicySources, registryPolicyValues } from '../../electron/core/policy/windows.ts';
import { effectiveValues, resolvePolicy } from '../../shared/policy/resolve.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/policy/windows/${name}`, import.meta.url), 'utf8');

const HKLM = 'HKLM\\SOFTWARE\\Policies\\TeamSafeAdmin';
const HKCU = 'HKCU\\SOFTWARE\\Policies\\TeamSafeAdmin';

type Reply = { stdout?: string; stderr?: string; error?: Partial<ExecFileError> };

/** Stands in for child_process.execFile: answers from recorded outputs and records every call. */
function recordingRunner(replies: Record<string, Reply>) {
  const calls: { file: string; args: readonly string[]; options: unknown }[] = [];
  const execFile: ExecFileLike = (file, args, options, callback) => {
    calls.push({ file, args, options });
    const reply = replies[args.join(' ')];
    if (!reply) throw new Error(`no recorded output for reg ${args.join(' ')}`);
    const error = reply.error ? Object.assign(new Error('Command failed'), reply.error) : null;
    queueMicrotask(() => callback(error, reply.stdout ?? '', reply.stderr ?? ''));
  };
  return { execFile, calls };
}

const exit1 = (stderr: string): Reply => ({ stderr, error: { code: 1, killed: false, signal: null } });

describe('reg query output', () => {
  it('parses every value type, each key of /s, and CRLF lines', () => {
    expect(fixture('hklm-query.txt')).toContain('\r\n    ServerUrl    REG_SZ    ');
    const keys = parseRegQuery(fixture('hklm-query.txt'));
    expect(keys.map((key) => key.path)).toEqual([
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\TeamSafeAdmin',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\TeamSafeAdmin\\SmsCountries',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\TeamSafeAdmin\\SmsCountries\\Nested',
    ]);
    expect(Object.fromEntries(keys[0]!.values)).toEqual({
      ServerUrl: { type: 'REG_SZ', data: 'https://safe.example.com' },
      ServerUrlLocked: { type: 'REG_DWORD', data: 1 },
      CacheEnabled: { type: 'REG_DWORD', data: 0 },
      CacheMaxAgeDays: { type: 'REG_DWORD', data: 14 },
      UpdateMode: { type: 'REG_SZ', data: 'notify' },
      UpdateUrl: { type: 'REG_EXPAND_SZ', data: 'https://updates.example.com/team-safe-admin/' },
      IdleSignOutMinutes: { type: 'REG_QWORD', data: 30 },
      Comment: { type: 'REG_BINARY', data: '0A0B0C' },
    });
    const user = parseRegQuery(fixture('hkcu-query.txt'))[0]!;
    expect(user.values.get('SmsCountries')).toEqual({ type: 'REG_MULTI_SZ', data: ['CH', 'LI', 'DE'] });
    expect(user.values.get('UpdateMode')).toEqual({ type: 'REG_SZ', data: '' });
  });

  it('keeps a QWORD beyond 2^53 exact', () => {
    const [key] = parseRegQuery('\r\nHKEY_CURRENT_USER\\X\r\n    Big    REG_QWORD    0xffffffffffffffff\r\n');
    expect(key!.values.get('Big')).toEqual({ type: 'REG_QWORD', data: 0xffffffffffffffffn });
  });

  it('maps values, numbered list subkeys and REG_MULTI_SZ to policy values of the catalogue’s type', () => {
    const machine = registryPolicyValues(parseRegQuery(fixture('hklm-query.txt')), HKLM);
    expect(machine).toEqual({
      ServerUrl: 'https://safe.example.com',
      ServerUrlLocked: true,
      CacheEnabled: false,
      CacheMaxAgeDays: 14,
      UpdateMode: 'notify',
      UpdateUrl: 'https://updates.example.com/team-safe-admin/',
      IdleSignOutMinutes: 30,
      Comment: '0A0B0C',
      SmsCountries: ['CH', 'LI', 'AT'],
    });
    const user = registryPolicyValues(parseRegQuery(fixture('hkcu-query.txt')), HKCU);
    expect(user).toEqual({
      ServerUrl: 'https://user.example.com', // registry names are case-insensitive
      Language: 'fr',
      LanguageLocked: true,
      CacheMaxAgeDays: 7, // a number stored as text
      SmsCountries: ['CH', 'LI', 'DE'],
      UpdateMode: '',
    });
  });

  it('skips the default value and an empty list subkey, and passes odd values on for the resolver to report', () => {
    const values = registryPolicyValues(parseRegQuery(fixture('hklm-leftovers-query.txt')), HKLM);
    expect(values).toEqual({ CacheEnabled: 2, IdleSignOutMinutes: 1441, Language: [] });
    const resolved = resolvePolicy([{ scope: 'machine', location: HKLM, status: 'applied', values }]);
    expect(resolved.problems.map((problem) => problem.key)).toEqual(['CacheEnabled', 'IdleSignOutMinutes', 'Language']);
    expect(resolved.effective.SmsCountries).toEqual({ value: null, source: 'default' });
  });
});

describe('the reg.exe adapter', () => {
  it('runs reg.exe by absolute path, without a shell, with a timeout, and parses what it prints', async () => {
    const runner = recordingRunner({ [`query ${HKLM} /s`]: { stdout: fixture('hklm-query.txt') } });
    const result = await createRegQuery({ execFile: runner.execFile, timeoutMs: 3000 })(HKLM);
    expect(result.kind === 'found' && result.keys).toHaveLength(3);
    expect(runner.calls).toEqual([
      {
        file: 'C:\\Windows\\System32\\reg.exe',
        args: ['query', HKLM, '/s'],
        options: { timeout: 3000, windowsHide: true, encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, shell: false },
      },
    ]);
  });

  it('calls a missing key absent (English message: one call)', async () => {
    const runner = recordingRunner({ [`query ${HKLM} /s`]: exit1(fixture('missing-key.stderr.txt')) });
    await expect(createRegQuery({ execFile: runner.execFile })(HKLM)).resolves.toEqual({ kind: 'missing' });
    expect(runner.calls).toHaveLength(1);
  });

  it('tells a missing key in another language by asking for the parent’s subkeys', async () => {
    const missing = recordingRunner({
      [`query ${HKLM} /s`]: exit1(fixture('missing-key-de.stderr.txt')),
      'query HKLM\\SOFTWARE\\Policies': { stdout: fixture('hklm-policies-listing.txt') },
    });
    await expect(createRegQuery({ execFile: missing.execFile })(HKLM)).resolves.toEqual({ kind: 'missing' });
    expect(missing.calls.map((call) => call.args)).toEqual([
      ['query', HKLM, '/s'],
      ['query', 'HKLM\\SOFTWARE\\Policies'],
    ]);
    const denied = recordingRunner({
      [`query ${HKLM} /s`]: exit1(fixture('access-denied.stderr.txt')),
      'query HKLM\\SOFTWARE\\Policies': { stdout: fixture('hklm-policies-listing-with-key.txt') },
    });
    await expect(createRegQuery({ execFile: denied.execFile })(HKLM)).resolves.toEqual({
      kind: 'failed',
      reason: 'registry_failed',
      detail: 'reg.exe failed: ERROR: Access is denied.',
    });
  });

  it('turns a timeout, a missing reg.exe and a runner that throws into failures, never a throw', async () => {
    const slow = recordingRunner({ [`query ${HKLM} /s`]: { error: { code: null, killed: true, signal: 'SIGTERM' } } });
    await expect(createRegQuery({ execFile: slow.execFile, timeoutMs: 250 })(HKLM)).resolves.toEqual({
      kind: 'failed',
      reason: 'timeout',
      detail: 'reg.exe did not answer within 250 ms',
    });
    const absent = recordingRunner({
      [`query ${HKLM} /s`]: { error: { code: 'ENOENT', message: 'spawn reg.exe ENOENT' } },
    });
    await expect(createRegQuery({ execFile: absent.execFile })(HKLM)).resolves.toEqual({
      kind: 'failed',
      reason: 'registry_failed',
      detail: 'reg.exe failed: spawn reg.exe ENOENT',
    });
    const throwing = recordingRunner({});
    await expect(createRegQuery({ execFile: throwing.execFile })(HKLM)).resolves.toMatchObject({
      kind: 'failed',
      reason: 'registry_failed',
    });
  });
});

describe('Windows policy sources', () => {
  it('read HKLM over HKCU into the effective policy', async () => {
    const runner = recordingRunner({
      [`query ${HKLM} /s`]: { stdout: fixture('hklm-query.txt') },
      [`query ${HKCU} /s`]: { stdout: fixture('hkcu-query.txt') },
    });
    const sources = createWindowsPolicySources({ query: createRegQuery({ execFile: runner.execFile }) });
    expect(sources.map((source) => [source.scope, source.location, source.watchFiles])).toEqual([
      ['machine', HKLM, []],
      ['user', HKCU, []],
    ]);
    const resolved = resolvePolicy(await Promise.all(sources.map((source) => source.read())));
    expect(effectiveValues(resolved)).toEqual({
      ServerUrl: 'https://safe.example.com',
      ServerUrlLocked: true,
      CacheEnabled: false,
      CacheMaxAgeDays: 14,
      Language: 'fr',
      LanguageLocked: true,
      UpdateMode: 'notify',
      UpdateUrl: 'https://updates.example.com/team-safe-admin',
      SmsCountries: ['CH', 'LI', 'AT'],
      IdleSignOutMinutes: 30,
    });
    expect(resolved.effective.Language.source).toBe('user');
    expect(resolved.problems.map((problem) => `${problem.scope} ${problem.key} ${problem.reason}`)).toEqual([
      'machine Comment unknown_policy',
      'user UpdateMode invalid_value',
    ]);
  });

  it('report a missing key as absent and a failing reg.exe as unreadable', async () => {
    const runner = recordingRunner({
      [`query ${HKLM} /s`]: exit1(fixture('missing-key.stderr.txt')),
      [`query ${HKCU} /s`]: { error: { code: null, killed: true, signal: 'SIGTERM' } },
    });
    const sources = createWindowsPolicySources({ query: createRegQuery({ execFile: runner.execFile }) });
    const reads = await Promise.all(sources.map((source) => source.read()));
    expect(reads).toEqual([
      { scope: 'machine', location: HKLM, status: 'absent', values: {} },
      {
        scope: 'user',
        location: HKCU,
        status: 'unreadable',
        reason: 'timeout',
        detail: 'reg.exe did not answer within 10000 ms',
        values: {},
      },
    ]);
  });
});
