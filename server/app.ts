/**
 * The reference HTTP server. Its router is built from the shared route table:
 * every entry of `routes` gets a matcher, its params/query/body are validated
 * with the entry's schemas, and its answer is checked against the entry's
 * response schema before it is sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseSync } from 'node:sqlite';
import type { z } from 'zod';
import { routes, type RouteDef, type RouteName } from '../shared/api/routes.ts';
import type { ApiErrorBody, User } from '../shared/api/schemas.ts';
import { AppError, type ErrorCode, type FieldErrorCode } from '../shared/errors.ts';
import { isLanguage } from '../shared/languages.ts';
import { fieldErrors } from '../shared/validation.ts';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  endSession,
  rotateRefreshToken,
  startSession,
  userIdForAccessToken,
  verifyPassword,
  type TokenSettings,
} from './auth.ts';
import { openDatabase, queryOne } from './db.ts';
import {
  SUPPORT_TOKEN_HEADER,
  SUPPORT_TOKEN_MIN_LENGTH,
  createSecurityGroupHandlers,
  requireSupportToken,
} from './groups.ts';
import { memberHandlers } from './members.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { SignInRateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { OutboxSmsGateway, readOutbox, type SmsGateway } from './sms.ts';
import { createSyncHandlers } from './sync.ts';
import { administeredSafes, findSafe, isSafeAdministrator, memberPage } from './team-safes.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const WRONG_CREDENTIALS_MESSAGE = 'E-mail or password is wrong.';

export interface ServerOptions {
  /** SQLite file (created with its folders) or `:memory:`. */
  dbPath: string;
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  rateLimit?: RateLimitOptions;
  /** Clock in ms since the epoch, for tokens and (unless `rateLimit.now` is given) the limiter. */
  now?: () => number;
  /** One line per request and per unexpected failure. Never receives bodies, tokens or passwords. */
  log?: (line: string) => void;
  /**
   * Secret of the provider's support staff (at least 16 characters). Routes
   * marked `support` accept only a request whose `X-Support-Token` header
   * carries it; without it they always answer 403.
   */
  supportToken?: string;
  /** Where invitation codes go by SMS; default: the `sms_outbox` table (OutboxSmsGateway). */
  sms?: SmsGateway;
  /** Serve GET /api/v1/dev/sms-outbox (not in the route table or OpenAPI). Demo and tests only. */
  devEndpoints?: boolean;
  /** Limits on failed invitation redemptions (per e-mail and per client address). */
  redeemRateLimit?: RateLimitOptions;
}

/** Dev-only: the reference SMS gateway's messages, when `devEndpoints` is on. */
export const DEV_SMS_OUTBOX_PATH = '/api/v1/dev/sms-outbox';

export interface RunningServer {
  /** Origin, e.g. `http://127.0.0.1:53124` (no trailing slash). */
  url: string;
  port: number;
  db: DatabaseSync;
  close(): Promise<void>;
}

// ------------------------------------------------------------------ errors

export class HttpError extends AppError {
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: ErrorCode,
    message: string,
    extra: {
      fields?: Record<string, FieldErrorCode>;
      retryAfterSeconds?: number;
      permission?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
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

const sessionExpired = (): HttpError =>
  new HttpError(401, 'session_expired', 'The session has expired or is not valid. Sign in again.');

// ------------------------------------------------------------------ typing

type Routes = typeof routes;
type Output<S> = S extends z.ZodType ? z.output<S> : undefined;
type ParamsOf<K extends RouteName> = Routes[K] extends { params: infer S } ? Output<S> : undefined;
type QueryOf<K extends RouteName> = Routes[K] extends { query: infer S } ? Output<S> : undefined;
type BodyOf<K extends RouteName> = Routes[K] extends { body: infer S } ? Output<S> : undefined;
type HeadersOf<K extends RouteName> = Routes[K] extends { headers: infer S } ? Output<S> : undefined;
type ResultOf<K extends RouteName> = Routes[K]['response'] extends z.ZodType ? z.input<Routes[K]['response']> : void;

interface UserRow {
  id: string;
  org_id: string;
  email: string;
  name: string;
  language: string;
  password_hash: string | null;
}

interface RequestContext<K extends RouteName> {
  params: ParamsOf<K>;
  query: QueryOf<K>;
  body: BodyOf<K>;
  /** The signed-in user on `auth: true` routes. */
  user: Routes[K]['auth'] extends true ? UserRow : null;
  /** Client address, for rate limiting. */
  address: string;
  /** The request headers the route declares, validated. */
  headers: HeadersOf<K>;
  /** Extra headers for the success answer (e.g. `etag`), by lower-case name. */
  responseHeaders: Record<string, string>;
}

export type Handler<K extends RouteName> = (context: RequestContext<K>) => ResultOf<K> | Promise<ResultOf<K>>;
type Handlers = { [K in RouteName]: Handler<K> };

// ------------------------------------------------------------------ router

interface CompiledRoute {
  name: RouteName;
  def: RouteDef;
  pattern: RegExp;
  paramNames: string[];
}

function compilePath(path: string): { pattern: RegExp; paramNames: string[] } {
  const paramNames: string[] = [];
  const source = path
    .split(/(\{\w+\})/)
    .map((part) => {
      const param = /^\{(\w+)\}$/.exec(part);
      if (param?.[1]) {
        paramNames.push(param[1]);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), paramNames };
}

const COMPILED: readonly CompiledRoute[] = (Object.entries(routes) as [RouteName, RouteDef][]).map(([name, def]) => ({
  name,
  def,
  ...compilePath(def.path),
}));

/** Server-only endpoints outside the shared contract. */
const EXTRA_GET_PATHS = new Set(['/api/v1/health', '/openapi.json']);

// ------------------------------------------------------------------ request body

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpError(415, 'invalid_payload', 'Request body must be application/json.');
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    throw new HttpError(413, 'invalid_payload', `Request body is larger than ${MAX_BODY_BYTES} bytes.`);
  }
  const raw = await new Promise<Buffer>((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        // stop collecting; the rest is drained and the connection closed after the answer
        cleanup();
        reject(new HttpError(413, 'invalid_payload', `Request body is larger than ${MAX_BODY_BYTES} bytes.`));
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

function validate<S extends z.ZodType>(schema: S, value: unknown, fields: Record<string, FieldErrorCode>): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  Object.assign(fields, fieldErrors(result.error));
  return undefined as z.output<S>;
}

// ------------------------------------------------------------------ server

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(options.dbPath);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const tokenSettings: TokenSettings = {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    now,
  };
  if (options.supportToken !== undefined && options.supportToken.length < SUPPORT_TOKEN_MIN_LENGTH) {
    db.close();
    throw new Error(`supportToken must be at least ${SUPPORT_TOKEN_MIN_LENGTH} characters`);
  }
  if (!Number.isInteger(tokenSettings.accessTokenTtlSeconds) || tokenSettings.accessTokenTtlSeconds < 1) {
    db.close();
    throw new Error('accessTokenTtlSeconds must be a positive integer');
  }
  const limiter = new SignInRateLimiter({ now, ...options.rateLimit });
  const openApiJson = JSON.stringify(buildOpenApiDocument());

  const toUser = (row: UserRow): User => ({
    id: row.id,
    name: row.name,
    email: row.email,
    language: isLanguage(row.language) ? row.language : 'en',
  });

  const userById = (id: string): UserRow | undefined =>
    queryOne<UserRow>(db, 'SELECT id, org_id, email, name, language, password_hash FROM users WHERE id = ?', id);

  const handlers: Handlers = {
    async signIn({ body, address }) {
      const { email, password } = body;
      const blocked = limiter.check(email, address);
      if (blocked) {
        throw new HttpError(429, 'rate_limited', 'Too many failed sign-in attempts. Try again later.', {
          retryAfterSeconds: blocked.retryAfterSeconds,
          headers: { 'retry-after': String(blocked.retryAfterSeconds) },
        });
      }
      // charge first, refund on success: parallel guesses cannot outrun the limit
      limiter.recordFailure(email, address);
      const user = queryOne<UserRow>(
        db,
        'SELECT id, org_id, email, name, language, password_hash FROM users WHERE email = ?',
        email,
      );
      const valid = await verifyPassword(password, user?.password_hash);
      if (!user || !valid) throw new HttpError(401, 'invalid_credentials', WRONG_CREDENTIALS_MESSAGE);
      limiter.recordSuccess(email, address);
      return { ...startSession(db, user.id, tokenSettings), user: toUser(user) };
    },

    refresh({ body }) {
      const outcome = rotateRefreshToken(db, body.refreshToken, tokenSettings);
      if (!outcome.ok) {
        if (outcome.reason === 'reused') log('refresh token reuse detected: session revoked');
        throw sessionExpired();
      }
      const user = userById(outcome.userId);
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

    listTeamSafes({ user }) {
      return { items: administeredSafes(db, user.id) };
    },

    listMembers({ params, query, user }) {
      const safe = findSafe(db, params.safeId);
      if (!safe) throw new HttpError(404, 'not_found', 'No such team safe.');
      if (!isSafeAdministrator(db, safe.id, user.id)) {
        throw new HttpError(403, 'forbidden', 'Only an administrator of this team safe may list its members.');
      }
      return memberPage(db, safe, query);
    },

    // security groups, feature permissions and the features they guard (server/groups.ts)
    ...createSecurityGroupHandlers({ db, now }),

    // change feeds for the desktop app's offline cache (server/sync.ts)
    ...createSyncHandlers({ db }),

    // member lifecycle: invitations, re-send, revoke, redeem, roles, removal, audit (server/members.ts)
    ...memberHandlers({
      db,
      now,
      sms: options.sms ?? new OutboxSmsGateway(db, now),
      fail: (status, code, message, extra) => new HttpError(status, code, message, extra),
      log,
      ...(options.redeemRateLimit ? { redeemRateLimit: options.redeemRateLimit } : {}),
    }),
  };

  const authenticate = (request: IncomingMessage): UserRow => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer ([A-Za-z0-9_-]{16,512})$/.exec(header);
    if (!match?.[1]) throw sessionExpired();
    const userId = userIdForAccessToken(db, match[1], now());
    const user = userId ? userById(userId) : undefined;
    if (!user) throw sessionExpired();
    return user;
  };

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (response.headersSent) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    response.writeHead(status, {
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    response.end(text);
  };

  const dispatch = async (request: IncomingMessage, response: ServerResponse, pathname: string, search: string) => {
    const method = request.method ?? 'GET';

    if (EXTRA_GET_PATHS.has(pathname)) {
      if (method !== 'GET') {
        throw new HttpError(405, 'not_found', `${method} is not allowed here.`, { headers: { allow: 'GET' } });
      }
      if (pathname === '/openapi.json') {
        response.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(openApiJson)),
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        response.end(openApiJson);
      } else {
        send(response, 200, { status: 'ok' });
      }
      return;
    }

    if (options.devEndpoints && pathname === DEV_SMS_OUTBOX_PATH) {
      if (method !== 'GET') {
        throw new HttpError(405, 'not_found', `${method} is not allowed here.`, { headers: { allow: 'GET' } });
      }
      const to = new URLSearchParams(search).get('to');
      send(response, 200, { items: readOutbox(db, to ? { to } : {}) });
      return;
    }

    const candidates: { route: CompiledRoute; match: RegExpExecArray }[] = [];
    for (const route of COMPILED) {
      const match = route.pattern.exec(pathname);
      if (match) candidates.push({ route, match });
    }
    if (candidates.length === 0) throw new HttpError(404, 'not_found', 'No such endpoint.');
    const found = candidates.find(({ route }) => route.def.method === method);
    if (!found) {
      const allow = [...new Set(candidates.map(({ route }) => route.def.method))].join(', ');
      throw new HttpError(405, 'not_found', `${method} is not allowed here.`, { headers: { allow } });
    }
    const { route, match } = found;
    const def = route.def;

    if (def.support) requireSupportToken(request.headers[SUPPORT_TOKEN_HEADER], options.supportToken);
    const user = def.auth ? authenticate(request) : null;

    const rawParams: Record<string, string> = {};
    for (const [index, name] of route.paramNames.entries()) {
      try {
        rawParams[name] = decodeURIComponent(match[index + 1] ?? '');
      } catch {
        throw new HttpError(400, 'invalid_payload', 'Malformed path parameter.', {
          fields: { [name]: 'invalid_value' },
        });
      }
    }
    const body = def.body ? await readJsonBody(request) : undefined;

    const fields: Record<string, FieldErrorCode> = {};
    const responseHeaders: Record<string, string> = {};
    const declaredHeaders = def.headers
      ? Object.fromEntries(Object.keys(def.headers.shape).map((name) => [name, request.headers[name]]))
      : undefined;
    const context = {
      params: def.params ? validate(def.params, rawParams, fields) : undefined,
      query: def.query ? validate(def.query, Object.fromEntries(new URLSearchParams(search)), fields) : undefined,
      body: def.body ? validate(def.body, body, fields) : undefined,
      user,
      address: request.socket.remoteAddress ?? 'unknown',
      headers: def.headers ? validate(def.headers, declaredHeaders, fields) : undefined,
      responseHeaders,
    };
    if (Object.keys(fields).length > 0) {
      throw new HttpError(400, 'invalid_payload', 'The request is not valid.', { fields });
    }

    const handler = handlers[route.name] as (context: unknown) => unknown;
    const result = await handler(context);
    if (def.response === null) {
      send(response, def.status, undefined, responseHeaders);
      return;
    }
    const checked = def.response.safeParse(result);
    if (!checked.success) {
      const where = checked.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
        .join('; ');
      throw new Error(`response of ${route.name} does not match its schema (${where})`);
    }
    send(response, def.status, checked.data, responseHeaders);
  };

  const server = createServer((request, response) => {
    const started = performance.now();
    const method = request.method ?? 'GET';
    let pathname = '/';
    let search = '';
    try {
      const url = new URL(request.url ?? '/', 'http://localhost');
      pathname = url.pathname;
      search = url.search;
    } catch {
      pathname = '(malformed)';
    }
    response.on('close', () => {
      const ms = Math.round(performance.now() - started);
      log(`${method} ${pathname} ${response.statusCode} ${ms}ms`);
    });

    dispatch(request, response, pathname, search).catch((error: unknown) => {
      if (error instanceof HttpError) {
        // If the client is still sending a body we refused, close the connection after answering.
        const unread = !request.readableEnded;
        send(response, error.status, error.body(), { ...error.headers, ...(unread ? { connection: 'close' } : {}) });
        if (unread) request.resume();
        return;
      }
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`error in ${method} ${pathname}: ${detail}`);
      const failure = new HttpError(500, 'server_error', 'Unexpected server error.');
      send(response, 500, failure.body());
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch((error: unknown) => {
    db.close();
    throw error;
  });

  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    db,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        server.close(() => {
          if (db.isOpen) db.close();
          resolveClose();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
