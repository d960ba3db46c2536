/**
 * Migration 3: Security groups, their grants and members, and the features they guard.
 * Released: never edit it; a change is a new migration. Lists of values
 * (roles, languages) are written out here, frozen as released, never taken
 * from the live catalogues.
 */
export default `
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
  `;
