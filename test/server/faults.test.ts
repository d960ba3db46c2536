/**
 * Fault injection: break things on purpose and check
 * that nothing is lost or applied twice, and that a replay never brings back
 * a state that no longer holds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BulkAddResult } from '../../shared/api/groups.ts';
import { InvitationResult } from '../../shared/api/members.ts';
import { routes, routePath, type RouteName } from '../../shared/api/routes.ts';
import { Member } from '../../shared/api/schemas.ts';
import { startServer } from '../../server/app.ts';
import { openDatabase } from '../../server/db.ts';
import { DEMO_ACCOUNTS, seedDemo } from '../../server/seed.ts';
import { TEST_PASSWORD_COST, startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person } from './members-api.ts';
import { errorOf, request, signIn } from './request.ts';

/** Drops the answer of the next call of `route` (after its transaction committed). */
function dropper() {
  const armed = new Set<RouteName>();
  return {
    arm: (route: RouteName) => armed.add(route),
    beforeAnswer: (route: RouteName) => (armed.delete(route) ? ('drop' as const) : undefined),
  };
}

const count = (server: { db: SeededServer['db'] }, sql: string, ...params: string[]) =>
  (server.db.prepare(sql).get(...params) as { n: number }).n;

describe('the server dies in the middle of an invitation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsa-faults-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('after commit, before the answer: the retry with the same key yields exactly one member and the same code', async () => {
    const dbPath = join(dir, 'server.db');
    const seedDb = openDatabase(dbPath);
    await seedDemo(seedDb, { passwordCost: TEST_PASSWORD_COST });
    seedDb.close();
    const faults = dropper();
    const options = { dbPath, log: () => {}, passwordCost: TEST_PASSWORD_COST };
    const first = await startServer({ ...options, testHooks: faults });
    const seeded = { ...first, dbPath, accounts: DEMO_ACCOUNTS, safes: [] };
    const token = (await signIn(first.url, DEMO_ACCOUNTS.admin.email, DEMO_ACCOUNTS.admin.password)).accessToken;
    const body = person('crash', { role: 'editor' });
    const key = 'crash-key-0001';

    faults.arm('inviteMember');
    await expect(membersApi(seeded).invite(token, 'safe-research', body, key)).rejects.toThrow();
    expect(
      count(first, "SELECT COUNT(*) AS n FROM safe_members WHERE email = 'test.person.crash@invited.example'"),
    ).toBe(1);
    // the process goes away; a new one starts on the same database
    await first.close();
    const second = await startServer(options);
    try {
      const retry = await membersApi({ ...seeded, ...second }).invite(token, 'safe-research', body, key);
      expect(retry.status, retry.text).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      const result = InvitationResult.parse(retry.json);
      expect(result.securityCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
      expect(
        count(second, "SELECT COUNT(*) AS n FROM safe_members WHERE email = 'test.person.crash@invited.example'"),
      ).toBe(1);
      expect(count(second, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'member.invited'")).toBe(1);
      // the code in the replayed answer is the one that was committed: it redeems
      const redeemed = await membersApi({ ...seeded, ...second }).redeem(result.member.email, result.securityCode);
      expect(redeemed.status, redeemed.text).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe('replays and concurrent changes', () => {
  let server: SeededServer;
  const faults = dropper();
  let tokens: { admin: string; luca: string };

  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true, testHooks: faults });
    // Luca becomes a second organisation administrator (he already administers Legal & Compliance)
    server.db.prepare("UPDATE users SET org_role = 'administrator' WHERE id = ?").run(server.accounts.safeAdmin.userId);
    server.db.exec("UPDATE team_safes SET member_limit = 100 WHERE id IN ('safe-legal', 'safe-research')");
    tokens = {
      admin: (await signIn(server.url, server.accounts.admin.email, server.accounts.admin.password)).accessToken,
      luca: (await signIn(server.url, server.accounts.safeAdmin.email, server.accounts.safeAdmin.password)).accessToken,
    };
  });
  afterAll(() => server.close());

  it('answers a replay after revoke with 409 and the current state, never the dead member and its old code', async () => {
    const api = membersApi(server);
    const key = 'replay-after-revoke-01';
    const body = person('revoked-replay');
    const invited = await api.invited(tokens.admin, 'safe-legal', body, key);
    // an unchanged invitation still replays
    expect((await api.invited(tokens.admin, 'safe-legal', body, key)).member.id).toBe(invited.member.id);
    expect((await api.revoke(tokens.admin, 'safe-legal', invited.member.id, 1)).status).toBe(204);

    const replay = await api.invite(tokens.admin, 'safe-legal', body, key);
    expect(replay.status, replay.text).toBe(409);
    expect(errorOf(replay)).toMatchObject({ code: 'not_invited', current: null });
    expect(replay.text).not.toContain(invited.securityCode ?? '-');
    expect(count(server, 'SELECT COUNT(*) AS n FROM safe_members WHERE id = ?', invited.member.id)).toBe(0);
  });

  it('answers a replay after a re-send with 412 and the current member, not the old code', async () => {
    const api = membersApi(server);
    const key = 'replay-after-resend-01';
    const body = person('resent-replay');
    const invited = await api.invited(tokens.admin, 'safe-legal', body, key);
    expect((await api.resend(tokens.admin, 'safe-legal', invited.member.id, 1)).status).toBe(200);
    const replay = await api.invite(tokens.admin, 'safe-legal', body, key);
    expect(replay.status).toBe(412);
    const error = errorOf(replay);
    expect(error.code).toBe('precondition_failed');
    expect(Member.parse(error.current)).toMatchObject({ id: invited.member.id, version: 2, status: 'invited' });
    expect(replay.text).not.toContain(invited.securityCode ?? '-');
  });

  it('lets one of two admins changing the same member win; the other gets precondition_failed with the current value', async () => {
    const api = membersApi(server);
    const invited = await api.invited(tokens.admin, 'safe-legal', person('contested'));
    const [anna, luca] = await Promise.all([
      api.changeRole(tokens.admin, 'safe-legal', invited.member.id, 1, 'editor'),
      api.changeRole(tokens.luca, 'safe-legal', invited.member.id, 1, 'archivist'),
    ]);
    const winner = anna.status === 200 ? anna : luca;
    const loser = anna.status === 200 ? luca : anna;
    expect([anna.status, luca.status].sort()).toEqual([200, 412]);
    const current = await api.member(tokens.admin, 'safe-legal', invited.member.id);
    expect(current).toEqual(Member.parse(winner.json));
    expect(errorOf(loser)).toMatchObject({ code: 'precondition_failed', current });
    expect(loser.headers.get('etag')).toBe('"2"');
    expect(api.auditOf(invited.member.id).filter((row) => row.action === 'member.roleChanged')).toHaveLength(1);
  });

  it('keeps group membership consistent when two admins add and remove the same user at once', async () => {
    const groupId = 'sg-device-admins';
    const userId = 'u-thomas-keller';
    const memberPath = routePath(routes.addGroupMember.path, { groupId });
    const removePath = routePath(routes.removeGroupMembers.path, { groupId });
    const audit = () => count(server, "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'group.member%'");
    for (let round = 0; round < 4; round++) {
      const before = audit();
      const [added, removed] = await Promise.all([
        request(server.url, memberPath, { method: 'POST', token: tokens.admin, body: { userId } }),
        request(server.url, removePath, { method: 'POST', token: tokens.luca, body: { userIds: [userId] } }),
      ]);
      const addOutcome = routes.addGroupMember.response.parse(added.json).outcome;
      const removeOutcome = routes.removeGroupMembers.response.parse(removed.json).results[0]?.outcome;
      const isMember =
        count(
          server,
          'SELECT COUNT(*) AS n FROM security_group_members WHERE group_id = ? AND user_id = ?',
          groupId,
          userId,
        ) === 1;
      // every outcome reported happened, exactly once, and the final state follows from them
      const applied = (addOutcome === 'added' ? 1 : 0) + (removeOutcome === 'removed' ? 1 : 0);
      expect(audit() - before).toBe(applied);
      if (removeOutcome === 'removed') expect(addOutcome).toBe(isMember ? 'already_member' : 'added');
      else expect(isMember).toBe(true);
      // the next round starts from "not a member"
      await request(server.url, removePath, { method: 'POST', token: tokens.admin, body: { userIds: [userId] } });
    }
    const [one, two] = await Promise.all([
      request(server.url, memberPath, { method: 'POST', token: tokens.admin, body: { userId } }),
      request(server.url, memberPath, { method: 'POST', token: tokens.luca, body: { userId } }),
    ]);
    expect([one, two].map((answer) => routes.addGroupMember.response.parse(answer.json).outcome).sort()).toEqual([
      'added',
      'already_member',
    ]);
  });

  it('bulk add: the answer is lost after commit; the retry with the same key applies no entry twice', async () => {
    const groupId = 'sg-workspace-owners';
    const entries = 'aurelie.fontaine@demo.example, bjorn.lindqvist@demo.example, nobody@demo.example';
    const path = routePath(routes.bulkAddGroupMembers.path, { groupId });
    const send = () =>
      request(server.url, path, {
        method: 'POST',
        token: tokens.admin,
        headers: { 'idempotency-key': 'bulk-crash-key-01' },
        body: { entries },
      });
    const before = count(server, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'group.memberAdded'");
    faults.arm('bulkAddGroupMembers');
    await expect(send()).rejects.toThrow();
    const retry = await send();
    expect(retry.status, retry.text).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const result = BulkAddResult.parse(retry.json);
    expect(result.results.map((entry) => entry.outcome)).toEqual(['added', 'added', 'unknown_user']);
    expect(result.added).toBe(2);
    expect(count(server, "SELECT COUNT(*) AS n FROM audit_log WHERE action = 'group.memberAdded'")).toBe(before + 2);
    // the same key with another list is a conflict, not a second bulk add
    const other = await request(server.url, path, {
      method: 'POST',
      token: tokens.admin,
      headers: { 'idempotency-key': 'bulk-crash-key-01' },
      body: { entries: 'thomas.keller@demo.example' },
    });
    expect(errorOf(other).code).toBe('idempotency_conflict');
  });

  it('an SMS invitation whose answer was lost is not sent twice by the retry', async () => {
    const api = membersApi(server);
    const body = person('sms-crash', { codeDelivery: 'sms', mobile: { country: 'CH', number: '079 444 55 66' } });
    const texts = () => count(server, "SELECT COUNT(*) AS n FROM sms_outbox WHERE to_number = '+41794445566'");
    faults.arm('inviteMember');
    await expect(api.invite(tokens.admin, 'safe-research', body, 'sms-crash-key-01')).rejects.toThrow();
    expect(texts()).toBe(1);
    const retry = await api.invite(tokens.admin, 'safe-research', body, 'sms-crash-key-01');
    expect(retry.status).toBe(201);
    expect(texts()).toBe(1);
  });
});
