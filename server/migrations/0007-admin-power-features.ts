/**
 * Migration 7: admin power features: the audit trail's filters
 * and subjects, undo, and the invitation pipeline's SMS delivery states.
 * Released: never edit it; a change is a new migration. Lists of values are
 * written out here, frozen as released, never taken from the live catalogues.
 */
export default `
  -- ---------------------------------------------------------------- audit trail
  -- Whom an entry is about, as they were then: the member (subject_id = the
  -- member's id) or, for group memberships, the user (subject_id = the user's id).
  -- undoes: the entry an undo reverses.
  ALTER TABLE audit_log ADD COLUMN subject_id TEXT;
  ALTER TABLE audit_log ADD COLUMN subject_name TEXT;
  ALTER TABLE audit_log ADD COLUMN subject_email TEXT;
  ALTER TABLE audit_log ADD COLUMN undoes INTEGER REFERENCES audit_log(id);

  UPDATE audit_log
     SET subject_id = target_id,
         subject_name = coalesce(json_extract(after_json, '$.name'), json_extract(before_json, '$.name'),
                                 (SELECT name FROM safe_members m WHERE m.id = audit_log.target_id)),
         subject_email = coalesce(json_extract(after_json, '$.email'), json_extract(before_json, '$.email'),
                                  (SELECT email FROM safe_members m WHERE m.id = audit_log.target_id))
   WHERE target_type = 'member';
  UPDATE audit_log
     SET subject_id = json_extract(after_json, '$.userId'),
         subject_email = json_extract(after_json, '$.email'),
         subject_name = (SELECT name FROM users u WHERE u.id = json_extract(audit_log.after_json, '$.userId'))
   WHERE target_type = 'group' AND json_extract(after_json, '$.userId') IS NOT NULL;

  -- Pages are newest first by (at, id); every filter walks one of these in that
  -- order, the date range and the cursor being ranges on (at, id).
  CREATE INDEX audit_log_safe_time ON audit_log (safe_id, at, id);
  CREATE INDEX audit_log_safe_action ON audit_log (safe_id, action, at, id);
  CREATE INDEX audit_log_safe_actor ON audit_log (safe_id, actor_user_id, at, id);
  CREATE INDEX audit_log_subject ON audit_log (subject_id, at, id);
  CREATE INDEX audit_log_org_kind ON audit_log (org_id, target_type, at, id);
  CREATE INDEX audit_log_org_kind_actor ON audit_log (org_id, target_type, actor_user_id, at, id);
  CREATE INDEX audit_log_target_time ON audit_log (target_type, target_id, at, id);
  -- the last one covers what this one did
  DROP INDEX audit_log_target;

  -- ---------------------------------------------------------------- undo
  -- A removed member or revoked invitation, kept for the short undo window
  -- (server/undo.ts): the row as it was and, for an invitation, its code row
  -- (the scrypt hash, its expiry) and wrong-code counts. Rows older than the
  -- window are deleted whenever a member is removed or restored and at start.
  CREATE TABLE removed_members (
    member_id   TEXT PRIMARY KEY,
    safe_id     TEXT NOT NULL REFERENCES team_safes(id) ON DELETE CASCADE,
    audit_id    INTEGER NOT NULL,
    removed_at  INTEGER NOT NULL,
    member_json TEXT NOT NULL,
    code_json   TEXT
  ) WITHOUT ROWID;
  CREATE INDEX removed_members_at ON removed_members (removed_at);

  -- ---------------------------------------------------------------- invitation pipeline
  -- How often the invitation was re-sent, and the delivery state of its
  -- current code's text message: queued (not yet accepted by the gateway),
  -- sent (accepted), delivered, failed; null for a code shown on screen.
  ALTER TABLE invitation_codes ADD COLUMN resend_count INTEGER NOT NULL DEFAULT 0 CHECK (resend_count >= 0);
  ALTER TABLE invitation_codes ADD COLUMN sms_message_id TEXT;
  ALTER TABLE invitation_codes ADD COLUMN sms_state TEXT
    CHECK (sms_state IS NULL OR sms_state IN ('queued', 'sent', 'delivered', 'failed'));
  ALTER TABLE invitation_codes ADD COLUMN sms_state_at INTEGER;
  UPDATE invitation_codes SET sms_state = 'sent', sms_state_at = issued_at WHERE delivery = 'sms';
  CREATE INDEX invitation_codes_sms_message ON invitation_codes (sms_message_id) WHERE sms_message_id IS NOT NULL;
`;
