/**
 * Every endpoint of the reference API, once. The server registers its
 * handlers against this table, the API client builds its requests from it,
 * and `/openapi.json` is generated from it.
 */
import { z } from 'zod';
import {
  MemberListQuery,
  MemberPage,
  RefreshRequest,
  SafeParams,
  SignInRequest,
  TeamSafeList,
  TokenResponse,
  User,
} from './schemas.ts';

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path, parameters as `{name}`. */
  path: string;
  summary: string;
  auth: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success status and body schema (`null` for no body). */
  status: number;
  response: z.ZodType | null;
}

export const routes = {
  signIn: {
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    summary: 'Sign in with e-mail and password; returns a short-lived access token and a rotating refresh token.',
    auth: false,
    body: SignInRequest,
    status: 200,
    response: TokenResponse,
  },
  refresh: {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    summary: 'Exchange a refresh token for new tokens. The old refresh token stops working; reusing it revokes the session.',
    auth: false,
    body: RefreshRequest,
    status: 200,
    response: TokenResponse,
  },
  signOut: {
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    summary: 'Revoke the session the refresh token belongs to.',
    auth: false,
    body: RefreshRequest,
    status: 204,
    response: null,
  },
  me: {
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in user.',
    auth: true,
    status: 200,
    response: User,
  },
  listTeamSafes: {
    method: 'GET',
    path: '/api/v1/team-safes',
    summary: 'Team safes the signed-in user administers, with member count and limit.',
    auth: true,
    status: 200,
    response: TeamSafeList,
  },
  listMembers: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/members',
    summary: 'A page of a team safe’s members, filterable by status.',
    auth: true,
    params: SafeParams,
    query: MemberListQuery,
    status: 200,
    response: MemberPage,
  },
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;

/** Fill `{name}` placeholders, encoding each value. */
export function routePath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
