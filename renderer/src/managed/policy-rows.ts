/**
 * The resolved machine policy as rows a person reads (the About view) and
 * as lines a helpdesk reads (Copy diagnostics): each catalogue policy with
 * its title in the UI language, the value in effect and where it comes from,
 * every ignored value with the reason, and every place policy was read.
 */
import type { TFunction } from 'i18next';
import type { Language } from '../../../shared/languages.ts';
import { POLICIES } from '../../../shared/policy/catalog.ts';
import type { PolicyProblem, PolicySourceReport, ResolvedPolicy } from '../../../shared/policy/resolve.ts';
import type { PolicyDef } from '../../../shared/policy/types.ts';

export interface PolicyRow {
  key: string;
  title: string;
  value: string;
  source: 'machine' | 'user' | 'default';
  sourceLabel: string;
  /** Values of this policy that were ignored, with the reason, in words. */
  ignored: string[];
}

export function formatPolicyValue(
  def: PolicyDef | undefined,
  value: unknown,
  t: TFunction,
  language: Language,
): string {
  if (value === null || value === undefined) return t('managed.notSet');
  if (typeof value === 'boolean') return value ? t('managed.on') : t('managed.off');
  if (Array.isArray(value)) return value.join(', ');
  if (def?.type === 'enum') return def.values.find((entry) => entry.value === value)?.title[language] ?? String(value);
  return String(value);
}

function problemText(problem: PolicyProblem, t: TFunction): string {
  return `${t('managed.ignored', { reason: t(`managed.problems.${problem.reason}`) })} (${t(`managed.${problem.scope}`)})`;
}

export function policyRows(policy: ResolvedPolicy, t: TFunction, language: Language): PolicyRow[] {
  const effective = policy.effective as Record<string, { value: unknown; source: PolicyRow['source'] }>;
  const known = new Set<string>(POLICIES.map((def) => def.key));
  const rows: PolicyRow[] = POLICIES.map((def: PolicyDef) => {
    const entry = effective[def.key] ?? { value: null, source: 'default' as const };
    return {
      key: def.key,
      title: def.title[language],
      value: formatPolicyValue(def, entry.value, t, language),
      source: entry.source,
      sourceLabel: t(`managed.${entry.source}`),
      ignored: policy.problems.filter((problem) => problem.key === def.key).map((problem) => problemText(problem, t)),
    };
  });
  // Names the catalogue does not know (a typo in a template, a policy of a newer version).
  for (const problem of policy.problems.filter((each) => !known.has(each.key))) {
    rows.push({
      key: problem.key,
      title: problem.key,
      value: '—',
      source: 'default',
      sourceLabel: t(`managed.${problem.scope}`),
      ignored: [problemText(problem, t)],
    });
  }
  return rows;
}

export function sourceText(source: PolicySourceReport, t: TFunction): string {
  const status = t(`managed.sourceStatus.${source.status}`);
  const reason = source.reason ? ` (${t(`managed.sourceReasons.${source.reason}`)})` : '';
  return `${t(`managed.${source.scope}`)}: ${source.location} — ${status}${reason}`;
}

/** Whether any policy is in effect or was tried (otherwise the view says that none is set). */
export function anyPolicy(policy: ResolvedPolicy): boolean {
  const effective = Object.values(policy.effective as Record<string, { source: string }>);
  return effective.some((entry) => entry.source !== 'default') || policy.problems.length > 0;
}

/** For Copy diagnostics: one line per policy, then where policy was read. */
export function policyDiagnostics(policy: ResolvedPolicy, t: TFunction, language: Language): string[] {
  const lines = policyRows(policy, t, language).map(
    (row) =>
      `${row.key} = ${row.value} [${row.sourceLabel}]${row.ignored.length > 0 ? ` — ${row.ignored.join('; ')}` : ''}`,
  );
  return [...lines, ...policy.sources.map((source) => sourceText(source, t))];
}
