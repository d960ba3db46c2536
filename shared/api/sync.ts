/**
 * Wire schemas of incremental sync: the change feeds behind the
 * desktop app's offline cache, one per team safe (members and invitations)
 * and one per organisation (security-group memberships).
 *
 * How a client uses a feed:
 * 1. Ask without `since` (or with `since=`): the answer is the first page of a
 *    full snapshot. Apply it, then ask again with `since` = the answer's
 *    `cursor` while `more` is true.
 * 2. Later, ask with the last `cursor` kept: only what changed since comes
 *    back — one record per changed member, whatever happened to it meanwhile
 *    (upserts carry the whole current record; removals only the id).
 * 3. `reset: true`: the cursor could not be honoured (another database,
 *    from the future, or older than the tombstones the server keeps). The
 *    answer holds no records. Drop every cached record of that feed (for
 *    group memberships: the cached groups too) and start over as in 1 — with
 *    `since` empty, or with the answer's `cursor`, which means the same.
 *    An answer to an empty `since` never has `reset`.
 *
 * Cursors are opaque strings: store them and send them back, never build or
 * compare them. A cursor of one feed is refused by the other (400).
 *
 * Retention: live records are always in the feed. The server keeps the
 * newest 9 000–10 000 removals per safe (per organisation for group
 * memberships); a client that missed an older one gets `reset`.
 */
import { z } from 'zod';
import { OrgUser } from './groups.ts';
import { ID_MAX_LENGTH, ID_PATTERN, Id, Language, Member, MemberStatus, Role, TeamSafe } from './schemas.ts';

export const CHANGES_LIMIT_MAX = 5000;
export const CHANGES_LIMIT_DEFAULT = 2000;

/** What `since` accepts (server/sync.ts writes cursors): empty, or feed letter, database epoch, sequence number. */
export const MEMBER_SINCE_PATTERN = /^(?:m\.[0-9a-f]{16}\.(?:0|[1-9][0-9]{0,15}))?$/;
export const GROUP_SINCE_PATTERN = /^(?:g\.[0-9a-f]{16}\.(?:0|[1-9][0-9]{0,15}))?$/;

const since = (pattern: RegExp) =>
  z
    .string()
    .regex(pattern, { error: 'invalid_value' })
    .optional()
    .describe('The `cursor` of the previous answer; absent or empty: from the beginning (a full snapshot).');

const limit = z.coerce
  .number()
  .int()
  .min(1)
  .max(CHANGES_LIMIT_MAX)
  .default(CHANGES_LIMIT_DEFAULT)
  .describe('Records per answer (upserts and removals together).');

export const MemberChangesQuery = z.object({ since: since(MEMBER_SINCE_PATTERN), limit });
export type MemberChangesQuery = z.input<typeof MemberChangesQuery>;

export const GroupChangesQuery = z.object({ since: since(GROUP_SINCE_PATTERN), limit });
export type GroupChangesQuery = z.input<typeof GroupChangesQuery>;

const feed = {
  /** Send it back as `since` to continue. */
  cursor: z.string().min(1),
  /** More records follow: ask again with `cursor` right away. */
  more: z.boolean(),
  /** The cursor was not honoured: no records; drop the cached records of this feed and start over. */
  reset: z.boolean(),
};

/** `listMemberChanges`: changed members of a team safe, in change order. */
export const MemberChanges = z.object({
  ...feed,
  /** Members added or changed (invited, re-sent, activated, role changed): the whole current record. */
  upserts: z.array(Member),
  /** Ids of members no longer in the safe (revoked or removed). Unknown ids are to be ignored. */
  removed: z.array(Id),
  /** The safe as it is now: name, member count, limit, the caller's role. */
  safe: TeamSafe,
});
export type MemberChanges = z.infer<typeof MemberChanges>;

/** `MemberChanges` with its members left unchecked: the rest of a page. */
const MemberChangesFrame = MemberChanges.extend({ upserts: z.array(z.unknown()) });
const MEMBER_FIELDS = Object.keys(Member.shape).length;
const ROLES: ReadonlySet<unknown> = new Set(Role.options);
const STATUSES: ReadonlySet<unknown> = new Set(MemberStatus.options);
const LANGUAGES: ReadonlySet<unknown> = new Set(Language.options);

/**
 * A member exactly as `Member` reads it: its fields and no other (zod would
 * drop another, so the object could not be kept as it is), each as valid as
 * the schema wants it. It may refuse more than the schema (the schema then
 * decides), never less.
 */
function isExactMember(value: unknown): value is Member {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const member = value as Record<string, unknown>;
  let fields = 0;
  for (const _ in member) fields += 1;
  if (fields !== MEMBER_FIELDS) return false;
  const { id, name, email, role, status, language, invitedAt, activatedAt, invitationExpiresAt, version } = member;
  return (
    typeof id === 'string' &&
    id.length >= 1 &&
    id.length <= ID_MAX_LENGTH &&
    ID_PATTERN.test(id) &&
    typeof name === 'string' &&
    typeof email === 'string' &&
    ROLES.has(role) &&
    STATUSES.has(status) &&
    LANGUAGES.has(language) &&
    typeof invitedAt === 'string' &&
    (activatedAt === null || typeof activatedAt === 'string') &&
    (invitationExpiresAt === null || typeof invitationExpiresAt === 'string') &&
    typeof version === 'number' &&
    Number.isSafeInteger(version) &&
    version > 0
  );
}

/**
 * `MemberChanges.safeParse` with the same verdict and the same data, but one
 * zod pass per page instead of one per member: the members of a well-formed
 * page are checked in place and kept, not copied one by one (a full sync of
 * 100 000 members: 100 000 objects fewer to make and collect). Anything out
 * of the ordinary goes to the schema itself, which then decides and says why.
 */
export function checkMemberChanges(json: unknown): z.ZodSafeParseResult<MemberChanges> {
  const frame = MemberChangesFrame.safeParse(json);
  if (frame.success) {
    const { upserts } = frame.data;
    let at = 0;
    while (at < upserts.length && isExactMember(upserts[at])) at += 1;
    if (at === upserts.length) return { success: true, data: frame.data as MemberChanges };
  }
  return MemberChanges.safeParse(json);
}

export const GroupMembershipUpsert = z.object({
  groupId: Id,
  user: OrgUser,
  /** When the user joined the group (ISO 8601). */
  addedAt: z.string(),
});
export type GroupMembershipUpsert = z.infer<typeof GroupMembershipUpsert>;

export const GroupMembershipRemoval = z.object({ groupId: Id, userId: Id });
export type GroupMembershipRemoval = z.infer<typeof GroupMembershipRemoval>;

/**
 * `listGroupChanges`: changed security-group memberships of the caller's
 * organisation, in change order. Group definitions are not in the feed: when
 * `groupsVersion` differs from the one cached, fetch `listSecurityGroups`
 * again; memberships of a group that is no longer listed are to be dropped
 * (a deleted group's memberships get no removals).
 */
export const GroupChanges = z.object({
  ...feed,
  /** Increases when a group is created, renamed, deleted or changes what it grants (not on membership changes). */
  groupsVersion: z.number().int().nonnegative(),
  /** Memberships added, or whose user's name or e-mail changed. */
  upserts: z.array(GroupMembershipUpsert),
  removed: z.array(GroupMembershipRemoval),
});
export type GroupChanges = z.infer<typeof GroupChanges>;
