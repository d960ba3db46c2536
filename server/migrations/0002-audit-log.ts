/**
 * Migration 2: The audit log: who changed what, when, before → after.
 * Released: never edit it; a change is a new migration. Lists of values
 * (roles, languages) are written out here, frozen as released, never taken
 * from the live catalogues.
 */
export default `
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
  `;
