/**
 * What the catalogue's definitions accept, derived from them: one zod schema
 * per policy (built from its type, range, values or format) and a plain
 * English description of the expectation for logs and the About view's
 * detail line.
 */
import { z } from 'zod';
import { isCountryCode } from '../phone.ts';
import { UpdateFeedUrl } from '../updates.ts';
import { ServerUrl } from '../validation.ts';
import { POLICIES, type PolicyKey, type PolicyValues } from './catalog.ts';
import type { ListItemFormat, PolicyDef, StringFormat } from './types.ts';

const STRING_FORMATS: Readonly<Record<StringFormat, z.ZodType<string, unknown>>> = {
  serverUrl: ServerUrl,
  // The update feed rule lives with the updater's other rules: one place for both.
  httpsUrl: UpdateFeedUrl,
};

/** Region codes are accepted in any case and stored upper-case. */
const LIST_ITEMS: Readonly<Record<ListItemFormat, z.ZodType<string, unknown>>> = {
  region: z
    .string()
    .trim()
    .toUpperCase()
    .refine((code) => isCountryCode(code), { message: 'unknown_region' }),
};

/** English, for logs and the About view's detail line. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<StringFormat | ListItemFormat, string>> = {
  serverUrl: 'an https:// server address without a path (plain http only for localhost)',
  httpsUrl: 'an https:// address without query or fragment (plain http only for localhost)',
  region: 'ISO 3166 region codes such as CH',
};

const schemas = new WeakMap<PolicyDef, z.ZodType<unknown, unknown>>();

function buildSchema(def: PolicyDef): z.ZodType<unknown, unknown> {
  switch (def.type) {
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().int().min(def.min).max(def.max);
    case 'string':
      return STRING_FORMATS[def.format];
    case 'enum':
      return z.enum(def.values.map((entry) => entry.value) as [string, ...string[]]);
    case 'list':
      return z
        .array(LIST_ITEMS[def.item])
        .min(def.minItems)
        .max(def.maxItems)
        .transform((items) => [...new Set(items)]);
  }
}

/** The schema a value of this policy must pass (normalising it: URL origin, upper-case regions, no duplicates). */
export function policySchema(def: PolicyDef): z.ZodType<unknown, unknown> {
  let schema = schemas.get(def);
  if (!schema) {
    schema = buildSchema(def);
    schemas.set(def, schema);
  }
  return schema;
}

/** "a whole number from 1 to 365", "one of off, notify, auto", … */
export function describeExpectation(def: PolicyDef): string {
  switch (def.type) {
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `a whole number from ${def.min} to ${def.max}`;
    case 'string':
      return FORMAT_DESCRIPTIONS[def.format];
    case 'enum':
      return `one of ${def.values.map((entry) => entry.value).join(', ')}`;
    case 'list':
      return `a list of ${def.minItems} to ${def.maxItems} ${FORMAT_DESCRIPTIONS[def.item]}`;
  }
}

const BY_KEY: ReadonlyMap<string, PolicyDef> = new Map((POLICIES as readonly PolicyDef[]).map((def) => [def.key, def]));

export function isPolicyKey(value: unknown): value is PolicyKey {
  return typeof value === 'string' && BY_KEY.has(value);
}

export function policyDef(key: PolicyKey): PolicyDef {
  const def = BY_KEY.get(key);
  if (!def) throw new Error(`unknown policy ${key}`);
  return def;
}

/** Check one value of a product policy: the normalised value, or undefined when it is not acceptable. */
export function parsePolicyValue<K extends PolicyKey>(
  key: K,
  value: unknown,
): NonNullable<PolicyValues[K]> | undefined {
  const parsed = policySchema(policyDef(key)).safeParse(value);
  return parsed.success ? (parsed.data as NonNullable<PolicyValues[K]>) : undefined;
}
