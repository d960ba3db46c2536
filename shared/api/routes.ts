/**
 * Every endpoint of the reference API, once. The server registers its
 * handlers against this table, the API client builds its requests from it,
 * and `/openapi.json` is generated from it.
 */
import { z } from 'zod';
import type { PermissionKey } from '../catalog/permissions.ts';
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
import {
  AddGroupMemberRequest,
  AddGroupMemberResult,
  BulkAddRequest,
  BulkAddResult,
  CreateApiKeyRequest,
  CreateDropzoneRequest,
  CreateTeamSafeRequest,
  CreatedApiKey,
  CreatedTeamSafe,
  Dropzone,
  DropzoneParams,
  GroupMemberPage,
  GroupMemberQuery,
  GroupParams,
  MatrixQuery,
  PermissionCatalogue,
  PermissionMatrix,
  RegisterTrustedDeviceRequest,
  RemoveGroupMembersRequest,
  RemoveGroupMembersResult,
  SecurityGroupList,
  SupportGroup,
  SupportGroupCreateRequest,
  SupportGroupUpdateRequest,
  TrustedDevice,
  UpdateDropzoneRequest,
  UserParams,
  UserPermissions,
  UserSearchQuery,
  UserSearchResult,
} from './groups.ts';
import {
  AuditPage,
  AuditQuery,
  IdempotencyHeaders,
  IfMatchHeaders,
  InvitationRequest,
  InvitationResult,
  MemberParams,
  MemberSearchQuery,
  OptionalIdempotencyHeaders,
  RedeemRequest,
  RedeemResult,
  RoleChangeRequest,
} from './members.ts';
import { GroupChanges, GroupChangesQuery, MemberChanges, MemberChangesQuery } from './sync.ts';

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
  /** Request headers the route reads, by lower-case name (e.g. `if-match`, `idempotency-key`). */
  headers?: z.ZodObject;
  /** Success status and body schema (`null` for no body). */
  status: number;
  response: z.ZodType | null;
}

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
  },

  // ---------------------------------------------------------------- member lifecycle (issue 3)
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
    summary: 'The latest changes to a team safe’s members, newest first: who, what, when, before → after.',
    access: 'safeAdmin',
    params: SafeParams,
    query: AuditQuery,
    status: 200,
    response: AuditPage,
  },

  // ---------------------------------------------------------------- security groups (issue 4)
  listPermissions: {
    method: 'GET',
    path: '/api/v1/permissions',
    summary:
      'The feature-permission catalogue (translated names and descriptions), and which permissions the organisation restricts.',
    access: 'user',
    status: 200,
    response: PermissionCatalogue,
  },
  permissionMatrix: {
    method: 'GET',
    path: '/api/v1/permissions/matrix',
    summary:
      'Organisation administrators: users × effective permissions, paged, searchable; `permission` keeps only users who have it.',
    access: 'orgAdmin',
    query: MatrixQuery,
    status: 200,
    response: PermissionMatrix,
  },
  listSecurityGroups: {
    method: 'GET',
    path: '/api/v1/security-groups',
    summary: 'Organisation administrators: the security groups, with their permissions and member counts.',
    access: 'orgAdmin',
    status: 200,
    response: SecurityGroupList,
  },
  listGroupMembers: {
    method: 'GET',
    path: '/api/v1/security-groups/{groupId}/members',
    summary: 'Organisation administrators: a page of a group’s members in name order, searchable by name or e-mail.',
    access: 'orgAdmin',
    params: GroupParams,
    query: GroupMemberQuery,
    status: 200,
    response: GroupMemberPage,
  },
  addGroupMember: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members',
    summary: 'Organisation administrators: add one user of the organisation to a group (idempotent).',
    access: 'orgAdmin',
    params: GroupParams,
    body: AddGroupMemberRequest,
    status: 200,
    response: AddGroupMemberResult,
  },
  removeGroupMembers: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members/remove',
    summary: 'Organisation administrators: remove 1–50 users from a group; one outcome per user.',
    access: 'orgAdmin',
    params: GroupParams,
    body: RemoveGroupMembersRequest,
    status: 200,
    response: RemoveGroupMembersResult,
  },
  bulkAddGroupMembers: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members/bulk',
    summary:
      'Organisation administrators: add up to 50 pasted e-mail addresses; one outcome per entry. More than 50 entries: 400 `too_many_entries`, nothing added. With an `Idempotency-Key`, a retry gets the first answer and adds nothing again.',
    access: 'orgAdmin',
    params: GroupParams,
    headers: OptionalIdempotencyHeaders,
    body: BulkAddRequest,
    status: 200,
    response: BulkAddResult,
  },
  listGroupChanges: {
    method: 'GET',
    path: '/api/v1/security-groups/changes',
    summary:
      'Organisation administrators: security-group memberships changed since a cursor (upserts and removals, in change order), and `groupsVersion`, which changes when a group definition does. Same cursor rules as `listMemberChanges`.',
    access: 'orgAdmin',
    query: GroupChangesQuery,
    status: 200,
    response: GroupChanges,
  },
  searchUsers: {
    method: 'GET',
    path: '/api/v1/users',
    summary: 'Organisation administrators: users of the organisation matching a name or e-mail, for the user picker.',
    access: 'orgAdmin',
    query: UserSearchQuery,
    status: 200,
    response: UserSearchResult,
  },
  userPermissions: {
    method: 'GET',
    path: '/api/v1/users/{userId}/permissions',
    summary: 'A user’s groups and effective permissions (organisation administrators, or the user themselves).',
    access: 'selfOrOrgAdmin',
    params: UserParams,
    status: 200,
    response: UserPermissions,
  },
  supportCreateSecurityGroup: {
    method: 'POST',
    path: '/api/v1/support/security-groups',
    summary: 'Support staff only (X-Support-Token): define a security group for an organisation.',
    access: 'support',
    body: SupportGroupCreateRequest,
    status: 201,
    response: SupportGroup,
  },
  supportUpdateSecurityGroup: {
    method: 'PATCH',
    path: '/api/v1/support/security-groups/{groupId}',
    summary: 'Support staff only (X-Support-Token): rename a security group or change what it grants.',
    access: 'support',
    params: GroupParams,
    body: SupportGroupUpdateRequest,
    status: 200,
    response: SupportGroup,
  },
  createTeamSafe: {
    method: 'POST',
    path: '/api/v1/team-safes',
    summary: 'Create a team safe, administered by the caller. Needs the permission `workspaceOwnership`.',
    access: 'user',
    permission: 'workspaceOwnership',
    body: CreateTeamSafeRequest,
    status: 201,
    response: CreatedTeamSafe,
  },
  createApiKey: {
    method: 'POST',
    path: '/api/v1/api-keys',
    summary: 'Generate an API key; the key is in this answer only. Needs the permission `apiKeys`.',
    access: 'user',
    permission: 'apiKeys',
    body: CreateApiKeyRequest,
    status: 201,
    response: CreatedApiKey,
  },
  registerTrustedDevice: {
    method: 'POST',
    path: '/api/v1/trusted-devices',
    summary: 'Register a trusted device by its public key. Needs the permission `trustedDeviceKeys`.',
    access: 'user',
    permission: 'trustedDeviceKeys',
    body: RegisterTrustedDeviceRequest,
    status: 201,
    response: TrustedDevice,
  },
  createDropzone: {
    method: 'POST',
    path: '/api/v1/dropzones',
    summary: 'Create a dropzone owned by the caller. Needs the permission `dropzoneOwnership`.',
    access: 'user',
    permission: 'dropzoneOwnership',
    body: CreateDropzoneRequest,
    status: 201,
    response: Dropzone,
  },
  updateDropzone: {
    method: 'PATCH',
    path: '/api/v1/dropzones/{dropzoneId}',
    summary: 'Configure a dropzone. Needs `dropzoneManager.configure` (granted with `dropzoneManager`).',
    access: 'user',
    permission: 'dropzoneManager.configure',
    params: DropzoneParams,
    body: UpdateDropzoneRequest,
    status: 200,
    response: Dropzone,
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
