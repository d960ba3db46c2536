/**
 * The invitation pipeline (server/pipeline.ts) and the bulk re-send and
 * revoke of selected invitations. Each row of a bulk request is the single
 * request it stands for (server/invitations.ts), with that request's rules
 * and error; a row's error never stops the others.
 */
import type { BulkResendResult, BulkRevokeResult } from '../../shared/api/pipeline.ts';
import { transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';
import { idempotentRequest, storeAnswer, storedAnswer } from '../idempotency.ts';
import type { InvitationService } from '../invitations.ts';
import { placesTaken } from '../members.ts';
import { readPipeline } from '../pipeline.ts';
import { administeredSafes } from '../team-safes.ts';

export type PipelineRouteName =
  'listSafeInvitations' | 'listInvitations' | 'bulkResendInvitations' | 'bulkRevokeInvitations';

export interface PipelineDeps extends HandlerDeps {
  invitations: InvitationService;
}

/** The row's error as a single request would have answered it; anything else is a server failure. */
function rowError(error: unknown) {
  if (error instanceof HttpError) return error.toShape();
  throw error;
}

export function pipelineHandlers(deps: PipelineDeps): HandlerMap<PipelineRouteName> {
  const { db, now, invitations } = deps;

  /** Run a bulk request once per Idempotency-Key: a retry gets the first answer and changes nothing. */
  const once = async <T>(
    key: string | undefined,
    userId: string,
    operation: string,
    request: unknown,
    run: () => Promise<T>,
    replayed: () => void,
  ): Promise<T> => {
    if (key === undefined) return run();
    const idempotent = idempotentRequest(userId, operation, key, request);
    const earlier = storedAnswer<T>(db, idempotent, now());
    if (earlier) {
      replayed();
      return earlier;
    }
    const result = await run();
    transaction(db, () => storeAnswer(db, idempotent, userId, 200, result, now()));
    return result;
  };

  return {
    listSafeInvitations({ query, safe }) {
      const scope = { safes: [{ id: safe.id, name: safe.name, memberLimit: safe.member_limit }] };
      return readPipeline(db, scope, query, now());
    },

    listInvitations({ query, user }) {
      const safes = administeredSafes(db, user.id).map(({ id, name, memberLimit }) => ({ id, name, memberLimit }));
      return readPipeline(db, { safes }, query, now());
    },

    bulkResendInvitations({ body, user, safe, headers, responseHeaders }) {
      const replayed = () => (responseHeaders['idempotent-replayed'] = 'true');
      return once(
        headers['idempotency-key'],
        user.id,
        'bulkResendInvitations',
        [safe.id, body.items],
        async () => {
          const answer: BulkResendResult = { results: [], resent: 0 };
          for (const { memberId, version } of body.items) {
            try {
              const invitation = await invitations.resend(safe, user, memberId, version);
              answer.results.push({ memberId, outcome: 'resent', invitation });
              answer.resent++;
            } catch (error) {
              answer.results.push({ memberId, outcome: 'failed', error: rowError(error) });
            }
          }
          return answer;
        },
        replayed,
      );
    },

    bulkRevokeInvitations({ body, user, safe, headers, responseHeaders }) {
      const replayed = () => (responseHeaders['idempotent-replayed'] = 'true');
      return once(
        headers['idempotency-key'],
        user.id,
        'bulkRevokeInvitations',
        [safe.id, body.items],
        () => {
          const answer: BulkRevokeResult = { results: [], revoked: 0, placesTaken: 0 };
          for (const { memberId, version } of body.items) {
            try {
              invitations.revoke(safe, user, memberId, version);
              answer.results.push({ memberId, outcome: 'revoked' });
              answer.revoked++;
            } catch (error) {
              answer.results.push({ memberId, outcome: 'failed', error: rowError(error) });
            }
          }
          answer.placesTaken = placesTaken(db, safe.id);
          return Promise.resolve(answer);
        },
        replayed,
      );
    },
  };
}
