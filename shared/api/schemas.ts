/**
 * The reference API's wire schemas. The server validates requests with them,
 * the main-process API client validates responses with them, and the OpenAPI
 * document is generated from them (see routes.ts).
 */
import { z } from 'zod';
import { ROLE_KEYS } from '../catalog/roles.ts';
import { LANGUAGES } from '../languages.ts';
import { ERROR_CODES } from '../errors.ts';
import { Email, Password } from '../validation.ts';

/** What an id is (also checked without zod, see sync.ts `checkMemberChanges`). */
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const ID_MAX_LENGTH = 64;
export const Id = z.string().min(1).max(ID_MAX_LENGTH).regex(ID_PATTERN);
export const Role = z.enum(ROLE_KEYS);
export const Language = z.enum(LANGUAGES);
export const MemberStatus = z.enum(['invited', 'activated']);
export const MemberStatusFilter = z.enum(['all', 'invited', 'activated']);
export type MemberStatusFilter = z.infer<typeof MemberStatusFilter>;

export const User = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  language: Language,
});
export type User = z.infer<typeof User>;

export const SignInRequest = z.object({ email: Email, password: Password });
export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) });

export const TokenResponse = z.object({
  accessToken: z.string().min(1),
  /** Seconds until the access token expires. */
  accessTokenExpiresIn: z.number().int().positive(),
  refreshToken: z.string().min(1),
  user: User,
});
export type TokenResponse = z.infer<typeof TokenResponse>;

export const TeamSafe = z.object({
  id: Id,
  name: z.string(),
  memberCount: z.number().int().nonnegative(),
  memberLimit: z.number().int().positive(),
  myRole: Role,
});
export type TeamSafe = z.infer<typeof TeamSafe>;

export const TeamSafeList = z.object({ items: z.array(TeamSafe) });
export type TeamSafeList = z.infer<typeof TeamSafeList>;

export const Member = z.object({
  id: Id,
  name: z.string(),
  email: z.string(),
  role: Role,
  status: MemberStatus,
  language: Language,
  invitedAt: z.string(),
  activatedAt: z.string().nullable(),
  /**
   * When the security code of a pending invitation stops working; null once
   * activated, and for an invitation with no code on record (which counts as
   * expired, see `invitationState` in shared/invitation-state.ts).
   */
  invitationExpiresAt: z.string().nullable(),
  /** Increases with every change; sent as `ETag`, expected back in `If-Match`. */
  version: z.number().int().positive(),
});
export type Member = z.infer<typeof Member>;

export const MEMBER_PAGE_MAX = 500;

export const MemberListQuery = z.object({
  status: MemberStatusFilter.default('all'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MEMBER_PAGE_MAX).default(100),
});

export const MemberCounts = z.object({
  all: z.number().int().nonnegative(),
  invited: z.number().int().nonnegative(),
  activated: z.number().int().nonnegative(),
});

export const MemberPage = z.object({
  items: z.array(Member),
  /** Members matching the filter. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  counts: MemberCounts,
  memberLimit: z.number().int().positive(),
});
export type MemberPage = z.infer<typeof MemberPage>;

export const SafeParams = z.object({ safeId: Id });

export const ApiErrorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    retryAfterSeconds: z.number().int().optional(),
    fields: z.record(z.string(), z.string()).optional(),
    /** For `permission_required`: the missing permission's catalogue key. */
    permission: z.string().optional(),
    /** For conflicts: the current state of what the request was about (a member; null when it is gone). */
    current: z.unknown().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
