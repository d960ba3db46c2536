import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBER_SORTS } from '../../shared/api/members.ts';
import { routes } from '../../shared/api/routes.ts';
import type { Member } from '../../shared/api/schemas.ts';
import { ROLE_KEYS } from '../../shared/catalog/roles.ts';
import { nameSortKey } from '../../server/db.ts';
import { memberPageSql } from '../../server/team-safes.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { call, errorOf, signIn } from './request.ts';

describe('searching and ordering the member list', () => {
  let server: SeededServer;
  let token = '';

  beforeAll(async () => {
    server = await startSeededServer();
    token = (await signIn(server.url, server.accounts.admin.email, server.accounts.admin.password)).accessToken;
  });
  afterAll(() => server.close());

  const list = async (safeId: string, query: Record<string, string | number>) => {
    const answer = await call(server.url, 'listMembers', { params: { safeId }, query, token });
    expect(answer.status, answer.text).toBe(200);
    return routes.listMembers.response.parse(answer.json);
  };
  const names = (items: Member[]) => items.map((member) => member.name);

  it('finds names regardless of case and accents, and e-mail addresses, trimmed', async () => {
    expect(names((await list('safe-finance', { q: 'zoe' })).items)).toEqual(['Zoë Müller']);
    expect(names((await list('safe-finance', { q: 'MÜLLER' })).items)).toEqual(['Zoë Müller']);
    expect(names((await list('safe-finance', { q: '  łukasz ' })).items)).toEqual(['Łukasz Wróbel']);
    expect(names((await list('safe-finance', { q: 'LUKASZ' })).items)).toEqual(['Łukasz Wróbel']);
    expect(names((await list('safe-finance', { q: 'chloe lef' })).items)).toEqual(['Chloé Lefèvre']);
    // Olga's name is in Cyrillic; her address is not
    expect(names((await list('safe-finance', { q: 'olga.ivanova@' })).items)).toEqual(['Ольга Иванова']);
    expect(names((await list('safe-finance', { q: 'Ольга' })).items)).toEqual(['Ольга Иванова']);
    expect(names((await list('safe-research', { q: '山田' })).items)).toEqual(['山田 太郎']);
    expect((await list('safe-finance', { q: '@demo.example' })).total).toBe(12);
  });

  it('counts the matches in total, keeps counts for the whole safe, and combines with the status filter', async () => {
    const result = await list('safe-finance', { q: 'ma' });
    // by name, and 山田 太郎 by his address (taro.yamada@…); in name order
    expect(names(result.items)).toEqual(['Marco Bianchi', 'Sophie Martin', '山田 太郎']);
    expect(result.total).toBe(3);
    expect(result.counts).toEqual({ all: 12, invited: 4, activated: 8 });
    const invited = await list('safe-finance', { q: 'ma', status: 'invited' });
    expect(names(invited.items)).toEqual(['Marco Bianchi']);
    expect(invited.total).toBe(1);
    // past the end of the matches, the total still counts them
    expect(await list('safe-finance', { q: 'ma', offset: 10 })).toMatchObject({ items: [], total: 3 });
    expect(await list('safe-finance', { q: 'ma', offset: 1, limit: 1 })).toMatchObject({ total: 3 });
    const none = await list('safe-finance', { q: 'nobody-here' });
    expect(none).toMatchObject({ items: [], total: 0, counts: { all: 12 } });
    // an empty search is no search
    expect((await list('safe-finance', { q: '   ' })).total).toBe(12);
  });

  it('matches exactly the members whose folded name or address contains the folded search', async () => {
    const all = (await list('safe-research', { limit: 500 })).items;
    for (const q of ['e', 'Ma', 'ÉMI', 'demo.example', 'o b', '研究', 'zz']) {
      const needle = nameSortKey(q);
      const expected = all.filter((m) => nameSortKey(m.name).includes(needle) || m.email.includes(needle));
      const result = await list('safe-research', { q, limit: 500 });
      expect(
        result.items.map((m) => m.id),
        q,
      ).toEqual(expected.map((m) => m.id));
      expect(result.total, q).toBe(expected.length);
    }
  });

  it('treats search text as text, not as a pattern', async () => {
    expect((await list('safe-finance', { q: '%' })).total).toBe(0);
    expect((await list('safe-finance', { q: '_' })).total).toBe(0);
    expect((await list('safe-finance', { q: "' OR 1=1 --" })).total).toBe(0);
  });

  it('orders by every column, both ways, with names breaking ties', async () => {
    const all = (await list('safe-research', { limit: 500 })).items;
    const byName = (a: Member, b: Member) => {
      const [x, y] = [nameSortKey(a.name), nameSortKey(b.name)];
      return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : 1;
    };
    const rank = (role: Member['role']) => ROLE_KEYS.indexOf(role);
    const expected: Record<(typeof MEMBER_SORTS)[number], (a: Member, b: Member) => number> = {
      name: byName,
      email: (a, b) => (a.email < b.email ? -1 : 1),
      role: (a, b) => rank(a.role) - rank(b.role) || byName(a, b),
      status: (a, b) => (a.status === b.status ? byName(a, b) : a.status < b.status ? -1 : 1),
      language: (a, b) => (a.language === b.language ? byName(a, b) : a.language < b.language ? -1 : 1),
    };
    for (const sort of MEMBER_SORTS) {
      const ascending = [...all].sort(expected[sort]).map((member) => member.id);
      const asc = (await list('safe-research', { sort, limit: 500 })).items.map((member) => member.id);
      const desc = (await list('safe-research', { sort, dir: 'desc', limit: 500 })).items.map((member) => member.id);
      expect(asc, sort).toEqual(ascending);
      expect(desc, sort).toEqual([...ascending].reverse());
    }
    // roles in catalogue order, not alphabetical
    const roles = (await list('safe-research', { sort: 'role', limit: 500 })).items.map((member) => member.role);
    expect(roles[0]).toBe('administrator');
    expect(roles.at(-1)).toBe('archivist');
  });

  it('pages a sorted search without gaps or repeats', async () => {
    const whole = (await list('safe-research', { q: 'e', sort: 'email', dir: 'desc', limit: 500 })).items;
    expect(whole.length).toBeGreaterThan(5);
    const pages: Member[] = [];
    for (let offset = 0; offset < whole.length; offset += 4) {
      const page = await list('safe-research', { q: 'e', sort: 'email', dir: 'desc', offset, limit: 4 });
      expect(page.total).toBe(whole.length);
      pages.push(...page.items);
    }
    expect(pages).toEqual(whole);
  });

  it('rejects a bad search or order with field errors', async () => {
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ q: 'x'.repeat(201) }, { q: 'too_long' }],
      [{ sort: 'age' }, { sort: 'invalid_value' }],
      [{ dir: 'up' }, { dir: 'invalid_value' }],
    ];
    for (const [query, fields] of cases) {
      const answer = await call(server.url, 'listMembers', { params: { safeId: 'safe-finance' }, query, token });
      expect(answer.status).toBe(400);
      expect(errorOf(answer).fields).toEqual(fields);
    }
    // 200 characters are fine, and surrounding spaces do not count
    expect((await list('safe-finance', { q: ` ${'x'.repeat(200)} ` })).total).toBe(0);
  });
});

describe('member list queries on a large safe', () => {
  let server: SeededServer;
  beforeAll(async () => {
    server = await startSeededServer({ largeSafeMembers: 3000 });
  });
  afterAll(() => server.close());

  it('walk an index for every order, filter and search: no sort step, no table scan', () => {
    const plan = (sql: string, args: (string | number)[]) =>
      (server.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[])
        .map((row) => row.detail)
        .join(' | ');
    for (const sort of MEMBER_SORTS) {
      for (const dir of ['asc', 'desc'] as const) {
        for (const byStatus of [false, true]) {
          for (const search of [false, true]) {
            const sql = memberPageSql(sort, dir, byStatus, search);
            const args = ['safe-large', ...(byStatus ? ['invited'] : []), ...(search ? ['mull', 'mull'] : [])];
            const label = `${sort} ${dir} status=${byStatus} search=${search}`;
            const page = plan(sql.page, [...args, 100, 0]);
            expect(page, label).toMatch(/USING (COVERING )?INDEX safe_members_by_/);
            expect(page, label).not.toMatch(/TEMP B-TREE|SCAN safe_members(?! USING)/);
            if (sql.count) {
              const count = plan(sql.count, args);
              expect(count, label).toMatch(/USING COVERING INDEX safe_members_by_/);
            }
          }
        }
      }
    }
  });
});
