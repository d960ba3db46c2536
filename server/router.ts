/**
 * The router, built from the shared route table: every entry gets a matcher;
 * its caller is identified and authorised by the access guard (the route's
 * `access` and `permission`, nowhere else); its params/query/headers/body are
 * validated with the entry's schemas; and its answer is checked against the
 * entry's response schema before it is sent.
 *
 * Order per request: Host (421 `wrong_host`) → match (404, 405 `method_not_allowed`) → credential
 * (401 / 403 support) → body (413/415/400) → validation (400) → access
 * (404/403) → handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { routes, type RouteDef, type RouteName } from '../shared/api/routes.ts';
import type { FieldErrorCode } from '../shared/errors.ts';
import { isOwnHost } from '../shared/hosts.ts';
import { fieldErrors } from '../shared/validation.ts';
import type { AccessGuard } from './access.ts';
import { HttpError, methodNotAllowed, readJsonBody, sendJson, type Handlers } from './http.ts';

/** A server-only endpoint outside the shared contract (health, OpenAPI, dev tools). */
export interface ServerEndpoint {
  path: string;
  /** Default GET. A POST endpoint receives the JSON body (read as for routes) and validates it itself. */
  method?: 'GET' | 'POST';
  access: 'public' | 'orgAdmin';
  serve(search: URLSearchParams, body: unknown): { body: unknown; headers?: Record<string, string> };
}

export interface RouterOptions {
  handlers: Handlers;
  guard: AccessGuard;
  endpoints?: readonly ServerEndpoint[];
  /** The Host values this server answers to (shared/hosts.ts); anything else gets 421 `wrong_host`. */
  hosts: () => readonly string[];
  /** Fault injection (tests only): see ServerOptions.testHooks. */
  beforeAnswer?: ((route: RouteName) => 'drop' | undefined) | undefined;
}

export type Dispatch = (
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  search: string,
) => Promise<void>;

interface CompiledRoute {
  name: RouteName;
  def: RouteDef;
  pattern: RegExp;
  paramNames: string[];
}

/** The path parameter each access level reads. */
const ACCESS_PARAM: Partial<Record<RouteDef['access'], string>> = { safeAdmin: 'safeId', selfOrOrgAdmin: 'userId' };

function compile(name: RouteName, def: RouteDef): CompiledRoute {
  const paramNames: string[] = [];
  const source = def.path
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
  const needed = ACCESS_PARAM[def.access];
  if (needed !== undefined && (!paramNames.includes(needed) || !def.params?.shape[needed])) {
    throw new Error(`route ${name}: access ${def.access} needs the path parameter {${needed}}`);
  }
  return { name, def, pattern: new RegExp(`^${source}$`), paramNames };
}

export const COMPILED_ROUTES: readonly CompiledRoute[] = (Object.entries(routes) as [RouteName, RouteDef][]).map(
  ([name, def]) => compile(name, def),
);

function validate<S extends z.ZodType>(schema: S, value: unknown, fields: Record<string, FieldErrorCode>): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  Object.assign(fields, fieldErrors(result.error));
  return undefined as z.output<S>;
}

export function createRouter(options: RouterOptions): Dispatch {
  const { handlers, guard } = options;
  const endpoints = new Map((options.endpoints ?? []).map((endpoint) => [endpoint.path, endpoint]));

  return async (request, response, pathname, search) => {
    const method = request.method ?? 'GET';

    // DNS rebinding: a foreign page's requests reach the port but name their own host
    const host = request.headers.host;
    if (!isOwnHost(host, options.hosts())) {
      const name = JSON.stringify((host ?? '').slice(0, 100));
      throw new HttpError(421, 'wrong_host', `This server does not answer to the host name ${name}.`);
    }

    const endpoint = endpoints.get(pathname);
    if (endpoint) {
      const allowed = endpoint.method ?? 'GET';
      if (method !== allowed) throw methodNotAllowed(method, [allowed]);
      if (endpoint.access === 'orgAdmin') guard.requireOrgAdministrator(guard.authenticate(request.headers));
      const body = allowed === 'POST' ? await readJsonBody(request) : undefined;
      const answer = endpoint.serve(new URLSearchParams(search), body);
      sendJson(response, 200, answer.body, answer.headers);
      return;
    }

    const candidates: { route: CompiledRoute; match: RegExpExecArray }[] = [];
    for (const route of COMPILED_ROUTES) {
      const match = route.pattern.exec(pathname);
      if (match) candidates.push({ route, match });
    }
    if (candidates.length === 0) throw new HttpError(404, 'not_found', 'No such endpoint.');
    const found = candidates.find(({ route }) => route.def.method === method);
    if (!found) throw methodNotAllowed(method, [...new Set(candidates.map(({ route }) => route.def.method))]);
    const { route, match } = found;
    const def = route.def;

    const user = guard.identify(def, request.headers);

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
    const body = def.body ? await readJsonBody(request, def.maxBodyBytes) : undefined;

    const fields: Record<string, FieldErrorCode> = {};
    const declaredHeaders = def.headers
      ? Object.fromEntries(Object.keys(def.headers.shape).map((name) => [name, request.headers[name]]))
      : undefined;
    const params = def.params ? validate(def.params, rawParams, fields) : undefined;
    const query = def.query ? validate(def.query, Object.fromEntries(new URLSearchParams(search)), fields) : undefined;
    const validBody = def.body ? validate(def.body, body, fields) : undefined;
    const headers = def.headers ? validate(def.headers, declaredHeaders, fields) : undefined;
    if (Object.keys(fields).length > 0) {
      throw new HttpError(400, 'invalid_payload', 'The request is not valid.', { fields });
    }

    const { safe } = guard.authorize(def, user, params);

    const responseHeaders: Record<string, string> = {};
    const context = {
      params,
      query,
      body: validBody,
      user,
      safe,
      address: request.socket.remoteAddress ?? 'unknown',
      headers,
      responseHeaders,
    };
    const handler = handlers[route.name] as (context: unknown) => unknown;
    const result = await handler(context);
    if (options.beforeAnswer?.(route.name) === 'drop') {
      // the work is committed, the answer is lost: what a crash or a dropped connection does
      request.socket.destroy();
      return;
    }
    if (def.response === null) {
      sendJson(response, def.status, undefined, responseHeaders);
      return;
    }
    const checked = def.checkResponse ? def.checkResponse(result) : def.response.safeParse(result);
    if (!checked.success) {
      const where = checked.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`)
        .join('; ');
      throw new Error(`response of ${route.name} does not match its schema (${where})`);
    }
    sendJson(response, def.status, checked.data, responseHeaders);
  };
}
