/**
 * Seed a new database with the demo organisation:
 *
 *   node server/seed-cli.ts --db PATH [--members N]
 *
 * Refuses a database that already holds data.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from './db.ts';
import { seedDemo } from './seed.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, members: { type: 'string' } },
    strict: true,
  });
  if (!values.db) throw new Error('usage: node server/seed-cli.ts --db PATH [--members N]');
  const members = values.members === undefined ? 0 : Number(values.members);
  if (!Number.isInteger(members) || members < 0) throw new Error('--members must be a non-negative integer');

  const dbPath = resolve(values.db);
  const db = openDatabase(dbPath);
  try {
    const started = performance.now();
    const { accounts, safes } = await seedDemo(db, { largeSafeMembers: members });
    const ms = Math.round(performance.now() - started);
    console.log(`Seeded ${dbPath} in ${ms} ms`);
    for (const safe of safes) console.log(`  team safe ${safe.name} (${safe.id}), limit ${safe.memberLimit}`);
    for (const account of Object.values(accounts)) {
      console.log(`  ${account.email} / ${account.password}: ${account.description}`);
    }
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
