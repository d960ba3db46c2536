/**
 * Idempotent POSTs: the answer to a request is kept for a day under a hash
 * of (user, operation, Idempotency-Key). A retry with the same key and the
 * same request gets the same answer and changes nothing; the same key with
 * another request gets 409 `idempotency_conflict`.
 *
 * The answer is encrypted (AES-256-GCM) under a key derived from the
 * Idempotency-Key, which only the client holds, so a displayed security
 * code is not stored readable.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { queryOne, statement } from './db.ts';
import { HttpError } from './http.ts';

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export interface IdempotentRequest {
  /** The client's Idempotency-Key (never stored). */
  key: string;
  /** Where the answer is stored: SHA-256 of user, operation and key. */
  keyHash: string;
  /** HMAC of the request under the key: tells a retry from another request with the same key. */
  requestHash: string;
}

const b64 = (buffer: Buffer): string => buffer.toString('base64url');

/** Identify one idempotent request of `userId`: the operation name and everything the request asks for. */
export function idempotentRequest(userId: string, operation: string, key: string, request: unknown): IdempotentRequest {
  return {
    key,
    keyHash: createHash('sha256').update(`${userId}\n${operation}\n${key}`, 'utf8').digest('hex'),
    requestHash: createHmac('sha256', key).update(JSON.stringify(request)).digest('hex'),
  };
}

function responseKey(key: string, salt: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), salt, 'tsa idempotent response v1', 32));
}

function seal(request: IdempotentRequest, value: unknown): string {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', responseKey(request.key, salt), iv);
  cipher.setAAD(Buffer.from(request.keyHash, 'utf8'));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return ['v1', b64(salt), b64(iv), b64(cipher.getAuthTag()), b64(sealed)].join('.');
}

function open(request: IdempotentRequest, stored: string): unknown {
  const [version, salt, iv, tag, sealed] = stored.split('.');
  if (version !== 'v1' || !salt || !iv || !tag || sealed === undefined) throw new Error('unreadable stored response');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    responseKey(request.key, Buffer.from(salt, 'base64url')),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(request.keyHash, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  const text = Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  return JSON.parse(text) as unknown;
}

/**
 * The answer already given to this request, if any (and not older than a
 * day); 409 `idempotency_conflict` when the key came with another request.
 */
export function storedAnswer<T>(db: DatabaseSync, request: IdempotentRequest, now: number): T | null {
  const stored = queryOne<{ request_hash: string; response: string; created_at: number }>(
    db,
    'SELECT request_hash, response, created_at FROM idempotency_keys WHERE key_hash = ?',
    request.keyHash,
  );
  if (!stored || stored.created_at <= now - IDEMPOTENCY_TTL_MS) return null;
  if (stored.request_hash !== request.requestHash) {
    throw new HttpError(409, 'idempotency_conflict', 'This Idempotency-Key was already used for a different request.');
  }
  return open(request, stored.response) as T;
}

/** Keep the answer (inside the transaction that made it), dropping answers older than a day. */
export function storeAnswer(
  db: DatabaseSync,
  request: IdempotentRequest,
  userId: string,
  status: number,
  value: unknown,
  at: number,
): void {
  statement(db, 'DELETE FROM idempotency_keys WHERE created_at <= ?').run(at - IDEMPOTENCY_TTL_MS);
  statement(
    db,
    `INSERT OR REPLACE INTO idempotency_keys (key_hash, user_id, request_hash, status, response, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(request.keyHash, userId, request.requestHash, status, seal(request, value), at);
}

export function forgetAnswer(db: DatabaseSync, request: IdempotentRequest): void {
  statement(db, 'DELETE FROM idempotency_keys WHERE key_hash = ?').run(request.keyHash);
}
