/**
 * Wire schemas for security groups, feature permissions and the feature
 * endpoints they guard. routes.ts refers to them.
 *
 * Permission keys in answers are checked only for their shape, so a client
 * keeps working when the server's catalogue gains an entry; keys in requests
 * (support definitions) must be in this build's catalogue.
 */
import { z } from 'zod';
import { BULK_LIMIT } from '../bulk.ts';
import { PERMISSION_KEYS, PERMISSION_KEY_PATTERN } from '../catalog/permissions.ts';
import { LANGUAGES } from '../languages.ts';
import { displayText } from '../text.ts';
import { REMOVE_LIMIT } from '../limits.ts';
import { Id, TeamSafe, User } from './schemas.ts';

export const PermissionKeyWire = z.string().regex(PERMISSION_KEY_PATTERN);
export const KnownPermissionKey = z.enum(PERMISSION_KEYS, { error: 'invalid_value' });

const translated = z.object(
  Object.fromEntries(LANGUAGES.map((language) => [language, z.string()])) as {
    [L in (typeof LANGUAGES)[number]]: z.ZodString;
  },
);

export const PermissionEntry = z.object({
  key: PermissionKeyWire,
  parent: PermissionKeyWire.optional(),
  name: translated,
  description: translated,
});
export type PermissionEntry = z.infer<typeof PermissionEntry>;

export const PermissionCatalogue = z.object({
  /** The catalogue, parents before their sub-rights. */
  items: z.array(PermissionEntry),
  /** Keys some group of the caller's organisation grants: only members of a granting group have them. */
  restricted: z.array(PermissionKeyWire),
});
export type PermissionCatalogue = z.infer<typeof PermissionCatalogue>;

// ------------------------------------------------------------------ groups

export const GroupParams = z.object({ groupId: Id });

export const SecurityGroup = z.object({
  id: Id,
  name: z.string(),
  permissions: z.array(PermissionKeyWire),
  memberCount: z.number().int().nonnegative(),
});
export type SecurityGroup = z.infer<typeof SecurityGroup>;

export const SecurityGroupList = z.object({ items: z.array(SecurityGroup) });
export type SecurityGroupList = z.infer<typeof SecurityGroupList>;

export const PAGE_MAX = 500;

/** Free-text search: name (accents and case ignored) or e-mail, substring. */
const SearchText = z.string().trim().max(200, { error: 'too_long' }).default('');

export const GroupMemberQuery = z.object({
  q: SearchText,
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(100),
});

export const GroupMember = z.object({
  userId: Id,
  name: z.string(),
  email: z.string(),
  addedAt: z.string(),
});
export type GroupMember = z.infer<typeof GroupMember>;

export const GroupMemberPage = z.object({
  items: z.array(GroupMember),
  /** Members matching `q`. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** All members of the group. */
  memberCount: z.number().int().nonnegative(),
});
export type GroupMemberPage = z.infer<typeof GroupMemberPage>;

export const AddGroupMemberRequest = z.object({ userId: Id });

export const AddGroupMemberResult = z.object({
  outcome: z.enum(['added', 'already_member']),
  member: GroupMember,
  memberCount: z.number().int().nonnegative(),
});
export type AddGroupMemberResult = z.infer<typeof AddGroupMemberResult>;

export { REMOVE_LIMIT };

export const RemoveGroupMembersRequest = z.object({
  userIds: z.array(Id).min(1, { error: 'required' }).max(REMOVE_LIMIT, { error: 'invalid_value' }),
});

export const RemoveGroupMembersResult = z.object({
  results: z.array(z.object({ userId: Id, outcome: z.enum(['removed', 'not_member']) })),
  removed: z.number().int().nonnegative(),
  memberCount: z.number().int().nonnegative(),
});
export type RemoveGroupMembersResult = z.infer<typeof RemoveGroupMembersResult>;

/**
 * The pasted text, as pasted: the server parses it with `parseBulkEntries`
 * (linear, so any body the server accepts is parsed in milliseconds). More
 * than BULK_LIMIT entries: 400 `too_many_entries`; no entry at all: 400
 * `no_entries`; nothing is applied in either case. A body over the server's
 * 64 KiB limit (a 1 MB paste) is refused before parsing with 413
 * `invalid_payload`, also with nothing applied.
 */
export const BulkAddRequest = z.object({
  entries: z.string({ error: 'required' }),
  /**
   * true: check every entry exactly as the real run does and write nothing;
   * the entries that would be added get `would_add`.
   */
  dryRun: z.boolean().default(false),
});

export const BULK_OUTCOMES = ['added', 'would_add', 'already_member', 'unknown_user', 'invalid', 'duplicate'] as const;
export type BulkOutcome = (typeof BULK_OUTCOMES)[number];

export const BulkEntryResult = z.object({
  /** The entry as pasted (shortened if very long). */
  entry: z.string(),
  email: z.string().optional(),
  outcome: z.enum(BULK_OUTCOMES),
  /** For `added`, `would_add` and `already_member`. */
  userId: Id.optional(),
  name: z.string().optional(),
});
export type BulkEntryResult = z.infer<typeof BulkEntryResult>;

export const BulkAddResult = z.object({
  /** One per non-empty entry, in pasted order. */
  results: z.array(BulkEntryResult).max(BULK_LIMIT),
  /** How many entries were added (they are committed, whatever the other entries' outcomes); 0 in a dry run. */
  added: z.number().int().nonnegative(),
  memberCount: z.number().int().nonnegative(),
  /** The request was a dry run: nothing was written. */
  dryRun: z.boolean().default(false),
});
export type BulkAddResult = z.infer<typeof BulkAddResult>;

// ------------------------------------------------------------------ users and effective permissions

export const USER_SEARCH_MAX = 100;

export const UserSearchQuery = z.object({
  q: SearchText,
  limit: z.coerce.number().int().min(1).max(USER_SEARCH_MAX).default(20),
});

export const OrgUser = User.pick({ id: true, name: true, email: true });
export type OrgUser = z.infer<typeof OrgUser>;

export const UserSearchResult = z.object({ items: z.array(OrgUser) });
export type UserSearchResult = z.infer<typeof UserSearchResult>;

export const UserParams = z.object({ userId: Id });

export const UserPermissions = z.object({
  user: OrgUser,
  /** The groups the user is in, by name. */
  groups: z.array(z.object({ id: Id, name: z.string(), permissions: z.array(PermissionKeyWire) })),
  /** Effective permissions: open ones plus restricted ones their groups grant (catalogue order). */
  effective: z.array(PermissionKeyWire),
  /** What the groups grant, sub-rights of granted parents included. */
  granted: z.array(PermissionKeyWire),
});
export type UserPermissions = z.infer<typeof UserPermissions>;

export const MatrixQuery = z.object({
  q: SearchText,
  /** Only users who have this permission ("who can create API keys?"). */
  permission: KnownPermissionKey.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(100),
});

export const PermissionMatrix = z.object({
  /** Column order: the catalogue. */
  permissions: z.array(PermissionKeyWire),
  restricted: z.array(PermissionKeyWire),
  items: z.array(z.object({ user: OrgUser, permissions: z.array(PermissionKeyWire) })),
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
});
export type PermissionMatrix = z.infer<typeof PermissionMatrix>;

// ------------------------------------------------------------------ support-only group definitions

/** Group names follow the text rule (shared/text.ts) and are unique per organisation regardless of case. */
export const GROUP_NAME_MAX = 100;
export const GroupName = displayText(GROUP_NAME_MAX);
const GrantList = z
  .array(KnownPermissionKey)
  .min(1, { error: 'required' })
  .refine((keys) => new Set(keys).size === keys.length, { error: 'invalid_value' });

export const SupportGroupCreateRequest = z.object({
  orgId: Id,
  name: GroupName,
  permissions: GrantList,
});

export const SupportGroupUpdateRequest = z
  .object({ name: GroupName.optional(), permissions: GrantList.optional() })
  .refine((body) => body.name !== undefined || body.permissions !== undefined, { error: 'required' });

export const SupportGroup = SecurityGroup.extend({ orgId: Id });
export type SupportGroup = z.infer<typeof SupportGroup>;

// ------------------------------------------------------------------ guarded feature endpoints

/** Safe names, API-key labels, device and dropzone names: the text rule of shared/text.ts. */
export const LABEL_MAX = 100;
const Label = displayText(LABEL_MAX);

export const CreateTeamSafeRequest = z.object({
  name: Label,
  memberLimit: z.number().int().min(1).max(100_000).default(10),
});
export const CreatedTeamSafe = TeamSafe;

export const CreateApiKeyRequest = z.object({ label: Label });
export const CreatedApiKey = z.object({
  id: Id,
  label: z.string(),
  /** The secret: shown once, stored only as a hash. */
  key: z.string().min(32),
  createdAt: z.string(),
});
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;

export const RegisterTrustedDeviceRequest = z.object({
  name: Label,
  /** The device's public key, base64 or base64url. */
  publicKey: z
    .string({ error: 'required' })
    .min(32, { error: 'invalid_value' })
    .max(2048, { error: 'too_long' })
    .regex(/^[A-Za-z0-9+/_-]+={0,2}$/, { error: 'invalid_value' }),
});
export const TrustedDevice = z.object({ id: Id, name: z.string(), createdAt: z.string() });

export const CreateDropzoneRequest = z.object({ name: Label });
export const DropzoneParams = z.object({ dropzoneId: Id });
export const UpdateDropzoneRequest = z
  .object({ name: Label.optional(), active: z.boolean().optional() })
  .refine((body) => body.name !== undefined || body.active !== undefined, { error: 'required' });
export const Dropzone = z.object({
  id: Id,
  name: z.string(),
  ownerUserId: Id.nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Dropzone = z.infer<typeof Dropzone>;
