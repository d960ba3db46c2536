/**
 * Checks of generated policy templates with real parsers (fast-xml-parser
 * for ADMX/ADML, plist, ajv), written against any catalogue so the same
 * checks prove that an extended catalogue needs no generator change.
 */
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parse as parsePlist } from 'plist';
import { expect } from 'vitest';
import { LANGUAGES } from '../../shared/languages.ts';
import type { PolicyCatalog } from '../../shared/policy/types.ts';
import { ADML_LOCALES } from '../../scripts/policy-templates/admx.ts';
import { TEMPLATE_FILES } from '../../scripts/policy-templates/index.ts';

type Node = Record<string, unknown>;
const ALWAYS_LISTS = new Set(['category', 'policy', 'item', 'stringTable.string', 'presentation']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseAttributeValue: false,
  isArray: (name, jpath) => ALWAYS_LISTS.has(name) || ALWAYS_LISTS.has(String(jpath).split('.').slice(-2).join('.')),
});

export const REGISTRY_KEY = 'SOFTWARE\\Policies\\TeamSafeAdmin';
export const GP_NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';

export function parseXml(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml) as Node;
}

const node = (value: unknown): Node => value as Node;
const list = (value: unknown): Node[] => (value ?? []) as Node[];

/** The ADMX declares every catalogue policy with the right element, range and registry key. */
export function checkAdmx(admxText: string, catalog: PolicyCatalog): Map<string, Node> {
  const admx = node(parseXml(admxText).policyDefinitions);
  expect(admx['@_xmlns']).toBe(GP_NAMESPACE);
  expect(node(node(admx.policyNamespaces).target)['@_namespace']).toBe('TeamSafeAdmin.Policies.TeamSafeAdmin');
  const categories = new Map(list(node(admx.categories).category).map((c) => [c['@_name'] as string, c]));
  const policies = new Map(list(node(admx.policies).policy).map((p) => [p['@_name'] as string, p]));
  expect([...policies.keys()]).toEqual(catalog.policies.map((def) => def.key));
  for (const def of catalog.policies) {
    const policy = policies.get(def.key)!;
    expect(policy['@_class'], def.key).toBe('Both');
    expect(policy['@_key'], def.key).toBe(REGISTRY_KEY);
    const category = node(policy.parentCategory)['@_ref'] as string;
    expect(categories.has(category), `${def.key} category ${category}`).toBe(true);
    expect(node(categories.get(category)!.parentCategory)['@_ref']).toBe('TeamSafeAdmin');
    expect(node(policy.supportedOn)['@_ref']).toBeTruthy();
    const elements = node(policy.elements);
    switch (def.type) {
      case 'boolean':
        expect(policy['@_valueName']).toBe(def.key);
        expect(policy).toMatchObject({
          enabledValue: { decimal: { '@_value': '1' } },
          disabledValue: { decimal: { '@_value': '0' } },
        });
        expect(policy['@_presentation']).toBeUndefined();
        break;
      case 'integer':
        expect(elements.decimal).toMatchObject({
          '@_id': def.key,
          '@_valueName': def.key,
          '@_minValue': String(def.min),
          '@_maxValue': String(def.max),
        });
        break;
      case 'string':
        expect(elements.text).toMatchObject({ '@_id': def.key, '@_valueName': def.key });
        break;
      case 'enum': {
        const enumeration = node(elements.enum);
        expect(enumeration).toMatchObject({ '@_id': def.key, '@_valueName': def.key });
        const values = list(enumeration.item).map((item) => node(node(item.value)).string);
        expect(values).toEqual(def.values.map((entry) => entry.value));
        break;
      }
      case 'list':
        expect(elements.list).toMatchObject({
          '@_id': def.key,
          '@_key': `${REGISTRY_KEY}\\${def.key}`,
          '@_valuePrefix': '',
        });
        break;
    }
  }
  return policies;
}

/** Every `$(string.…)` and `$(presentation.…)` of the ADMX resolves in this ADML, and each control points at an element. */
export function checkAdml(admxText: string, admlText: string, catalog: PolicyCatalog, language: string): void {
  const adml = node(parseXml(admlText).policyDefinitionResources);
  const resources = node(adml.resources);
  const strings = list(node(resources.stringTable).string);
  const stringIds = strings.map((s) => s['@_id'] as string);
  expect(new Set(stringIds).size, 'unique string ids').toBe(stringIds.length);
  const text = new Map(strings.map((s) => [s['@_id'] as string, String(s['#text'] ?? '')]));
  const presentations = new Map(
    list(node(resources.presentationTable).presentation).map((p) => [p['@_id'] as string, p]),
  );
  const stringRefs = [...admxText.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1]!);
  const presentationRefs = [...admxText.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((m) => m[1]!);
  expect(stringRefs.length).toBeGreaterThan(catalog.policies.length * 2);
  for (const id of stringRefs) expect(text.get(id)?.trim(), `string ${id} in ${language}`).toBeTruthy();
  for (const id of presentationRefs) expect(presentations.has(id), `presentation ${id} in ${language}`).toBe(true);
  const admxPolicies = list(node(node(parseXml(admxText).policyDefinitions).policies).policy);
  const policies = new Map(admxPolicies.map((p) => [p['@_name'] as string, p]));
  for (const [id, presentation] of presentations) {
    const controls = Object.entries(presentation).filter(([name]) => !name.startsWith('@_'));
    expect(controls, id).toHaveLength(1);
    const refId = node(controls[0]![1])['@_refId'];
    expect(JSON.stringify(policies.get(id)?.elements)).toContain(`"@_id":"${String(refId)}"`);
  }
  for (const def of catalog.policies) {
    const lang = language as keyof typeof def.title;
    expect(text.get(def.key)).toBe(def.title[lang]);
    expect(text.get(`${def.key}_Explain`)).toBe(def.description[lang]);
  }
}

/** The whole set: ADMX, an ADML per language, the profile, the schema and the example. */
export function checkTemplates(files: Map<string, string>, catalog: PolicyCatalog) {
  const admx = files.get(TEMPLATE_FILES.admx)!;
  checkAdmx(admx, catalog);
  for (const language of LANGUAGES) {
    checkAdml(admx, files.get(TEMPLATE_FILES.adml(ADML_LOCALES[language]))!, catalog, language);
  }
  const profile = parsePlist(files.get(TEMPLATE_FILES.mobileconfig)!) as Node;
  const payload = list(profile.PayloadContent)[0]!;
  const forced = list(node(node(payload.PayloadContent)['ch.teamsafeadmin.desktop']).Forced)[0]!;
  const settings = node(forced.mcx_preference_settings);
  expect(Object.keys(settings)).toEqual(catalog.policies.map((def) => def.key));
  const schema = JSON.parse(files.get(TEMPLATE_FILES.schema)!) as Node;
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
  const example = JSON.parse(files.get(TEMPLATE_FILES.example)!) as Node;
  expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  expect(Object.keys(node(schema.properties))).toEqual(catalog.policies.map((def) => def.key));
  return { profile, payload, settings, schema, validate, example };
}
