/**
 * Invitations: invite (idempotent), re-send (a new code), revoke. Codes are
 * hashed before the transaction (scrypt is slow and asynchronous), and every
 * check is made again inside it, where nothing can change underneath.
 */
import { versionEtag, type CodeDelivery, type InvitationResult } from '../../shared/api/members.ts';
import type { Member } from '../../shared/api/schemas.ts';
import { CODE_COST, hashPassword } from '../auth.ts';
import { nameSortKey, newId, statement, transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';
import { forgetAnswer, idempotentRequest, storeAnswer, storedAnswer } from '../idempotency.ts';
import { INVITATION_TTL_MS, INVITATION_VALID_DAYS, codeRow, newSecurityCode } from '../invitation-codes.ts';
import {
  auditMember,
  checkInvitable,
  checkVersion,
  expectedVersion,
  findMember,
  loadMember,
  snapshot,
} from '../members.ts';
import { smsSendLimiter, type SmsLimits } from '../sms-limits.ts';
import { invitationSmsText, type SmsGateway } from '../sms.ts';
import type { SafeRow } from '../team-safes.ts';

export type InvitationRouteName = 'inviteMember' | 'resendInvitation' | 'revokeInvitation';

export interface InvitationDeps extends HandlerDeps {
  sms: SmsGateway;
  smsLimits?: SmsLimits | undefined;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function invitationHandlers(deps: InvitationDeps): HandlerMap<InvitationRouteName> {
  const { db, now, sms, log } = deps;
  const smsLimit = smsSendLimiter(db, deps.smsLimits);

  const sendCode = async (safe: SafeRow, result: InvitationResult, to: string, code: string): Promise<void> => {
    await sms.send({
      to,
      text: invitationSmsText(result.member.language, safe.name, code, INVITATION_VALID_DAYS),
      language: result.member.language,
      secret: code,
      expiresAt: Date.parse(result.expiresAt),
    });
  };

  const smsFailed = (error: unknown): HttpError => {
    log(`SMS gateway failed: ${error instanceof Error ? error.message : String(error)}`);
    return new HttpError(502, 'sms_failed', 'The text message could not be sent. Try again.');
  };

  return {
    async inviteMember({ body, user, safe, headers, responseHeaders }) {
      const idempotent = idempotentRequest(user.id, 'inviteMember', headers['idempotency-key'], [
        safe.id,
        body.name,
        body.email,
        body.role,
        body.language,
        body.codeDelivery,
        body.mobile?.e164 ?? null,
      ]);
      /**
       * A stored answer is replayed only while it still holds: the member it
       * created is there, unchanged. Revoked, removed or activated: 409
       * `not_invited`; re-sent or otherwise changed: 412; both with the
       * current member, never the dead one and its old code.
       */
      const stillHolds = (earlier: InvitationResult): InvitationResult => {
        const member = findMember(db, safe.id, earlier.member.id);
        if (member?.version === earlier.member.version) return earlier;
        if (member?.status === 'invited') checkVersion(member, earlier.member.version);
        throw new HttpError(
          409,
          'not_invited',
          'The invitation made with this Idempotency-Key is no longer pending: it was revoked, removed or activated.',
          { current: member ?? null },
        );
      };
      const answer = (result: InvitationResult, replayed: boolean): InvitationResult => {
        responseHeaders.etag = versionEtag(result.member.version);
        if (replayed) responseHeaders['idempotent-replayed'] = 'true';
        return result;
      };

      const earlier = storedAnswer<InvitationResult>(db, idempotent, now());
      if (earlier) return answer(stillHolds(earlier), true);
      checkInvitable(db, safe, body.email);
      if (body.codeDelivery === 'sms') smsLimit.check(safe.id, null, now());

      const code = newSecurityCode();
      const codeHash = await hashPassword(code, CODE_COST);

      const outcome = transaction(db, () => {
        // a retry that raced this request may have finished while the code was hashed
        const raced = storedAnswer<InvitationResult>(db, idempotent, now());
        if (raced) return { result: stillHolds(raced), replayed: true, mobile: null };
        checkInvitable(db, safe, body.email);
        const at = now();
        if (body.codeDelivery === 'sms') smsLimit.check(safe.id, null, at);

        const memberId = newId();
        statement(
          db,
          `INSERT INTO safe_members
             (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at, activated_at, version)
           VALUES (?, ?, NULL, ?, ?, ?, ?, 'invited', ?, ?, NULL, 1)`,
        ).run(memberId, safe.id, body.name, nameSortKey(body.name), body.email, body.role, body.language, iso(at));
        const mobile = body.codeDelivery === 'sms' ? (body.mobile?.e164 ?? null) : null;
        if (body.codeDelivery === 'sms' && mobile === null) throw new Error('sms invitation without a mobile number');
        if (mobile) smsLimit.record(safe.id, memberId, at);
        statement(
          db,
          `INSERT INTO invitation_codes (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts)
           VALUES (?, ?, ?, ?, ?, ?, 0)`,
        ).run(memberId, codeHash, body.codeDelivery, mobile, at, at + INVITATION_TTL_MS);
        const member = loadMember(db, safe.id, memberId);
        auditMember(
          db,
          safe,
          {
            actorUserId: user.id,
            action: 'member.invited',
            targetId: memberId,
            before: null,
            after: { ...snapshot(member), codeDelivery: body.codeDelivery, ...(mobile ? { mobile } : {}) },
          },
          at,
        );
        const result: InvitationResult = {
          member,
          codeDelivery: body.codeDelivery,
          ...(mobile ? { sentTo: mobile } : { securityCode: code }),
          expiresAt: iso(at + INVITATION_TTL_MS),
        };
        storeAnswer(db, idempotent, user.id, 201, result, at);
        return { result, replayed: false, mobile };
      });

      if (!outcome.replayed && outcome.mobile) {
        try {
          await sendCode(safe, outcome.result, outcome.mobile, code);
        } catch (error) {
          // nobody can redeem an invitation whose code never arrived: take it back
          const member = outcome.result.member;
          transaction(db, () => {
            statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
            forgetAnswer(db, idempotent);
            auditMember(
              db,
              safe,
              {
                actorUserId: user.id,
                action: 'member.invitationFailed',
                targetId: member.id,
                before: snapshot(member),
                after: { reason: 'sms_failed' },
              },
              now(),
            );
          });
          throw smsFailed(error);
        }
      }
      return answer(outcome.result, outcome.replayed);
    },

    async resendInvitation({ params, user, safe, headers, responseHeaders }) {
      const expected = expectedVersion(headers);
      const check = (at: number): Member => {
        const member = loadMember(db, safe.id, params.memberId);
        checkVersion(member, expected);
        if (member.status !== 'invited') {
          throw new HttpError(
            409,
            'not_invited',
            'This member has already activated their access; there is nothing to re-send.',
          );
        }
        if (codeRow(db, member.id)?.delivery === 'sms') smsLimit.check(safe.id, member.id, at);
        return member;
      };
      check(now());

      const code = newSecurityCode();
      const codeHash = await hashPassword(code, CODE_COST);

      const outcome = transaction(db, () => {
        const at = now();
        const before = check(at); // again: the member may have changed while the code was hashed
        const previous = codeRow(db, before.id);
        const delivery: CodeDelivery = previous?.delivery ?? 'display';
        const mobile = previous?.mobile ?? null;
        if (mobile) smsLimit.record(safe.id, before.id, at);
        statement(
          db,
          `INSERT OR REPLACE INTO invitation_codes
             (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts)
           VALUES (?, ?, ?, ?, ?, ?, 0)`,
        ).run(before.id, codeHash, delivery, mobile, at, at + INVITATION_TTL_MS);
        // a new code starts afresh, for every client address
        statement(db, 'DELETE FROM invitation_attempts WHERE member_id = ?').run(before.id);
        statement(db, 'UPDATE safe_members SET version = version + 1 WHERE id = ?').run(before.id);
        const member = loadMember(db, safe.id, before.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: user.id,
            action: 'member.resent',
            targetId: member.id,
            before: {
              version: before.version,
              codeDelivery: previous?.delivery ?? null,
              expiresAt: previous ? iso(previous.expires_at) : null,
            },
            after: { version: member.version, codeDelivery: delivery, expiresAt: iso(at + INVITATION_TTL_MS) },
          },
          at,
        );
        const result: InvitationResult = {
          member,
          codeDelivery: delivery,
          ...(mobile ? { sentTo: mobile } : { securityCode: code }),
          expiresAt: iso(at + INVITATION_TTL_MS),
        };
        return { result, mobile };
      });

      if (outcome.mobile) {
        try {
          await sendCode(safe, outcome.result, outcome.mobile, code);
        } catch (error) {
          throw smsFailed(error);
        }
      }
      responseHeaders.etag = versionEtag(outcome.result.member.version);
      return outcome.result;
    },

    revokeInvitation({ params, user, safe, headers }) {
      const expected = expectedVersion(headers);
      transaction(db, () => {
        const member = loadMember(db, safe.id, params.memberId);
        checkVersion(member, expected);
        if (member.status !== 'invited') {
          throw new HttpError(
            409,
            'not_invited',
            'Only a pending invitation can be revoked; remove an activated member instead.',
          );
        }
        statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: user.id,
            action: 'member.revoked',
            targetId: member.id,
            before: snapshot(member),
            after: null,
          },
          now(),
        );
      });
    },
  };
}
