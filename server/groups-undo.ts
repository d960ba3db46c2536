/**
 * Undoing a removal from a security group, with the rules of
 * server/undo.ts: only the user's last membership change in that group, a
 * removal, by the caller, within the undo window. The user comes back with
 * the time they first joined; the restore is audited as
 * `group.memberRestored`, linked to the removal. One outcome per user.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { RestoreGroupMembersResult } from '../shared/api/undo.ts';
import { writeAudit } from './audit.ts';
import { nameSortKey, queryOne, statement, transaction } from './db.ts';
import { GROUP_SQL, memberCount, type GroupRow, type OrgUserRow } from './groups.ts';
import { HttpError } from './http.ts';
import { checkUndoable, parseJson, type EntryRow } from './undo.ts';
import type { UserRow } from './users.ts';

export const GROUP_UNDO_SQL = {
  lastMembershipEntry: `SELECT id, at, action, actor_user_id, undoes, before_json, after_json
       FROM audit_log INDEXED BY audit_log_subject
      WHERE subject_id = ? AND target_type = 'group' AND target_id = ? AND action LIKE 'group.member%'
      ORDER BY at DESC, id DESC LIMIT 1`,
} as const;

type RestoreResult = RestoreGroupMembersResult['results'][number];

export function restoreGroupMembers(
  db: DatabaseSync,
  group: GroupRow,
  userIds: readonly string[],
  caller: UserRow,
  now: number,
): RestoreGroupMembersResult {
  return transaction(db, () => {
    const results: RestoreResult[] = [];
    let restored = 0;
    for (const userId of new Set(userIds)) {
      const result = restoreOne(db, group, userId, caller, now);
      if (result.outcome === 'restored') restored++;
      results.push(result);
    }
    return { results, restored, memberCount: memberCount(db, group.id) };
  });
}

function restoreOne(db: DatabaseSync, group: GroupRow, userId: string, caller: UserRow, now: number): RestoreResult {
  const isMember = () => queryOne(db, GROUP_SQL.membership, group.id, userId) !== undefined;
  const last = queryOne<EntryRow>(db, GROUP_UNDO_SQL.lastMembershipEntry, userId, group.id);
  if (last?.action === 'group.memberRestored' && last.actor_user_id === caller.id && isMember()) {
    return { userId, outcome: 'restored' }; // a retry of a restore that went through
  }
  if (last?.action === 'group.memberAdded') return { userId, outcome: 'precondition_failed', member: isMember() };
  if (last?.action !== 'group.memberRemoved') return { userId, outcome: 'undo_not_allowed' };
  try {
    checkUndoable(last, caller, now);
  } catch (error) {
    if (error instanceof HttpError && (error.code === 'undo_expired' || error.code === 'undo_not_allowed')) {
      return { userId, outcome: error.code };
    }
    throw error;
  }
  const user = queryOne<OrgUserRow>(db, GROUP_SQL.userInOrganisation, userId);
  if (!user || user.org_id !== group.org_id) return { userId, outcome: 'precondition_failed', member: false };
  const before = parseJson(last.before_json);
  const addedAt = typeof before.addedAt === 'string' ? before.addedAt : new Date(now).toISOString();
  const { changes } = statement(db, GROUP_SQL.addMember).run(group.id, user.id, nameSortKey(user.name), addedAt);
  // added behind the audit's back (seed, configuration): someone changed it
  if (Number(changes) === 0) return { userId, outcome: 'precondition_failed', member: true };
  writeAudit(
    db,
    {
      actorUserId: caller.id,
      orgId: group.org_id,
      action: 'group.memberRestored',
      targetType: 'group',
      targetId: group.id,
      subject: { id: user.id, name: user.name, email: user.email },
      undoes: last.id,
      before: { groupId: group.id, groupName: group.name, userId: user.id, email: user.email, member: false },
      after: { groupId: group.id, groupName: group.name, userId: user.id, email: user.email, member: true, addedAt },
    },
    new Date(now),
  );
  return { userId, outcome: 'restored' };
}
