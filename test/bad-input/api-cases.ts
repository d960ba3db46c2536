/**
 * Bad and hostile input at the API: each case is one request (or a short
 * sequence) and the answer it must get. Every probe class of the hostile
 * review is here: foreign Host, the dev outbox, lock-out by strangers, the
 * SMS throttle, control and bidi characters, replay after revoke, the
 * existence oracle, stale versions, limits.
 */
import { randomUUID } from 'node:crypto';
import type { ErrorCode, FieldErrorCode } from '../../shared/errors.ts';
import { DEV_SMS_OUTBOX_PATH } from '../../server/app.ts';
import { call, request, type Answer } from '../server/request.ts';

export interface ApiContext {
  url: string;
  /** Anna: organisation administrator, administers every demo safe. */
  admin: string;
  /** Luca: administers Legal & Compliance only. */
  safeAdmin: string;
  /** Sophie: administers nothing. */
  plainUser: string;
  /** `roomy`: a safe made for these cases, with room for every invitation they make. */
  safes: { finance: string; legal: string; research: string; roomy: string };
  supportToken: string;
  accounts: { admin: { email: string; password: string }; safeAdmin: { email: string; password: string } };
}

export interface ApiCase {
  name: string;
  /** Where the input enters. */
  entry: string;
  run(context: ApiContext): Promise<Answer>;
  status: number;
  code: ErrorCode;
  /** The field and its problem, for `invalid_payload`. */
  field?: [string, FieldErrorCode];
}

const unique = (label: string) => `${label}.${randomUUID().slice(0, 8)}@example.com`;

function invitation(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Mia Keller',
    email: unique('mia'),
    role: 'viewer',
    language: 'de',
    codeDelivery: 'display',
    ...overrides,
  };
}

function invite(context: ApiContext, safeId: string, body: unknown, key: string = randomUUID()) {
  return request(context.url, `/api/v1/team-safes/${safeId}/invitations`, {
    method: 'POST',
    token: context.admin,
    body,
    headers: { 'idempotency-key': key },
  });
}

const inviteCase = (name: string, overrides: Record<string, unknown>, field: [string, FieldErrorCode]): ApiCase => ({
  name,
  entry: 'POST /team-safes/{id}/invitations',
  run: (context) => invite(context, context.safes.roomy, invitation(overrides)),
  status: 400,
  code: 'invalid_payload',
  field,
});

async function invited(context: ApiContext, safeId: string, overrides: Record<string, unknown> = {}) {
  const key = randomUUID();
  const body = invitation(overrides);
  const answer = await invite(context, safeId, body, key);
  if (answer.status !== 201) throw new Error(`setup invite: ${answer.status} ${answer.text}`);
  const member = (answer.json as { member: { id: string; version: number } }).member;
  return { member, key, body };
}

export const API_CASES: ApiCase[] = [
  // The request itself
  {
    name: 'a body that is not JSON',
    entry: 'POST /auth/sign-in',
    run: (c) => request(c.url, '/api/v1/auth/sign-in', { method: 'POST', rawBody: '{"email": ' }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'a body that is not declared JSON',
    entry: 'POST /auth/sign-in',
    run: (c) =>
      request(c.url, '/api/v1/auth/sign-in', {
        method: 'POST',
        rawBody: 'email=a',
        headers: { 'content-type': 'text/plain' },
      }),
    status: 415,
    code: 'invalid_payload',
  },
  {
    name: 'a body over 64 KiB',
    entry: 'POST /auth/sign-in',
    run: (c) => call(c.url, 'signIn', { body: { email: 'a@example.com', password: 'x'.repeat(70_000) } }),
    status: 413,
    code: 'invalid_payload',
  },
  {
    name: 'a foreign Host header (DNS rebinding)',
    entry: 'any route',
    // node:http (a local address) sends the Host header as given; fetch would replace it.
    run: (c) =>
      request(c.url, '/api/v1/team-safes', {
        token: c.admin,
        headers: { host: 'evil.example' },
        localAddress: '127.0.0.1',
      }),
    status: 421,
    code: 'wrong_host',
  },
  {
    name: 'a foreign Host header on sign-in',
    entry: 'POST /auth/sign-in',
    run: (c) =>
      request(c.url, '/api/v1/auth/sign-in', {
        method: 'POST',
        body: { email: 'a@example.com', password: 'x' },
        headers: { host: 'localhost.evil.example:80' },
        localAddress: '127.0.0.1',
      }),
    status: 421,
    code: 'wrong_host',
  },
  {
    name: 'an unknown endpoint',
    entry: 'GET /api/v1/nothing',
    run: (c) => request(c.url, '/api/v1/nothing', { token: c.admin }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a method the route does not take',
    entry: 'PUT /team-safes',
    run: (c) => request(c.url, '/api/v1/team-safes', { method: 'PUT', token: c.admin, body: {} }),
    status: 405,
    code: 'method_not_allowed',
  },
  {
    name: 'a path parameter with a traversal',
    entry: 'GET /team-safes/{id}/members',
    run: (c) => request(c.url, '/api/v1/team-safes/..%2F..%2Fetc/members', { token: c.admin }),
    status: 400,
    code: 'invalid_payload',
  },
  // Sign-in and tokens
  {
    name: 'sign-in without a password',
    entry: 'POST /auth/sign-in',
    run: (c) => call(c.url, 'signIn', { body: { email: 'a@example.com' } }),
    status: 400,
    code: 'invalid_payload',
    field: ['password', 'required'],
  },
  {
    name: 'sign-in with a malformed e-mail',
    entry: 'POST /auth/sign-in',
    run: (c) => call(c.url, 'signIn', { body: { email: 'not-an-address', password: 'x' } }),
    status: 400,
    code: 'invalid_payload',
    field: ['email', 'invalid_email'],
  },
  {
    name: 'sign-in with a wrong password',
    entry: 'POST /auth/sign-in',
    run: (c) => call(c.url, 'signIn', { body: { email: c.accounts.safeAdmin.email, password: 'Wrong-1234' } }),
    status: 401,
    code: 'invalid_credentials',
  },
  {
    name: 'sign-in as nobody (same answer as a wrong password)',
    entry: 'POST /auth/sign-in',
    run: (c) => call(c.url, 'signIn', { body: { email: unique('nobody'), password: 'Wrong-1234' } }),
    status: 401,
    code: 'invalid_credentials',
  },
  {
    name: 'no token',
    entry: 'GET /team-safes',
    run: (c) => request(c.url, '/api/v1/team-safes'),
    status: 401,
    code: 'session_expired',
  },
  {
    name: 'a forged token',
    entry: 'GET /team-safes',
    run: (c) => request(c.url, '/api/v1/team-safes', { token: 'forged.token.value' }),
    status: 401,
    code: 'session_expired',
  },
  {
    name: 'a forged refresh token',
    entry: 'POST /auth/refresh',
    run: (c) => call(c.url, 'refresh', { body: { refreshToken: 'A'.repeat(43) } }),
    status: 401,
    code: 'session_expired',
  },
  // Team safes and members: access and the existence oracle
  {
    name: 'a safe that does not exist',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: 'ts-nope' },
        query: { status: 'all', offset: 0, limit: 10 },
        token: c.admin,
      }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a safe the caller does not administer (same 404: no existence oracle)',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'all', offset: 0, limit: 10 },
        token: c.safeAdmin,
      }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a page size of 0',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'all', offset: 0, limit: 0 },
        token: c.admin,
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'a page size of 100 000',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'all', offset: 0, limit: 100_000 },
        token: c.admin,
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'an unknown status filter',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'deleted', offset: 0, limit: 10 },
        token: c.admin,
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'a sort by a column that is not one',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'all', offset: 0, limit: 10, sort: 'password_hash' },
        token: c.admin,
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'a search of 10 000 characters',
    entry: 'GET /team-safes/{id}/members',
    run: (c) =>
      call(c.url, 'listMembers', {
        params: { safeId: c.safes.research },
        query: { status: 'all', offset: 0, limit: 10, q: 'x'.repeat(10_000) },
        token: c.admin,
      }),
    status: 400,
    code: 'invalid_payload',
  },
  // Invitations: every field
  inviteCase('an empty name', { name: '' }, ['name', 'required']),
  inviteCase('a name of zero-width spaces only', { name: '\u200B\u200B' }, ['name', 'invisible_only']),
  inviteCase('a name with a right-to-left override', { name: 'Mia \u202EKeller' }, ['name', 'invalid_characters']),
  inviteCase('a name with a NUL', { name: 'Mia\u0000Keller' }, ['name', 'invalid_characters']),
  inviteCase('a name with a line break', { name: 'Mia\r\nKeller' }, ['name', 'invalid_characters']),
  inviteCase('a name with an ESC sequence', { name: 'Mia \u001b[31mKeller' }, ['name', 'invalid_characters']),
  inviteCase('a name of 300 graphemes', { name: 'é'.repeat(300) }, ['name', 'too_long']),
  inviteCase('a malformed e-mail', { email: 'mia@' }, ['email', 'invalid_email']),
  inviteCase('an e-mail with a display name', { email: 'Mia <mia@example.com>' }, ['email', 'invalid_email']),
  inviteCase('an unknown role', { role: 'owner' }, ['role', 'invalid_value']),
  inviteCase('an unknown member language', { language: 'xx' }, ['language', 'invalid_value']),
  inviteCase('SMS without a number', { codeDelivery: 'sms' }, ['mobile', 'required']),
  inviteCase('SMS to an Italian landline', { codeDelivery: 'sms', mobile: { country: 'IT', number: '06 6988 1234' } }, [
    'mobile.number',
    'not_mobile',
  ]),
  inviteCase(
    'SMS to a German number under Switzerland',
    { codeDelivery: 'sms', mobile: { country: 'CH', number: '+49 151 23456789' } },
    ['mobile.number', 'wrong_country'],
  ),
  inviteCase('SMS to letters', { codeDelivery: 'sms', mobile: { country: 'CH', number: 'call me maybe' } }, [
    'mobile.number',
    'invalid_phone',
  ]),
  inviteCase(
    'SMS to a country that does not exist',
    { codeDelivery: 'sms', mobile: { country: 'XX', number: '079 123 45 67' } },
    ['mobile.country', 'invalid_value'],
  ),
  {
    name: 'an invitation without an idempotency key',
    entry: 'POST /team-safes/{id}/invitations',
    run: (c) =>
      request(c.url, `/api/v1/team-safes/${c.safes.research}/invitations`, {
        method: 'POST',
        token: c.admin,
        body: invitation(),
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'an idempotency key reused for another invitation',
    entry: 'POST /team-safes/{id}/invitations',
    async run(c) {
      const { key } = await invited(c, c.safes.roomy);
      return invite(c, c.safes.roomy, invitation(), key);
    },
    status: 409,
    code: 'idempotency_conflict',
  },
  {
    name: 'a replay of an invitation that was revoked since (no resurrection)',
    entry: 'POST /team-safes/{id}/invitations',
    async run(c) {
      const { member, key, body } = await invited(c, c.safes.roomy);
      await request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}/revoke`, {
        method: 'POST',
        token: c.admin,
        headers: { 'if-match': `"${member.version}"` },
      });
      return invite(c, c.safes.roomy, body, key);
    },
    status: 409,
    code: 'not_invited',
  },
  {
    name: 'an address already in the safe',
    entry: 'POST /team-safes/{id}/invitations',
    run: (c) => invite(c, c.safes.roomy, invitation({ email: c.accounts.admin.email })),
    status: 409,
    code: 'already_member',
  },
  {
    name: 'an invitation into a full safe',
    entry: 'POST /team-safes/{id}/invitations',
    run: (c) => invite(c, c.safes.finance, invitation()),
    status: 409,
    code: 'member_limit_reached',
  },
  {
    name: 'a second SMS to the same person at once (throttle)',
    entry: 'POST /team-safes/{id}/members/{id}/resend',
    async run(c) {
      const { member } = await invited(c, c.safes.roomy, {
        codeDelivery: 'sms',
        mobile: { country: 'CH', number: '079 555 01 02' },
      });
      return request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}/resend`, {
        method: 'POST',
        token: c.admin,
        headers: { 'if-match': `"${member.version}"` },
      });
    },
    status: 429,
    code: 'sms_cooldown',
  },
  // Versions and the last administrator
  {
    name: 'a role change without If-Match',
    entry: 'PATCH /team-safes/{id}/members/{id}',
    async run(c) {
      const { member } = await invited(c, c.safes.roomy);
      return request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}`, {
        method: 'PATCH',
        token: c.admin,
        body: { role: 'editor' },
      });
    },
    status: 428,
    code: 'precondition_required',
  },
  {
    name: 'a role change against a stale version (another admin changed it)',
    entry: 'PATCH /team-safes/{id}/members/{id}',
    async run(c) {
      const { member } = await invited(c, c.safes.roomy);
      const first = await request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}`, {
        method: 'PATCH',
        token: c.admin,
        body: { role: 'editor' },
        headers: { 'if-match': `"${member.version}"` },
      });
      if (first.status !== 200) throw new Error(`setup: ${first.status}`);
      return request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}`, {
        method: 'PATCH',
        token: c.admin,
        body: { role: 'archivist' },
        headers: { 'if-match': `"${member.version}"` },
      });
    },
    status: 412,
    code: 'precondition_failed',
  },
  {
    name: 'a malformed If-Match',
    entry: 'PATCH /team-safes/{id}/members/{id}',
    async run(c) {
      const { member } = await invited(c, c.safes.roomy);
      return request(c.url, `/api/v1/team-safes/${c.safes.roomy}/members/${member.id}`, {
        method: 'PATCH',
        token: c.admin,
        body: { role: 'editor' },
        headers: { 'if-match': 'W/"anything"; DROP TABLE members' },
      });
    },
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'demoting the last administrator',
    entry: 'PATCH /team-safes/{id}/members/{id}',
    async run(c) {
      const created = await call(c.url, 'createTeamSafe', {
        token: c.admin,
        body: { name: `Solo ${randomUUID().slice(0, 6)}`, memberLimit: 5 },
      });
      if (created.status !== 201) throw new Error(`setup: ${created.status} ${created.text}`);
      const safeId = (created.json as { id: string }).id;
      const page = await call(c.url, 'listMembers', {
        params: { safeId },
        query: { status: 'all', offset: 0, limit: 10 },
        token: c.admin,
      });
      const me = (page.json as { items: { id: string; version: number }[] }).items[0]!;
      return request(c.url, `/api/v1/team-safes/${safeId}/members/${me.id}`, {
        method: 'PATCH',
        token: c.admin,
        body: { role: 'viewer' },
        headers: { 'if-match': `"${me.version}"` },
      });
    },
    status: 409,
    code: 'last_administrator',
  },
  // Redemption
  {
    name: 'a wrong security code',
    entry: 'POST /invitations/redeem',
    async run(c) {
      const { body } = await invited(c, c.safes.roomy);
      return call(c.url, 'redeemInvitation', { body: { email: body.email, code: 'ZZZZZZZZ' } });
    },
    status: 400,
    code: 'invalid_code',
  },
  {
    name: 'a code that is SQL, for nobody',
    entry: 'POST /invitations/redeem',
    run: (c) => call(c.url, 'redeemInvitation', { body: { email: unique('x'), code: "' OR 1=1; --" } }),
    status: 400,
    code: 'invalid_code',
  },
  // Security groups
  {
    name: 'a bulk add of 51 entries',
    entry: 'POST /security-groups/{id}/members/bulk',
    run: (c) =>
      call(c.url, 'bulkAddGroupMembers', {
        params: { groupId: 'sg-developers' },
        token: c.admin,
        body: { entries: Array.from({ length: 51 }, (_, index) => `p${index}@example.com`).join(', ') },
      }),
    status: 400,
    code: 'too_many_entries',
  },
  {
    name: 'a bulk add of nothing but commas',
    entry: 'POST /security-groups/{id}/members/bulk',
    run: (c) =>
      call(c.url, 'bulkAddGroupMembers', {
        params: { groupId: 'sg-developers' },
        token: c.admin,
        body: { entries: ' , ,, ' },
      }),
    status: 400,
    code: 'no_entries',
  },
  {
    name: 'adding a user who does not exist',
    entry: 'POST /security-groups/{id}/members',
    run: (c) =>
      call(c.url, 'addGroupMember', {
        params: { groupId: 'sg-developers' },
        token: c.admin,
        body: { userId: 'u-nobody' },
      }),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'security groups for someone who is not an organisation administrator',
    entry: 'GET /security-groups',
    run: (c) => call(c.url, 'listSecurityGroups', { token: c.safeAdmin }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a group definition by an organisation administrator (support only)',
    entry: 'POST /support/security-groups',
    run: (c) =>
      call(c.url, 'supportCreateSecurityGroup', { token: c.admin, body: { name: 'Mine', permissions: ['apiKeys'] } }),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a group name with a line break (support)',
    entry: 'POST /support/security-groups',
    run: (c) =>
      request(c.url, '/api/v1/support/security-groups', {
        method: 'POST',
        headers: { 'x-support-token': c.supportToken },
        body: { orgId: 'org-helvetia', name: 'Ops\nteam', permissions: ['apiKeys'] },
      }),
    status: 400,
    code: 'invalid_payload',
  },
  {
    name: 'an API key without the feature permission',
    entry: 'POST /api-keys',
    run: (c) => call(c.url, 'createApiKey', { token: c.plainUser, body: { label: 'ci' } }),
    status: 403,
    code: 'permission_required',
  },
  // The dev outbox
  {
    name: 'the dev SMS outbox without a token',
    entry: `GET ${DEV_SMS_OUTBOX_PATH}`,
    run: (c) => request(c.url, DEV_SMS_OUTBOX_PATH),
    status: 401,
    code: 'session_expired',
  },
  {
    name: 'the dev SMS outbox for a safe administrator who is not an organisation administrator',
    entry: `GET ${DEV_SMS_OUTBOX_PATH}`,
    run: (c) => request(c.url, DEV_SMS_OUTBOX_PATH, { token: c.safeAdmin }),
    status: 403,
    code: 'forbidden',
  },
];

/** Lock-out by strangers: their failures slow them down, never the owner at another address. */
export async function strangerFailures(context: ApiContext): Promise<{ stranger: Answer; owner: Answer }> {
  const email = context.accounts.safeAdmin.email;
  let stranger: Answer | null = null;
  for (let attempt = 0; attempt < 12; attempt += 1) {
    stranger = await call(context.url, 'signIn', {
      body: { email, password: `Guess-${attempt}` },
      localAddress: '127.0.0.7',
    });
    if (stranger.status === 429) break;
  }
  const owner = await call(context.url, 'signIn', {
    body: { email, password: context.accounts.safeAdmin.password },
    localAddress: '127.0.0.8',
  });
  return { stranger: stranger!, owner };
}
