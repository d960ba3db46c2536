/**
 * The policy table in docs/managed-deployment.md, generated from the
 * catalogue between two markers (and kept out of Prettier's table
 * alignment, so the generated text is the text on disk).
 */
import { FORMAT_DESCRIPTIONS } from '../../shared/policy/schema.ts';
import type { PolicyCatalog, PolicyDef } from '../../shared/policy/types.ts';

export const TABLE_START =
  '<!-- policy-table:start (generated: npm run policy-templates -- --docs docs/managed-deployment.md) -->';
export const TABLE_END = '<!-- policy-table:end -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string) => `\`${text}\``;

function typeText(def: PolicyDef): string {
  switch (def.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return `integer ${def.min}–${def.max}`;
    case 'string':
      return `string: ${FORMAT_DESCRIPTIONS[def.format]}`;
    case 'enum':
      return `one of ${def.values.map((entry) => code(entry.value)).join(', ')}`;
    case 'list':
      return `list of ${FORMAT_DESCRIPTIONS[def.item]}`;
  }
}

function effectText(def: PolicyDef): string {
  const { effect } = def;
  switch (effect.kind) {
    case 'lock':
      return `locks the setting ${code(effect.setting)}`;
    case 'preset':
      return `presets the setting ${code(effect.setting)}`;
    case 'cap':
      return `caps the setting ${code(effect.setting)}`;
    case 'lockFlag':
      return `when true, locks ${code(effect.locks)}`;
    case 'enforce':
      return 'applies to the app';
  }
}

export function policyTable(catalog: PolicyCatalog): string {
  const rows = catalog.policies.map((def) =>
    [
      code(def.key),
      typeText(def),
      def.default === null ? 'not set' : code(JSON.stringify(def.default)),
      effectText(def),
      def.description.en,
    ]
      .map(cell)
      .join(' | '),
  );
  return [
    TABLE_START,
    '<!-- prettier-ignore-start -->',
    '| Policy | Type | Default | Effect | What it does |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
    '<!-- prettier-ignore-end -->',
    TABLE_END,
  ].join('\n');
}

/** The document with its table replaced by the current one. */
export function withPolicyTable(markdown: string, catalog: PolicyCatalog): string {
  const start = markdown.indexOf(TABLE_START);
  const end = markdown.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error('the policy table markers are missing');
  return markdown.slice(0, start) + policyTable(catalog) + markdown.slice(end + TABLE_END.length);
}
