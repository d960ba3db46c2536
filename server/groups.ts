/**
 * Security groups: the queries behind the group routes (membership, the
 * user picker, effective permissions, the users × permissions matrix) and
 * the membership changes organisation administrators make. Group
 * definitions (support staff only) are in group-definitions.ts.
 *
 * - Member counts are computed (COUNT over the membership primary key), and
 *   every membership change is one `INSERT OR IGNORE` / `DELETE` whose row
 *   count decides whether it is audited, inside one transaction. Requests are
 *   handled one at a time by node:sqlite, so concurrent adds and removes of the
 *   same user cannot double count or leave a stray audit entry.
 * - Bulk adds (and their dry runs) are in groups-bulk.ts, undoing removals
 *   in groups-undo.ts.
 * - Pages walk an index in name order (no sort step); searches fold accents
 *   and case the same way the member lists do (nameSortKey).
 */
import type { DatabaseSync } from 'node:sqlite';
import { PERMISSION_KEYS } from '../shared/catalog/permissions.ts';
import type { GroupMember, SupportGroup } from '../shared/api/groups.ts';
import { writeAudit } from './audit.ts';
import { nameSortKey, queryAll, queryOne, statement, transaction } from './db.ts';
import { HttpError } from './http.ts';

// ------------------------------------------------------------------ SQL

const LIKE_ESCAPE = "ESCAPE '\\'";
/** Parameters: the search text (empty: no filter), the folded-name pattern, the e-mail pattern. */
const userSearch = (nameAlias: string, emailAlias = nameAlias) =>
  `(? = '' OR ${nameAlias}.sort_key LIKE ? ${LIKE_ESCAPE} OR ${emailAlias}.email LIKE ? ${LIKE_ESCAPE})`;

/** The SQL behind each query, exported so tests can check its plan. */
export const GROUP_SQL = {
  groupsOfOrganisation: `SELECT g.id, g.org_id, g.name,
         (SELECT COUNT(*) FROM security_group_members m WHERE m.group_id = g.id) AS member_count
       FROM security_groups g WHERE g.org_id = ? ORDER BY g.name, g.id`,
  grantsOfOrganisation: `SELECT p.group_id, p.permission_key FROM security_group_permissions p
       JOIN security_groups g ON g.id = p.group_id WHERE g.org_id = ?`,
  grantsOfGroup: 'SELECT permission_key FROM security_group_permissions WHERE group_id = ?',
  group: 'SELECT id, org_id, name FROM security_groups WHERE id = ?',
  groupNames: 'SELECT id, name FROM security_groups WHERE org_id = ?',
  memberCount: 'SELECT COUNT(*) AS n FROM security_group_members WHERE group_id = ?',
  memberPage: `SELECT m.user_id, u.name, u.email, m.added_at
       FROM security_group_members m INDEXED BY security_group_members_order JOIN users u ON u.id = m.user_id
      WHERE m.group_id = ? AND ${userSearch('m', 'u')}
      ORDER BY m.sort_key, m.user_id LIMIT ? OFFSET ?`,
  memberPageTotal: `SELECT COUNT(*) AS n
       FROM security_group_members m JOIN users u ON u.id = m.user_id
      WHERE m.group_id = ? AND ${userSearch('m', 'u')}`,
  membership: 'SELECT added_at FROM security_group_members WHERE group_id = ? AND user_id = ?',
  addMember: `INSERT OR IGNORE INTO security_group_members (group_id, user_id, sort_key, added_at)
       VALUES (?, ?, ?, ?)`,
  removeMember: 'DELETE FROM security_group_members WHERE group_id = ? AND user_id = ?',
  userInOrganisation: 'SELECT id, org_id, name, email FROM users WHERE id = ?',
  userByEmail: 'SELECT id, org_id, name, email FROM users WHERE org_id = ? AND email = ?',
  usersWithoutSortKey: 'SELECT id, name FROM users WHERE sort_key IS NULL',
  setUserSortKey: 'UPDATE users SET sort_key = ? WHERE id = ?',
  searchUsers: `SELECT u.id, u.name, u.email FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
      ORDER BY u.sort_key, u.id LIMIT ?`,
  matrixPage: `SELECT u.id, u.name, u.email FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
        AND (? = 0 OR EXISTS (
          SELECT 1 FROM security_group_members m
            JOIN security_group_permissions p ON p.group_id = m.group_id
           WHERE m.user_id = u.id AND p.permission_key IN (SELECT value FROM json_each(?))))
      ORDER BY u.sort_key, u.id LIMIT ? OFFSET ?`,
  matrixTotal: `SELECT COUNT(*) AS n FROM users u INDEXED BY users_org_order
      WHERE u.org_id = ? AND ${userSearch('u')}
        AND (? = 0 OR EXISTS (
          SELECT 1 FROM security_group_members m
            JOIN security_group_permissions p ON p.group_id = m.group_id
           WHERE m.user_id = u.id AND p.permission_key IN (SELECT value FROM json_each(?))))`,
  grantsOfUsers: `SELECT DISTINCT m.user_id, p.permission_key
       FROM security_group_members m JOIN security_group_permissions p ON p.group_id = m.group_id
      WHERE m.user_id IN (SELECT value FROM json_each(?))`,
  groupsOfUser: `SELECT g.id, g.name FROM security_group_members m JOIN security_groups g ON g.id = m.group_id
      WHERE m.user_id = ? ORDER BY g.name, g.id`,
  organisation: 'SELECT id FROM organisations WHERE id = ?',
  insertGroup: 'INSERT INTO security_groups (id, org_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  renameGroup: 'UPDATE security_groups SET name = ?, updated_at = ? WHERE id = ?',
  touchGroup: 'UPDATE security_groups SET updated_at = ? WHERE id = ?',
  clearGrants: 'DELETE FROM security_group_permissions WHERE group_id = ?',
  insertGrant: 'INSERT INTO security_group_permissions (group_id, permission_key) VALUES (?, ?)',
} as const;

// ------------------------------------------------------------------ helpers

export interface GroupRow {
  id: string;
  org_id: string;
  name: string;
}

export interface OrgUserRow {
  id: string;
  org_id: string;
  name: string;
  email: string;
}

const CATALOGUE_ORDER = new Map<string, number>(PERMISSION_KEYS.map((key, index) => [key, index]));

/** Catalogue order; keys the catalogue no longer knows go last, alphabetically. */
export function sortPermissionKeys(keys: Iterable<string>): string[] {
  const order = (key: string) => CATALOGUE_ORDER.get(key) ?? Number.MAX_SAFE_INTEGER;
  return [...new Set(keys)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** LIKE patterns for a search text: folded name, lower-cased e-mail. */
export function searchParams(q: string): [string, string, string] {
  const escape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
  const text = q.trim();
  return [text, `%${escape(nameSortKey(text))}%`, `%${escape(text.toLowerCase())}%`];
}

/** Give every user row without a folded name one. Call inside or outside a transaction. */
export function fillUserSortKeys(db: DatabaseSync): number {
  const rows = queryAll<{ id: string; name: string }>(db, GROUP_SQL.usersWithoutSortKey);
  const update = statement(db, GROUP_SQL.setUserSortKey);
  for (const row of rows) update.run(nameSortKey(row.name), row.id);
  return rows.length;
}

/** Users may be created elsewhere (seed, invitations) without a folded name: add it before searching. */
export function ensureUserSortKeys(db: DatabaseSync): void {
  if (queryOne(db, `${GROUP_SQL.usersWithoutSortKey} LIMIT 1`) === undefined) return;
  transaction(db, () => fillUserSortKeys(db));
}

export function memberCount(db: DatabaseSync, groupId: string): number {
  return queryOne<{ n: number }>(db, GROUP_SQL.memberCount, groupId)?.n ?? 0;
}

export function grantsOf(db: DatabaseSync, groupId: string): string[] {
  return sortPermissionKeys(
    queryAll<{ permission_key: string }>(db, GROUP_SQL.grantsOfGroup, groupId).map((row) => row.permission_key),
  );
}

export function toSupportGroup(db: DatabaseSync, group: GroupRow): SupportGroup {
  return {
    id: group.id,
    orgId: group.org_id,
    name: group.name,
    permissions: grantsOf(db, group.id),
    memberCount: memberCount(db, group.id),
  };
}

export function groupOfOrganisation(db: DatabaseSync, groupId: string, orgId: string): GroupRow {
  const group = queryOne<GroupRow>(db, GROUP_SQL.group, groupId);
  if (!group || group.org_id !== orgId) throw new HttpError(404, 'not_found', 'No such security group.');
  return group;
}

export function userOfOrganisation(db: DatabaseSync, userId: string, orgId: string): OrgUserRow {
  const user = queryOne<OrgUserRow>(db, GROUP_SQL.userInOrganisation, userId);
  if (!user || user.org_id !== orgId) throw new HttpError(404, 'not_found', 'No such user in this organisation.');
  return user;
}

export const orgUser = (row: { id: string; name: string; email: string }) => ({
  id: row.id,
  name: row.name,
  email: row.email,
});

// ------------------------------------------------------------------ membership

export interface MembershipActor {
  /** The administrator making the change; null for seeding and support tooling. */
  userId: string | null;
  at: Date;
  via?: 'single' | 'bulk' | 'seed';
}

/** Add one user (same organisation, checked by the caller). Call inside a transaction. */
export function addMemberInTransaction(
  db: DatabaseSync,
  group: GroupRow,
  user: OrgUserRow,
  actor: MembershipActor,
): { added: boolean; addedAt: string } {
  const addedAt = actor.at.toISOString();
  const { changes } = statement(db, GROUP_SQL.addMember).run(group.id, user.id, nameSortKey(user.name), addedAt);
  if (Number(changes) === 0) {
    return {
      added: false,
      addedAt: queryOne<{ added_at: string }>(db, GROUP_SQL.membership, group.id, user.id)?.added_at ?? addedAt,
    };
  }
  if (actor.via !== 'seed') {
    writeAudit(
      db,
      {
        actorUserId: actor.userId,
        orgId: group.org_id,
        action: 'group.memberAdded',
        targetType: 'group',
        targetId: group.id,
        subject: { id: user.id, name: user.name, email: user.email },
        before: { groupId: group.id, groupName: group.name, userId: user.id, email: user.email, member: false },
        after: {
          groupId: group.id,
          groupName: group.name,
          userId: user.id,
          email: user.email,
          member: true,
          addedAt,
          via: actor.via ?? 'single',
        },
      },
      actor.at,
    );
  }
  return { added: true, addedAt };
}

export function addGroupMember(
  db: DatabaseSync,
  group: GroupRow,
  user: OrgUserRow,
  actor: MembershipActor,
): { added: boolean; member: GroupMember; memberCount: number } {
  return transaction(db, () => {
    const { added, addedAt } = addMemberInTransaction(db, group, user, actor);
    return {
      added,
      member: { userId: user.id, name: user.name, email: user.email, addedAt },
      memberCount: memberCount(db, group.id),
    };
  });
}

export function removeGroupMembers(
  db: DatabaseSync,
  group: GroupRow,
  userIds: readonly string[],
  actor: MembershipActor,
): { results: { userId: string; outcome: 'removed' | 'not_member' }[]; removed: number; memberCount: number } {
  return transaction(db, () => {
    const results: { userId: string; outcome: 'removed' | 'not_member' }[] = [];
    let removed = 0;
    for (const userId of new Set(userIds)) {
      const before = queryOne<{ added_at: string }>(db, GROUP_SQL.membership, group.id, userId);
      const { changes } = statement(db, GROUP_SQL.removeMember).run(group.id, userId);
      if (!before || Number(changes) === 0) {
        results.push({ userId, outcome: 'not_member' });
        continue;
      }
      removed++;
      results.push({ userId, outcome: 'removed' });
      const user = queryOne<OrgUserRow>(db, GROUP_SQL.userInOrganisation, userId);
      writeAudit(
        db,
        {
          actorUserId: actor.userId,
          orgId: group.org_id,
          action: 'group.memberRemoved',
          targetType: 'group',
          targetId: group.id,
          subject: { id: userId, name: user?.name ?? null, email: user?.email ?? null },
          before: {
            groupId: group.id,
            groupName: group.name,
            userId,
            email: user?.email ?? null,
            member: true,
            addedAt: before.added_at,
          },
          after: { groupId: group.id, groupName: group.name, userId, email: user?.email ?? null, member: false },
        },
        actor.at,
      );
    }
    return { results, removed, memberCount: memberCount(db, group.id) };
  });
}
