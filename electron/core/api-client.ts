/**
 * Talks to the backend API. Requests are built from the shared route table,
 * every answer is validated against its schema (the server is not trusted to
 * be the right one), and every failure becomes a typed AppError.
 */
import type { z } from 'zod';
import { routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { ApiErrorBody } from '../../shared/api/schemas.ts';
import { AppError, isFieldErrorCode, type ErrorCode, type FieldErrorCode } from '../../shared/errors.ts';

type Route<R extends RouteName> = (typeof routes)[R];
type SchemaInput<S> = S extends z.ZodType ? z.input<S> : never;
export type RouteResponse<R extends RouteName> = Route<R>['response'] extends z.ZodType
  ? z.output<Route<R>['response']>
  : void;

export interface RouteInput<R extends RouteName> {
  params?: Route<R> extends { params: infer P } ? SchemaInput<P> : never;
  query?: Route<R> extends { query: infer Q } ? SchemaInput<Q> : never;
  body?: Route<R> extends { body: infer B } ? SchemaInput<B> : never;
  headers?: Route<R> extends { headers: infer H } ? SchemaInput<H> : never;
  accessToken?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'invalid_payload',
  401: 'session_expired',
  403: 'forbidden',
  404: 'not_found',
  429: 'rate_limited',
};

export interface ApiClientOptions {
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export class ApiClient {
  readonly baseUrl: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(baseUrl: string, options: ApiClientOptions = {}) {
    this.baseUrl = baseUrl;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#fetch = options.fetch ?? fetch;
  }

  async call<R extends RouteName>(name: R, input: RouteInput<R> = {}): Promise<RouteResponse<R>> {
    const route: Route<RouteName> = routes[name];
    const url = new URL(routePath(route.path, (input.params ?? {}) as Record<string, string>), this.baseUrl);
    for (const [key, value] of Object.entries((input.query ?? {}) as Record<string, unknown>)) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (input.accessToken) headers.authorization = `Bearer ${input.accessToken}`;
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries((input.headers ?? {}) as Record<string, unknown>)) {
      if (typeof value === 'string') headers[name] = value;
    }

    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: route.method,
        headers,
        body: input.body === undefined ? null : JSON.stringify(input.body),
        signal: AbortSignal.timeout(this.#timeoutMs),
        redirect: 'error',
      });
    } catch (cause) {
      if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
        throw new AppError('server_timeout', `${route.method} ${route.path} timed out after ${this.#timeoutMs} ms`);
      }
      throw new AppError('server_unreachable', `${route.method} ${route.path}: ${describe(cause)}`);
    }

    if (response.status !== route.status) throw await errorFrom(response, route.path);
    if (route.response === null) return undefined as RouteResponse<R>;
    let text: string;
    try {
      text = await response.text();
    } catch (cause) {
      // The connection broke while the answer was arriving: a network failure, not a bad answer.
      throw new AppError('server_unreachable', `${route.method} ${route.path}: answer cut off (${describe(cause)})`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('invalid_server_response', `${route.path}: answer is not JSON`);
    }
    const parsed = 'checkResponse' in route ? route.checkResponse(json) : route.response.safeParse(json);
    if (!parsed.success) throw new AppError('invalid_server_response', `${route.path}: answer does not match schema`);
    return parsed.data as RouteResponse<R>;
  }
}

/** `Retry-After` in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterSeconds(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

async function errorFrom(response: Response, path: string): Promise<AppError> {
  const headerWait = retryAfterSeconds(response.headers.get('retry-after'));
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // not JSON: decide by status below
  }
  const parsed = ApiErrorBody.safeParse(body);
  if (parsed.success) {
    const { code, message, fields, permission, current } = parsed.data.error;
    const wait = parsed.data.error.retryAfterSeconds ?? headerWait;
    const knownFields = fields
      ? Object.fromEntries(Object.entries(fields).filter(([, value]) => isFieldErrorCode(value)))
      : undefined;
    return new AppError(code, `${path}: ${response.status} ${message}`, {
      ...(wait !== undefined ? { retryAfterSeconds: wait } : {}),
      ...(knownFields && Object.keys(knownFields).length > 0
        ? { fields: knownFields as Record<string, FieldErrorCode> }
        : {}),
      ...(permission !== undefined ? { permission } : {}),
      ...(current !== undefined ? { current } : {}),
    });
  }
  const code = STATUS_CODES[response.status] ?? (response.status >= 500 ? 'server_error' : 'invalid_server_response');
  return new AppError(
    code,
    `${path}: HTTP ${response.status}`,
    headerWait !== undefined ? { retryAfterSeconds: headerWait } : {},
  );
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = (cause as Error & { cause?: unknown }).cause;
    return inner instanceof Error ? `${cause.message} (${inner.message})` : cause.message;
  }
  return String(cause);
}
