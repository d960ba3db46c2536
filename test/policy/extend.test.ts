/**
 * Adding a policy is adding a catalogue entry: an extended catalogue, passed
 * as a parameter, goes through the registry and plist readers, the resolver,
 * the service and every template without a line of code changed.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'plist';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { createLogger } from '../../electron/core/log.ts';
import { createMacPolicySources } from '../../electron/core/policy/macos.ts';
import { createPolicyService } from '../../electron/core/policy/service.ts';
import { registryPolicyValues } from '../../electron/core/policy/windows.ts';
import { parseRegQuery } from '../../electron/core/policy/windows-registry.ts';
import { generatePolicyTemplates, TEMPLATE_FILES } from '../../scripts/policy-templates/index.ts';
import { policyTable } from '../../scripts/policy-templates/docs.ts';
import { POLICIES, POLICY_CATEGORIES } from '../../shared/policy/catalog.ts';
import { resolvePolicy } from '../../shared/policy/resolve.ts';
import type { PolicyCatalog, PolicyDef } from '../../shared/policy/types.ts';
import { checkTemplates } from './template-checks.ts';

const EXTRA = [
  {
    key: 'BulkAddLimit',
    category: 'groups',
    type: 'integer',
    min: 1,
    max: 50,
    default: 50,
    example: 20,
    effect: { kind: 'enforce' },
    title: {
      en: 'Bulk add limit',
      de: 'Limite für Massenaufnahme',
      fr: 'Limite d’ajout groupé',
      it: 'Limite di aggiunta multipla',
    },
    description: {
      en: 'At most this many users per bulk add (1–50).',
      de: 'Höchstens so viele Benutzer pro Massenaufnahme (1–50).',
      fr: 'Au plus ce nombre d’utilisateurs par ajout groupé (1 à 50).',
      it: 'Al massimo questo numero di utenti per aggiunta multipla (1–50).',
    },
  },
  {
    key: 'ShowTips',
    category: 'groups',
    type: 'boolean',
    default: true,
    example: false,
    effect: { kind: 'enforce' },
    title: { en: 'Show tips', de: 'Tipps anzeigen', fr: 'Afficher les conseils', it: 'Mostrare i suggerimenti' },
    description: {
      en: 'Whether the app shows tips.',
      de: 'Ob die App Tipps anzeigt.',
      fr: 'Indique si l’application affiche des conseils.',
      it: 'Se l’app mostra suggerimenti.',
    },
  },
] as const satisfies readonly PolicyDef[];

const EXTENDED = [...POLICIES, ...EXTRA] as const;
const CATALOG: PolicyCatalog = {
  policies: EXTENDED,
  categories: [
    ...POLICY_CATEGORIES,
    {
      key: 'groups',
      title: { en: 'Security groups', de: 'Sicherheitsgruppen', fr: 'Groupes de sécurité', it: 'Gruppi di sicurezza' },
    },
  ],
};

describe('an extended catalogue', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-extend-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read from the registry with the new types and resolved', () => {
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\TeamSafeAdmin',
      '    BulkAddLimit    REG_DWORD    0x19',
      '    ShowTips    REG_DWORD    0x0',
      '',
      '',
    ].join('\r\n');
    const root = 'HKLM\\SOFTWARE\\Policies\\TeamSafeAdmin';
    const values = registryPolicyValues(parseRegQuery(output), root, EXTENDED);
    expect(values).toEqual({ BulkAddLimit: 25, ShowTips: false });
    const resolved = resolvePolicy([{ scope: 'machine', location: root, status: 'applied', values }], EXTENDED);
    expect(resolved.effective.BulkAddLimit).toEqual({ value: 25, source: 'machine' });
    expect(resolved.effective.ShowTips).toEqual({ value: false, source: 'machine' });
    expect(resolved.problems).toEqual([]);
    expectTypeOf(resolved.effective.BulkAddLimit.value).toEqualTypeOf<number>();
    // The product catalogue does not know it: reported, not applied.
    expect(resolvePolicy([{ scope: 'machine', location: root, status: 'applied', values }]).problems).toHaveLength(2);
  });

  it('is read from a plist, range-checked, and served by the policy service', async () => {
    const root = join(dir, 'Managed Preferences');
    mkdirSync(join(root, 'anna'), { recursive: true });
    const file = join(root, 'ch.teamsafeadmin.desktop.plist');
    writeFileSync(file, build({ BulkAddLimit: 99, ShowTips: 1 }));
    chmodSync(file, 0o644);
    const sources = createMacPolicySources({ managedPreferences: root, user: 'anna', policies: EXTENDED });
    const service = await createPolicyService({ sources, policies: EXTENDED, log: createLogger(() => {}) });
    try {
      const policy = service.current();
      expect(policy.effective.ShowTips).toEqual({ value: true, source: 'machine' });
      expect(policy.effective.BulkAddLimit).toEqual({ value: 50, source: 'default' });
      expect(policy.problems).toMatchObject([
        { key: 'BulkAddLimit', reason: 'invalid_value', detail: 'expected a whole number from 1 to 50; got 99' },
      ]);
    } finally {
      service.close();
    }
  });

  it('appears in every template and the docs table', () => {
    const files = generatePolicyTemplates(CATALOG, {
      productVersion: '0.2',
      uuid: () => '00000000-0000-4000-8000-000000000000',
    });
    const { settings, schema, validate } = checkTemplates(files, CATALOG);
    expect(files.get(TEMPLATE_FILES.admx)).toContain('minValue="1" maxValue="50"');
    expect(files.get('de-DE/TeamSafeAdmin.adml')).toContain(
      '<string id="TeamSafeAdmin_groups">Sicherheitsgruppen</string>',
    );
    expect(settings).toMatchObject({ BulkAddLimit: 20, ShowTips: false });
    expect(schema.properties).toHaveProperty('BulkAddLimit.maximum', 50);
    expect(validate({ BulkAddLimit: 51 })).toBe(false);
    expect(policyTable(CATALOG)).toContain('| `BulkAddLimit` | integer 1–50 | `50` |');
  });
});
