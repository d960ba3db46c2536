import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { nameSortKey } from '../../server/db.ts';
import { GROUP_SQL } from '../../server/groups.ts';
import type { SeededServer } from '../helpers/server.ts';
import { call } from './request.ts';
import { GROUPS, memberCount, startGroupServer, type GroupTestServer } from './groups-helpers.ts';

const USERS = 20_000;

describe('security groups in a large organisation', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer({ largeOrgUsers: USERS });
    server = ctx.server;
  });
  afterAll(() => server.close());

  it('pages a group of thousands in name order, every member exactly once', async () => {
    const expected = 5 + Math.floor(USERS / 3);
    expect(await memberCount(server, ctx.tokens.admin, GROUPS.developers)).toBe(expected);
    const seen = new Set<string>();
    let previous = '';
    for (let offset = 0; offset < expected; offset += 500) {
      const answer = await call(server.url, 'listGroupMembers', {
        params: { groupId: GROUPS.developers },
        query: { offset, limit: 500 },
        token: ctx.tokens.admin,
      });
      const page = routes.listGroupMembers.response.parse(answer.json);
      expect(page.total).toBe(expected);
      for (const member of page.items) {
        const key = nameSortKey(member.name);
        expect(key >= previous).toBe(true);
        previous = key;
        seen.add(member.userId);
      }
    }
    expect(seen.size).toBe(expected);
  });

  it('searches members, users and the matrix', async () => {
    const search = await call(server.url, 'listGroupMembers', {
      params: { groupId: GROUPS.developers },
      query: { q: 'org-user-000300' },
      token: ctx.tokens.admin,
    });
    expect(routes.listGroupMembers.response.parse(search.json).items.map((m) => m.userId)).toEqual(['u-org-000300']);

    const users = await call(server.url, 'searchUsers', { query: { q: 'hafliger' }, token: ctx.tokens.admin });
    expect(routes.searchUsers.response.parse(users.json).items.map((u) => u.name)).toContain('Jürg Häfliger');

    const matrix = await call(server.url, 'permissionMatrix', {
      query: { permission: 'workspaceOwnership', limit: 50 },
      token: ctx.tokens.admin,
    });
    const page = routes.permissionMatrix.response.parse(matrix.json);
    expect(page.total).toBe(3 + Math.floor(USERS / 10));
    expect(page.items).toHaveLength(50);
    expect(page.items.every((row) => row.permissions.includes('workspaceOwnership'))).toBe(true);
  });

  // Speed is proven by query plans, not a stopwatch: every page and count walks an index in order.
  it('pages, searches and counts members and users from indexes, never by sorting', () => {
    const plan = (sql: string, ...args: (string | number)[]) =>
      (server.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    const search = ['', '%%', '%%'];
    const searching = ['kel', '%kel%', '%kel%'];
    const details = [
      plan(GROUP_SQL.memberPage, GROUPS.developers, ...search, 100, 0),
      plan(GROUP_SQL.memberPage, GROUPS.developers, ...searching, 100, 0),
      plan(GROUP_SQL.memberPageTotal, GROUPS.developers, ...searching),
      plan(GROUP_SQL.memberCount, GROUPS.developers),
      plan(GROUP_SQL.searchUsers, 'org-helvetia', ...search, 20),
      plan(GROUP_SQL.searchUsers, 'org-helvetia', ...searching, 20),
      plan(GROUP_SQL.matrixPage, 'org-helvetia', ...search, 1, '["apiKeys"]', 100, 0),
      plan(GROUP_SQL.matrixTotal, 'org-helvetia', ...search, 1, '["apiKeys"]'),
    ];
    for (const detail of details) {
      expect(detail).toMatch(/USING (COVERING )?(INDEX|PRIMARY KEY)/);
      expect(detail).not.toMatch(/TEMP B-TREE/);
    }
  });
});
