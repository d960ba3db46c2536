/**
 * The reference server's database: one SQLite file (or `:memory:`), opened
 * with WAL and foreign keys, brought up to date by an ordered list of
 * migrations recorded in `schema_migrations`.
 *
 * Tokens are stored only as SHA-256 hashes; passwords only as scrypt hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { MIGRATIONS } from './migrations/index.ts';

export { MIGRATIONS };

/** Open (creating parent folders) and migrate. `:memory:` for a throw-away database. */
export function openDatabase(path: string): DatabaseSync {
  const location = path === ':memory:' ? path : resolve(path);
  if (location !== ':memory:') {
    mkdirSync(dirname(location), { recursive: true });
    ownerOnly(location);
  }
  const db = new DatabaseSync(location, { enableForeignKeyConstraints: true });
  try {
    if (location !== ':memory:') db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA foreign_keys = ON');
    db.exec('PRAGMA busy_timeout = 5000');
    db.exec('PRAGMA synchronous = NORMAL');
    // Statement journals in memory: the change-log triggers give every write a
    // statement journal, which in a temporary file would double the time of a bulk seed.
    db.exec('PRAGMA temp_store = MEMORY');
    migrate(db);
    // SQLite gives its -wal and -shm files the database file's mode; files left by an older version are tightened
    if (location !== ':memory:')
      for (const suffix of ['-wal', '-shm']) if (existsSync(location + suffix)) ownerOnly(location + suffix);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * The database holds password hashes, token hashes and (dev outbox) codes:
 * readable and writable by its owner only (0600), created so, tightened if
 * an older version created it with the umask's mode.
 */
function ownerOnly(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}

/** Apply every migration not yet recorded; returns how many ran. */
export function migrate(db: DatabaseSync, steps: readonly string[] = MIGRATIONS): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
  )`);
  const row = db.prepare('SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations').get() as
    { version: number } | undefined;
  const current = row?.version ?? 0;
  if (current > steps.length) {
    throw new Error(`database schema version ${current} is newer than this server (${steps.length})`);
  }
  let applied = 0;
  for (let version = current + 1; version <= steps.length; version++) {
    const sql = steps[version - 1] ?? '';
    transaction(db, () => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    });
    applied++;
  }
  return applied;
}

/** Run `fn` inside one write transaction (joining one already open). `fn` must be synchronous. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

const statementCache = new WeakMap<DatabaseSync, Map<string, StatementSync>>();

/** A prepared statement, prepared once per database. */
export function statement(db: DatabaseSync, sql: string): StatementSync {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

/** First row of a query, typed by the caller. */
export function queryOne<T>(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): T | undefined {
  return statement(db, sql).get(...params) as T | undefined;
}

/** All rows of a query, typed by the caller. */
export function queryAll<T>(db: DatabaseSync, sql: string, ...params: SQLInputValue[]): T[] {
  return statement(db, sql).all(...params) as T[];
}

/** A random, URL-safe identifier (matches the `Id` schema). */
export function newId(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** How tokens are stored: never the token itself. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Latin letters that carry their mark inside (no decomposition), folded by hand. */
// prettier-ignore
const FOLDS: Readonly<Record<string, string>> = {
  ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ı: 'i', ŧ: 't', æ: 'ae', œ: 'oe', ß: 'ss', þ: 'th',
};

/**
 * Key that orders member names: lower case, diacritics removed, so that
 * "Élodie" sorts with "Elodie" and "Łukasz" with "Lukas". Names in other
 * scripts sort after Latin ones, by code point.
 */
export function nameSortKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[łøđðħıŧæœßþ]/g, (letter) => FOLDS[letter] ?? letter);
}
