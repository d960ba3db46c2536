/** Calls of the member-lifecycle routes, with their headers, for the server tests. */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { InvitationResult } from '../../shared/api/members.ts';
import { routes, routePath } from '../../shared/api/routes.ts';
import { Member } from '../../shared/api/schemas.ts';
import { DEV_SMS_OUTBOX_PATH } from '../../server/app.ts';
import type { OutboxMessage } from '../../server/sms.ts';
import type { SeededServer } from '../helpers/server.ts';
import { call, request, signIn, type Answer } from './request.ts';

export type Tokens = Record<'admin' | 'safeAdmin' | 'plainUser', string>;

export interface InviteBody {
  name?: unknown;
  email?: unknown;
  role?: unknown;
  language?: unknown;
  codeDelivery?: unknown;
  mobile?: unknown;
}

/** A display-code invitation of a new person, overridable field by field. */
export function person(n: number | string, extra: InviteBody = {}): InviteBody {
  return {
    name: `Test Person ${n}`,
    email: `test.person.${n}@invited.example`,
    role: 'viewer',
    language: 'en',
    codeDelivery: 'display',
    ...extra,
  };
}

/** The security code inside an SMS text. */
export function codeInText(text: string): string {
  const match = /\b[2-9A-HJ-NP-Z]{8}\b/.exec(text);
  if (!match) throw new Error(`no code in ${text}`);
  return match[0];
}

export function membersApi(server: SeededServer) {
  const memberPath = (name: keyof typeof routes, safeId: string, memberId: string) =>
    routePath(routes[name].path, { safeId, memberId });

  const api = {
    async tokens(): Promise<Tokens> {
      const tokens: Tokens = { admin: '', safeAdmin: '', plainUser: '' };
      for (const key of Object.keys(tokens) as (keyof Tokens)[]) {
        const account = server.accounts[key];
        tokens[key] = (await signIn(server.url, account.email, account.password)).accessToken;
      }
      return tokens;
    },

    invite(token: string, safeId: string, body: unknown, key: string | null = randomUUID()): Promise<Answer> {
      return request(server.url, routePath(routes.inviteMember.path, { safeId }), {
        method: 'POST',
        token,
        headers: key === null ? {} : { 'idempotency-key': key },
        body,
      });
    },

    /** Invite and expect success. */
    async invited(token: string, safeId: string, body: unknown, key?: string): Promise<InvitationResult> {
      const answer = await api.invite(token, safeId, body, key);
      expect(answer.status, answer.text).toBe(201);
      return InvitationResult.parse(answer.json);
    },

    /** A member route that takes If-Match; `version` null sends none, a string is sent as is. */
    onMember(
      name: 'resendInvitation' | 'revokeInvitation' | 'changeMemberRole' | 'removeMember',
      token: string,
      safeId: string,
      memberId: string,
      version: number | string | null,
      body?: unknown,
    ): Promise<Answer> {
      const headers: Record<string, string> =
        version === null ? {} : { 'if-match': typeof version === 'number' ? `"${version}"` : version };
      return request(server.url, memberPath(name, safeId, memberId), {
        method: routes[name].method,
        token,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    },

    resend: (token: string, safeId: string, memberId: string, version: number | string | null) =>
      api.onMember('resendInvitation', token, safeId, memberId, version),
    revoke: (token: string, safeId: string, memberId: string, version: number | string | null) =>
      api.onMember('revokeInvitation', token, safeId, memberId, version),
    changeRole: (token: string, safeId: string, memberId: string, version: number | string | null, role: unknown) =>
      api.onMember('changeMemberRole', token, safeId, memberId, version, { role }),
    remove: (token: string, safeId: string, memberId: string, version: number | string | null) =>
      api.onMember('removeMember', token, safeId, memberId, version),

    getMember: (token: string, safeId: string, memberId: string) =>
      call(server.url, 'getMember', { params: { safeId, memberId }, token }),

    async member(token: string, safeId: string, memberId: string): Promise<Member> {
      const answer = await api.getMember(token, safeId, memberId);
      expect(answer.status, answer.text).toBe(200);
      return Member.parse(answer.json);
    },

    redeem: (email: unknown, code: unknown) => call(server.url, 'redeemInvitation', { body: { email, code } }),

    /** The dev SMS outbox, as an organisation administrator sees it. */
    async outbox(adminToken: string): Promise<OutboxMessage[]> {
      const answer = await request(server.url, DEV_SMS_OUTBOX_PATH, { token: adminToken });
      expect(answer.status, answer.text).toBe(200);
      return (answer.json as { items: OutboxMessage[] }).items;
    },

    /** Row counts of everything an invitation can leave behind. */
    counts(): Record<'members' | 'codes' | 'idempotency' | 'outbox' | 'audit', number> {
      const count = (table: string) =>
        (server.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      return {
        members: count('safe_members'),
        codes: count('invitation_codes'),
        idempotency: count('idempotency_keys'),
        outbox: count('sms_outbox'),
        audit: count('audit_log'),
      };
    },

    /** Audit rows of one member, oldest first, as stored. */
    auditOf(memberId: string): { action: string; actor_user_id: string | null; before: unknown; after: unknown }[] {
      return (
        server.db
          .prepare(
            'SELECT action, actor_user_id, before_json, after_json FROM audit_log WHERE target_id = ? ORDER BY id',
          )
          .all(memberId) as {
          action: string;
          actor_user_id: string | null;
          before_json: string | null;
          after_json: string | null;
        }[]
      ).map((row) => ({
        action: row.action,
        actor_user_id: row.actor_user_id,
        before: row.before_json === null ? null : (JSON.parse(row.before_json) as unknown),
        after: row.after_json === null ? null : (JSON.parse(row.after_json) as unknown),
      }));
    },

    /** Every stored audit text, for "no code or hash in the audit" checks. */
    auditText(): string {
      return (server.db.prepare('SELECT before_json, after_json FROM audit_log').all() as Record<string, unknown>[])
        .map((row) => `${String(row.before_json)} ${String(row.after_json)}`)
        .join('\n');
    },
  };
  return api;
}
