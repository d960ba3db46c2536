/**
 * Access is declared on each route of the shared table and enforced once, by
 * the router. These tests walk the table: every route is called with valid
 * input by callers who lack its access, and must be refused before its
 * handler runs (nothing written).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialOf, routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { errorOf, request, signIn, type Answer } from './request.ts';

interface Sample {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

const SAFE = 'safe-finance'; // Sophie is a Viewer and Luca an Editor here: members, not administrators
const MEMBER = { safeId: SAFE, memberId: 'm-finance-05' };
const GROUP = { groupId: 'sg-developers' };
const SUPPORT_TOKEN = 'access-test-support-token-0123456789';

/** Valid input for every route; `satisfies` makes a new route fail to compile here until it has one. */
const SAMPLES = {
  signIn: { body: { email: 'nobody@demo.example', password: 'x' } },
  refresh: { body: { refreshToken: 'not-a-token' } },
  signOut: { body: { refreshToken: 'not-a-token' } },
  me: {},
  listTeamSafes: {},
  listMembers: { params: { safeId: SAFE } },
  listMemberChanges: { params: { safeId: SAFE } },
  getMember: { params: MEMBER },
  inviteMember: {
    params: { safeId: SAFE },
    headers: { 'idempotency-key': 'access-test-0001' },
    body: { name: 'Eve', email: 'eve@access.example', role: 'viewer', language: 'en', codeDelivery: 'display' },
  },
  resendInvitation: { params: MEMBER, headers: { 'if-match': '"1"' } },
  revokeInvitation: { params: MEMBER, headers: { 'if-match': '"1"' } },
  changeMemberRole: { params: MEMBER, headers: { 'if-match': '"1"' }, body: { role: 'editor' } },
  removeMember: { params: MEMBER, headers: { 'if-match': '"1"' } },
  redeemInvitation: { body: { email: 'nobody@demo.example', code: 'AAAAAAAA' } },
  listSafeAudit: { params: { safeId: SAFE } },
  listPermissions: {},
  permissionMatrix: {},
  listSecurityGroups: {},
  listGroupMembers: { params: GROUP },
  addGroupMember: { params: GROUP, body: { userId: 'u-thomas-keller' } },
  removeGroupMembers: { params: GROUP, body: { userIds: ['u-luca-bernasconi'] } },
  bulkAddGroupMembers: { params: GROUP, body: { entries: 'thomas.keller@demo.example' } },
  listGroupChanges: {},
  searchUsers: { query: { q: 'a' } },
  userPermissions: { params: { userId: 'u-anna-muster' } },
  supportCreateSecurityGroup: { body: { orgId: 'org-helvetia', name: 'Access Test', permissions: ['apiKeys'] } },
  supportUpdateSecurityGroup: { params: GROUP, body: { name: 'Renamed' } },
  createTeamSafe: { body: { name: 'Access test safe' } },
  createApiKey: { body: { label: 'ci' } },
  registerTrustedDevice: { body: { name: 'Laptop', publicKey: 'A'.repeat(44) } },
  createDropzone: { body: { name: 'Inbox' } },
  updateDropzone: { params: { dropzoneId: 'dz-none' }, body: { active: false } },
  // admin power features
  listSafeAuditChanges: { params: { safeId: SAFE } },
  listGroupAudit: { query: { groupId: GROUP.groupId } },
  listSafeInvitations: { params: { safeId: SAFE }, query: { state: 'expired' } },
  listInvitations: {},
  bulkInviteMembers: {
    params: { safeId: SAFE },
    body: { dryRun: false, rows: [{ key: 'access-test-row-1', name: 'Eve', email: 'eve@access.example' }] },
  },
  bulkResendInvitations: { params: { safeId: SAFE }, body: { items: [{ memberId: 'm-finance-05', version: 1 }] } },
  bulkRevokeInvitations: { params: { safeId: SAFE }, body: { items: [{ memberId: 'm-finance-05', version: 1 }] } },
  undoMemberChange: { params: MEMBER, headers: { 'if-match': '"1"' } },
  restoreGroupMembers: { params: GROUP, body: { userIds: ['u-luca-bernasconi'] } },
} satisfies Record<RouteName, Sample>;

const NAMES = Object.keys(routes) as RouteName[];

describe('route access, enforced by the router', () => {
  let server: SeededServer;
  let tokens: { luca: string; sophie: string };

  const send = (name: RouteName, token?: string, extraHeaders: Record<string, string> = {}): Promise<Answer> => {
    const route = routes[name];
    const sample: Sample = SAMPLES[name];
    const url = new URL(routePath(route.path, sample.params), server.url);
    for (const [key, value] of Object.entries(sample.query ?? {})) url.searchParams.set(key, value);
    return request(server.url, url.pathname + url.search, {
      method: route.method,
      ...(token ? { token } : {}),
      headers: { ...sample.headers, ...extraHeaders },
      ...(sample.body === undefined ? {} : { body: sample.body }),
    });
  };

  /** Everything a handler could write. */
  const writes = () =>
    server.db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM audit_log) AS audit, (SELECT COUNT(*) FROM safe_members) AS members,
                (SELECT COUNT(*) FROM security_group_members) AS memberships, (SELECT COUNT(*) FROM api_keys) AS keys`,
      )
      .get();

  beforeAll(async () => {
    server = await startSeededServer({ supportToken: SUPPORT_TOKEN });
    const { safeAdmin, plainUser } = server.accounts;
    tokens = {
      luca: (await signIn(server.url, safeAdmin.email, safeAdmin.password)).accessToken,
      sophie: (await signIn(server.url, plainUser.email, plainUser.password)).accessToken,
    };
  });
  afterAll(() => server.close());

  it('declares an access level on every route, and a path parameter for the levels that read one', () => {
    for (const name of NAMES) {
      const route = routes[name];
      expect(['public', 'user', 'selfOrOrgAdmin', 'orgAdmin', 'safeAdmin', 'support'], name).toContain(route.access);
      if (route.access === 'safeAdmin') expect(route.path, name).toContain('{safeId}');
      if (route.access === 'selfOrOrgAdmin') expect(route.path, name).toContain('{userId}');
    }
  });

  it('answers 401 on every bearer route without a token, and 403 on every support route without the support token', async () => {
    const before = writes();
    for (const name of NAMES) {
      const credential = credentialOf(routes[name].access);
      if (credential === 'none') continue;
      const answer = await send(name);
      if (credential === 'bearer') {
        expect(answer.status, name).toBe(401);
        expect(errorOf(answer).code, name).toBe('session_expired');
      } else {
        expect(answer.status, name).toBe(403);
        expect(errorOf(answer).code, name).toBe('forbidden');
        // a user's bearer token is no support token
        expect((await send(name, tokens.sophie)).status, name).toBe(403);
      }
    }
    expect(writes()).toEqual(before);
  });

  it('refuses organisation-administrator routes to a user who administers no organisation', async () => {
    const before = writes();
    for (const name of NAMES.filter((n) => ['orgAdmin', 'selfOrOrgAdmin'].includes(routes[n].access))) {
      const answer = await send(name, tokens.luca);
      expect(answer.status, name).toBe(403);
      expect(errorOf(answer).code, name).toBe('forbidden');
    }
    expect(writes()).toEqual(before);
  });

  it('lets a user read their own permissions (selfOrOrgAdmin)', async () => {
    const answer = await request(
      server.url,
      routePath(routes.userPermissions.path, { userId: server.accounts.plainUser.userId }),
      { token: tokens.sophie },
    );
    expect(answer.status).toBe(200);
  });

  it('refuses safe-administrator routes to members of the safe who do not administer it', async () => {
    const before = writes();
    for (const name of NAMES.filter((n) => routes[n].access === 'safeAdmin')) {
      for (const token of [tokens.sophie, tokens.luca]) {
        const answer = await send(name, token);
        expect(answer.status, name).toBe(403);
        expect(errorOf(answer).code, name).toBe('forbidden');
      }
    }
    expect(writes()).toEqual(before);
  });

  it('answers 404 to a non-member for a safe they may not see, exactly as for a safe that does not exist', async () => {
    const before = writes();
    const routeNames = NAMES.filter((n) => routes[n].access === 'safeAdmin');
    // Sophie is in Finance only; Legal & Compliance exists
    for (const name of routeNames) {
      const sample: Sample = SAMPLES[name];
      const route = routes[name];
      const ask = (safeId: string) =>
        request(server.url, routePath(route.path, { ...sample.params, safeId }), {
          method: route.method,
          token: tokens.sophie,
          headers: { ...sample.headers },
          ...(sample.body === undefined ? {} : { body: sample.body }),
        });
      const hidden = await ask('safe-legal');
      const missing = await ask('safe-does-not-exist');
      expect(hidden.status, name).toBe(404);
      expect(hidden.json, name).toEqual(missing.json);
    }
    expect(writes()).toEqual(before);
  });

  it('refuses a route that needs a feature permission, naming it, before the handler runs', async () => {
    const before = writes();
    const guarded = NAMES.filter((n) => 'permission' in routes[n]);
    expect(guarded.length).toBeGreaterThan(0);
    for (const name of guarded) {
      const answer = await send(name, tokens.sophie);
      expect(answer.status, name).toBe(403);
      expect(errorOf(answer), name).toMatchObject({
        code: 'permission_required',
        permission: (routes[name] as { permission: string }).permission,
      });
    }
    expect(writes()).toEqual(before);
  });
});
