/**
 * Every endpoint of the reference API, once. The server registers its
 * handlers against this table, the API client builds its requests from it,
 * and `/openapi.json` is generated from it.
 */
import { z } from 'zod';
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
  RedeemRequest,
  RedeemResult,
  RoleChangeRequest,
} from './members.ts';
import { GroupChanges, GroupChangesQuery, MemberChanges, MemberChangesQuery } from './sync.ts';

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI-style path, parameters as `{name}`. */
  path: string;
  summary: string;
  auth: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Request headers the route reads, by lower-case name (e.g. `if-match`, `idempotency-key`). */
  headers?: z.ZodObject;
  /** Success status and body schema (`null` for no body). */
  status: number;
  response: z.ZodType | null;
  /**
   * Provider support staff only: authenticated with the `X-Support-Token`
   * header (server option `supportToken`), never with a user's bearer token.
   * Such routes have `auth: false` and are not for the desktop app.
   */
  support?: boolean;
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
    summary:
      'Exchange a refresh token for new tokens. The old refresh token stops working; reusing it revokes the session.',
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
    summary:
      'A page of a team safe’s members: filter by status, search name or e-mail (`q`, case and accents ignored), order by any column (`sort`, `dir`). `total` counts the matches; `counts` the whole safe.',
    auth: true,
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
    auth: true,
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
    auth: true,
    params: MemberParams,
    status: 200,
    response: Member,
  },
  inviteMember: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/invitations',
    summary:
      'Invite a person (administrators of the safe). `display`: the security code is in this answer, once; `sms`: it is sent to the mobile number. A retry with the same `Idempotency-Key` and body gets the same answer and creates nothing; with another body: 409 `idempotency_conflict`.',
    auth: true,
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
    auth: true,
    params: MemberParams,
    headers: IfMatchHeaders,
    status: 200,
    response: InvitationResult,
  },
  revokeInvitation: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}/revoke',
    summary: 'Withdraw a pending invitation (409 `not_invited` for an activated member). Needs `If-Match`.',
    auth: true,
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
    auth: true,
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
    auth: true,
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
    auth: false,
    body: RedeemRequest,
    status: 200,
    response: RedeemResult,
  },
  listSafeAudit: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/audit',
    summary: 'The latest changes to a team safe’s members, newest first: who, what, when, before → after.',
    auth: true,
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
    auth: true,
    status: 200,
    response: PermissionCatalogue,
  },
  permissionMatrix: {
    method: 'GET',
    path: '/api/v1/permissions/matrix',
    summary:
      'Organisation administrators: users × effective permissions, paged, searchable; `permission` keeps only users who have it.',
    auth: true,
    query: MatrixQuery,
    status: 200,
    response: PermissionMatrix,
  },
  listSecurityGroups: {
    method: 'GET',
    path: '/api/v1/security-groups',
    summary: 'Organisation administrators: the security groups, with their permissions and member counts.',
    auth: true,
    status: 200,
    response: SecurityGroupList,
  },
  listGroupMembers: {
    method: 'GET',
    path: '/api/v1/security-groups/{groupId}/members',
    summary: 'Organisation administrators: a page of a group’s members in name order, searchable by name or e-mail.',
    auth: true,
    params: GroupParams,
    query: GroupMemberQuery,
    status: 200,
    response: GroupMemberPage,
  },
  addGroupMember: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members',
    summary: 'Organisation administrators: add one user of the organisation to a group (idempotent).',
    auth: true,
    params: GroupParams,
    body: AddGroupMemberRequest,
    status: 200,
    response: AddGroupMemberResult,
  },
  removeGroupMembers: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members/remove',
    summary: 'Organisation administrators: remove 1–50 users from a group; one outcome per user.',
    auth: true,
    params: GroupParams,
    body: RemoveGroupMembersRequest,
    status: 200,
    response: RemoveGroupMembersResult,
  },
  bulkAddGroupMembers: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members/bulk',
    summary:
      'Organisation administrators: add up to 50 pasted e-mail addresses; one outcome per entry. More than 50 entries: 400 `too_many_entries`, nothing added.',
    auth: true,
    params: GroupParams,
    body: BulkAddRequest,
    status: 200,
    response: BulkAddResult,
  },
  listGroupChanges: {
    method: 'GET',
    path: '/api/v1/security-groups/changes',
    summary:
      'Organisation administrators: security-group memberships changed since a cursor (upserts and removals, in change order), and `groupsVersion`, which changes when a group definition does. Same cursor rules as `listMemberChanges`.',
    auth: true,
    query: GroupChangesQuery,
    status: 200,
    response: GroupChanges,
  },
  searchUsers: {
    method: 'GET',
    path: '/api/v1/users',
    summary: 'Organisation administrators: users of the organisation matching a name or e-mail, for the user picker.',
    auth: true,
    query: UserSearchQuery,
    status: 200,
    response: UserSearchResult,
  },
  userPermissions: {
    method: 'GET',
    path: '/api/v1/users/{userId}/permissions',
    summary: 'A user’s groups and effective permissions (organisation administrators, or the user themselves).',
    auth: true,
    params: UserParams,
    status: 200,
    response: UserPermissions,
  },
  supportCreateSecurityGroup: {
    method: 'POST',
    path: '/api/v1/support/security-groups',
    summary: 'Support staff only (X-Support-Token): define a security group for an organisation.',
    auth: false,
    support: true,
    body: SupportGroupCreateRequest,
    status: 201,
    response: SupportGroup,
  },
  supportUpdateSecurityGroup: {
    method: 'PATCH',
    path: '/api/v1/support/security-groups/{groupId}',
    summary: 'Support staff only (X-Support-Token): rename a security group or change what it grants.',
    auth: false,
    support: true,
    params: GroupParams,
    body: SupportGroupUpdateRequest,
    status: 200,
    response: SupportGroup,
  },
  createTeamSafe: {
    method: 'POST',
    path: '/api/v1/team-safes',
    summary: 'Create a team safe, administered by the caller. Needs the permission `workspaceOwnership`.',
    auth: true,
    body: CreateTeamSafeRequest,
    status: 201,
    response: CreatedTeamSafe,
  },
  createApiKey: {
    method: 'POST',
    path: '/api/v1/api-keys',
    summary: 'Generate an API key; the key is in this answer only. Needs the permission `apiKeys`.',
    auth: true,
    body: CreateApiKeyRequest,
    status: 201,
    response: CreatedApiKey,
  },
  registerTrustedDevice: {
    method: 'POST',
    path: '/api/v1/trusted-devices',
    summary: 'Register a trusted device by its public key. Needs the permission `trustedDeviceKeys`.',
    auth: true,
    body: RegisterTrustedDeviceRequest,
    status: 201,
    response: TrustedDevice,
  },
  createDropzone: {
    method: 'POST',
    path: '/api/v1/dropzones',
    summary: 'Create a dropzone owned by the caller. Needs the permission `dropzoneOwnership`.',
    auth: true,
    body: CreateDropzoneRequest,
    status: 201,
    response: Dropzone,
  },
  updateDropzone: {
    method: 'PATCH',
    path: '/api/v1/dropzones/{dropzoneId}',
    summary: 'Configure a dropzone. Needs `dropzoneManager.configure` (granted with `dropzoneManager`).',
    auth: true,
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
