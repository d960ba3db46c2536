import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, routePath } from '../../shared/api/routes.ts';
import { ApiErrorBody } from '../../shared/api/schemas.ts';
import { MAX_BODY_BYTES } from '../../server/app.ts';
import { readAudit } from '../../server/audit.ts';
import { LARGE_ORG_EMAIL_DOMAIN } from '../../server/groups-seed.ts';
import type { SeededServer } from '../helpers/server.ts';
import { call, errorOf, request, type Answer } from './request.ts';
import {
  GROUPS,
  ORG,
  auditCount,
  memberCount,
  memberRows,
  startGroupServer,
  type GroupTestServer,
} from './groups-helpers.ts';

/** Generated users: every 3rd is in Developers, every 10th in Workspace Owners, none in Device Admins. */
const orgUser = (i: number) => `org-user-${String(i).padStart(6, '0')}@${LARGE_ORG_EMAIL_DOMAIN}`;

describe('bulk add to a security group', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer({ largeOrgUsers: 300 });
    server = ctx.server;
  });
  afterAll(() => server.close());

  const bulk = (groupId: string, entries: unknown) =>
    call(server.url, 'bulkAddGroupMembers', { params: { groupId }, body: { entries }, token: ctx.tokens.admin });
  const results = (answer: Answer) => {
    expect(answer.status, answer.text).toBe(200);
    return routes.bulkAddGroupMembers.response.parse(answer.json);
  };
  /** State that must not change when a request is refused. */
  const snapshot = (groupId: string) => ({ members: memberRows(server, groupId), audit: auditCount(server) });

  it('accepts 50 entries and adds every one', async () => {
    const groupId = GROUPS.deviceAdmins;
    const start = await memberCount(server, ctx.tokens.admin, groupId);
    const emails = Array.from({ length: 50 }, (_, i) => orgUser(i + 1));
    const result = results(await bulk(groupId, emails.join(', ')));
    expect(result.added).toBe(50);
    expect(result.results).toHaveLength(50);
    expect(result.results.every((r) => r.outcome === 'added')).toBe(true);
    expect(result.results.map((r) => r.email)).toEqual(emails);
    expect(result.memberCount).toBe(start + 50);
    expect(await memberCount(server, ctx.tokens.admin, groupId)).toBe(start + 50);
    const audited = readAudit(server.db, { orgId: ORG, targetId: groupId, limit: 1000 }).filter(
      (row) => row.action === 'group.memberAdded' && (row.after as { via: string }).via === 'bulk',
    );
    expect(audited).toHaveLength(50);
  });

  it('refuses 51 entries with 400 too_many_entries and applies nothing', async () => {
    const groupId = GROUPS.workspaceOwners;
    const before = snapshot(groupId);
    const fiftyOne = Array.from({ length: 51 }, (_, i) => orgUser(101 + i)).join(', ');
    const answer = await bulk(groupId, fiftyOne);
    expect(answer.status).toBe(400);
    const error = errorOf(answer);
    expect(error.code).toBe('too_many_entries');
    expect(error.message).toMatch(/51 entries.*50/);
    expect(snapshot(groupId)).toEqual(before);
  });

  it('counts invalid and duplicate entries against the limit: 50 valid + 1 invalid is refused', async () => {
    const groupId = GROUPS.workspaceOwners;
    const before = snapshot(groupId);
    const fifty = Array.from({ length: 50 }, (_, i) => orgUser(151 + i));
    for (const extra of ['not-an-address', fifty[0]?.toUpperCase() ?? '']) {
      const answer = await bulk(groupId, [...fifty, extra].join('\n'));
      expect(answer.status).toBe(400);
      expect(errorOf(answer).code).toBe('too_many_entries');
    }
    expect(snapshot(groupId)).toEqual(before);
  });

  it('answers an empty list or one of separators only with 400 no_entries', async () => {
    const groupId = GROUPS.workspaceOwners;
    const before = snapshot(groupId);
    for (const text of ['', '   ', ',,,,', ' , ;\n\r\n ;, ']) {
      const answer = await bulk(groupId, text);
      expect(answer.status, JSON.stringify(text)).toBe(400);
      expect(errorOf(answer).code).toBe('no_entries');
    }
    const missing = await call(server.url, 'bulkAddGroupMembers', {
      params: { groupId },
      body: {},
      token: ctx.tokens.admin,
    });
    expect(missing.status).toBe(400);
    expect(errorOf(missing)).toMatchObject({ code: 'invalid_payload', fields: { entries: 'required' } });
    expect(snapshot(groupId)).toEqual(before);
  });

  it('gives each of 12 pasted entries its own result and raises the count by exactly the added ones', async () => {
    const groupId = GROUPS.dropzoneTeam; // Luca, Élodie, Zoë
    const start = await memberCount(server, ctx.tokens.admin, groupId);
    const pasted = [
      'Thomas Keller <Thomas.Keller@demo.example>',
      'urs.wuethrich@demo.example',
      'not-an-address',
      '"Dvořák, Tomáš" <tomas.dvorak@demo.example>',
      'LUCA.BERNASCONI@demo.example',
      'thomas.keller@DEMO.example',
      'ghost@demo.example',
      'Hélène Rousseau <helene.rousseau@demo.example>',
      'anna@',
      'jiri.novak@demo.example',
      'leonie.baumann@demo.example',
      'ivana.horvat@demo.example',
    ].join(',\n  ');
    const result = results(await bulk(groupId, pasted));
    expect(result.results.map((r) => [r.entry, r.email ?? null, r.outcome])).toEqual([
      ['Thomas Keller <Thomas.Keller@demo.example>', 'thomas.keller@demo.example', 'added'],
      ['urs.wuethrich@demo.example', 'urs.wuethrich@demo.example', 'added'],
      ['not-an-address', null, 'invalid'],
      ['"Dvořák, Tomáš" <tomas.dvorak@demo.example>', 'tomas.dvorak@demo.example', 'added'],
      ['LUCA.BERNASCONI@demo.example', 'luca.bernasconi@demo.example', 'already_member'],
      ['thomas.keller@DEMO.example', 'thomas.keller@demo.example', 'duplicate'],
      ['ghost@demo.example', 'ghost@demo.example', 'unknown_user'],
      ['Hélène Rousseau <helene.rousseau@demo.example>', 'helene.rousseau@demo.example', 'added'],
      ['anna@', null, 'invalid'],
      ['jiri.novak@demo.example', 'jiri.novak@demo.example', 'added'],
      ['leonie.baumann@demo.example', 'leonie.baumann@demo.example', 'added'],
      ['ivana.horvat@demo.example', 'ivana.horvat@demo.example', 'added'],
    ]);
    expect(result.results[0]).toMatchObject({ userId: 'u-thomas-keller', name: 'Thomas Keller' });
    expect(result.added).toBe(7);
    expect(result.memberCount).toBe(start + 7);
    // the added ones stay added although other entries failed
    const members = memberRows(server, groupId);
    for (const id of ['u-thomas-keller', 'u-urs-wuethrich', 'u-tomas-dvorak', 'u-helene-rousseau', 'u-jiri-novak']) {
      expect(members).toContain(id);
    }
    expect(await memberCount(server, ctx.tokens.admin, groupId)).toBe(start + 7);

    // the same list again: nothing new, every known address is already a member
    const again = results(await bulk(groupId, pasted));
    expect(again.added).toBe(0);
    expect(again.results.filter((r) => r.outcome === 'already_member')).toHaveLength(8);
    expect(again.memberCount).toBe(start + 7);
  });

  it('accepts spaces, tabs, semicolons and line breaks as separators', async () => {
    const groupId = GROUPS.developers;
    const text = ` ${orgUser(1)} ;${orgUser(2)}\t${orgUser(4)}\r\n\r\n${orgUser(5)},,${orgUser(3)}  `;
    const result = results(await bulk(groupId, text));
    // 3 was already a member (every 3rd generated user is a Developer)
    expect(result.results.map((r) => r.outcome)).toEqual(['added', 'added', 'added', 'added', 'already_member']);
  });

  it('answers a 1 MB paste with a clear 413 invalid_payload, and a long paste under the body limit with too_many_entries', async () => {
    const groupId = GROUPS.deviceAdmins;
    const before = snapshot(groupId);
    const line = `${orgUser(200)}, ${orgUser(201)}, `;
    const huge = JSON.stringify({ entries: line.repeat(Math.ceil(1_048_576 / line.length)) });
    expect(huge.length).toBeGreaterThan(1_048_576);
    const path = routePath(routes.bulkAddGroupMembers.path, { groupId });
    const answer = await request(server.url, path, { method: 'POST', rawBody: huge, token: ctx.tokens.admin });
    expect(answer.status).toBe(413);
    expect(ApiErrorBody.parse(answer.json).error).toMatchObject({ code: 'invalid_payload' });
    expect(errorOf(answer).message).toMatch(/larger than 65536 bytes/);

    // streamed without a length: refused the same way
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(new URL(path, server.url), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'transfer-encoding': 'chunked',
          authorization: `Bearer ${ctx.tokens.admin}`,
        },
      });
      req.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"entries":"');
      for (let i = 0; i < 20; i++) req.write(line.repeat(1000));
      req.end('"}');
    });
    expect(streamed).toBe(413);

    // just under the body limit: parsed, and refused for its entry count
    const long = line.repeat(Math.floor((MAX_BODY_BYTES - 100) / line.length));
    const underLimit = await bulk(groupId, long);
    expect(underLimit.status).toBe(400);
    expect(errorOf(underLimit).code).toBe('too_many_entries');
    expect(errorOf(underLimit).message).toMatch(/^The list holds \d{4} entries/);
    expect(snapshot(groupId)).toEqual(before);
  });

  it('reports one very long entry as invalid, shortened', async () => {
    const result = results(await bulk(GROUPS.deviceAdmins, `${'x'.repeat(60_000)}@demo.example`));
    expect(result.results).toHaveLength(1);
    expect(result.results[0]?.outcome).toBe('invalid');
    expect(result.results[0]?.entry.length).toBeLessThanOrEqual(320);
    expect(result.added).toBe(0);
  });
});
