/**
 * Incremental sync for the desktop app's offline cache: the change
 * feeds of a team safe's members and of an organisation's security-group
 * memberships. The logs behind them are written only by SQLite triggers
 * (migration 5 in db.ts), so every write path is captured.
 *
 * Cursor: `<feed>.<epoch>.<seq>` — `m` or `g`, the database's random epoch
 * (sync_state), and the last log sequence number the client has applied.
 * Sequence numbers come from AUTOINCREMENT: they only grow and never repeat.
 * A log keeps one row per member (membership), its latest change, so an
 * answer after one change holds one record however large the safe is.
 *
 * `reset` when the cursor (answered with no records, `more: true` and a
 * cursor that starts a full snapshot — as sending `since` empty does):
 * - has another epoch (the database was replaced or re-seeded);
 * - is beyond the newest sequence number (from the future);
 * - is below the safe's (organisation's) floor: older than a tombstone the
 *   server has dropped. Tombstones are kept up to `sync_state.tombstone_limit`
 *   (10 000) per safe / organisation; one more drops the oldest tenth, so the
 *   newest 9 000 removals are always kept. Live records are never dropped.
 *
 * Every answer is read in one read transaction, so the page, the cursor, the
 * floor and the safe's figures belong to the same moment. When `more` is
 * false the cursor is the log's newest sequence number, not just the last
 * record sent: the next request starts from there.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { Member, TeamSafe } from '../shared/api/schemas.ts';
import type { GroupChanges, GroupMembershipRemoval, GroupMembershipUpsert, MemberChanges } from '../shared/api/sync.ts';
import { queryAll, queryOne } from './db.ts';
import { HttpError } from './http.ts';
import { invitationExpirySql, toMember, type MemberRow } from './team-safes.ts';

/** The SQL behind the feeds, exported so tests can check its plan. */
export const SYNC_SQL = {
  state: 'SELECT epoch FROM sync_state WHERE id = 1',
  highWater: 'SELECT seq FROM sqlite_sequence WHERE name = ?',
  memberFloor: 'SELECT floor_seq FROM member_change_horizons WHERE safe_id = ?',
  memberChanges: `SELECT c.seq, c.member_id, m.id AS present, m.name, m.email, m.role, m.status, m.language,
         m.invited_at, m.activated_at, m.version, ${invitationExpirySql('m')}
       FROM member_changes c INDEXED BY member_changes_safe_seq
       LEFT JOIN safe_members m ON c.removed = 0 AND m.id = c.member_id AND m.safe_id = c.safe_id
      WHERE c.safe_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?`,
  safe: `SELECT s.id, s.name, s.member_limit,
         (SELECT c.invited + c.activated FROM safe_member_counts c WHERE c.safe_id = s.id) AS member_count
       FROM team_safes s WHERE s.id = ?`,
  groupFloor: 'SELECT floor_seq FROM group_member_change_horizons WHERE org_id = ?',
  groupsVersion: 'SELECT version FROM security_group_versions WHERE org_id = ?',
  groupChanges: `SELECT c.seq, c.group_id, c.user_id, m.added_at, u.name, u.email
       FROM group_member_changes c INDEXED BY group_member_changes_org_seq
       LEFT JOIN security_group_members m ON c.removed = 0 AND m.group_id = c.group_id AND m.user_id = c.user_id
       LEFT JOIN users u ON u.id = m.user_id
      WHERE c.org_id = ? AND c.seq > ? ORDER BY c.seq LIMIT ?`,
} as const;

/** Members, group memberships, and a safe's audit entries (server/audit-trail.ts). */
export type Feed = 'm' | 'g' | 'a';
const LOG_TABLE: Readonly<Record<Feed, string>> = { m: 'member_changes', g: 'group_member_changes', a: 'audit_log' };

export function encodeCursor(feed: Feed, epoch: string, seq: number): string {
  return `${feed}.${epoch}.${seq}`;
}

/** A cursor the query schema accepted (or nothing): its epoch and sequence number. */
export function decodeCursor(cursor: string | undefined): { epoch: string; seq: number } | null {
  if (!cursor) return null;
  const [, epoch = '', seq = ''] = cursor.split('.');
  return { epoch, seq: Number(seq) };
}

/** Run `fn` in one read transaction (a consistent snapshot, also against other processes). */
export function readTransaction<T>(db: DatabaseSync, fn: () => T): T {
  if (db.isTransaction) return fn();
  db.exec('BEGIN');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

export interface FeedPage<R> {
  rows: R[];
  cursor: string;
  more: boolean;
  reset: boolean;
}

/** One page of a feed after the client's cursor; no records but `reset` when the cursor cannot be honoured. */
export function readFeed<R extends { seq: number }>(
  db: DatabaseSync,
  feed: Feed,
  since: string | undefined,
  limit: number,
  floor: number,
  page: (after: number, count: number) => R[],
): FeedPage<R> {
  const epoch = queryOne<{ epoch: string }>(db, SYNC_SQL.state)?.epoch;
  if (epoch === undefined) throw new Error('sync_state is missing');
  const highWater = queryOne<{ seq: number }>(db, SYNC_SQL.highWater, LOG_TABLE[feed])?.seq ?? 0;
  const cursor = decodeCursor(since);
  // sequence number 0 is the beginning: nothing seen, nothing missed
  const reset =
    cursor !== null && (cursor.epoch !== epoch || cursor.seq > highWater || (cursor.seq > 0 && cursor.seq < floor));
  if (reset) return { rows: [], cursor: encodeCursor(feed, epoch, 0), more: true, reset };
  const after = cursor?.seq ?? 0;
  const rows = page(after, limit + 1);
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = more ? (rows.at(-1)?.seq ?? after) : highWater;
  return { rows, cursor: encodeCursor(feed, epoch, last), more, reset };
}

interface MemberChangeRow extends Omit<MemberRow, 'id'> {
  seq: number;
  member_id: string;
  /** The member's id when it is still in the safe; null for a tombstone. */
  present: string | null;
}

interface GroupChangeRow {
  seq: number;
  group_id: string;
  user_id: string;
  /** Null for a tombstone. */
  added_at: string | null;
  name: string | null;
  email: string | null;
}

/** A page of a safe's member feed after `since` (the caller administers the safe). */
export function readMemberChanges(
  db: DatabaseSync,
  safeId: string,
  query: { since?: string | undefined; limit: number },
): MemberChanges {
  return readTransaction(db, () => {
    const floor = queryOne<{ floor_seq: number }>(db, SYNC_SQL.memberFloor, safeId)?.floor_seq ?? 0;
    const page = readFeed(db, 'm', query.since, query.limit, floor, (after, count) =>
      queryAll<MemberChangeRow>(db, SYNC_SQL.memberChanges, safeId, after, count),
    );
    const upserts: Member[] = [];
    const removed: string[] = [];
    for (const row of page.rows) {
      if (row.present === null) removed.push(row.member_id);
      else upserts.push(toMember({ ...row, id: row.member_id }));
    }
    const info = queryOne<{ id: string; name: string; member_limit: number; member_count: number }>(
      db,
      SYNC_SQL.safe,
      safeId,
    );
    if (!info) throw new HttpError(404, 'not_found', 'No such team safe.');
    const safe: TeamSafe = {
      id: info.id,
      name: info.name,
      memberCount: info.member_count,
      memberLimit: info.member_limit,
      myRole: 'administrator', // the route's access says so
    };
    return { cursor: page.cursor, upserts, removed, more: page.more, reset: page.reset, safe };
  });
}

/** A page of an organisation's group-membership feed after `since`. */
export function readGroupChanges(
  db: DatabaseSync,
  orgId: string,
  query: { since?: string | undefined; limit: number },
): GroupChanges {
  return readTransaction(db, () => {
    const floor = queryOne<{ floor_seq: number }>(db, SYNC_SQL.groupFloor, orgId)?.floor_seq ?? 0;
    const page = readFeed(db, 'g', query.since, query.limit, floor, (after, count) =>
      queryAll<GroupChangeRow>(db, SYNC_SQL.groupChanges, orgId, after, count),
    );
    const upserts: GroupMembershipUpsert[] = [];
    const removed: GroupMembershipRemoval[] = [];
    for (const row of page.rows) {
      if (row.added_at === null || row.name === null || row.email === null) {
        removed.push({ groupId: row.group_id, userId: row.user_id });
      } else {
        upserts.push({
          groupId: row.group_id,
          user: { id: row.user_id, name: row.name, email: row.email },
          addedAt: row.added_at,
        });
      }
    }
    const groupsVersion = queryOne<{ version: number }>(db, SYNC_SQL.groupsVersion, orgId)?.version ?? 0;
    return { cursor: page.cursor, groupsVersion, upserts, removed, more: page.more, reset: page.reset };
  });
}
