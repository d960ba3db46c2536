/**
 * Run the reference server:
 *
 *   node server/main.ts [--db PATH] [--port N] [--host 127.0.0.1] [--hostname NAME]... [--seed-if-empty]
 *                       [--members N] [--dev-endpoints]
 *
 * Listens on 127.0.0.1 unless `--host` says otherwise. With `--seed-if-empty`
 * an empty database gets the demo data (`--members N` adds a "Large
 * Organisation" safe with N members). `TEAM_SAFE_SUPPORT_TOKEN` (16+
 * characters) enables the support-only security-group definition routes.
 * The server answers only to its own names (the listening address,
 * `localhost` on loopback, and each `--hostname`, required with
 * `--host 0.0.0.0`). `--dev-endpoints` turns on the dev SMS outbox (GET
 * /api/v1/dev/sms-outbox, organisation administrators only, with readable
 * codes); it is off unless asked for.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEV_SMS_OUTBOX_PATH, startServer } from './app.ts';
import { openDatabase } from './db.ts';
import { DEMO_ACCOUNTS, DEMO_ORGANISATION, isEmpty, seedDemo } from './seed.ts';

export const DEFAULT_DB_PATH = '.data/team-safe.db';

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`);
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string', default: DEFAULT_DB_PATH },
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'seed-if-empty': { type: 'boolean', default: false },
      members: { type: 'string' },
      hostname: { type: 'string', multiple: true },
      // the dev SMS outbox (readable codes): only when asked for
      'dev-endpoints': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'node server/main.ts [--db PATH] [--port N] [--host 127.0.0.1] [--hostname NAME]... [--seed-if-empty] [--members N] [--dev-endpoints]',
    );
    return;
  }
  const dbPath = resolve(values.db);
  const port = integer(values.port, 'port', 0);
  const members = integer(values.members, 'members', 0);

  let seeded = false;
  const db = openDatabase(dbPath); // creates parent folders and migrates
  try {
    if (values['seed-if-empty'] && isEmpty(db)) {
      const started = performance.now();
      await seedDemo(db, { largeSafeMembers: members });
      console.log(`Seeded demo data into ${dbPath} in ${Math.round(performance.now() - started)} ms`);
      seeded = true;
    }
  } finally {
    db.close();
  }

  // support staff's secret for the group-definition routes; those routes answer 403 without it
  const supportToken = process.env.TEAM_SAFE_SUPPORT_TOKEN || undefined;
  const devEndpoints = values['dev-endpoints'];
  const server = await startServer({
    dbPath,
    host: values.host,
    port,
    devEndpoints,
    hostnames: values.hostname ?? [],
    ...(supportToken ? { supportToken } : {}),
  });
  const hasDemo = server.db.prepare('SELECT 1 FROM organisations WHERE id = ?').get(DEMO_ORGANISATION.id) !== undefined;
  console.log(`Team Safe Admin reference server listening on ${server.url}`);
  console.log(`Database: ${dbPath}${seeded ? ' (seeded now)' : ''}`);
  if (devEndpoints) console.log(`SMS outbox (dev, organisation administrators): ${server.url}${DEV_SMS_OUTBOX_PATH}`);
  if (hasDemo) {
    const { admin } = DEMO_ACCOUNTS;
    console.log(`Demo sign-in: ${admin.email} / ${admin.password}`);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
