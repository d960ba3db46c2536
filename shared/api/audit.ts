/**
 * Wire schemas of the audit trail: a safe's activity, filtered
 * and paged newest first; the organisation's security-group membership
 * history; and a safe's audit feed for the offline copy.
 *
 * Paging: an answer's `nextCursor` (null on the last page) is sent back as
 * `cursor` with the same filters for the next, older page. Cursors are
 * opaque and stable: entries are never changed or deleted, so a page never
 * repeats or skips an entry however many are written meanwhile.
 */
import { z } from 'zod';
import { Id } from './schemas.ts';

/** What the server audits, `domain.verb`. Answers may name others later: clients show unknown ones as they are. */
export const AUDIT_ACTIONS = [
  'member.invited',
  'member.resent',
  'member.revoked',
  'member.activated',
  'member.roleChanged',
  'member.removed',
  'member.invitationFailed',
  // undo (server/undo.ts): each links the entry it reverses in `undoes`
  'member.roleChangeUndone',
  'member.restored',
  'member.invitationRestored',
  'group.memberAdded',
  'group.memberRemoved',
  'group.memberRestored',
  'group.created',
  'group.updated',
  'safe.created',
  'apiKey.created',
  'trustedDevice.registered',
  'dropzone.created',
  'dropzone.configured',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const AuditActionFilter = z.enum(AUDIT_ACTIONS, { error: 'invalid_value' });

export const AUDIT_PAGE_MAX = 500;

/** `<ms>.<id>` of the last entry of the previous page. */
export const AUDIT_CURSOR_PATTERN = /^(?:0|[1-9][0-9]{0,14})\.[1-9][0-9]{0,15}$/;

const isoInstant = z.iso
  .datetime({ offset: true, error: 'invalid_value' })
  .transform((value) => new Date(value).toISOString());

const page = {
  from: isoInstant.optional().describe('Only entries at or after this instant (ISO 8601).'),
  to: isoInstant.optional().describe('Only entries before this instant (ISO 8601; exclusive).'),
  cursor: z
    .string()
    .regex(AUDIT_CURSOR_PATTERN, { error: 'invalid_value' })
    .optional()
    .describe('The `nextCursor` of the previous page (same filters); absent: the newest entries.'),
  limit: z.coerce.number().int().min(1).max(AUDIT_PAGE_MAX).default(100),
};

/** `listSafeAudit`: a safe's entries, newest first, by any combination of filters. */
export const AuditQuery = z.object({
  action: AuditActionFilter.optional(),
  /** The user who made the change. */
  actor: Id.optional(),
  /** The member the change is about (its id, also after they were removed). */
  member: Id.optional(),
  ...page,
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** `listGroupAudit`: the organisation's security-group history (memberships and definitions). */
export const GroupAuditQuery = z.object({
  action: AuditActionFilter.optional(),
  actor: Id.optional(),
  groupId: Id.optional(),
  /** The user who joined or left. */
  userId: Id.optional(),
  ...page,
});
export type GroupAuditQuery = z.input<typeof GroupAuditQuery>;

export const AuditEntry = z.object({
  id: z.number().int().positive(),
  at: z.string(),
  /** Who made the change; null for the invitee redeeming without an account, or a deleted user. */
  actor: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  /** One of AUDIT_ACTIONS, or one this client does not know yet. */
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  /** The team safe, for member changes; null for organisation-wide entries (groups). */
  safeId: z.string().nullable().default(null),
  /**
   * Whom the entry is about, as they were then: the member (id = member id)
   * or, for group memberships, the user (id = user id). Null when unknown.
   */
  subject: z
    .object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() })
    .nullable()
    .default(null),
  /** For an undo: the id of the entry it reversed. */
  undoes: z.number().int().positive().nullable().default(null),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditEntry = z.output<typeof AuditEntry>;

export const AuditPage = z.object({
  items: z.array(AuditEntry),
  /** Send back as `cursor` for the next, older page; null: this was the last one. */
  nextCursor: z.string().nullable().default(null),
});
export type AuditPage = z.output<typeof AuditPage>;

// ---------------------------------------------------------------- the audit feed (offline copy)

export const AUDIT_FEED_LIMIT_MAX = 1000;
export const AUDIT_SINCE_PATTERN = /^(?:a\.[0-9a-f]{16}\.(?:0|[1-9][0-9]{0,15}))?$/;

/**
 * `listSafeAuditChanges`: the safe's entries written after a cursor, oldest
 * first, for the offline copy. Entries are only ever added, so an answer
 * holds new entries only: one change, one entry. Cursor rules as in
 * shared/api/sync.ts (`more`, `reset`, opaque cursors); `from` applies only
 * to the first request (no `since`): start at entries of that instant,
 * e.g. "the last 90 days", instead of the whole history.
 */
export const AuditChangesQuery = z.object({
  since: z
    .string()
    .regex(AUDIT_SINCE_PATTERN, { error: 'invalid_value' })
    .optional()
    .describe('The `cursor` of the previous answer; absent or empty: from the beginning (or from `from`).'),
  from: isoInstant.optional().describe('Without `since`: start at entries of this instant (ISO 8601).'),
  limit: z.coerce.number().int().min(1).max(AUDIT_FEED_LIMIT_MAX).default(500),
});
export type AuditChangesQuery = z.input<typeof AuditChangesQuery>;

export const AuditChanges = z.object({
  cursor: z.string().min(1),
  more: z.boolean(),
  /** The cursor was not honoured (another database, or from the future): drop the cached entries and start over. */
  reset: z.boolean(),
  /** New entries, oldest first. */
  items: z.array(AuditEntry),
});
export type AuditChanges = z.output<typeof AuditChanges>;
