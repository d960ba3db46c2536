/**
 * The resolved policy as it crosses IPC (the About view, the settings
 * screen): zod schemas derived from the catalogue, for the contract's
 * response and push payloads.
 */
import { z } from 'zod';
import { POLICIES } from './catalog.ts';
import type { PolicySourceReport, ResolvedPolicy, SettingControls } from './resolve.ts';
import { policySchema } from './schema.ts';
import { LANGUAGES } from '../languages.ts';
import type { GovernedSetting, PolicyDef } from './types.ts';

const Scope = z.enum(['machine', 'user']);
const Origin = z.enum(['machine', 'user', 'default']);

const SourceReport = z.object({
  scope: Scope,
  location: z.string(),
  status: z.enum(['absent', 'applied', 'untrusted', 'unreadable']),
  reason: z
    .enum([
      'symlink',
      'not_a_file',
      'not_root_owned',
      'writable_by_others',
      'too_large',
      'invalid_json',
      'invalid_plist',
      'not_an_object',
      'read_failed',
      'registry_failed',
      'timeout',
    ])
    .optional(),
  detail: z.string().optional(),
}) satisfies z.ZodType<PolicySourceReport>;

const Problem = z.object({
  scope: Scope,
  key: z.string(),
  reason: z.enum(['unknown_policy', 'invalid_value', 'lock_without_value']),
  detail: z.string(),
});

/** `ResolvedPolicy` for a catalogue: every key with a value its own schema accepts (or null) and a source. */
export function policySnapshotSchema(policies: readonly PolicyDef[]) {
  const effective = Object.fromEntries(
    policies.map((def) => [def.key, z.object({ value: policySchema(def).nullable(), source: Origin })]),
  );
  return z.object({
    effective: z.object(effective).strict(),
    problems: z.array(Problem),
    sources: z.array(SourceReport),
  });
}

/** The product's resolved policy on the wire. */
export const PolicySnapshot = policySnapshotSchema(POLICIES) as unknown as z.ZodType<ResolvedPolicy>;

const Control = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('free') }),
    z.object({ kind: z.enum(['preset', 'locked']), policy: z.string(), value, scope: Scope }),
    z.object({ kind: z.literal('capped'), policy: z.string(), max: z.number().int(), scope: Scope }),
  ]);

/** `settingControls(...)` on the wire. */
export const SettingControlsSchema: z.ZodType<SettingControls> = z.object({
  serverUrl: Control(z.string()),
  language: Control(z.enum(LANGUAGES)),
  cacheEnabled: Control(z.boolean()),
  cacheMaxAgeDays: Control(z.number().int()),
} satisfies Record<GovernedSetting, z.ZodType>);
