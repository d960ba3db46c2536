/**
 * Wire schemas of the invitation pipeline: pending and expired
 * invitations of one safe or of every safe the caller administers, with
 * their expiry, code delivery, SMS delivery state and re-send count; and
 * bulk re-send and revoke of selected invitations, one result per row.
 *
 * The member-limit rule, one for the whole server: every member holds a
 * place — activated members, pending invitations and expired invitations
 * alike. An expired invitation keeps its place until it is revoked (which
 * frees it) or re-sent (which revives it); `placesTaken` and
 * `expiredHoldingPlaces` say how many places that is.
 */
import { z } from 'zod';
import { CodeDelivery, InvitationResult } from './members.ts';
import { ApiErrorBody, Id, Member } from './schemas.ts';
import { INVITATION_STATES } from '../invitation-state.ts';

/** An invitation whose code expires within this many hours is "expiring soon". */
export const EXPIRING_SOON_HOURS = 48;

export { INVITATION_STATES, invitationState, type InvitationState } from '../invitation-state.ts';

/**
 * The SMS with the current code: `queued` (issued, not yet accepted by the
 * gateway), `sent` (accepted by the gateway), `delivered` (the gateway
 * reported delivery), `failed` (the gateway reported it undeliverable).
 */
export const SMS_DELIVERY_STATES = ['queued', 'sent', 'delivered', 'failed'] as const;
export const SmsDeliveryState = z.enum(SMS_DELIVERY_STATES);
export type SmsDeliveryState = z.infer<typeof SmsDeliveryState>;

/** `failed`: the SMS of the current code failed, whether or not the code has expired. */
export const INVITATION_FILTERS = ['all', 'pending', 'expiringSoon', 'expired', 'failed'] as const;
export type InvitationFilter = (typeof INVITATION_FILTERS)[number];

export const PIPELINE_PAGE_MAX = 500;

export const InvitationPipelineQuery = z.object({
  state: z.enum(INVITATION_FILTERS, { error: 'invalid_value' }).default('all'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(PIPELINE_PAGE_MAX).default(100),
});
export type InvitationPipelineQuery = z.input<typeof InvitationPipelineQuery>;

export const PipelineInvitation = z.object({
  safeId: Id,
  /** The invited member (status `invited`); its `version` is what bulk re-send and revoke expect. */
  member: Member,
  state: z.enum(INVITATION_STATES),
  /** Pending, and expiring within EXPIRING_SOON_HOURS. */
  expiringSoon: z.boolean(),
  /** How the current code was delivered; null when no code is on record. */
  codeDelivery: CodeDelivery.nullable(),
  /** E.164 number of an SMS code. */
  sentTo: z.string().nullable(),
  codeIssuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  /** The SMS of the current code; null for a code shown on screen. */
  sms: z.object({ state: SmsDeliveryState, at: z.string() }).nullable(),
  resendCount: z.number().int().nonnegative(),
});
export type PipelineInvitation = z.infer<typeof PipelineInvitation>;

export const PipelineSafe = z.object({
  id: Id,
  name: z.string(),
  memberLimit: z.number().int().positive(),
  /** Members holding a place (the rule above): what the limit check counts. */
  placesTaken: z.number().int().nonnegative(),
  /** Of those, expired invitations: revoking them frees places. */
  expiredHoldingPlaces: z.number().int().nonnegative(),
});
export type PipelineSafe = z.infer<typeof PipelineSafe>;

export const InvitationPipeline = z.object({
  /** Expired first, then by expiry (soonest first), then by name. */
  items: z.array(PipelineInvitation),
  /** Invitations matching `state`. */
  total: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  /** All invitations in scope, per filter. */
  counts: z.record(z.enum(INVITATION_FILTERS), z.number().int().nonnegative()),
  /** The safes in scope, by name. */
  safes: z.array(PipelineSafe),
  /** The instant `state` and `expiringSoon` were computed for (ISO 8601). */
  asOf: z.string(),
});
export type InvitationPipeline = z.infer<typeof InvitationPipeline>;

// ---------------------------------------------------------------- bulk re-send and revoke

export const BULK_INVITATION_ACTION_LIMIT = 100;

export const BulkInvitationActionRequest = z.object({
  /** The selected invitations, each with the version the admin saw (as `If-Match` for one). */
  items: z
    .array(z.object({ memberId: Id, version: z.number().int().positive() }))
    .min(1, { error: 'required' })
    .max(BULK_INVITATION_ACTION_LIMIT, { error: 'invalid_value' }),
});
export type BulkInvitationActionRequest = z.input<typeof BulkInvitationActionRequest>;

/** Why one row was not done: the error a single request would have got (`precondition_failed` with `current`, `sms_cooldown` with `retryAfterSeconds`, …). */
export const RowError = ApiErrorBody.shape.error;

export const BulkResendResult = z.object({
  results: z.array(
    z.object({
      memberId: Id,
      outcome: z.enum(['resent', 'failed']),
      /** For `resent`: as a single re-send answers (a `display` code only here). */
      invitation: InvitationResult.optional(),
      error: RowError.optional(),
    }),
  ),
  resent: z.number().int().nonnegative(),
});
export type BulkResendResult = z.infer<typeof BulkResendResult>;

export const BulkRevokeResult = z.object({
  results: z.array(z.object({ memberId: Id, outcome: z.enum(['revoked', 'failed']), error: RowError.optional() })),
  revoked: z.number().int().nonnegative(),
  /** Places taken after the revocations. */
  placesTaken: z.number().int().nonnegative(),
});
export type BulkRevokeResult = z.infer<typeof BulkRevokeResult>;
