/**
 * Schemas of the activity view and the CSV export channels: a safe's audit
 * trail (from the server, or read-only from the offline copy), the
 * organisation's security-group history, and exports written by main in
 * chunks with progress pushes and cancel. The contract imports them.
 */
import { z } from 'zod';
import { AUDIT_CURSOR_PATTERN, AUDIT_PAGE_MAX, AuditActionFilter, AuditPage } from '../api/audit.ts';
import { KnownPermissionKey } from '../api/groups.ts';
import { MEMBER_SEARCH_MAX, MemberSort, SortDirection } from '../api/members.ts';
import { Id, MemberStatusFilter } from '../api/schemas.ts';

const Search = z.string().trim().max(MEMBER_SEARCH_MAX, { error: 'too_long' });
const Instant = z.iso.datetime({ offset: true, error: 'invalid_value' });

/** The time range and page of an activity listing (`from` inclusive, `to` exclusive). */
const ActivityPageFields = {
  action: AuditActionFilter.optional(),
  /** The user who made the change. */
  actor: Id.optional(),
  from: Instant.optional(),
  to: Instant.optional(),
  cursor: z.string().regex(AUDIT_CURSOR_PATTERN, { error: 'invalid_value' }).optional(),
  limit: z.number().int().min(1).max(AUDIT_PAGE_MAX),
};

/** A safe's activity: filters of the view; `member` is the member the change is about. */
export const SafeActivityFilters = z.object({ safeId: Id, member: Id.optional(), ...ActivityPageFields }).strict();
export type SafeActivityFilters = z.input<typeof SafeActivityFilters>;

/** The organisation's security-group history (organisation administrators). */
export const GroupActivityFilters = z
  .object({ groupId: Id.optional(), userId: Id.optional(), ...ActivityPageFields })
  .strict();
export type GroupActivityFilters = z.input<typeof GroupActivityFilters>;

export const ActivityPage = AuditPage.extend({
  /** Answered from the offline copy (read-only): when it was last synced. Null: from the server. */
  savedAt: z.string().nullable(),
});
export type ActivityPage = z.output<typeof ActivityPage>;

// ---------------------------------------------------------------- CSV export

/** What to export: the view as the admin sees it (filter, search and order included). */
export const ExportSubject = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('members'),
      safeId: Id,
      status: MemberStatusFilter,
      q: Search.optional(),
      sort: MemberSort.optional(),
      dir: SortDirection.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('groupMembers'), groupId: Id, q: Search.optional() }).strict(),
  z.object({ kind: z.literal('matrix'), q: Search.optional(), permission: KnownPermissionKey.optional() }).strict(),
  SafeActivityFilters.omit({ cursor: true, limit: true })
    .extend({ kind: z.literal('activity') })
    .strict(),
]);
export type ExportSubject = z.input<typeof ExportSubject>;
export type ExportKind = ExportSubject['kind'];

export const ExportRequest = z
  .object({
    /** Chosen by the renderer: names the progress pushes and what `export:cancel` stops. */
    exportId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: 'invalid_value' }),
    subject: ExportSubject,
    /** Stable machine-readable headers and values instead of the UI language's. */
    machineHeaders: z.boolean(),
  })
  .strict();
export type ExportRequest = z.input<typeof ExportRequest>;

export const ExportResult = z.discriminatedUnion('outcome', [
  /** Written where the admin chose in the native save dialog. */
  z.object({ outcome: z.literal('saved'), rows: z.number().int().nonnegative(), fileName: z.string() }),
  /** Written; the preview's browser downloads it from `url` (once). */
  z.object({
    outcome: z.literal('download'),
    rows: z.number().int().nonnegative(),
    fileName: z.string(),
    url: z.string(),
  }),
  /** The save dialog was closed, or the export was cancelled (nothing is left on disk). */
  z.object({ outcome: z.literal('cancelled') }),
]);
export type ExportResult = z.output<typeof ExportResult>;

export const ExportCancel = z.object({ exportId: ExportRequest.shape.exportId }).strict();

/** Pushed after each chunk written: rows so far, of `total` when known. */
export const ExportProgress = z.object({
  exportId: z.string(),
  rows: z.number().int().nonnegative(),
  total: z.number().int().nonnegative().nullable(),
});
export type ExportProgress = z.output<typeof ExportProgress>;
