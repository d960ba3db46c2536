/**
 * The invitee redeems their invitation with their e-mail address and
 * security code. Wrong codes are counted per invitation (five lock it until
 * re-sent), and failed redemptions are rate-limited per e-mail address and
 * per client address.
 */
import { CODE_COST, verifyPassword } from '../auth.ts';
import { queryAll, queryOne, statement, transaction } from '../db.ts';
import { HttpError, tooSoon, type HandlerDeps, type HandlerMap } from '../http.ts';
import { MAX_CODE_ATTEMPTS, normaliseSecurityCode, type CodeRow } from '../invitation-codes.ts';
import { auditMember, loadMember } from '../members.ts';
import { SignInRateLimiter, type RateLimitOptions } from '../rate-limit.ts';
import { findSafe } from '../team-safes.ts';

/** Failed redemptions allowed per e-mail address and per client address (15-minute window). */
export const DEFAULT_REDEEM_RATE_LIMIT = { accountLimit: 10, addressLimit: 30 } as const;

export type RedemptionRouteName = 'redeemInvitation';

export interface RedemptionDeps extends HandlerDeps {
  redeemRateLimit?: RateLimitOptions | undefined;
}

interface PendingRow extends CodeRow {
  safe_id: string;
  email: string;
  version: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function redemptionHandlers(deps: RedemptionDeps): HandlerMap<RedemptionRouteName> {
  const { db, now } = deps;
  const limiter = new SignInRateLimiter({ now, ...DEFAULT_REDEEM_RATE_LIMIT, ...deps.redeemRateLimit });

  return {
    async redeemInvitation({ body, address }) {
      const { email } = body;
      const code = normaliseSecurityCode(body.code);
      const blocked = limiter.check(email, address);
      if (blocked) {
        throw tooSoon(
          429,
          'rate_limited',
          'Too many wrong security codes. Try again later.',
          blocked.retryAfterSeconds,
        );
      }
      // charge first, refund on success: parallel guesses cannot outrun the limit
      limiter.recordFailure(email, address);
      const wrong = (): HttpError =>
        new HttpError(400, 'invalid_code', 'The e-mail address or the security code is wrong.');

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
        await verifyPassword(code, null, CODE_COST); // the same cost as a real check
      }
      for (const candidate of pending) {
        if (await verifyPassword(code, candidate.code_hash, CODE_COST)) {
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
          throw new HttpError(
            423,
            'too_many_attempts',
            'Too many wrong codes were tried for this invitation. Ask an administrator to re-send it.',
          );
        }
        const at = now();
        if (current.expires_at <= at) {
          throw new HttpError(
            410,
            'code_expired',
            'This security code has expired. Ask an administrator to re-send it.',
          );
        }
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
        ).run(iso(at), userId, before.id);
        statement(db, 'DELETE FROM invitation_codes WHERE member_id = ?').run(before.id);
        const after = loadMember(db, safe.id, before.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: userId,
            action: 'member.activated',
            targetId: after.id,
            before: { status: before.status, version: before.version },
            after: { status: after.status, version: after.version, userId },
          },
          at,
        );
        return { safeId: safe.id, memberId: after.id };
      });
      limiter.recordSuccess(email, address);
      return result;
    },
  };
}
