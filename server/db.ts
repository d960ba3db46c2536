/**
 * The reference server's database: one SQLite file (or `:memory:`), opened
 * with WAL and foreign keys, brought up to date by an ordered list of
 * migrations recorded in `schema_migrations`.
 *
 * Tokens are stored only as SHA-256 hashes; passwords only as scrypt hashes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type SQLInputValue, type StatementSync } from 'node:sqlite';
import { ROLE_KEYS } from '../shared/catalog/roles.ts';
import { LANGUAGES } from '../shared/languages.ts';

const sqlList = (values: readonly string[]): string => values.map((value) => `'${value}'`).join(', ');

/**
 * Ordered schema steps. Append only: a released step is never edited, a
 * change is a new step. Step `n` (1-based) is recorded as version `n`.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE organisations (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    email         TEXT NOT NULL UNIQUE CHECK (email = lower(email)),
    name          TEXT NOT NULL,
    language      TEXT NOT NULL CHECK (language IN (${sqlList(LANGUAGES)})),
    org_role      TEXT NOT NULL DEFAULT 'user' CHECK (org_role IN ('administrator', 'user')),
    password_hash TEXT,
    created_at    TEXT NOT NULL
  );
  CREATE INDEX users_org ON users (org_id);

  CREATE TABLE team_safes (
    id           TEXT PRIMARY KEY,
    org_id       TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    member_limit INTEGER NOT NULL CHECK (member_limit > 0),
    created_at   TEXT NOT NULL
  );
  CREATE INDEX team_safes_org ON team_safes (org_id, name);

  CREATE TABLE safe_members (
    id           TEXT PRIMARY KEY,
    safe_id      TEXT NOT NULL REFERENCES team_safes(id) ON DELETE CASCADE,
    user_id      TEXT REFERENCES users(id) ON DELETE SET NULL,
    name         TEXT NOT NULL,
    -- name folded for ordering: lower case, accents removed (SQLite has no ICU collation)
    sort_key     TEXT NOT NULL,
    email        TEXT NOT NULL CHECK (email = lower(email)),
    role         TEXT NOT NULL CHECK (role IN (${sqlList(ROLE_KEYS)})),
    status       TEXT NOT NULL CHECK (status IN ('invited', 'activated')),
    language     TEXT NOT NULL CHECK (language IN (${sqlList(LANGUAGES)})),
    invited_at   TEXT NOT NULL,
    activated_at TEXT,
    version      INTEGER NOT NULL DEFAULT 1,
    UNIQUE (safe_id, email),
    CHECK ((status = 'activated') = (activated_at IS NOT NULL))
  );
  -- filtered pages and grouped counts
  CREATE INDEX safe_members_status_order ON safe_members (safe_id, status, sort_key, id);
  -- unfiltered pages
  CREATE INDEX safe_members_order ON safe_members (safe_id, sort_key, id);
  -- "safes I administer"
  CREATE INDEX safe_members_user ON safe_members (user_id, status, role);

  CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX sessions_user ON sessions (user_id);

  CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);
  CREATE INDEX refresh_tokens_expiry ON refresh_tokens (expires_at);

  CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX access_tokens_session ON access_tokens (session_id);
  CREATE INDEX access_tokens_expiry ON access_tokens (expires_at);
  `,
  `
  -- Every change an administrator makes: who, what, when, before -> after (JSON).
  CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            TEXT NOT NULL,
    actor_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    action        TEXT NOT NULL,
    target_type   TEXT NOT NULL,
    target_id     TEXT NOT NULL,
    safe_id       TEXT,
    before_json   TEXT,
    after_json    TEXT
  );
  CREATE INDEX audit_log_org ON audit_log (org_id, id);
  CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
  `,
  `
  -- Security groups (issue 4). Groups and what they grant are defined by support
  -- staff; organisation administrators manage who is in them. Member counts are
  -- computed (COUNT over the primary key), never stored.
  CREATE TABLE security_groups (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (org_id, name)
  );

  CREATE TABLE security_group_permissions (
    group_id       TEXT NOT NULL REFERENCES security_groups(id) ON DELETE CASCADE,
    permission_key TEXT NOT NULL,
    PRIMARY KEY (group_id, permission_key)
  ) WITHOUT ROWID;
  CREATE INDEX security_group_permissions_key ON security_group_permissions (permission_key, group_id);

  CREATE TABLE security_group_members (
    group_id TEXT NOT NULL REFERENCES security_groups(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    -- the user's folded name (nameSortKey), so a group pages in name order from its index
    sort_key TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
  ) WITHOUT ROWID;
  CREATE INDEX security_group_members_order ON security_group_members (group_id, sort_key, user_id);
  -- "which groups is this user in"
  CREATE INDEX security_group_members_user ON security_group_members (user_id, group_id);

  -- Folded name of every user, for the organisation's user picker and matrix.
  -- Rows inserted without it are filled in by server/groups.ts before it searches.
  ALTER TABLE users ADD COLUMN sort_key TEXT;
  CREATE INDEX users_org_order ON users (org_id, sort_key, id);
  CREATE INDEX users_without_sort_key ON users (id) WHERE sort_key IS NULL;

  -- The features security groups guard (minimal).
  CREATE TABLE api_keys (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    key_hash   TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
  );
  CREATE INDEX api_keys_user ON api_keys (user_id);

  CREATE TABLE trusted_devices (
    id         TEXT PRIMARY KEY,
    org_id     TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    public_key TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX trusted_devices_user ON trusted_devices (user_id);

  CREATE TABLE dropzones (
    id            TEXT PRIMARY KEY,
    org_id        TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    owner_user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
    name          TEXT NOT NULL,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
  );
  CREATE INDEX dropzones_org ON dropzones (org_id, name);
  `,
  `
  -- Team-safe members and invitations (issue 3).
  -- A pending invitation's security code: only its scrypt hash, when it expires
  -- (ms since the epoch) and how many wrong codes were tried. Deleted when the
  -- invitation is redeemed, revoked or the member removed.
  CREATE TABLE invitation_codes (
    member_id       TEXT PRIMARY KEY REFERENCES safe_members(id) ON DELETE CASCADE,
    code_hash       TEXT NOT NULL,
    delivery        TEXT NOT NULL CHECK (delivery IN ('display', 'sms')),
    -- E.164, for SMS delivery only
    mobile          TEXT CHECK (mobile IS NULL OR mobile GLOB '+[1-9]*'),
    issued_at       INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    CHECK ((delivery = 'sms') = (mobile IS NOT NULL))
  ) WITHOUT ROWID;

  -- redeeming finds the invitations of an e-mail address
  CREATE INDEX safe_members_email ON safe_members (email, status);

  -- The member table: every sort order (and the search, which reads only
  -- sort_key and email) walks a covering index. Roles order as the catalogue does.
  ALTER TABLE safe_members ADD COLUMN role_rank INTEGER GENERATED ALWAYS AS (
    CASE role WHEN 'administrator' THEN 0 WHEN 'editor' THEN 1 WHEN 'viewer' THEN 2
              WHEN 'restrictedViewer' THEN 3 WHEN 'archivist' THEN 4 ELSE 5 END
  ) VIRTUAL;
  CREATE INDEX safe_members_by_name ON safe_members (safe_id, sort_key, id, email, status);
  CREATE INDEX safe_members_by_status ON safe_members (safe_id, status, sort_key, id, email);
  CREATE INDEX safe_members_by_email ON safe_members (safe_id, email, sort_key, status);
  CREATE INDEX safe_members_by_role ON safe_members (safe_id, role_rank, sort_key, id, email, status);
  CREATE INDEX safe_members_by_language ON safe_members (safe_id, language, sort_key, id, email, status);
  -- prefixes of the first two
  DROP INDEX safe_members_order;
  DROP INDEX safe_members_status_order;

  -- Answers to invitation POSTs by idempotency key, kept for a day. The
  -- response is encrypted with a key derived from the idempotency key, which
  -- only the client holds, so a displayed security code is not stored readable.
  CREATE TABLE idempotency_keys (
    key_hash     TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    request_hash TEXT NOT NULL,
    status       INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

  -- Text messages of the reference SMS gateway (OutboxSmsGateway).
  CREATE TABLE sms_outbox (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    to_number  TEXT NOT NULL,
    text       TEXT NOT NULL,
    language   TEXT NOT NULL,
    created_at TEXT NOT NULL
  );

  -- a safe's audit trail, newest first
  CREATE INDEX audit_log_safe ON audit_log (safe_id, id);
  `,
  `
  -- Change logs for incremental sync of the desktop app's offline cache (issue 5).
  -- Written only by the triggers below, so every write path (API, seed, CLIs,
  -- support tooling, hand-made SQL) is captured. A log holds one row per member
  -- (membership): its latest change. removed = 1 marks a tombstone. Rows are
  -- numbered by seq, which never repeats (AUTOINCREMENT); clients send back
  -- the last seq they applied (server/sync.ts).

  -- One row. epoch is random per database, so a cursor of another database
  -- (deleted, re-seeded) is recognised. tombstone_limit: tombstones kept per
  -- safe (per organisation for group memberships); one more drops the oldest
  -- tenth, and cursors from before a dropped tombstone must start over.
  CREATE TABLE sync_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    epoch           TEXT NOT NULL,
    tombstone_limit INTEGER NOT NULL CHECK (tombstone_limit >= 10)
  );
  INSERT INTO sync_state (id, epoch, tombstone_limit) VALUES (1, lower(hex(randomblob(8))), 10000);

  CREATE TABLE member_changes (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    safe_id   TEXT NOT NULL,
    member_id TEXT NOT NULL,
    removed   INTEGER NOT NULL CHECK (removed IN (0, 1))
  );
  -- a safe's changes after a cursor
  CREATE INDEX member_changes_safe_seq ON member_changes (safe_id, seq);
  -- the latest change of a member (one row per member)
  CREATE UNIQUE INDEX member_changes_safe_member ON member_changes (safe_id, member_id);
  -- a safe's oldest tombstones, for pruning
  CREATE INDEX member_changes_tombstones ON member_changes (safe_id, seq) WHERE removed = 1;

  -- Per safe: how many tombstones it has, and the newest dropped one (cursors below it reset).
  CREATE TABLE member_change_horizons (
    safe_id    TEXT PRIMARY KEY,
    floor_seq  INTEGER NOT NULL DEFAULT 0,
    tombstones INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  CREATE TABLE group_member_changes (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id   TEXT NOT NULL,
    group_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    removed  INTEGER NOT NULL CHECK (removed IN (0, 1))
  );
  CREATE INDEX group_member_changes_org_seq ON group_member_changes (org_id, seq);
  CREATE UNIQUE INDEX group_member_changes_membership ON group_member_changes (group_id, user_id);
  CREATE INDEX group_member_changes_tombstones ON group_member_changes (org_id, seq) WHERE removed = 1;

  CREATE TABLE group_member_change_horizons (
    org_id     TEXT PRIMARY KEY,
    floor_seq  INTEGER NOT NULL DEFAULT 0,
    tombstones INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;

  -- Per organisation: increases whenever a group is created, renamed, deleted or
  -- changes what it grants (member counts excluded: they follow from the memberships).
  CREATE TABLE security_group_versions (
    org_id  TEXT PRIMARY KEY,
    version INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- what exists already
  INSERT INTO member_changes (safe_id, member_id, removed)
    SELECT safe_id, id, 0 FROM safe_members ORDER BY safe_id, sort_key, id;
  INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
    SELECT g.org_id, m.group_id, m.user_id, 0
      FROM security_group_members m JOIN security_groups g ON g.id = m.group_id
     ORDER BY g.org_id, m.group_id, m.sort_key, m.user_id;
  INSERT INTO security_group_versions (org_id, version) SELECT org_id, 1 FROM security_groups GROUP BY org_id;

  -- ---------------------------------------------------------------- team-safe members
  CREATE TRIGGER safe_members_log_insert AFTER INSERT ON safe_members BEGIN
    DELETE FROM member_changes WHERE safe_id = NEW.safe_id AND member_id = NEW.id;
    INSERT INTO member_changes (safe_id, member_id, removed) VALUES (NEW.safe_id, NEW.id, 0);
  END;

  -- only changes a client can see (not user_id or sort_key)
  CREATE TRIGGER safe_members_log_update AFTER UPDATE ON safe_members
  WHEN OLD.id IS NOT NEW.id OR OLD.safe_id IS NOT NEW.safe_id OR OLD.name IS NOT NEW.name
    OR OLD.email IS NOT NEW.email OR OLD.role IS NOT NEW.role OR OLD.status IS NOT NEW.status
    OR OLD.language IS NOT NEW.language OR OLD.invited_at IS NOT NEW.invited_at
    OR OLD.activated_at IS NOT NEW.activated_at OR OLD.version IS NOT NEW.version
  BEGIN
    DELETE FROM member_changes WHERE safe_id = OLD.safe_id AND member_id = OLD.id;
    INSERT INTO member_changes (safe_id, member_id, removed)
      SELECT OLD.safe_id, OLD.id, 1 WHERE OLD.id IS NOT NEW.id OR OLD.safe_id IS NOT NEW.safe_id;
    DELETE FROM member_changes WHERE safe_id = NEW.safe_id AND member_id = NEW.id;
    INSERT INTO member_changes (safe_id, member_id, removed) VALUES (NEW.safe_id, NEW.id, 0);
  END;

  CREATE TRIGGER safe_members_log_delete AFTER DELETE ON safe_members BEGIN
    DELETE FROM member_changes WHERE safe_id = OLD.safe_id AND member_id = OLD.id;
    INSERT INTO member_changes (safe_id, member_id, removed) VALUES (OLD.safe_id, OLD.id, 1);
  END;

  -- count tombstones; over the limit, drop the oldest tenth and raise the floor
  CREATE TRIGGER member_changes_tombstone_added AFTER INSERT ON member_changes WHEN NEW.removed = 1 BEGIN
    INSERT INTO member_change_horizons (safe_id, tombstones) VALUES (NEW.safe_id, 1)
      ON CONFLICT (safe_id) DO UPDATE SET tombstones = tombstones + 1;
    UPDATE member_change_horizons
       SET floor_seq = max(floor_seq, (
             SELECT seq FROM member_changes WHERE safe_id = NEW.safe_id AND removed = 1 ORDER BY seq DESC
              LIMIT 1 OFFSET (SELECT tombstone_limit - tombstone_limit / 10 FROM sync_state)))
     WHERE safe_id = NEW.safe_id AND tombstones > (SELECT tombstone_limit FROM sync_state);
    DELETE FROM member_changes WHERE safe_id = NEW.safe_id AND removed = 1
       AND seq <= (SELECT floor_seq FROM member_change_horizons WHERE safe_id = NEW.safe_id);
  END;

  CREATE TRIGGER member_changes_tombstone_deleted AFTER DELETE ON member_changes WHEN OLD.removed = 1 BEGIN
    UPDATE member_change_horizons SET tombstones = tombstones - 1 WHERE safe_id = OLD.safe_id;
  END;

  -- a deleted safe (its members' tombstones were written just before) leaves nothing behind
  CREATE TRIGGER team_safes_log_delete AFTER DELETE ON team_safes BEGIN
    DELETE FROM member_changes WHERE safe_id = OLD.id;
    DELETE FROM member_change_horizons WHERE safe_id = OLD.id;
  END;

  -- ---------------------------------------------------------------- security-group memberships
  CREATE TRIGGER security_group_members_log_insert AFTER INSERT ON security_group_members BEGIN
    DELETE FROM group_member_changes WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
    INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
      SELECT org_id, NEW.group_id, NEW.user_id, 0 FROM security_groups WHERE id = NEW.group_id;
  END;

  CREATE TRIGGER security_group_members_log_update AFTER UPDATE ON security_group_members
  WHEN OLD.group_id IS NOT NEW.group_id OR OLD.user_id IS NOT NEW.user_id OR OLD.added_at IS NOT NEW.added_at
  BEGIN
    DELETE FROM group_member_changes WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
    INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
      SELECT org_id, OLD.group_id, OLD.user_id, 1 FROM security_groups
       WHERE id = OLD.group_id AND (OLD.group_id IS NOT NEW.group_id OR OLD.user_id IS NOT NEW.user_id);
    DELETE FROM group_member_changes WHERE group_id = NEW.group_id AND user_id = NEW.user_id;
    INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
      SELECT org_id, NEW.group_id, NEW.user_id, 0 FROM security_groups WHERE id = NEW.group_id;
  END;

  -- no tombstone when the group itself is gone: its disappearance is a definition change
  CREATE TRIGGER security_group_members_log_delete AFTER DELETE ON security_group_members BEGIN
    DELETE FROM group_member_changes WHERE group_id = OLD.group_id AND user_id = OLD.user_id;
    INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
      SELECT org_id, OLD.group_id, OLD.user_id, 1 FROM security_groups WHERE id = OLD.group_id;
  END;

  -- a membership carries the user's name and e-mail address
  CREATE TRIGGER users_log_group_memberships AFTER UPDATE OF name, email ON users
  WHEN OLD.name IS NOT NEW.name OR OLD.email IS NOT NEW.email
  BEGIN
    DELETE FROM group_member_changes
     WHERE (group_id, user_id) IN (SELECT group_id, user_id FROM security_group_members WHERE user_id = NEW.id);
    INSERT INTO group_member_changes (org_id, group_id, user_id, removed)
      SELECT g.org_id, m.group_id, m.user_id, 0
        FROM security_group_members m JOIN security_groups g ON g.id = m.group_id
       WHERE m.user_id = NEW.id;
  END;

  CREATE TRIGGER group_member_changes_tombstone_added AFTER INSERT ON group_member_changes WHEN NEW.removed = 1
  BEGIN
    INSERT INTO group_member_change_horizons (org_id, tombstones) VALUES (NEW.org_id, 1)
      ON CONFLICT (org_id) DO UPDATE SET tombstones = tombstones + 1;
    UPDATE group_member_change_horizons
       SET floor_seq = max(floor_seq, (
             SELECT seq FROM group_member_changes WHERE org_id = NEW.org_id AND removed = 1 ORDER BY seq DESC
              LIMIT 1 OFFSET (SELECT tombstone_limit - tombstone_limit / 10 FROM sync_state)))
     WHERE org_id = NEW.org_id AND tombstones > (SELECT tombstone_limit FROM sync_state);
    DELETE FROM group_member_changes WHERE org_id = NEW.org_id AND removed = 1
       AND seq <= (SELECT floor_seq FROM group_member_change_horizons WHERE org_id = NEW.org_id);
  END;

  CREATE TRIGGER group_member_changes_tombstone_deleted AFTER DELETE ON group_member_changes WHEN OLD.removed = 1
  BEGIN
    UPDATE group_member_change_horizons SET tombstones = tombstones - 1 WHERE org_id = OLD.org_id;
  END;

  -- ---------------------------------------------------------------- group definitions
  CREATE TRIGGER security_groups_version_insert AFTER INSERT ON security_groups BEGIN
    INSERT INTO security_group_versions (org_id, version) VALUES (NEW.org_id, 1)
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;

  CREATE TRIGGER security_groups_version_update AFTER UPDATE ON security_groups
  WHEN OLD.id IS NOT NEW.id OR OLD.org_id IS NOT NEW.org_id OR OLD.name IS NOT NEW.name
  BEGIN
    INSERT INTO security_group_versions (org_id, version) VALUES (NEW.org_id, 1)
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
    INSERT INTO security_group_versions (org_id, version) SELECT OLD.org_id, 1 WHERE OLD.org_id IS NOT NEW.org_id
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;

  -- runs after the cascade removed its memberships (without tombstones)
  CREATE TRIGGER security_groups_version_delete AFTER DELETE ON security_groups BEGIN
    DELETE FROM group_member_changes WHERE group_id = OLD.id;
    INSERT INTO security_group_versions (org_id, version) VALUES (OLD.org_id, 1)
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;

  CREATE TRIGGER security_group_permissions_version_insert AFTER INSERT ON security_group_permissions BEGIN
    INSERT INTO security_group_versions (org_id, version)
      SELECT org_id, 1 FROM security_groups WHERE id = NEW.group_id
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;

  CREATE TRIGGER security_group_permissions_version_update AFTER UPDATE ON security_group_permissions BEGIN
    INSERT INTO security_group_versions (org_id, version)
      SELECT org_id, 1 FROM security_groups WHERE id IN (OLD.group_id, NEW.group_id)
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;

  CREATE TRIGGER security_group_permissions_version_delete AFTER DELETE ON security_group_permissions BEGIN
    INSERT INTO security_group_versions (org_id, version)
      SELECT org_id, 1 FROM security_groups WHERE id = OLD.group_id
      ON CONFLICT (org_id) DO UPDATE SET version = version + 1;
  END;
  `,
];

/** Open (creating parent folders) and migrate. `:memory:` for a throw-away database. */
export function openDatabase(path: string): DatabaseSync {
  const location = path === ':memory:' ? path : resolve(path);
  if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
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
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
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

/** Run `fn` inside one write transaction. `fn` must be synchronous. */
export function transaction<T>(db: DatabaseSync, fn: () => T): T {
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
