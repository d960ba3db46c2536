import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { powerApi } from './power-api.ts';
import { errorOf } from './request.ts';

const DAY = 24 * 60 * 60 * 1000;
const sms = (n: number | string, number: string, country = 'CH') =>
  person(n, { codeDelivery: 'sms', mobile: { country, number } });

/** A server on a clock the test moves; tokens are fetched again after each move. */
async function clockedServer(options: Parameters<typeof startSeededServer>[0] = {}) {
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  const server = await startSeededServer({ devEndpoints: true, now: () => clock, ...options });
  const members = membersApi(server);
  const state = { server, members, api: powerApi(server), tokens: await members.tokens() };
  return {
    ...state,
    async advance(ms: number) {
      clock += ms;
      state.tokens = await members.tokens();
      return state.tokens;
    },
  };
}

describe('the invitation pipeline', () => {
  let ctx: Awaited<ReturnType<typeof clockedServer>>;
  let server: SeededServer;
  let tokens: Tokens;
  beforeAll(async () => {
    ctx = await clockedServer();
    server = ctx.server;
    tokens = ctx.tokens;
  });
  afterAll(() => server.close());

  it('shows each SMS delivery state: sent, queued and failed test numbers, and delivery reports', async () => {
    const { api, members } = ctx;
    const shown = await members.invited(tokens.admin, 'safe-research', person('shown'));
    const sent = await members.invited(tokens.admin, 'safe-research', sms('sent', '079 123 45 67'));
    const failing = await members.invited(tokens.admin, 'safe-research', sms('failing', '079 123 00 00'));
    const queued = await members.invited(tokens.admin, 'safe-research', sms('queued', '079 123 11 11'));

    const stateOf = async (state = 'all') => {
      const listing = await api.pipeline(tokens.admin, 'safe-research', state);
      return new Map(listing.items.map((item) => [item.member.id, item.sms?.state ?? null]));
    };
    let states = await stateOf();
    expect([shown, sent, failing, queued].map((result) => states.get(result.member.id))).toEqual([
      null,
      'sent',
      'failed',
      'queued',
    ]);

    // the provider reports delivery of one text, and failure of another
    const delivered = await api.smsStatus(tokens.admin, { to: '+41791234567', state: 'delivered' });
    expect(delivered.json).toMatchObject({ state: 'delivered', invitation: true });
    const outbox = await members.outbox(tokens.admin);
    const queuedText = outbox.find((message) => message.to === '+41791231111');
    expect(queuedText?.state).toBe('queued');
    expect((await api.smsStatus(tokens.admin, { id: queuedText?.id ?? 0, state: 'failed' })).status).toBe(200);
    states = await stateOf();
    expect(states.get(sent.member.id)).toBe('delivered');
    expect(states.get(queued.member.id)).toBe('failed');
    expect([...(await stateOf('failed')).keys()].sort()).toEqual([failing.member.id, queued.member.id].sort());

    const item = (await api.pipeline(tokens.admin, 'safe-research')).items.find((i) => i.member.id === sent.member.id);
    expect(item).toMatchObject({
      state: 'pending',
      expiringSoon: false,
      codeDelivery: 'sms',
      sentTo: '+41791234567',
      expiresAt: sent.expiresAt,
      codeIssuedAt: sent.member.invitedAt,
      resendCount: 0,
    });

    // only organisation administrators, only with the dev endpoints, only known texts
    expect((await api.smsStatus(tokens.safeAdmin, { to: '+41791234567', state: 'failed' })).status).toBe(403);
    expect((await api.smsStatus(tokens.admin, { id: 999_999, state: 'failed' })).status).toBe(404);
    expect(errorOf(await api.smsStatus(tokens.admin, { state: 'failed' })).code).toBe('invalid_payload');
  });

  it('lists expired invitations as expired, and counts them against the member limit until revoked', async () => {
    const { api, members } = ctx;
    // Legal & Compliance: 7 of 10; its two seeded invitations have no code on record
    let listing = await api.pipeline(tokens.admin, 'safe-legal');
    expect(listing.items.map((i) => [i.member.email, i.state, i.expiresAt, i.codeDelivery])).toEqual([
      // expired first, then by expiry, then by name (Latin script before Arabic)
      ['francesca.conti@demo.example', 'expired', null, null],
      ['mohammed.alhassan@demo.example', 'expired', null, null],
    ]);
    const fresh = await members.invited(tokens.admin, 'safe-legal', person('fresh'));

    tokens = await ctx.advance(6 * DAY); // the fresh code expires in a day: expiring soon
    listing = await api.pipeline(tokens.admin, 'safe-legal', 'expiringSoon');
    expect(listing.items.map((i) => [i.member.id, i.state, i.expiringSoon])).toEqual([
      [fresh.member.id, 'pending', true],
    ]);
    expect(listing.counts).toEqual({ all: 3, pending: 1, expiringSoon: 1, expired: 2, failed: 0 });

    tokens = await ctx.advance(DAY + 1);
    listing = await api.pipeline(tokens.admin, 'safe-legal');
    expect(listing.counts).toEqual({ all: 3, pending: 0, expiringSoon: 0, expired: 3, failed: 0 });
    expect(listing.items.find((i) => i.member.id === fresh.member.id)?.state).toBe('expired');
    expect(listing.safes).toEqual([
      { id: 'safe-legal', name: 'Legal & Compliance', memberLimit: 10, placesTaken: 8, expiredHoldingPlaces: 3 },
    ]);

    // the same rule in the limit check: 10 of 10 with three expired invitations is full
    await members.invited(tokens.admin, 'safe-legal', person('ninth'));
    await members.invited(tokens.admin, 'safe-legal', person('tenth'));
    const full = await members.invite(tokens.admin, 'safe-legal', person('eleventh'));
    expect(errorOf(full).code).toBe('member_limit_reached');
    const revoked = await api.bulkRevoke(tokens.admin, 'safe-legal', [{ memberId: 'm-legal-04', version: 1 }]);
    expect(revoked).toEqual({ results: [{ memberId: 'm-legal-04', outcome: 'revoked' }], revoked: 1, placesTaken: 9 });
    await members.invited(tokens.admin, 'safe-legal', person('eleventh'));

    // a re-send revives an expired invitation
    const resent = await api.bulkResend(tokens.admin, 'safe-legal', [{ memberId: fresh.member.id, version: 1 }]);
    expect(resent.results[0]).toMatchObject({ outcome: 'resent', invitation: { codeDelivery: 'display' } });
    const revived = (await api.pipeline(tokens.admin, 'safe-legal')).items.find((i) => i.member.id === fresh.member.id);
    expect(revived).toMatchObject({ state: 'pending', resendCount: 1, member: { version: 2 } });
  });

  it('lists the invitations of every safe the caller administers, and of no other', async () => {
    const { api } = ctx;
    const anna = await api.allInvitations(tokens.admin);
    expect(anna.safes.map((safe) => safe.id)).toEqual(['safe-finance', 'safe-legal', 'safe-research']);
    expect(new Set(anna.items.map((item) => item.safeId))).toEqual(
      new Set(['safe-finance', 'safe-legal', 'safe-research']),
    );
    const luca = await api.allInvitations(tokens.safeAdmin);
    expect(luca.safes.map((safe) => safe.id)).toEqual(['safe-legal']);
    expect(luca.items.every((item) => item.safeId === 'safe-legal')).toBe(true);
    expect(await api.allInvitations(tokens.plainUser)).toMatchObject({ items: [], total: 0, safes: [] });
    expect((await api.allInvitations(tokens.admin, 'failed')).items.every((item) => item.sms?.state === 'failed')).toBe(
      true,
    );
  });
});

describe('bulk re-send and revoke', () => {
  let ctx: Awaited<ReturnType<typeof clockedServer>>;
  beforeAll(async () => {
    ctx = await clockedServer({ smsLimits: { memberCooldownSeconds: 60, safeHourlyQuota: 3 } });
    ctx.server.db.exec("UPDATE team_safes SET member_limit = 50 WHERE id = 'safe-legal'");
  });
  afterAll(() => ctx.server.close());

  it('answers each row as a single request would: re-sent, throttled, stale, activated, unknown', async () => {
    const { api, members } = ctx;
    let tokens = ctx.tokens;
    const first = await members.invited(tokens.admin, 'safe-legal', sms('p1', '+39 333 123 4561', 'IT'));
    const second = await members.invited(tokens.admin, 'safe-legal', sms('p2', '+39 333 123 4562', 'IT'));
    const shown = await members.invited(tokens.admin, 'safe-legal', person('p3'));
    const items = [
      { memberId: first.member.id, version: 1 },
      { memberId: second.member.id, version: 1 },
      { memberId: shown.member.id, version: 1 },
      { memberId: shown.member.id, version: 1 },
      { memberId: 'm-legal-03', version: 1 },
      { memberId: 'no-such-member', version: 1 },
    ];

    const early = await api.bulkResend(tokens.admin, 'safe-legal', items.slice(0, 1));
    expect(early.results[0]?.error).toMatchObject({ code: 'sms_cooldown', retryAfterSeconds: 60 });

    tokens = await ctx.advance(61_000);
    const sends = () => (ctx.server.db.prepare('SELECT COUNT(*) AS n FROM sms_sends').get() as { n: number }).n;
    const result = await api.bulkResend(tokens.admin, 'safe-legal', items, 'bulk-resend-key-0001');
    expect(result.resent).toBe(2);
    expect(result.results.map((r) => [r.memberId, r.outcome, r.error?.code])).toEqual([
      [first.member.id, 'resent', undefined],
      [second.member.id, 'failed', 'sms_quota'], // two invitations and one re-send: the quota of 3
      [shown.member.id, 'resent', undefined],
      [shown.member.id, 'failed', 'precondition_failed'],
      ['m-legal-03', 'failed', 'not_invited'],
      ['no-such-member', 'failed', 'not_found'],
    ]);
    expect(result.results[0]?.invitation).toMatchObject({ sentTo: '+393331234561', member: { version: 2 } });
    expect(result.results[2]?.invitation?.securityCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(result.results[3]?.error?.current).toMatchObject({ id: shown.member.id, version: 2 });
    expect(result.results[1]?.error?.retryAfterSeconds).toBeGreaterThan(0);

    // a retry with the same key gets the same answer and sends nothing
    const before = sends();
    expect(await api.bulkResend(tokens.admin, 'safe-legal', items, 'bulk-resend-key-0001')).toEqual(result);
    expect(sends()).toBe(before);

    const revoked = await api.bulkRevoke(tokens.admin, 'safe-legal', [
      { memberId: shown.member.id, version: 2 },
      { memberId: first.member.id, version: 1 },
      { memberId: 'm-legal-03', version: 1 },
    ]);
    expect(revoked.results.map((r) => [r.outcome, r.error?.code])).toEqual([
      ['revoked', undefined],
      ['failed', 'precondition_failed'],
      ['failed', 'not_invited'],
    ]);
    expect(revoked.revoked).toBe(1);
    expect(await members.getMember(tokens.admin, 'safe-legal', shown.member.id)).toMatchObject({ status: 404 });
  });
});
