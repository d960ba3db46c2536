/**
 * The IPC channels of the invitation pipeline: CSV bulk invite with a dry
 * run, the invitations of one safe or of every safe, bulk re-send and revoke,
 * and undo. Spread into the one contract (contract.ts); the wire schemas they
 * carry are the route table's (shared/api/).
 */
import { z } from 'zod';
import { BULK_INVITE_LIMIT, BulkInvitationResult, BulkInvitationRow } from '../api/bulk-invite.ts';
import { IdempotencyKey } from '../api/members.ts';
import {
  BULK_INVITATION_ACTION_LIMIT,
  BulkResendResult,
  BulkRevokeResult,
  INVITATION_FILTERS,
  InvitationPipeline,
  PIPELINE_PAGE_MAX,
} from '../api/pipeline.ts';
import { Id } from '../api/schemas.ts';
import { RestoreGroupMembersRequest, RestoreGroupMembersResult, UndoResult } from '../api/undo.ts';

/** One selected invitation, wherever it is: the version the admin saw goes along as `If-Match`. */
const SelectedInvitation = z.object({ safeId: Id, memberId: Id, version: z.number().int().positive() }).strict();

const BulkInvitationAction = z
  .object({
    /** One per submission of a selection: a retry re-sends (or revokes) nothing twice. */
    requestId: IdempotencyKey,
    items: z
      .array(SelectedInvitation)
      .min(1, { error: 'required' })
      .max(BULK_INVITATION_ACTION_LIMIT, { error: 'too_long' }),
  })
  .strict();

/** A row's result across safes: the route's row result, with the safe it belongs to. */
const withSafe = <T extends z.ZodObject>(result: T) =>
  z.object({ results: z.array(result.shape.results.element.extend({ safeId: Id })) });

export const pipelineChannels = {
  /** The rows of a CSV file (parsed in the renderer), checked (`dryRun`) or invited; every row of a real run has its own `key`. */
  'invitations:bulkInvite': {
    request: z
      .object({
        safeId: Id,
        dryRun: z.boolean(),
        rows: z.array(BulkInvitationRow.strict()).min(1, { error: 'required' }).max(BULK_INVITE_LIMIT, {
          error: 'too_long',
        }),
      })
      .strict(),
    response: BulkInvitationResult,
  },
  /** The invitations of one safe, or (no `safeId`) of every safe the admin administers. */
  'invitations:list': {
    request: z
      .object({
        safeId: Id.optional(),
        state: z.enum(INVITATION_FILTERS),
        offset: z.number().int().min(0),
        limit: z.number().int().min(1).max(PIPELINE_PAGE_MAX),
      })
      .strict(),
    response: InvitationPipeline,
  },
  'invitations:resend': {
    request: BulkInvitationAction,
    response: withSafe(BulkResendResult).extend({ resent: BulkResendResult.shape.resent }),
  },
  'invitations:revoke': {
    request: BulkInvitationAction,
    response: withSafe(BulkRevokeResult).extend({ revoked: BulkRevokeResult.shape.revoked }),
  },
  /** Undo the last change to a member (role change, removal, revoke); `version`: what it had after the change. */
  'members:undo': {
    request: z.object({ safeId: Id, memberId: Id, version: z.number().int().positive() }).strict(),
    response: UndoResult,
  },
  /** Undo the removal of users from a security group. */
  'groups:restoreMembers': {
    request: RestoreGroupMembersRequest.extend({ groupId: Id }).strict(),
    response: RestoreGroupMembersResult,
  },
} as const satisfies Record<`${string}:${string}`, { request: z.ZodType; response: z.ZodType }>;
