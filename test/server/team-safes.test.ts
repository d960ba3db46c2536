import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import type { Member } from '../../shared/api/schemas.ts';
import { nameSortKey } from '../../server/db.ts';
import { SYNC_SQL } from '../../server/sync.ts';
import { TEAM_SAFE_SQL } from '../../server/team-safes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { call, errorOf, signIn } from './request.ts';

describe('team safes and members', () => {
  let server: SeededServer;
  const tokens: Record<'admin' | 'safeAdmin' | 'plainUser', string> = { admin: '', safeAdmin: '', plainUser: '' };

  beforeAll(async () => {
    server = await startSeededServer();
    for (const key of Object.keys(tokens) as (keyof typeof tokens)[]) {
      const account = server.accounts[key];
      tokens[key] = (await signIn(server.url, account.email, account.password)).accessToken;
    }
  });
  afterAll(() => server.close());

  const listSafes = async (token: string) => {
    const answer = await call(server.url, 'listTeamSafes', { token });
    expect(answer.status).toBe(200);
    return routes.listTeamSafes.response.parse(answer.json).items;
  };
  const listMembers = (safeId: string, query: Record<string, string | number> = {}, token = tokens.admin) =>
    call(server.url, 'listMembers', { params: { safeId }, query, token });
  const page = async (safeId: string, query: Record<string, string | number> = {}) => {
    const answer = await listMembers(safeId, query);
    expect(answer.status).toBe(200);
    return routes.listMembers.response.parse(answer.json);
  };

  it('lists the safes the organisation administrator administers, by name, with counts', async () => {
    expect(await listSafes(tokens.admin)).toEqual([
      { id: 'safe-finance', name: 'Finance', memberCount: 12, memberLimit: 12, myRole: 'administrator' },
      { id: 'safe-legal', name: 'Legal & Compliance', memberCount: 7, memberLimit: 10, myRole: 'administrator' },
      { id: 'safe-research', name: 'Research 研究', memberCount: 21, memberLimit: 25, myRole: 'administrator' },
    ]);
  });

  it('lists only administered safes: one for Luca (an editor elsewhere), none for a plain user', async () => {
    expect((await listSafes(tokens.safeAdmin)).map((safe) => safe.name)).toEqual(['Legal & Compliance']);
    expect(await listSafes(tokens.plainUser)).toEqual([]);
  });

  it('does not count an invited administrator as administering', async () => {
    const userId = server.accounts.plainUser.userId;
    server.db
      .prepare(
        `INSERT INTO safe_members (id, safe_id, user_id, name, sort_key, email, role, status, language, invited_at)
         VALUES ('m-test-invited-admin', 'safe-research', ?, 'Sophie Martin', 'sophie martin',
                 'sophie.martin@demo.example', 'administrator', 'invited', 'fr', '2026-01-01T00:00:00.000Z')`,
      )
      .run(userId);
    try {
      expect(await listSafes(tokens.plainUser)).toEqual([]);
      expect((await listMembers('safe-research', {}, tokens.plainUser)).status).toBe(403);
      // but it does count towards the safe's members
      expect((await listSafes(tokens.admin)).find((safe) => safe.id === 'safe-research')?.memberCount).toBe(22);
    } finally {
      server.db.prepare("DELETE FROM safe_members WHERE id = 'm-test-invited-admin'").run();
    }
  });

  it('pages all members of a safe in name order with counts and limit', async () => {
    const result = await page('safe-finance');
    expect(result.counts).toEqual({ all: 12, invited: 4, activated: 8 });
    expect(result.total).toBe(12);
    expect(result.offset).toBe(0);
    expect(result.memberLimit).toBe(12);
    expect(result.items).toHaveLength(12);
    const keys = result.items.map((member) => nameSortKey(member.name));
    expect(keys).toEqual([...keys].sort());
    // accents are folded for ordering: Łukasz sorts with L, Zoë with Z, Chloé with C
    const names = result.items.map((member) => member.name);
    expect(names.indexOf('Chloé Lefèvre')).toBeLessThan(names.indexOf('François Dupont'));
    expect(names.indexOf('Luca Bernasconi')).toBeLessThan(names.indexOf('Łukasz Wróbel'));
    expect(names.indexOf('Łukasz Wróbel')).toBeLessThan(names.indexOf('Marco Bianchi'));
    const anna = result.items.find((member) => member.email === server.accounts.admin.email);
    expect(anna).toMatchObject({ role: 'administrator', status: 'activated', language: 'de' });
    expect(anna?.activatedAt).not.toBeNull();
  });

  it('filters by status', async () => {
    const invited = await page('safe-finance', { status: 'invited' });
    expect(invited.total).toBe(4);
    expect(invited.items).toHaveLength(4);
    expect(invited.items.every((member) => member.status === 'invited' && member.activatedAt === null)).toBe(true);
    expect(invited.counts).toEqual({ all: 12, invited: 4, activated: 8 });

    const activated = await page('safe-finance', { status: 'activated' });
    expect(activated.total).toBe(8);
    expect(activated.items.map((member) => member.status)).toEqual(Array(8).fill('activated'));

    const all = await page('safe-finance', { status: 'all' });
    expect(new Set(all.items.map((member) => member.id))).toEqual(
      new Set([...invited.items, ...activated.items].map((member) => member.id)),
    );
  });

  it('pages with offset and limit, without gaps or repeats', async () => {
    const all = (await page('safe-research')).items;
    const collected: Member[] = [];
    for (let offset = 0; offset < 25; offset += 5) {
      const slice = await page('safe-research', { offset, limit: 5 });
      expect(slice.offset).toBe(offset);
      expect(slice.total).toBe(21);
      expect(slice.items.length).toBe(Math.max(0, Math.min(5, 21 - offset)));
      collected.push(...slice.items);
    }
    expect(collected).toEqual(all);
    const beyond = await page('safe-research', { offset: 100 });
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(21);
  });

  it('lets a safe administrator list only the safes they administer (403 to members, 404 to others)', async () => {
    expect((await listMembers('safe-legal', {}, tokens.safeAdmin)).status).toBe(200);
    for (const [safeId, token] of [
      ['safe-finance', tokens.safeAdmin], // Luca is an activated Editor here
      ['safe-finance', tokens.plainUser], // Sophie is a Viewer here
    ] as const) {
      const answer = await listMembers(safeId, {}, token);
      expect(answer.status).toBe(403);
      expect(errorOf(answer).code).toBe('forbidden');
    }
    // not a member at all: the same answer as for a safe that does not exist
    const hidden = await listMembers('safe-research', {}, tokens.safeAdmin);
    expect(hidden.status).toBe(404);
    expect(hidden.json).toEqual((await listMembers('safe-nope', {}, tokens.safeAdmin)).json);
  });

  it('answers 404 for an unknown safe and 401 without a token', async () => {
    const missing = await listMembers('safe-nope');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('not_found');
    const anonymous = await call(server.url, 'listMembers', { params: { safeId: 'safe-finance' } });
    expect(anonymous.status).toBe(401);
    expect(errorOf(anonymous).code).toBe('session_expired');
    expect((await call(server.url, 'listTeamSafes')).status).toBe(401);
  });

  it('rejects a bad query or path with field errors', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ limit: 0 }, 'limit'],
      [{ limit: 501 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ offset: 1.5 }, 'offset'],
      [{ status: 'bogus' }, 'status'],
    ];
    for (const [query, field] of cases) {
      const answer = await listMembers('safe-finance', query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      const error = errorOf(answer);
      expect(error.code).toBe('invalid_payload');
      expect(error.fields).toEqual({ [field]: 'invalid_value' });
    }
    const badId = await listMembers('not a valid id');
    expect(badId.status).toBe(400);
    expect(errorOf(badId).fields).toEqual({ safeId: 'invalid_value' });
  });
});

describe('a large team safe', () => {
  const SIZE = 2000;
  let server: SeededServer;
  let token = '';
  beforeAll(async () => {
    server = await startSeededServer({ largeSafeMembers: SIZE });
    token = (await signIn(server.url, server.accounts.admin.email, server.accounts.admin.password)).accessToken;
  });
  afterAll(() => server.close());

  it('is listed with its member count and pages through every member exactly once', async () => {
    const safes = routes.listTeamSafes.response.parse((await call(server.url, 'listTeamSafes', { token })).json).items;
    const large = safes.find((safe) => safe.name === 'Large Organisation');
    expect(large).toMatchObject({ memberCount: SIZE, myRole: 'administrator' });
    expect(large?.memberLimit).toBeGreaterThanOrEqual(SIZE);

    const seen = new Set<string>();
    let previous = '';
    for (let offset = 0; offset < SIZE; offset += 500) {
      const answer = await call(server.url, 'listMembers', {
        params: { safeId: large?.id ?? '' },
        query: { offset, limit: 500 },
        token,
      });
      const result = routes.listMembers.response.parse(answer.json);
      expect(result.total).toBe(SIZE);
      expect(result.counts.invited + result.counts.activated).toBe(SIZE);
      for (const member of result.items) {
        const key = nameSortKey(member.name);
        expect(key >= previous).toBe(true);
        previous = key;
        seen.add(member.id);
      }
    }
    expect(seen.size).toBe(SIZE);
  });

  it('pages, filters and counts from indexes, never by sorting the safe', () => {
    const plan = (sql: string, ...args: (string | number)[]) =>
      (server.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    const pageAll = plan(TEAM_SAFE_SQL.pageAll, 'safe-large', 100, 0);
    const pageByStatus = plan(TEAM_SAFE_SQL.pageByStatus, 'safe-large', 'invited', 100, 0);
    for (const detail of [pageAll, pageByStatus]) {
      expect(detail).toMatch(/USING (COVERING )?INDEX/);
      expect(detail).not.toMatch(/TEMP B-TREE|SCAN safe_members/);
    }
    // The figures, and the safe list with its member counts: one kept row per safe, nothing counted.
    for (const [sql, ...args] of [
      [TEAM_SAFE_SQL.counts, 'safe-large'],
      [TEAM_SAFE_SQL.administeredSafes, server.accounts.admin.userId],
      [SYNC_SQL.safe, 'safe-large'],
    ] as const) {
      const detail = plan(sql, ...args);
      expect(detail).toMatch(/SEARCH c USING PRIMARY KEY \(safe_id=\?\)|SEARCH safe_member_counts USING PRIMARY KEY/);
      expect(detail).not.toMatch(/SEARCH c USING (COVERING )?INDEX|SCAN safe_members/);
    }
  });

  it('keeps the figures kept by triggers equal to a count, through every kind of change', () => {
    const { db } = server;
    const kept = () =>
      db.prepare('SELECT invited, activated FROM safe_member_counts WHERE safe_id = ?').get('safe-large');
    const counted = () =>
      db
        .prepare(
          `SELECT SUM(status = 'invited') AS invited, SUM(status = 'activated') AS activated
             FROM safe_members WHERE safe_id = ?`,
        )
        .get('safe-large');
    expect(kept()).toEqual(counted());
    const member = db
      .prepare(`SELECT id FROM safe_members WHERE safe_id = 'safe-large' AND status = 'invited' LIMIT 1`)
      .get() as { id: string };
    db.exec('BEGIN');
    try {
      db.prepare(
        `UPDATE safe_members SET status = 'activated', activated_at = '2026-01-01T00:00:00.000Z' WHERE id = ?`,
      ).run(member.id);
      expect(kept()).toEqual(counted());
      db.prepare(
        `DELETE FROM safe_members WHERE safe_id = 'safe-large' AND id IN
        (SELECT id FROM safe_members WHERE safe_id = 'safe-large' ORDER BY id LIMIT 7)`,
      ).run();
      expect(kept()).toEqual(counted());
      db.prepare(
        `INSERT INTO team_safes (id, org_id, name, member_limit, created_at)
        SELECT 'safe-counted', org_id, 'Counted', 10, created_at FROM team_safes WHERE id = 'safe-large'`,
      ).run();
      expect(
        db.prepare('SELECT invited, activated FROM safe_member_counts WHERE safe_id = ?').get('safe-counted'),
      ).toEqual({ invited: 0, activated: 0 });
    } finally {
      db.exec('ROLLBACK');
    }
  });
});
