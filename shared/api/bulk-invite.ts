/**
 * Wire schemas of the bulk invitation: up to 500 rows, as the
 * client sends them after parsing a CSV file (shared/csv/), first as a dry
 * run, then for real.
 *
 * Rows travel as the text the file held (trimmed), so that one bad cell
 * gives that row an outcome instead of failing the request: the server
 * validates each row exactly as it validates a single invitation
 * (`InvitationRequest`), in both runs, with the same code.
 */
import { z } from 'zod';
import { FIELD_ERROR_CODES } from '../errors.ts';
import { IdempotencyKey, InvitationResult } from './members.ts';
import { ApiErrorBody } from './schemas.ts';

/** Rows per request (and per imported file). More: 400 `too_many_rows`, nothing checked or written. */
export const BULK_INVITE_LIMIT = 500;
/** The request body limit of the bulk route (other routes: 64 KiB). */
export const BULK_INVITE_MAX_BODY_BYTES = 512 * 1024;
/** Longest cell the request accepts (a longer one is a 400 for the whole request). */
export const BULK_INVITE_CELL_MAX = 1000;

const Cell = z.string().max(BULK_INVITE_CELL_MAX, { error: 'too_long' }).optional();

/** The columns of a row, in the order of the CSV template. */
export const BULK_INVITE_COLUMNS = ['name', 'email', 'role', 'language', 'codeDelivery', 'country', 'mobile'] as const;
export type BulkInviteColumn = (typeof BULK_INVITE_COLUMNS)[number];

export const BulkInvitationRow = z.object({
  key: IdempotencyKey.optional().describe(
    'Required when `dryRun` is false: a random key per row (8–128 visible ASCII characters, e.g. a UUID), kept and sent again when the request is retried, so a retry never invites twice.',
  ),
  name: Cell,
  email: Cell,
  /** A role key (`viewer`). */
  role: Cell,
  /** A language code (`de`). */
  language: Cell,
  /** `display` or `sms`. */
  codeDelivery: Cell,
  /** ISO country code of the mobile number (`CH`), for `sms`. */
  country: Cell,
  /** The mobile number as typed, for `sms`. */
  mobile: Cell,
});
export type BulkInvitationRow = z.input<typeof BulkInvitationRow>;

export const BulkInvitationRequest = z.object({
  dryRun: z.boolean({ error: 'required' }).describe('true: check every row and write nothing.'),
  rows: z.array(BulkInvitationRow),
});
export type BulkInvitationRequest = z.input<typeof BulkInvitationRequest>;

/**
 * - `invite` (dry run) / `invited` (real run): the row is (would be) invited;
 * - `already_member`: the address is a member of, or invited to, the safe;
 * - `duplicate`: an earlier row has the same address (`duplicateOf`);
 * - `invalid`: `fields` says what (the field error codes of a single
 *   invitation, plus `unknown_role` and `unknown_language`);
 * - `over_limit`: a valid row the member limit has no place left for;
 * - `sms_quota`: an SMS row over the safe's hourly SMS quota (`error.retryAfterSeconds`);
 * - `failed` (real run only): `error` says why (`sms_failed`,
 *   `idempotency_conflict`, `not_invited` for a retried row whose
 *   invitation is gone).
 * Rows are placed in file order: the first valid rows take the free places.
 */
export const BULK_INVITE_OUTCOMES = [
  'invite',
  'invited',
  'already_member',
  'duplicate',
  'invalid',
  'over_limit',
  'sms_quota',
  'failed',
] as const;
export type BulkInviteOutcome = (typeof BULK_INVITE_OUTCOMES)[number];

export const BulkInvitationRowResult = z.object({
  /** The row's position in `rows`, from 0. */
  index: z.number().int().nonnegative(),
  outcome: z.enum(BULK_INVITE_OUTCOMES),
  /** The normalised address, when it is valid. */
  email: z.string().optional(),
  /** For `invalid`: column → field error code. */
  fields: z.partialRecord(z.enum(BULK_INVITE_COLUMNS), z.enum(FIELD_ERROR_CODES)).optional(),
  /** For `duplicate`: the index of the first row with this address. */
  duplicateOf: z.number().int().nonnegative().optional(),
  /** For `sms_quota` and `failed`. */
  error: ApiErrorBody.shape.error.optional(),
  /** For `invited`: the member, and the security code of a `display` row (in this answer only). */
  invitation: InvitationResult.optional(),
  /** For `invited`: this row was invited by an earlier attempt with the same key; this is its answer again. */
  replayed: z.boolean().optional(),
});
export type BulkInvitationRowResult = z.infer<typeof BulkInvitationRowResult>;

export const BulkInvitationResult = z.object({
  dryRun: z.boolean(),
  /** One per row, in request order. */
  results: z.array(BulkInvitationRowResult),
  /** How many rows had each outcome. */
  counts: z.record(z.enum(BULK_INVITE_OUTCOMES), z.number().int().nonnegative()),
  memberLimit: z.number().int().positive(),
  /** Places taken after this request (before it, for a dry run); see `listSafeInvitations` for the rule. */
  placesTaken: z.number().int().nonnegative(),
});
export type BulkInvitationResult = z.infer<typeof BulkInvitationResult>;
