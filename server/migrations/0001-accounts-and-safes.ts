/**
 * Migration 1: Organisations, users, team safes and their members, sessions and tokens.
 * Released: never edit it; a change is a new migration. Lists of values
 * (roles, languages) are written out here, frozen as released, never taken
 * from the live catalogues.
 */
export default `
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
    language      TEXT NOT NULL CHECK (language IN ('en', 'de', 'fr', 'it')),
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
    role         TEXT NOT NULL CHECK (role IN ('administrator', 'editor', 'viewer', 'restrictedViewer', 'archivist')),
    status       TEXT NOT NULL CHECK (status IN ('invited', 'activated')),
    language     TEXT NOT NULL CHECK (language IN ('en', 'de', 'fr', 'it')),
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
  `;
