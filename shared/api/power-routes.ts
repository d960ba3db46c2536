/**
 * The routes of the admin power features: the audit trail's
 * feed and group history, the invitation pipeline, bulk invitations with a
 * dry run, bulk re-send and revoke, and undo. Part of the one route table
 * (routes.ts spreads them in); each summary ends with a sample call.
 */
import { AuditChanges, AuditChangesQuery, AuditPage, GroupAuditQuery } from './audit.ts';
import { BULK_INVITE_MAX_BODY_BYTES, BulkInvitationRequest, BulkInvitationResult } from './bulk-invite.ts';
import { GroupParams } from './groups.ts';
import { IfMatchHeaders, MemberParams, OptionalIdempotencyHeaders } from './members.ts';
import {
  BulkInvitationActionRequest,
  BulkResendResult,
  BulkRevokeResult,
  InvitationPipeline,
  InvitationPipelineQuery,
} from './pipeline.ts';
import type { RouteDef } from './route-def.ts';
import { SafeParams } from './schemas.ts';
import { RestoreGroupMembersRequest, RestoreGroupMembersResult, UndoResult } from './undo.ts';

const LIMIT_RULE =
  'Member limit: every member holds a place — activated members, pending and expired invitations alike; an expired invitation frees its place only when revoked (a re-send revives it).';

export const powerRoutes = {
  // ---------------------------------------------------------------- audit trail
  listSafeAuditChanges: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/audit/changes',
    summary:
      'Administrators of the safe: its audit entries written after a cursor, oldest first, for the offline copy (entries are only ever added: one change, one entry). No `since`: from the beginning, or from `from`. `reset`: drop the cached entries and start over. Sample: `GET /api/v1/team-safes/safe-research/audit/changes?from=2026-01-01T00:00:00Z&limit=500`, then `?since=<cursor>`.',
    access: 'safeAdmin',
    params: SafeParams,
    query: AuditChangesQuery,
    status: 200,
    response: AuditChanges,
  },
  listGroupAudit: {
    method: 'GET',
    path: '/api/v1/security-groups/audit',
    summary:
      'Organisation administrators: the history of the organisation’s security groups (who was added, removed or restored, and group definitions), newest first; filter by group, user, actor, action and time range; paged with `cursor`. Sample: `GET /api/v1/security-groups/audit?groupId=sg-developers&userId=u-luca-bernasconi&limit=50`.',
    access: 'orgAdmin',
    query: GroupAuditQuery,
    status: 200,
    response: AuditPage,
  },

  // ---------------------------------------------------------------- invitation pipeline
  listSafeInvitations: {
    method: 'GET',
    path: '/api/v1/team-safes/{safeId}/invitations',
    summary: `Administrators of the safe: its invitations (pending and expired), with expiry, code delivery, SMS delivery state and re-send count; \`state\` filters pending / expiring soon (48 h) / expired / SMS failed. An invitation without a code on record counts as expired. ${LIMIT_RULE} Sample: \`GET /api/v1/team-safes/safe-research/invitations?state=expired\`.`,
    access: 'safeAdmin',
    params: SafeParams,
    query: InvitationPipelineQuery,
    status: 200,
    response: InvitationPipeline,
  },
  listInvitations: {
    method: 'GET',
    path: '/api/v1/invitations',
    summary: `The invitations of every team safe the caller administers, as \`listSafeInvitations\` gives them for one (\`safes\` lists the safes in scope; none: an empty list). ${LIMIT_RULE} Sample: \`GET /api/v1/invitations?state=failed\`.`,
    access: 'user',
    query: InvitationPipelineQuery,
    status: 200,
    response: InvitationPipeline,
  },
  bulkInviteMembers: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/invitations/bulk',
    summary: `Administrators of the safe: invite up to 500 people (the rows of a CSV file). \`dryRun: true\` checks every row exactly as the real run does and writes nothing; each row gets its outcome (invite, already a member, duplicate in the file, invalid with field errors, over the member limit, over the hourly SMS quota). \`dryRun: false\` invites the rows that pass, in one transaction, and answers each row (a \`display\` row's code in this answer only); every row needs its own \`key\`, an idempotency key: a retry with the same keys invites nobody twice and answers those rows again. More than 500 rows: 400 \`too_many_rows\`; none: 400 \`no_entries\`; nothing is checked or written. Body up to 512 KiB. ${LIMIT_RULE} Sample: \`POST …/invitations/bulk\` \`{"dryRun":true,"rows":[{"name":"Eva Keller","email":"eva@example.com","role":"viewer","language":"de","codeDelivery":"display"}]}\`.`,
    access: 'safeAdmin',
    params: SafeParams,
    maxBodyBytes: BULK_INVITE_MAX_BODY_BYTES,
    body: BulkInvitationRequest,
    status: 200,
    response: BulkInvitationResult,
  },
  bulkResendInvitations: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/invitations/resend',
    summary:
      'Administrators of the safe: re-send up to 100 selected invitations, each named with the version the admin saw (as `If-Match` for one). Each row is a re-send of its own, with the same rules (a new code and expiry; the SMS cool-down and the hourly quota apply per row) and its own result: `resent` with the invitation (a `display` code only in this answer), or `failed` with the error a single re-send would have got (`precondition_failed` with `current`, `not_invited`, `not_found`, `sms_cooldown`, `sms_quota`, `sms_failed`). With an `Idempotency-Key`, a retry gets the first answer and re-sends nothing. Sample: `POST …/invitations/resend` `{"items":[{"memberId":"m-research-05","version":1}]}`.',
    access: 'safeAdmin',
    params: SafeParams,
    headers: OptionalIdempotencyHeaders,
    body: BulkInvitationActionRequest,
    status: 200,
    response: BulkResendResult,
  },
  bulkRevokeInvitations: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/invitations/revoke',
    summary:
      'Administrators of the safe: revoke up to 100 selected invitations (pending or expired), each named with the version the admin saw; one result per row (`revoked`, or `failed` with `precondition_failed` and `current`, `not_invited`, `not_found`). Each revoke can be undone like a single one. With an `Idempotency-Key`, a retry gets the first answer. Sample: `POST …/invitations/revoke` `{"items":[{"memberId":"m-research-05","version":1}]}`.',
    access: 'safeAdmin',
    params: SafeParams,
    headers: OptionalIdempotencyHeaders,
    body: BulkInvitationActionRequest,
    status: 200,
    response: BulkRevokeResult,
  },

  // ---------------------------------------------------------------- undo
  undoMemberChange: {
    method: 'POST',
    path: '/api/v1/team-safes/{safeId}/members/{memberId}/undo',
    summary:
      'Undo the last change to a member — a role change, a removal or a revoked invitation — within 30 s, by the administrator who made it. `If-Match`: the version the member had after the change (for a role change its new version; for a removal or revoke the version it had when removed). A role change goes back to the old role; a removed member comes back with the same id, role, status, account link and dates (no new invitation); a revoked invitation comes back with its old code and expiry. Answers: 412 `precondition_failed` with `current` when the member changed since (or a member with that address was invited meanwhile); 409 `undo_expired` after the window; 409 `undo_not_allowed` when the last change is not undoable or was made by someone else; 409 `member_limit_reached` when its place was taken; 409 `last_administrator`. Audited as `member.roleChangeUndone`, `member.restored` or `member.invitationRestored`, linked to the undone entry. Sample: `POST …/members/m-research-05/undo` with `If-Match: "2"`.',
    access: 'safeAdmin',
    params: MemberParams,
    headers: IfMatchHeaders,
    status: 200,
    response: UndoResult,
  },
  restoreGroupMembers: {
    method: 'POST',
    path: '/api/v1/security-groups/{groupId}/members/restore',
    summary:
      'Organisation administrators: undo the removal of up to 50 users from a group within 30 s of it, by the administrator who removed them; each user keeps the time they first joined. One outcome per user: `restored`, `precondition_failed` (their membership changed since; `member` says whether they are in the group now), `undo_expired`, `undo_not_allowed`. Audited as `group.memberRestored`, linked to the removal. Sample: `POST /api/v1/security-groups/sg-developers/members/restore` `{"userIds":["u-luca-bernasconi"]}`.',
    access: 'orgAdmin',
    params: GroupParams,
    body: RestoreGroupMembersRequest,
    status: 200,
    response: RestoreGroupMembersResult,
  },
} as const satisfies Record<string, RouteDef>;
