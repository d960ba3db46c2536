/**
 * Migration 5: Change logs (written by triggers) for the desktop app’s incremental sync.
 * Released: never edit it; a change is a new migration. Lists of values
 * (roles, languages) are written out here, frozen as released, never taken
 * from the live catalogues.
 */
export default `
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
  `;
