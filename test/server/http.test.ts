import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { credentialOf, routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { ApiErrorBody } from '../../shared/api/schemas.ts';
import { MAX_BODY_BYTES } from '../../server/app.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed.ts';
import { asciiJson } from '../../server/http.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { powerSamples } from './power-samples.ts';
import { call, errorOf, request, signIn, type Answer } from './request.ts';

/** Send a chunked body without Content-Length, the way a streaming client would. */
function postChunked(url: string, path: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    req.on('response', (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

const SUPPORT_TOKEN = 'http-test-support-token-0123456789';

describe('HTTP behaviour', () => {
  let server: SeededServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    server = await startSeededServer({ log: (line) => logLines.push(line), supportToken: SUPPORT_TOKEN });
  });
  afterAll(() => server.close());

  const expectError = (answer: Answer, status: number, code: string) => {
    expect(answer.status).toBe(status);
    expect(ApiErrorBody.safeParse(answer.json).success).toBe(true);
    expect(errorOf(answer).code).toBe(code);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
  };

  it('answers health', async () => {
    const answer = await request(server.url, '/api/v1/health');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ status: 'ok' });
  });

  it('answers in ASCII: other characters as JSON escapes, read back the same', async () => {
    const names = { latin: 'Zoë Müller', cjk: '山田 太郎', pair: '😀', controls: 'a\u0000b\n' };
    expect(asciiJson(names)).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.parse(asciiJson(names))).toEqual(names);
    const { accessToken } = await signIn(server.url, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password);
    const answer = await call(server.url, 'listMemberChanges', {
      params: { safeId: 'safe-finance' },
      token: accessToken,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toMatch(/^[\x20-\x7e]*$/);
    expect(JSON.stringify(answer.json)).toContain('山田 太郎');
  });

  it('listens on loopback and reports its origin without a trailing slash', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('rejects malformed JSON with 400 invalid_payload', async () => {
    const answer = await request(server.url, routes.signIn.path, { method: 'POST', rawBody: '{"email": "a@b.c",' });
    expectError(answer, 400, 'invalid_payload');
    const empty = await request(server.url, routes.signIn.path, { method: 'POST', rawBody: '' });
    expectError(empty, 400, 'invalid_payload');
  });

  it('rejects a body that is not JSON by content type', async () => {
    const answer = await request(server.url, routes.signIn.path, {
      method: 'POST',
      rawBody: 'email=a@b.c&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(answer, 415, 'invalid_payload');
  });

  it('rejects a body over 64 KiB with 413, declared or streamed', async () => {
    const big = JSON.stringify({ email: 'anna.muster@demo.example', password: 'x'.repeat(MAX_BODY_BYTES) });
    const declared = await request(server.url, routes.signIn.path, { method: 'POST', rawBody: big });
    expectError(declared, 413, 'invalid_payload');

    const chunk = 'x'.repeat(16 * 1024);
    const streamed = await postChunked(server.url, routes.signIn.path, [
      '{"email":"anna.muster@demo.example","password":"',
      ...Array<string>(6).fill(chunk),
      '"}',
    ]);
    expect(streamed.status).toBe(413);
    expect(ApiErrorBody.parse(JSON.parse(streamed.body)).error.code).toBe('invalid_payload');

    // a body just under the limit is read (and then judged on its content)
    const fits = JSON.stringify({ email: 'x@demo.example', password: 'x'.repeat(1000) });
    expect((await request(server.url, routes.signIn.path, { method: 'POST', rawBody: fits })).status).toBe(401);
    // and the server still answers normally afterwards
    expect((await request(server.url, '/api/v1/health')).status).toBe(200);
  });

  it('answers unknown routes with 404 and wrong methods with 405 and Allow', async () => {
    expectError(await request(server.url, '/api/v1/nope'), 404, 'not_found');
    expectError(await request(server.url, '/api/v1/team-safes/'), 404, 'not_found');
    const wrongMethod = await request(server.url, routes.signIn.path);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(errorOf(wrongMethod).code).toBe('method_not_allowed');
    const deleteSafes = await request(server.url, routes.listTeamSafes.path, { method: 'DELETE' });
    expect(deleteSafes.status).toBe(405);
    expect(deleteSafes.headers.get('allow')).toBe('GET, POST'); // list and create (createTeamSafe)
    expect(errorOf(deleteSafes).code).toBe('method_not_allowed');
    const postHealth = await request(server.url, '/api/v1/health', { method: 'POST' });
    expectError(postHealth, 405, 'method_not_allowed');
    expect(postHealth.headers.get('allow')).toBe('GET');
  });

  it('marks API answers as not cacheable', async () => {
    const answer = await call(server.url, 'signIn', { body: { email: 'x@demo.example', password: 'x' } });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });

  const groupSamples = (token: string, lucaToken: string) => {
    const support = (method: string, path: string, body: unknown) =>
      request(server.url, path, { method, body, headers: { 'x-support-token': SUPPORT_TOKEN } });
    const groupId = 'sg-developers';
    return {
      listPermissions: () => call(server.url, 'listPermissions', { token }),
      permissionMatrix: () => call(server.url, 'permissionMatrix', { query: { permission: 'apiKeys' }, token }),
      listSecurityGroups: () => call(server.url, 'listSecurityGroups', { token }),
      listGroupMembers: () => call(server.url, 'listGroupMembers', { params: { groupId }, query: { q: 'a' }, token }),
      addGroupMember: () =>
        call(server.url, 'addGroupMember', { params: { groupId }, body: { userId: 'u-thomas-keller' }, token }),
      removeGroupMembers: () =>
        call(server.url, 'removeGroupMembers', { params: { groupId }, body: { userIds: ['u-thomas-keller'] }, token }),
      bulkAddGroupMembers: () =>
        call(server.url, 'bulkAddGroupMembers', {
          params: { groupId },
          body: { entries: 'Thomas <thomas.keller@demo.example>, nobody@demo.example, x, THOMAS.KELLER@demo.example' },
          token,
        }),
      searchUsers: () => call(server.url, 'searchUsers', { query: { q: 'kel' }, token }),
      userPermissions: () =>
        call(server.url, 'userPermissions', { params: { userId: server.accounts.safeAdmin.userId }, token }),
      supportCreateSecurityGroup: () =>
        support('POST', routes.supportCreateSecurityGroup.path, {
          orgId: 'org-helvetia',
          name: 'HTTP Test Group',
          permissions: ['dropzoneManager.configure'],
        }),
      supportUpdateSecurityGroup: () =>
        support('PATCH', routePath(routes.supportUpdateSecurityGroup.path, { groupId: 'sg-device-admins' }), {
          name: 'Device Admins',
        }),
      createTeamSafe: () => call(server.url, 'createTeamSafe', { body: { name: 'HTTP test safe' }, token }),
      createApiKey: () => call(server.url, 'createApiKey', { body: { label: 'ci' }, token: lucaToken }),
      registerTrustedDevice: () =>
        call(server.url, 'registerTrustedDevice', {
          body: { name: 'Laptop', publicKey: 'A'.repeat(44) },
          token,
        }),
      createDropzone: () => call(server.url, 'createDropzone', { body: { name: 'Inbox' }, token: lucaToken }),
      updateDropzone: async () => {
        const created = await call(server.url, 'createDropzone', { body: { name: 'Inbox 2' }, token: lucaToken });
        const { id } = routes.createDropzone.response.parse(created.json);
        return call(server.url, 'updateDropzone', {
          params: { dropzoneId: id },
          body: { active: false },
          token: lucaToken,
        });
      },
    };
  };

  const memberSamples = (token: string) => {
    const safeId = 'safe-research';
    let counter = 0;
    const invite = async () => {
      counter += 1;
      const answer = await request(server.url, routePath(routes.inviteMember.path, { safeId }), {
        method: 'POST',
        token,
        headers: { 'idempotency-key': `http-test-invitation-${counter}` },
        body: {
          name: `Sample ${counter}`,
          email: `sample-${counter}@http.example`,
          role: 'viewer',
          language: 'en',
          codeDelivery: 'display',
        },
      });
      return { answer, result: routes.inviteMember.response.parse(answer.json) };
    };
    const onMember = async (name: RouteName, body?: unknown) => {
      const { member } = (await invite()).result;
      const route = routes[name];
      return request(server.url, routePath(route.path, { safeId, memberId: member.id }), {
        method: route.method,
        token,
        headers: { 'if-match': `"${member.version}"` },
        ...(body === undefined ? {} : { body }),
      });
    };
    return {
      getMember: () => call(server.url, 'getMember', { params: { safeId, memberId: 'm-research-02' }, token }),
      inviteMember: async () => (await invite()).answer,
      resendInvitation: () => onMember('resendInvitation'),
      revokeInvitation: () => onMember('revokeInvitation'),
      changeMemberRole: () => onMember('changeMemberRole', { role: 'editor' }),
      removeMember: () => onMember('removeMember'),
      redeemInvitation: async () => {
        const { result } = await invite();
        return call(server.url, 'redeemInvitation', {
          body: { email: result.member.email, code: result.securityCode },
        });
      },
      listSafeAudit: () => call(server.url, 'listSafeAudit', { params: { safeId }, token }),
    };
  };

  it('answers every route with a body that matches its response schema', async () => {
    const { admin } = server.accounts;
    const tokens = await signIn(server.url, admin.email, admin.password);
    const token = tokens.accessToken;
    // one real call per route; `satisfies` makes a new route in the table fail to compile here
    const samples = {
      signIn: () => call(server.url, 'signIn', { body: { email: admin.email, password: admin.password } }),
      refresh: async () => {
        const fresh = await signIn(server.url, admin.email, admin.password);
        return call(server.url, 'refresh', { body: { refreshToken: fresh.refreshToken } });
      },
      signOut: async () => {
        const fresh = await signIn(server.url, admin.email, admin.password);
        return call(server.url, 'signOut', { body: { refreshToken: fresh.refreshToken } });
      },
      me: () => call(server.url, 'me', { token }),
      listTeamSafes: () => call(server.url, 'listTeamSafes', { token }),
      listMembers: () => call(server.url, 'listMembers', { params: { safeId: 'safe-research' }, token }),
      // change feeds of the offline cache
      listMemberChanges: () =>
        call(server.url, 'listMemberChanges', { params: { safeId: 'safe-research' }, query: { limit: 5 }, token }),
      listGroupChanges: () => call(server.url, 'listGroupChanges', { query: { since: '', limit: 5 }, token }),
      // security groups (Luca is in Developers and Dropzone Team, Anna in Workspace Owners and Device Admins)
      ...groupSamples(token, (await signIn(server.url, server.accounts.safeAdmin.email, DEMO_PASSWORD)).accessToken),
      // member lifecycle: each sample invites its own member into Research
      ...memberSamples(token),
      // admin power features, in Legal & Compliance
      ...powerSamples(server, token),
    } satisfies Record<RouteName, () => Promise<Answer>>;

    for (const name of Object.keys(routes) as RouteName[]) {
      const route = routes[name];
      const answer = await samples[name]();
      expect(answer.status, name).toBe(route.status);
      if (route.response === null) {
        expect(answer.text, name).toBe('');
      } else {
        const schema: z.ZodType = route.response;
        const parsed = schema.safeParse(answer.json);
        expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
        // nothing beyond the schema is sent
        expect(answer.json, name).toEqual(parsed.data);
      }
    }
  });

  it('turns an unexpected failure into a 500 server_error and logs it', async () => {
    const { admin } = server.accounts;
    const token = (await signIn(server.url, admin.email, admin.password)).accessToken;
    server.db.exec('ALTER TABLE team_safes RENAME TO team_safes_away');
    try {
      logLines.length = 0;
      const answer = await call(server.url, 'listTeamSafes', { token });
      expectError(answer, 500, 'server_error');
      expect(errorOf(answer).message).not.toMatch(/team_safes|sqlite/i);
      expect(logLines.some((line) => line.startsWith('error in GET /api/v1/team-safes'))).toBe(true);
      // the request line is written when the connection's 'close' event comes, after the answer
      await expect.poll(() => logLines).toContainEqual(expect.stringMatching(/^GET \/api\/v1\/team-safes 500 \d+ms$/));
    } finally {
      server.db.exec('ALTER TABLE team_safes_away RENAME TO team_safes');
    }
    expect((await call(server.url, 'listTeamSafes', { token })).status).toBe(200);
  });
});

describe('openapi.json', () => {
  let server: SeededServer;
  let document: {
    openapi: string;
    paths: Record<string, Record<string, Record<string, unknown>>>;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    server = await startSeededServer();
    const answer = await request(server.url, '/openapi.json');
    expect(answer.status).toBe(200);
    document = JSON.parse(answer.text) as typeof document;
  });
  afterAll(() => server.close());

  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas).toHaveProperty('ApiError');
  });

  it('describes every route of the shared table', () => {
    for (const [name, route] of Object.entries(routes)) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation, `${route.method} ${route.path}`).toBeDefined();
      expect(operation?.operationId).toBe(name);
      expect(operation?.summary).toBe(route.summary);
      const security = { none: [], bearer: [{ bearerAuth: [] }], supportToken: [{ supportToken: [] }] }[
        credentialOf(route.access)
      ];
      expect(operation?.security).toEqual(security);
      expect(operation?.['x-access']).toBe(route.access);
      expect(Object.keys(operation?.responses as object)).toContain(String(route.status));
    }
  });

  it('generates parameters and bodies from the schemas', () => {
    const listMembers = document.paths[routes.listMembers.path]?.get as {
      parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
    };
    expect(listMembers.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
      ['safeId', 'path', true],
      ['status', 'query', false],
      ['offset', 'query', false],
      ['limit', 'query', false],
      ['q', 'query', false],
      ['sort', 'query', false],
      ['dir', 'query', false],
    ]);
    expect(listMembers.parameters.find((p) => p.name === 'limit')?.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 500,
    });
    const signInBody = document.paths[routes.signIn.path]?.post?.requestBody as {
      content: { 'application/json': { schema: { properties: object; required: string[] } } };
    };
    expect(signInBody.content['application/json'].schema.required).toEqual(['email', 'password']);
    const membersResponse = (
      document.paths[routes.listMembers.path]?.get?.responses as Record<
        string,
        { content?: { 'application/json': { schema: { required: string[] } } } }
      >
    )['200'];
    expect(membersResponse?.content?.['application/json'].schema.required).toEqual(
      expect.arrayContaining(['items', 'total', 'offset', 'counts', 'memberLimit']),
    );
  });
});
