/**
 * The offline copy of the organisation's security groups: definitions, the
 * permission catalogue and every membership, kept current through the
 * server's group change feed. Offline it answers the group list, a group's
 * members and a person's effective permissions (computed with the same
 * shared catalogue rules the server uses).
 */
import type {
  GroupMemberPage,
  PermissionCatalogue,
  SecurityGroup,
  SecurityGroupList,
  UserPermissions,
} from '../../../shared/api/groups.ts';
import type { GroupMembershipUpsert } from '../../../shared/api/sync.ts';
import {
  PERMISSION_KEYS,
  effectivePermissions,
  expandGrants,
  restrictedKeys,
} from '../../../shared/catalog/permissions.ts';
import { AppError } from '../../../shared/errors.ts';
import { fold } from './member-order.ts';

export interface GroupsSnapshot {
  kind: 'groups';
  groups: SecurityGroup[];
  catalogue: PermissionCatalogue;
  memberships: GroupMembershipUpsert[];
  cursor: string;
  groupsVersion: number;
  syncedAt: string;
}

const key = (groupId: string, userId: string) => `${groupId}\u0000${userId}`;

export class GroupsReplica {
  readonly snapshot: GroupsSnapshot;
  readonly #memberships = new Map<string, GroupMembershipUpsert>();

  constructor(snapshot: GroupsSnapshot) {
    this.snapshot = snapshot;
    for (const membership of snapshot.memberships)
      this.#memberships.set(key(membership.groupId, membership.user.id), membership);
  }

  /** Apply a page of the change feed; returns whether anything changed. */
  apply(upserts: GroupMembershipUpsert[], removed: { groupId: string; userId: string }[]): boolean {
    for (const membership of upserts) this.#memberships.set(key(membership.groupId, membership.user.id), membership);
    for (const removal of removed) this.#memberships.delete(key(removal.groupId, removal.userId));
    const known = new Set(this.snapshot.groups.map((group) => group.id));
    for (const [id, membership] of this.#memberships) if (!known.has(membership.groupId)) this.#memberships.delete(id);
    this.snapshot.memberships = [...this.#memberships.values()];
    return upserts.length > 0 || removed.length > 0;
  }

  groupList(): SecurityGroupList {
    const counts = new Map<string, number>();
    for (const membership of this.#memberships.values()) {
      counts.set(membership.groupId, (counts.get(membership.groupId) ?? 0) + 1);
    }
    return { items: this.snapshot.groups.map((group) => ({ ...group, memberCount: counts.get(group.id) ?? 0 })) };
  }

  members(
    groupId: string,
    query: { q?: string | undefined; offset: number; limit: number },
    language: string,
  ): GroupMemberPage {
    const collator = new Intl.Collator(language, { sensitivity: 'base' });
    const all = [...this.#memberships.values()]
      .filter((membership) => membership.groupId === groupId)
      .sort((a, b) => collator.compare(a.user.name, b.user.name));
    const needle = query.q ? fold(query.q.trim()) : '';
    const matches = needle
      ? all.filter((membership) => `${fold(membership.user.name)}\u0000${membership.user.email}`.includes(needle))
      : all;
    return {
      items: matches.slice(query.offset, query.offset + query.limit).map((membership) => ({
        userId: membership.user.id,
        name: membership.user.name,
        email: membership.user.email,
        addedAt: membership.addedAt,
      })),
      total: matches.length,
      offset: query.offset,
      memberCount: all.length,
    };
  }

  userPermissions(userId: string): UserPermissions {
    const mine = [...this.#memberships.values()].filter((membership) => membership.user.id === userId);
    const user = mine[0]?.user;
    if (!user) throw new AppError('cache_unavailable', `no offline copy of user ${userId}`);
    const groups = this.snapshot.groups.filter((group) => mine.some((membership) => membership.groupId === group.id));
    const grants = groups.flatMap((group) => group.permissions);
    const restricted = restrictedKeys(this.snapshot.groups.flatMap((group) => group.permissions));
    const granted = expandGrants(grants);
    return {
      user,
      groups: groups.map((group) => ({ id: group.id, name: group.name, permissions: group.permissions })),
      effective: effectivePermissions(grants, restricted),
      granted: PERMISSION_KEYS.filter((permission) => granted.has(permission)),
    };
  }
}
