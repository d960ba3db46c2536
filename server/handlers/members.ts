/** One member of a safe, role changes, removal, and the safe's audit trail (rules in server/members.ts). */
import { versionEtag, type AuditEntry } from '../../shared/api/members.ts';
import { readAudit } from '../audit.ts';
import { queryOne, statement, transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';
import { auditMember, checkVersion, expectedVersion, isLastAdministrator, loadMember, snapshot } from '../members.ts';

export type MemberRouteName = 'getMember' | 'changeMemberRole' | 'removeMember' | 'listSafeAudit';

export function memberHandlers(deps: HandlerDeps): HandlerMap<MemberRouteName> {
  const { db, now } = deps;

  const userName = (id: string): string | null =>
    queryOne<{ name: string }>(db, 'SELECT name FROM users WHERE id = ?', id)?.name ?? null;

  return {
    getMember({ params, safe, responseHeaders }) {
      const member = loadMember(db, safe.id, params.memberId);
      responseHeaders.etag = versionEtag(member.version);
      return member;
    },

    changeMemberRole({ params, body, user, safe, headers, responseHeaders }) {
      const expected = expectedVersion(headers);
      const member = transaction(db, () => {
        const before = loadMember(db, safe.id, params.memberId);
        checkVersion(before, expected);
        if (before.role === body.role) return before; // nothing changes, nothing to record
        if (body.role !== 'administrator' && isLastAdministrator(db, safe.id, before)) {
          throw new HttpError(
            409,
            'last_administrator',
            'The last administrator of a team safe cannot be given another role.',
          );
        }
        statement(db, 'UPDATE safe_members SET role = ?, version = version + 1 WHERE id = ?').run(body.role, before.id);
        const after = loadMember(db, safe.id, before.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: user.id,
            action: 'member.roleChanged',
            targetId: after.id,
            before: { role: before.role, version: before.version },
            after: { role: after.role, version: after.version },
          },
          now(),
        );
        return after;
      });
      responseHeaders.etag = versionEtag(member.version);
      return member;
    },

    removeMember({ params, user, safe, headers }) {
      const expected = expectedVersion(headers);
      transaction(db, () => {
        const member = loadMember(db, safe.id, params.memberId);
        checkVersion(member, expected);
        if (isLastAdministrator(db, safe.id, member)) {
          throw new HttpError(409, 'last_administrator', 'The last administrator of a team safe cannot be removed.');
        }
        statement(db, 'DELETE FROM safe_members WHERE id = ?').run(member.id);
        auditMember(
          db,
          safe,
          {
            actorUserId: user.id,
            action: 'member.removed',
            targetId: member.id,
            before: snapshot(member),
            after: null,
          },
          now(),
        );
      });
    },

    listSafeAudit({ query, safe }) {
      const names = new Map<string, string | null>();
      const items: AuditEntry[] = readAudit(db, { orgId: safe.org_id, safeId: safe.id, limit: query.limit }).map(
        (row) => {
          let actor: AuditEntry['actor'] = null;
          if (row.actorUserId !== null) {
            if (!names.has(row.actorUserId)) names.set(row.actorUserId, userName(row.actorUserId));
            actor = { id: row.actorUserId, name: names.get(row.actorUserId) ?? null };
          }
          return {
            id: row.id,
            at: row.at,
            actor,
            action: row.action,
            targetType: row.targetType,
            targetId: row.targetId,
            before: row.before,
            after: row.after,
          };
        },
      );
      return { items };
    },
  };
}
