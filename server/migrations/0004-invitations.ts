/**
 * Migration 4: Invitations: codes, the member table’s sort indexes, idempotent answers, the SMS outbox.
 * Released: never edit it; a change is a new migration. Lists of values
 * (roles, languages) are written out here, frozen as released, never taken
 * from the live catalogues.
 */
export default `
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
  `;
