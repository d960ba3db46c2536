/**
 * Security groups: the permission catalogue, the organisation's groups, one
 * group's member page (searchable, paged) with a selection for removal, a
 * user's groups and effective permissions; which pane shows (a group or
 * the matrix, see matrix.ts). Every answer is dropped if the session or the
 * request it was made for moved on.
 */
import type {
  AddGroupMemberResult,
  BulkAddResult,
  GroupMember,
  GroupMemberPage,
  OrgUser,
  PermissionCatalogue,
  RemoveGroupMembersResult,
  SecurityGroup,
  UserPermissions,
} from '../../../shared/api/groups.ts';
import { REMOVE_LIMIT } from '../../../shared/limits.ts';
import type { Result } from '../../../shared/errors.ts';
import { call } from '../bridge.ts';
import { attempt, latestRequest } from './requests.ts';
import { IDLE, LOADING, READY, failed, type LoadState, type SliceCreator } from './types.ts';
import { detach } from '../detach.ts';
import { groupRemovalUndo } from './pipeline.ts';

/** Rows per `groups:members` page. */
export const GROUP_MEMBER_PAGE_SIZE = 50;
/** People offered by the picker at once. */
export const USER_PICKER_LIMIT = 12;

export type GroupsPane = 'group' | 'matrix' | 'history';

export interface GroupMembersView {
  groupId: string;
  q: string;
  offset: number;
  page: GroupMemberPage | null;
  load: LoadState;
}

export interface UserView {
  userId: string;
  /** Shown while loading: from the row or option that was clicked. */
  preview: OrgUser | null;
  data: UserPermissions | null;
  load: LoadState;
}

export interface GroupsSlice {
  permissionCatalogue: PermissionCatalogue | null;
  catalogueLoad: LoadState;
  securityGroups: readonly SecurityGroup[];
  securityGroupsLoad: LoadState;
  groupsPane: GroupsPane;
  selectedGroupId: string | null;
  groupMembers: GroupMembersView | null;
  /** Members ticked for removal, by user id (at most REMOVE_LIMIT). */
  memberSelection: Readonly<Record<string, GroupMember>>;
  userView: UserView | null;

  /** Loads the catalogue and the groups unless they are loaded or loading. */
  openSecurityGroups(): void;
  loadSecurityGroups(): Promise<void>;
  loadPermissionCatalogue(): Promise<void>;
  selectGroup(groupId: string): void;
  showMatrix(): void;
  /** The organisation's group history (renderer/src/activity). */
  showGroupHistory(): void;

  searchGroupMembers(q: string): void;
  pageGroupMembers(offset: number): void;
  reloadGroupMembers(): void;
  setMemberSelected(member: GroupMember, selected: boolean): void;
  setMembersSelected(members: readonly GroupMember[], selected: boolean): void;
  clearMemberSelection(): void;

  addGroupMember(groupId: string, userId: string): Promise<Result<AddGroupMemberResult>>;
  removeGroupMembers(groupId: string, userIds: readonly string[]): Promise<Result<RemoveGroupMembersResult>>;
  bulkAddGroupMembers(groupId: string, entries: string): Promise<Result<BulkAddResult>>;
  /** The server's dry run of a bulk add: what each entry would come to; nothing is written. */
  checkBulkAdd(groupId: string, entries: string): Promise<Result<BulkAddResult>>;
  searchOrgUsers(q: string): Promise<Result<OrgUser[]>>;

  showUser(user: OrgUser): void;
  reloadUser(): void;
  closeUser(): void;

  resetGroups(): void;
}

/** The slice's data before security groups are first opened, and again after sign-out. */
function initialGroupsState() {
  return {
    permissionCatalogue: null,
    catalogueLoad: IDLE,
    securityGroups: [],
    securityGroupsLoad: IDLE,
    groupsPane: 'group',
    selectedGroupId: null,
    groupMembers: null,
    memberSelection: {},
    userView: null,
  } satisfies Partial<GroupsSlice>;
}

export const createGroupsSlice: SliceCreator<GroupsSlice> = (set, get) => {
  // Newest request of each kind: older answers are dropped.
  const membersRequest = latestRequest(get);
  const userRequest = latestRequest(get);
  const catalogueRequest = latestRequest(get);
  const groupListRequest = latestRequest(get);

  async function loadMembers(): Promise<void> {
    const view = get().groupMembers;
    if (!view) return;
    set({ groupMembers: { ...view, load: LOADING } });
    const result = await membersRequest.run(() =>
      call('groups:members', {
        groupId: view.groupId,
        offset: view.offset,
        limit: GROUP_MEMBER_PAGE_SIZE,
        ...(view.q ? { q: view.q } : {}),
      }),
    );
    const current = get().groupMembers;
    if (!result || !current || current.groupId !== view.groupId) return;
    if (!result.ok) {
      set({ groupMembers: { ...current, load: failed(result.error) } });
      return;
    }
    const page = result.value;
    // A removal emptied the last page: step back to the one that now holds the end.
    if (page.items.length === 0 && page.total > 0 && current.offset > 0) {
      const last = Math.floor((page.total - 1) / GROUP_MEMBER_PAGE_SIZE) * GROUP_MEMBER_PAGE_SIZE;
      set({ groupMembers: { ...current, offset: Math.min(last, current.offset - GROUP_MEMBER_PAGE_SIZE) } });
      detach(loadMembers());
      return;
    }
    set({ groupMembers: { ...current, page, load: READY } });
    noteMemberCount(view.groupId, page.memberCount);
  }

  function noteMemberCount(groupId: string, memberCount: number): void {
    set((state) => {
      const group = state.securityGroups.find((candidate) => candidate.id === groupId);
      const view = state.groupMembers;
      const viewNeedsIt = view?.groupId === groupId && view.page && view.page.memberCount !== memberCount;
      if ((!group || group.memberCount === memberCount) && !viewNeedsIt) return {};
      return {
        securityGroups: state.securityGroups.map((candidate) =>
          candidate.id === groupId ? { ...candidate, memberCount } : candidate,
        ),
        ...(viewNeedsIt && view.page ? { groupMembers: { ...view, page: { ...view.page, memberCount } } } : {}),
      };
    });
  }

  /** After a membership change: the shown page, the person shown and the matrix are out of date. */
  function afterMembershipChange(groupId: string, memberCount: number, userIds: readonly string[]): void {
    noteMemberCount(groupId, memberCount);
    if (get().groupMembers?.groupId === groupId) detach(loadMembers());
    const user = get().userView;
    if (user && userIds.includes(user.userId)) get().reloadUser();
    // The matrix is asked again whenever it is shown; refresh it now only if it is on screen.
    if (get().groupsPane === 'matrix') get().reloadMatrix();
  }

  async function loadUser(): Promise<void> {
    const view = get().userView;
    if (!view) return;
    set({ userView: { ...view, load: LOADING } });
    const result = await userRequest.run(() => call('users:permissions', { userId: view.userId }));
    const current = get().userView;
    if (!result || !current || current.userId !== view.userId) return;
    set({
      userView: result.ok
        ? { ...current, data: result.value, load: READY }
        : { ...current, load: failed(result.error) },
    });
  }

  return {
    ...initialGroupsState(),

    openSecurityGroups() {
      const state = get();
      if (state.catalogueLoad.status === 'idle' || state.catalogueLoad.status === 'failed') {
        detach(state.loadPermissionCatalogue());
      }
      if (state.securityGroupsLoad.status === 'idle' || state.securityGroupsLoad.status === 'failed') {
        detach(state.loadSecurityGroups());
      } else if (state.groupsPane === 'group' && state.groupMembers) {
        detach(loadMembers());
      }
      if (state.groupsPane === 'matrix') state.reloadMatrix();
    },

    async loadPermissionCatalogue() {
      set({ catalogueLoad: LOADING });
      const result = await catalogueRequest.run(() => call('permissions:catalogue', {}));
      if (!result) return;
      set(
        result.ok
          ? { permissionCatalogue: result.value, catalogueLoad: READY }
          : { catalogueLoad: failed(result.error) },
      );
    },

    async loadSecurityGroups() {
      set({ securityGroupsLoad: LOADING });
      const result = await groupListRequest.run(() => call('groups:list', {}));
      if (!result) return;
      if (!result.ok) {
        set({ securityGroupsLoad: failed(result.error) });
        return;
      }
      const items = result.value.items;
      set({ securityGroups: items, securityGroupsLoad: READY });
      const selected = get().selectedGroupId;
      if (!items.some((group) => group.id === selected)) {
        const first = items[0];
        if (first) get().selectGroup(first.id);
        else set({ selectedGroupId: null, groupMembers: null, memberSelection: {} });
      } else if (get().groupsPane === 'group') {
        detach(loadMembers());
      }
    },

    selectGroup(groupId) {
      const same = get().selectedGroupId === groupId && get().groupMembers?.groupId === groupId;
      set({
        groupsPane: 'group',
        selectedGroupId: groupId,
        ...(same
          ? {}
          : {
              groupMembers: { groupId, q: '', offset: 0, page: null, load: IDLE },
              memberSelection: {},
            }),
      });
      detach(loadMembers());
    },

    showMatrix() {
      set({ groupsPane: 'matrix' });
      get().reloadMatrix();
    },

    showGroupHistory() {
      set({ groupsPane: 'history' });
    },

    searchGroupMembers(q) {
      const view = get().groupMembers;
      if (!view || view.q === q) return;
      set({ groupMembers: { ...view, q, offset: 0 } });
      detach(loadMembers());
    },

    pageGroupMembers(offset) {
      const view = get().groupMembers;
      if (!view) return;
      set({ groupMembers: { ...view, offset: Math.max(0, offset) } });
      detach(loadMembers());
    },

    reloadGroupMembers() {
      detach(loadMembers());
    },

    setMemberSelected(member, selected) {
      get().setMembersSelected([member], selected);
    },

    setMembersSelected(members, selected) {
      set((state) => {
        const next = { ...state.memberSelection };
        for (const member of members) {
          if (!selected) delete next[member.userId];
          else if (next[member.userId] || Object.keys(next).length < REMOVE_LIMIT) next[member.userId] = member;
        }
        return { memberSelection: next };
      });
    },

    clearMemberSelection() {
      set({ memberSelection: {} });
    },

    async addGroupMember(groupId, userId) {
      const epoch = get().sessionEpoch;
      const result = await attempt(get, () => call('groups:addMember', { groupId, userId }));
      if (result.ok && get().sessionEpoch === epoch) afterMembershipChange(groupId, result.value.memberCount, [userId]);
      return result;
    },

    async removeGroupMembers(groupId, userIds) {
      const epoch = get().sessionEpoch;
      const result = await attempt(get, () => call('groups:removeMembers', { groupId, userIds: [...userIds] }));
      if (result.ok && get().sessionEpoch === epoch) {
        const removed = new Set(userIds);
        set((state) => ({
          memberSelection: Object.fromEntries(
            Object.entries(state.memberSelection).filter(([userId]) => !removed.has(userId)),
          ),
        }));
        afterMembershipChange(groupId, result.value.memberCount, userIds);
        const removedIds = result.value.results.flatMap((row) => (row.outcome === 'removed' ? [row.userId] : []));
        const group = get().securityGroups.find((each) => each.id === groupId);
        if (removedIds.length > 0) get().offerUndo(groupRemovalUndo(get, groupId, group?.name ?? '', removedIds));
      }
      return result;
    },

    checkBulkAdd(groupId, entries) {
      return attempt(get, () => call('groups:bulkAdd', { groupId, entries, dryRun: true }));
    },

    async bulkAddGroupMembers(groupId, entries) {
      const epoch = get().sessionEpoch;
      const result = await attempt(get, () => call('groups:bulkAdd', { groupId, entries }));
      if (result.ok && get().sessionEpoch === epoch) {
        const added = result.value.results.flatMap((entry) =>
          entry.outcome === 'added' && entry.userId ? [entry.userId] : [],
        );
        afterMembershipChange(groupId, result.value.memberCount, added);
      }
      return result;
    },

    async searchOrgUsers(q) {
      const result = await attempt(get, () => call('users:search', { q, limit: USER_PICKER_LIMIT }));
      return result.ok ? { ok: true, value: result.value.items } : result;
    },

    showUser(user) {
      set({ userView: { userId: user.id, preview: user, data: null, load: IDLE } });
      detach(loadUser());
    },

    reloadUser() {
      detach(loadUser());
    },

    closeUser() {
      userRequest.cancel();
      set({ userView: null });
    },

    resetGroups() {
      for (const request of [membersRequest, userRequest, catalogueRequest, groupListRequest]) {
        request.cancel();
      }
      set(initialGroupsState());
      get().resetMatrix();
    },
  };
};
