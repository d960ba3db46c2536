/**
 * The core's side of the invitation pipeline: CSV bulk invite (dry run and
 * real run), the invitations of one safe or of every safe, bulk re-send and
 * revoke across safes, and undo. Built by the composition root (core.ts)
 * with its change helpers, so a change is refused offline and the changed
 * safe's offline copy catches up afterwards, as for every other change.
 */
import { createHash } from 'node:crypto';
import {
  BULK_INVITE_OUTCOMES,
  type BulkInvitationResult,
  type BulkInvitationRowResult,
} from '../../shared/api/bulk-invite.ts';
import type { BulkInvitationActionRequest } from '../../shared/api/pipeline.ts';
import { versionEtag } from '../../shared/api/members.ts';
import { AppError } from '../../shared/errors.ts';
import type { Handlers, ParsedRequest } from '../../shared/ipc/contract.ts';
import type { Connectivity } from './sync/connectivity.ts';
import type { SessionService } from './session.ts';

export type PipelineChannel =
  | 'invitations:bulkInvite'
  | 'invitations:list'
  | 'invitations:resend'
  | 'invitations:revoke'
  | 'members:undo'
  | 'groups:restoreMembers';

export interface PipelineDeps {
  session: SessionService;
  connectivity: Connectivity;
  /** A change to one safe: refused offline; its offline copy catches up afterwards. */
  safeChange<T>(safeId: string, run: () => Promise<T>): Promise<T>;
  /** A change to the security groups, likewise. */
  groupChange<T>(run: () => Promise<T>): Promise<T>;
  /** The machine policy's `SmsCountries`: whether a code may go by SMS to a number of this region. */
  smsCountryAllowed(country: string): boolean;
}

type Selected = ParsedRequest<'invitations:resend'>['items'][number];

/** The selection, safe by safe, in the order the safes first appear. */
function bySafe(items: readonly Selected[]): Map<string, BulkInvitationActionRequest['items']> {
  const groups = new Map<string, BulkInvitationActionRequest['items']>();
  for (const { safeId, memberId, version } of items) {
    const list = groups.get(safeId) ?? [];
    list.push({ memberId, version });
    groups.set(safeId, list);
  }
  return groups;
}

/** How many rows had each outcome. */
function countOutcomes(results: readonly BulkInvitationRowResult[]): BulkInvitationResult['counts'] {
  const counts = Object.fromEntries(
    BULK_INVITE_OUTCOMES.map((outcome) => [outcome, 0]),
  ) as BulkInvitationResult['counts'];
  for (const result of results) counts[result.outcome] += 1;
  return counts;
}

/** The position in all rows of the `sent`-th row that was sent. */
function sentIndex(allowed: readonly boolean[], sent: number): number {
  let seen = -1;
  for (let index = 0; index < allowed.length; index++) {
    if (allowed[index] && ++seen === sent) return index;
  }
  return sent;
}

/** One idempotency key per safe of one submission: stable across retries, within the key's 128 characters. */
function safeKey(requestId: string, safeId: string): string {
  return createHash('sha256').update(`${requestId}\n${safeId}`).digest('hex');
}

export function createPipelineHandlers(deps: PipelineDeps): Pick<Handlers, PipelineChannel> {
  const { session, connectivity, safeChange, groupChange, smsCountryAllowed } = deps;

  /** A read that only the server can answer (the offline copy holds no invitation pipeline). */
  const onlineRead = async <T>(run: () => Promise<T>): Promise<T> => {
    connectivity.requireOnline();
    try {
      const value = await run();
      connectivity.noteOnline();
      return value;
    } catch (error) {
      connectivity.noteFailure(error);
      throw error;
    }
  };

  /**
   * Runs a bulk action safe by safe; a safe whose whole request failed
   * answers each of its rows with that error, the other safes go on.
   */
  async function acrossSafes<R extends { memberId: string; outcome: string }>(
    { requestId, items }: ParsedRequest<'invitations:resend'>,
    run: (safeId: string, items: BulkInvitationActionRequest['items'], key: string) => Promise<R[]>,
  ): Promise<(R & { safeId: string })[]> {
    connectivity.requireOnline();
    const answers = new Map<string, R & { safeId: string }>();
    const at = (safeId: string, memberId: string) => `${safeId}\n${memberId}`;
    for (const [safeId, selected] of bySafe(items)) {
      try {
        for (const row of await run(safeId, selected, safeKey(requestId, safeId))) {
          answers.set(at(safeId, row.memberId), { ...row, safeId });
        }
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const { memberId } of selected) {
          // The shape every row result shares: `failed` with the error a single request got.
          const failed = { memberId, outcome: 'failed', error: error.toShape() } as unknown as R;
          answers.set(at(safeId, memberId), { ...failed, safeId });
        }
      }
    }
    return items.flatMap(({ safeId, memberId }) => answers.get(at(safeId, memberId)) ?? []);
  }

  return {
    'invitations:bulkInvite': async ({ safeId, dryRun, rows }) => {
      if (!dryRun && rows.some((row) => row.key === undefined)) {
        throw new AppError('invalid_payload', 'every row of a real run needs its key', {
          fields: { rows: 'required' },
        });
      }
      // Rows the machine policy refuses (SMS to a region `SmsCountries` leaves out) are not sent
      // at all, so they take no place either; they come back invalid, as in the invite wizard.
      const allowed = rows.map(
        (row) => row.codeDelivery?.trim().toLowerCase() !== 'sms' || smsCountryAllowed(row.country?.trim() ?? ''),
      );
      const sent = rows.filter((_, index) => allowed[index]);
      const run = async (): Promise<BulkInvitationResult> => {
        if (sent.length > 0) {
          return session.call('bulkInviteMembers', { params: { safeId }, body: { dryRun, rows: sent } });
        }
        const [safe] = (await session.call('listSafeInvitations', { params: { safeId }, query: { limit: 1 } })).safes;
        if (!safe) throw new AppError('not_found', 'no such team safe');
        return {
          dryRun,
          results: [],
          counts: countOutcomes([]),
          memberLimit: safe.memberLimit,
          placesTaken: safe.placesTaken,
        };
      };
      // A dry run writes nothing: no copy to bring up to date.
      const answer = await (dryRun ? onlineRead(run) : safeChange(safeId, run));
      if (sent.length === rows.length) return answer;
      const answers = answer.results.values();
      const results = rows.map((_, index): BulkInvitationRowResult => {
        if (!allowed[index]) return { index, outcome: 'invalid', fields: { country: 'country_not_allowed' } };
        const result = answers.next().value;
        if (!result) throw new AppError('invalid_server_response', 'a row without its result');
        return {
          ...result,
          index,
          ...(result.duplicateOf === undefined ? {} : { duplicateOf: sentIndex(allowed, result.duplicateOf) }),
        };
      });
      return { ...answer, results, counts: countOutcomes(results) };
    },

    'invitations:list': ({ safeId, ...query }) =>
      onlineRead(() =>
        safeId === undefined
          ? session.call('listInvitations', { query })
          : session.call('listSafeInvitations', { params: { safeId }, query }),
      ),

    'invitations:resend': async (request) => {
      const results = await acrossSafes(request, async (safeId, items, key) => {
        const answer = await safeChange(safeId, () =>
          session.call('bulkResendInvitations', {
            params: { safeId },
            headers: { 'idempotency-key': key },
            body: { items },
          }),
        );
        return answer.results;
      });
      return { results, resent: results.filter((row) => row.outcome === 'resent').length };
    },

    'invitations:revoke': async (request) => {
      const results = await acrossSafes(request, async (safeId, items, key) => {
        const answer = await safeChange(safeId, () =>
          session.call('bulkRevokeInvitations', {
            params: { safeId },
            headers: { 'idempotency-key': key },
            body: { items },
          }),
        );
        return answer.results;
      });
      return { results, revoked: results.filter((row) => row.outcome === 'revoked').length };
    },

    'members:undo': ({ safeId, memberId, version }) =>
      safeChange(safeId, () =>
        session.call('undoMemberChange', {
          params: { safeId, memberId },
          headers: { 'if-match': versionEtag(version) },
        }),
      ),

    'groups:restoreMembers': ({ groupId, userIds }) =>
      groupChange(() => session.call('restoreGroupMembers', { params: { groupId }, body: { userIds } })),
  };
}
