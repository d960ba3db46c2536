/**
 * The macOS reader on real plist files, XML and binary, laid out the way
 * `/Library/Managed Preferences` holds them (machine file, then the user's
 * folder), in a temporary folder.
 */
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMacPolicySources, parsePlist } from '../../electron/core/policy/macos.ts';
import { effectiveValues, resolvePolicy } from '../../shared/policy/resolve.ts';
import { MACHINE, USER } from '../fixtures/policy/macos/make-fixtures.ts';

const fixture = (name: string) => new URL(`../fixtures/policy/macos/${name}`, import.meta.url);
const BUNDLE = 'ch.teamsafeadmin.desktop.plist';

describe('macOS managed preferences', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'policy-macos-'));
    mkdirSync(join(root, 'anna'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const install = (fixtureName: string, ...path: string[]) => {
    const file = join(root, ...path);
    copyFileSync(fixture(fixtureName), file);
    chmodSync(file, 0o644);
    return file;
  };
  const sources = () => createMacPolicySources({ managedPreferences: root, user: 'anna' });

  it('parses the committed fixtures: an XML plist and a binary one', () => {
    expect(readFileSync(fixture('user.binary.plist')).subarray(0, 8).toString('latin1')).toBe('bplist00');
    expect(readFileSync(fixture('machine.xml.plist'), 'utf8')).toContain('<plist version="1.0">');
    expect(parsePlist(readFileSync(fixture('machine.xml.plist')))).toEqual(MACHINE);
    expect(parsePlist(readFileSync(fixture('user.binary.plist')))).toEqual(USER);
  });

  it('reads the machine and the user file, machine first, with the catalogue’s types', async () => {
    const machineFile = install('machine.xml.plist', BUNDLE);
    const userFile = install('user.binary.plist', 'anna', BUNDLE);
    expect(sources().map((source) => [source.scope, source.location])).toEqual([
      ['machine', machineFile],
      ['user', userFile],
    ]);
    const reads = await Promise.all(sources().map((source) => source.read()));
    expect(reads.map((read) => read.status)).toEqual(['applied', 'applied']);
    expect(reads[1]!.values).toEqual({ ...USER, LanguageLocked: true });
    const resolved = resolvePolicy(reads);
    expect(effectiveValues(resolved)).toMatchObject({
      ServerUrl: 'https://safe.example.com',
      ServerUrlLocked: true,
      CacheMaxAgeDays: 14,
      SmsCountries: ['CH', 'LI'],
      UpdateMode: 'auto',
      Language: 'it',
      LanguageLocked: true,
      IdleSignOutMinutes: 15,
    });
    expect(resolved.effective.ServerUrl.source).toBe('machine');
    expect(resolved.effective.Language.source).toBe('user');
    expect(resolved.problems).toEqual([
      {
        scope: 'user',
        key: 'CacheMaxAgeDays',
        reason: 'invalid_value',
        detail: 'expected a whole number from 1 to 365; got 400',
      },
    ]);
  });

  it('reads a user policy alone, a binary plist at machine level, and calls missing files absent', async () => {
    install('user.binary.plist', BUNDLE);
    const reads = await Promise.all(sources().map((source) => source.read()));
    expect(reads.map((read) => read.status)).toEqual(['applied', 'absent']);
    expect(reads[0]!.values).toMatchObject({ Language: 'it', LanguageLocked: true });
  });

  it('refuses a file a user could have written, and reports broken plists without throwing', async () => {
    const machineFile = install('machine.xml.plist', BUNDLE);
    chmodSync(machineFile, 0o666);
    const userFile = join(root, 'anna', BUNDLE);
    writeFileSync(userFile, '<?xml version="1.0"?><plist><dict><key>ServerUrl</key>');
    chmodSync(userFile, 0o644);
    const [machine, user] = await Promise.all(sources().map((source) => source.read()));
    expect(machine).toMatchObject({ status: 'untrusted', reason: 'writable_by_others', values: {} });
    expect(user).toMatchObject({ status: 'unreadable', reason: 'invalid_plist', values: {} });

    writeFileSync(userFile, Buffer.concat([Buffer.from('bplist00'), Buffer.alloc(8)]));
    await expect(sources()[1]!.read()).resolves.toMatchObject({ status: 'unreadable', reason: 'invalid_plist' });
    install('array.xml.plist', 'anna', BUNDLE);
    await expect(sources()[1]!.read()).resolves.toMatchObject({ status: 'unreadable', reason: 'not_an_object' });
  });

  it('defaults to /Library/Managed Preferences and the bundle id', () => {
    const [machine, user] = createMacPolicySources({ user: 'anna' });
    expect(machine!.location).toBe('/Library/Managed Preferences/ch.teamsafeadmin.desktop.plist');
    expect(user!.location).toBe('/Library/Managed Preferences/anna/ch.teamsafeadmin.desktop.plist');
  });
});
