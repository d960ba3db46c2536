/**
 * The member lifecycle of a team safe: invite (idempotent), re-send, revoke,
 * redeem, change role, remove, and the safe's audit trail.
 *
 * Rules, all enforced here and not only in the UI:
 * - only an activated Administrator of the safe manages its members (403);
 * - invited and activated members count against the member limit (409);
 * - the last activated Administrator is neither demoted nor removed (409);
 * - an e-mail address is in a safe at most once (409);
 * - changes name the version they were made against (`If-Match`): missing
 *   → 428, stale → 412;
 * - security codes are random, stored only as scrypt hashes, expire after
 *   seven days, and lock after five wrong attempts until re-sent;
 * - every change writes an audit entry in the same transaction, never with
 *   a code or a hash in it.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import {
  parseVersionEtag,
  versionEtag,
  type AuditEntry,
  type CodeDelivery,
  type InvitationResult,
} from '../shared/api/members.ts';
import type { Member } from '../shared/api/schemas.ts';
import type { ErrorCode, FieldErrorCode } from '../shared/errors.ts';
import type { Handler } from './app.ts';
import { readAudit, writeAudit } from './audit.ts';
import { hashPassword, verifyPassword } from './auth.ts';
import { nameSortKey, newId, queryAll, queryOne, statement, transaction } from './db.ts';
import { SignInRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { invitationSmsText, type SmsGateway } from './sms.ts';
import { MEMBER_COLUMNS, toMember, type MemberRow } from './team-safes.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export const INVITATION_VALID_DAYS = 7;
export const INVITATION_TTL_MS = INVITATION_VALID_DAYS * DAY_MS;
/** Wrong codes tried against an invitation before it locks (until re-sent). */
export const MAX_CODE_ATTEMPTS = 5;
export const IDEMPOTENCY_TTL_MS = DAY_MS;

/** 32 symbols without look-alikes (no 0/O, no 1/I): 8 of them are 40 random bits. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;

/** Failed redemptions allowed per e-mail address and per client address (15-minute window). */
export const DEFAULT_REDEEM_RATE_LIMIT = { accountLimit: 10, addressLimit: 30 } as const;

export type MemberRouteName =
  | 'getMember'
  | 'inviteMember'
  | 'resendInvitation'
  | 'revokeInvitation'
  | 'changeMemberRole'
  | 'removeMember'
  | 'redeemInvitation'
  | 'listSafeAudit';

export type FailFactory = (
  status: number,
  code: ErrorCode,
  message: string,
  extra?: { fields?: Record<string, FieldErrorCode>; retryAfterSeconds?: number; headers?: Record<string, string> },
) => Error;

export interface MemberServiceOptions {
  db: DatabaseSync;
  /** Milliseconds since the epoch. */
  now: () => number;
  sms: SmsGateway;
  /** Makes the server's HTTP error (status, code, message). */
  fail: FailFactory;
  log: (line: string) => void;
  redeemRateLimit?: RateLimitOptions;
}

// ---------------------------------------------------------------- codes

/** A new security code: CODE_LENGTH symbols of CODE_ALPHABET, uniformly random. */
export function newSecurityCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  // 256 is a multiple of 32: taking the low five bits is unbiased
  for (const byte of bytes) code += CODE_ALPHABET[byte % CODE_ALPHABET.length] ?? '';
  return code;
}

/** What the invitee typed → the stored form: no spaces or dashes, upper case. */
export function normaliseSecurityCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

// ---------------------------------------------------------------- idempotency

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const b64 = (buffer: Buffer): string => buffer.toString('base64url');

function responseKey(idempotencyKey: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(idempotencyKey, 'utf8'), salt, 'tsa idempotent response v1', 32));
}

/** AES-256-GCM under a key derived from the idempotency key, which the server does not keep. */
function sealResponse(idempotencyKey: string, keyHash: string, value: unknown): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', responseKey(idempotencyKey, salt), iv);
  cipher.setAAD(Buffer.from(keyHash, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', b64(salt), b64(iv), b64(cipher.getAuthTag()), b64(sealed)].join('.');
}

function openResponse(idempotencyKey: string, keyHash: string, stored: string): unknown {
  const [version, salt, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !salt || !iv || !tag || sealed === undefined) throw new Error('unreadable stored response');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    responseKey(idempotencyKey, Buffer.from(salt, 'base64url')),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(keyHash, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as unknown;
}

// ---------------------------------------------------------------- rows

interface SafeRow {
  id: string;
  org_id: string;
  name: string;
  member_limit: number;
}

interface CodeRow {
  member_id: string;
  code_hash: string;
  delivery: CodeDelivery;
  mobile: string | null;
  issued_at: number;
  expires_at: number;
  failed_attempts: number;
}

interface PendingRow extends CodeRow {
  safe_id: string;
  email: string;
  version: number;
}

/** What the audit records of a member: everything on the wire except timestamps. */
function snapshot(member: Member): Record<string, unknown> {
  return {
    name: member.name,
    email: member.email,
    role: member.role,
    status: member.status,
    language: member.language,
    version: member.version,
  };
}

// ---------------------------------------------------------------- handlers

export function memberHandlers(options: MemberServiceOptions): { [K in MemberRouteName]: Handler<K> } {
  const { db, now, sms, fail, log } = options;
  const limiter = new SignInRateLimiter({ now, ...DEFAULT_REDEEM_RATE_LIMIT, ...options.redeemRateLimit });
  const iso = (ms: number): string => new Date(ms).toISOString();

  // ------------------------------------------------------------ lookups and guards

  const loadSafe = (safeId: string): SafeRow => {
    const safe = queryOne<SafeRow>(db, 'SELECT id, org_id, name, member_limit FROM team_safes WHERE id = ?', safeId);
    if (!safe) throw fail(404, 'not_found', 'No such team safe.');
    return safe;
  };

  const requireAdministrator = (safe: SafeRow, userId: string, what: string): void => {
    const admin = queryOne(
      db,
      `SELECT 1 AS one FROM safe_members
        WHERE safe_id = ? AND user_id = ? AND status = 'activated' AND role = 'administrator'`,
      safe.id,
      userId,
    );
    if (!admin) throw fail(403, 'forbidden', `Only an activated administrator of this team safe may ${what}.`);
  };

  const findMember = (safeId: string, memberId: string): Member | undefined => {
    const row = queryOne<MemberRow>(
      db,
      `SELECT ${MEMBER_COLUMNS} FROM safe_members WHERE id = ? AND safe_id = ?`,
      memberId,
      safeId,
    );
    return row ? toMember(row) : undefined;
  };

  const loadMember = (safeId: string, memberId: string): Member => {
    const member = findMember(safeId, memberId);
    if (!member) throw fail(404, 'not_found', 'No such member in this team safe.');
    return member;
  };

  /** The version named by If-Match: 428 when missing, 400 when it is not a version tag. */
  const expectedVersion = (headers: { 'if-match'?: string | undefined }): number => {
    const header = headers['if-match'];
    if (header === undefined || header.trim() === '') {
      throw fail(428, 'precondition_required', 'Send If-Match with the member’s ETag to change it.');
    }
    const version = parseVersionEtag(header);
    if (version === null) {
      throw fail(400, 'invalid_payload', 'If-Match must be the member’s ETag, e.g. "3".', {
        fields: { 'if-match': 'invalid_value' },
      });
    }
    return version;
  };

  const checkVersion = (member: Member, expected: number): void => {
    if (member.version !== expected) {
      throw fail(
        412,
        'precondition_failed',
        `The member was changed by someone else: current version is ${member.version}, not ${expected}.`,
        { headers: { etag: versionEtag(member.version) } },
      );
    }
  };

  const activeAdministrators = (safeId: string): number =>
    queryOne<{ n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM safe_members INDEXED BY safe_members_by_role
        WHERE safe_id = ? AND role_rank = 0 AND status = 'activated'`,
      safeId,
    )?.n ?? 0;

  /** True when `member` is the only activated Administrator of the safe. */
  const isLastAdministrator = (safeId: string, member: Member): boolean =>
    member.role === 'administrator' && member.status === 'activated' && activeAdministrators(safeId) <= 1;

  /** The checks an invitation must pass; run before the (slow) hashing and again inside the transaction. */
  const checkInvitable = (safe: SafeRow, email: string): void => {
    if (queryOne(db, 'SELECT 1 AS one FROM safe_members WHERE safe_id = ? AND email = ?', safe.id, email)) {
      throw fail(409, 'already_member', 'This e-mail address is already a member of, or invited to, this team safe.');
    }
    const count = queryOne<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM safe_members WHERE safe_id = ?', safe.id);
    if ((count?.n ?? 0) >= safe.member_limit) {
      throw fail(
        409,
        'member_limit_reached',
        `The team safe has reached its limit of ${safe.member_limit} members (invited and activated count).`,
      );
    }
  };

  const codeRow = (memberId: string): CodeRow | undefined =>
    queryOne<CodeRow>(db, 'SELECT * FROM invitation_codes WHERE member_id = ?', memberId);

  const sendCode = async (safe: SafeRow, member: Member, to: string, code: string): Promise<void> => {
    await sms.send({
      to,
      text: invitationSmsText(member.language, safe.name, code, INVITATION_VALID_DAYS),
      language: member.language,
    });
  };

  const smsFailed = (error: unknown): Error => {
    log(`SMS gateway failed: ${error instanceof Error ? error.message : String(error)}`);
    return fail(502, 'sms_failed', 'The text message could not be sent. Try again.');
  };

  const userName = (id: string | null): string | null =>
    id === null ? null : (queryOne<{ name: string }>(db, 'SELECT name FROM users WHERE id = ?', id)?.name ?? null);

  return {
    getMember({ params, user, responseHeaders }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'see its members');
      const member = loadMember(safe.id, params.memberId);
      responseHeaders.etag = versionEtag(member.version);
      return member;
    },

    async inviteMember({ params, body, user, headers, responseHeaders }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'invite members');

      const idempotencyKey = headers['idempotency-key'];
      const keyHash = sha256(`${user.id}\ninviteMember\n${idempotencyKey}`);
      const requestHash = createHmac('sha256', idempotencyKey)
        .update(
          JSON.stringify([
            safe.id,
            body.name,
            body.email,
            body.role,
            body.language,
            body.codeDelivery,
            body.mobile?.e164 ?? null,
          ]),
        )
        .digest('hex');

      /** The answer already given to this key, if any; 409 when the key came with another request. */
      const replay = (): InvitationResult | null => {
        const stored = queryOne<{ request_hash: string; response: string; created_at: number }>(
          db,
          'SELECT request_hash, response, created_at FROM idempotency_keys WHERE key_hash = ?',
          keyHash,
        );
        if (!stored || stored.created_at <= now() - IDEMPOTENCY_TTL_MS) return null;
        if (stored.request_hash !== requestHash) {
          throw fail(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different invitation.');
        }
        return openResponse(idempotencyKey, keyHash, stored.response) as InvitationResult;
      };
      const answer = (result: InvitationResult, replayed: boolean): InvitationResult => {
        responseHeaders.etag = versionEtag(result.member.version);
        if (replayed) responseHeaders['idempotent-replayed'] = 'true';
        return result;
      };

      const earlier = replay();
      if (earlier) return answer(earlier, true);
      checkInvitable(safe, body.email);

      const code = newSecurityCode();
      const codeHash = await hashPassword(code);

      const outcome = transaction(db, () => {
        // a retry that raced this request may have finished while the code was hashed
        const raced = replay();
        if (raced) return { result: raced, replayed: true };
        checkInvitable(safe, body.email);

        const at = now();
        const memberId = newId();
        statement(
          db,
          `INSERT INTO safe_members
             (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at, activated_at, version)
           VALUES (?, ?, NULL, ?, ?, ?, ?, 'invited', ?, ?, NULL, 1)`,
        ).run(memberId, safe.id, body.name, nameSortKey(body.name), body.email, body.role, body.language, iso(at));
        const mobile = body.codeDelivery === 'sms' ? (body.mobile?.e164 ?? null) : null;
        if (body.codeDelivery === 'sms' && mobile === null) throw new Error('sms invitation without a mobile number');
        statement(
          db,
          `INSERT INTO invitation_codes (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts)
           VALUES (?, ?, ?, ?, ?, ?, 0)`,
        ).run(memberId, codeHash, body.codeDelivery, mobile, at, at + INVITATION_TTL_MS);
        const member = loadMember(safe.id, memberId);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: safe.org_id,
            action: 'member.invited',
            targetType: 'member',
            targetId: memberId,
            safeId: safe.id,
            before: null,
            after: { ...snapshot(member), codeDelivery: body.codeDelivery, ...(mobile ? { mobile } : {}) },
          },
          new Date(at),
        );
        const result: InvitationResult = {
          member,
          codeDelivery: body.codeDelivery,
          ...(mobile ? { sentTo: mobile } : { securityCode: code }),
          expiresAt: iso(at + INVITATION_TTL_MS),
        };
        statement(db, 'DELETE FROM idempotency_keys WHERE created_at <= ?').run(at - IDEMPOTENCY_TTL_MS);
        statement(
          db,
          `INSERT OR REPLACE INTO idempotency_keys (key_hash, user_id, request_hash, status, response, created_at)
           VALUES (?, ?, ?, 201, ?, ?)`,
        ).run(keyHash, user.id, requestHash, sealResponse(idempotencyKey, keyHash, result), at);
        return { result, replayed: false, mobile };
      });

      if (!outcome.replayed && outcome.mobile) {
        try {
          await sendCode(safe, outcome.result.member, outcome.mobile, code);
        } catch (error) {
          // nobody can redeem an invitation whose code never arrived: take it back
          const member = outcome.result.member;
          transaction(db, () => {
            statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
            statement(db, 'DELETE FROM idempotency_keys WHERE key_hash = ?').run(keyHash);
            writeAudit(
              db,
              {
                actorUserId: user.id,
                orgId: safe.org_id,
                action: 'member.invitationFailed',
                targetType: 'member',
                targetId: member.id,
                safeId: safe.id,
                before: snapshot(member),
                after: { reason: 'sms_failed' },
              },
              new Date(now()),
            );
          });
          throw smsFailed(error);
        }
      }
      return answer(outcome.result, outcome.replayed);
    },

    async resendInvitation({ params, user, headers, responseHeaders }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 're-send invitations');
      const expected = expectedVersion(headers);
      const check = (): Member => {
        const member = loadMember(safe.id, params.memberId);
        checkVersion(member, expected);
        if (member.status !== 'invited') {
          throw fail(
            409,
            'not_invited',
            'This member has already activated their access; there is nothing to re-send.',
          );
        }
        return member;
      };
      check();

      const code = newSecurityCode();
      const codeHash = await hashPassword(code);

      const outcome = transaction(db, () => {
        const before = check(); // again: the member may have changed while the code was hashed
        const previous = codeRow(before.id);
        const delivery: CodeDelivery = previous?.delivery ?? 'display';
        const mobile = previous?.mobile ?? null;
        const at = now();
        statement(
          db,
          `INSERT OR REPLACE INTO invitation_codes
             (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts)
           VALUES (?, ?, ?, ?, ?, ?, 0)`,
        ).run(before.id, codeHash, delivery, mobile, at, at + INVITATION_TTL_MS);
        statement(db, 'UPDATE safe_members SET version = version + 1 WHERE id = ?').run(before.id);
        const member = loadMember(safe.id, before.id);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: safe.org_id,
            action: 'member.resent',
            targetType: 'member',
            targetId: member.id,
            safeId: safe.id,
            before: {
              version: before.version,
              codeDelivery: previous?.delivery ?? null,
              expiresAt: previous ? iso(previous.expires_at) : null,
            },
            after: { version: member.version, codeDelivery: delivery, expiresAt: iso(at + INVITATION_TTL_MS) },
          },
          new Date(at),
        );
        const result: InvitationResult = {
          member,
          codeDelivery: delivery,
          ...(mobile ? { sentTo: mobile } : { securityCode: code }),
          expiresAt: iso(at + INVITATION_TTL_MS),
        };
        return { result, mobile };
      });

      if (outcome.mobile) {
        try {
          await sendCode(safe, outcome.result.member, outcome.mobile, code);
        } catch (error) {
          throw smsFailed(error);
        }
      }
      responseHeaders.etag = versionEtag(outcome.result.member.version);
      return outcome.result;
    },

    revokeInvitation({ params, user, headers }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'revoke invitations');
      const expected = expectedVersion(headers);
      transaction(db, () => {
        const member = loadMember(safe.id, params.memberId);
        checkVersion(member, expected);
        if (member.status !== 'invited') {
          throw fail(
            409,
            'not_invited',
            'Only a pending invitation can be revoked; remove an activated member instead.',
          );
        }
        statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: safe.org_id,
            action: 'member.revoked',
            targetType: 'member',
            targetId: member.id,
            safeId: safe.id,
            before: snapshot(member),
            after: null,
          },
          new Date(now()),
        );
      });
    },

    changeMemberRole({ params, body, user, headers, responseHeaders }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'change roles');
      const expected = expectedVersion(headers);
      const member = transaction(db, () => {
        const before = loadMember(safe.id, params.memberId);
        checkVersion(before, expected);
        if (before.role === body.role) return before; // nothing changes, nothing to record
        if (body.role !== 'administrator' && isLastAdministrator(safe.id, before)) {
          throw fail(409, 'last_administrator', 'The last administrator of a team safe cannot be given another role.');
        }
        statement(db, 'UPDATE safe_members SET role = ?, version = version + 1 WHERE id = ?').run(body.role, before.id);
        const after = loadMember(safe.id, before.id);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: safe.org_id,
            action: 'member.roleChanged',
            targetType: 'member',
            targetId: after.id,
            safeId: safe.id,
            before: { role: before.role, version: before.version },
            after: { role: after.role, version: after.version },
          },
          new Date(now()),
        );
        return after;
      });
      responseHeaders.etag = versionEtag(member.version);
      return member;
    },

    removeMember({ params, user, headers }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'remove members');
      const expected = expectedVersion(headers);
      transaction(db, () => {
        const member = loadMember(safe.id, params.memberId);
        checkVersion(member, expected);
        if (isLastAdministrator(safe.id, member)) {
          throw fail(409, 'last_administrator', 'The last administrator of a team safe cannot be removed.');
        }
        statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
        writeAudit(
          db,
          {
            actorUserId: user.id,
            orgId: safe.org_id,
            action: 'member.removed',
            targetType: 'member',
            targetId: member.id,
            safeId: safe.id,
            before: snapshot(member),
            after: null,
          },
          new Date(now()),
        );
      });
    },

    async redeemInvitation({ body, address }) {
      const { email } = body;
      const code = normaliseSecurityCode(body.code);
      const blocked = limiter.check(email, address);
      if (blocked) {
        throw fail(429, 'rate_limited', 'Too many wrong security codes. Try again later.', {
          retryAfterSeconds: blocked.retryAfterSeconds,
          headers: { 'retry-after': String(blocked.retryAfterSeconds) },
        });
      }
      // charge first, refund on success: parallel guesses cannot outrun the limit
      limiter.recordFailure(email, address);
      const wrong = (): Error => fail(400, 'invalid_code', 'The e-mail address or the security code is wrong.');

      const pending = queryAll<PendingRow>(
        db,
        `SELECT c.*, m.safe_id, m.email, m.version FROM safe_members m
           JOIN invitation_codes c ON c.member_id = m.id
          WHERE m.email = ? AND m.status = 'invited'
          ORDER BY c.issued_at DESC LIMIT 20`,
        email,
      );
      let matched: PendingRow | null = null;
      if (pending.length === 0) {
        await verifyPassword(code, null); // the same cost as a real check
      }
      for (const candidate of pending) {
        if (await verifyPassword(code, candidate.code_hash)) {
          matched = candidate;
          break;
        }
      }

      if (!matched) {
        // every pending invitation of this address takes the wrong attempt
        transaction(db, () => {
          const at = now();
          for (const candidate of pending) {
            statement(
              db,
              `UPDATE invitation_codes SET failed_attempts = failed_attempts + 1
                WHERE member_id = ? AND failed_attempts < ? AND expires_at > ?`,
            ).run(candidate.member_id, MAX_CODE_ATTEMPTS, at);
          }
        });
        throw wrong();
      }

      const found = matched;
      const result = transaction(db, () => {
        // re-read: the code may have been re-sent, revoked or redeemed while it was checked
        const current = queryOne<PendingRow>(
          db,
          `SELECT c.*, m.safe_id, m.email, m.version FROM safe_members m
             JOIN invitation_codes c ON c.member_id = m.id
            WHERE m.id = ? AND m.status = 'invited' AND c.code_hash = ?`,
          found.member_id,
          found.code_hash,
        );
        if (!current) throw wrong();
        if (current.failed_attempts >= MAX_CODE_ATTEMPTS) {
          throw fail(
            423,
            'too_many_attempts',
            'Too many wrong codes were tried for this invitation. Ask an administrator to re-send it.',
          );
        }
        const at = now();
        if (current.expires_at <= at) {
          throw fail(410, 'code_expired', 'This security code has expired. Ask an administrator to re-send it.');
        }
        const safe = loadSafe(current.safe_id);
        const before = loadMember(safe.id, current.member_id);
        const account = queryOne<{ id: string }>(db, 'SELECT id FROM users WHERE email = ?', email);
        const userId = account?.id ?? null;
        statement(
          db,
          `UPDATE safe_members SET status = 'activated', activated_at = ?, user_id = COALESCE(?, user_id),
                  version = version + 1
            WHERE id = ?`,
        ).run(iso(at), userId, before.id);
        statement(db, 'DELETE FROM invitation_codes WHERE member_id = ?').run(before.id);
        const after = loadMember(safe.id, before.id);
        writeAudit(
          db,
          {
            actorUserId: userId,
            orgId: safe.org_id,
            action: 'member.activated',
            targetType: 'member',
            targetId: after.id,
            safeId: safe.id,
            before: { status: before.status, version: before.version },
            after: { status: after.status, version: after.version, userId },
          },
          new Date(at),
        );
        return { safeId: safe.id, memberId: after.id };
      });
      limiter.recordSuccess(email, address);
      return result;
    },

    listSafeAudit({ params, query, user }) {
      const safe = loadSafe(params.safeId);
      requireAdministrator(safe, user.id, 'read its audit log');
      const names = new Map<string, string | null>();
      const items: AuditEntry[] = readAudit(db, { orgId: safe.org_id, safeId: safe.id, limit: query.limit }).map(
        (row) => {
          let actor: AuditEntry['actor'] = null;
          if (row.actorUserId !== null) {
            if (!names.has(row.actorUserId)) names.set(row.actorUserId, userName(row.actorUserId));
            actor = { id: row.actorUserId, name: names.get(row.actorUserId) ?? null };
          }
          return {
            id: row.id,
            at: row.at,
            actor,
            action: row.action,
            targetType: row.targetType,
            targetId: row.targetId,
            before: row.before,
            after: row.after,
          };
        },
      );
      return { items };
    },
  };
}
