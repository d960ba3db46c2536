/**
 * Migration 6: hardening (rate limits, SMS limits, the text rule).
 * Released: never edit it; a change is a new migration. Lists of values are
 * written out here, frozen as released, never taken from the live catalogues.
 */
export default `
  -- The reference SMS gateway keeps a message's security code only while the
  -- dev outbox is on, and only until the code expires; otherwise the code is
  -- masked before the text is stored. Rows from before this step may hold
  -- codes (holds_code = 1, no expiry): they are dropped at the next start.
  ALTER TABLE sms_outbox ADD COLUMN holds_code INTEGER NOT NULL DEFAULT 1 CHECK (holds_code IN (0, 1));
  ALTER TABLE sms_outbox ADD COLUMN expires_at INTEGER;
  CREATE INDEX sms_outbox_codes ON sms_outbox (expires_at) WHERE holds_code = 1;

  -- Wrong security codes per invitation and client address (SHA-256 of the
  -- address). Five lock that address out of that invitation until it is
  -- re-sent; a stranger's guesses from elsewhere never lock the invitee out.
  -- invitation_codes.failed_attempts keeps the total, for the record.
  CREATE TABLE invitation_attempts (
    member_id    TEXT NOT NULL REFERENCES safe_members(id) ON DELETE CASCADE,
    address_hash TEXT NOT NULL,
    failures     INTEGER NOT NULL CHECK (failures > 0),
    PRIMARY KEY (member_id, address_hash)
  ) WITHOUT ROWID;

  -- Text messages sent (invitations and re-sends by SMS), for the sending
  -- limits: a cool-down per member and an hourly quota per safe. Rows older
  -- than an hour are pruned as new ones come.
  CREATE TABLE sms_sends (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    safe_id   TEXT NOT NULL,
    member_id TEXT NOT NULL,
    sent_at   INTEGER NOT NULL
  );
  CREATE INDEX sms_sends_safe ON sms_sends (safe_id, sent_at);
  CREATE INDEX sms_sends_member ON sms_sends (member_id, sent_at);
`;
