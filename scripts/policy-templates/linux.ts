/**
 * `policy.schema.json` (JSON Schema draft-07, for editors and CI checks of
 * `/etc/team-safe-admin/policy.json`) and an example file, from a
 * catalogue. The schema mirrors the zod rules the app applies; the tests
 * check the two agree on good and bad values.
 */
import { getCountries } from '../../shared/phone.ts';
import type { ListItemFormat, PolicyCatalog, PolicyDef, StringFormat } from '../../shared/policy/types.ts';

type JsonSchema = Record<string, unknown>;

const STRING_FORMATS: Readonly<Record<StringFormat, JsonSchema>> = {
  serverUrl: {
    pattern: '^(https://[^/?#@\\s]+|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?)/?$',
    maxLength: 2048,
  },
  httpsUrl: {
    pattern: '^(https://[^\\s@#/?]+|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]{1,5})?)(/[^\\s#?]*)?$',
    maxLength: 2048,
  },
};

const LIST_ITEMS: Readonly<Record<ListItemFormat, () => JsonSchema>> = {
  region: () => ({ type: 'string', enum: [...getCountries()].sort() }),
};

function propertySchema(def: PolicyDef): JsonSchema {
  const common = {
    title: def.title.en,
    description: def.description.en,
    ...(def.default !== null ? { default: def.default } : {}),
    examples: [def.example],
  };
  switch (def.type) {
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'integer':
      return { ...common, type: 'integer', minimum: def.min, maximum: def.max };
    case 'string':
      return { ...common, type: 'string', ...STRING_FORMATS[def.format] };
    case 'enum':
      return { ...common, type: 'string', enum: def.values.map((entry) => entry.value) };
    case 'list':
      return {
        ...common,
        type: 'array',
        items: LIST_ITEMS[def.item](),
        minItems: def.minItems,
        maxItems: def.maxItems,
      };
  }
}

export function buildJsonSchema(catalog: PolicyCatalog): JsonSchema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Team Safe Admin machine policy',
    description:
      'The contents of /etc/team-safe-admin/policy.json (owned by root, mode 0644 or stricter). Every property is optional.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(catalog.policies.map((def) => [def.key, propertySchema(def)])),
  };
}

export function buildExamplePolicy(catalog: PolicyCatalog): Record<string, unknown> {
  return Object.fromEntries(catalog.policies.map((def) => [def.key, def.example]));
}
