/**
 * Team-safe members, the rules every change obeys:
 * - every member counts against the member limit, expired invitations
 *   included (409; placesTaken, the one rule);
 * - the last activated Administrator is neither demoted nor removed (409);
 * - an e-mail address is in a safe at most once (409);
 * - changes name the version they were made against (`If-Match`): missing
 *   → 428, stale → 412 with the current version in `ETag`;
 * - every change writes an audit entry in the same transaction, never with
 *   a code or a hash in it.
 * Who may change members is the routes' access (`safeAdmin`), not checked here.
 */
import type { DatabaseSync } from 'node:sqlite';
import { parseVersionEtag, versionEtag } from '../shared/api/members.ts';
import type { Member } from '../shared/api/schemas.ts';
import { writeAudit, type AuditEntry } from './audit.ts';
import { queryOne } from './db.ts';
import { HttpError } from './http.ts';
import { MEMBER_FIELDS, toMember, type MemberRow, type SafeRow } from './team-safes.ts';

export function findMember(db: DatabaseSync, safeId: string, memberId: string): Member | undefined {
  const row = queryOne<MemberRow>(
    db,
    `SELECT ${MEMBER_FIELDS} FROM safe_members WHERE id = ? AND safe_id = ?`,
    memberId,
    safeId,
  );
  return row ? toMember(row) : undefined;
}

/** The member, or 404 `not_found`. */
export function loadMember(db: DatabaseSync, safeId: string, memberId: string): Member {
  const member = findMember(db, safeId, memberId);
  if (!member) throw new HttpError(404, 'not_found', 'No such member in this team safe.');
  return member;
}

/** The version named by If-Match: 428 when missing, 400 when it is not a version tag. */
export function expectedVersion(headers: { 'if-match'?: string | undefined }): number {
  const header = headers['if-match'];
  if (header === undefined || header.trim() === '') {
    throw new HttpError(428, 'precondition_required', 'Send If-Match with the member’s ETag to change it.');
  }
  const version = parseVersionEtag(header);
  if (version === null) {
    throw new HttpError(400, 'invalid_payload', 'If-Match must be the member’s ETag, e.g. "3".', {
      fields: { 'if-match': 'invalid_value' },
    });
  }
  return version;
}

/** 412 `precondition_failed`, with the current version as `ETag`, unless the member is at `expected`. */
export function checkVersion(member: Member, expected: number): void {
  if (member.version !== expected) {
    throw new HttpError(
      412,
      'precondition_failed',
      `The member was changed by someone else: current version is ${member.version}, not ${expected}.`,
      { headers: { etag: versionEtag(member.version) }, current: member },
    );
  }
}

function activeAdministrators(db: DatabaseSync, safeId: string): number {
  return (
    queryOne<{ n: number }>(
      db,
      `SELECT COUNT(*) AS n FROM safe_members INDEXED BY safe_members_by_role
        WHERE safe_id = ? AND role_rank = 0 AND status = 'activated'`,
      safeId,
    )?.n ?? 0
  );
}

/** True when `member` is the only activated Administrator of the safe. */
export function isLastAdministrator(db: DatabaseSync, safeId: string, member: Member): boolean {
  return member.role === 'administrator' && member.status === 'activated' && activeAdministrators(db, safeId) <= 1;
}

/**
 * The member-limit rule, the one place it is decided: every member row
 * holds a place — activated members, pending invitations and expired
 * invitations alike. An expired invitation frees its place only when it is
 * revoked; a re-send revives it. The limit checks (single and bulk
 * invitations, undo) and the invitation pipeline's figures all count here.
 */
export function placesTaken(db: DatabaseSync, safeId: string): number {
  const kept = queryOne<{ n: number }>(
    db,
    'SELECT invited + activated AS n FROM safe_member_counts WHERE safe_id = ?',
    safeId,
  );
  return kept?.n ?? 0;
}

export function isInSafe(db: DatabaseSync, safeId: string, email: string): boolean {
  return queryOne(db, 'SELECT 1 AS one FROM safe_members WHERE safe_id = ? AND email = ?', safeId, email) !== undefined;
}

export const alreadyMember = (): HttpError =>
  new HttpError(409, 'already_member', 'This e-mail address is already a member of, or invited to, this team safe.');

export const memberLimitReached = (safe: SafeRow): HttpError =>
  new HttpError(
    409,
    'member_limit_reached',
    `The team safe has reached its limit of ${safe.member_limit} members (invited, expired and activated count).`,
  );

/** The checks an invitation must pass: not in the safe yet, and room under the limit. */
export function checkInvitable(db: DatabaseSync, safe: SafeRow, email: string): void {
  if (isInSafe(db, safe.id, email)) throw alreadyMember();
  if (placesTaken(db, safe.id) >= safe.member_limit) throw memberLimitReached(safe);
}

/** What the audit records of a member: everything on the wire except timestamps. */
export function snapshot(member: Member): Record<string, unknown> {
  return {
    name: member.name,
    email: member.email,
    role: member.role,
    status: member.status,
    language: member.language,
    version: member.version,
  };
}

export interface MemberAuditEntry extends Pick<AuditEntry, 'actorUserId' | 'action' | 'before' | 'after' | 'undoes'> {
  /** The member the change is about (its name and address are recorded with the entry). */
  member: Pick<Member, 'id' | 'name' | 'email'>;
}

/** Audit a change to a member of `safe`. Call inside the transaction that makes it. Returns the entry's id. */
export function auditMember(db: DatabaseSync, safe: SafeRow, entry: MemberAuditEntry, at: number): number {
  const { member, ...rest } = entry;
  return writeAudit(
    db,
    {
      ...rest,
      orgId: safe.org_id,
      targetType: 'member',
      targetId: member.id,
      safeId: safe.id,
      subject: { id: member.id, name: member.name, email: member.email },
    },
    new Date(at),
  );
}
