/**
 * `npm run policy-templates -- --out DIR` writes the ADMX/ADML, the
 * mobileconfig, the JSON Schema and an example policy.json into DIR.
 * `--docs FILE` refreshes the policy table in the deployment guide.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { POLICY_CATALOG } from '../../shared/policy/catalog.ts';
import { withPolicyTable } from './docs.ts';
import { generatePolicyTemplates } from './index.ts';

const { values } = parseArgs({ options: { out: { type: 'string' }, docs: { type: 'string' } } });
if (!values.out && !values.docs) {
  console.error('Usage: npm run policy-templates -- --out DIR [--docs docs/managed-deployment.md]');
  process.exit(2);
}

if (values.out) {
  const version = String(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
  const productVersion = version.split('.').slice(0, 2).join('.');
  const out = resolve(values.out);
  for (const [name, content] of generatePolicyTemplates(POLICY_CATALOG, { productVersion })) {
    const path = join(out, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    console.log(`wrote ${path}`);
  }
}

if (values.docs) {
  const path = resolve(values.docs);
  writeFileSync(path, withPolicyTable(readFileSync(path, 'utf8'), POLICY_CATALOG));
  console.log(`updated the policy table in ${path}`);
}
