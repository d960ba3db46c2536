/**
 * Re-send once sent 7 texts in under a second. Now a member
 * waits 60 s between two texts and a safe sends at most a quota per hour;
 * the refusal says how long to wait (body and Retry-After) and sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvitationResult } from '../../shared/api/members.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { errorOf, type Answer } from './request.ts';

const START = Date.parse('2026-06-01T09:00:00.000Z');
const sms = (n: string) => person(n, { codeDelivery: 'sms', mobile: { country: 'CH', number: '079 555 66 77' } });

describe('SMS sending limits', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;
  let clock = START;

  beforeAll(async () => {
    server = await startSeededServer({
      now: () => clock,
      accessTokenTtlSeconds: 24 * 60 * 60,
      smsLimits: { safeHourlyQuota: 3 },
    });
    server.db.exec("UPDATE team_safes SET member_limit = 100 WHERE id IN ('safe-research', 'safe-legal')");
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  const texts = () => (server.db.prepare('SELECT COUNT(*) AS n FROM sms_outbox').get() as { n: number }).n;
  const expectWait = (answer: Answer, code: string, seconds: number) => {
    expect(answer.status, answer.text).toBe(429);
    expect(errorOf(answer)).toMatchObject({ code, retryAfterSeconds: seconds });
    expect(answer.headers.get('retry-after')).toBe(String(seconds));
  };

  it('lets a member get one text per minute: an early re-send is refused with the remaining wait, and sends nothing', async () => {
    clock = START;
    const invitation = await api.invited(tokens.admin, 'safe-legal', sms('cooldown'));
    const sent = texts();
    clock += 15_000;
    const early = await api.resend(tokens.admin, 'safe-legal', invitation.member.id, 1);
    expectWait(early, 'sms_cooldown', 45);
    expect(texts()).toBe(sent);
    // nothing changed: the member keeps version 1 and the first code
    expect((await api.member(tokens.admin, 'safe-legal', invitation.member.id)).version).toBe(1);

    // concurrent re-sends after the wait: exactly one goes out
    clock += 45_000;
    const answers = await Promise.all(
      [1, 2, 3].map(() => api.resend(tokens.admin, 'safe-legal', invitation.member.id, 1)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 412, 412]);
    expect(texts()).toBe(sent + 1);
  });

  it('lets a safe send a quota of texts per hour, then says when the next one can go', async () => {
    clock = START + 2 * 60 * 60 * 1000;
    for (let i = 0; i < 3; i++) {
      await api.invited(tokens.admin, 'safe-research', sms(`quota-${i}`));
      clock += 10 * 60 * 1000;
    }
    // the first of the three leaves the hour at +60 min; now is +30 min
    const before = api.counts();
    const over = await api.invite(tokens.admin, 'safe-research', sms('quota-over'));
    expectWait(over, 'sms_quota', 30 * 60);
    expect(api.counts()).toMatchObject({ members: before.members, outbox: before.outbox });
    // a displayed code costs no text, and another safe has its own quota
    await api.invited(tokens.admin, 'safe-research', person('quota-display'));
    await api.invited(tokens.admin, 'safe-legal', sms('quota-elsewhere'));

    clock += 30 * 60 * 1000;
    const later = await api.invite(tokens.admin, 'safe-research', sms('quota-over'));
    expect(later.status, later.text).toBe(201);
    expect(InvitationResult.parse(later.json).sentTo).toBe('+41795556677');
  });
});
