/**
 * One real call per route of the admin power features, for the
 * "every answer matches its schema" test in http.test.ts. Each sample
 * prepares what its route needs, in "Legal & Compliance" as Anna.
 */
import { randomUUID } from 'node:crypto';
import { routes, routePath } from '../../shared/api/routes.ts';
import type { SeededServer } from '../helpers/server.ts';
import { call, request, type Answer } from './request.ts';

export function powerSamples(server: SeededServer, token: string) {
  const safeId = 'safe-legal';
  server.db.exec(`UPDATE team_safes SET member_limit = 100 WHERE id = '${safeId}'`);
  const invite = async (n: string) => {
    const answer = await request(server.url, routePath(routes.inviteMember.path, { safeId }), {
      method: 'POST',
      token,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        name: `Power ${n}`,
        email: `power-${n}@samples.example`,
        role: 'viewer',
        language: 'de',
        codeDelivery: 'display',
      },
    });
    return routes.inviteMember.response.parse(answer.json).member;
  };
  const items = (member: { id: string; version: number }) => ({
    items: [{ memberId: member.id, version: member.version }],
  });

  return {
    listSafeAuditChanges: () =>
      call(server.url, 'listSafeAuditChanges', { params: { safeId }, query: { limit: 5 }, token }),
    listGroupAudit: () => call(server.url, 'listGroupAudit', { query: { groupId: 'sg-developers' }, token }),
    listSafeInvitations: () => call(server.url, 'listSafeInvitations', { params: { safeId }, token }),
    listInvitations: () => call(server.url, 'listInvitations', { query: { state: 'expired' }, token }),
    bulkInviteMembers: () =>
      call(server.url, 'bulkInviteMembers', {
        params: { safeId },
        body: {
          dryRun: false,
          rows: [
            {
              key: randomUUID(),
              name: 'Power Bulk',
              email: 'power-bulk@samples.example',
              role: 'viewer',
              language: 'fr',
              codeDelivery: 'display',
            },
            {
              key: randomUUID(),
              name: 'Power Bad',
              email: 'not an address',
              role: 'owner',
              language: 'xx',
              codeDelivery: 'display',
            },
          ],
        },
        token,
      }),
    bulkResendInvitations: async () =>
      call(server.url, 'bulkResendInvitations', { params: { safeId }, body: items(await invite('resend')), token }),
    bulkRevokeInvitations: async () =>
      call(server.url, 'bulkRevokeInvitations', { params: { safeId }, body: items(await invite('revoke')), token }),
    undoMemberChange: async (): Promise<Answer> => {
      const member = await invite('undo');
      const path = routePath(routes.changeMemberRole.path, { safeId, memberId: member.id });
      const changed = await request(server.url, path, {
        method: 'PATCH',
        token,
        headers: { 'if-match': `"${member.version}"` },
        body: { role: 'editor' },
      });
      return request(server.url, routePath(routes.undoMemberChange.path, { safeId, memberId: member.id }), {
        method: 'POST',
        token,
        headers: { 'if-match': changed.headers.get('etag') ?? '' },
      });
    },
    restoreGroupMembers: async () => {
      const params = { groupId: 'sg-developers' };
      await call(server.url, 'addGroupMember', { params, body: { userId: 'u-thomas-keller' }, token });
      await call(server.url, 'removeGroupMembers', { params, body: { userIds: ['u-thomas-keller'] }, token });
      return call(server.url, 'restoreGroupMembers', { params, body: { userIds: ['u-thomas-keller'] }, token });
    },
  };
}
