/**
 * Bulk invitation with a dry run (the plan is server/bulk-invite.ts).
 *
 * The real run:
 * 1. rows whose key already invited someone (a retry) are answered with
 *    that invitation again and take no further place — per row, through
 *    server/idempotency.ts under the operation of a single invitation;
 * 2. codes are hashed for the rows the plan will invite (before the
 *    transaction: scrypt is asynchronous);
 * 3. one transaction plans again and inserts every `invite` row, keeping
 *    each row's answer under its key;
 * 4. after the commit, SMS rows are texted; a text the gateway refuses
 *    takes that row's invitation back (`failed`, `sms_failed`).
 */
import type { BulkInvitationResult, BulkInvitationRowResult } from '../../shared/api/bulk-invite.ts';
import { BULK_INVITE_LIMIT, BULK_INVITE_OUTCOMES } from '../../shared/api/bulk-invite.ts';
import type { InvitationResult } from '../../shared/api/members.ts';
import type { FieldErrorCode } from '../../shared/errors.ts';
import { checkRow, planBulkInvitation, type CheckedRow } from '../bulk-invite.ts';
import { transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';
import { forgetAnswer, idempotentRequest, storeAnswer, storedAnswer, type IdempotentRequest } from '../idempotency.ts';
import { issueCode, type InvitationService, type IssuedCode } from '../invitations.ts';
import { placesTaken } from '../members.ts';
import { invitationFingerprint, stillHolds } from './invitations.ts';

export type BulkInviteRouteName = 'bulkInviteMembers';

export interface BulkInviteDeps extends HandlerDeps {
  invitations: InvitationService;
}

function checkRequestShape(rows: readonly { key?: string | undefined }[], dryRun: boolean): void {
  if (rows.length === 0) throw new HttpError(400, 'no_entries', 'The request holds no rows.');
  if (rows.length > BULK_INVITE_LIMIT) {
    throw new HttpError(
      400,
      'too_many_rows',
      `The request holds ${rows.length} rows; at most ${BULK_INVITE_LIMIT} can be invited at once. Nothing was checked or invited.`,
    );
  }
  if (dryRun) return;
  const fields: Record<string, FieldErrorCode> = {};
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    if (row.key === undefined) fields[`rows.${index}.key`] = 'required';
    else if (seen.has(row.key)) fields[`rows.${index}.key`] = 'invalid_value';
    else seen.add(row.key);
  });
  if (Object.keys(fields).length > 0) {
    throw new HttpError(400, 'invalid_payload', 'Every row of a real run needs its own idempotency key.', { fields });
  }
}

const failed = (index: number, error: HttpError): BulkInvitationRowResult => ({
  index,
  outcome: 'failed',
  error: error.toShape(),
});

export function bulkInviteHandlers(deps: BulkInviteDeps): HandlerMap<BulkInviteRouteName> {
  const { db, now, invitations } = deps;
  const { smsLimit } = invitations;

  const answer = (dryRun: boolean, limit: number, safeId: string, results: BulkInvitationRowResult[]) => {
    const counts = Object.fromEntries(
      BULK_INVITE_OUTCOMES.map((outcome) => [outcome, 0]),
    ) as BulkInvitationResult['counts'];
    for (const result of results) counts[result.outcome]++;
    results.sort((a, b) => a.index - b.index);
    return { dryRun, results, counts, memberLimit: limit, placesTaken: placesTaken(db, safeId) };
  };

  return {
    async bulkInviteMembers({ body, user, safe }) {
      checkRequestShape(body.rows, body.dryRun);
      const checked: CheckedRow[] = body.rows.map(checkRow);
      if (body.dryRun) {
        const plan = planBulkInvitation(db, safe, checked, smsLimit, now());
        return answer(
          true,
          safe.member_limit,
          safe.id,
          [...plan.values()].map((planned) => planned.result),
        );
      }

      // 1. retries: rows a previous attempt with the same key invited
      const results: BulkInvitationRowResult[] = [];
      const keys = new Map<number, IdempotentRequest>();
      checked.forEach((row, index) => {
        if (!row.ok) return;
        const key = body.rows[index]?.key ?? '';
        const idempotent = idempotentRequest(
          user.id,
          'inviteMember',
          key,
          invitationFingerprint(safe.id, row.invitation),
        );
        keys.set(index, idempotent);
        try {
          const earlier = storedAnswer<InvitationResult>(db, idempotent, now());
          if (!earlier) return;
          const invitation = stillHolds(db, safe.id, earlier);
          results.push({ index, outcome: 'invited', email: row.invitation.email, invitation, replayed: true });
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          results.push(failed(index, error));
        }
      });
      const done = new Set(results.map((result) => result.index));

      // 2. codes for the rows the plan invites
      const codes = new Map<number, IssuedCode>();
      for (const [index, planned] of planBulkInvitation(db, safe, checked, smsLimit, now(), done)) {
        if (planned.invitation) codes.set(index, await issueCode());
      }

      // 3. plan again and insert, in one transaction
      const invited = transaction(db, () => {
        const at = now();
        const made: { index: number; result: InvitationResult; code: IssuedCode }[] = [];
        for (const [index, planned] of planBulkInvitation(db, safe, checked, smsLimit, at, done)) {
          const code = codes.get(index);
          const idempotent = keys.get(index);
          if (!planned.invitation) {
            results.push(planned.result);
          } else if (!code || !idempotent) {
            // the safe changed while the codes were hashed: this row was not planned then
            const changed = new HttpError(
              409,
              'precondition_failed',
              'The team safe changed meanwhile; send the row again.',
            );
            results.push(failed(index, changed));
          } else {
            const result = invitations.insert(safe, user, planned.invitation, code, at, 'bulk');
            storeAnswer(db, idempotent, user.id, 201, result, at);
            made.push({ index, result, code });
          }
        }
        return made;
      });

      // 4. texts, after the commit
      for (const { index, result, code } of invited) {
        try {
          const idempotent = keys.get(index);
          await invitations.deliverNew(safe, user, result, code, () => idempotent && forgetAnswer(db, idempotent));
          results.push({ index, outcome: 'invited', email: result.member.email, invitation: result });
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          results.push({ ...failed(index, error), email: result.member.email });
        }
      }
      return answer(false, safe.member_limit, safe.id, results);
    },
  };
}
