/**
 * The shape of a machine-policy definition. The catalogue (`catalog.ts`) is
 * a list of these; the readers, the resolver, the templates and the About
 * view work from any list of this shape, so adding a policy is adding an
 * entry, not code.
 */
import type { Language } from '../languages.ts';

export type Localized = Readonly<Record<Language, string>>;

/** Where a policy value was set: the whole machine, or the signed-in OS user. */
export type PolicyScope = 'machine' | 'user';
/** Where an effective value came from. */
export type PolicyOrigin = PolicyScope | 'default';

/** The user settings a policy can govern (see `electron/core/settings.ts`). */
export const GOVERNED_SETTINGS = ['serverUrl', 'language', 'cacheEnabled', 'cacheMaxAgeDays'] as const;
export type GovernedSetting = (typeof GOVERNED_SETTINGS)[number];

/**
 * What a policy does to the user setting it governs:
 * - `lock`: the setting takes the policy's value and cannot be changed;
 * - `preset`: the policy's value is used until the user chooses their own;
 * - `cap`: an upper bound the user can go below but not above;
 * - `lockFlag`: a boolean that, when true, turns another policy's `preset` into a lock;
 * - `enforce`: app behaviour with no user setting (updates, idle sign-out, …).
 */
export type PolicyEffect =
  | { kind: 'lock'; setting: GovernedSetting }
  | { kind: 'preset'; setting: GovernedSetting }
  | { kind: 'cap'; setting: GovernedSetting }
  | { kind: 'lockFlag'; locks: string }
  | { kind: 'enforce' };

/**
 * Checked string shapes. `serverUrl`: the product's rule for a backend address
 * (https, plain http only for loopback, an origin); `httpsUrl`: an update
 * feed (`UpdateFeedUrl` in shared/updates.ts: https with a path, http only on loopback); `region`: an ISO 3166 region code
 * the phone metadata knows.
 */
export type StringFormat = 'serverUrl' | 'httpsUrl';
export type ListItemFormat = 'region';

interface PolicyCommon {
  /** The name in the registry, the plist and the JSON file. PascalCase, stable. */
  key: string;
  /** A key of `POLICY_CATEGORIES`. */
  category: string;
  title: Localized;
  description: Localized;
  effect: PolicyEffect;
}

export interface BooleanPolicyDef extends PolicyCommon {
  type: 'boolean';
  default: boolean | null;
  example: boolean;
}

export interface IntegerPolicyDef extends PolicyCommon {
  type: 'integer';
  min: number;
  max: number;
  default: number | null;
  example: number;
}

export interface StringPolicyDef extends PolicyCommon {
  type: 'string';
  format: StringFormat;
  default: string | null;
  example: string;
}

export interface EnumPolicyDef extends PolicyCommon {
  type: 'enum';
  values: readonly { value: string; title: Localized }[];
  default: string | null;
  example: string;
}

export interface ListPolicyDef extends PolicyCommon {
  type: 'list';
  item: ListItemFormat;
  minItems: number;
  maxItems: number;
  default: readonly string[] | null;
  example: readonly string[];
}

/** `default: null` means "not set": the app's own behaviour or the user's choice applies. */
export type PolicyDef = BooleanPolicyDef | IntegerPolicyDef | StringPolicyDef | EnumPolicyDef | ListPolicyDef;
export type PolicyType = PolicyDef['type'];

export interface PolicyCategory {
  key: string;
  title: Localized;
}

/** A catalogue: its policies and the categories they are grouped in. */
export interface PolicyCatalog {
  policies: readonly PolicyDef[];
  categories: readonly PolicyCategory[];
}

type ValueOfDef<D> = D extends { type: 'boolean' }
  ? boolean
  : D extends { type: 'integer' }
    ? number
    : D extends { type: 'enum'; values: readonly (infer I)[] }
      ? I extends { value: infer V }
        ? V
        : never
      : D extends { type: 'list' }
        ? string[]
        : string;

/** The effective value type of one definition (`| null` when it can be "not set"). */
export type EffectiveValueOf<D> = D extends { default: null } ? ValueOfDef<D> | null : ValueOfDef<D>;

/** Each key of a catalogue's policies mapped to its effective value type. */
export type CatalogValues<P extends readonly PolicyDef[]> = {
  [D in P[number] as D['key']]: EffectiveValueOf<D>;
};
