/** One member of a safe, role changes, removal, and undo (rules in server/members.ts and server/undo.ts). */
import { versionEtag } from '../../shared/api/members.ts';
import { statement, transaction } from '../db.ts';
import { HttpError, type HandlerDeps, type HandlerMap } from '../http.ts';
import { auditMember, checkVersion, expectedVersion, isLastAdministrator, loadMember } from '../members.ts';
import { deleteUndoably, undoMemberChange } from '../undo.ts';

export type MemberRouteName = 'getMember' | 'changeMemberRole' | 'removeMember' | 'undoMemberChange';

export function memberHandlers(deps: HandlerDeps): HandlerMap<MemberRouteName> {
  const { db, now } = deps;

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
            member: after,
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
        deleteUndoably(db, safe, member, { actorUserId: user.id, action: 'member.removed' }, now());
      });
    },

    undoMemberChange({ params, user, safe, headers, responseHeaders }) {
      const expected = expectedVersion(headers);
      const result = transaction(db, () => undoMemberChange(db, safe, user, params.memberId, expected, now()));
      responseHeaders.etag = versionEtag(result.member.version);
      return result;
    },
  };
}
