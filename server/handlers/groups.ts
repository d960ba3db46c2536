/** Security-group membership, managed by organisation administrators (the routes' access). */
import type { HandlerDeps, HandlerMap } from '../http.ts';
import {
  GROUP_SQL,
  addGroupMember,
  ensureUserSortKeys,
  groupOfOrganisation,
  memberCount,
  orgUser,
  removeGroupMembers,
  searchParams,
  sortPermissionKeys,
  userOfOrganisation,
  type GroupRow,
  type OrgUserRow,
} from '../groups.ts';
import { bulkAddGroupMembers, type BulkAddOutcome } from '../groups-bulk.ts';
import { restoreGroupMembers } from '../groups-undo.ts';
import { queryAll, queryOne, transaction } from '../db.ts';
import { idempotentRequest, storeAnswer, storedAnswer } from '../idempotency.ts';

export type GroupRouteName =
  | 'listSecurityGroups'
  | 'listGroupMembers'
  | 'addGroupMember'
  | 'removeGroupMembers'
  | 'bulkAddGroupMembers'
  | 'restoreGroupMembers'
  | 'searchUsers';

export function groupHandlers(deps: HandlerDeps): HandlerMap<GroupRouteName> {
  const { db, now } = deps;
  const at = () => new Date(now());

  return {
    listSecurityGroups({ user }) {
      const grants = new Map<string, string[]>();
      for (const row of queryAll<{ group_id: string; permission_key: string }>(
        db,
        GROUP_SQL.grantsOfOrganisation,
        user.org_id,
      )) {
        const list = grants.get(row.group_id) ?? [];
        list.push(row.permission_key);
        grants.set(row.group_id, list);
      }
      const rows = queryAll<GroupRow & { member_count: number }>(db, GROUP_SQL.groupsOfOrganisation, user.org_id);
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          permissions: sortPermissionKeys(grants.get(row.id) ?? []),
          memberCount: row.member_count,
        })),
      };
    },

    listGroupMembers({ params, query, user }) {
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      const search = searchParams(query.q);
      const rows = queryAll<{ user_id: string; name: string; email: string; added_at: string }>(
        db,
        GROUP_SQL.memberPage,
        group.id,
        ...search,
        query.limit,
        query.offset,
      );
      const total =
        search[0] === ''
          ? memberCount(db, group.id)
          : (queryOne<{ n: number }>(db, GROUP_SQL.memberPageTotal, group.id, ...search)?.n ?? 0);
      return {
        items: rows.map((row) => ({ userId: row.user_id, name: row.name, email: row.email, addedAt: row.added_at })),
        total,
        offset: query.offset,
        memberCount: search[0] === '' ? total : memberCount(db, group.id),
      };
    },

    addGroupMember({ params, body, user }) {
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      const target = userOfOrganisation(db, body.userId, user.org_id);
      const result = addGroupMember(db, group, target, { userId: user.id, at: at(), via: 'single' });
      return {
        outcome: result.added ? 'added' : 'already_member',
        member: result.member,
        memberCount: result.memberCount,
      };
    },

    removeGroupMembers({ params, body, user }) {
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      return removeGroupMembers(db, group, body.userIds, { userId: user.id, at: at() });
    },

    bulkAddGroupMembers({ params, body, user, headers, responseHeaders }) {
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      const actor = { userId: user.id, at: at(), via: 'bulk' } as const;
      const key = headers['idempotency-key'];
      // a dry run writes nothing, not even an idempotent answer
      if (key === undefined || body.dryRun) return bulkAddGroupMembers(db, group, body.entries, actor, body);
      // a retry of a request whose answer was lost gets that answer; nothing is added twice
      const idempotent = idempotentRequest(user.id, 'bulkAddGroupMembers', key, [group.id, body.entries]);
      const replayed = (): BulkAddOutcome | null => {
        const earlier = storedAnswer<BulkAddOutcome>(db, idempotent, now());
        if (earlier) responseHeaders['idempotent-replayed'] = 'true';
        return earlier;
      };
      return (
        replayed() ??
        transaction(
          db,
          () =>
            replayed() ??
            bulkAddGroupMembers(db, group, body.entries, actor, {
              remember: (outcome) => storeAnswer(db, idempotent, user.id, 200, outcome, now()),
            }),
        )
      );
    },

    restoreGroupMembers({ params, body, user }) {
      const group = groupOfOrganisation(db, params.groupId, user.org_id);
      return restoreGroupMembers(db, group, body.userIds, user, now());
    },

    searchUsers({ query, user }) {
      ensureUserSortKeys(db);
      const rows = queryAll<OrgUserRow>(db, GROUP_SQL.searchUsers, user.org_id, ...searchParams(query.q), query.limit);
      return { items: rows.map(orgUser) };
    },
  };
}
