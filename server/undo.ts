/**
 * Undo: an administrator reverses their own last change to a
 * member — a role change, a removal, a revoked invitation — or their
 * removal of users from a security group, shortly after making it.
 *
 * The rules:
 * - Only the member's *last* change can be undone, within
 *   UNDO_WINDOW_SECONDS, and only by the administrator who made it (409
 *   `undo_not_allowed`; too late: 409 `undo_expired`). Anyone else makes an
 *   ordinary change instead.
 * - `If-Match` names the version the member had right after the change (a
 *   removed member: the version it had when removed). Another change since
 *   → 412 `precondition_failed` with the current member; a removed member
 *   whose address was invited again meanwhile → 412 with that member.
 * - A role change goes back to the old role (the last-administrator rule
 *   holds). A removed member comes back as it was — same id, role, status,
 *   account link, dates — without a new invitation; a revoked invitation
 *   comes back with its old code (hash), expiry and wrong-code counts. Both
 *   need a free place under the member limit (409 `member_limit_reached`).
 *   What they come back from is kept in `removed_members` for the window
 *   only, then deleted.
 * - An undo is audited as such (`member.roleChangeUndone`,
 *   `member.restored`, `member.invitationRestored`, `group.memberRestored`)
 *   with `undoes` naming the entry it reverses. Repeating an undo that
 *   succeeded (a retry whose answer was lost) answers it again.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { UndoResult } from '../shared/api/undo.ts';
import { UNDO_WINDOW_SECONDS, UNDOABLE_MEMBER_ACTIONS } from '../shared/api/undo.ts';
import type { Member } from '../shared/api/schemas.ts';
import { queryAll, queryOne, statement } from './db.ts';
import { HttpError } from './http.ts';
import {
  auditMember,
  checkVersion,
  findMember,
  isLastAdministrator,
  loadMember,
  memberLimitReached,
  placesTaken,
  snapshot,
} from './members.ts';
import { MEMBER_COLUMNS, type SafeRow } from './team-safes.ts';
import type { UserRow } from './users.ts';

export const UNDO_WINDOW_MS = UNDO_WINDOW_SECONDS * 1000;

const UNDO_OF = {
  'member.roleChanged': 'member.roleChangeUndone',
  'member.removed': 'member.restored',
  'member.revoked': 'member.invitationRestored',
} as const;
type Undoable = keyof typeof UNDO_OF;
const UNDO_ACTIONS: ReadonlySet<string> = new Set(Object.values(UNDO_OF));

export const UNDO_SQL = {
  lastMemberEntry: `SELECT id, at, action, actor_user_id, undoes, before_json, after_json
       FROM audit_log INDEXED BY audit_log_target_time
      WHERE target_type = 'member' AND target_id = ? AND safe_id = ? ORDER BY at DESC, id DESC LIMIT 1`,
  entry: 'SELECT id, at, action, actor_user_id, undoes, before_json, after_json FROM audit_log WHERE id = ?',
  kept: 'SELECT member_json, code_json, audit_id FROM removed_members WHERE member_id = ? AND safe_id = ?',
  keep: `INSERT OR REPLACE INTO removed_members (member_id, safe_id, audit_id, removed_at, member_json, code_json)
         VALUES (?, ?, ?, ?, ?, ?)`,
  prune: 'DELETE FROM removed_members WHERE removed_at <= ?',
  forget: 'DELETE FROM removed_members WHERE member_id = ?',
} as const;

export interface EntryRow {
  id: number;
  at: string;
  action: string;
  actor_user_id: string | null;
  undoes: number | null;
  before_json: string | null;
  after_json: string | null;
}

export const parseJson = (text: string | null): Record<string, unknown> =>
  text === null ? {} : ((JSON.parse(text) as Record<string, unknown> | null) ?? {});

/** 409 unless `entry` is the caller's and still within the window. */
export function checkUndoable(entry: EntryRow, user: UserRow, now: number): void {
  if (entry.actor_user_id !== user.id) {
    throw new HttpError(409, 'undo_not_allowed', 'Only the administrator who made a change can undo it.');
  }
  if (now - Date.parse(entry.at) > UNDO_WINDOW_MS) {
    throw new HttpError(409, 'undo_expired', `A change can be undone for ${UNDO_WINDOW_SECONDS} seconds only.`);
  }
}

// ---------------------------------------------------------------- what a removal keeps for undo

/** A member's rows as stored, read before it is deleted. */
export interface KeptMember {
  member: Record<string, SQLInputValue>;
  code: { row: Record<string, SQLInputValue>; attempts: Record<string, SQLInputValue>[] } | null;
}

const MEMBER_ROW = `${MEMBER_COLUMNS}, safe_id, user_id, sort_key`;

/** Read what undoing the removal will need. Call inside the transaction, before the DELETE. */
export function captureForUndo(db: DatabaseSync, memberId: string): KeptMember {
  const member = queryOne<Record<string, SQLInputValue>>(
    db,
    `SELECT ${MEMBER_ROW} FROM safe_members WHERE id = ?`,
    memberId,
  );
  if (!member) throw new Error(`captureForUndo: no member ${memberId}`);
  const row = queryOne<Record<string, SQLInputValue>>(
    db,
    'SELECT * FROM invitation_codes WHERE member_id = ?',
    memberId,
  );
  const attempts = queryAll<Record<string, SQLInputValue>>(
    db,
    'SELECT * FROM invitation_attempts WHERE member_id = ?',
    memberId,
  );
  return { member, code: row ? { row, attempts } : null };
}

/** Keep the rows of a removal (audited as `auditId`) for the undo window; drop older ones. */
export function keepForUndo(db: DatabaseSync, safeId: string, kept: KeptMember, auditId: number, at: number): void {
  pruneUndo(db, at);
  statement(db, UNDO_SQL.keep).run(
    String(kept.member.id),
    safeId,
    auditId,
    at,
    JSON.stringify(kept.member),
    kept.code ? JSON.stringify(kept.code) : null,
  );
}

/**
 * Delete a member (a removal, or a revoked invitation) so that it can be undone: the rows are
 * kept for the undo window, linked to the audit entry that records the deletion. Call inside
 * the transaction, after the checks.
 */
export function deleteUndoably(
  db: DatabaseSync,
  safe: SafeRow,
  member: Member,
  deletion: { actorUserId: string; action: 'member.removed' | 'member.revoked' },
  at: number,
): void {
  const kept = captureForUndo(db, member.id);
  statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
  const auditId = auditMember(db, safe, { ...deletion, member, before: snapshot(member), after: null }, at);
  keepForUndo(db, safe.id, kept, auditId, at);
}

/** Forget removals older than the undo window (and their code hashes). */
export function pruneUndo(db: DatabaseSync, now: number): void {
  statement(db, UNDO_SQL.prune).run(now - UNDO_WINDOW_MS);
}

function insertRow(db: DatabaseSync, table: string, row: Record<string, SQLInputValue>): void {
  const columns = Object.keys(row);
  if (!columns.every((column) => /^[a-z_]+$/.test(column))) throw new Error('unexpected column name');
  statement(db, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
    ...columns.map((column) => row[column] ?? null),
  );
}

// ---------------------------------------------------------------- members

function versionAfter(entry: EntryRow): number | undefined {
  const recorded = entry.action === 'member.roleChanged' ? parseJson(entry.after_json) : parseJson(entry.before_json);
  return typeof recorded.version === 'number' ? recorded.version : undefined;
}

const stale = (expected: number, current: Member | null): HttpError =>
  new HttpError(
    412,
    'precondition_failed',
    `The member was changed by someone else since version ${expected}.`,
    current ? { current, headers: { etag: `"${current.version}"` } } : { current: null },
  );

/** Undo the caller's last change to a member. Call inside a transaction. */
export function undoMemberChange(
  db: DatabaseSync,
  safe: SafeRow,
  user: UserRow,
  memberId: string,
  expected: number,
  now: number,
): UndoResult {
  const last = queryOne<EntryRow>(db, UNDO_SQL.lastMemberEntry, memberId, safe.id);
  if (!last) throw new HttpError(404, 'not_found', 'No such member in this team safe.');
  const current = findMember(db, safe.id, memberId) ?? null;

  // a retry of an undo that went through: the same answer
  if (UNDO_ACTIONS.has(last.action) && last.actor_user_id === user.id && last.undoes !== null && current) {
    const undone = queryOne<EntryRow>(db, UNDO_SQL.entry, last.undoes);
    if (undone && versionAfter(undone) === expected) {
      return { undone: undone.action as Undoable, member: current, entryId: last.id, undoes: undone.id };
    }
  }
  if (!(UNDOABLE_MEMBER_ACTIONS as readonly string[]).includes(last.action)) {
    if (current) checkVersion(current, expected);
    throw new HttpError(409, 'undo_not_allowed', `The last change to this member (${last.action}) cannot be undone.`);
  }
  const action = last.action as Undoable;

  if (action === 'member.roleChanged') {
    if (!current) throw stale(expected, null);
    checkVersion(current, expected);
    checkUndoable(last, user, now);
    const role = parseJson(last.before_json).role as Member['role'];
    if (role !== 'administrator' && isLastAdministrator(db, safe.id, current)) {
      throw new HttpError(
        409,
        'last_administrator',
        'The last administrator of a team safe cannot be given another role.',
      );
    }
    statement(db, 'UPDATE safe_members SET role = ?, version = version + 1 WHERE id = ?').run(role, current.id);
    const after = loadMember(db, safe.id, current.id);
    const entryId = auditMember(
      db,
      safe,
      {
        actorUserId: user.id,
        action: UNDO_OF[action],
        member: after,
        before: { role: current.role, version: current.version },
        after: { role: after.role, version: after.version },
        undoes: last.id,
      },
      now,
    );
    return { undone: action, member: after, entryId, undoes: last.id };
  }

  // a removal or a revoke: the member is gone, its rows kept for the window
  if (current || versionAfter(last) !== expected) throw stale(expected, current);
  checkUndoable(last, user, now);
  const kept = queryOne<{ member_json: string; code_json: string | null; audit_id: number }>(
    db,
    UNDO_SQL.kept,
    memberId,
    safe.id,
  );
  if (!kept || kept.audit_id !== last.id) {
    throw new HttpError(409, 'undo_expired', `A change can be undone for ${UNDO_WINDOW_SECONDS} seconds only.`);
  }
  const row = JSON.parse(kept.member_json) as Record<string, SQLInputValue>;
  const email = String(row.email);
  const taken = queryOne<{ id: string }>(
    db,
    'SELECT id FROM safe_members WHERE safe_id = ? AND email = ?',
    safe.id,
    email,
  );
  if (taken) throw stale(expected, loadMember(db, safe.id, taken.id));
  if (placesTaken(db, safe.id) >= safe.member_limit) throw memberLimitReached(safe);
  if (row.user_id !== null && !queryOne(db, 'SELECT 1 AS one FROM users WHERE id = ?', row.user_id ?? null)) {
    row.user_id = null; // the account was deleted meanwhile
  }
  insertRow(db, 'safe_members', { ...row, version: Number(row.version) + 1 });
  const code = kept.code_json ? (JSON.parse(kept.code_json) as NonNullable<KeptMember['code']>) : null;
  if (code) {
    insertRow(db, 'invitation_codes', code.row);
    for (const attempt of code.attempts) insertRow(db, 'invitation_attempts', attempt);
  }
  statement(db, UNDO_SQL.forget).run(memberId);
  const member = loadMember(db, safe.id, memberId);
  const entryId = auditMember(
    db,
    safe,
    {
      actorUserId: user.id,
      action: UNDO_OF[action],
      member,
      before: null,
      after: {
        ...snapshot(member),
        ...(code
          ? { codeDelivery: code.row.delivery, expiresAt: new Date(Number(code.row.expires_at)).toISOString() }
          : {}),
      },
      undoes: last.id,
    },
    now,
  );
  return { undone: action, member, entryId, undoes: last.id };
}
