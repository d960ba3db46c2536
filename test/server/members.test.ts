import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvitationResult } from '../../shared/api/members.ts';
import { routes } from '../../shared/api/routes.ts';
import { Member } from '../../shared/api/schemas.ts';
import { CODE_ALPHABET, CODE_LENGTH } from '../../server/invitation-codes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { codeInText, membersApi, person, type Tokens } from './members-api.ts';
import { call, errorOf, type Answer } from './request.ts';

const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(errorOf(answer).code).toBe(code);
}

describe('inviting a member', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true });
    // room for the many invitations below (Finance stays full at 12 of 12)
    server.db.exec("UPDATE team_safes SET member_limit = 100 WHERE id IN ('safe-research', 'safe-legal')");
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('invites with a code shown once: 201, the member with version 1 and ETag, the code stored only as a hash', async () => {
    const before = api.counts();
    const answer = await api.invite(
      tokens.admin,
      'safe-research',
      person(1, { name: '  Élise Favre  ', email: ' Elise.Favre@Invited.Example ', role: 'editor', language: 'fr' }),
    );
    expect(answer.status, answer.text).toBe(201);
    const result = InvitationResult.parse(answer.json);
    expect(result.member).toMatchObject({
      name: 'Élise Favre',
      email: 'elise.favre@invited.example',
      role: 'editor',
      language: 'fr',
      status: 'invited',
      activatedAt: null,
      version: 1,
    });
    expect(result.codeDelivery).toBe('display');
    expect(result.securityCode).toMatch(CODE_PATTERN);
    expect(result.sentTo).toBeUndefined();
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(Date.parse(result.expiresAt) - Date.parse(result.member.invitedAt)).toBe(7 * 24 * 60 * 60 * 1000);

    const stored = server.db
      .prepare('SELECT code_hash, delivery, mobile, failed_attempts FROM invitation_codes WHERE member_id = ?')
      .get(result.member.id) as { code_hash: string; delivery: string; mobile: string | null; failed_attempts: number };
    expect(stored.code_hash).toMatch(/^scrypt\$/);
    expect(stored.code_hash).not.toContain(result.securityCode);
    expect(stored).toMatchObject({ delivery: 'display', mobile: null, failed_attempts: 0 });

    expect(api.counts()).toEqual({
      ...before,
      members: before.members + 1,
      codes: before.codes + 1,
      idempotency: before.idempotency + 1,
      audit: before.audit + 1,
    });
    // the stored idempotent answer does not hold the code readable either
    const saved = server.db.prepare('SELECT response FROM idempotency_keys').all() as { response: string }[];
    expect(saved.map((row) => row.response).join('\n')).not.toContain(result.securityCode);

    const [audit] = api.auditOf(result.member.id);
    expect(audit).toEqual({
      action: 'member.invited',
      actor_user_id: server.accounts.admin.userId,
      before: null,
      after: {
        name: 'Élise Favre',
        email: 'elise.favre@invited.example',
        role: 'editor',
        status: 'invited',
        language: 'fr',
        version: 1,
        codeDelivery: 'display',
      },
    });
    expect(api.auditText()).not.toContain(result.securityCode);
    expect(api.auditText()).not.toContain('scrypt$');

    // the new member is listed, and counts against the limit
    expect((await api.member(tokens.admin, 'safe-research', result.member.id)).status).toBe('invited');
    const page = routes.listMembers.response.parse(
      (await call(server.url, 'listMembers', { params: { safeId: 'safe-research' }, token: tokens.admin })).json,
    );
    expect(page.counts.all).toBe(22);
    expect(page.items.find((member) => member.id === result.member.id)?.version).toBe(1);
  });

  it('gives every invitation a different code', async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 3; i++) {
      codes.add((await api.invited(tokens.admin, 'safe-research', person(`unique-${i}`))).securityCode ?? '');
    }
    expect(codes.size).toBe(3);
  });

  it('answers a retried POST (same key, same body) with the same member and code, and creates nothing more', async () => {
    const key = 'retry-key-0001';
    const body = person('retry');
    const first = await api.invite(tokens.admin, 'safe-legal', body, key);
    expect(first.status).toBe(201);
    const after = api.counts();
    const second = await api.invite(tokens.admin, 'safe-legal', { ...body, name: '  Test Person retry ' }, key);
    expect(second.status).toBe(201);
    expect(second.json).toEqual(first.json);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('etag')).toBe('"1"');
    expect(api.counts()).toEqual(after);
    expect(
      server.db
        .prepare('SELECT COUNT(*) AS n FROM safe_members WHERE email = ?')
        .get('test.person.retry@invited.example'),
    ).toEqual({ n: 1 });
  });

  it('creates one invitation when two identical POSTs race', async () => {
    const before = api.counts();
    const body = person('race');
    const [a, b] = await Promise.all([
      api.invite(tokens.admin, 'safe-legal', body, 'race-key-0001'),
      api.invite(tokens.admin, 'safe-legal', body, 'race-key-0001'),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.json).toEqual(b.json);
    expect(api.counts().members).toBe(before.members + 1);
    expect(api.counts().audit).toBe(before.audit + 1);
  });

  it('refuses the same key with a different body (409 idempotency_conflict), storing nothing', async () => {
    const key = 'conflict-key-0001';
    await api.invited(tokens.admin, 'safe-research', person('conflict-a'), key);
    const before = api.counts();
    expectError(
      await api.invite(tokens.admin, 'safe-research', person('conflict-b'), key),
      409,
      'idempotency_conflict',
    );
    // the same body at another safe is another request, too
    expectError(await api.invite(tokens.admin, 'safe-legal', person('conflict-a'), key), 409, 'idempotency_conflict');
    expect(api.counts()).toEqual(before);
  });

  it('keeps keys per user: another administrator may use the same key for their own invitation', async () => {
    const key = 'shared-key-0001';
    const anna = await api.invited(tokens.admin, 'safe-legal', person('key-anna'), key);
    const luca = await api.invited(tokens.safeAdmin, 'safe-legal', person('key-luca'), key);
    expect(luca.member.id).not.toBe(anna.member.id);
  });

  it('requires an Idempotency-Key of 8–128 visible characters', async () => {
    const before = api.counts();
    for (const [key, problem] of [
      [null, 'required'],
      ['short', 'invalid_value'],
      ['x'.repeat(129), 'too_long'],
      ['has space in it', 'invalid_value'],
    ] as const) {
      const answer = await api.invite(tokens.admin, 'safe-research', person('no-key'), key);
      expectError(answer, 400, 'invalid_payload');
      expect(errorOf(answer).fields).toEqual({ 'idempotency-key': problem });
    }
    expect(api.counts()).toEqual(before);
  });

  it('answers bad input clearly, field by field, and stores nothing', async () => {
    const before = api.counts();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ name: '' }, { name: 'required' }],
      [{ name: '    ' }, { name: 'required' }],
      [{ name: 'x'.repeat(101) }, { name: 'too_long' }],
      [{ name: 'Line\nbreak' }, { name: 'invalid_characters' }],
      [{ name: 'Eve\u202Eevil' }, { name: 'invalid_characters' }],
      [{ name: '\u200B' }, { name: 'invisible_only' }],
      [{ name: undefined }, { name: 'required' }],
      [{ email: 'not-an-address' }, { email: 'invalid_email' }],
      [{ email: 'anna@' }, { email: 'invalid_email' }],
      [{ email: '' }, { email: 'required' }],
      [{ role: 'owner' }, { role: 'invalid_value' }],
      [{ role: 'Administrator' }, { role: 'invalid_value' }],
      [{ language: 'es' }, { language: 'invalid_value' }],
      [{ codeDelivery: 'email' }, { codeDelivery: 'invalid_value' }],
      [{ codeDelivery: 'sms' }, { mobile: 'required' }],
      // an Italian fixed line cannot receive the code
      [{ codeDelivery: 'sms', mobile: { country: 'IT', number: '06 6982 1234' } }, { 'mobile.number': 'not_mobile' }],
      [{ codeDelivery: 'sms', mobile: { country: 'CH', number: '044 668 18 00' } }, { 'mobile.number': 'not_mobile' }],
      [
        { codeDelivery: 'sms', mobile: { country: 'CH', number: '079 12A 45 67' } },
        { 'mobile.number': 'invalid_phone' },
      ],
      [{ codeDelivery: 'sms', mobile: { country: 'CH', number: 'call me' } }, { 'mobile.number': 'invalid_phone' }],
      // a Swiss mobile number entered under Italy
      [
        { codeDelivery: 'sms', mobile: { country: 'IT', number: '+41 79 123 45 67' } },
        { 'mobile.number': 'wrong_country' },
      ],
      [{ codeDelivery: 'sms', mobile: { country: 'CH', number: '079 123' } }, { 'mobile.number': 'invalid_phone' }],
      [{ codeDelivery: 'sms', mobile: { country: 'CH', number: '' } }, { 'mobile.number': 'required' }],
      [
        { codeDelivery: 'sms', mobile: { country: 'XX', number: '079 123 45 67' } },
        { 'mobile.country': 'invalid_value' },
      ],
    ];
    for (const [override, fields] of cases) {
      const answer = await api.invite(tokens.admin, 'safe-research', person('bad', override));
      expect(answer.status, JSON.stringify(override)).toBe(400);
      expect(errorOf(answer).code).toBe('invalid_payload');
      expect(errorOf(answer).fields, JSON.stringify(override)).toEqual(fields);
    }
    expect(api.counts()).toEqual(before);
  });

  it('refuses an e-mail address already a member or already invited (409 already_member), in any case', async () => {
    const before = api.counts();
    for (const email of ['soren.kierkegaard@demo.example', ' Francesca.Conti@DEMO.example ']) {
      const answer = await api.invite(tokens.admin, 'safe-legal', person('dup', { email }));
      expectError(answer, 409, 'already_member');
    }
    expect(api.counts()).toEqual(before);
    // the same person may be invited to another safe
    await api.invited(tokens.admin, 'safe-research', person('dup', { email: 'francesca.conti@demo.example' }));
  });

  it('refuses an invitation past the member limit (invited and activated count), storing nothing', async () => {
    const before = api.counts();
    const full = await api.invite(tokens.admin, 'safe-finance', person('over-limit'));
    expectError(full, 409, 'member_limit_reached');
    expect(errorOf(full).message).toContain('12');
    expect(api.counts()).toEqual(before);
  });

  it('lets only activated administrators of the safe invite (403), and answers 404 and 401', async () => {
    const before = api.counts();
    // to a non-member, a safe they may not see does not exist (no existence oracle)
    expectError(await api.invite(tokens.safeAdmin, 'safe-research', person('x')), 404, 'not_found');
    expectError(await api.invite(tokens.plainUser, 'safe-legal', person('x')), 404, 'not_found');
    // a member who does not administer the safe knows it exists
    expectError(await api.invite(tokens.plainUser, 'safe-finance', person('x')), 403, 'forbidden');
    expectError(await api.invite(tokens.admin, 'safe-nope', person('x')), 404, 'not_found');
    expectError(await api.invite('', 'safe-legal', person('x')), 401, 'session_expired');
    // an invited (not yet activated) administrator does not administer
    const sophie = server.accounts.plainUser;
    server.db
      .prepare(
        `INSERT INTO safe_members (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at)
         VALUES ('m-test-sophie', 'safe-legal', ?, 'Sophie Martin', 'sophie martin', ?, 'administrator', 'invited', 'fr', ?)`,
      )
      .run(sophie.userId, sophie.email, new Date().toISOString());
    try {
      expectError(await api.invite(tokens.plainUser, 'safe-legal', person('x')), 403, 'forbidden');
    } finally {
      server.db.prepare("DELETE FROM safe_members WHERE id = 'm-test-sophie'").run();
    }
    expect(api.counts()).toEqual(before);
    // Luca administers Legal
    await api.invited(tokens.safeAdmin, 'safe-legal', person('by-luca'));
  });
});

describe('invitations by SMS', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;

  beforeAll(async () => {
    // the sending limits have their own tests (sms-limits.test.ts)
    server = await startSeededServer({ devEndpoints: true, smsLimits: { memberCooldownSeconds: 0 } });
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('sends the code to a Swiss mobile, in the member’s language: exactly one message, whose code redeems', async () => {
    const before = api.counts();
    const body = person('sms', {
      name: 'Jonas Keller',
      email: 'jonas.keller@invited.example',
      language: 'de',
      codeDelivery: 'sms',
      mobile: { country: 'CH', number: '079 123 45 67' },
    });
    const answer = await api.invite(tokens.admin, 'safe-research', body, 'sms-key-0001');
    expect(answer.status, answer.text).toBe(201);
    const result = InvitationResult.parse(answer.json);
    expect(result.securityCode).toBeUndefined();
    expect(answer.text).not.toMatch(/securityCode/);
    expect(result).toMatchObject({ codeDelivery: 'sms', sentTo: '+41791234567' });

    const outbox = await api.outbox(tokens.admin);
    expect(outbox).toHaveLength(before.outbox + 1);
    const message = outbox.at(-1);
    expect(message?.to).toBe('+41791234567');
    expect(message?.language).toBe('de');
    expect(message?.text).toContain('Sicherheitscode');
    expect(message?.text).toContain('Research 研究');
    const code = codeInText(message?.text ?? '');
    expect(api.auditText()).not.toContain(code);
    expect(api.auditOf(result.member.id)[0]?.after).toMatchObject({ codeDelivery: 'sms', mobile: '+41791234567' });

    // a retry answers the same and sends nothing more
    const retry = await api.invite(tokens.admin, 'safe-research', body, 'sms-key-0001');
    expect(retry.json).toEqual(answer.json);
    expect(await api.outbox(tokens.admin)).toHaveLength(before.outbox + 1);
    expect(api.counts()).toMatchObject({ members: before.members + 1, outbox: before.outbox + 1 });

    const redeemed = await api.redeem('jonas.keller@invited.example', code);
    expect(redeemed.status, redeemed.text).toBe(200);
    expect(redeemed.json).toEqual({ safeId: 'safe-research', memberId: result.member.id });
    expect(await api.member(tokens.admin, 'safe-research', result.member.id)).toMatchObject({
      status: 'activated',
      version: 2,
    });
  });

  it('accepts the number in international form and stores E.164', async () => {
    const result = await api.invited(
      tokens.admin,
      'safe-research',
      person('sms-intl', { codeDelivery: 'sms', mobile: { country: 'CH', number: '+41 (0)76 555 01 02' } }),
    );
    expect(result.sentTo).toBe('+41765550102');
    const stored = server.db.prepare('SELECT mobile FROM invitation_codes WHERE member_id = ?').get(result.member.id);
    expect(stored).toEqual({ mobile: '+41765550102' });
    expect((await api.outbox(tokens.admin)).at(-1)?.text).toMatch(/^Your security code/);
  });

  it('re-sends by SMS with a new code; the old one stops working', async () => {
    const invitation = await api.invited(
      tokens.admin,
      'safe-legal',
      person('sms-resend', { language: 'it', codeDelivery: 'sms', mobile: { country: 'IT', number: '333 123 4567' } }),
    );
    const first = codeInText((await api.outbox(tokens.admin)).at(-1)?.text ?? '');
    const resent = await api.resend(tokens.admin, 'safe-legal', invitation.member.id, 1);
    expect(resent.status, resent.text).toBe(200);
    const result = InvitationResult.parse(resent.json);
    expect(result).toMatchObject({ codeDelivery: 'sms', sentTo: '+393331234567' });
    expect(result.securityCode).toBeUndefined();
    const messages = (await api.outbox(tokens.admin)).filter((message) => message.to === '+393331234567');
    expect(messages).toHaveLength(2);
    expect(messages[1]?.text).toContain('codice di sicurezza');
    const second = codeInText(messages[1]?.text ?? '');
    expect(second).not.toBe(first);
    expectError(await api.redeem('test.person.sms-resend@invited.example', first), 400, 'invalid_code');
    expect((await api.redeem('test.person.sms-resend@invited.example', second)).status).toBe(200);
  });
});

describe('an SMS gateway that fails', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({
      devEndpoints: true,
      sms: { send: () => Promise.reject(new Error('provider down')) },
    });
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('answers 502 sms_failed and takes the invitation back, so a retry can succeed later', async () => {
    const before = api.counts();
    const body = person('sms-fail', { codeDelivery: 'sms', mobile: { country: 'CH', number: '079 123 45 67' } });
    expectError(await api.invite(tokens.admin, 'safe-legal', body, 'fail-key-0001'), 502, 'sms_failed');
    const after = api.counts();
    expect(after).toMatchObject({ members: before.members, codes: before.codes, idempotency: before.idempotency });
    const actions = (server.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map(
      (row) => row.action,
    );
    expect(actions.slice(-2)).toEqual(['member.invited', 'member.invitationFailed']);
    // a display invitation does not need the gateway
    await api.invited(tokens.admin, 'safe-legal', person('sms-fail', { codeDelivery: 'display' }), 'fail-key-0002');
  });
});

describe('changing, revoking, re-sending and removing', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true });
    api = membersApi(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('sends the version as ETag', async () => {
    const answer = await api.getMember(tokens.admin, 'safe-legal', 'm-legal-03');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(Member.parse(answer.json)).toMatchObject({ name: 'Søren Kierkegaard', version: 1 });
    expectError(await api.getMember(tokens.admin, 'safe-legal', 'm-finance-03'), 404, 'not_found');
    expectError(await api.getMember(tokens.plainUser, 'safe-finance', 'm-finance-03'), 403, 'forbidden');
  });

  it('changes a role with If-Match, bumps the version and audits before → after', async () => {
    const answer = await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-03', 1, 'editor');
    expect(answer.status, answer.text).toBe(200);
    expect(Member.parse(answer.json)).toMatchObject({ role: 'editor', version: 2 });
    expect(answer.headers.get('etag')).toBe('"2"');
    expect(api.auditOf('m-legal-03')).toEqual([
      {
        action: 'member.roleChanged',
        actor_user_id: server.accounts.admin.userId,
        before: { role: 'viewer', version: 1 },
        after: { role: 'editor', version: 2 },
      },
    ]);
    // asking for the role it already has changes nothing
    const same = await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-03', 2, 'editor');
    expect(Member.parse(same.json).version).toBe(2);
    expect(api.auditOf('m-legal-03')).toHaveLength(1);
  });

  it('refuses a stale edit with 412 instead of overwriting another administrator’s change', async () => {
    // Anna and Luca both saw Jürg at version 1
    const seen = await api.member(tokens.admin, 'safe-legal', 'm-legal-06');
    expect(seen.version).toBe(1);
    expect((await api.changeRole(tokens.safeAdmin, 'safe-legal', 'm-legal-06', 1, 'viewer')).status).toBe(200);
    const stale = await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-06', 1, 'editor');
    expectError(stale, 412, 'precondition_failed');
    expect(errorOf(stale).message).toContain('current version is 2');
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await api.member(tokens.admin, 'safe-legal', 'm-legal-06')).role).toBe('viewer');
    for (const stalePath of [
      api.remove(tokens.admin, 'safe-legal', 'm-legal-06', 1),
      api.revoke(tokens.admin, 'safe-legal', 'm-legal-07', 2),
      api.resend(tokens.admin, 'safe-legal', 'm-legal-07', 9),
    ]) {
      expectError(await stalePath, 412, 'precondition_failed');
    }
    expect(await api.member(tokens.admin, 'safe-legal', 'm-legal-06')).toMatchObject({ role: 'viewer', version: 2 });
  });

  it('requires If-Match on every change (428) and a version tag in it (400)', async () => {
    const before = api.counts();
    for (const answer of [
      await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-05', null, 'viewer'),
      await api.remove(tokens.admin, 'safe-legal', 'm-legal-05', null),
      await api.revoke(tokens.admin, 'safe-legal', 'm-legal-07', null),
      await api.resend(tokens.admin, 'safe-legal', 'm-legal-07', null),
    ]) {
      expectError(answer, 428, 'precondition_required');
    }
    for (const tag of ['1', 'abc', '"0"', '*']) {
      const answer = await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-05', tag, 'viewer');
      expectError(answer, 400, 'invalid_payload');
      expect(errorOf(answer).fields).toEqual({ 'if-match': 'invalid_value' });
    }
    // a weak tag names the version too
    expect((await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-05', 'W/"1"', 'viewer')).status).toBe(200);
    expect(api.counts().members).toBe(before.members);
  });

  it('lets only activated administrators change anything (403), before looking at If-Match', async () => {
    const before = api.counts();
    // Luca is an Editor in Finance, Sophie a Viewer
    for (const token of [tokens.safeAdmin, tokens.plainUser]) {
      expectError(await api.changeRole(token, 'safe-finance', 'm-finance-03', 1, 'editor'), 403, 'forbidden');
      expectError(await api.changeRole(token, 'safe-finance', 'm-finance-03', null, 'editor'), 403, 'forbidden');
      expectError(await api.remove(token, 'safe-finance', 'm-finance-03', 1), 403, 'forbidden');
      expectError(await api.revoke(token, 'safe-finance', 'm-finance-05', 1), 403, 'forbidden');
      expectError(await api.resend(token, 'safe-finance', 'm-finance-05', 1), 403, 'forbidden');
      expectError(
        await call(server.url, 'listSafeAudit', { params: { safeId: 'safe-finance' }, token }),
        403,
        'forbidden',
      );
    }
    expect(api.counts()).toEqual(before);
    expect(await api.member(tokens.admin, 'safe-finance', 'm-finance-03')).toMatchObject({
      role: 'viewer',
      version: 1,
    });
  });

  it('answers 404 for an unknown member or one of another safe, and 400 for an unknown role', async () => {
    expectError(await api.changeRole(tokens.admin, 'safe-legal', 'm-nobody', 1, 'viewer'), 404, 'not_found');
    expectError(await api.remove(tokens.admin, 'safe-legal', 'm-finance-03', 1), 404, 'not_found');
    const unknownRole = await api.changeRole(tokens.admin, 'safe-legal', 'm-legal-05', 2, 'owner');
    expectError(unknownRole, 400, 'invalid_payload');
    expect(errorOf(unknownRole).fields).toEqual({ role: 'invalid_value' });
  });

  it('never demotes or removes the last activated administrator (409); an invited one does not count', async () => {
    // Research: Anna and Oliver administer
    expect((await api.changeRole(tokens.admin, 'safe-research', 'm-research-11', 1, 'editor')).status).toBe(200);
    await api.invited(tokens.admin, 'safe-research', person('invited-admin', { role: 'administrator' }));
    const before = api.counts();
    const demote = await api.changeRole(tokens.admin, 'safe-research', 'm-research-01', 1, 'viewer');
    expectError(demote, 409, 'last_administrator');
    expectError(await api.remove(tokens.admin, 'safe-research', 'm-research-01', 1), 409, 'last_administrator');
    expect(api.counts()).toEqual(before);
    expect(await api.member(tokens.admin, 'safe-research', 'm-research-01')).toMatchObject({
      role: 'administrator',
      version: 1,
    });
    // with a second administrator again, Anna may step down
    expect((await api.changeRole(tokens.admin, 'safe-research', 'm-research-11', 2, 'administrator')).status).toBe(200);
    expect((await api.changeRole(tokens.admin, 'safe-research', 'm-research-01', 1, 'editor')).status).toBe(200);
    // and is no longer allowed to manage the safe
    expectError(await api.changeRole(tokens.admin, 'safe-research', 'm-research-02', 1, 'viewer'), 403, 'forbidden');
  });

  it('revokes a pending invitation (204): member and code gone, audited; not an activated member (409)', async () => {
    const invitation = await api.invited(tokens.admin, 'safe-legal', person('revoke'));
    const answer = await api.revoke(tokens.admin, 'safe-legal', invitation.member.id, 1);
    expect(answer.status, answer.text).toBe(204);
    expect(answer.text).toBe('');
    expectError(await api.getMember(tokens.admin, 'safe-legal', invitation.member.id), 404, 'not_found');
    expect(server.db.prepare('SELECT * FROM invitation_codes WHERE member_id = ?').get(invitation.member.id)).toBe(
      undefined,
    );
    expect(api.auditOf(invitation.member.id).map((entry) => [entry.action, entry.before, entry.after])).toEqual([
      ['member.invited', null, expect.objectContaining({ status: 'invited' })],
      ['member.revoked', expect.objectContaining({ email: 'test.person.revoke@invited.example', version: 1 }), null],
    ]);
    expectError(await api.redeem('test.person.revoke@invited.example', invitation.securityCode), 400, 'invalid_code');
    expectError(await api.revoke(tokens.admin, 'safe-legal', 'm-legal-05', 2), 409, 'not_invited');
  });

  it('re-sends a displayed code: a new one, the old one stops working, version and audit follow', async () => {
    const invitation = await api.invited(tokens.admin, 'safe-legal', person('resend'));
    const answer = await api.resend(tokens.admin, 'safe-legal', invitation.member.id, 1);
    expect(answer.status, answer.text).toBe(200);
    const resent = InvitationResult.parse(answer.json);
    expect(resent.securityCode).toMatch(CODE_PATTERN);
    expect(resent.securityCode).not.toBe(invitation.securityCode);
    expect(resent.member.version).toBe(2);
    // The member carries its code's expiry, the new one after a re-send (what the member table shows).
    expect(invitation.member.invitationExpiresAt).toBe(invitation.expiresAt);
    expect(resent.member.invitationExpiresAt).toBe(resent.expiresAt);
    expect(Date.parse(resent.expiresAt)).toBeGreaterThanOrEqual(Date.parse(invitation.expiresAt));
    expect((await api.member(tokens.admin, 'safe-legal', invitation.member.id)).invitationExpiresAt).toBe(
      resent.expiresAt,
    );
    expect(answer.headers.get('etag')).toBe('"2"');
    const audit = api.auditOf(invitation.member.id);
    expect(audit[1]).toMatchObject({
      action: 'member.resent',
      before: { version: 1, codeDelivery: 'display' },
      after: { version: 2, codeDelivery: 'display' },
    });
    expect(api.auditText()).not.toContain(resent.securityCode);

    const email = 'test.person.resend@invited.example';
    expectError(await api.redeem(email, invitation.securityCode), 400, 'invalid_code');
    expect((await api.redeem(email, resent.securityCode)).status).toBe(200);
    expect((await api.member(tokens.admin, 'safe-legal', invitation.member.id)).invitationExpiresAt).toBeNull();
    // activated: nothing to re-send or revoke any more
    expectError(await api.resend(tokens.admin, 'safe-legal', invitation.member.id, 3), 409, 'not_invited');
  });

  it('re-sends a seeded invitation that never had a code, as a displayed code', async () => {
    // No code on record: no expiry (the invitation counts as expired).
    expect((await api.member(tokens.admin, 'safe-finance', 'm-finance-05')).invitationExpiresAt).toBeNull();
    const answer = await api.resend(tokens.admin, 'safe-finance', 'm-finance-05', 1);
    expect(answer.status, answer.text).toBe(200);
    const result = InvitationResult.parse(answer.json);
    expect(result.codeDelivery).toBe('display');
    expect((await api.member(tokens.admin, 'safe-finance', 'm-finance-05')).invitationExpiresAt).toBe(result.expiresAt);
    expect((await api.redeem('francois.dupont@demo.example', result.securityCode)).status).toBe(200);
  });

  it('removes a member (204) with the removed state in the audit; removing an invited member frees a place', async () => {
    const answer = await api.remove(tokens.admin, 'safe-finance', 'm-finance-04', 1);
    expect(answer.status, answer.text).toBe(204);
    expectError(await api.getMember(tokens.admin, 'safe-finance', 'm-finance-04'), 404, 'not_found');
    expect(api.auditOf('m-finance-04')).toEqual([
      {
        action: 'member.removed',
        actor_user_id: server.accounts.admin.userId,
        before: {
          name: 'Zoë Müller',
          email: 'zoe.mueller@demo.example',
          role: 'editor',
          status: 'activated',
          language: 'de',
          version: 1,
        },
        after: null,
      },
    ]);
    // Finance was full; now there is room for exactly one
    await api.invited(tokens.admin, 'safe-finance', person('finance-room'));
    expectError(await api.invite(tokens.admin, 'safe-finance', person('finance-full')), 409, 'member_limit_reached');
    // and removing an invited member works too
    expect((await api.remove(tokens.admin, 'safe-finance', 'm-finance-12', 1)).status).toBe(204);
  });

  it('lists the safe’s audit trail for its administrators, newest first, with who did it', async () => {
    const answer = await call(server.url, 'listSafeAudit', {
      params: { safeId: 'safe-finance' },
      query: { limit: 3 },
      token: tokens.admin,
    });
    expect(answer.status, answer.text).toBe(200);
    const { items } = routes.listSafeAudit.response.parse(answer.json);
    expect(items.map((item) => item.action)).toEqual(['member.removed', 'member.invited', 'member.removed']);
    expect(items[0]).toMatchObject({
      targetId: 'm-finance-12',
      actor: { id: server.accounts.admin.userId, name: 'Anna Muster' },
      after: null,
    });
    expect(items[0]?.before).toMatchObject({ email: 'marco.bianchi@demo.example', status: 'invited' });
    const ids = items.map((item) => item.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    // Luca administers Legal only
    const legal = await call(server.url, 'listSafeAudit', {
      params: { safeId: 'safe-legal' },
      token: tokens.safeAdmin,
    });
    const legalItems = routes.listSafeAudit.response.parse(legal.json).items;
    expect(legalItems.length).toBeGreaterThan(0);
    expect(new Set(legalItems.map((item) => item.action))).not.toContain('member.removed');
    expect(legalItems.every((item) => !JSON.stringify(item).includes('safe-finance'))).toBe(true);
  });
});

describe('dev endpoints', () => {
  it('are off unless asked for', async () => {
    const server = await startSeededServer();
    try {
      const answer = await call(server.url, 'me');
      expect(answer.status).toBe(401);
      const outbox = await fetch(`${server.url}/api/v1/dev/sms-outbox`);
      expect(outbox.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('the outbox CLI and the OpenAPI document', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;

  beforeAll(async () => {
    // the outbox keeps readable codes only when the dev outbox is on (test/server/dev-outbox.test.ts)
    server = await startSeededServer({ devEndpoints: true });
    api = membersApi(server);
  });
  afterAll(() => server.close());

  it('prints the outbox of a running server’s database', async () => {
    const tokens = await api.tokens();
    const empty = spawnSync(process.execPath, ['server/outbox-cli.ts', '--db', server.dbPath], { encoding: 'utf8' });
    expect(empty.status, empty.stderr).toBe(0);
    expect(empty.stdout).toContain('The SMS outbox is empty.');

    await api.invited(
      tokens.admin,
      'safe-legal',
      person('cli', { codeDelivery: 'sms', mobile: { country: 'CH', number: '078 555 12 34' } }),
    );
    const printed = spawnSync(process.execPath, ['server/outbox-cli.ts', '--db', server.dbPath], { encoding: 'utf8' });
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('to +41785551234  [en]');
    const code = codeInText(printed.stdout);
    expect((await api.redeem('test.person.cli@invited.example', code)).status).toBe(200);

    const json = spawnSync(
      process.execPath,
      ['server/outbox-cli.ts', '--db', server.dbPath, '--json', '--to', '+41785551234'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ to: '+41785551234', language: 'en' })]);

    const missing = spawnSync(process.execPath, ['server/outbox-cli.ts', '--db', `${server.dbPath}.nope`], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/no database/);
  });

  it('documents the headers, the ETag and the failure statuses of the member routes, and no dev endpoint', async () => {
    const document = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          { parameters?: { name: string; in: string; required: boolean }[] } & {
            responses: Record<string, { headers?: Record<string, unknown> }>;
          }
        >
      >;
    };
    const invite = document.paths[routes.inviteMember.path]?.post;
    expect(invite?.parameters).toContainEqual(
      expect.objectContaining({ name: 'idempotency-key', in: 'header', required: true }),
    );
    expect(Object.keys(invite?.responses ?? {})).toEqual(expect.arrayContaining(['201', '400', '403', '409', '502']));
    expect(invite?.responses['201']?.headers).toHaveProperty('ETag');
    const patch = document.paths[routes.changeMemberRole.path]?.patch;
    expect(patch?.parameters).toContainEqual(expect.objectContaining({ name: 'if-match', in: 'header' }));
    expect(Object.keys(patch?.responses ?? {})).toEqual(expect.arrayContaining(['409', '412', '428']));
    const redeem = document.paths[routes.redeemInvitation.path]?.post;
    expect(Object.keys(redeem?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '410', '423', '429']));
    expect(Object.keys(document.paths).some((path) => path.includes('/dev/'))).toBe(false);
  });
});
