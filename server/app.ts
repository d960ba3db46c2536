/**
 * The reference HTTP server, composed: the database, the access guard, every
 * area's handlers (server/handlers/), the router built from the shared route
 * table (server/router.ts) and the few server-only endpoints. Nothing here
 * handles a request itself.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DatabaseSync } from 'node:sqlite';
import { SUPPORT_TOKEN_MIN_LENGTH, createAccessGuard } from './access.ts';
import {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
  type ScryptCost,
  type TokenSettings,
} from './auth.ts';
import { openDatabase } from './db.ts';
import { auditHandlers } from './handlers/audit.ts';
import { bulkInviteHandlers } from './handlers/bulk-invite.ts';
import { featureHandlers } from './handlers/features.ts';
import { groupHandlers } from './handlers/groups.ts';
import { invitationHandlers } from './handlers/invitations.ts';
import { memberHandlers } from './handlers/members.ts';
import { permissionHandlers } from './handlers/permissions.ts';
import { pipelineHandlers } from './handlers/pipeline.ts';
import { redemptionHandlers } from './handlers/redemption.ts';
import { sessionHandlers } from './handlers/session.ts';
import { supportHandlers } from './handlers/support.ts';
import { syncHandlers } from './handlers/sync.ts';
import { teamSafeHandlers } from './handlers/team-safes.ts';
import type { RouteName } from '../shared/api/routes.ts';
import { isWildcardHost, ownHostNames } from '../shared/hosts.ts';
import { devEndpoints } from './dev-endpoints.ts';
import { HttpError, sendJson, type HandlerDeps, type Handlers } from './http.ts';
import { invitationService } from './invitations.ts';
import { buildOpenApiDocument } from './openapi.ts';
import type { ThrottleOptions } from './rate-limit.ts';
import { createRouter, type ServerEndpoint } from './router.ts';
import type { SmsLimits } from './sms-limits.ts';
import { OutboxSmsGateway, type SmsGateway } from './sms.ts';
import { UNDO_WINDOW_MS, pruneUndo } from './undo.ts';

export { MAX_BODY_BYTES } from './http.ts';
export { WRONG_CREDENTIALS_MESSAGE } from './handlers/session.ts';

export interface ServerOptions {
  /** SQLite file (created with its folders) or `:memory:`. */
  dbPath: string;
  /** Interface to listen on; loopback unless told otherwise. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  rateLimit?: ThrottleOptions;
  /** Clock in ms since the epoch, for tokens and (unless `rateLimit.now` is given) the limiter. */
  now?: () => number;
  /** One line per request and per unexpected failure. Never receives bodies, tokens or passwords. */
  log?: (line: string) => void;
  /**
   * Secret of the provider's support staff (at least 16 characters). Routes
   * with `access: 'support'` accept only a request whose `X-Support-Token`
   * header carries it; without it they always answer 403.
   */
  supportToken?: string;
  /** Where invitation codes go by SMS; default: the `sms_outbox` table (OutboxSmsGateway). */
  sms?: SmsGateway;
  /**
   * The dev SMS outbox: off unless asked for (the embedded demo of `npm start`
   * and `npm run preview` turns it on). On: the reference gateway keeps codes
   * readable until they expire, GET /api/v1/dev/sms-outbox (not in the
   * route table or OpenAPI) shows them to an organisation administrator, and
   * POST /api/v1/dev/sms-outbox/status plays the provider's delivery reports
   * (server/dev-endpoints.ts). Off: codes are masked before a message is stored.
   */
  devEndpoints?: boolean;
  /**
   * Host names clients use besides the listening address (and `localhost`
   * on loopback), e.g. behind a reverse proxy; `name` accepts any port,
   * `name:port` only that one. Required when listening on all interfaces.
   * Requests naming another host get 421 `wrong_host`.
   */
  hostnames?: readonly string[];
  /** Limits on texts with invitation codes: cool-down per member, quota per safe and hour. */
  smsLimits?: SmsLimits;
  /** Limits on failed invitation redemptions (per e-mail and per client address). */
  redeemRateLimit?: ThrottleOptions;
  /**
   * Tests only: a lower scrypt cost for passwords (default PASSWORD_COST, the
   * OWASP recommendation). Deliberately not settable from the command line or
   * the environment.
   */
  passwordCost?: ScryptCost;
  /**
   * Fault injection, tests only: asked after a route's handler has finished
   * (its transaction committed) and before the answer is sent; `'drop'`
   * destroys the connection instead of answering.
   */
  testHooks?: { beforeAnswer?: (route: RouteName) => 'drop' | undefined };
}

export { DEV_SMS_OUTBOX_PATH, DEV_SMS_STATUS_PATH } from './dev-endpoints.ts';

export interface RunningServer {
  /** Origin, e.g. `http://127.0.0.1:53124` (no trailing slash). */
  url: string;
  port: number;
  db: DatabaseSync;
  close(): Promise<void>;
}

function checkOptions(options: ServerOptions, tokens: TokenSettings): void {
  if (options.supportToken !== undefined && options.supportToken.length < SUPPORT_TOKEN_MIN_LENGTH) {
    throw new Error(`supportToken must be at least ${SUPPORT_TOKEN_MIN_LENGTH} characters`);
  }
  if (!Number.isInteger(tokens.accessTokenTtlSeconds) || tokens.accessTokenTtlSeconds < 1) {
    throw new Error('accessTokenTtlSeconds must be a positive integer');
  }
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = openDatabase(options.dbPath);
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const tokens: TokenSettings = {
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: options.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    now,
  };
  try {
    checkOptions(options, tokens);
  } catch (error) {
    db.close();
    throw error;
  }

  const host = options.host ?? '127.0.0.1';
  if (isWildcardHost(host) && !options.hostnames?.length) {
    db.close();
    throw new Error(`listening on all interfaces (${host}) needs the host names clients use (hostnames)`);
  }
  let hosts: readonly string[] = [];

  const deps: HandlerDeps = { db, now, log };
  const invitations = invitationService({
    ...deps,
    sms: options.sms ?? new OutboxSmsGateway(db, { now, keepSecrets: options.devEndpoints === true }),
    smsLimits: options.smsLimits,
  });
  // what a removal keeps for undo (a revoked code's hash among it) lives no longer than the window
  pruneUndo(db, now());
  const pruning = setInterval(() => {
    if (db.isOpen) pruneUndo(db, now());
  }, UNDO_WINDOW_MS);
  pruning.unref();
  const handlers = {
    ...sessionHandlers({ ...deps, tokens, rateLimit: options.rateLimit, passwordCost: options.passwordCost }),
    ...teamSafeHandlers(deps),
    ...memberHandlers(deps),
    ...invitationHandlers({ db, now, invitations }),
    ...bulkInviteHandlers({ ...deps, invitations }),
    ...pipelineHandlers({ ...deps, invitations }),
    ...auditHandlers(deps),
    ...redemptionHandlers({ ...deps, redeemRateLimit: options.redeemRateLimit }),
    ...groupHandlers(deps),
    ...permissionHandlers(deps),
    ...supportHandlers(deps),
    ...featureHandlers(deps),
    ...syncHandlers(deps),
  } satisfies Handlers;

  const openApiJson = JSON.stringify(buildOpenApiDocument());
  const endpoints: ServerEndpoint[] = [
    { path: '/api/v1/health', access: 'public', serve: () => ({ body: { status: 'ok' } }) },
    {
      path: '/openapi.json',
      access: 'public',
      serve: () => ({ body: openApiJson, headers: { 'cache-control': 'no-cache' } }),
    },
  ];
  if (options.devEndpoints) endpoints.push(...devEndpoints(db, now));
  const dispatch = createRouter({
    handlers,
    guard: createAccessGuard({ db, now, supportToken: options.supportToken }),
    endpoints,
    hosts: () => hosts,
    beforeAnswer: options.testHooks?.beforeAnswer,
  });

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
        sendJson(response, error.status, error.body(), {
          ...error.headers,
          ...(unread ? { connection: 'close' } : {}),
        });
        if (unread) request.resume();
        return;
      }
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`error in ${method} ${pathname}: ${detail}`);
      sendJson(response, 500, new HttpError(500, 'server_error', 'Unexpected server error.').body());
    });
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  }).catch((error: unknown) => {
    clearInterval(pruning);
    db.close();
    throw error;
  });

  const port = (server.address() as AddressInfo).port;
  hosts = ownHostNames(host, port, options.hostnames);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | null = null;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    db,
    close() {
      closing ??= new Promise<void>((resolveClose) => {
        clearInterval(pruning);
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
