/**
 * Passwords and sessions.
 *
 * - Passwords: scrypt at the OWASP recommendation (N=2^17, r=8, p=1: 128 MiB
 *   per hash), 64-byte key, random 16-byte salt, encoded
 *   `scrypt$N$r$p$saltB64$hashB64`, compared in constant time. A hash made
 *   with other parameters still verifies, and is replaced on the next
 *   successful sign-in (`needsRehash`). Verifying against a missing account
 *   still spends one scrypt run at the current cost.
 * - Security codes of invitations use the same encoding at CODE_COST.
 * - Sessions: a short-lived opaque access token and a rotating refresh token.
 *   Each refresh marks the presented refresh token used and issues a new one in
 *   the same session; presenting a used one again revokes the whole session.
 *   Only SHA-256 hashes of tokens are stored.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { hashToken, newId, queryOne, statement, transaction } from './db.ts';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP Password Storage Cheat Sheet: scrypt N=2^17, r=8, p=1. */
export const PASSWORD_COST: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/**
 * Invitation security codes: 40 random bits, valid for seven days, locked
 * after five wrong tries and rate-limited, so the hash guards only against
 * offline guessing from a stolen database. The first release's cost keeps
 * invitations and redemptions (up to 20 comparisons) fast.
 */
export const CODE_COST: ScryptCost = { N: 2 ** 14, r: 8, p: 1 };
const KEY_BYTES = 64;
const SALT_BYTES = 16;

/** scrypt runs so far (diagnostics and tests: proves the work was done without a stopwatch). */
export const kdfRuns = { count: 0 };

export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 900;
export const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

function scryptAsync(password: string, salt: Buffer, keylen: number, N: number, r: number, p: number): Promise<Buffer> {
  kdfRuns.count++;
  return new Promise((resolvePromise, reject) => {
    // scrypt needs 128·N·r bytes (128 MiB at the password cost): allow twice that
    scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => {
      if (error) reject(error);
      else resolvePromise(key);
    });
  });
}

export async function hashPassword(password: string, cost: ScryptCost = PASSWORD_COST): Promise<string> {
  const { N, r, p } = cost;
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, KEY_BYTES, N, r, p);
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(encoded: string): ParsedHash | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const powerOfTwo = Number.isInteger(N) && N > 1 && (N & (N - 1)) === 0;
  if (
    !powerOfTwo ||
    N > 2 ** 20 ||
    !Number.isInteger(r) ||
    r < 1 ||
    r > 32 ||
    !Number.isInteger(p) ||
    p < 1 ||
    p > 16
  ) {
    return null;
  }
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || key.length < 16) return null;
  return { N, r, p, salt, key };
}

const dummyHashes = new Map<string, Promise<ParsedHash>>();

/** A real hash of a random password at `cost`, so that unknown accounts cost the same. */
function dummy(cost: ScryptCost): Promise<ParsedHash> {
  const id = `${cost.N}$${cost.r}$${cost.p}`;
  let hash = dummyHashes.get(id);
  if (!hash) {
    hash = hashPassword(randomBytes(24).toString('base64'), cost).then((encoded) => {
      const parsed = parseHash(encoded);
      if (!parsed) throw new Error('dummy hash does not parse');
      return parsed;
    });
    dummyHashes.set(id, hash);
  }
  return hash;
}

/**
 * True when `password` matches `encoded`. With no stored hash (unknown
 * account, account without a password) it still runs scrypt once, at
 * `cost`, and answers false.
 */
export async function verifyPassword(
  password: string,
  encoded: string | null | undefined,
  cost: ScryptCost = PASSWORD_COST,
): Promise<boolean> {
  const parsed = encoded ? parseHash(encoded) : null;
  const target = parsed ?? (await dummy(cost));
  const key = await scryptAsync(password, target.salt, target.key.length, target.N, target.r, target.p);
  const same = key.length === target.key.length && timingSafeEqual(key, target.key);
  return parsed !== null && same;
}

/** True when a stored hash was made with other parameters than `cost` (rehash it after a successful check). */
export function needsRehash(encoded: string, cost: ScryptCost = PASSWORD_COST): boolean {
  const parsed = parseHash(encoded);
  return (
    !parsed || parsed.N !== cost.N || parsed.r !== cost.r || parsed.p !== cost.p || parsed.key.length !== KEY_BYTES
  );
}

// ---------------------------------------------------------------- sessions

export interface TokenSettings {
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Milliseconds since the epoch. */
  now: () => number;
}

export interface IssuedTokens {
  accessToken: string;
  accessTokenExpiresIn: number;
  refreshToken: string;
}

const newToken = (): string => randomBytes(32).toString('base64url');

function issueTokens(db: DatabaseSync, sessionId: string, settings: TokenSettings): IssuedTokens {
  const now = settings.now();
  const accessToken = newToken();
  const refreshToken = newToken();
  statement(db, 'INSERT INTO access_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)').run(
    hashToken(accessToken),
    sessionId,
    now + settings.accessTokenTtlSeconds * 1000,
  );
  statement(db, 'INSERT INTO refresh_tokens (token_hash, session_id, expires_at) VALUES (?, ?, ?)').run(
    hashToken(refreshToken),
    sessionId,
    now + settings.refreshTokenTtlSeconds * 1000,
  );
  return { accessToken, accessTokenExpiresIn: settings.accessTokenTtlSeconds, refreshToken };
}

/** Drop tokens that can no longer be used for anything. */
function sweepExpired(db: DatabaseSync, now: number): void {
  statement(db, 'DELETE FROM access_tokens WHERE expires_at <= ?').run(now);
  statement(db, 'DELETE FROM refresh_tokens WHERE expires_at <= ?').run(now);
}

/** A new session for a user who has just proven who they are. */
export function startSession(db: DatabaseSync, userId: string, settings: TokenSettings): IssuedTokens {
  return transaction(db, () => {
    const now = settings.now();
    sweepExpired(db, now);
    const sessionId = newId();
    statement(db, 'INSERT INTO sessions (id, user_id, created_at) VALUES (?, ?, ?)').run(sessionId, userId, now);
    return issueTokens(db, sessionId, settings);
  });
}

export type RefreshOutcome =
  | { ok: true; userId: string; tokens: IssuedTokens }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'reused' };

interface RefreshRow {
  session_id: string;
  expires_at: number;
  used_at: number | null;
  user_id: string;
  revoked_at: number | null;
}

function revokeSession(db: DatabaseSync, sessionId: string, now: number): void {
  statement(db, 'UPDATE sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now, sessionId);
  statement(db, 'DELETE FROM access_tokens WHERE session_id = ?').run(sessionId);
}

/**
 * Exchange a refresh token for new tokens. Synchronous and in one
 * transaction, so two concurrent refreshes with the same token cannot both
 * succeed: the second one is a reuse and revokes the session.
 */
export function rotateRefreshToken(db: DatabaseSync, refreshToken: string, settings: TokenSettings): RefreshOutcome {
  return transaction(db, (): RefreshOutcome => {
    const now = settings.now();
    const row = queryOne<RefreshRow>(
      db,
      `SELECT r.session_id, r.expires_at, r.used_at, s.user_id, s.revoked_at
         FROM refresh_tokens r JOIN sessions s ON s.id = r.session_id
        WHERE r.token_hash = ?`,
      hashToken(refreshToken),
    );
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.revoked_at !== null) return { ok: false, reason: 'revoked' };
    if (row.used_at !== null) {
      revokeSession(db, row.session_id, now);
      return { ok: false, reason: 'reused' };
    }
    if (row.expires_at <= now) return { ok: false, reason: 'expired' };
    statement(db, 'UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ?').run(now, hashToken(refreshToken));
    return { ok: true, userId: row.user_id, tokens: issueTokens(db, row.session_id, settings) };
  });
}

/** Revoke the session a refresh token belongs to. False when the token is unknown. */
export function endSession(db: DatabaseSync, refreshToken: string, now: number): boolean {
  return transaction(db, () => {
    const row = queryOne<{ session_id: string }>(
      db,
      'SELECT session_id FROM refresh_tokens WHERE token_hash = ?',
      hashToken(refreshToken),
    );
    if (!row) return false;
    revokeSession(db, row.session_id, now);
    return true;
  });
}

/** The user an access token belongs to, or null if it is unknown, expired or its session is revoked. */
export function userIdForAccessToken(db: DatabaseSync, accessToken: string, now: number): string | null {
  const row = queryOne<{ user_id: string; expires_at: number; revoked_at: number | null }>(
    db,
    `SELECT s.user_id, a.expires_at, s.revoked_at
       FROM access_tokens a JOIN sessions s ON s.id = a.session_id
      WHERE a.token_hash = ?`,
    hashToken(accessToken),
  );
  if (!row || row.revoked_at !== null || row.expires_at <= now) return null;
  return row.user_id;
}
