/**
 * Invitations, one implementation for every path that makes, re-sends or
 * withdraws one: the single routes (handlers/invitations.ts), the bulk
 * invitation (handlers/bulk-invite.ts) and the pipeline's bulk re-send and
 * revoke (handlers/pipeline.ts). Each throws the HttpError a single request
 * answers with; the bulk paths turn it into that row's result.
 *
 * Codes are hashed before a transaction (scrypt is slow and asynchronous);
 * every check is made again inside it, where nothing can change underneath.
 * Texts go out after the commit; what the gateway answers is kept with the
 * code (its delivery state, for the pipeline).
 */
import type { DatabaseSync } from 'node:sqlite';
import type { InvitationRequest, InvitationResult } from '../shared/api/members.ts';
import type { CodeDelivery } from '../shared/api/members.ts';
import type { Member } from '../shared/api/schemas.ts';
import type { z } from 'zod';
import { CODE_COST, hashPassword } from './auth.ts';
import { nameSortKey, newId, statement, transaction } from './db.ts';
import { HttpError } from './http.ts';
import { INVITATION_TTL_MS, INVITATION_VALID_DAYS, codeRow, newSecurityCode } from './invitation-codes.ts';
import { auditMember, checkVersion, loadMember, snapshot } from './members.ts';
import { smsSendLimiter, type SmsLimits, type SmsSendLimiter } from './sms-limits.ts';
import { invitationSmsText, recordSmsReceipt, type SmsGateway } from './sms.ts';
import type { SafeRow } from './team-safes.ts';
import { deleteUndoably } from './undo.ts';
import type { UserRow } from './users.ts';

/** A validated invitation (InvitationRequest's output). */
export type NewInvitation = z.output<typeof InvitationRequest>;

/** A security code and its scrypt hash. */
export interface IssuedCode {
  code: string;
  hash: string;
}

export async function issueCode(): Promise<IssuedCode> {
  const code = newSecurityCode();
  return { code, hash: await hashPassword(code, CODE_COST) };
}

const iso = (ms: number): string => new Date(ms).toISOString();

export interface InvitationServiceDeps {
  db: DatabaseSync;
  now: () => number;
  log: (line: string) => void;
  sms: SmsGateway;
  smsLimits?: SmsLimits | undefined;
}

export type InvitationService = ReturnType<typeof invitationService>;

export function invitationService(deps: InvitationServiceDeps) {
  const { db, now, sms, log } = deps;
  const smsLimit: SmsSendLimiter = smsSendLimiter(db, deps.smsLimits);

  const smsFailed = (error: unknown): HttpError => {
    log(`SMS gateway failed: ${error instanceof Error ? error.message : String(error)}`);
    return new HttpError(502, 'sms_failed', 'The text message could not be sent. Try again.');
  };

  /** Text a code; keep the gateway's answer with it. Rejects as the gateway does. */
  const textCode = async (safe: SafeRow, result: InvitationResult, to: string, code: IssuedCode) => {
    const receipt = await sms.send({
      to,
      text: invitationSmsText(result.member.language, safe.name, code.code, INVITATION_VALID_DAYS),
      language: result.member.language,
      secret: code.code,
      expiresAt: Date.parse(result.expiresAt),
    });
    transaction(db, () => recordSmsReceipt(db, result.member.id, code.hash, receipt, now()));
  };

  const notInvited = (message: string) => new HttpError(409, 'not_invited', message);

  /** 404, 412, 409 `not_invited`, 429 (SMS limits) unless the invitation may be re-sent now. */
  const checkResend = (safe: SafeRow, memberId: string, expected: number, at: number): Member => {
    const member = loadMember(db, safe.id, memberId);
    checkVersion(member, expected);
    if (member.status !== 'invited') {
      throw notInvited('This member has already activated their access; there is nothing to re-send.');
    }
    if (codeRow(db, member.id)?.delivery === 'sms') smsLimit.check(safe.id, member.id, at);
    return member;
  };

  return {
    smsLimit,

    /**
     * Insert a checked invitation: the member, its code, the SMS send record
     * and the audit entry. Call inside the transaction that checked it (the
     * limit, the address, the SMS limits).
     */
    insert(
      safe: SafeRow,
      actor: UserRow,
      invitation: NewInvitation,
      code: IssuedCode,
      at: number,
      via: 'single' | 'bulk' = 'single',
    ): InvitationResult {
      const memberId = newId();
      statement(
        db,
        `INSERT INTO safe_members
           (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at, activated_at, version)
         VALUES (?, ?, NULL, ?, ?, ?, ?, 'invited', ?, ?, NULL, 1)`,
      ).run(
        memberId,
        safe.id,
        invitation.name,
        nameSortKey(invitation.name),
        invitation.email,
        invitation.role,
        invitation.language,
        iso(at),
      );
      const mobile = invitation.codeDelivery === 'sms' ? (invitation.mobile?.e164 ?? null) : null;
      if (invitation.codeDelivery === 'sms' && mobile === null)
        throw new Error('sms invitation without a mobile number');
      if (mobile) smsLimit.record(safe.id, memberId, at);
      statement(
        db,
        `INSERT INTO invitation_codes
           (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts, sms_state, sms_state_at)
         VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`,
      ).run(
        memberId,
        code.hash,
        invitation.codeDelivery,
        mobile,
        at,
        at + INVITATION_TTL_MS,
        mobile ? 'queued' : null,
        mobile ? at : null,
      );
      const member = loadMember(db, safe.id, memberId);
      auditMember(
        db,
        safe,
        {
          actorUserId: actor.id,
          action: 'member.invited',
          member,
          before: null,
          after: {
            ...snapshot(member),
            codeDelivery: invitation.codeDelivery,
            ...(mobile ? { mobile } : {}),
            ...(via === 'bulk' ? { via } : {}),
          },
        },
        at,
      );
      return {
        member,
        codeDelivery: invitation.codeDelivery,
        ...(mobile ? { sentTo: mobile } : { securityCode: code.code }),
        expiresAt: iso(at + INVITATION_TTL_MS),
      };
    },

    /**
     * After the commit: text the code of a new SMS invitation. When the
     * gateway refuses, nobody can redeem it: the invitation is taken back
     * (audited; `forget` drops its idempotent answer) and 502 `sms_failed` thrown.
     */
    async deliverNew(safe: SafeRow, actor: UserRow, result: InvitationResult, code: IssuedCode, forget: () => void) {
      if (!result.sentTo) return;
      try {
        await textCode(safe, result, result.sentTo, code);
      } catch (error) {
        const member = result.member;
        transaction(db, () => {
          statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
          forget();
          auditMember(
            db,
            safe,
            {
              actorUserId: actor.id,
              action: 'member.invitationFailed',
              member,
              before: snapshot(member),
              after: { reason: 'sms_failed' },
            },
            now(),
          );
        });
        throw smsFailed(error);
      }
    },

    /** A new code for a pending invitation (the old one stops working), delivered as before. */
    async resend(safe: SafeRow, actor: UserRow, memberId: string, expected: number): Promise<InvitationResult> {
      checkResend(safe, memberId, expected, now());
      const code = await issueCode();
      const result = transaction(db, () => {
        const at = now();
        const before = checkResend(safe, memberId, expected, at); // again: it may have changed meanwhile
        const previous = codeRow(db, before.id);
        const delivery: CodeDelivery = previous?.delivery ?? 'display';
        const mobile = previous?.mobile ?? null;
        if (mobile) smsLimit.record(safe.id, before.id, at);
        statement(
          db,
          `INSERT OR REPLACE INTO invitation_codes
             (member_id, code_hash, delivery, mobile, issued_at, expires_at, failed_attempts, resend_count,
              sms_state, sms_state_at)
           VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
        ).run(
          before.id,
          code.hash,
          delivery,
          mobile,
          at,
          at + INVITATION_TTL_MS,
          (previous?.resend_count ?? 0) + 1,
          mobile ? 'queued' : null,
          mobile ? at : null,
        );
        // a new code starts afresh, for every client address
        statement(db, 'DELETE FROM invitation_attempts WHERE member_id = ?').run(before.id);
        statement(db, 'UPDATE safe_members SET version = version + 1 WHERE id = ?').run(before.id);
        const member = loadMember(db, safe.id, before.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: actor.id,
            action: 'member.resent',
            member,
            before: {
              version: before.version,
              codeDelivery: previous?.delivery ?? null,
              expiresAt: previous ? iso(previous.expires_at) : null,
            },
            after: { version: member.version, codeDelivery: delivery, expiresAt: iso(at + INVITATION_TTL_MS) },
          },
          at,
        );
        const answer: InvitationResult = {
          member,
          codeDelivery: delivery,
          ...(mobile ? { sentTo: mobile } : { securityCode: code.code }),
          expiresAt: iso(at + INVITATION_TTL_MS),
        };
        return answer;
      });
      if (result.sentTo) {
        try {
          await textCode(safe, result, result.sentTo, code);
        } catch (error) {
          transaction(db, () =>
            recordSmsReceipt(db, result.member.id, code.hash, { messageId: null, state: 'failed' }, now()),
          );
          throw smsFailed(error);
        }
      }
      return result;
    },

    /** Withdraw a pending (or expired) invitation; kept for undo. */
    revoke(safe: SafeRow, actor: UserRow, memberId: string, expected: number): void {
      transaction(db, () => {
        const member = loadMember(db, safe.id, memberId);
        checkVersion(member, expected);
        if (member.status !== 'invited') {
          throw notInvited('Only a pending invitation can be revoked; remove an activated member instead.');
        }
        deleteUndoably(db, safe, member, { actorUserId: actor.id, action: 'member.revoked' }, now());
      });
    },
  };
}
