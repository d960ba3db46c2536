/**
 * Sending limits for invitation codes by SMS (each text costs money and
 * lands on someone's phone): a member gets at most one text per cool-down
 * (60 s), a team safe at most a quota per hour. Checked and recorded inside
 * the transaction that issues the code, so concurrent requests cannot both
 * slip through; over a limit: 429 `sms_cooldown` / `sms_quota` with
 * `retryAfterSeconds` and `Retry-After`.
 */
import type { DatabaseSync } from 'node:sqlite';
import { queryOne, statement } from './db.ts';
import { tooSoon } from './http.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface SmsLimits {
  /** Seconds between two texts to the same member (default 60). */
  memberCooldownSeconds?: number;
  /** Texts per safe within any hour (default 20). */
  safeHourlyQuota?: number;
}

export const DEFAULT_SMS_LIMITS = { memberCooldownSeconds: 60, safeHourlyQuota: 20 } as const;

export interface SmsSendLimiter {
  /** 429 unless a text to `memberId` (null: a new member) of `safeId` may go out now. */
  check(safeId: string, memberId: string | null, now: number): void;
  /** Record a text (call inside the transaction that issues the code, after `check`). */
  record(safeId: string, memberId: string, now: number): void;
  /**
   * How many more texts the safe may send now, and in how many seconds the
   * next one leaves the hour (for planning a bulk invitation).
   */
  quota(safeId: string, now: number): { left: number; retryAfterSeconds: number };
}

export function smsSendLimiter(db: DatabaseSync, limits: SmsLimits = {}): SmsSendLimiter {
  const cooldownMs = (limits.memberCooldownSeconds ?? DEFAULT_SMS_LIMITS.memberCooldownSeconds) * 1000;
  const quota = limits.safeHourlyQuota ?? DEFAULT_SMS_LIMITS.safeHourlyQuota;

  return {
    check(safeId, memberId, now) {
      if (memberId !== null) {
        const last = queryOne<{ at: number | null }>(
          db,
          'SELECT MAX(sent_at) AS at FROM sms_sends WHERE member_id = ?',
          memberId,
        )?.at;
        if (last !== null && last !== undefined && now - last < cooldownMs) {
          throw tooSoon(
            429,
            'sms_cooldown',
            `A text was sent to this member less than ${cooldownMs / 1000} seconds ago.`,
            (last + cooldownMs - now) / 1000,
          );
        }
      }
      const sent = queryOne<{ n: number }>(
        db,
        'SELECT COUNT(*) AS n FROM sms_sends WHERE safe_id = ? AND sent_at > ?',
        safeId,
        now - HOUR_MS,
      )?.n;
      if ((sent ?? 0) >= quota) {
        // the moment enough texts have left the hour for one more
        const freeing =
          queryOne<{ at: number }>(
            db,
            'SELECT sent_at AS at FROM sms_sends WHERE safe_id = ? AND sent_at > ? ORDER BY sent_at LIMIT 1 OFFSET ?',
            safeId,
            now - HOUR_MS,
            (sent ?? 0) - quota,
          )?.at ?? now;
        throw tooSoon(
          429,
          'sms_quota',
          `This team safe has sent ${quota} texts within the last hour, its limit.`,
          (freeing + HOUR_MS - now) / 1000,
        );
      }
    },

    quota(safeId, now) {
      const window = queryOne<{ n: number; oldest: number | null }>(
        db,
        'SELECT COUNT(*) AS n, MIN(sent_at) AS oldest FROM sms_sends WHERE safe_id = ? AND sent_at > ?',
        safeId,
        now - HOUR_MS,
      );
      const oldest = window?.oldest ?? now;
      return {
        left: Math.max(0, quota - (window?.n ?? 0)),
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + HOUR_MS - now) / 1000)),
      };
    },

    record(safeId, memberId, now) {
      statement(db, 'DELETE FROM sms_sends WHERE sent_at <= ?').run(now - HOUR_MS);
      statement(db, 'INSERT INTO sms_sends (safe_id, member_id, sent_at) VALUES (?, ?, ?)').run(safeId, memberId, now);
    },
  };
}
