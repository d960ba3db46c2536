/**
 * Sign-in, token refresh, sign-out and "who am I". Failed sign-ins are
 * limited (server/rate-limit.ts) before the password is checked.
 */
import { FailureThrottle, type ThrottleOptions } from '../rate-limit.ts';
import {
  PASSWORD_COST,
  endSession,
  hashPassword,
  needsRehash,
  rotateRefreshToken,
  startSession,
  verifyPassword,
  type ScryptCost,
  type TokenSettings,
} from '../auth.ts';
import { statement } from '../db.ts';
import { HttpError, tooSoon, type HandlerDeps, type HandlerMap } from '../http.ts';
import { findCredentials, findUser, toUser } from '../users.ts';

export const WRONG_CREDENTIALS_MESSAGE = 'E-mail or password is wrong.';

export type SessionRouteName = 'signIn' | 'refresh' | 'signOut' | 'me';

export interface SessionDeps extends HandlerDeps {
  tokens: TokenSettings;
  rateLimit?: ThrottleOptions | undefined;
  /** scrypt cost for passwords; PASSWORD_COST unless a test lowers it. */
  passwordCost?: ScryptCost | undefined;
}

const sessionExpired = (): HttpError =>
  new HttpError(401, 'session_expired', 'The session has expired or is not valid. Sign in again.');

export function sessionHandlers(deps: SessionDeps): HandlerMap<SessionRouteName> {
  const { db, now, log, tokens } = deps;
  const limiter = new FailureThrottle({ now, ...deps.rateLimit });
  const cost = deps.passwordCost ?? PASSWORD_COST;

  /** A hash made with older parameters is replaced, now that the password is known to be right. */
  const upgrade = async (userId: string, password: string, stored: string): Promise<void> => {
    if (!needsRehash(stored, cost)) return;
    const fresh = await hashPassword(password, cost);
    // only if nobody changed the password meanwhile
    statement(db, 'UPDATE users SET password_hash = ? WHERE id = ? AND password_hash = ?').run(fresh, userId, stored);
  };

  return {
    async signIn({ body, address }) {
      const { email, password } = body;
      const blocked = limiter.check(email, address);
      if (blocked) {
        throw tooSoon(
          429,
          'rate_limited',
          'Too many failed sign-in attempts. Try again later.',
          blocked.retryAfterSeconds,
        );
      }
      // charge first, refund on success: parallel guesses cannot outrun the limit
      limiter.recordFailure(email, address);
      const user = findCredentials(db, email);
      const valid = await verifyPassword(password, user?.password_hash, cost);
      if (!user?.password_hash || !valid) throw new HttpError(401, 'invalid_credentials', WRONG_CREDENTIALS_MESSAGE);
      limiter.recordSuccess(email, address);
      await upgrade(user.id, password, user.password_hash);
      return { ...startSession(db, user.id, tokens), user: toUser(user) };
    },

    refresh({ body }) {
      const outcome = rotateRefreshToken(db, body.refreshToken, tokens);
      if (!outcome.ok) {
        if (outcome.reason === 'reused') log('refresh token reuse detected: session revoked');
        throw sessionExpired();
      }
      const user = findUser(db, outcome.userId);
      if (!user) throw sessionExpired();
      return { ...outcome.tokens, user: toUser(user) };
    },

    signOut({ body }) {
      // Unknown tokens are fine: signing out is idempotent and reveals nothing.
      endSession(db, body.refreshToken, now());
    },

    me({ user }) {
      return toUser(user);
    },
  };
}
