/**
 * The invitee redeems their invitation with their e-mail address and
 * security code (and, if they know it, the safe's id).
 *
 * - Failed redemptions are throttled per (e-mail, client address) and per
 *   client address with growing delays (server/rate-limit.ts).
 * - Whether an invitation can be redeemed at all (expired? locked for this
 *   address?) is decided before any code is compared, so the answer to a
 *   locked or expired invitation (423 / 410) is the same for the right code
 *   and a wrong one: no oracle.
 * - A wrong code counts against each invitation it was tried for, from this
 *   client address only: five lock that address out until the invitation is
 *   re-sent. Strangers elsewhere cannot lock the invitee out, and with
 *   `safeId` a wrong code counts only for that safe's invitation.
 */
import { createHash } from 'node:crypto';
import { CODE_COST, verifyPassword } from '../auth.ts';
import { queryAll, queryOne, statement, transaction } from '../db.ts';
import { HttpError, tooSoon, type HandlerDeps, type HandlerMap } from '../http.ts';
import { MAX_CODE_ATTEMPTS, normaliseSecurityCode, type CodeRow } from '../invitation-codes.ts';
import { auditMember, loadMember } from '../members.ts';
import { FailureThrottle, type ThrottleOptions } from '../rate-limit.ts';
import { findSafe } from '../team-safes.ts';

/** Failed redemptions before delays start: per (e-mail, address) and per address. */
export const DEFAULT_REDEEM_THROTTLE = { pairFreeFailures: 10, addressFreeFailures: 30 } as const;

export type RedemptionRouteName = 'redeemInvitation';

export interface RedemptionDeps extends HandlerDeps {
  redeemRateLimit?: ThrottleOptions | undefined;
}

interface PendingRow extends CodeRow {
  safe_id: string;
  email: string;
  version: number;
  /** Wrong codes from this client address. */
  here: number;
}

const PENDING_SQL = `SELECT c.*, m.safe_id, m.email, m.version, COALESCE(a.failures, 0) AS here
    FROM safe_members m
    JOIN invitation_codes c ON c.member_id = m.id
    LEFT JOIN invitation_attempts a ON a.member_id = m.id AND a.address_hash = ?
   WHERE m.email = ? AND m.status = 'invited' AND (? IS NULL OR m.safe_id = ?)`;

const iso = (ms: number): string => new Date(ms).toISOString();
const hashAddress = (address: string): string => createHash('sha256').update(address, 'utf8').digest('hex');

export function redemptionHandlers(deps: RedemptionDeps): HandlerMap<RedemptionRouteName> {
  const { db, now } = deps;
  const throttle = new FailureThrottle({ now, ...DEFAULT_REDEEM_THROTTLE, ...deps.redeemRateLimit });

  const wrong = (): HttpError =>
    new HttpError(400, 'invalid_code', 'The e-mail address or the security code is wrong.');
  const locked = (): HttpError =>
    new HttpError(
      423,
      'too_many_attempts',
      'Too many wrong codes were tried for this invitation. Ask an administrator to re-send it.',
    );
  const expired = (): HttpError =>
    new HttpError(410, 'code_expired', 'This security code has expired. Ask an administrator to re-send it.');

  /** Why an invitation cannot be redeemed from this address now, if it cannot. */
  const blocker = (row: PendingRow, at: number): (() => HttpError) | null => {
    if (row.here >= MAX_CODE_ATTEMPTS) return locked;
    if (row.expires_at <= at) return expired;
    return null;
  };

  return {
    async redeemInvitation({ body, address }) {
      const { email } = body;
      const code = normaliseSecurityCode(body.code);
      const blocked = throttle.check(email, address);
      if (blocked) {
        throw tooSoon(
          429,
          'rate_limited',
          'Too many wrong security codes. Try again later.',
          blocked.retryAfterSeconds,
        );
      }
      // charge first, refund on success: parallel guesses cannot outrun the throttle
      throttle.recordFailure(email, address);
      const addressHash = hashAddress(address);
      const safeId = body.safeId ?? null;

      const pending = queryAll<PendingRow>(
        db,
        `${PENDING_SQL} ORDER BY c.issued_at DESC LIMIT 20`,
        addressHash,
        email,
        safeId,
        safeId,
      );
      // decided before any code is compared: the same answer for the right code and a wrong one
      const at = now();
      const usable = pending.filter((row) => blocker(row, at) === null);
      if (usable.length === 0) {
        await verifyPassword(code, null, CODE_COST); // the same cost as a real check
        const reasons = pending.map((row) => blocker(row, at));
        throw (reasons.find((reason) => reason === locked) ?? reasons[0] ?? wrong)();
      }

      let matched: PendingRow | null = null;
      for (const candidate of usable) {
        if (await verifyPassword(code, candidate.code_hash, CODE_COST)) {
          matched = candidate;
          break;
        }
      }

      if (!matched) {
        // each invitation tried takes the wrong attempt, from this address only
        transaction(db, () => {
          for (const candidate of usable) {
            statement(db, 'UPDATE invitation_codes SET failed_attempts = failed_attempts + 1 WHERE member_id = ?').run(
              candidate.member_id,
            );
            statement(
              db,
              `INSERT INTO invitation_attempts (member_id, address_hash, failures) VALUES (?, ?, 1)
               ON CONFLICT (member_id, address_hash) DO UPDATE SET failures = failures + 1`,
            ).run(candidate.member_id, addressHash);
          }
        });
        throw wrong();
      }

      const found = matched;
      const result = transaction(db, () => {
        // re-read: the code may have been re-sent, revoked, redeemed or locked while it was checked
        const current = queryOne<PendingRow>(
          db,
          `${PENDING_SQL} AND m.id = ? AND c.code_hash = ?`,
          addressHash,
          email,
          safeId,
          safeId,
          found.member_id,
          found.code_hash,
        );
        if (!current) throw wrong();
        const activatedAt = now();
        const reason = blocker(current, activatedAt);
        if (reason) throw reason();
        const safe = findSafe(db, current.safe_id);
        if (!safe) throw new HttpError(404, 'not_found', 'No such team safe.');
        const before = loadMember(db, safe.id, current.member_id);
        const account = queryOne<{ id: string }>(db, 'SELECT id FROM users WHERE email = ?', email);
        const userId = account?.id ?? null;
        statement(
          db,
          `UPDATE safe_members SET status = 'activated', activated_at = ?, user_id = COALESCE(?, user_id),
                  version = version + 1
            WHERE id = ?`,
        ).run(iso(activatedAt), userId, before.id);
        statement(db, 'DELETE FROM invitation_codes WHERE member_id = ?').run(before.id);
        statement(db, 'DELETE FROM invitation_attempts WHERE member_id = ?').run(before.id);
        const after = loadMember(db, safe.id, before.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: userId,
            action: 'member.activated',
            member: after,
            before: { status: before.status, version: before.version },
            after: { status: after.status, version: after.version, userId },
          },
          activatedAt,
        );
        return { safeId: safe.id, memberId: after.id };
      });
      throttle.recordSuccess(email, address);
      return result;
    },
  };
}
