/**
 * Reading the audit trail: a safe's activity and the
 * organisation's security-group history, filtered and paged newest first,
 * and a safe's audit feed for the offline copy.
 *
 * Pages are ordered by (at, id) descending. Each combination of filters
 * walks one index (migration 7) in that order — the most selective filter
 * picks it, the others are checked on the rows it yields — with the time
 * range and the cursor as a range on its trailing (at, id) columns, so a
 * page costs the same however long the history is. The SQL depends only on
 * which filters are present (never on their values), so the statement cache
 * stays small; tests check every shape's query plan (AUDIT_SQL).
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { AuditChanges, AuditEntry, AuditPage } from '../shared/api/audit.ts';
import { queryAll, queryOne } from './db.ts';
import { readFeed, readTransaction } from './sync.ts';

const COLUMNS = `a.id, a.at, a.actor_user_id, u.name AS actor_name, a.action, a.target_type, a.target_id, a.safe_id,
  a.subject_id, a.subject_name, a.subject_email, a.undoes, a.before_json, a.after_json`;
const FROM = (index: string) => `audit_log a INDEXED BY ${index} LEFT JOIN users u ON u.id = a.actor_user_id`;

export interface AuditFilters {
  action?: string | undefined;
  actor?: string | undefined;
  /** Safe activity: the member; group history: the user. */
  subject?: string | undefined;
  /** Group history only: the group. */
  group?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

export type AuditScope = { kind: 'safe'; safeId: string } | { kind: 'groups'; orgId: string };

type Condition = [sql: string, value: SQLInputValue | null];

/** The index a page walks and the equalities that seek into it, by scope and most selective filter. */
function seek(scope: AuditScope, filters: AuditFilters): { index: string; conditions: Condition[] } {
  if (scope.kind === 'safe') {
    const safe: Condition = ['a.safe_id = ?', scope.safeId];
    if (filters.subject)
      return { index: 'audit_log_subject', conditions: [['a.subject_id = ?', filters.subject], safe] };
    if (filters.actor) {
      return { index: 'audit_log_safe_actor', conditions: [safe, ['a.actor_user_id = ?', filters.actor]] };
    }
    if (filters.action) return { index: 'audit_log_safe_action', conditions: [safe, ['a.action = ?', filters.action]] };
    return { index: 'audit_log_safe_time', conditions: [safe] };
  }
  const org: Condition = ['a.org_id = ?', scope.orgId];
  const groups: Condition = ["a.target_type = 'group'", null];
  if (filters.subject) {
    return { index: 'audit_log_subject', conditions: [['a.subject_id = ?', filters.subject], org, groups] };
  }
  if (filters.group) {
    return { index: 'audit_log_target_time', conditions: [groups, ['a.target_id = ?', filters.group], org] };
  }
  if (filters.actor) {
    return { index: 'audit_log_org_kind_actor', conditions: [org, groups, ['a.actor_user_id = ?', filters.actor]] };
  }
  return { index: 'audit_log_org_kind', conditions: [org, groups] };
}

/** The SQL and parameters of one page (limit + 1 rows, to tell whether another page follows). */
export function auditPageQuery(scope: AuditScope, filters: AuditFilters): { sql: string; params: SQLInputValue[] } {
  const { index, conditions } = seek(scope, filters);
  const used = new Set(conditions.map(([sql]) => sql));
  const rest: Condition[] = [
    ['a.action = ?', filters.action ?? null],
    ['a.actor_user_id = ?', filters.actor ?? null],
    ['a.target_id = ?', scope.kind === 'groups' ? (filters.group ?? null) : null],
    ['a.at >= ?', filters.from ?? null],
    ['a.at < ?', filters.to ?? null],
  ];
  const where = [...conditions, ...rest.filter(([sql, value]) => value !== null && !used.has(sql))];
  const params: SQLInputValue[] = where.flatMap(([, value]) => (value === null ? [] : [value]));
  const cursor = decodeAuditCursor(filters.cursor);
  const clauses = where.map(([sql]) => sql);
  if (cursor) {
    clauses.push('(a.at, a.id) < (?, ?)');
    params.push(cursor.at, cursor.id);
  }
  params.push(filters.limit + 1);
  return {
    sql: `SELECT ${COLUMNS} FROM ${FROM(index)} WHERE ${clauses.join(' AND ')} ORDER BY a.at DESC, a.id DESC LIMIT ?`,
    params,
  };
}

export function encodeAuditCursor(entry: { at: string; id: number }): string {
  return `${Date.parse(entry.at)}.${entry.id}`;
}

function decodeAuditCursor(cursor: string | undefined): { at: string; id: number } | null {
  if (!cursor) return null;
  const [ms = '', id = ''] = cursor.split('.');
  return { at: new Date(Number(ms)).toISOString(), id: Number(id) };
}

interface AuditRow {
  id: number;
  at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  target_type: string;
  target_id: string;
  safe_id: string | null;
  subject_id: string | null;
  subject_name: string | null;
  subject_email: string | null;
  undoes: number | null;
  before_json: string | null;
  after_json: string | null;
}

const parse = (text: string | null): unknown => (text === null ? null : (JSON.parse(text) as unknown));

function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor_user_id === null ? null : { id: row.actor_user_id, name: row.actor_name },
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    safeId: row.safe_id,
    subject: row.subject_id === null ? null : { id: row.subject_id, name: row.subject_name, email: row.subject_email },
    undoes: row.undoes,
    before: parse(row.before_json),
    after: parse(row.after_json),
  };
}

/** One page of a safe's activity or of the group history, newest first. */
export function readAuditPage(db: DatabaseSync, scope: AuditScope, filters: AuditFilters): AuditPage {
  const { sql, params } = auditPageQuery(scope, filters);
  const rows = queryAll<AuditRow>(db, sql, ...params);
  const more = rows.length > filters.limit;
  if (more) rows.length = filters.limit;
  const last = rows.at(-1);
  return { items: rows.map(toAuditEntry), nextCursor: more && last ? encodeAuditCursor(last) : null };
}

// ---------------------------------------------------------------- the feed

export const AUDIT_FEED_SQL = {
  firstFrom:
    'SELECT id FROM audit_log INDEXED BY audit_log_safe_time WHERE safe_id = ? AND at >= ? ORDER BY at, id LIMIT 1',
  page: `SELECT a.id AS seq, ${COLUMNS} FROM ${FROM('audit_log_safe')}
      WHERE a.safe_id = ? AND a.id > ? ORDER BY a.id LIMIT ?`,
} as const;

/**
 * A page of a safe's audit feed after `since` (oldest first). Cursors are
 * sync cursors of feed `a` (server/sync.ts): a cursor of another database or
 * from the future resets. Audit entries are never deleted, so there is no
 * floor. Without `since` (or after a reset), `from` skips older entries.
 */
export function readAuditChanges(
  db: DatabaseSync,
  safeId: string,
  query: { since?: string | undefined; from?: string | undefined; limit: number },
): AuditChanges {
  return readTransaction(db, () => {
    const page = readFeed(db, 'a', query.since, query.limit, 0, (after, count) => {
      let start = after;
      if (after === 0 && query.from) {
        const first = queryOne<{ id: number }>(db, AUDIT_FEED_SQL.firstFrom, safeId, query.from);
        if (!first) return [];
        start = first.id - 1;
      }
      return queryAll<AuditRow & { seq: number }>(db, AUDIT_FEED_SQL.page, safeId, start, count);
    });
    return { cursor: page.cursor, more: page.more, reset: page.reset, items: page.rows.map(toAuditEntry) };
  });
}
