/** The audit trail: a safe's activity and feed, the organisation's group history (server/audit-trail.ts). */
import { readAuditChanges, readAuditPage } from '../audit-trail.ts';
import type { HandlerDeps, HandlerMap } from '../http.ts';

export type AuditRouteName = 'listSafeAudit' | 'listSafeAuditChanges' | 'listGroupAudit';

export function auditHandlers(deps: HandlerDeps): HandlerMap<AuditRouteName> {
  const { db } = deps;

  return {
    listSafeAudit({ query, safe }) {
      return readAuditPage(db, { kind: 'safe', safeId: safe.id }, { ...query, subject: query.member });
    },

    listSafeAuditChanges({ query, safe }) {
      return readAuditChanges(db, safe.id, query);
    },

    listGroupAudit({ query, user }) {
      return readAuditPage(
        db,
        { kind: 'groups', orgId: user.org_id },
        { ...query, subject: query.userId, group: query.groupId },
      );
    },
  };
}
