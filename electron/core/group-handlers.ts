/**
 * The core's answers about security groups, their members, permissions and
 * the organisation's users. Reads come from the groups' offline copy when it
 * is fresh, else the server (`ReadRouter`); changes are refused offline and
 * followed by the copy catching up (`groupChange`, from core.ts).
 */
import type { ChannelResponse, Handlers, ParsedRequest } from '../../shared/ipc/contract.ts';
import type { SessionService } from './session.ts';
import type { ReadRouter } from './sync/reads.ts';

export type GroupChannel =
  | 'permissions:matrix'
  | 'groups:list'
  | 'groups:members'
  | 'groups:addMember'
  | 'groups:removeMembers'
  | 'groups:bulkAdd'
  | 'users:search'
  | 'users:permissions';

type MembersQuery = Omit<ParsedRequest<'groups:members'>, 'groupId'>;

export interface GroupHandlerDeps {
  session: SessionService;
  reads: ReadRouter;
  /** A call that changes nothing but needs the server: refused offline. */
  change<T>(run: () => Promise<T>, after: () => Promise<void>): Promise<T>;
  /** A change to the security groups: refused offline; the groups' copy catches up afterwards. */
  groupChange<T>(run: () => Promise<T>): Promise<T>;
  /** A group's members (shared with the CSV export). */
  groupMembers(groupId: string, query: MembersQuery): Promise<ChannelResponse<'groups:members'>>;
}

export function createGroupHandlers(deps: GroupHandlerDeps): Pick<Handlers, GroupChannel> {
  const { session, reads, change, groupChange, groupMembers } = deps;
  return {
    'permissions:matrix': (query) => session.call('permissionMatrix', { query }),
    'groups:list': () =>
      reads.groups(
        () => session.call('listSecurityGroups'),
        (replica) => replica.groupList(),
      ),
    'groups:members': ({ groupId, ...query }) => groupMembers(groupId, query),
    'groups:addMember': ({ groupId, userId }) =>
      groupChange(() => session.call('addGroupMember', { params: { groupId }, body: { userId } })),
    'groups:removeMembers': ({ groupId, userIds }) =>
      groupChange(() => session.call('removeGroupMembers', { params: { groupId }, body: { userIds } })),
    'groups:bulkAdd': ({ groupId, entries, dryRun }) => {
      const run = () => session.call('bulkAddGroupMembers', { params: { groupId }, body: { entries, dryRun } });
      // A dry run writes nothing: refused offline like a change, but no copy to bring up to date.
      return dryRun ? change(run, async () => {}) : groupChange(run);
    },
    'users:search': (query) => session.call('searchUsers', { query }),
    'users:permissions': ({ userId }) =>
      reads.groups(
        () => session.call('userPermissions', { params: { userId } }),
        (replica) => replica.userPermissions(userId),
      ),
  };
}
