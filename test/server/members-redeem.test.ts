import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { INVITATION_TTL_MS, MAX_CODE_ATTEMPTS, normaliseSecurityCode } from '../../server/invitation-codes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { call, errorOf, signIn, type Answer } from './request.ts';

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(errorOf(answer).code).toBe(code);
}

/** A code of the right shape that is not `code`. */
const otherCode = (code: string): string => (code.startsWith('2') ? `3${code.slice(1)}` : `2${code.slice(1)}`);

describe('redeeming an invitation', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;
  let clock = Date.parse('2026-03-02T08:00:00.000Z');

  beforeAll(async () => {
    server = await startSeededServer({
      devEndpoints: true,
      now: () => clock,
      accessTokenTtlSeconds: 30 * 24 * 60 * 60,
      redeemRateLimit: { pairFreeFailures: 1000, addressFreeFailures: 1000 },
    });
    server.db.exec("UPDATE team_safes SET member_limit = 100 WHERE id IN ('safe-research', 'safe-legal')");
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('activates the member with e-mail and code (typed loosely), audited, and links the existing account', async () => {
    // Sophie has an account but is not in Research
    const sophie = server.accounts.plainUser;
    const invitation = await api.invited(
      tokens.admin,
      'safe-research',
      person('sophie', { name: 'Sophie Martin', email: sophie.email, role: 'archivist', language: 'fr' }),
    );
    const code = invitation.securityCode ?? '';
    const typed = ` ${code.slice(0, 4).toLowerCase()}-${code.slice(4)} `;
    const answer = await api.redeem(` ${sophie.email.toUpperCase()} `, typed);
    expect(answer.status, answer.text).toBe(200);
    expect(routes.redeemInvitation.response.parse(answer.json)).toEqual({
      safeId: 'safe-research',
      memberId: invitation.member.id,
    });
    const member = await api.member(tokens.admin, 'safe-research', invitation.member.id);
    expect(member).toMatchObject({ status: 'activated', version: 2, activatedAt: new Date(clock).toISOString() });
    const row = server.db.prepare('SELECT user_id FROM safe_members WHERE id = ?').get(invitation.member.id);
    expect(row).toEqual({ user_id: sophie.userId });
    expect(server.db.prepare('SELECT * FROM invitation_codes WHERE member_id = ?').get(invitation.member.id)).toBe(
      undefined,
    );
    expect(api.auditOf(invitation.member.id).at(-1)).toEqual({
      action: 'member.activated',
      actor_user_id: sophie.userId,
      before: { status: 'invited', version: 1 },
      after: { status: 'activated', version: 2, userId: sophie.userId },
    });
    expect(api.auditText()).not.toContain(code);
  });

  it('activates a person without an account, unlinked', async () => {
    const invitation = await api.invited(tokens.admin, 'safe-research', person('no-account'));
    expect((await api.redeem('test.person.no-account@invited.example', invitation.securityCode)).status).toBe(200);
    expect(
      server.db.prepare('SELECT user_id, status FROM safe_members WHERE id = ?').get(invitation.member.id),
    ).toEqual({ user_id: null, status: 'activated' });
    expect(api.auditOf(invitation.member.id).at(-1)?.actor_user_id).toBeNull();
  });

  it('refuses a code redeemed twice', async () => {
    const invitation = await api.invited(tokens.admin, 'safe-research', person('twice'));
    const email = 'test.person.twice@invited.example';
    expect((await api.redeem(email, invitation.securityCode)).status).toBe(200);
    const before = api.counts();
    expectError(await api.redeem(email, invitation.securityCode), 400, 'invalid_code');
    expect(api.counts()).toEqual(before);
    expect((await api.member(tokens.admin, 'safe-research', invitation.member.id)).version).toBe(2);
  });

  it('refuses a wrong code, an unknown address, and a code of another invitation', async () => {
    const a = await api.invited(tokens.admin, 'safe-research', person('wrong-a'));
    const b = await api.invited(tokens.admin, 'safe-research', person('wrong-b'));
    const wrong = await api.redeem('test.person.wrong-a@invited.example', otherCode(a.securityCode ?? ''));
    expectError(wrong, 400, 'invalid_code');
    expect(errorOf(wrong).message).not.toMatch(/expired|locked|attempt/i);
    expectError(await api.redeem('nobody@invited.example', a.securityCode), 400, 'invalid_code');
    expectError(await api.redeem('test.person.wrong-a@invited.example', b.securityCode), 400, 'invalid_code');
    expect((await api.member(tokens.admin, 'safe-research', a.member.id)).status).toBe('invited');
    // malformed requests are answered field by field
    const missing = await api.redeem('test.person.wrong-a@invited.example', '');
    expectError(missing, 400, 'invalid_payload');
    expect(errorOf(missing).fields).toEqual({ code: 'required' });
    const badEmail = await api.redeem('not-an-address', a.securityCode);
    expect(errorOf(badEmail).fields).toEqual({ email: 'invalid_email' });
  });

  it(`locks an invitation after ${MAX_CODE_ATTEMPTS} wrong codes, until it is re-sent`, async () => {
    const invitation = await api.invited(tokens.admin, 'safe-legal', person('locked'));
    const email = 'test.person.locked@invited.example';
    const code = invitation.securityCode ?? '';
    for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
      expectError(await api.redeem(email, otherCode(code)), 400, 'invalid_code');
    }
    const attempts = server.db.prepare('SELECT failed_attempts FROM invitation_codes WHERE member_id = ?');
    expect(attempts.get(invitation.member.id)).toEqual({ failed_attempts: MAX_CODE_ATTEMPTS });
    // now the right code and a wrong one get the same answer: no oracle
    expectError(await api.redeem(email, code), 423, 'too_many_attempts');
    expectError(await api.redeem(email, otherCode(code)), 423, 'too_many_attempts');
    expect((await api.member(tokens.admin, 'safe-legal', invitation.member.id)).status).toBe('invited');
    // a re-sent invitation starts afresh
    const resent = await api.resend(tokens.admin, 'safe-legal', invitation.member.id, 1);
    const fresh = routes.resendInvitation.response.parse(resent.json).securityCode ?? '';
    expect(attempts.get(invitation.member.id)).toEqual({ failed_attempts: 0 });
    expectError(await api.redeem(email, code), 400, 'invalid_code');
    expect((await api.redeem(email, fresh)).status).toBe(200);
  });

  it(`accepts the right code after ${MAX_CODE_ATTEMPTS - 1} wrong ones`, async () => {
    const invitation = await api.invited(tokens.admin, 'safe-legal', person('almost'));
    const email = 'test.person.almost@invited.example';
    for (let attempt = 1; attempt < MAX_CODE_ATTEMPTS; attempt++) {
      expectError(await api.redeem(email, otherCode(invitation.securityCode ?? '')), 400, 'invalid_code');
    }
    expect((await api.redeem(email, invitation.securityCode)).status).toBe(200);
  });

  it('lets a code expire after seven days; a re-sent code works again', async () => {
    const start = clock;
    const late = await api.invited(tokens.admin, 'safe-research', person('expired'));
    const inTime = await api.invited(tokens.admin, 'safe-research', person('in-time'));
    expect(Date.parse(late.expiresAt)).toBe(start + INVITATION_TTL_MS);
    try {
      clock = start + INVITATION_TTL_MS - 1;
      expect((await api.redeem('test.person.in-time@invited.example', inTime.securityCode)).status).toBe(200);

      clock = start + INVITATION_TTL_MS;
      const expired = await api.redeem('test.person.expired@invited.example', late.securityCode);
      expectError(expired, 410, 'code_expired');
      // a wrong code gets the same answer: the expiry is checked before any code is compared
      expectError(
        await api.redeem('test.person.expired@invited.example', otherCode(late.securityCode ?? '')),
        410,
        'code_expired',
      );
      expect((await api.member(tokens.admin, 'safe-research', late.member.id)).status).toBe('invited');

      const resent = await api.resend(tokens.admin, 'safe-research', late.member.id, 1);
      const fresh = routes.resendInvitation.response.parse(resent.json);
      expect(Date.parse(fresh.expiresAt)).toBe(clock + INVITATION_TTL_MS);
      expect((await api.redeem('test.person.expired@invited.example', fresh.securityCode)).status).toBe(200);
    } finally {
      clock = start + INVITATION_TTL_MS + 1000;
    }
  });

  it('keeps idempotent answers for a day only', async () => {
    const key = 'day-old-key-0001';
    const first = await api.invited(tokens.admin, 'safe-research', person('day-a'), key);
    expect((await api.invited(tokens.admin, 'safe-research', person('day-a'), key)).member.id).toBe(first.member.id);
    clock += 24 * 60 * 60 * 1000 + 1;
    // a day later the key is free again: same body → already a member, another body → a new invitation
    const again = await api.invite(tokens.admin, 'safe-research', person('day-a'), key);
    expectError(again, 409, 'already_member');
    const next = await api.invited(tokens.admin, 'safe-research', person('day-b'), key);
    expect(next.member.id).not.toBe(first.member.id);
  });

  it('normalises what the invitee typed', () => {
    expect(normaliseSecurityCode(' ab2c-de3f ')).toBe('AB2CDE3F');
    expect(normaliseSecurityCode('AB2C DE3F')).toBe('AB2CDE3F');
  });
});

describe('invitation locks are scoped: strangers and other safes cannot lock an invitee out', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;
  const STRANGER = '127.0.0.2';

  beforeAll(async () => {
    server = await startSeededServer({ redeemRateLimit: { pairFreeFailures: 1000, addressFreeFailures: 1000 } });
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  const redeemFrom = (body: Record<string, unknown>, localAddress?: string) =>
    call(server.url, 'redeemInvitation', { body, ...(localAddress ? { localAddress } : {}) });

  it('locks out the address that guessed, not the invitee elsewhere', async () => {
    const invitation = await api.invited(tokens.admin, 'safe-research', person('stranger-target'));
    const email = invitation.member.email;
    const code = invitation.securityCode ?? '';
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      expectError(await redeemFrom({ email, code: otherCode(code) }, STRANGER), 400, 'invalid_code');
    }
    expectError(await redeemFrom({ email, code }, STRANGER), 423, 'too_many_attempts');
    const own = await redeemFrom({ email, code });
    expect(own.status, own.text).toBe(200);
  });

  it('with safeId, wrong codes count for that safe’s invitation only, not for the same e-mail’s other invitations', async () => {
    const research = await api.invited(tokens.admin, 'safe-research', person('two-safes'));
    const legal = await api.invited(tokens.admin, 'safe-legal', person('two-safes'));
    const email = research.member.email;
    for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) {
      const answer = await redeemFrom({ email, code: otherCode(research.securityCode ?? ''), safeId: 'safe-research' });
      expectError(answer, 400, 'invalid_code');
    }
    expectError(
      await redeemFrom({ email, code: research.securityCode, safeId: 'safe-research' }),
      423,
      'too_many_attempts',
    );
    const attempts = server.db.prepare('SELECT failed_attempts FROM invitation_codes WHERE member_id = ?');
    expect(attempts.get(legal.member.id)).toEqual({ failed_attempts: 0 });
    expect((await redeemFrom({ email, code: legal.securityCode })).status).toBe(200);
  });
});

describe('redemption rate limit', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;

  beforeAll(async () => {
    server = await startSeededServer({ redeemRateLimit: { pairFreeFailures: 3, addressFreeFailures: 100 } });
    api = membersApi(server);
  });
  afterAll(() => server.close());

  it('answers 429 with Retry-After once an address has failed too often, without checking the code', async () => {
    const { admin } = server.accounts;
    const token = (await signIn(server.url, admin.email, admin.password)).accessToken;
    const invitation = await api.invited(token, 'safe-legal', person('limited'));
    const email = 'test.person.limited@invited.example';
    for (let i = 0; i < 3; i++) {
      expectError(await api.redeem(email, otherCode(invitation.securityCode ?? '')), 400, 'invalid_code');
    }
    const limited = await api.redeem(email, invitation.securityCode);
    expectError(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorOf(limited).retryAfterSeconds).toBeGreaterThan(0);
    expect(server.db.prepare('SELECT status FROM safe_members WHERE id = ?').get(invitation.member.id)).toEqual({
      status: 'invited',
    });
    // other addresses are not affected
    expectError(await api.redeem('someone.else@invited.example', 'ABCDEFGH'), 400, 'invalid_code');
  });
});
