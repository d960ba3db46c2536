/**
 * Team-safe queries. Written for large safes: pages walk an index in name
 * order (no sort step), and counts come from one grouped query over the
 * (safe_id, status, …) index.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Member, MemberPage, MemberStatusFilter, TeamSafe } from '../shared/api/schemas.ts';
import { queryAll, queryOne } from './db.ts';

const MEMBER_COLUMNS = 'id, name, email, role, status, language, invited_at, activated_at';

/** The SQL behind each query, exported so tests can check its plan. */
export const TEAM_SAFE_SQL = {
  administeredSafes: `SELECT s.id, s.name, s.member_limit, m.role,
         (SELECT COUNT(*) FROM safe_members c WHERE c.safe_id = s.id) AS member_count
       FROM safe_members m JOIN team_safes s ON s.id = m.safe_id
      WHERE m.user_id = ? AND m.status = 'activated' AND m.role = 'administrator'
      ORDER BY s.name, s.id`,
  safe: 'SELECT id, member_limit FROM team_safes WHERE id = ?',
  isAdministrator: `SELECT 1 AS one FROM safe_members
      WHERE safe_id = ? AND user_id = ? AND status = 'activated' AND role = 'administrator'`,
  counts: 'SELECT status, COUNT(*) AS n FROM safe_members WHERE safe_id = ? GROUP BY status',
  pageAll: `SELECT ${MEMBER_COLUMNS} FROM safe_members INDEXED BY safe_members_order
      WHERE safe_id = ? ORDER BY sort_key, id LIMIT ? OFFSET ?`,
  pageByStatus: `SELECT ${MEMBER_COLUMNS} FROM safe_members INDEXED BY safe_members_status_order
      WHERE safe_id = ? AND status = ? ORDER BY sort_key, id LIMIT ? OFFSET ?`,
} as const;

interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Member['role'];
  status: Member['status'];
  language: Member['language'];
  invited_at: string;
  activated_at: string | null;
}

function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    language: row.language,
    invitedAt: row.invited_at,
    activatedAt: row.activated_at,
  };
}

/** Safes where the user is an activated Administrator, by name. */
export function administeredSafes(db: DatabaseSync, userId: string): TeamSafe[] {
  return queryAll<{ id: string; name: string; member_limit: number; role: TeamSafe['myRole']; member_count: number }>(
    db,
    TEAM_SAFE_SQL.administeredSafes,
    userId,
  ).map((row) => ({
    id: row.id,
    name: row.name,
    memberCount: row.member_count,
    memberLimit: row.member_limit,
    myRole: row.role,
  }));
}

export interface SafeRow {
  id: string;
  member_limit: number;
}

export function findSafe(db: DatabaseSync, safeId: string): SafeRow | undefined {
  return queryOne<SafeRow>(db, TEAM_SAFE_SQL.safe, safeId);
}

export function isSafeAdministrator(db: DatabaseSync, safeId: string, userId: string): boolean {
  return queryOne(db, TEAM_SAFE_SQL.isAdministrator, safeId, userId) !== undefined;
}

export interface MemberPageQuery {
  status: MemberStatusFilter;
  offset: number;
  limit: number;
}

export function memberPage(db: DatabaseSync, safe: SafeRow, query: MemberPageQuery): MemberPage {
  const counts = { all: 0, invited: 0, activated: 0 };
  for (const row of queryAll<{ status: 'invited' | 'activated'; n: number }>(db, TEAM_SAFE_SQL.counts, safe.id)) {
    counts[row.status] = row.n;
    counts.all += row.n;
  }
  const rows =
    query.status === 'all'
      ? queryAll<MemberRow>(db, TEAM_SAFE_SQL.pageAll, safe.id, query.limit, query.offset)
      : queryAll<MemberRow>(db, TEAM_SAFE_SQL.pageByStatus, safe.id, query.status, query.limit, query.offset);
  return {
    items: rows.map(toMember),
    total: counts[query.status],
    offset: query.offset,
    counts,
    memberLimit: safe.member_limit,
  };
}
