/**
 * The server's HTTP vocabulary, shared by the router and every handler:
 * the error a handler throws (`HttpError`), the typed handler signature
 * derived from the shared route table, and reading and writing JSON bodies.
 * It imports nothing of the server's domain, so any module may use it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import type { routes, RouteName } from '../shared/api/routes.ts';
import type { ApiErrorBody } from '../shared/api/schemas.ts';
import { AppError, type ErrorCode, type FieldErrorCode } from '../shared/errors.ts';
import type { SafeRow } from './team-safes.ts';
import type { UserRow } from './users.ts';

export const MAX_BODY_BYTES = 64 * 1024;

// ------------------------------------------------------------------ errors

export interface HttpErrorExtra {
  fields?: Record<string, FieldErrorCode>;
  retryAfterSeconds?: number;
  permission?: string;
  /** For conflicts: the current state (see AppErrorShape.current). */
  current?: unknown;
  headers?: Record<string, string>;
}

/** What a handler throws to answer with an error: status, translated code, English message for logs. */
export class HttpError extends AppError {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(status: number, code: ErrorCode, message: string, extra: HttpErrorExtra = {}) {
    const { headers, ...shape } = extra;
    super(code, message, shape);
    this.name = 'HttpError';
    this.status = status;
    this.headers = headers ?? {};
  }

  body(): ApiErrorBody {
    return { error: this.toShape() };
  }
}

/** 429-style answer: `retryAfterSeconds` in the body and the `Retry-After` header, always both. */
export function tooSoon(status: number, code: ErrorCode, message: string, retryAfterSeconds: number): HttpError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new HttpError(status, code, message, {
    retryAfterSeconds: seconds,
    headers: { 'retry-after': String(seconds) },
  });
}

export const methodNotAllowed = (method: string, allow: readonly string[]): HttpError =>
  new HttpError(405, 'method_not_allowed', `${method} is not allowed here.`, { headers: { allow: allow.join(', ') } });

// ------------------------------------------------------------------ handler types

type Routes = typeof routes;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type ParamsOf<K extends RouteName> = Routes[K] extends { params: infer S } ? Output<S> : undefined;
type QueryOf<K extends RouteName> = Routes[K] extends { query: infer S } ? Output<S> : undefined;
type BodyOf<K extends RouteName> = Routes[K] extends { body: infer S } ? Output<S> : undefined;
type HeadersOf<K extends RouteName> = Routes[K] extends { headers: infer S } ? Output<S> : undefined;
type ResultOf<K extends RouteName> = Routes[K]['response'] extends z.ZodType ? z.input<Routes[K]['response']> : void;
type AccessOf<K extends RouteName> = Routes[K]['access'];

/** What the router hands a handler: validated input and what the route's access established. */
export interface RequestContext<K extends RouteName> {
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
  /** The signed-in user, on every route that takes a bearer token. */
  user: AccessOf<K> extends 'public' | 'support' ? null : UserRow;
  /** The team safe `{safeId}`, on `safeAdmin` routes (the caller administers it). */
  safe: AccessOf<K> extends 'safeAdmin' ? SafeRow : null;
  /** Client address, for rate limiting. */
  address: string;
  /** The request headers the route declares, validated. */
  headers: HeadersOf<K>;
  /** Extra headers for the success answer (e.g. `etag`), by lower-case name. */
  responseHeaders: Record<string, string>;
}

export type Handler<K extends RouteName> = (context: RequestContext<K>) => ResultOf<K> | Promise<ResultOf<K>>;

/** The handlers of some routes; every area of the server exports one such map. */
export type HandlerMap<N extends RouteName> = { [K in N]: Handler<K> };

/** What every area's handler factory receives. */
export interface HandlerDeps {
  db: DatabaseSync;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** One line per noteworthy event. Never receives bodies, tokens, codes or passwords. */
  log: (line: string) => void;
}

/** Every route's handler: what the router needs (a missing one is a compile error). */
export type Handlers = HandlerMap<RouteName>;

// ------------------------------------------------------------------ bodies

const tooLarge = (limit: number) =>
  new HttpError(413, 'invalid_payload', `Request body is larger than ${limit} bytes.`);

/** The request's JSON body: 415 unless JSON, 413 past `limit` (default MAX_BODY_BYTES), 400 when unreadable. */
export async function readJsonBody(request: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpError(415, 'invalid_payload', 'Request body must be application/json.');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const raw = await new Promise<Buffer>((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // stop collecting; the rest is drained and the connection closed after the answer
        cleanup();
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolveBody(Buffer.concat(chunks));
    };
    const onError = () => {
      cleanup();
      reject(new HttpError(400, 'invalid_payload', 'The request body could not be read.'));
    };
    const onClose = () => {
      cleanup();
      reject(new HttpError(400, 'invalid_payload', 'The client closed the connection before the body ended.'));
    };
    const cleanup = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new HttpError(400, 'invalid_payload', 'Request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_payload', 'Request body is not valid JSON.');
  }
}

/** Any character outside ASCII (a UTF-16 code unit at a time: a pair becomes two escapes, which JSON reads back as one). */
const NON_ASCII = /[\u0080-\uffff]/g;
const HAS_NON_ASCII = /[\u0080-\uffff]/;
const escapeUnit = (unit: string): string => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * The JSON text of `body` in ASCII only, non-ASCII characters as `\u`
 * escapes (the same JSON to any reader). One accented name otherwise sends
 * the client's decoding of the whole answer down the slow path, and one CJK
 * name makes all of it a two-byte string: the 23 MB of a full sync of
 * 100 000 members then decodes and parses about 2.5 times slower.
 */
export function asciiJson(body: unknown): string {
  const text = JSON.stringify(body);
  return HAS_NON_ASCII.test(text) ? text.replace(NON_ASCII, escapeUnit) : text;
}

/** A JSON answer (or an empty one for `undefined`), never cached, never sniffed. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return;
  const text = body === undefined ? '' : typeof body === 'string' ? body : asciiJson(body);
  response.writeHead(status, {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}
