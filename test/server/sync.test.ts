/**
 * Incremental sync: the change feeds of a team safe's members and
 * of the organisation's security-group memberships, against a real server.
 */
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { Member, TeamSafeList } from '../../shared/api/schemas.ts';
import { GroupChanges, MemberChanges, type GroupMembershipUpsert } from '../../shared/api/sync.ts';
import { MIGRATIONS, migrate } from '../../server/db.ts';
import { seedDemo } from '../../server/seed.ts';
import { SYNC_SQL } from '../../server/sync.ts';
import { TEST_PASSWORD_COST, startSeededServer, type SeededServer } from '../helpers/server.ts';
import { GROUPS, SUPPORT_TOKEN, support } from './groups-helpers.ts';
import { membersApi, person, type Tokens } from './members-api.ts';
import { call, errorOf, type Answer } from './request.ts';

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status, answer.text).toBe(status);
  expect(errorOf(answer).code).toBe(code);
}

/** Calls of the two feeds, parsed with the shared schemas. */
function feeds(server: SeededServer) {
  const query = (since: string | undefined, limit: number | undefined) => ({
    ...(since === undefined ? {} : { since }),
    ...(limit === undefined ? {} : { limit }),
  });
  const api = {
    memberChanges: (token: string, safeId: string, since?: string, limit?: number) =>
      call(server.url, 'listMemberChanges', { params: { safeId }, query: query(since, limit), token }),
    groupChanges: (token: string, since?: string, limit?: number) =>
      call(server.url, 'listGroupChanges', { query: query(since, limit), token }),

    async members(token: string, safeId: string, since?: string, limit?: number): Promise<MemberChanges> {
      const answer = await api.memberChanges(token, safeId, since, limit);
      expect(answer.status, answer.text).toBe(200);
      return MemberChanges.parse(answer.json);
    },

    async groups(token: string, since?: string, limit?: number): Promise<GroupChanges> {
      const answer = await api.groupChanges(token, since, limit);
      expect(answer.status, answer.text).toBe(200);
      return GroupChanges.parse(answer.json);
    },

    /** Every page of the member feed from `since` until `more` is false. */
    async drainMembers(token: string, safeId: string, since = '', limit?: number): Promise<MemberChanges[]> {
      const pages: MemberChanges[] = [];
      let cursor = since;
      for (let i = 0; i < 1000; i++) {
        const page = await api.members(token, safeId, cursor, limit);
        pages.push(page);
        cursor = page.cursor;
        if (!page.more) return pages;
      }
      throw new Error('the member feed never ended');
    },

    async drainGroups(token: string, since = '', limit?: number): Promise<GroupChanges[]> {
      const pages: GroupChanges[] = [];
      let cursor = since;
      for (let i = 0; i < 1000; i++) {
        const page = await api.groups(token, cursor, limit);
        pages.push(page);
        cursor = page.cursor;
        if (!page.more) return pages;
      }
      throw new Error('the group feed never ended');
    },

    /** The cursor after a complete sync. */
    async memberCursor(token: string, safeId: string): Promise<string> {
      const last = (await api.drainMembers(token, safeId, '', 5000)).at(-1);
      if (!last) throw new Error('no page');
      return last.cursor;
    },

    async groupCursor(token: string): Promise<string> {
      const last = (await api.drainGroups(token, '', 5000)).at(-1);
      if (!last) throw new Error('no page');
      return last.cursor;
    },

    /** The safe's members through the ordinary member list, by id. */
    async listed(token: string, safeId: string): Promise<Map<string, Member>> {
      const members = new Map<string, Member>();
      for (let offset = 0; ; offset += 500) {
        const answer = await call(server.url, 'listMembers', {
          params: { safeId },
          query: { offset, limit: 500 },
          token,
        });
        const page = routes.listMembers.response.parse(answer.json);
        for (const member of page.items) members.set(member.id, member);
        if (page.items.length < 500) return members;
      }
    },
  };
  return api;
}

const records = (page: { upserts: unknown[]; removed: unknown[] }) => page.upserts.length + page.removed.length;

/** The same cursor with another sequence number or epoch (cursors are opaque to clients, not to these tests). */
function forged(cursor: string, change: { seq?: (seq: number) => number; epoch?: string }): string {
  const [feed, epoch, seq] = cursor.split('.');
  return [feed, change.epoch ?? epoch, String(change.seq ? change.seq(Number(seq)) : seq)].join('.');
}

describe('member change feed', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let feed: ReturnType<typeof feeds>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer();
    server.db.exec("UPDATE team_safes SET member_limit = 100 WHERE id = 'safe-research'");
    api = membersApi(server);
    feed = feeds(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('delivers a full snapshot in pages: every member exactly once, then nothing until something changes', async () => {
    const pages = await feed.drainMembers(tokens.admin, 'safe-research', '', 4);
    expect(pages).toHaveLength(6); // 21 members, 4 per page
    expect(pages.map((page) => page.more)).toEqual([true, true, true, true, true, false]);
    expect(pages.every((page) => !page.reset && page.upserts.length <= 4 && page.removed.length === 0)).toBe(true);
    expect(new Set(pages.map((page) => page.cursor)).size).toBe(pages.length);

    const ids = pages.flatMap((page) => page.upserts.map((member) => member.id));
    expect(new Set(ids).size).toBe(ids.length);
    const listed = await feed.listed(tokens.admin, 'safe-research');
    expect(ids).toHaveLength(21);
    expect(new Set(ids)).toEqual(new Set(listed.keys()));
    for (const member of pages.flatMap((page) => page.upserts)) expect(member).toEqual(listed.get(member.id));

    // the safe as listTeamSafes shows it
    const safes = TeamSafeList.parse((await call(server.url, 'listTeamSafes', { token: tokens.admin })).json);
    const research = safes.items.find((safe) => safe.id === 'safe-research');
    for (const page of pages) expect(page.safe).toEqual(research);

    // nothing changed: nothing comes, and the cursor stays
    const cursor = pages.at(-1)?.cursor ?? '';
    const again = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(again).toMatchObject({ cursor, upserts: [], removed: [], more: false, reset: false });
  });

  it('uses 2000 records per answer unless told, and at most 5000', async () => {
    const answer = await feed.members(tokens.admin, 'safe-research');
    expect(answer.upserts).toHaveLength(21);
    expect(answer.more).toBe(false);
    expect(routes.listMemberChanges.query.parse({})).toEqual({ limit: 2000 });
    expectError(await feed.memberChanges(tokens.admin, 'safe-research', '', 5001), 400, 'invalid_payload');
    expectError(await feed.memberChanges(tokens.admin, 'safe-research', '', 0), 400, 'invalid_payload');
    expect((await feed.memberChanges(tokens.admin, 'safe-research', '', 5000)).status).toBe(200);
  });

  it('reports an invitation, a re-send and an activation as one upsert each, with the safe’s new count', async () => {
    let cursor = await feed.memberCursor(tokens.admin, 'safe-research');
    const invited = await api.invited(tokens.admin, 'safe-research', person('sync-1'));
    let changes = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(changes.upserts).toEqual([invited.member]);
    expect(changes.removed).toEqual([]);
    expect(changes.safe.memberCount).toBe(22);
    cursor = changes.cursor;

    const resent = await api.resend(tokens.admin, 'safe-research', invited.member.id, invited.member.version);
    expect(resent.status, resent.text).toBe(200);
    const code = routes.resendInvitation.response.parse(resent.json).securityCode ?? '';
    changes = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(changes.upserts.map((member) => [member.id, member.status, member.version])).toEqual([
      [invited.member.id, 'invited', 2],
    ]);
    expect(changes.removed).toEqual([]);
    cursor = changes.cursor;

    const redeemed = await api.redeem(invited.member.email, code);
    expect(redeemed.status, redeemed.text).toBe(200);
    changes = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(changes.upserts).toEqual([await api.member(tokens.admin, 'safe-research', invited.member.id)]);
    expect(changes.upserts[0]).toMatchObject({ status: 'activated', version: 3 });
    expect(changes.removed).toEqual([]);
  });

  it('reports a revoked invitation and a removed member as tombstones: ids only', async () => {
    const invited = await api.invited(tokens.admin, 'safe-research', person('sync-2'));
    const cursor = await feed.memberCursor(tokens.admin, 'safe-research');
    const revoked = await api.revoke(tokens.admin, 'safe-research', invited.member.id, invited.member.version);
    expect(revoked.status, revoked.text).toBe(204);
    let changes = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(changes).toMatchObject({ upserts: [], removed: [invited.member.id], more: false, reset: false });

    const viewer = await api.member(tokens.admin, 'safe-research', 'm-research-06'); // Priya, viewer
    const removed = await api.remove(tokens.admin, 'safe-research', viewer.id, viewer.version);
    expect(removed.status, removed.text).toBe(204);
    changes = await feed.members(tokens.admin, 'safe-research', changes.cursor);
    expect(changes).toMatchObject({ upserts: [], removed: [viewer.id] });

    // a fresh snapshot no longer holds either
    const snapshot = await feed.drainMembers(tokens.admin, 'safe-research');
    const ids = snapshot.flatMap((page) => page.upserts.map((member) => member.id));
    expect(ids).not.toContain(viewer.id);
    expect(ids).not.toContain(invited.member.id);
  });

  it('keeps only the latest change of a member: invited and revoked meanwhile is one tombstone', async () => {
    const cursor = await feed.memberCursor(tokens.admin, 'safe-research');
    const invited = await api.invited(tokens.admin, 'safe-research', person('sync-3'));
    const resent = await api.resend(tokens.admin, 'safe-research', invited.member.id, 1);
    expect(resent.status).toBe(200);
    expect((await api.revoke(tokens.admin, 'safe-research', invited.member.id, 2)).status).toBe(204);
    const changes = await feed.members(tokens.admin, 'safe-research', cursor);
    expect(changes.upserts).toEqual([]);
    expect(changes.removed).toEqual([invited.member.id]);
  });

  it('keeps safes apart: a change in Finance is not in Research’s feed', async () => {
    const research = await feed.memberCursor(tokens.admin, 'safe-research');
    const finance = await feed.memberCursor(tokens.admin, 'safe-finance');
    const zoe = await api.member(tokens.admin, 'safe-finance', 'm-finance-04');
    expect((await api.changeRole(tokens.admin, 'safe-finance', zoe.id, zoe.version, 'viewer')).status).toBe(200);
    expect(records(await feed.members(tokens.admin, 'safe-research', research))).toBe(0);
    const changes = await feed.members(tokens.admin, 'safe-finance', finance);
    expect(changes.upserts.map((member) => [member.id, member.role])).toEqual([[zoe.id, 'viewer']]);
  });

  it('answers a cursor from the future or of another database with reset and no records', async () => {
    const cursor = await feed.memberCursor(tokens.admin, 'safe-legal');
    for (const stale of [
      forged(cursor, { seq: (seq) => seq + 1_000_000 }),
      forged(cursor, { epoch: cursor.split('.')[1] === '0123456789abcdef' ? 'fedcba9876543210' : '0123456789abcdef' }),
    ]) {
      const answer = await feed.members(tokens.admin, 'safe-legal', stale);
      expect(answer).toMatchObject({ reset: true, upserts: [], removed: [], more: true });
      // its cursor starts over: a full snapshot follows
      const snapshot = await feed.drainMembers(tokens.admin, 'safe-legal', answer.cursor);
      expect(snapshot.some((page) => page.reset)).toBe(false);
      const ids = snapshot.flatMap((page) => page.upserts.map((member) => member.id));
      expect(new Set(ids)).toEqual(new Set((await feed.listed(tokens.admin, 'safe-legal')).keys()));
    }
    // the genuine cursor still works
    expect(await feed.members(tokens.admin, 'safe-legal', cursor)).toMatchObject({ reset: false, upserts: [] });
  });

  it('drops the oldest tombstones over the limit and resets only cursors older than the newest dropped one', async () => {
    server.db.exec('UPDATE sync_state SET tombstone_limit = 10');
    const tombstones = () =>
      (
        server.db
          .prepare("SELECT COUNT(*) AS n FROM member_changes WHERE safe_id = 'safe-legal' AND removed = 1")
          .get() as { n: number }
      ).n;
    /** Invite and revoke someone in Legal: one more tombstone. */
    const inviteAndRevoke = async (n: string): Promise<string> => {
      const invited = await api.invited(tokens.admin, 'safe-legal', person(n));
      expect((await api.revoke(tokens.admin, 'safe-legal', invited.member.id, 1)).status).toBe(204);
      return invited.member.id;
    };
    try {
      expect(tombstones()).toBe(0);
      const old = await feed.memberCursor(tokens.admin, 'safe-legal');
      const first: string[] = [];
      for (let i = 0; i < 10; i++) first.push(await inviteAndRevoke(`prune-${i}`));
      // at the limit nothing is dropped: the old cursor gets every removal
      const before = await feed.members(tokens.admin, 'safe-legal', old);
      expect(before).toMatchObject({ reset: false, upserts: [], removed: first });

      const recent = before.cursor;
      const last = await inviteAndRevoke('prune-last');
      expect(tombstones()).toBe(9); // 11 > 10: the oldest tenth (rounded up: 2) went, 9 are kept

      const stale = await feed.members(tokens.admin, 'safe-legal', old);
      expect(stale).toMatchObject({ reset: true, upserts: [], removed: [], more: true });
      expect(await feed.members(tokens.admin, 'safe-legal', recent)).toMatchObject({
        reset: false,
        upserts: [],
        removed: [last],
      });
      // starting over gives the members, and only the kept tombstones
      const snapshot = await feed.drainMembers(tokens.admin, 'safe-legal', stale.cursor);
      expect(snapshot.flatMap((page) => page.upserts)).toHaveLength(7);
      expect(snapshot.flatMap((page) => page.removed)).toEqual([...first.slice(2), last]);
    } finally {
      server.db.exec('UPDATE sync_state SET tombstone_limit = 10000');
    }
  });

  it('refuses malformed cursors and limits with 400 invalid_payload', async () => {
    const cursor = await feed.memberCursor(tokens.admin, 'safe-legal');
    const groupCursor = `g${cursor.slice(1)}`;
    for (const since of ['12', 'abc', 'm.xyz.1', forged(cursor, { seq: () => -1 }), `${cursor}0x`, groupCursor]) {
      const answer = await feed.memberChanges(tokens.admin, 'safe-legal', since);
      expectError(answer, 400, 'invalid_payload');
      expect(errorOf(answer).fields).toEqual({ since: 'invalid_value' });
    }
    const leadingZero = `${cursor.split('.').slice(0, 2).join('.')}.01`;
    expectError(await feed.memberChanges(tokens.admin, 'safe-legal', leadingZero), 400, 'invalid_payload');
    // a member cursor is no group cursor either
    const answer = await feed.groupChanges(tokens.admin, cursor);
    expectError(answer, 400, 'invalid_payload');
    expect(errorOf(answer).fields).toEqual({ since: 'invalid_value' });
    const limit = await feed.memberChanges(tokens.admin, 'safe-legal', '', 'x' as unknown as number);
    expect(errorOf(limit).fields).toEqual({ limit: 'invalid_value' });
  });

  it('is for activated administrators of the safe only', async () => {
    expectError(await feed.memberChanges(tokens.plainUser, 'safe-finance'), 403, 'forbidden');
    expectError(await feed.memberChanges(tokens.safeAdmin, 'safe-finance'), 403, 'forbidden'); // Luca: Editor there
    expect((await feed.memberChanges(tokens.safeAdmin, 'safe-legal')).status).toBe(200);
    expectError(await feed.memberChanges(tokens.admin, 'safe-nope'), 404, 'not_found');
    expectError(
      await call(server.url, 'listMemberChanges', { params: { safeId: 'safe-legal' } }),
      401,
      'session_expired',
    );
  });

  it('reads pages from the (safe, seq) index without sorting', () => {
    const plan = (
      server.db.prepare(`EXPLAIN QUERY PLAN ${SYNC_SQL.memberChanges}`).all('safe-research', 0, 10) as {
        detail: string;
      }[]
    ).map((row) => row.detail);
    expect(plan.join('\n')).toMatch(/member_changes_safe_seq/);
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
  });
});

describe('member change feed of a 10 000-member safe', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let feed: ReturnType<typeof feeds>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({ largeSafeMembers: 10_000 });
    api = membersApi(server);
    feed = feeds(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  it('moves exactly one record after one change, and one tombstone after one removal', async () => {
    const pages = await feed.drainMembers(tokens.admin, 'safe-large', '', 5000);
    expect(pages).toHaveLength(2);
    const ids = new Set(pages.flatMap((page) => page.upserts.map((member) => member.id)));
    expect(ids.size).toBe(10_000);
    expect(pages.at(-1)?.safe.memberCount).toBe(10_000);
    let cursor = pages.at(-1)?.cursor ?? '';

    const target = await api.member(tokens.admin, 'safe-large', 'm-large-000123');
    expect(target.role).not.toBe('editor');
    const changed = await api.changeRole(tokens.admin, 'safe-large', target.id, target.version, 'editor');
    expect(changed.status, changed.text).toBe(200);
    let changes = await feed.members(tokens.admin, 'safe-large', cursor);
    expect(changes.upserts.length + changes.removed.length).toBe(1);
    expect(changes.upserts[0]).toEqual({ ...target, role: 'editor', version: target.version + 1 });
    expect(changes.more).toBe(false);
    cursor = changes.cursor;

    const gone = await api.member(tokens.admin, 'safe-large', 'm-large-000124');
    expect((await api.remove(tokens.admin, 'safe-large', gone.id, gone.version)).status).toBe(204);
    changes = await feed.members(tokens.admin, 'safe-large', cursor);
    expect(changes.upserts).toEqual([]);
    expect(changes.removed).toEqual([gone.id]);
    expect(changes.safe.memberCount).toBe(9_999);

    expect(records(await feed.members(tokens.admin, 'safe-large', changes.cursor))).toBe(0);
  });

  it('pages with the default of 2000 records', async () => {
    const first = await feed.members(tokens.admin, 'safe-large');
    expect(first.upserts).toHaveLength(2000);
    expect(first.more).toBe(true);
  });
});

describe('group membership change feed', () => {
  let server: SeededServer;
  let api: ReturnType<typeof membersApi>;
  let feed: ReturnType<typeof feeds>;
  let tokens: Tokens;

  beforeAll(async () => {
    server = await startSeededServer({ supportToken: SUPPORT_TOKEN });
    api = membersApi(server);
    feed = feeds(server);
    tokens = await api.tokens();
  });
  afterAll(() => server.close());

  const key = (upsert: { groupId: string; user: { id: string } }) => `${upsert.groupId}/${upsert.user.id}`;

  it('delivers every membership once in a paged snapshot, with the user’s name and e-mail', async () => {
    const pages = await feed.drainGroups(tokens.admin, '', 3);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.slice(0, -1).every((page) => page.more)).toBe(true);
    expect(pages.every((page) => !page.reset && page.removed.length === 0)).toBe(true);
    const upserts = pages.flatMap((page) => page.upserts);
    expect(new Set(upserts.map(key)).size).toBe(upserts.length);

    const groups = routes.listSecurityGroups.response.parse(
      (await call(server.url, 'listSecurityGroups', { token: tokens.admin })).json,
    ).items;
    const expected: GroupMembershipUpsert[] = [];
    for (const group of groups) {
      const answer = await call(server.url, 'listGroupMembers', {
        params: { groupId: group.id },
        query: { limit: 500 },
        token: tokens.admin,
      });
      for (const member of routes.listGroupMembers.response.parse(answer.json).items) {
        expected.push({
          groupId: group.id,
          user: { id: member.userId, name: member.name, email: member.email },
          addedAt: member.addedAt,
        });
      }
    }
    expect(expected.length).toBe(groups.reduce((sum, group) => sum + group.memberCount, 0));
    expect([...upserts].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    expect(pages.at(-1)?.groupsVersion).toBeGreaterThan(0);
  });

  it('reports one added and one removed membership as one record each; the groups version stays', async () => {
    const start = await feed.drainGroups(tokens.admin);
    const version = start.at(-1)?.groupsVersion;
    let cursor = start.at(-1)?.cursor ?? '';

    const added = await call(server.url, 'addGroupMember', {
      params: { groupId: GROUPS.developers },
      body: { userId: 'u-thomas-keller' },
      token: tokens.admin,
    });
    expect(added.status, added.text).toBe(200);
    let changes = await feed.groups(tokens.admin, cursor);
    expect(changes.upserts).toEqual([
      {
        groupId: GROUPS.developers,
        user: { id: 'u-thomas-keller', name: 'Thomas Keller', email: 'thomas.keller@demo.example' },
        addedAt: routes.addGroupMember.response.parse(added.json).member.addedAt,
      },
    ]);
    expect(changes.removed).toEqual([]);
    expect(changes.groupsVersion).toBe(version);
    cursor = changes.cursor;

    const removed = await call(server.url, 'removeGroupMembers', {
      params: { groupId: GROUPS.developers },
      body: { userIds: ['u-thomas-keller'] },
      token: tokens.admin,
    });
    expect(removed.status, removed.text).toBe(200);
    changes = await feed.groups(tokens.admin, cursor);
    expect(changes.upserts).toEqual([]);
    expect(changes.removed).toEqual([{ groupId: GROUPS.developers, userId: 'u-thomas-keller' }]);
    expect(changes.groupsVersion).toBe(version);

    expect(records(await feed.groups(tokens.admin, changes.cursor))).toBe(0);
  });

  it('changes groupsVersion when support staff create, rename or regrant a group, without membership records', async () => {
    const cursor = await feed.groupCursor(tokens.admin);
    let version = (await feed.groups(tokens.admin, cursor)).groupsVersion;

    const created = await support(server, 'supportCreateSecurityGroup', {
      body: { orgId: 'org-helvetia', name: 'Sync Test Group', permissions: ['apiKeys'] },
    });
    expect(created.status, created.text).toBe(201);
    const groupId = routes.supportCreateSecurityGroup.response.parse(created.json).id;
    let changes = await feed.groups(tokens.admin, cursor);
    expect(changes.groupsVersion).toBeGreaterThan(version);
    expect(records(changes)).toBe(0);
    version = changes.groupsVersion;

    for (const body of [{ name: 'Sync Test Group (renamed)' }, { permissions: ['apiKeys', 'trustedDeviceKeys'] }]) {
      const updated = await support(server, 'supportUpdateSecurityGroup', { params: { groupId }, body });
      expect(updated.status, updated.text).toBe(200);
      changes = await feed.groups(tokens.admin, cursor);
      expect(changes.groupsVersion).toBeGreaterThan(version);
      expect(records(changes)).toBe(0);
      version = changes.groupsVersion;
    }

    // a refused change (same name as another group) leaves it as it was
    const clash = await support(server, 'supportUpdateSecurityGroup', {
      params: { groupId },
      body: { name: 'Developers' },
    });
    expect(clash.status).toBe(409);
    expect((await feed.groups(tokens.admin, cursor)).groupsVersion).toBe(version);
  });

  it('sends a membership again when its user’s name changes', async () => {
    const cursor = await feed.groupCursor(tokens.admin);
    server.db.exec("UPDATE users SET name = 'Luca B. Bernasconi' WHERE id = 'u-luca-bernasconi'");
    const changes = await feed.groups(tokens.admin, cursor);
    expect(changes.upserts.map((upsert) => [upsert.groupId, upsert.user.name]).sort()).toEqual([
      [GROUPS.developers, 'Luca B. Bernasconi'],
      [GROUPS.dropzoneTeam, 'Luca B. Bernasconi'],
    ]);
    // the sort-key maintenance of the user picker does not count as a change
    const after = changes.cursor;
    server.db.exec("UPDATE users SET sort_key = 'x' WHERE id = 'u-luca-bernasconi'");
    expect(records(await feed.groups(tokens.admin, after))).toBe(0);
  });

  it('answers a stale cursor with reset, and is for organisation administrators only', async () => {
    const cursor = await feed.groupCursor(tokens.admin);
    expect(await feed.groups(tokens.admin, forged(cursor, { seq: (seq) => seq + 10 }))).toMatchObject({
      reset: true,
      upserts: [],
      removed: [],
      more: true,
    });
    expectError(await feed.groupChanges(tokens.safeAdmin), 403, 'forbidden');
    expectError(await feed.groupChanges(tokens.plainUser), 403, 'forbidden');
  });
});

describe('change log migration', () => {
  it('logs what an older database already holds', async () => {
    const db = new DatabaseSync(':memory:', { enableForeignKeyConstraints: true });
    try {
      const SYNC_STEP = 5; // the migration that added the change logs
      migrate(db, MIGRATIONS.slice(0, SYNC_STEP - 1));
      await seedDemo(db, { passwordCost: TEST_PASSWORD_COST });
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'member_changes'").get()).toBeUndefined();
      expect(migrate(db)).toBe(MIGRATIONS.length - SYNC_STEP + 1);
      const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('member_changes')).toBe(count('safe_members'));
      expect(count('group_member_changes')).toBe(count('security_group_members'));
      expect(
        db.prepare('SELECT COUNT(*) AS n FROM safe_members m JOIN member_changes c ON c.member_id = m.id').get(),
      ).toEqual({ n: count('safe_members') });
      expect(db.prepare('SELECT org_id, version FROM security_group_versions').all()).toEqual([
        { org_id: 'org-helvetia', version: 1 },
      ]);
      expect(db.prepare('SELECT epoch FROM sync_state').get()).toEqual({
        epoch: expect.stringMatching(/^[0-9a-f]{16}$/),
      });
    } finally {
      db.close();
    }
  });
});
