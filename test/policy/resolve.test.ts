import { describe, expect, it } from 'vitest';
import {
  applySettingPolicy,
  effectiveValues,
  resolvePolicy,
  settingControls,
  type PolicyRead,
} from '../../shared/policy/resolve.ts';
import { PolicySnapshot, SettingControlsSchema } from '../../shared/policy/snapshot.ts';
import type { PolicyScope } from '../../shared/policy/types.ts';

const read = (scope: PolicyScope, values: Record<string, unknown>): PolicyRead => ({
  scope,
  location: scope === 'machine' ? '/etc/team-safe-admin/policy.json' : 'HKCU\\SOFTWARE\\Policies\\TeamSafeAdmin',
  status: 'applied',
  values,
});

describe('policy precedence', () => {
  it('takes machine over user over default, per policy, for every catalogue key', () => {
    const resolved = resolvePolicy([
      read('user', { ServerUrl: 'https://user.example.com', CacheMaxAgeDays: 10, Language: 'fr' }),
      read('machine', { ServerUrl: 'https://machine.example.com', UpdateMode: 'off' }),
    ]);
    expect(resolved.effective.ServerUrl).toEqual({ value: 'https://machine.example.com', source: 'machine' });
    expect(resolved.effective.CacheMaxAgeDays).toEqual({ value: 10, source: 'user' });
    expect(resolved.effective.Language).toEqual({ value: 'fr', source: 'user' });
    expect(resolved.effective.UpdateMode).toEqual({ value: 'off', source: 'machine' });
    expect(resolved.effective.IdleSignOutMinutes).toEqual({ value: 0, source: 'default' });
    expect(resolved.effective.CacheEnabled).toEqual({ value: true, source: 'default' });
    expect(resolved.effective.SmsCountries).toEqual({ value: null, source: 'default' });
    expect(Object.keys(resolved.effective)).toHaveLength(10);
    expect(resolved.problems).toEqual([]);
    expect(effectiveValues(resolved)).toMatchObject({ ServerUrl: 'https://machine.example.com', UpdateUrl: null });
  });

  it('ignores invalid values one by one, applies the rest, and lets a lower scope fill in', () => {
    const resolved = resolvePolicy([
      read('machine', {
        ServerUrl: 'http://safe.example.com',
        CacheMaxAgeDays: 400,
        SmsCountries: ['CH', 'XX'],
        UpdateUrl: 'http://updates.example.com/',
        IdleSignOutMinutes: '15',
        Language: 'de',
        CacheEnabled: false,
      }),
      read('user', { CacheMaxAgeDays: 20 }),
    ]);
    expect(effectiveValues(resolved)).toMatchObject({
      ServerUrl: null,
      CacheMaxAgeDays: 20,
      SmsCountries: null,
      UpdateUrl: null,
      IdleSignOutMinutes: 0,
      Language: 'de',
      CacheEnabled: false,
    });
    expect(resolved.effective.CacheMaxAgeDays.source).toBe('user');
    expect(resolved.problems.map(({ scope, key, reason }) => `${scope} ${key} ${reason}`)).toEqual([
      'machine ServerUrl invalid_value',
      'machine CacheMaxAgeDays invalid_value',
      'machine SmsCountries invalid_value',
      'machine UpdateUrl invalid_value',
      'machine IdleSignOutMinutes invalid_value',
    ]);
    expect(resolved.problems[1]!.detail).toBe('expected a whole number from 1 to 365; got 400');
    expect(resolved.problems[2]!.detail).toContain('["CH","XX"]');
  });

  it('reports unknown policy names without letting them stop the others', () => {
    const resolved = resolvePolicy([read('machine', { ServerURL2: 'x', UpdateMode: 'auto', __proto__x: 1 })]);
    expect(resolved.effective.UpdateMode).toEqual({ value: 'auto', source: 'machine' });
    expect(resolved.problems).toEqual([
      { scope: 'machine', key: 'ServerURL2', reason: 'unknown_policy', detail: 'ServerURL2 is not a known policy' },
      { scope: 'machine', key: '__proto__x', reason: 'unknown_policy', detail: '__proto__x is not a known policy' },
    ]);
  });

  it('applies nothing from a source that was not applied, and lists every source with its status', () => {
    const untrusted: PolicyRead = {
      ...read('machine', { ServerUrl: 'https://evil.example.com' }),
      status: 'untrusted',
      reason: 'writable_by_others',
      detail: 'mode 666 lets group or others write it',
    };
    const resolved = resolvePolicy([untrusted]);
    expect(resolved.effective.ServerUrl).toEqual({ value: null, source: 'default' });
    expect(resolved.sources).toEqual([
      {
        scope: 'machine',
        location: '/etc/team-safe-admin/policy.json',
        status: 'untrusted',
        reason: 'writable_by_others',
        detail: 'mode 666 lets group or others write it',
      },
    ]);
  });
});

describe('the lock rule', () => {
  it('applies a lock flag when the policy it locks has a valid value', () => {
    const resolved = resolvePolicy([read('machine', { ServerUrl: 'https://safe.example.com', ServerUrlLocked: true })]);
    expect(resolved.effective.ServerUrlLocked).toEqual({ value: true, source: 'machine' });
    expect(settingControls(resolved).serverUrl).toEqual({
      kind: 'locked',
      policy: 'ServerUrl',
      value: 'https://safe.example.com',
      scope: 'machine',
    });
    expect(resolved.problems).toEqual([]);
  });

  it('does not apply a lock on a missing or invalid value, and says so', () => {
    for (const values of [{ ServerUrlLocked: true }, { ServerUrlLocked: true, ServerUrl: 'ftp://safe.example.com' }]) {
      const resolved = resolvePolicy([read('machine', values)]);
      expect(resolved.effective.ServerUrlLocked).toEqual({ value: false, source: 'default' });
      expect(resolved.problems.at(-1)).toEqual({
        scope: 'machine',
        key: 'ServerUrlLocked',
        reason: 'lock_without_value',
        detail: 'ServerUrlLocked is on but ServerUrl has no valid value; the lock is not applied',
      });
      expect(settingControls(resolved).serverUrl).toEqual({ kind: 'free' });
    }
  });

  it('locks a value that a lower scope provides (the lock locks the effective value)', () => {
    const resolved = resolvePolicy([read('machine', { LanguageLocked: true }), read('user', { Language: 'it' })]);
    expect(settingControls(resolved).language).toEqual({
      kind: 'locked',
      policy: 'Language',
      value: 'it',
      scope: 'machine',
    });
    expect(resolved.problems).toEqual([]);
  });

  it('treats a lock flag that is off as no lock', () => {
    const resolved = resolvePolicy([read('user', { Language: 'de', LanguageLocked: false })]);
    expect(settingControls(resolved).language).toEqual({
      kind: 'preset',
      policy: 'Language',
      value: 'de',
      scope: 'user',
    });
  });
});

describe('settings under policy', () => {
  it('says per user setting whether it is locked, preset, capped or free, and by which scope', () => {
    const resolved = resolvePolicy([
      read('machine', { CacheEnabled: false, CacheMaxAgeDays: 7 }),
      read('user', { ServerUrl: 'https://safe.example.com' }),
    ]);
    expect(settingControls(resolved)).toEqual({
      serverUrl: { kind: 'preset', policy: 'ServerUrl', value: 'https://safe.example.com', scope: 'user' },
      language: { kind: 'free' },
      cacheEnabled: { kind: 'locked', policy: 'CacheEnabled', value: false, scope: 'machine' },
      cacheMaxAgeDays: { kind: 'capped', policy: 'CacheMaxAgeDays', max: 7, scope: 'machine' },
    });
    expect(settingControls(resolvePolicy([]))).toEqual({
      serverUrl: { kind: 'free' },
      language: { kind: 'free' },
      cacheEnabled: { kind: 'free' },
      cacheMaxAgeDays: { kind: 'free' },
    });
  });

  it('applies a control to the user’s own value', () => {
    const scope = 'machine' as const;
    expect(applySettingPolicy({ kind: 'locked', policy: 'Language', value: 'de', scope }, 'fr', 'en')).toBe('de');
    expect(applySettingPolicy({ kind: 'preset', policy: 'Language', value: 'de', scope }, 'fr', 'en')).toBe('fr');
    expect(applySettingPolicy({ kind: 'preset', policy: 'Language', value: 'de', scope }, null, 'en')).toBe('de');
    expect(applySettingPolicy({ kind: 'capped', policy: 'CacheMaxAgeDays', max: 7, scope }, 30, 30)).toBe(7);
    expect(applySettingPolicy({ kind: 'capped', policy: 'CacheMaxAgeDays', max: 7, scope }, 3, 30)).toBe(3);
    expect(applySettingPolicy({ kind: 'free' }, undefined, 30)).toBe(30);
  });
});

describe('the resolved policy on the wire', () => {
  it('round-trips through JSON and the snapshot schemas, and a tampered one is refused', () => {
    const resolved = resolvePolicy([
      read('machine', { ServerUrl: 'https://safe.example.com', ServerUrlLocked: true, SmsCountries: ['CH'] }),
      read('user', { Language: 'xx', CacheMaxAgeDays: 9 }),
    ]);
    const wire = JSON.parse(JSON.stringify(resolved)) as unknown;
    expect(PolicySnapshot.parse(wire)).toEqual(resolved);
    const controls = settingControls(resolved);
    expect(SettingControlsSchema.parse(JSON.parse(JSON.stringify(controls)))).toEqual(controls);

    const tampered = structuredClone(resolved) as unknown as { effective: Record<string, unknown> };
    tampered.effective.CacheMaxAgeDays = { value: 9000, source: 'user' };
    expect(PolicySnapshot.safeParse(tampered).success).toBe(false);
    const missing = structuredClone(resolved) as unknown as { effective: Record<string, unknown> };
    delete missing.effective.UpdateMode;
    expect(PolicySnapshot.safeParse(missing).success).toBe(false);
    expect(SettingControlsSchema.safeParse({ ...controls, language: { kind: 'locked' } }).success).toBe(false);
  });
});
