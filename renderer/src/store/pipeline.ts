/**
 * The invitation pipeline's slice: CSV bulk invite (dry run, real run), the
 * invitations of one safe or of every safe, bulk re-send and revoke, and
 * the one Undo offer the toast shows after a change that can be undone.
 */
import type { BulkInvitationResult } from '../../../shared/api/bulk-invite.ts';
import type { InvitationFilter, InvitationPipeline } from '../../../shared/api/pipeline.ts';
import type { Member } from '../../../shared/api/schemas.ts';
import type { AppErrorShape, Result } from '../../../shared/errors.ts';
import type { ChannelRequest, ChannelResponse } from '../../../shared/ipc/contract.ts';
import { call } from '../bridge.ts';
import { detach } from '../detach.ts';
import { isOutdated } from './memberActions.ts';
import { attempt } from './requests.ts';
import type { AppState, SliceCreator } from './types.ts';

export type BulkInviteRow = ChannelRequest<'invitations:bulkInvite'>['rows'][number];
export type SelectedInvitation = ChannelRequest<'invitations:resend'>['items'][number];
export type ResendResult = ChannelResponse<'invitations:resend'>;
export type RevokeResult = ChannelResponse<'invitations:revoke'>;

/** What the toast says (a key under `pipeline.undo` and its values) and what Undo does. */
export interface UndoOffer {
  serial: number;
  /** The session it belongs to: a new session never shows an old offer. */
  epoch: number;
  message: {
    key: 'roleChanged' | 'removed' | 'revoked' | 'revokedMany' | 'groupRemoved';
    values: Record<string, unknown>;
  };
  undo: () => Promise<UndoOutcome>;
}

export type UndoOutcome =
  { status: 'done' } | { status: 'partial'; done: number; count: number } | { status: 'failed'; error: AppErrorShape };

export interface PipelineSlice {
  undoOffer: UndoOffer | null;
  /** Goes up with every undo that went through: a screen's "done" notice about the undone change is out of date. */
  undoneCount: number;
  /** Runs the offer's Undo; counts it when it went through. */
  runUndo(offer: UndoOffer): Promise<UndoOutcome>;
  /** Offers Undo for a change just made (replacing an older offer). */
  offerUndo(offer: Omit<UndoOffer, 'serial' | 'epoch'>): void;
  /** Takes the offer away, if it is still this one. */
  dismissUndo(serial: number): void;
  /** Offers Undo of a member change: `version` is what the member had after it. */
  offerMemberUndo(safeId: string, member: Member, version: number, message: UndoOffer['message']): void;

  listInvitations(
    safeId: string | null,
    state: InvitationFilter,
    offset: number,
    limit: number,
  ): Promise<Result<InvitationPipeline>>;
  bulkInvite(safeId: string, dryRun: boolean, rows: BulkInviteRow[]): Promise<Result<BulkInvitationResult>>;
  resendInvitations(requestId: string, items: SelectedInvitation[]): Promise<Result<ResendResult>>;
  revokeInvitations(
    requestId: string,
    items: SelectedInvitation[],
    names: ReadonlyMap<string, string>,
  ): Promise<Result<RevokeResult>>;
}

export const createPipelineSlice: SliceCreator<PipelineSlice> = (set, get) => {
  let serial = 0;

  /** Undo of one member change; an out-of-date answer reloads the list, so the admin sees what is there now. */
  async function undoMember(safeId: string, memberId: string, version: number): Promise<UndoOutcome> {
    const result = await attempt(get, () => call('members:undo', { safeId, memberId, version }));
    if (result.ok) return { status: 'done' };
    if (isOutdated(result.error)) await get().reloadFromServer(safeId);
    return { status: 'failed', error: result.error };
  }

  return {
    undoOffer: null,
    undoneCount: 0,

    async runUndo(offer) {
      const outcome = await offer.undo();
      if (outcome.status !== 'failed') set((state) => ({ undoneCount: state.undoneCount + 1 }));
      return outcome;
    },

    offerUndo(offer) {
      serial += 1;
      set({ undoOffer: { ...offer, serial, epoch: get().sessionEpoch } });
    },

    dismissUndo(which) {
      if (get().undoOffer?.serial === which) set({ undoOffer: null });
    },

    offerMemberUndo(safeId, member, version, message) {
      get().offerUndo({ message, undo: () => undoMember(safeId, member.id, version) });
    },

    listInvitations(safeId, state, offset, limit) {
      return attempt(get, () => call('invitations:list', { ...(safeId ? { safeId } : {}), state, offset, limit }));
    },

    bulkInvite(safeId, dryRun, rows) {
      return attempt(get, () => call('invitations:bulkInvite', { safeId, dryRun, rows }));
    },

    resendInvitations(requestId, items) {
      return attempt(get, () => call('invitations:resend', { requestId, items }));
    },

    async revokeInvitations(requestId, items, names) {
      const result = await attempt(get, () => call('invitations:revoke', { requestId, items }));
      if (!result.ok) return result;
      const revoked = result.value.results.filter((row) => row.outcome === 'revoked');
      const versions = new Map(items.map((item) => [`${item.safeId}\n${item.memberId}`, item.version]));
      if (revoked.length > 0) {
        const first = revoked[0];
        get().offerUndo({
          message:
            revoked.length === 1 && first
              ? { key: 'revoked', values: { name: names.get(first.memberId) ?? '' } }
              : { key: 'revokedMany', values: { count: revoked.length } },
          undo: async () => {
            let done = 0;
            let lastError: AppErrorShape | null = null;
            for (const row of revoked) {
              const version = versions.get(`${row.safeId}\n${row.memberId}`) ?? 0;
              const outcome = await undoMember(row.safeId, row.memberId, version);
              if (outcome.status === 'done') done += 1;
              else if (outcome.status === 'failed') lastError = outcome.error;
            }
            if (done === revoked.length) return { status: 'done' };
            if (done === 0 && lastError) return { status: 'failed', error: lastError };
            return { status: 'partial', done, count: revoked.length };
          },
        });
      }
      return result;
    },
  };
};

/** Offers Undo after group members were removed: restores them (their join dates kept). */
export function groupRemovalUndo(
  get: () => AppState,
  groupId: string,
  groupName: string,
  userIds: readonly string[],
): Omit<UndoOffer, 'serial' | 'epoch'> {
  return {
    message: { key: 'groupRemoved', values: { count: userIds.length, group: groupName } },
    undo: async () => {
      const result = await attempt(get, () => call('groups:restoreMembers', { groupId, userIds: [...userIds] }));
      get().reloadGroupMembers();
      detach(get().loadSecurityGroups());
      if (!result.ok) return { status: 'failed', error: result.error };
      const restored = result.value.restored;
      if (restored === userIds.length) return { status: 'done' };
      const refusal = result.value.results.find((row) => row.outcome !== 'restored');
      if (restored === 0 && refusal) {
        return { status: 'failed', error: { code: refusal.outcome as AppErrorShape['code'], message: '' } };
      }
      return { status: 'partial', done: restored, count: userIds.length };
    },
  };
}
