/**
 * Every endpoint of the reference API, once. The server registers its
 * handlers against this table, the API client builds its requests from it,
 * and `/openapi.json` is generated from it. The security-group part is in
 * group-routes.ts, the admin power features in power-routes.ts;
 * the shape of a route in route-def.ts.
 */
import {
  Member,
  MemberPage,
  RefreshRequest,
  SafeParams,
  SignInRequest,
  TeamSafeList,
  TokenResponse,
  User,
} from './schemas.ts';
import { AuditPage, AuditQuery } from './audit.ts';
import {
  IdempotencyHeaders,
  IfMatchHeaders,
  InvitationRequest,
  InvitationResult,
  MemberParams,
  MemberSearchQuery,
  RedeemRequest,
  RedeemResult,
  RoleChangeRequest,
} from './members.ts';
import { groupRoutes } from './group-routes.ts';
import { powerRoutes } from './power-routes.ts';
import type { RouteDef } from './route-def.ts';
import { MemberChanges, MemberChangesQuery, checkMemberChanges } from './sync.ts';

export { ACCESS_LEVELS, credentialOf, routePath, type Access, type Credential, type RouteDef } from './route-def.ts';

export const routes = {
  signIn: {
    method: 'POST',
    path: '/api/v1/auth/sign-in',
    summary: 'Sign in with e-mail and password; returns a short-lived access token and a rotating refresh token.',
    access: 'public',
    body: SignInRequest,
    status: 200,
    response: TokenResponse,
  },
  refresh: {
    method: 'POST',
    path: '/api/v1/auth/refresh',
    summary:
      'Exchange a refresh token for new tokens. The old refresh token stops working; reusing it revokes the session.',
    access: 'public',
    body: RefreshRequest,
    status: 200,
    response: TokenResponse,
  },
  signOut: {
    method: 'POST',
    path: '/api/v1/auth/sign-out',
    summary: 'Revoke the session the refresh token belongs to.',
    access: 'public',
    body: RefreshRequest,
    status: 204,
    response: null,
  },
  me: {
    method: 'GET',
    path: '/api/v1/me',
    summary: 'The signed-in user.',
    access: 'user',
    status: 200,
    response: User,
  },
  listTeamSafes: {
    method: 'GET',
    path: '/api/v1/team-safes',
    summary: 'Team safes the signed-in user administers, with member count and limit.',
    access: 'user',
    status: 200,
    response: TeamSafeList,
  },
  listMembers: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/members',
    summary:
      'A page of a team safe’s members: filter by status, search name or e-mail (`q`, case and accents ignored), order by any column (`sort`, `dir`). `total` counts the matches; `counts` the whole safe.',
    access: 'safeAdmin',
    params: SafeParams,
    query: MemberSearchQuery,
    status: 200,
    response: MemberPage,
  },

  listMemberChanges: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/changes',
    summary:
      'Administrators of the safe: what changed in its members since a cursor (upserts and removals, one record per member, in change order), for the offline cache. No `since`: a full snapshot, in pages. `reset`: drop the cached members and start over.',
    access: 'safeAdmin',
    params: SafeParams,
    query: MemberChangesQuery,
    status: 200,
    response: MemberChanges,
    checkResponse: checkMemberChanges,
  },

  // ---------------------------------------------------------------- member lifecycle
  getMember: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}',
    summary: 'One member of a team safe (administrators of the safe). The `ETag` header carries its version.',
    access: 'safeAdmin',
    params: MemberParams,
    status: 200,
    response: Member,
  },
  inviteMember: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/invitations',
    summary:
      'Invite a person (administrators of the safe). `display`: the security code is in this answer, once; `sms`: it is sent to the mobile number. A retry with the same `Idempotency-Key` and body gets the same answer and creates nothing; with another body: 409 `idempotency_conflict`.',
    access: 'safeAdmin',
    params: SafeParams,
    headers: IdempotencyHeaders,
    body: InvitationRequest,
    status: 201,
    response: InvitationResult,
  },
  resendInvitation: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}/resend',
    summary:
      'Make a new security code for a pending invitation (the old one stops working) and deliver it as before: in this answer, or by SMS again. Needs `If-Match`.',
    access: 'safeAdmin',
    params: MemberParams,
    headers: IfMatchHeaders,
    status: 200,
    response: InvitationResult,
  },
  revokeInvitation: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}/revoke',
    summary: 'Withdraw a pending invitation (409 `not_invited` for an activated member). Needs `If-Match`.',
    access: 'safeAdmin',
    params: MemberParams,
    headers: IfMatchHeaders,
    status: 204,
    response: null,
  },
  changeMemberRole: {
    method: 'PATCH',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}',
    summary:
      'Give a member another role. The last activated administrator keeps theirs (409 `last_administrator`). Needs `If-Match`.',
    access: 'safeAdmin',
    params: MemberParams,
    headers: IfMatchHeaders,
    body: RoleChangeRequest,
    status: 200,
    response: Member,
  },
  removeMember: {
    method: 'DELETE',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}',
    summary:
      'Remove a member (invited or activated). The last activated administrator stays (409 `last_administrator`). Needs `If-Match`.',
    access: 'safeAdmin',
    params: MemberParams,
    headers: IfMatchHeaders,
    status: 204,
    response: null,
  },
  redeemInvitation: {
    method: 'POST',
    path: '/api/v1/invitations/redeem',
    summary:
      'The invitee activates their membership with their e-mail address and security code. Wrong codes are counted (five lock the invitation until it is re-sent) and rate-limited.',
    access: 'public',
    body: RedeemRequest,
    status: 200,
    response: RedeemResult,
  },
  listSafeAudit: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/audit',
    summary:
      'A team safe’s activity, newest first: who changed what about whom, when, before → after. Filter by `action`, `actor` (user id), `member` (member id, also of a removed member) and time range (`from` inclusive, `to` exclusive); each filter walks an index. Paged: send `nextCursor` back as `cursor` with the same filters. Sample: `GET /api/v1/team-safes/safe-research/audit?action=member.roleChanged&from=2026-01-01T00:00:00Z&limit=50`.',
    access: 'safeAdmin',
    params: SafeParams,
    query: AuditQuery,
    status: 200,
    response: AuditPage,
  },

  ...groupRoutes,
  ...powerRoutes,
} as const satisfies Record<string, RouteDef>;

export type RouteName = keyof typeof routes;
