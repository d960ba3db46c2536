/**
 * From what the per-OS readers found to the effective policy.
 *
 * Rules (docs/managed-deployment.md says the same to IT):
 * - Precedence per policy: machine > user > default. The user's own setting
 *   sits between user policy and default; the caller applies it with
 *   `settingControls` / `applySettingPolicy`.
 * - Every value is checked against the catalogue on its own. An invalid
 *   value or an unknown name is ignored and reported as a problem; the other
 *   values still apply, and a lower scope's valid value takes its place.
 * - A lock flag (e.g. `ServerUrlLocked`) applies only while the policy it
 *   locks has an effective value from policy (machine or user). Otherwise the
 *   lock is not applied — its effective value is the default, `false` — and a
 *   `lock_without_value` problem says why: never a lock on nothing, never a
 *   silently half-applied one.
 */
import { POLICIES, type PolicyValues } from './catalog.ts';
import { describeExpectation, policySchema } from './schema.ts';
import {
  GOVERNED_SETTINGS,
  type CatalogValues,
  type GovernedSetting,
  type PolicyDef,
  type PolicyOrigin,
  type PolicyScope,
} from './types.ts';
import type { Language } from '../languages.ts';

export type SourceStatus = 'absent' | 'applied' | 'untrusted' | 'unreadable';

/** Why a source was not applied (the About view translates these; `detail` is English for the log). */
export type SourceReason =
  | 'symlink'
  | 'not_a_file'
  | 'not_root_owned'
  | 'writable_by_others'
  | 'too_large'
  | 'invalid_json'
  | 'invalid_plist'
  | 'not_an_object'
  | 'read_failed'
  | 'registry_failed'
  | 'timeout';

export interface PolicySourceReport {
  scope: PolicyScope;
  /** A path or a registry key, for the About view and the log. */
  location: string;
  status: SourceStatus;
  reason?: SourceReason;
  detail?: string;
}

/** One scope's raw name → value map, as a reader found it (empty unless `applied`). */
export interface PolicyRead extends PolicySourceReport {
  values: Readonly<Record<string, unknown>>;
}

export type PolicyProblemReason = 'unknown_policy' | 'invalid_value' | 'lock_without_value';

export interface PolicyProblem {
  scope: PolicyScope;
  key: string;
  reason: PolicyProblemReason;
  /** English, for the log and the About view's detail line. */
  detail: string;
}

export interface EffectiveEntry<V> {
  value: V;
  source: PolicyOrigin;
}

export type EffectivePolicy<V> = { [K in keyof V]: EffectiveEntry<V[K]> };

export interface ResolvedPolicy<V = PolicyValues> {
  /** Every catalogue policy, in catalogue order. */
  effective: EffectivePolicy<V>;
  problems: PolicyProblem[];
  sources: PolicySourceReport[];
}

const SCOPE_ORDER: readonly PolicyScope[] = ['machine', 'user'];

function preview(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

export function resolvePolicy(reads: readonly PolicyRead[]): ResolvedPolicy;
export function resolvePolicy<P extends readonly PolicyDef[]>(
  reads: readonly PolicyRead[],
  policies: P,
): ResolvedPolicy<CatalogValues<P>>;
export function resolvePolicy(
  reads: readonly PolicyRead[],
  policies: readonly PolicyDef[] = POLICIES,
): ResolvedPolicy<Record<string, unknown>> {
  const byKey = new Map(policies.map((def) => [def.key, def]));
  const problems: PolicyProblem[] = [];
  const valid = new Map<PolicyScope, Map<string, unknown>>(SCOPE_ORDER.map((scope) => [scope, new Map()]));

  for (const read of reads) {
    if (read.status !== 'applied') continue;
    const scopeValues = valid.get(read.scope)!;
    for (const [key, raw] of Object.entries(read.values)) {
      const def = byKey.get(key);
      if (!def) {
        problems.push({ scope: read.scope, key, reason: 'unknown_policy', detail: `${key} is not a known policy` });
        continue;
      }
      const parsed = policySchema(def).safeParse(raw);
      if (!parsed.success) {
        const detail = `expected ${describeExpectation(def)}; got ${preview(raw)}`;
        problems.push({ scope: read.scope, key, reason: 'invalid_value', detail });
      } else if (!scopeValues.has(key)) {
        scopeValues.set(key, parsed.data);
      }
    }
  }

  const effective: Record<string, EffectiveEntry<unknown>> = {};
  for (const def of policies) {
    const scope = SCOPE_ORDER.find((candidate) => valid.get(candidate)!.has(def.key));
    effective[def.key] = scope
      ? { value: valid.get(scope)!.get(def.key), source: scope }
      : { value: def.default, source: 'default' };
  }

  for (const def of policies) {
    if (def.effect.kind !== 'lockFlag') continue;
    const flag = effective[def.key]!;
    if (flag.value !== true || flag.source === 'default') continue;
    const locked = effective[def.effect.locks];
    if (locked && locked.source !== 'default') continue;
    problems.push({
      scope: flag.source,
      key: def.key,
      reason: 'lock_without_value',
      detail: `${def.key} is on but ${def.effect.locks} has no valid value; the lock is not applied`,
    });
    effective[def.key] = { value: def.default ?? false, source: 'default' };
  }

  const sources = reads.map(({ values: _values, ...report }) => report);
  return { effective, problems, sources };
}

/** Just the values, for code that does not care where they came from. */
export function effectiveValues<V>(resolved: ResolvedPolicy<V>): V {
  const entries = Object.entries(resolved.effective as Record<string, EffectiveEntry<unknown>>);
  return Object.fromEntries(entries.map(([key, entry]) => [key, entry.value])) as V;
}

/** The value types of the governed user settings. */
export interface GovernedSettingValues {
  serverUrl: string;
  language: Language;
  cacheEnabled: boolean;
  cacheMaxAgeDays: number;
}

/** How policy constrains one user setting, and which policy and scope does it. */
export type SettingControl<V> =
  | { kind: 'free' }
  | { kind: 'preset' | 'locked'; policy: string; value: V; scope: PolicyScope }
  | { kind: 'capped'; policy: string; max: number; scope: PolicyScope };

export type SettingControls = { [S in GovernedSetting]: SettingControl<GovernedSettingValues[S]> };

/**
 * Per user setting: locked, preset or capped by policy (and by which policy
 * and scope), or free. A lock beats a preset beats a cap.
 */
export function settingControls(
  resolved: ResolvedPolicy<Record<string, unknown>> | ResolvedPolicy,
  policies: readonly PolicyDef[] = POLICIES,
): SettingControls {
  const effective = resolved.effective as Record<string, EffectiveEntry<unknown>>;
  const rank = { free: 0, capped: 1, preset: 2, locked: 3 } as const;
  const controls: Record<string, SettingControl<unknown>> = {};
  const offer = (setting: GovernedSetting, control: SettingControl<unknown>) => {
    const current = controls[setting];
    if (!current || rank[control.kind] > rank[current.kind]) controls[setting] = control;
  };
  for (const def of policies) {
    const entry = effective[def.key];
    if (!entry || entry.source === 'default' || entry.value === null) continue;
    const { effect } = def;
    const scope = entry.source;
    if (effect.kind === 'lock') offer(effect.setting, { kind: 'locked', policy: def.key, value: entry.value, scope });
    if (effect.kind === 'cap') {
      offer(effect.setting, { kind: 'capped', policy: def.key, max: Number(entry.value), scope });
    }
    if (effect.kind === 'preset') {
      const flag = policies.find((other) => other.effect.kind === 'lockFlag' && other.effect.locks === def.key);
      const lock = flag ? effective[flag.key] : undefined;
      if (lock?.value === true && lock.source !== 'default') {
        offer(effect.setting, { kind: 'locked', policy: def.key, value: entry.value, scope: lock.source });
      } else {
        offer(effect.setting, { kind: 'preset', policy: def.key, value: entry.value, scope });
      }
    }
  }
  return Object.fromEntries(
    GOVERNED_SETTINGS.map((setting) => [setting, controls[setting] ?? { kind: 'free' }]),
  ) as SettingControls;
}

/**
 * The value a governed setting takes: a lock wins; a preset applies until
 * the user chose their own value (`own` null/undefined: no choice); a cap
 * bounds the user's value from above; otherwise the user's value or `fallback`.
 */
export function applySettingPolicy<V>(control: SettingControl<V>, own: V | null | undefined, fallback: V): V {
  switch (control.kind) {
    case 'locked':
      return control.value;
    case 'preset':
      return own ?? control.value;
    case 'capped':
      return Math.min(Number(own ?? fallback), control.max) as V;
    case 'free':
      return own ?? fallback;
  }
}
