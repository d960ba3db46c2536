/** Calls of the admin power features for the server tests, with their schemas checked. */
import { expect } from 'vitest';
import type { z } from 'zod';
import type { BulkInvitationRow } from '../../shared/api/bulk-invite.ts';
import { routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { DEV_SMS_STATUS_PATH } from '../../server/app.ts';
import type { SeededServer } from '../helpers/server.ts';
import { request, type Answer } from './request.ts';

type ResponseOf<N extends RouteName> = (typeof routes)[N]['response'] extends z.ZodType
  ? z.output<(typeof routes)[N]['response']>
  : never;

export function powerApi(server: SeededServer) {
  const send = (
    name: RouteName,
    token: string,
    input: {
      params?: Record<string, string>;
      query?: Record<string, string | number>;
      body?: unknown;
      headers?: Record<string, string>;
    },
  ): Promise<Answer> => {
    const route = routes[name];
    const url = new URL(routePath(route.path, input.params), server.url);
    for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
    return request(server.url, url.pathname + url.search, {
      method: route.method,
      token,
      ...(input.headers ? { headers: input.headers } : {}),
      ...(input.body === undefined ? {} : { body: input.body }),
    });
  };
  const ok = async <N extends RouteName>(name: N, answer: Promise<Answer>) => {
    const result = await answer;
    expect(result.status, `${name}: ${result.text}`).toBe(routes[name].status);
    const schema = routes[name].response;
    if (schema === null) throw new Error(`${name} has no body`);
    return schema.parse(result.json) as ResponseOf<N>;
  };

  return {
    send,
    bulkInvite: (token: string, safeId: string, dryRun: boolean, rows: BulkInvitationRow[]) =>
      send('bulkInviteMembers', token, { params: { safeId }, body: { dryRun, rows } }),
    bulkInvited: (token: string, safeId: string, dryRun: boolean, rows: BulkInvitationRow[]) =>
      ok('bulkInviteMembers', send('bulkInviteMembers', token, { params: { safeId }, body: { dryRun, rows } })),
    pipeline: (token: string, safeId: string, state = 'all') =>
      ok('listSafeInvitations', send('listSafeInvitations', token, { params: { safeId }, query: { state } })),
    allInvitations: (token: string, state = 'all') =>
      ok('listInvitations', send('listInvitations', token, { query: { state } })),
    bulkResend: (token: string, safeId: string, items: { memberId: string; version: number }[], key?: string) =>
      ok(
        'bulkResendInvitations',
        send('bulkResendInvitations', token, {
          params: { safeId },
          body: { items },
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
        }),
      ),
    bulkRevoke: (token: string, safeId: string, items: { memberId: string; version: number }[]) =>
      ok('bulkRevokeInvitations', send('bulkRevokeInvitations', token, { params: { safeId }, body: { items } })),
    undo: (token: string, safeId: string, memberId: string, version: number) =>
      send('undoMemberChange', token, { params: { safeId, memberId }, headers: { 'if-match': `"${version}"` } }),
    restoreGroup: (token: string, groupId: string, userIds: string[]) =>
      ok('restoreGroupMembers', send('restoreGroupMembers', token, { params: { groupId }, body: { userIds } })),
    audit: (token: string, safeId: string, query: Record<string, string | number> = {}) =>
      ok('listSafeAudit', send('listSafeAudit', token, { params: { safeId }, query })),
    auditChanges: (token: string, safeId: string, query: Record<string, string | number> = {}) =>
      ok('listSafeAuditChanges', send('listSafeAuditChanges', token, { params: { safeId }, query })),
    groupAudit: (token: string, query: Record<string, string | number> = {}) =>
      ok('listGroupAudit', send('listGroupAudit', token, { query })),
    /** The dev endpoint that plays a provider's delivery report. */
    smsStatus: (token: string, body: { id?: number; to?: string; state: string }) =>
      request(server.url, DEV_SMS_STATUS_PATH, { method: 'POST', token, body }),
  };
}

/** A bulk row of a new person, overridable cell by cell. */
export function row(n: number | string, extra: BulkInvitationRow = {}): BulkInvitationRow {
  return {
    name: `Bulk Person ${n}`,
    email: `bulk.person.${n}@import.example`,
    role: 'viewer',
    language: 'de',
    codeDelivery: 'display',
    ...extra,
  };
}
