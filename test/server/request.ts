/** Plain HTTP calls against a real server, for the server tests. */
import { routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { ApiErrorBody, type TokenResponse } from '../../shared/api/schemas.ts';

export interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null for an empty body. */
  json: unknown;
  text: string;
}

export interface RequestOptions {
  method?: string;
  token?: string;
  body?: unknown;
  /** Sent as is, instead of JSON.stringify(body). */
  rawBody?: string;
  headers?: Record<string, string>;
}

export async function request(baseUrl: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((key) => key.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? (JSON.parse(text) as unknown) : null,
    text,
  };
}

/** Call a route of the shared table by name. */
export function call(
  baseUrl: string,
  name: RouteName,
  input: {
    params?: Record<string, string>;
    query?: Record<string, string | number>;
    body?: unknown;
    token?: string;
  } = {},
): Promise<Answer> {
  const route = routes[name];
  const url = new URL(routePath(route.path, input.params), baseUrl);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
  return request(baseUrl, url.pathname + url.search, {
    method: route.method,
    ...(input.token ? { token: input.token } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
  });
}

/** The error body, checked against the shared schema. */
export function errorOf(answer: Answer): ApiErrorBody['error'] {
  return ApiErrorBody.parse(answer.json).error;
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<TokenResponse> {
  const answer = await call(baseUrl, 'signIn', { body: { email, password } });
  if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status} ${answer.text}`);
  return routes.signIn.response.parse(answer.json);
}
