import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, routePath } from '../../shared/api/routes.ts';
import { databaseSnapshot } from './db-snapshot.ts';
import { GROUPS, startGroupServer, type GroupTestServer } from './groups-helpers.ts';
import { errorOf, request } from './request.ts';

const ENTRIES =
  'Thomas <thomas.keller@demo.example>, luca.bernasconi@demo.example, nobody@demo.example, x, THOMAS.KELLER@demo.example';

describe('security-group bulk add with a dry run', () => {
  let ctx: GroupTestServer;
  beforeAll(async () => {
    ctx = await startGroupServer();
  });
  afterAll(() => ctx.server.close());

  const bulk = (body: unknown, headers: Record<string, string> = {}) =>
    request(ctx.server.url, routePath(routes.bulkAddGroupMembers.path, { groupId: GROUPS.developers }), {
      method: 'POST',
      token: ctx.tokens.admin,
      headers,
      body,
    });
  const parsed = async (body: unknown, headers?: Record<string, string>) => {
    const answer = await bulk(body, headers);
    expect(answer.status, answer.text).toBe(200);
    return routes.bulkAddGroupMembers.response.parse(answer.json);
  };

  it('answers every entry as the real run will, and writes nothing (not even with an Idempotency-Key)', async () => {
    const before = databaseSnapshot(ctx.server.db);
    const members = before.security_group_members?.filter(
      (row) => (row as { group_id: string }).group_id === GROUPS.developers,
    ).length;
    const dry = await parsed({ entries: ENTRIES, dryRun: true }, { 'idempotency-key': 'dry-run-key-0001' });
    expect(databaseSnapshot(ctx.server.db)).toEqual(before);
    expect(dry).toMatchObject({ dryRun: true, added: 0, memberCount: members });
    expect(dry.results.map((result) => [result.email, result.outcome])).toEqual([
      ['thomas.keller@demo.example', 'would_add'],
      ['luca.bernasconi@demo.example', 'already_member'],
      ['nobody@demo.example', 'unknown_user'],
      [undefined, 'invalid'],
      ['thomas.keller@demo.example', 'duplicate'],
    ]);
    expect(dry.results[0]).toMatchObject({ userId: 'u-thomas-keller', name: 'Thomas Keller' });

    const real = await parsed({ entries: ENTRIES }, { 'idempotency-key': 'dry-run-key-0001' });
    expect(real).toMatchObject({ dryRun: false, added: 1, memberCount: (members ?? 0) + 1 });
    expect(real.results).toEqual(
      dry.results.map((result) => ({ ...result, outcome: result.outcome === 'would_add' ? 'added' : result.outcome })),
    );
  });

  it('refuses a dry run of 51 entries as the real run does', async () => {
    const entries = Array.from({ length: 51 }, (_, i) => `person${i}@demo.example`).join(',');
    const answer = await bulk({ entries, dryRun: true });
    expect(answer.status).toBe(400);
    expect(errorOf(answer).code).toBe('too_many_entries');
  });
});
