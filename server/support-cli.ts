/**
 * Support staff's tool for security-group definitions, on the server's
 * database (organisation administrators cannot define groups):
 *
 *   node server/support-cli.ts apply --db PATH --file GROUPS.json
 *       create or update the groups of a definition file (matched by id, else
 *       by name); names and permissions only, every change audited
 *   node server/support-cli.ts list --db PATH [--org ORG_ID]
 *       print the groups with their permissions and member counts
 *
 * The file format is SecurityGroupConfig (server/group-definitions.ts); see
 * server/security-groups.demo.json. Its `members` lists are for the demo seed
 * and are ignored here: membership belongs to the organisation's administrators.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, queryAll, transaction } from './db.ts';
import { applyGroupConfigInTransaction, loadGroupConfig } from './group-definitions.ts';
import { sortPermissionKeys } from './groups.ts';

const USAGE = [
  'usage: node server/support-cli.ts apply --db PATH --file GROUPS.json',
  '       node server/support-cli.ts list --db PATH [--org ORG_ID]',
].join('\n');

function main(): void {
  const { values, positionals } = parseArgs({
    options: { db: { type: 'string' }, file: { type: 'string' }, org: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const command = positionals[0];
  if (!values.db || (command !== 'apply' && command !== 'list') || (command === 'apply' && !values.file)) {
    throw new Error(USAGE);
  }
  const db = openDatabase(resolve(values.db));
  try {
    if (command === 'apply') {
      const config = loadGroupConfig(resolve(values.file ?? ''));
      const summary = transaction(db, () =>
        applyGroupConfigInTransaction(db, config, { at: new Date(), source: 'support-cli' }),
      );
      const ignored = config.organisations.flatMap((org) => org.groups).filter((g) => g.members?.length).length;
      console.log(
        `created ${summary.created.length}, updated ${summary.updated.length}, unchanged ${summary.unchanged.length}`,
      );
      for (const name of summary.created) console.log(`  created  ${name}`);
      for (const name of summary.updated) console.log(`  updated  ${name}`);
      if (ignored > 0) console.log(`  (members of ${ignored} group(s) ignored: administrators manage membership)`);
      return;
    }
    const rows = queryAll<{ id: string; org_id: string; name: string; keys: string | null; members: number }>(
      db,
      `SELECT g.id, g.org_id, g.name,
              (SELECT group_concat(permission_key) FROM security_group_permissions p WHERE p.group_id = g.id) AS keys,
              (SELECT COUNT(*) FROM security_group_members m WHERE m.group_id = g.id) AS members
         FROM security_groups g WHERE (? IS NULL OR g.org_id = ?) ORDER BY g.org_id, g.name`,
      values.org ?? null,
      values.org ?? null,
    );
    for (const row of rows) {
      const keys = sortPermissionKeys((row.keys ?? '').split(',').filter(Boolean)).join(', ');
      console.log(`${row.org_id}  ${row.id}  ${row.name}  [${keys}]  ${row.members} member(s)`);
    }
  } finally {
    db.close();
  }
}

try {
  main();
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
