/** Support staff's routes (X-Support-Token, the routes' access): define security groups. */
import { transaction } from '../db.ts';
import { createGroupInTransaction, updateGroupInTransaction } from '../group-definitions.ts';
import { toSupportGroup } from '../groups.ts';
import type { HandlerDeps, HandlerMap } from '../http.ts';

export type SupportRouteName = 'supportCreateSecurityGroup' | 'supportUpdateSecurityGroup';

export function supportHandlers(deps: HandlerDeps): HandlerMap<SupportRouteName> {
  const { db, now } = deps;
  const at = () => new Date(now());

  return {
    supportCreateSecurityGroup({ body }) {
      const group = transaction(db, () =>
        createGroupInTransaction(
          db,
          { orgId: body.orgId, name: body.name, permissions: body.permissions },
          at(),
          'support-api',
        ),
      );
      return toSupportGroup(db, group);
    },

    supportUpdateSecurityGroup({ params, body }) {
      const group = transaction(db, () => updateGroupInTransaction(db, params.groupId, body, at(), 'support-api'));
      return toSupportGroup(db, group);
    },
  };
}
