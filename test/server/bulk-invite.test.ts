import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BULK_INVITE_LIMIT, type BulkInvitationRow } from '../../shared/api/bulk-invite.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { databaseSnapshot } from './db-snapshot.ts';
import { membersApi, type Tokens } from './members-api.ts';
import { powerApi, row } from './power-api.ts';
import { errorOf } from './request.ts';

const SAFE = 'safe-legal'; // 7 of 10: three places free

/** The mix of the issue: valid, duplicate, already a member, fixed-line for SMS, unknown role, one over the limit… */
const MIX: BulkInvitationRow[] = [
  row(0),
  row(1, { codeDelivery: 'sms', country: 'CH', mobile: '079 123 45 67' }),
  row(2, { email: 'BULK.PERSON.0@import.example' }),
  row(3, { email: 'soren.kierkegaard@demo.example' }),
  row(4, { codeDelivery: 'sms', country: 'CH', mobile: '044 668 18 00' }),
  row(5, { role: 'owner' }),
  row(6, { language: 'es' }),
  row(7, { email: 'not-an-address' }),
  row(8, { language: 'fr', role: 'archivist' }),
  row(9),
  row(10, { codeDelivery: 'sms' }),
  row(11, { name: '  ', role: '' }),
];

const EXPECTED = [
  { index: 0, outcome: 'invite', email: 'bulk.person.0@import.example' },
  { index: 1, outcome: 'invite', email: 'bulk.person.1@import.example' },
  { index: 2, outcome: 'duplicate', email: 'bulk.person.0@import.example', duplicateOf: 0 },
  { index: 3, outcome: 'already_member', email: 'soren.kierkegaard@demo.example' },
  { index: 4, outcome: 'invalid', fields: { mobile: 'not_mobile' } },
  { index: 5, outcome: 'invalid', fields: { role: 'unknown_role' } },
  { index: 6, outcome: 'invalid', fields: { language: 'unknown_language' } },
  { index: 7, outcome: 'invalid', fields: { email: 'invalid_email' } },
  { index: 8, outcome: 'invite', email: 'bulk.person.8@import.example' },
  { index: 9, outcome: 'over_limit', email: 'bulk.person.9@import.example' },
  { index: 10, outcome: 'invalid', fields: { mobile: 'required' } },
  { index: 11, outcome: 'invalid', fields: { name: 'required', role: 'required' } },
];

const withKeys = (rows: BulkInvitationRow[]) => rows.map((cells) => ({ ...cells, key: randomUUID() }));

describe('bulk invitation with a dry run', () => {
  let server: SeededServer;
  let api: ReturnType<typeof powerApi>;
  let members: ReturnType<typeof membersApi>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true });
    api = powerApi(server);
    members = membersApi(server);
    tokens = await members.tokens();
  });
  afterAll(() => server.close());

  it('checks every row of the mix and writes nothing at all in a dry run', async () => {
    const before = databaseSnapshot(server.db);
    const result = await api.bulkInvited(tokens.admin, SAFE, true, MIX);
    expect(databaseSnapshot(server.db)).toEqual(before);
    expect(result.results).toEqual(EXPECTED);
    expect(result).toMatchObject({ dryRun: true, memberLimit: 10, placesTaken: 7 });
    expect(result.counts).toMatchObject({ invite: 3, duplicate: 1, already_member: 1, invalid: 6, over_limit: 1 });
  });

  it('gives the real run the dry run’s outcomes, and creates exactly the valid rows that fit', async () => {
    const rows = withKeys(MIX);
    const dry = await api.bulkInvited(tokens.admin, SAFE, true, rows);
    const real = await api.bulkInvited(tokens.admin, SAFE, false, rows);
    expect(real.dryRun).toBe(false);
    const outcomes = (results: typeof real.results) =>
      results.map(({ index, outcome, email, fields, duplicateOf }) => ({ index, outcome, email, fields, duplicateOf }));
    expect(outcomes(real.results)).toEqual(
      outcomes(dry.results).map((planned) => ({
        ...planned,
        outcome: planned.outcome === 'invite' ? 'invited' : planned.outcome,
      })),
    );
    expect(real.placesTaken).toBe(10);

    const invited = real.results.filter((result) => result.outcome === 'invited');
    expect(invited.map((result) => result.invitation?.member.email)).toEqual([
      'bulk.person.0@import.example',
      'bulk.person.1@import.example',
      'bulk.person.8@import.example',
    ]);
    // display rows carry their code once; the SMS row says where it went
    expect(invited[0]?.invitation?.securityCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(invited[1]?.invitation).toMatchObject({ codeDelivery: 'sms', sentTo: '+41791234567' });
    expect(invited[1]?.invitation?.securityCode).toBeUndefined();
    expect((await members.outbox(tokens.admin)).filter((message) => message.to === '+41791234567')).toHaveLength(1);
    expect(invited[2]?.invitation?.member).toMatchObject({ role: 'archivist', language: 'fr', status: 'invited' });
    const audit = members.auditOf(invited[2]?.invitation?.member.id ?? '');
    expect(audit).toEqual([
      expect.objectContaining({ action: 'member.invited', actor_user_id: server.accounts.admin.userId, before: null }),
    ]);
    expect(audit[0]?.after).toMatchObject({
      email: 'bulk.person.8@import.example',
      via: 'bulk',
      codeDelivery: 'display',
    });
    const stored = server.db
      .prepare("SELECT COUNT(*) AS n FROM safe_members WHERE safe_id = ? AND email LIKE '%@import.example'")
      .get(SAFE) as { n: number };
    expect(stored.n).toBe(3);

    // a retry with the same keys invites nobody twice and answers the invited rows again
    const before = members.counts();
    const retry = await api.bulkInvited(tokens.admin, SAFE, false, rows);
    expect(members.counts()).toEqual(before);
    const again = retry.results.filter((result) => result.outcome === 'invited');
    expect(again.map((result) => [result.index, result.replayed, result.invitation?.member.id])).toEqual(
      invited.map((result) => [result.index, true, result.invitation?.member.id]),
    );
    expect(again[0]?.invitation?.securityCode).toBe(invited[0]?.invitation?.securityCode);
    expect(retry.results.find((result) => result.index === 9)?.outcome).toBe('over_limit');
  });

  it(`refuses more than ${BULK_INVITE_LIMIT} rows, no rows, and a real run without a key per row, writing nothing`, async () => {
    const before = databaseSnapshot(server.db);
    const many = Array.from({ length: BULK_INVITE_LIMIT + 1 }, (_, n) => row(`many-${n}`));
    const tooMany = await api.bulkInvite(tokens.admin, 'safe-research', true, many);
    expect(tooMany.status).toBe(400);
    expect(errorOf(tooMany).code).toBe('too_many_rows');
    const none = await api.bulkInvite(tokens.admin, 'safe-research', false, []);
    expect(errorOf(none).code).toBe('no_entries');
    const keyless = await api.bulkInvite(tokens.admin, 'safe-research', false, [
      row('k1'),
      { ...row('k2'), key: 'k2-key-0001' },
    ]);
    expect(keyless.status).toBe(400);
    expect(errorOf(keyless).fields).toEqual({ 'rows.0.key': 'required' });
    expect(databaseSnapshot(server.db)).toEqual(before);
  });

  it(`checks ${BULK_INVITE_LIMIT} rows (a body over 64 KiB) in a dry run: first rows take the free places`, async () => {
    const rows = Array.from({ length: BULK_INVITE_LIMIT }, (_, n) =>
      row(`full-${n}`, { name: `Bulk Person with a rather long name to fill the request body ${n}` }),
    );
    expect(JSON.stringify({ dryRun: true, rows }).length).toBeGreaterThan(64 * 1024);
    const result = await api.bulkInvited(tokens.admin, 'safe-research', true, rows);
    expect(result.results).toHaveLength(BULK_INVITE_LIMIT);
    expect(result.counts).toMatchObject({ invite: 4, over_limit: BULK_INVITE_LIMIT - 4 }); // Research: 21 of 25
    expect(result.results.slice(0, 5).map((r) => r.outcome)).toEqual([
      'invite',
      'invite',
      'invite',
      'invite',
      'over_limit',
    ]);
  });

  it('refuses the bulk route to a member who does not administer the safe', async () => {
    const answer = await api.bulkInvite(tokens.safeAdmin, 'safe-finance', true, [row('x')]);
    expect(answer.status).toBe(403);
  });
});

describe('bulk invitation and the SMS limits and gateway', () => {
  let server: SeededServer;
  let api: ReturnType<typeof powerApi>;
  let token: string;
  let refuse = false;

  beforeAll(async () => {
    server = await startSeededServer({
      smsLimits: { safeHourlyQuota: 1 },
      sms: { send: () => (refuse ? Promise.reject(new Error('provider down')) : Promise.resolve()) },
    });
    api = powerApi(server);
    token = (await membersApi(server).tokens()).admin;
  });
  afterAll(() => server.close());

  const sms = (n: number) => row(`sms-${n}`, { codeDelivery: 'sms', country: 'IT', mobile: `+39 333 123 456${n}` });

  it('plans SMS rows past the hourly quota as sms_quota, in the dry run and the real run alike', async () => {
    const rows = withKeys([sms(1), row('d1'), sms(2)]);
    const dry = await api.bulkInvited(token, 'safe-research', true, rows);
    expect(dry.results.map((r) => r.outcome)).toEqual(['invite', 'invite', 'sms_quota']);
    expect(dry.results[2]?.error).toMatchObject({ code: 'sms_quota', retryAfterSeconds: 3600 });
    const real = await api.bulkInvited(token, 'safe-research', false, rows);
    expect(real.results.map((r) => r.outcome)).toEqual(['invited', 'invited', 'sms_quota']);
    expect(real.results[1]?.invitation?.member.email).toBe('bulk.person.d1@import.example');
  });

  it('takes back an SMS row the gateway refuses and keeps the others', async () => {
    server.db.exec('DELETE FROM sms_sends');
    refuse = true;
    const result = await api.bulkInvited(token, 'safe-legal', false, withKeys([sms(3), row('d2')]));
    refuse = false;
    expect(result.results.map((r) => [r.outcome, r.error?.code])).toEqual([
      ['failed', 'sms_failed'],
      ['invited', undefined],
    ]);
    const emails = (
      server.db.prepare('SELECT email FROM safe_members WHERE safe_id = ?').all('safe-legal') as {
        email: string;
      }[]
    ).map((r) => r.email);
    expect(emails).not.toContain('bulk.person.sms-3@import.example');
    expect(emails).toContain('bulk.person.d2@import.example');
  });
});
