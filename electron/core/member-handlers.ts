/**
 * The core's answers about the members of a team safe: reads (from the
 * offline copy when it is fresh, else the server: `ReadRouter`) and the
 * single-member changes, each refused offline and followed by its safe's
 * copy catching up (`safeChange`, from the composition root in core.ts).
 */
import { versionEtag } from '../../shared/api/members.ts';
import type { Handlers, InvitationDraft } from '../../shared/ipc/contract.ts';
import type { SessionService } from './session.ts';
import type { ReadRouter } from './sync/reads.ts';

export type MemberChannel =
  | 'members:list'
  | 'members:invite'
  | 'members:resend'
  | 'members:revoke'
  | 'members:changeRole'
  | 'members:remove'
  | 'members:get'
  | 'members:audit';

export interface MemberHandlerDeps {
  session: SessionService;
  reads: ReadRouter;
  /** A change to one safe: refused offline; its offline copy catches up afterwards. */
  safeChange<T>(safeId: string, run: () => Promise<T>): Promise<T>;
  /** The machine policy's say on an invitation (SMS countries); throws what the user is told. */
  checkInvitation(invitation: InvitationDraft): void;
}

const ifMatch = (version: number) => ({ 'if-match': versionEtag(version) });

export function createMemberHandlers(deps: MemberHandlerDeps): Pick<Handlers, MemberChannel> {
  const { session, reads, safeChange, checkInvitation } = deps;
  return {
    'members:list': ({ safeId, ...query }) => reads.members(safeId, query),
    'members:invite': ({ safeId, requestId, invitation }) => {
      checkInvitation(invitation);
      return safeChange(safeId, () =>
        session.call('inviteMember', {
          params: { safeId },
          headers: { 'idempotency-key': requestId },
          body: invitation,
        }),
      );
    },
    'members:resend': ({ safeId, memberId, version }) =>
      safeChange(safeId, () =>
        session.call('resendInvitation', { params: { safeId, memberId }, headers: ifMatch(version) }),
      ),
    'members:revoke': ({ safeId, memberId, version }) =>
      safeChange(safeId, async () => {
        await session.call('revokeInvitation', { params: { safeId, memberId }, headers: ifMatch(version) });
        return {};
      }),
    'members:changeRole': ({ safeId, memberId, version, role }) =>
      safeChange(safeId, () =>
        session.call('changeMemberRole', { params: { safeId, memberId }, headers: ifMatch(version), body: { role } }),
      ),
    'members:remove': ({ safeId, memberId, version }) =>
      safeChange(safeId, async () => {
        await session.call('removeMember', { params: { safeId, memberId }, headers: ifMatch(version) });
        return {};
      }),
    'members:get': ({ safeId, memberId }) => reads.member(safeId, memberId),
    'members:audit': ({ safeId }) => session.call('listSafeAudit', { params: { safeId } }),
  };
}
