import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UndoResult } from '../../shared/api/undo.ts';
import { Member } from '../../shared/api/schemas.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { powerApi } from './power-api.ts';
import { call, errorOf, type Answer } from './request.ts';

function undone(answer: Answer): UndoResult {
  expect(answer.status, answer.text).toBe(200);
  return UndoResult.parse(answer.json);
}

function expectError(answer: Answer, status: number, code: string) {
  expect(answer.status, answer.text).toBe(status);
  expect(errorOf(answer).code).toBe(code);
}

describe('undo', () => {
  let clock = Date.parse('2026-04-01T08:00:00.000Z');
  let server: SeededServer;
  let members: ReturnType<typeof membersApi>;
  let api: ReturnType<typeof powerApi>;
  let tokens: Tokens;
  const advance = async (ms: number) => {
    clock += ms;
    tokens = await members.tokens();
  };
  const row = (id: string) => server.db.prepare('SELECT * FROM safe_members WHERE id = ?').get(id);
  const lastAudit = () =>
    server.db.prepare('SELECT id, action, actor_user_id, undoes FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
      id: number;
      action: string;
      actor_user_id: string;
      undoes: number | null;
    };

  beforeAll(async () => {
    server = await startSeededServer({ now: () => clock });
    members = membersApi(server);
    api = powerApi(server);
    tokens = await members.tokens();
  });
  afterAll(() => server.close());

  it('undoes a role change with If-Match on the new version, audited as such, and answers a retry the same', async () => {
    const { member } = await members.invited(tokens.admin, 'safe-research', person('role'));
    const changed = await members.changeRole(tokens.admin, 'safe-research', member.id, 1, 'editor');
    expect(changed.status).toBe(200);
    const change = lastAudit();
    const answer = await api.undo(tokens.admin, 'safe-research', member.id, 2);
    const result = undone(answer);
    expect(result).toMatchObject({ undone: 'member.roleChanged', member: { role: 'viewer', version: 3 } });
    expect(answer.headers.get('etag')).toBe('"3"');
    expect(lastAudit()).toEqual({
      id: result.entryId,
      action: 'member.roleChangeUndone',
      actor_user_id: server.accounts.admin.userId,
      undoes: change.id,
    });
    expect(result.undoes).toBe(change.id);
    expect(members.auditOf(member.id).at(-1)).toMatchObject({
      before: { role: 'editor', version: 2 },
      after: { role: 'viewer', version: 3 },
    });
    // the answer was lost: the same request again changes nothing and answers the same
    expect(undone(await api.undo(tokens.admin, 'safe-research', member.id, 2))).toEqual(result);
    // the undo itself cannot be undone
    expectError(await api.undo(tokens.admin, 'safe-research', member.id, 3), 409, 'undo_not_allowed');
  });

  it('brings a removed activated member back as it was, with its account, without a new invitation', async () => {
    const before = row('m-research-02');
    expect(before).toMatchObject({ status: 'activated', user_id: 'u-alexandros', version: 1 });
    expect((await members.remove(tokens.admin, 'safe-research', 'm-research-02', 1)).status).toBe(204);
    expect(row('m-research-02')).toBeUndefined();
    const removal = lastAudit();

    const result = undone(await api.undo(tokens.admin, 'safe-research', 'm-research-02', 1));
    expect(result).toMatchObject({ undone: 'member.removed', undoes: removal.id });
    expect(row('m-research-02')).toEqual({ ...(before as object), version: 2 });
    expect(lastAudit()).toMatchObject({ action: 'member.restored', undoes: removal.id });
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM removed_members').get()).toEqual({ n: 0 });
    // the offline cache sees one upsert of the same member
    const feed = await call(server.url, 'listMemberChanges', {
      params: { safeId: 'safe-research' },
      token: tokens.admin,
    });
    expect((feed.json as { upserts: Member[] }).upserts.find((m) => m.id === 'm-research-02')?.version).toBe(2);
  });

  it('brings a revoked invitation back with its old code and expiry', async () => {
    const invited = await members.invited(tokens.admin, 'safe-research', person('revoked'));
    expect((await members.revoke(tokens.admin, 'safe-research', invited.member.id, 1)).status).toBe(204);
    expect((await members.redeem(invited.member.email, invited.securityCode)).status).toBe(400);
    const result = undone(await api.undo(tokens.admin, 'safe-research', invited.member.id, 1));
    expect(result).toMatchObject({ undone: 'member.revoked', member: { status: 'invited', version: 2 } });
    const listed = (await api.pipeline(tokens.admin, 'safe-research')).items.find(
      (i) => i.member.id === invited.member.id,
    );
    expect(listed?.expiresAt).toBe(invited.expiresAt);
    expect(lastAudit().action).toBe('member.invitationRestored');
    expect((await members.redeem(invited.member.email, invited.securityCode)).status).toBe(200);
  });

  it(`refuses after the window, and forgets what it kept`, async () => {
    const { member } = await members.invited(tokens.admin, 'safe-research', person('late'));
    expect((await members.remove(tokens.admin, 'safe-research', member.id, 1)).status).toBe(204);
    await advance(31_000);
    expectError(await api.undo(tokens.admin, 'safe-research', member.id, 1), 409, 'undo_expired');
    // the next removal drops the kept rows (and a revoked code's hash) of older ones
    const other = await members.invited(tokens.admin, 'safe-research', person('later'));
    expect((await members.revoke(tokens.admin, 'safe-research', other.member.id, 1)).status).toBe(204);
    const kept = server.db.prepare('SELECT member_id FROM removed_members').all();
    expect(kept).toEqual([{ member_id: other.member.id }]);
  });

  it('fails cleanly when another administrator acted in between, or when it is not the caller’s change', async () => {
    // Anna and Luca both administer Legal & Compliance
    expect((await members.changeRole(tokens.admin, 'safe-legal', 'm-legal-03', 1, 'editor')).status).toBe(200);
    expectError(await api.undo(tokens.safeAdmin, 'safe-legal', 'm-legal-03', 2), 409, 'undo_not_allowed');
    expect((await members.changeRole(tokens.safeAdmin, 'safe-legal', 'm-legal-03', 2, 'archivist')).status).toBe(200);
    const stale = await api.undo(tokens.admin, 'safe-legal', 'm-legal-03', 2);
    expectError(stale, 412, 'precondition_failed');
    expect(errorOf(stale).current).toMatchObject({ id: 'm-legal-03', role: 'archivist', version: 3 });
    expect(stale.headers.get('etag')).toBe('"3"');

    // removed, then invited again by someone else: the undo names the new member
    expect((await members.remove(tokens.admin, 'safe-legal', 'm-legal-05', 1)).status).toBe(204);
    const again = await members.invited(
      tokens.safeAdmin,
      'safe-legal',
      person('elodie', { email: 'elodie.girard@demo.example' }),
    );
    const taken = await api.undo(tokens.admin, 'safe-legal', 'm-legal-05', 1);
    expectError(taken, 412, 'precondition_failed');
    expect(errorOf(taken).current).toMatchObject({ id: again.member.id, email: 'elodie.girard@demo.example' });
  });

  it('needs a free place to bring someone back', async () => {
    // Finance is full (12 of 12): revoke, let the place be taken, undo
    expect((await members.revoke(tokens.admin, 'safe-finance', 'm-finance-05', 1)).status).toBe(204);
    await members.invited(tokens.admin, 'safe-finance', person('place'));
    expectError(await api.undo(tokens.admin, 'safe-finance', 'm-finance-05', 1), 409, 'member_limit_reached');
  });

  it('restores users removed from a security group, with the time they first joined', async () => {
    const joined = () =>
      server.db
        .prepare(
          "SELECT user_id, added_at FROM security_group_members WHERE group_id = 'sg-developers' ORDER BY user_id",
        )
        .all();
    const before = joined();
    const removed = await call(server.url, 'removeGroupMembers', {
      params: { groupId: 'sg-developers' },
      body: { userIds: ['u-luca-bernasconi'] },
      token: tokens.admin,
    });
    expect(removed.status).toBe(200);
    const removal = lastAudit();
    const result = await api.restoreGroup(tokens.admin, 'sg-developers', ['u-luca-bernasconi', 'u-sophie-martin']);
    expect(result.results).toEqual([
      { userId: 'u-luca-bernasconi', outcome: 'restored' },
      { userId: 'u-sophie-martin', outcome: 'undo_not_allowed' },
    ]);
    expect(joined()).toEqual(before);
    expect(lastAudit()).toMatchObject({ action: 'group.memberRestored', undoes: removal.id });
    // again: already restored, nothing more
    expect((await api.restoreGroup(tokens.admin, 'sg-developers', ['u-luca-bernasconi'])).restored).toBe(1);
    expect(joined()).toEqual(before);

    // someone added them again in between; or the window passed
    const remove = (userId: string) =>
      call(server.url, 'removeGroupMembers', {
        params: { groupId: 'sg-developers' },
        body: { userIds: [userId] },
        token: tokens.admin,
      });
    await remove('u-luca-bernasconi');
    await call(server.url, 'addGroupMember', {
      params: { groupId: 'sg-developers' },
      body: { userId: 'u-luca-bernasconi' },
      token: tokens.admin,
    });
    expect((await api.restoreGroup(tokens.admin, 'sg-developers', ['u-luca-bernasconi'])).results).toEqual([
      { userId: 'u-luca-bernasconi', outcome: 'precondition_failed', member: true },
    ]);
    await remove('u-luca-bernasconi');
    await advance(31_000);
    expect((await api.restoreGroup(tokens.admin, 'sg-developers', ['u-luca-bernasconi'])).results).toEqual([
      { userId: 'u-luca-bernasconi', outcome: 'undo_expired' },
    ]);
  });
});
