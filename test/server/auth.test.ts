import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { call, errorOf, request, signIn } from './request.ts';

const START = Date.parse('2026-03-02T09:00:00.000Z');
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('sign-in', () => {
  let server: SeededServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    server = await startSeededServer({ log: (line) => logLines.push(line) });
  });
  afterAll(() => server.close());

  it('returns tokens and the user for the right password, whatever the e-mail case', async () => {
    const { admin } = server.accounts;
    const answer = await call(server.url, 'signIn', {
      body: { email: `  ${admin.email.toUpperCase()} `, password: admin.password },
    });
    expect(answer.status).toBe(200);
    const tokens = routes.signIn.response.parse(answer.json);
    expect(tokens.user).toEqual({ id: admin.userId, name: admin.name, email: admin.email, language: admin.language });
    expect(tokens.accessTokenExpiresIn).toBe(900);
    expect(tokens.accessToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.refreshToken).not.toBe(tokens.accessToken);
  });

  it('answers a wrong password and an unknown e-mail with the same 401', async () => {
    const { admin } = server.accounts;
    const wrong = await call(server.url, 'signIn', { body: { email: admin.email, password: 'Demo-Safe-2025' } });
    const unknown = await call(server.url, 'signIn', {
      body: { email: 'nobody@demo.example', password: admin.password },
    });
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(errorOf(answer)).toEqual({ code: 'invalid_credentials', message: 'E-mail or password is wrong.' });
    }
    expect(wrong.text).toBe(unknown.text);
  });

  it('refuses a user who has no password (registered but never set one)', async () => {
    const answer = await call(server.url, 'signIn', { body: { email: 'zoe.mueller@demo.example', password: 'x' } });
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('invalid_credentials');
  });

  it('rejects an invalid body with field errors', async () => {
    const answer = await call(server.url, 'signIn', { body: { email: 'not-an-address', password: '' } });
    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({
      code: 'invalid_payload',
      fields: { email: 'invalid_email', password: 'required' },
    });
  });

  it('stores an scrypt hash, never the password, and only hashes of tokens', async () => {
    const { admin } = server.accounts;
    const tokens = await signIn(server.url, admin.email, admin.password);
    const row = server.db.prepare('SELECT password_hash FROM users WHERE email = ?').get(admin.email) as {
      password_hash: string;
    };
    // the tests' cheaper cost (TEST_PASSWORD_COST); the production cost is checked in password.test.ts
    expect(row.password_hash).toMatch(/^scrypt\$4096\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{88}$/);
    expect(row.password_hash).not.toContain(admin.password);

    const access = server.db.prepare('SELECT token_hash FROM access_tokens WHERE token_hash = ?');
    const refresh = server.db.prepare('SELECT token_hash FROM refresh_tokens WHERE token_hash = ?');
    expect(access.get(sha256(tokens.accessToken))).toBeDefined();
    expect(refresh.get(sha256(tokens.refreshToken))).toBeDefined();
    expect(access.get(tokens.accessToken)).toBeUndefined();

    server.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    const file = readFileSync(server.dbPath).toString('latin1');
    expect(file).not.toContain(admin.password);
    expect(file).not.toContain(tokens.accessToken);
    expect(file).not.toContain(tokens.refreshToken);
  });

  it('never logs passwords or tokens; logs one line per request', async () => {
    const { admin } = server.accounts;
    logLines.length = 0;
    const tokens = await signIn(server.url, admin.email, admin.password);
    await call(server.url, 'me', { token: tokens.accessToken });
    await call(server.url, 'signIn', { body: { email: admin.email, password: 'wrong-Secret-1' } });
    await call(server.url, 'refresh', { body: { refreshToken: tokens.refreshToken } });
    // request lines are written on the connection's 'close' event, after the answer
    await expect
      .poll(() => logLines)
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^POST \/api\/v1\/auth\/sign-in 200 \d+ms$/),
          expect.stringMatching(/^GET \/api\/v1\/me 200 \d+ms$/),
          expect.stringMatching(/^POST \/api\/v1\/auth\/sign-in 401 \d+ms$/),
          expect.stringMatching(/^POST \/api\/v1\/auth\/refresh 200 \d+ms$/),
        ]),
      );
    const all = logLines.join('\n');
    for (const secret of [admin.password, 'wrong-Secret-1', tokens.accessToken, tokens.refreshToken]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('sessions', () => {
  let server: SeededServer;
  let clock = START;
  beforeAll(async () => {
    server = await startSeededServer({ now: () => clock, accessTokenTtlSeconds: 60 });
  });
  afterAll(() => server.close());
  afterEach(() => {
    clock = START;
  });

  const signInAdmin = () => signIn(server.url, server.accounts.admin.email, server.accounts.admin.password);
  const me = (token: string) => call(server.url, 'me', { token });
  const refresh = (refreshToken: string) => call(server.url, 'refresh', { body: { refreshToken } });

  it('me answers the signed-in user; no, unknown or malformed tokens get session_expired', async () => {
    const tokens = await signInAdmin();
    const answer = await me(tokens.accessToken);
    expect(answer.status).toBe(200);
    expect(routes.me.response.parse(answer.json).email).toBe(server.accounts.admin.email);

    const missing = await request(server.url, routes.me.path);
    const unknown = await me('A'.repeat(43));
    const basic = await request(server.url, routes.me.path, { headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } });
    const refreshAsAccess = await me(tokens.refreshToken);
    for (const failure of [missing, unknown, basic, refreshAsAccess]) {
      expect(failure.status).toBe(401);
      expect(errorOf(failure).code).toBe('session_expired');
    }
  });

  it('access tokens expire after their TTL; the refresh token still works', async () => {
    const tokens = await signInAdmin();
    expect(tokens.accessTokenExpiresIn).toBe(60);
    clock = START + 59_000;
    expect((await me(tokens.accessToken)).status).toBe(200);
    clock = START + 60_000;
    const expired = await me(tokens.accessToken);
    expect(expired.status).toBe(401);
    expect(errorOf(expired).code).toBe('session_expired');

    const renewed = await refresh(tokens.refreshToken);
    expect(renewed.status).toBe(200);
    const next = routes.refresh.response.parse(renewed.json);
    expect((await me(next.accessToken)).status).toBe(200);
  });

  it('refresh tokens expire after 30 days', async () => {
    const tokens = await signInAdmin();
    clock = START + 30 * 24 * 3600 * 1000 + 1000;
    const answer = await refresh(tokens.refreshToken);
    expect(answer.status).toBe(401);
    expect(errorOf(answer).code).toBe('session_expired');
  });

  it('rotates refresh tokens: each one works once', async () => {
    const first = await signInAdmin();
    const second = routes.refresh.response.parse((await refresh(first.refreshToken)).json);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.user.id).toBe(server.accounts.admin.userId);
    const third = await refresh(second.refreshToken);
    expect(third.status).toBe(200);
    expect((await me(routes.refresh.response.parse(third.json).accessToken)).status).toBe(200);
  });

  it('reusing a spent refresh token revokes the whole session', async () => {
    const first = await signInAdmin();
    const other = await signInAdmin(); // a second, unrelated session
    const second = routes.refresh.response.parse((await refresh(first.refreshToken)).json);

    const reuse = await refresh(first.refreshToken);
    expect(reuse.status).toBe(401);
    expect(errorOf(reuse).code).toBe('session_expired');

    // everything of that session is dead now, including the token issued legitimately
    expect((await refresh(second.refreshToken)).status).toBe(401);
    expect((await me(second.accessToken)).status).toBe(401);
    expect((await me(first.accessToken)).status).toBe(401);
    // the other session is untouched
    expect((await me(other.accessToken)).status).toBe(200);
  });

  it('sign-out revokes the session: no access, no refresh; other sessions keep working', async () => {
    const tokens = await signInAdmin();
    const other = await signInAdmin();
    const answer = await call(server.url, 'signOut', { body: { refreshToken: tokens.refreshToken } });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect((await me(tokens.accessToken)).status).toBe(401);
    expect((await refresh(tokens.refreshToken)).status).toBe(401);
    expect((await me(other.accessToken)).status).toBe(200);
    // signing out twice, or with an unknown token, is harmless
    expect((await call(server.url, 'signOut', { body: { refreshToken: tokens.refreshToken } })).status).toBe(204);
    expect((await call(server.url, 'signOut', { body: { refreshToken: 'unknown' } })).status).toBe(204);
  });

  it('refuses an unknown refresh token and an empty one', async () => {
    const unknown = await refresh('x'.repeat(43));
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown).code).toBe('session_expired');
    const empty = await refresh('');
    expect(empty.status).toBe(400);
    expect(errorOf(empty).fields).toHaveProperty('refreshToken');
  });
});

describe('failed sign-in throttle', () => {
  let server: SeededServer;
  let clock = START;
  beforeAll(async () => {
    server = await startSeededServer({
      now: () => clock,
      rateLimit: { pairFreeFailures: 3, addressFreeFailures: 8, baseDelayMs: 1000, maxDelayMs: 60_000 },
    });
  });
  afterAll(() => server.close());

  const STRANGER = '127.0.0.2';
  const attempt = (email: string, password: string, localAddress?: string) =>
    call(server.url, 'signIn', { body: { email, password }, ...(localAddress ? { localAddress } : {}) });

  it('slows an (account, address) pair with growing delays, answering 429 with Retry-After before the password is checked', async () => {
    clock = START;
    const { safeAdmin } = server.accounts;
    for (let i = 0; i < 3; i++) expect((await attempt(safeAdmin.email, `wrong-${i}`)).status).toBe(401);
    // even the right password waits now
    const blocked = await attempt(safeAdmin.email.toUpperCase(), safeAdmin.password);
    expect(blocked.status).toBe(429);
    expect(errorOf(blocked)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(blocked.headers.get('retry-after')).toBe('1');
    clock += 1000;
    expect((await attempt(safeAdmin.email, 'wrong-3')).status).toBe(401);
    const longer = await attempt(safeAdmin.email, safeAdmin.password);
    expect(errorOf(longer).retryAfterSeconds).toBe(2);
    expect(longer.headers.get('retry-after')).toBe('2');

    // another account from the same address is not affected
    expect((await attempt(server.accounts.admin.email, server.accounts.admin.password)).status).toBe(200);

    clock += 2000;
    expect((await attempt(safeAdmin.email, safeAdmin.password)).status).toBe(200);
  });

  it('never lets a stranger elsewhere block the owner: the right password from an address that has not failed goes through', async () => {
    clock = START + 10 * 60_000;
    const { plainUser } = server.accounts;
    for (let i = 0; i < 12; i++) {
      const answer = await attempt(plainUser.email, `guess-${i}`, STRANGER);
      expect([401, 429]).toContain(answer.status);
    }
    expect((await attempt(plainUser.email, plainUser.password, STRANGER)).status).toBe(429);
    // the owner, at their own address, signs in at once
    expect((await attempt(plainUser.email, plainUser.password)).status).toBe(200);
  });

  it('slows an address failing across many accounts, except for accounts that signed in from it before', async () => {
    clock = START + 20 * 60_000;
    const PROXY = '127.0.0.3';
    const { admin, safeAdmin } = server.accounts;
    expect((await attempt(safeAdmin.email, safeAdmin.password, PROXY)).status).toBe(200);
    // 8 failures on 8 different (unknown) accounts: no pair reaches its own limit
    for (let i = 0; i < 8; i++) {
      expect((await attempt(`guess-${i}@demo.example`, 'password', PROXY)).status).toBe(401);
    }
    const blocked = await attempt(admin.email, admin.password, PROXY);
    expect(blocked.status).toBe(429);
    expect(errorOf(blocked)).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 1 });
    expect(blocked.headers.get('retry-after')).toBe('1');
    // Luca signed in from there before: the address's failures do not slow him
    expect((await attempt(safeAdmin.email, safeAdmin.password, PROXY)).status).toBe(200);
    clock += 1000;
    expect((await attempt(admin.email, admin.password, PROXY)).status).toBe(200);
  });

  it('charges parallel guesses before the slow password check', async () => {
    clock = START + 30 * 60_000;
    const email = 'parallel@demo.example';
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(email, `guess-${i}`)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });
});
