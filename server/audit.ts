/**
 * The audit log: every change is written in the same transaction as the
 * change itself, with who did it, when, and the state before and after.
 */
import type { DatabaseSync } from 'node:sqlite';
import { queryAll, statement } from './db.ts';

export interface AuditEntry {
  actorUserId: string | null;
  orgId: string;
  /** `domain.verb`, e.g. `member.invited`, `member.roleChanged`, `group.memberAdded`. */
  action: string;
  targetType: 'member' | 'invitation' | 'group' | 'user' | 'safe' | 'dropzone';
  targetId: string;
  safeId?: string | null;
  /** Whom the entry is about, as they are now: the member, or the user who joins or leaves a group. */
  subject?: AuditSubject | null;
  /** For an undo: the entry it reverses. */
  undoes?: number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditSubject {
  id: string;
  name: string | null;
  email: string | null;
}

export interface AuditRow {
  id: number;
  at: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  safeId: string | null;
  before: unknown;
  after: unknown;
}

const json = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value));

/** Call inside the transaction that makes the change. Returns the entry's id. */
export function writeAudit(db: DatabaseSync, entry: AuditEntry, now: Date = new Date()): number {
  const { lastInsertRowid } = statement(
    db,
    `INSERT INTO audit_log (at, actor_user_id, org_id, action, target_type, target_id, safe_id,
                            subject_id, subject_name, subject_email, undoes, before_json, after_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    now.toISOString(),
    entry.actorUserId,
    entry.orgId,
    entry.action,
    entry.targetType,
    entry.targetId,
    entry.safeId ?? null,
    entry.subject?.id ?? null,
    entry.subject?.name ?? null,
    entry.subject?.email ?? null,
    entry.undoes ?? null,
    json(entry.before),
    json(entry.after),
  );
  return Number(lastInsertRowid);
}

interface RawAuditRow {
  id: number;
  at: string;
  actor_user_id: string | null;
  action: string;
  target_type: string;
  target_id: string;
  safe_id: string | null;
  before_json: string | null;
  after_json: string | null;
}

/** Newest first. */
export function readAudit(
  db: DatabaseSync,
  filter: { orgId: string; safeId?: string; targetId?: string; limit?: number },
): AuditRow[] {
  const where = ['org_id = ?'];
  const params: (string | number)[] = [filter.orgId];
  if (filter.safeId) {
    where.push('safe_id = ?');
    params.push(filter.safeId);
  }
  if (filter.targetId) {
    where.push('target_id = ?');
    params.push(filter.targetId);
  }
  params.push(filter.limit ?? 100);
  const rows = queryAll<RawAuditRow>(
    db,
    `SELECT * FROM audit_log WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`,
    ...params,
  );
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    safeId: row.safe_id,
    before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
    after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
  }));
}
