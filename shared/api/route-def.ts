/**
 * What a route of the API is: method, path, access, schemas. The table of
 * routes is in routes.ts (and group-routes.ts); this file holds the shape
 * they share, so both parts and the server can use it without a cycle.
 */
import type { z } from 'zod';
import type { PermissionKey } from '../catalog/permissions.ts';

/**
 * Who may call a route. The server's router enforces it, once, before the
 * handler runs; `/openapi.json` shows it on every operation.
 */
export const ACCESS_LEVELS = {
  public: 'Anyone; no credentials.',
  user: 'Any signed-in user (bearer access token).',
  selfOrOrgAdmin: 'The signed-in user about themselves (`{userId}`), or an administrator of their organisation.',
  orgAdmin: 'An administrator of the signed-in user’s organisation.',
  safeAdmin: 'An activated Administrator of the team safe `{safeId}`.',
  support:
    'Provider support staff only (`X-Support-Token` header, server option `supportToken`); never a user’s token.',
} as const;
export type Access = keyof typeof ACCESS_LEVELS;

/** How a caller proves who they are, derived from the route's access. */
export type Credential = 'none' | 'bearer' | 'supportToken';

export function credentialOf(access: Access): Credential {
  if (access === 'public') return 'none';
  return access === 'support' ? 'supportToken' : 'bearer';
}

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path, parameters as `{name}`. */
  path: string;
  summary: string;
  access: Access;
  /**
   * A feature permission the caller must also have (403
   * `permission_required`, naming it), checked by the router with the access.
   */
  permission?: PermissionKey;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The largest request body this route accepts (default: the server's 64 KiB). */
  maxBodyBytes?: number;
  /** Request headers the route reads, by lower-case name (e.g. `if-match`, `idempotency-key`). */
  headers?: z.ZodObject;
  /** Success status and body schema (`null` for no body). */
  status: number;
  response: z.ZodType | null;
  /**
   * The same verdict and data as `response.safeParse`, sooner for a large
   * answer (both the server and the client check answers with it when given;
   * a test holds it to `response`).
   */
  checkResponse?: (json: unknown) => z.ZodSafeParseResult<unknown>;
}

/** Fill `{name}` placeholders, encoding each value. */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
