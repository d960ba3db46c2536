/**
 * Windows: `HKLM\SOFTWARE\Policies\TeamSafeAdmin` (machine) and
 * `HKCU\SOFTWARE\Policies\TeamSafeAdmin` (user), as Group Policy and Intune
 * write them from the generated ADMX: one value per policy, and a list as a
 * subkey of numbered values (`…\SmsCountries\1 = CH`), the way ADMX `<list>`
 * and Chrome's policies store lists. A REG_MULTI_SZ value is accepted for a
 * list too. Names are matched case-insensitively, as Windows does.
 */
import { POLICIES, POLICY_LOCATIONS } from '../../../shared/policy/catalog.ts';
import type { PolicyDef, PolicyScope } from '../../../shared/policy/types.ts';
import { coerceForPolicy, policyLookup } from './coerce.ts';
import { createRegQuery, longKeyName, type RegKey, type RegQuery, type RegValue } from './windows-registry.ts';
import { failure, notApplied, type PolicySource } from './source.ts';

export interface WindowsPolicySourceOptions {
  /** The registry adapter (tests pass one built on a recording runner). */
  query?: RegQuery;
  /** Below HKLM and HKCU. */
  registryKey?: string;
  policies?: readonly PolicyDef[];
}

const listItems = (value: RegValue): string[] => (value.type === 'REG_MULTI_SZ' ? value.data : [String(value.data)]);

/** reg prints the unnamed default value as "(Default)" in the OS language; policy names never have parentheses. */
const isDefaultValue = (name: string) => /^\(.*\)$/.test(name);

/**
 * The policy name → value map of one scope from the keys `reg query /s`
 * printed. Values straight under `root`; one list per direct subkey (its
 * numbered values in numeric order; an empty subkey, which Group Policy
 * leaves behind when a list policy is switched off, counts as not set).
 */
export function registryPolicyValues(
  keys: readonly RegKey[],
  root: string,
  policies: readonly PolicyDef[] = POLICIES,
): Record<string, unknown> {
  const lookup = policyLookup(policies);
  const rootPath = longKeyName(root).toLowerCase();
  const values: Record<string, unknown> = {};
  const put = (name: string, raw: unknown) => {
    const def = lookup(name);
    values[def?.key ?? name] = coerceForPolicy(def, raw);
  };
  for (const key of keys) {
    const path = key.path.toLowerCase();
    if (path === rootPath) {
      for (const [name, value] of key.values) if (!isDefaultValue(name)) put(name, value.data);
      continue;
    }
    if (!path.startsWith(`${rootPath}\\`)) continue;
    const subkey = key.path.slice(rootPath.length + 1);
    if (subkey.includes('\\')) continue; // deeper keys mean nothing to us
    const items = [...key.values]
      .filter(([name]) => /^\d+$/.test(name))
      .sort(([a], [b]) => Number(a) - Number(b))
      .flatMap(([, value]) => listItems(value));
    if (items.length > 0) put(subkey, items);
  }
  return values;
}

function windowsSource(scope: PolicyScope, hive: 'HKLM' | 'HKCU', options: WindowsPolicySourceOptions): PolicySource {
  const location = `${hive}\\${options.registryKey ?? POLICY_LOCATIONS.registryKey}`;
  const query = options.query ?? createRegQuery();
  const policies = options.policies ?? POLICIES;
  return {
    scope,
    location,
    watchFiles: [],
    async read() {
      const result = await query(location);
      if (result.kind === 'missing') return notApplied({ scope, location, status: 'absent' });
      if (result.kind === 'failed') return failure(scope, location, 'unreadable', result.reason, result.detail);
      return { scope, location, status: 'applied', values: registryPolicyValues(result.keys, location, policies) };
    },
  };
}

/** Machine (HKLM) first, then user (HKCU). */
export function createWindowsPolicySources(options: WindowsPolicySourceOptions = {}): PolicySource[] {
  const shared = { ...options, query: options.query ?? createRegQuery() };
  return [windowsSource('machine', 'HKLM', shared), windowsSource('user', 'HKCU', shared)];
}
