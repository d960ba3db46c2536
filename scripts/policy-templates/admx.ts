/**
 * Group Policy / Intune ADMX and its ADML language files, from a catalogue.
 * Self-contained (no reference to Windows' own ADMX namespaces), so Intune's
 * "Import ADMX" takes it alone. Every policy is `class="Both"` (Computer and
 * User Configuration) and writes below `SOFTWARE\Policies\TeamSafeAdmin`:
 * - boolean: the policy's own value, Enabled = 1, Disabled = 0 (so
 *   "Disabled" really means false, as in Chrome's templates);
 * - integer: `<decimal>` with the catalogue's range (REG_DWORD);
 * - string: `<text>` (REG_SZ); enum: `<enum>` of strings (REG_SZ);
 * - list: `<list>` on a subkey named after the policy, values 1, 2, 3 …
 */
import type { Language } from '../../shared/languages.ts';
import { POLICY_LOCATIONS } from '../../shared/policy/catalog.ts';
import type { PolicyCatalog, PolicyDef } from '../../shared/policy/types.ts';
import { element, XML_DECLARATION } from './xml.ts';

export const ADML_LOCALES: Readonly<Record<Language, string>> = {
  en: 'en-US',
  de: 'de-DE',
  fr: 'fr-FR',
  it: 'it-IT',
};

const NAMESPACE = 'http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions';
const ROOT_ATTRS = {
  'xmlns:xsd': 'http://www.w3.org/2001/XMLSchema',
  'xmlns:xsi': 'http://www.w3.org/2001/XMLSchema-instance',
  revision: '1.0',
  schemaVersion: '1.0',
  xmlns: NAMESPACE,
};
const ROOT_CATEGORY = 'TeamSafeAdmin';
const SUPPORTED = 'SUPPORTED_TeamSafeAdmin';
const PRODUCT = 'Team Safe Admin';

const SUPPORTED_ON: Readonly<Record<Language, (version: string) => string>> = {
  en: (version) => `${PRODUCT} ${version} and later`,
  de: (version) => `${PRODUCT} ${version} und neuer`,
  fr: (version) => `${PRODUCT} ${version} et versions ultérieures`,
  it: (version) => `${PRODUCT} ${version} e versioni successive`,
};

const DESCRIPTION: Readonly<Record<Language, string>> = {
  en: 'Machine policy for Team Safe Admin',
  de: 'Computerrichtlinien für Team Safe Admin',
  fr: 'Stratégies d’ordinateur pour Team Safe Admin',
  it: 'Criteri del computer per Team Safe Admin',
};

export interface AdmxOptions {
  /** Shown as "Team Safe Admin <version> and later". */
  productVersion: string;
}

const categoryId = (key: string) => `${ROOT_CATEGORY}_${key}`;
const explainId = (def: PolicyDef) => `${def.key}_Explain`;
const itemId = (def: PolicyDef, value: string) => `${def.key}_${value}`;

/** The `<elements>` child of a policy (none for a boolean: its value is the policy's own). */
function policyElement(def: PolicyDef, depth: number): string | null {
  switch (def.type) {
    case 'boolean':
      return null;
    case 'integer':
      return element(depth, 'decimal', {
        id: def.key,
        valueName: def.key,
        required: true,
        minValue: def.min,
        maxValue: def.max,
      });
    case 'string':
      return element(depth, 'text', { id: def.key, valueName: def.key, required: true, maxLength: 2048 });
    case 'enum':
      return element(
        depth,
        'enum',
        { id: def.key, valueName: def.key, required: true },
        def.values.map((entry) =>
          element(depth + 1, 'item', { displayName: `$(string.${itemId(def, entry.value)})` }, [
            element(depth + 2, 'value', {}, [element(depth + 3, 'string', {}, entry.value)]),
          ]),
        ),
      );
    case 'list':
      return element(depth, 'list', {
        id: def.key,
        key: `${POLICY_LOCATIONS.registryKey}\\${def.key}`,
        valuePrefix: '',
      });
  }
}

function admxPolicy(def: PolicyDef): string {
  const control = policyElement(def, 4);
  const body = [
    element(3, 'parentCategory', { ref: categoryId(def.category) }),
    element(3, 'supportedOn', { ref: SUPPORTED }),
    ...(def.type === 'boolean'
      ? [
          element(3, 'enabledValue', {}, [element(4, 'decimal', { value: 1 })]),
          element(3, 'disabledValue', {}, [element(4, 'decimal', { value: 0 })]),
        ]
      : [element(3, 'elements', {}, control ? [control] : [])]),
  ];
  return element(
    2,
    'policy',
    {
      name: def.key,
      class: 'Both',
      displayName: `$(string.${def.key})`,
      explainText: `$(string.${explainId(def)})`,
      presentation: def.type === 'boolean' ? undefined : `$(presentation.${def.key})`,
      key: POLICY_LOCATIONS.registryKey,
      valueName: def.type === 'boolean' ? def.key : undefined,
    },
    body,
  );
}

export function buildAdmx(catalog: PolicyCatalog): string {
  const used = new Set(catalog.policies.map((def) => def.category));
  const categories = catalog.categories.filter((category) => used.has(category.key));
  return [
    XML_DECLARATION,
    element(0, 'policyDefinitions', ROOT_ATTRS, [
      element(1, 'policyNamespaces', {}, [
        element(2, 'target', { prefix: 'teamsafeadmin', namespace: 'TeamSafeAdmin.Policies.TeamSafeAdmin' }),
      ]),
      element(1, 'resources', { minRequiredRevision: '1.0' }),
      element(1, 'supportedOn', {}, [
        element(2, 'definitions', {}, [
          element(3, 'definition', { name: SUPPORTED, displayName: `$(string.${SUPPORTED})` }),
        ]),
      ]),
      element(1, 'categories', {}, [
        element(2, 'category', { name: ROOT_CATEGORY, displayName: `$(string.${ROOT_CATEGORY})` }),
        ...categories.map((category) =>
          element(
            2,
            'category',
            { name: categoryId(category.key), displayName: `$(string.${categoryId(category.key)})` },
            [element(3, 'parentCategory', { ref: ROOT_CATEGORY })],
          ),
        ),
      ]),
      element(1, 'policies', {}, catalog.policies.map(admxPolicy)),
    ]),
    '',
  ].join('\n');
}

/** The presentation (the controls in the policy's dialog), labelled with the policy's title. */
function presentation(def: PolicyDef, language: Language): string | null {
  const label = def.title[language];
  const wrap = (control: string) => element(3, 'presentation', { id: def.key }, [control]);
  switch (def.type) {
    case 'boolean':
      return null;
    case 'integer':
      return wrap(
        element(4, 'decimalTextBox', { refId: def.key, defaultValue: def.default ?? def.example, spinStep: 1 }, label),
      );
    case 'string':
      return wrap(element(4, 'textBox', { refId: def.key }, [element(5, 'label', {}, label)]));
    case 'enum': {
      // The default when there is one, else the first value (not the example: no language is preferred).
      const index = Math.max(
        0,
        def.values.findIndex((entry) => entry.value === def.default),
      );
      return wrap(element(4, 'dropdownList', { refId: def.key, noSort: true, defaultItem: index }, label));
    }
    case 'list':
      return wrap(element(4, 'listBox', { refId: def.key }, label));
  }
}

export function buildAdml(catalog: PolicyCatalog, language: Language, options: AdmxOptions): string {
  const strings: [string, string][] = [
    [ROOT_CATEGORY, PRODUCT],
    [SUPPORTED, SUPPORTED_ON[language](options.productVersion)],
    ...catalog.categories.map((category): [string, string] => [categoryId(category.key), category.title[language]]),
  ];
  for (const def of catalog.policies) {
    strings.push([def.key, def.title[language]], [explainId(def), def.description[language]]);
    if (def.type === 'enum') {
      for (const entry of def.values) strings.push([itemId(def, entry.value), entry.title[language]]);
    }
  }
  const presentations = catalog.policies.map((def) => presentation(def, language)).filter((p) => p !== null);
  return [
    XML_DECLARATION,
    element(0, 'policyDefinitionResources', ROOT_ATTRS, [
      element(1, 'displayName', {}, PRODUCT),
      element(1, 'description', {}, DESCRIPTION[language]),
      element(1, 'resources', {}, [
        element(
          2,
          'stringTable',
          {},
          strings.map(([id, text]) => element(3, 'string', { id }, text)),
        ),
        element(2, 'presentationTable', {}, presentations),
      ]),
    ]),
    '',
  ].join('\n');
}
