/**
 * The registry and plists carry weaker types than the catalogue: a DWORD
 * 0/1 for a boolean, a 64-bit integer as a bigint, a number stored as text.
 * These are turned into the catalogue's type; anything else is passed on
 * untouched so the resolver can report it as invalid.
 */
import type { PolicyDef } from '../../../shared/policy/types.ts';

export function coerceForPolicy(def: PolicyDef | undefined, raw: unknown): unknown {
  const value = typeof raw === 'bigint' && Number.isSafeInteger(Number(raw)) ? Number(raw) : raw;
  if (!def) return value;
  if (def.type === 'boolean' && (value === 0 || value === 1)) return value === 1;
  if (def.type === 'integer' && typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value)) return Number(value);
  return value;
}

/** Catalogue lookup by name, case-insensitively (registry value names are). */
export function policyLookup(policies: readonly PolicyDef[]): (name: string) => PolicyDef | undefined {
  const byName = new Map(policies.map((def) => [def.key.toLowerCase(), def]));
  return (name) => byName.get(name.toLowerCase());
}
