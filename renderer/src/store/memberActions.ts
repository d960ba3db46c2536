import type { InvitationResult } from '../../../shared/api/members.ts';
import type { Member } from '../../../shared/api/schemas.ts';
import type { RoleKey } from '../../../shared/catalog/roles.ts';
import type { AppErrorShape, Result } from '../../../shared/errors.ts';
import type { InvitationDraft } from '../../../shared/ipc/contract.ts';
import { call } from '../bridge.ts';
import { attempt } from './requests.ts';
import type { SliceCreator } from './types.ts';
import { detach } from '../detach.ts';

const OUTDATED: ReadonlySet<AppErrorShape['code']> = new Set(['precondition_failed', 'not_found', 'not_invited']);

/**
 * An answer that means the row on screen is out of date: the list reloads so
 * the admin decides again on what is really there.
 */
export function isOutdated(error: AppErrorShape): boolean {
  return OUTDATED.has(error.code);
}

export interface MemberActionsSlice {
  /**
   * The member (invited or activated) with exactly this e-mail address, for
   * early feedback in the wizard; null when there is none or the check
   * failed (the server refuses a duplicate anyway).
   */
  findMemberByEmail(safeId: string, email: string): Promise<Member | null>;
  inviteMember(safeId: string, requestId: string, invitation: InvitationDraft): Promise<Result<InvitationResult>>;
  resendInvitation(safeId: string, member: Member): Promise<Result<InvitationResult>>;
  revokeInvitation(safeId: string, member: Member): Promise<Result<null>>;
  changeMemberRole(safeId: string, member: Member, role: RoleKey): Promise<Result<Member>>;
  removeMember(safeId: string, member: Member): Promise<Result<null>>;
  /** Re-read everything about a safe: its member list, the safe list's counts and the archive hint. */
  membersChanged(safeId: string): void;
  /**
   * Fetch what the server has now, then reload. Main answers member lists
   * from its offline copy while that is fresh, so a reload alone would not
   * show another admin's change: the copy is synced first (`sync:now`).
   */
  reloadFromServer(safeId: string): Promise<void>;
}

export const createMemberActionsSlice: SliceCreator<MemberActionsSlice> = (set, get) => {
  /**
   * Runs one mutation. On success main pushes one `sync:changed` with the
   * safe as it is now (see the sync slice), which re-reads its members,
   * counts and archive hint; an out-of-date row reloads from the server.
   */
  async function mutate<T>(safeId: string, run: () => Promise<T>): Promise<Result<T>> {
    const epoch = get().sessionEpoch;
    const result = await attempt(get, run);
    if (!result.ok && isOutdated(result.error) && get().sessionEpoch === epoch) await get().reloadFromServer(safeId);
    return result;
  }

  const ref = (safeId: string, member: Member) => ({ safeId, memberId: member.id, version: member.version });

  return {
    async findMemberByEmail(safeId, email) {
      const wanted = email.trim().toLowerCase();
      try {
        const page = await call('members:list', { safeId, status: 'all', offset: 0, limit: 50, q: wanted });
        return page.items.find((member) => member.email.toLowerCase() === wanted) ?? null;
      } catch (error) {
        get().handleError(error);
        return null;
      }
    },

    inviteMember(safeId, requestId, invitation) {
      return mutate(safeId, () => call('members:invite', { safeId, requestId, invitation }));
    },

    resendInvitation(safeId, member) {
      return mutate(safeId, () => call('members:resend', ref(safeId, member)));
    },

    async revokeInvitation(safeId, member) {
      const result = await mutate(safeId, async () => {
        await call('members:revoke', ref(safeId, member));
        return null;
      });
      if (result.ok)
        get().offerMemberUndo(safeId, member, member.version, { key: 'revoked', values: { name: member.name } });
      return result;
    },

    async changeMemberRole(safeId, member, role) {
      const result = await mutate(safeId, () => call('members:changeRole', { ...ref(safeId, member), role }));
      if (result.ok) {
        get().offerMemberUndo(safeId, member, result.value.version, {
          key: 'roleChanged',
          values: { name: member.name },
        });
      }
      return result;
    },

    async removeMember(safeId, member) {
      const result = await mutate(safeId, async () => {
        await call('members:remove', ref(safeId, member));
        return null;
      });
      if (result.ok)
        get().offerMemberUndo(safeId, member, member.version, { key: 'removed', values: { name: member.name } });
      return result;
    },

    membersChanged(safeId) {
      const state = get();
      state.refreshMembers(safeId);
      detach(state.loadSafes());
      detach(state.checkDigitalArchive(safeId));
    },

    async reloadFromServer(safeId) {
      const epoch = get().sessionEpoch;
      try {
        await call('sync:now', {});
      } catch {
        // Offline or failed: the reload shows the copy main has, marked by the offline banner.
      }
      if (get().sessionEpoch === epoch) get().membersChanged(safeId);
    },
  };
};
