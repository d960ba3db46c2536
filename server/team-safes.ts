/**
 * Team-safe queries. Written for large safes: pages walk an index in the
 * requested order (no sort step), the search reads only columns that index
 * holds (folded name, e-mail, status), and the figures are one row kept by
 * triggers (migration 8), not a count over the safe.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { MemberSort, SortDirection } from '../shared/api/members.ts';
import type { Member, MemberPage, MemberStatusFilter, TeamSafe } from '../shared/api/schemas.ts';
import { nameSortKey, queryAll, queryOne } from './db.ts';

export const MEMBER_COLUMNS = 'id, name, email, role, status, language, invited_at, activated_at, version';
/** The invitation code's expiry of the member row `member` (a table or its alias): a look-up by key. */
export const invitationExpirySql = (member: string): string =>
  `(SELECT ic.expires_at FROM invitation_codes ic WHERE ic.member_id = ${member}.id) AS invitation_expires_at`;
/** A member as the API shows it: its columns, and its invitation code's expiry. */
export const MEMBER_FIELDS = `${MEMBER_COLUMNS}, ${invitationExpirySql('safe_members')}`;

/** The SQL behind each query, exported so tests can check its plan. */
export const TEAM_SAFE_SQL = {
  administeredSafes: `SELECT s.id, s.name, s.member_limit, m.role,
         (SELECT c.invited + c.activated FROM safe_member_counts c WHERE c.safe_id = s.id) AS member_count
       FROM safe_members m JOIN team_safes s ON s.id = m.safe_id
      WHERE m.user_id = ? AND m.status = 'activated' AND m.role = 'administrator'
      ORDER BY s.name, s.id`,
  safe: 'SELECT id, org_id, name, member_limit FROM team_safes WHERE id = ?',
  membership: 'SELECT role, status FROM safe_members WHERE safe_id = ? AND user_id = ?',
  counts: 'SELECT invited, activated FROM safe_member_counts WHERE safe_id = ?',
  pageAll: `SELECT ${MEMBER_FIELDS} FROM safe_members INDEXED BY safe_members_by_name
      WHERE safe_id = ? ORDER BY sort_key, id LIMIT ? OFFSET ?`,
  pageByStatus: `SELECT ${MEMBER_FIELDS} FROM safe_members INDEXED BY safe_members_by_status
      WHERE safe_id = ? AND status = ? ORDER BY sort_key, id LIMIT ? OFFSET ?`,
} as const;

export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Member['role'];
  status: Member['status'];
  language: Member['language'];
  invited_at: string;
  activated_at: string | null;
  version: number;
  /** The code's expiry (ms), null without a code on record. */
  invitation_expires_at: number | null;
}

export function toMember(row: MemberRow): Member {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    language: row.language,
    invitedAt: row.invited_at,
    activatedAt: row.activated_at,
    invitationExpiresAt:
      row.status === 'invited' && row.invitation_expires_at !== null
        ? new Date(row.invitation_expires_at).toISOString()
        : null,
    version: row.version,
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
  org_id: string;
  name: string;
  member_limit: number;
}

export function findSafe(db: DatabaseSync, safeId: string): SafeRow | undefined {
  return queryOne<SafeRow>(db, TEAM_SAFE_SQL.safe, safeId);
}

/** The user's membership of a safe (through their account), if any. */
export function membershipOf(
  db: DatabaseSync,
  safeId: string,
  userId: string,
): { role: Member['role']; status: Member['status'] } | undefined {
  return queryOne(db, TEAM_SAFE_SQL.membership, safeId, userId);
}

/** The one definition of "administers this safe": an activated member with the Administrator role. */
export function isSafeAdministrator(db: DatabaseSync, safeId: string, userId: string): boolean {
  const membership = membershipOf(db, safeId, userId);
  return membership?.status === 'activated' && membership.role === 'administrator';
}

export interface MemberPageQuery {
  status: MemberStatusFilter;
  offset: number;
  limit: number;
  /** Part of the name (case and accents ignored) or of the e-mail address. */
  q?: string | undefined;
  sort?: MemberSort;
  dir?: SortDirection;
}

/** Per sort column: the index that delivers that order, and the order itself. */
const SORTS: Readonly<Record<MemberSort, { index: string; columns: readonly string[] }>> = {
  name: { index: 'safe_members_by_name', columns: ['sort_key', 'id'] },
  email: { index: 'safe_members_by_email', columns: ['email'] }, // unique within a safe
  role: { index: 'safe_members_by_role', columns: ['role_rank', 'sort_key', 'id'] },
  status: { index: 'safe_members_by_status', columns: ['status', 'sort_key', 'id'] },
  language: { index: 'safe_members_by_language', columns: ['language', 'sort_key', 'id'] },
};

const SEARCH_CONDITION = '(instr(sort_key, ?) > 0 OR instr(email, ?) > 0)';

/**
 * The SQL of one member page and of its match count. Built only from the
 * fixed tables above (never from request text), so the statement cache stays small.
 */
export function memberPageSql(
  sort: MemberSort,
  dir: SortDirection,
  byStatus: boolean,
  search: boolean,
): { page: string; count: string | null } {
  // a status filter with name order seeks straight into the status index
  const index = byStatus && sort === 'name' ? SORTS.status.index : SORTS[sort].index;
  const where = ['safe_id = ?', ...(byStatus ? ['status = ?'] : []), ...(search ? [SEARCH_CONDITION] : [])].join(
    ' AND ',
  );
  const direction = dir === 'desc' ? ' DESC' : '';
  const order = SORTS[sort].columns.map((column) => column + direction).join(', ');
  const countIndex = byStatus ? SORTS.status.index : SORTS.name.index;
  return {
    page: `SELECT ${MEMBER_FIELDS} FROM safe_members INDEXED BY ${index}
      WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`,
    // without a search, the grouped counts already give the total
    count: search ? `SELECT COUNT(*) AS n FROM safe_members INDEXED BY ${countIndex} WHERE ${where}` : null,
  };
}

export function memberPage(db: DatabaseSync, safe: SafeRow, query: MemberPageQuery): MemberPage {
  const kept = queryOne<{ invited: number; activated: number }>(db, TEAM_SAFE_SQL.counts, safe.id);
  const counts = { all: 0, invited: kept?.invited ?? 0, activated: kept?.activated ?? 0 };
  counts.all = counts.invited + counts.activated;
  const needle = query.q === undefined ? '' : nameSortKey(query.q.trim());
  const byStatus = query.status !== 'all';
  const sql = memberPageSql(query.sort ?? 'name', query.dir ?? 'asc', byStatus, needle !== '');
  const filter = [safe.id, ...(byStatus ? [query.status] : []), ...(needle !== '' ? [needle, needle] : [])];
  const rows = queryAll<MemberRow>(db, sql.page, ...filter, query.limit, query.offset);
  let total = counts[query.status];
  if (sql.count !== null) {
    // a short page that is not past the end already tells how many match: spare the counting scan
    const short = rows.length < query.limit && (rows.length > 0 || query.offset === 0);
    total = short ? query.offset + rows.length : (queryOne<{ n: number }>(db, sql.count, ...filter)?.n ?? 0);
  }
  return {
    items: rows.map(toMember),
    total,
    offset: query.offset,
    counts,
    memberLimit: safe.member_limit,
  };
}
