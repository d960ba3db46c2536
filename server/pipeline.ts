/**
 * The invitation pipeline: the invitations of one or more safes
 * with their expiry, code delivery, SMS delivery state and re-send count.
 *
 * An invitation is `expired` when its code has expired or no code is on
 * record (demo data, or a database from before codes were kept), `pending`
 * otherwise. Expired invitations still hold their place under the member
 * limit (server/members.ts, placesTaken: the one rule), and the figures per
 * safe count with that same function.
 */
import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { CodeDelivery } from '../shared/api/members.ts';
import {
  EXPIRING_SOON_HOURS,
  INVITATION_FILTERS,
  invitationState,
  type InvitationFilter,
  type InvitationPipeline,
  type PipelineSafe,
  type SmsDeliveryState,
} from '../shared/api/pipeline.ts';
import { queryAll, queryOne } from './db.ts';
import { placesTaken } from './members.ts';
import { toMember, type MemberRow } from './team-safes.ts';

const HOUR_MS = 60 * 60 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

/** Which invitations each filter keeps; parameters: `now`, and for `expiringSoon` the end of "soon". */
const FILTER_SQL: Readonly<Record<InvitationFilter, string>> = {
  all: '1 = 1',
  pending: 'c.expires_at > ?',
  expiringSoon: 'c.expires_at > ? AND c.expires_at <= ?',
  expired: '(c.expires_at IS NULL OR c.expires_at <= ?)',
  failed: "c.sms_state = 'failed'",
};

function filterParams(filter: InvitationFilter, now: number): number[] {
  if (filter === 'pending' || filter === 'expired') return [now];
  if (filter === 'expiringSoon') return [now, now + EXPIRING_SOON_HOURS * HOUR_MS];
  return [];
}

const SCOPE = `FROM safe_members m INDEXED BY safe_members_by_status
  LEFT JOIN invitation_codes c ON c.member_id = m.id
  WHERE m.safe_id IN (SELECT value FROM json_each(?)) AND m.status = 'invited'`;

/** The SQL behind the pipeline, exported so tests can check its plan. */
export const PIPELINE_SQL = {
  page: (filter: InvitationFilter) => `SELECT m.safe_id, m.id, m.name, m.email, m.role, m.status, m.language,
         m.invited_at, m.activated_at, m.version, c.delivery, c.mobile, c.issued_at, c.expires_at, c.resend_count,
         c.sms_state, c.sms_state_at
    ${SCOPE} AND ${FILTER_SQL[filter]}
    ORDER BY CASE WHEN c.expires_at IS NULL OR c.expires_at <= ? THEN 0 ELSE 1 END, c.expires_at, m.sort_key, m.id
    LIMIT ? OFFSET ?`,
  counts: `SELECT COUNT(*) AS "all",
         COALESCE(SUM(c.expires_at > ?), 0) AS pending,
         COALESCE(SUM(c.expires_at > ? AND c.expires_at <= ?), 0) AS expiringSoon,
         COALESCE(SUM(c.expires_at IS NULL OR c.expires_at <= ?), 0) AS expired,
         COALESCE(SUM(c.sms_state = 'failed'), 0) AS failed
    ${SCOPE}`,
  expiredPerSafe: `SELECT m.safe_id, COUNT(*) AS n ${SCOPE} AND (c.expires_at IS NULL OR c.expires_at <= ?) GROUP BY m.safe_id`,
} as const;

interface PipelineRow extends Omit<MemberRow, 'invitation_expires_at'> {
  safe_id: string;
  delivery: CodeDelivery | null;
  mobile: string | null;
  issued_at: number | null;
  expires_at: number | null;
  resend_count: number | null;
  sms_state: SmsDeliveryState | null;
  sms_state_at: number | null;
}

export interface PipelineScope {
  /** The safes, by name, with their limits. */
  safes: readonly { id: string; name: string; memberLimit: number }[];
}

export function readPipeline(
  db: DatabaseSync,
  scope: PipelineScope,
  query: { state: InvitationFilter; offset: number; limit: number },
  now: number,
): InvitationPipeline {
  const ids = JSON.stringify(scope.safes.map((safe) => safe.id));
  const soon = now + EXPIRING_SOON_HOURS * HOUR_MS;
  const params: SQLInputValue[] = [ids, ...filterParams(query.state, now), now, query.limit, query.offset];
  const rows = queryAll<PipelineRow>(db, PIPELINE_SQL.page(query.state), ...params);
  const counted = queryOne<Record<InvitationFilter, number>>(db, PIPELINE_SQL.counts, now, now, soon, now, ids);
  const counts = Object.fromEntries(INVITATION_FILTERS.map((filter) => [filter, counted?.[filter] ?? 0])) as Record<
    InvitationFilter,
    number
  >;
  const expired = new Map(
    queryAll<{ safe_id: string; n: number }>(db, PIPELINE_SQL.expiredPerSafe, ids, now).map((row) => [
      row.safe_id,
      row.n,
    ]),
  );
  const safes: PipelineSafe[] = scope.safes.map((safe) => ({
    ...safe,
    placesTaken: placesTaken(db, safe.id),
    expiredHoldingPlaces: expired.get(safe.id) ?? 0,
  }));

  return {
    items: rows.map((row) => {
      const state = invitationState(row.expires_at, now);
      const pending = state === 'pending';
      return {
        safeId: row.safe_id,
        member: toMember({ ...row, invitation_expires_at: row.expires_at }),
        state,
        expiringSoon: pending && (row.expires_at ?? 0) <= soon,
        codeDelivery: row.delivery,
        sentTo: row.mobile,
        codeIssuedAt: row.issued_at === null ? null : iso(row.issued_at),
        expiresAt: row.expires_at === null ? null : iso(row.expires_at),
        sms:
          row.delivery === 'sms' && row.sms_state !== null
            ? { state: row.sms_state, at: iso(row.sms_state_at ?? row.issued_at ?? now) }
            : null,
        resendCount: row.resend_count ?? 0,
      };
    }),
    total: counts[query.state],
    offset: query.offset,
    counts,
    safes,
    asOf: iso(now),
  };
}
