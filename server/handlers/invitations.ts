/**
 * Invitations: invite (idempotent), re-send (a new code), revoke. The rules
 * are in server/invitations.ts, shared with the bulk routes.
 */
import type { DatabaseSync } from 'node:sqlite';
import { versionEtag, type InvitationResult } from '../../shared/api/members.ts';
import { transaction } from '../db.ts';
import { HttpError, type HandlerMap } from '../http.ts';
import { forgetAnswer, idempotentRequest, storeAnswer, storedAnswer } from '../idempotency.ts';
import { issueCode, type InvitationService, type NewInvitation } from '../invitations.ts';
import { checkInvitable, checkVersion, expectedVersion, findMember } from '../members.ts';

export type InvitationRouteName = 'inviteMember' | 'resendInvitation' | 'revokeInvitation';

export interface InvitationDeps {
  db: DatabaseSync;
  now: () => number;
  invitations: InvitationService;
}

/**
 * A stored answer is replayed only while it still holds: the member it
 * created is there, unchanged. Revoked, removed or activated: 409
 * `not_invited`; re-sent or otherwise changed: 412; both with the current
 * member, never the dead one and its old code.
 */
export function stillHolds(db: DatabaseSync, safeId: string, earlier: InvitationResult): InvitationResult {
  const member = findMember(db, safeId, earlier.member.id);
  if (member?.version === earlier.member.version) return earlier;
  if (member?.status === 'invited') checkVersion(member, earlier.member.version);
  throw new HttpError(
    409,
    'not_invited',
    'The invitation made with this Idempotency-Key is no longer pending: it was revoked, removed or activated.',
    { current: member ?? null },
  );
}

/** What an invitation's idempotency key is bound to: the safe and everything the invitation asks for. */
export function invitationFingerprint(safeId: string, body: NewInvitation): unknown[] {
  return [safeId, body.name, body.email, body.role, body.language, body.codeDelivery, body.mobile?.e164 ?? null];
}

export function invitationHandlers(deps: InvitationDeps): HandlerMap<InvitationRouteName> {
  const { db, now, invitations } = deps;
  const { smsLimit } = invitations;

  return {
    async inviteMember({ body, user, safe, headers, responseHeaders }) {
      const idempotent = idempotentRequest(
        user.id,
        'inviteMember',
        headers['idempotency-key'],
        invitationFingerprint(safe.id, body),
      );
      const answer = (result: InvitationResult, replayed: boolean): InvitationResult => {
        responseHeaders.etag = versionEtag(result.member.version);
        if (replayed) responseHeaders['idempotent-replayed'] = 'true';
        return result;
      };

      const earlier = storedAnswer<InvitationResult>(db, idempotent, now());
      if (earlier) return answer(stillHolds(db, safe.id, earlier), true);
      checkInvitable(db, safe, body.email);
      if (body.codeDelivery === 'sms') smsLimit.check(safe.id, null, now());

      const code = await issueCode();
      const outcome = transaction(db, () => {
        // a retry that raced this request may have finished while the code was hashed
        const raced = storedAnswer<InvitationResult>(db, idempotent, now());
        if (raced) return { result: stillHolds(db, safe.id, raced), replayed: true };
        checkInvitable(db, safe, body.email);
        const at = now();
        if (body.codeDelivery === 'sms') smsLimit.check(safe.id, null, at);
        const result = invitations.insert(safe, user, body, code, at);
        storeAnswer(db, idempotent, user.id, 201, result, at);
        return { result, replayed: false };
      });

      if (!outcome.replayed) {
        await invitations.deliverNew(safe, user, outcome.result, code, () => forgetAnswer(db, idempotent));
      }
      return answer(outcome.result, outcome.replayed);
    },

    async resendInvitation({ params, user, safe, headers, responseHeaders }) {
      const result = await invitations.resend(safe, user, params.memberId, expectedVersion(headers));
      responseHeaders.etag = versionEtag(result.member.version);
      return result;
    },

    revokeInvitation({ params, user, safe, headers }) {
      invitations.revoke(safe, user, params.memberId, expectedVersion(headers));
    },
  };
}
