/**
 * Print the text messages the reference SMS gateway recorded:
 *
 *   node server/outbox-cli.ts --db PATH [--to +41791234567] [--limit N] [--json]
 *
 * Opens the database read-only; the server may keep running.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { readOutbox } from './sms.ts';

const USAGE = 'usage: node server/outbox-cli.ts --db PATH [--to +41791234567] [--limit N] [--json]';

function main(): void {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!values.db) throw new Error(USAGE);
  const limit = values.limit === undefined ? 1000 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new Error('--limit must be a positive integer');
  const dbPath = resolve(values.db);
  if (!existsSync(dbPath)) throw new Error(`no database at ${dbPath}`);

  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const hasOutbox = db
      .prepare("SELECT 1 AS one FROM sqlite_master WHERE type = 'table' AND name = 'sms_outbox'")
      .get();
    if (!hasOutbox) throw new Error(`${dbPath} has no SMS outbox (start the server on it once to migrate it)`);
    const messages = readOutbox(db, { ...(values.to ? { to: values.to } : {}), limit });
    if (values.json) {
      console.log(JSON.stringify(messages, null, 2));
      return;
    }
    if (messages.length === 0) {
      console.log('The SMS outbox is empty.');
      return;
    }
    for (const message of messages) {
      console.log(`#${message.id}  ${message.createdAt}  to ${message.to}  [${message.language}]`);
      console.log(`    ${message.text}`);
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
