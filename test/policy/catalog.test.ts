import { describe, expect, expectTypeOf, it } from 'vitest';
import { LANGUAGES } from '../../shared/languages.ts';
import { UPDATE_MODES } from '../../shared/updates.ts';
import {
  POLICIES,
  POLICY_CATEGORIES,
  POLICY_KEYS,
  type PolicyKey,
  type PolicyValues,
} from '../../shared/policy/catalog.ts';
import { describeExpectation, parsePolicyValue, policySchema } from '../../shared/policy/schema.ts';
import { GOVERNED_SETTINGS, type PolicyDef } from '../../shared/policy/types.ts';

const defs = POLICIES as readonly PolicyDef[];
const def = (key: PolicyKey) => defs.find((each) => each.key === key)!;

describe('policy catalogue', () => {
  it('holds the policies IT asked for, with their type, range and effect', () => {
    expect(POLICY_KEYS).toEqual([
      'ServerUrl',
      'ServerUrlLocked',
      'CacheEnabled',
      'CacheMaxAgeDays',
      'Language',
      'LanguageLocked',
      'UpdateMode',
      'UpdateUrl',
      'SmsCountries',
      'IdleSignOutMinutes',
    ]);
    expect(def('CacheMaxAgeDays')).toMatchObject({ type: 'integer', min: 1, max: 365, effect: { kind: 'cap' } });
    expect(def('IdleSignOutMinutes')).toMatchObject({ type: 'integer', min: 0, max: 1440, default: 0 });
    expect(def('ServerUrlLocked').effect).toEqual({ kind: 'lockFlag', locks: 'ServerUrl' });
    expect(def('LanguageLocked').effect).toEqual({ kind: 'lockFlag', locks: 'Language' });
    expect(def('Language').effect).toEqual({ kind: 'preset', setting: 'language' });
    const language = def('Language');
    expect(language.type === 'enum' && language.values.map((entry) => entry.value)).toEqual([...LANGUAGES]);
    const updateMode = def('UpdateMode');
    expect(updateMode.type === 'enum' && updateMode.values.map((entry) => entry.value)).toEqual([
      'off',
      'notify',
      'auto',
    ]);
    expect(def('SmsCountries')).toMatchObject({ type: 'list', item: 'region' });
  });

  it('is consistent: unique names, known categories and settings, locks on presets, four languages', () => {
    expect(new Set(POLICY_KEYS).size).toBe(POLICY_KEYS.length);
    const categories = new Set<string>(POLICY_CATEGORIES.map((category) => category.key));
    for (const policy of defs) {
      expect(policy.key, policy.key).toMatch(/^[A-Z][A-Za-z0-9]*$/);
      expect(categories.has(policy.category), policy.key).toBe(true);
      for (const language of LANGUAGES) {
        expect(policy.title[language].trim(), `${policy.key} title ${language}`).not.toBe('');
        expect(policy.description[language].trim(), `${policy.key} description ${language}`).not.toBe('');
      }
      // Translations are translations: German, French and Italian differ from English.
      expect(new Set(Object.values(policy.description)).size, policy.key).toBe(4);
      const { effect } = policy;
      if (effect.kind === 'lockFlag') {
        expect(policy.type).toBe('boolean');
        expect(def(effect.locks as PolicyKey).effect.kind, policy.key).toBe('preset');
      } else if (effect.kind !== 'enforce') {
        expect(GOVERNED_SETTINGS).toContain(effect.setting);
      }
      if (policy.type === 'enum') {
        for (const entry of policy.values) for (const l of LANGUAGES) expect(entry.title[l]).not.toBe('');
      }
    }
    for (const category of POLICY_CATEGORIES) for (const l of LANGUAGES) expect(category.title[l]).not.toBe('');
  });

  it('offers exactly the update modes the updater knows', () => {
    const def = POLICIES.find((policy) => policy.key === 'UpdateMode');
    expect(def?.type === 'enum' ? def.values.map((entry) => entry.value) : []).toEqual([...UPDATE_MODES]);
  });

  it('has examples and defaults its own schemas accept', () => {
    for (const policy of defs) {
      expect(policySchema(policy).safeParse(policy.example).success, `${policy.key} example`).toBe(true);
      if (policy.default !== null) {
        expect(policySchema(policy).safeParse(policy.default).success, `${policy.key} default`).toBe(true);
      }
    }
  });

  it('derives a schema per policy that checks type, range, values and format', () => {
    expect(parsePolicyValue('ServerUrl', 'https://safe.example.com/')).toBe('https://safe.example.com');
    expect(parsePolicyValue('ServerUrl', 'http://127.0.0.1:4517')).toBe('http://127.0.0.1:4517');
    expect(parsePolicyValue('ServerUrl', 'http://safe.example.com')).toBeUndefined();
    expect(parsePolicyValue('ServerUrl', 'https://safe.example.com/some/path')).toBeUndefined();
    expect(parsePolicyValue('UpdateUrl', 'https://updates.example.com/feed/')).toBe('https://updates.example.com/feed');
    expect(parsePolicyValue('UpdateUrl', 'http://updates.example.com/feed/')).toBeUndefined();
    expect(parsePolicyValue('UpdateUrl', 'https://user:pw@updates.example.com/')).toBeUndefined();
    expect(parsePolicyValue('CacheMaxAgeDays', 1)).toBe(1);
    expect(parsePolicyValue('CacheMaxAgeDays', 365)).toBe(365);
    for (const bad of [0, 366, 7.5, '30', true])
      expect(parsePolicyValue('CacheMaxAgeDays', bad), `${bad}`).toBe(undefined);
    expect(parsePolicyValue('IdleSignOutMinutes', 0)).toBe(0);
    expect(parsePolicyValue('IdleSignOutMinutes', 1441)).toBeUndefined();
    expect(parsePolicyValue('ServerUrlLocked', 1)).toBeUndefined();
    expect(parsePolicyValue('Language', 'de')).toBe('de');
    expect(parsePolicyValue('Language', 'es')).toBeUndefined();
    expect(parsePolicyValue('UpdateMode', 'Auto')).toBeUndefined();
    expect(parsePolicyValue('SmsCountries', ['ch', ' LI ', 'CH'])).toEqual(['CH', 'LI']);
    expect(parsePolicyValue('SmsCountries', ['CH', 'XX'])).toBeUndefined();
    expect(parsePolicyValue('SmsCountries', [])).toBeUndefined();
    expect(parsePolicyValue('SmsCountries', 'CH')).toBeUndefined();
  });

  it('says in words what a policy expects', () => {
    expect(describeExpectation(def('CacheMaxAgeDays'))).toBe('a whole number from 1 to 365');
    expect(describeExpectation(def('UpdateMode'))).toBe('one of off, notify, auto');
    expect(describeExpectation(def('SmsCountries'))).toContain('ISO 3166');
  });

  it('types each policy value from the catalogue', () => {
    expectTypeOf<PolicyValues['UpdateMode']>().toEqualTypeOf<'off' | 'notify' | 'auto' | null>();
    expectTypeOf<PolicyValues['Language']>().toEqualTypeOf<'en' | 'de' | 'fr' | 'it' | null>();
    expectTypeOf<PolicyValues['ServerUrlLocked']>().toEqualTypeOf<boolean>();
    expectTypeOf<PolicyValues['IdleSignOutMinutes']>().toEqualTypeOf<number>();
    expectTypeOf<PolicyValues['CacheMaxAgeDays']>().toEqualTypeOf<number | null>();
    expectTypeOf<PolicyValues['SmsCountries']>().toEqualTypeOf<string[] | null>();
    expectTypeOf<PolicyValues['ServerUrl']>().toEqualTypeOf<string | null>();
  });
});
