/**
 * Migration 8: each safe's member figures kept by triggers, so reading them
 * (every page of the member list and of the change feed, the safe list, the
 * member-limit check) is one row, not a count over a safe of a million.
 * Released: never edit it; a change is a new migration.
 */
export default `
  -- invited + activated = every place taken (the member-limit rule counts all rows).
  CREATE TABLE safe_member_counts (
    safe_id   TEXT PRIMARY KEY REFERENCES team_safes(id) ON DELETE CASCADE,
    invited   INTEGER NOT NULL DEFAULT 0 CHECK (invited >= 0),
    activated INTEGER NOT NULL DEFAULT 0 CHECK (activated >= 0)
  ) WITHOUT ROWID;

  INSERT INTO safe_member_counts (safe_id, invited, activated)
    SELECT s.id,
           (SELECT COUNT(*) FROM safe_members m WHERE m.safe_id = s.id AND m.status = 'invited'),
           (SELECT COUNT(*) FROM safe_members m WHERE m.safe_id = s.id AND m.status = 'activated')
      FROM team_safes s;

  CREATE TRIGGER team_safes_counts_insert AFTER INSERT ON team_safes BEGIN
    INSERT INTO safe_member_counts (safe_id) VALUES (NEW.id);
  END;

  CREATE TRIGGER safe_members_counts_insert AFTER INSERT ON safe_members BEGIN
    UPDATE safe_member_counts
       SET invited = invited + (NEW.status = 'invited'), activated = activated + (NEW.status = 'activated')
     WHERE safe_id = NEW.safe_id;
  END;

  CREATE TRIGGER safe_members_counts_delete AFTER DELETE ON safe_members BEGIN
    UPDATE safe_member_counts
       SET invited = invited - (OLD.status = 'invited'), activated = activated - (OLD.status = 'activated')
     WHERE safe_id = OLD.safe_id;
  END;

  CREATE TRIGGER safe_members_counts_update AFTER UPDATE OF status, safe_id ON safe_members
    WHEN OLD.status IS NOT NEW.status OR OLD.safe_id IS NOT NEW.safe_id BEGIN
    UPDATE safe_member_counts
       SET invited = invited - (OLD.status = 'invited'), activated = activated - (OLD.status = 'activated')
     WHERE safe_id = OLD.safe_id;
    UPDATE safe_member_counts
       SET invited = invited + (NEW.status = 'invited'), activated = activated + (NEW.status = 'activated')
     WHERE safe_id = NEW.safe_id;
  END;
`;
