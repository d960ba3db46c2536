/** Plain HTTP calls against a real server, for the server tests. */
import { request as httpRequest } from 'node:http';
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
  /**
   * Send from this loopback address (e.g. `127.0.0.2`): the server sees
   * another client address, as it would for another machine.
   */
  localAddress?: string;
}

/** The same request over node:http, which can choose the local address (fetch cannot). */
function requestFrom(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | undefined,
  localAddress: string,
) {
  return new Promise<{ status: number; headers: Headers; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers, localAddress }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const answerHeaders = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: response.statusCode ?? 0, headers: answerHeaders, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
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
  const method = options.method ?? 'GET';
  const response = options.localAddress
    ? await requestFrom(new URL(path, baseUrl), method, headers, body, options.localAddress)
    : await fetch(new URL(path, baseUrl), { method, headers, body }).then(async (answer) => ({
        status: answer.status,
        headers: answer.headers,
        text: await answer.text(),
      }));
  return {
    status: response.status,
    headers: response.headers,
    json: response.text ? (JSON.parse(response.text) as unknown) : null,
    text: response.text,
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
    localAddress?: string;
  } = {},
): Promise<Answer> {
  const route = routes[name];
  const url = new URL(routePath(route.path, input.params), baseUrl);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
  return request(baseUrl, url.pathname + url.search, {
    method: route.method,
    ...(input.token ? { token: input.token } : {}),
    ...(input.body !== undefined ? { body: input.body } : {}),
    ...(input.localAddress ? { localAddress: input.localAddress } : {}),
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
