/**
 * Who may call what, enforced in one place. Every route of the shared table
 * declares its `access` (and optionally a feature `permission`); the router
 * asks this guard once per request, so no handler checks roles by hand.
 *
 * - `identify` runs before the body is read: the credential the access
 *   implies (bearer token → 401 `session_expired`; support token → 403).
 * - `authorize` runs after the input is validated (it needs `{safeId}` /
 *   `{userId}`): organisation administrator, safe administrator, self, and
 *   the feature permission.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { DatabaseSync } from 'node:sqlite';
import { credentialOf, type RouteDef } from '../shared/api/routes.ts';
import { userIdForAccessToken } from './auth.ts';
import { HttpError } from './http.ts';
import { requirePermission } from './permissions.ts';
import { findSafe, isSafeAdministrator, membershipOf, type SafeRow } from './team-safes.ts';
import { findUser, isOrgAdministrator, type UserRow } from './users.ts';

export const SUPPORT_TOKEN_HEADER = 'x-support-token';
export const SUPPORT_TOKEN_MIN_LENGTH = 16;

export interface AccessGuardOptions {
  db: DatabaseSync;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Support staff's secret; without it, `support` routes always answer 403. */
  supportToken?: string | undefined;
}

export interface AccessGuard {
  /** The caller the route's credential names: a user for bearer routes, null otherwise. */
  identify(def: RouteDef, headers: IncomingHttpHeaders): UserRow | null;
  /** The signed-in user behind a bearer token; 401 `session_expired` otherwise. */
  authenticate(headers: IncomingHttpHeaders): UserRow;
  /** May this caller call the route with these parameters? Returns the safe of a `safeAdmin` route. */
  authorize(def: RouteDef, user: UserRow | null, params: unknown): { safe: SafeRow | null };
  /** 403 `forbidden` unless the user administers their organisation. */
  requireOrgAdministrator(user: UserRow): void;
}

const sessionExpired = (): HttpError =>
  new HttpError(401, 'session_expired', 'The session has expired or is not valid. Sign in again.');

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

function paramOf(params: unknown, name: string): string {
  const value = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string') throw new Error(`route access needs the path parameter {${name}}`);
  return value;
}

export function createAccessGuard(options: AccessGuardOptions): AccessGuard {
  const { db, now, supportToken } = options;

  const authenticate = (headers: IncomingHttpHeaders): UserRow => {
    const match = /^Bearer ([A-Za-z0-9_-]{16,512})$/.exec(headers.authorization ?? '');
    if (!match?.[1]) throw sessionExpired();
    const userId = userIdForAccessToken(db, match[1], now());
    const user = userId ? findUser(db, userId) : undefined;
    if (!user) throw sessionExpired();
    return user;
  };

  const requireSupportToken = (presented: string | string[] | undefined): void => {
    const value = Array.isArray(presented) ? presented[0] : presented;
    const valid =
      supportToken !== undefined &&
      supportToken.length >= SUPPORT_TOKEN_MIN_LENGTH &&
      value !== undefined &&
      timingSafeEqual(digest(value), digest(supportToken));
    if (!valid) {
      throw new HttpError(
        403,
        'forbidden',
        'Security group definitions are managed by the provider’s support staff only (X-Support-Token).',
      );
    }
  };

  const requireOrgAdministrator = (user: UserRow): void => {
    if (!isOrgAdministrator(db, user.id)) {
      throw new HttpError(403, 'forbidden', 'Only an administrator of the organisation may do this.');
    }
  };

  /**
   * The safe, if the user administers it. To someone who is not a member, a
   * safe they may not see and a safe that does not exist answer the same
   * 404: no existence oracle. A member who does not administer it knows it
   * exists and gets 403.
   */
  const administeredSafe = (user: UserRow, safeId: string): SafeRow => {
    const safe = findSafe(db, safeId);
    const membership = safe ? membershipOf(db, safe.id, user.id) : undefined;
    if (!safe || !membership) throw new HttpError(404, 'not_found', 'No such team safe.');
    if (!isSafeAdministrator(db, safe.id, user.id)) {
      throw new HttpError(403, 'forbidden', 'Only an activated administrator of this team safe may do this.');
    }
    return safe;
  };

  return {
    authenticate,
    requireOrgAdministrator,

    identify(def, headers) {
      switch (credentialOf(def.access)) {
        case 'none':
          return null;
        case 'supportToken':
          requireSupportToken(headers[SUPPORT_TOKEN_HEADER]);
          return null;
        case 'bearer':
          return authenticate(headers);
      }
    },

    authorize(def, user, params) {
      let safe: SafeRow | null = null;
      if (user) {
        switch (def.access) {
          case 'orgAdmin':
            requireOrgAdministrator(user);
            break;
          case 'selfOrOrgAdmin':
            if (paramOf(params, 'userId') !== user.id) requireOrgAdministrator(user);
            break;
          case 'safeAdmin':
            safe = administeredSafe(user, paramOf(params, 'safeId'));
            break;
          default:
            break;
        }
        if (def.permission) requirePermission(db, user, def.permission);
      }
      return { safe };
    },
  };
}
