import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { PERMISSIONS, PERMISSION_KEYS } from '../../shared/catalog/permissions.ts';
import { readAudit } from '../../server/audit.ts';
import type { SeededServer } from '../helpers/server.ts';
import { call, errorOf, type Answer } from './request.ts';
import {
  GROUPS,
  ORG,
  SUPPORT_TOKEN,
  memberCount,
  memberRows,
  startGroupServer,
  support,
  type GroupTestServer,
} from './groups-helpers.ts';

const LUCA = 'u-luca-bernasconi';
const SOPHIE = 'u-sophie-martin';
const ANNA = 'u-anna-muster';

const expectError = (answer: Answer, status: number, code: string) => {
  expect(answer.status, answer.text).toBe(status);
  expect(errorOf(answer).code).toBe(code);
};

describe('security groups: catalogue, lists, search, effective permissions', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer();
    server = ctx.server;
  });
  afterAll(() => server.close());

  it('serves the permission catalogue in four languages, and what the organisation restricts', async () => {
    const answer = await call(server.url, 'listPermissions', { token: ctx.tokens.sophie });
    expect(answer.status).toBe(200);
    const catalogue = routes.listPermissions.response.parse(answer.json);
    expect(catalogue.items.map((item) => item.key)).toEqual([...PERMISSION_KEYS]);
    expect(catalogue.items).toEqual(JSON.parse(JSON.stringify(PERMISSIONS)));
    expect(catalogue.items.find((item) => item.key === 'apiKeys')?.name).toEqual({
      en: 'API Keys',
      de: 'API-Schlüssel',
      fr: 'Clés API',
      it: 'Chiavi API',
    });
    // every demo permission is granted by some demo group, so all are restricted
    expect(catalogue.restricted).toEqual([...PERMISSION_KEYS]);
  });

  it('lists the groups with permissions and member counts', async () => {
    const answer = await call(server.url, 'listSecurityGroups', { token: ctx.tokens.admin });
    expect(routes.listSecurityGroups.response.parse(answer.json).items).toEqual([
      { id: GROUPS.developers, name: 'Developers', permissions: ['apiKeys'], memberCount: 5 },
      { id: GROUPS.deviceAdmins, name: 'Device Admins', permissions: ['trustedDeviceKeys'], memberCount: 2 },
      {
        id: GROUPS.dropzoneTeam,
        name: 'Dropzone Team',
        permissions: ['dropzoneOwnership', 'dropzoneManager'],
        memberCount: 3,
      },
      { id: GROUPS.workspaceOwners, name: 'Workspace Owners', permissions: ['workspaceOwnership'], memberCount: 3 },
    ]);
  });

  it('pages a group’s members in name order and searches by name (accents folded) or e-mail', async () => {
    const page = async (query: Record<string, string | number>) => {
      const answer = await call(server.url, 'listGroupMembers', {
        params: { groupId: GROUPS.developers },
        query,
        token: ctx.tokens.admin,
      });
      expect(answer.status, answer.text).toBe(200);
      return routes.listGroupMembers.response.parse(answer.json);
    };
    const all = await page({});
    expect(all.total).toBe(5);
    expect(all.memberCount).toBe(5);
    expect(all.items.map((m) => m.name)).toEqual([
      'Luca Bernasconi',
      'Priya Raghunathan',
      'Αλέξανδρος Παπαδόπουλος',
      '山田 太郎',
      '张伟',
    ]);
    const first = await page({ limit: 2 });
    const rest = await page({ offset: 2, limit: 10 });
    expect([...first.items, ...rest.items]).toEqual(all.items);
    expect(first.total).toBe(5);

    expect((await page({ q: 'PRIYA' })).items.map((m) => m.email)).toEqual(['priya.raghunathan@demo.example']);
    expect((await page({ q: 'αλεξ' })).items.map((m) => m.userId)).toEqual(['u-alexandros']);
    expect((await page({ q: 'yamada@' })).items.map((m) => m.name)).toEqual(['山田 太郎']);
    const none = await page({ q: '100%_' });
    expect(none).toMatchObject({ items: [], total: 0, memberCount: 5 });

    const dropzone = await call(server.url, 'listGroupMembers', {
      params: { groupId: GROUPS.dropzoneTeam },
      query: { q: 'elodie' },
      token: ctx.tokens.admin,
    });
    expect(routes.listGroupMembers.response.parse(dropzone.json).items.map((m) => m.name)).toEqual(['Élodie Girard']);
  });

  it('finds organisation users by name or e-mail for the picker, across scripts and accents', async () => {
    const search = async (q: string, limit?: number) => {
      const answer = await call(server.url, 'searchUsers', {
        query: { q, ...(limit ? { limit } : {}) },
        token: ctx.tokens.admin,
      });
      expect(answer.status, answer.text).toBe(200);
      return routes.searchUsers.response.parse(answer.json).items;
    };
    expect((await search('wuthrich')).map((u) => u.name)).toEqual(['Urs Wüthrich']);
    expect((await search('Анаст')).map((u) => u.email)).toEqual(['anastasia.volkova@demo.example']);
    expect((await search('cagla')).map((u) => u.name)).toEqual(['Çağla Yıldız']);
    expect((await search('KELLER@DEMO')).map((u) => u.id)).toEqual(['u-thomas-keller']);
    expect(await search('nobody-by-this-name')).toEqual([]);
    const limited = await search('', 5);
    expect(limited).toHaveLength(5);
    const everyone = await search('', 100);
    const total = (server.db.prepare('SELECT COUNT(*) AS n FROM users WHERE org_id = ?').get(ORG) as { n: number }).n;
    expect(total).toBeGreaterThanOrEqual(40);
    expect(everyone).toHaveLength(total);
  });

  it('does not show users of another organisation', async () => {
    server.db.exec(`INSERT INTO organisations (id, name, created_at) VALUES ('org-other', 'Other AG', '2026-01-01');
      INSERT INTO users (id, org_id, email, name, language, created_at)
      VALUES ('u-outsider', 'org-other', 'outsider@other.example', 'Keller Outsider', 'en', '2026-01-01')`);
    const found = await call(server.url, 'searchUsers', { query: { q: 'outsider' }, token: ctx.tokens.admin });
    expect(routes.searchUsers.response.parse(found.json).items).toEqual([]);
    const add = await call(server.url, 'addGroupMember', {
      params: { groupId: GROUPS.developers },
      body: { userId: 'u-outsider' },
      token: ctx.tokens.admin,
    });
    expectError(add, 404, 'not_found');
    const bulk = await call(server.url, 'bulkAddGroupMembers', {
      params: { groupId: GROUPS.developers },
      body: { entries: 'outsider@other.example' },
      token: ctx.tokens.admin,
    });
    expect(routes.bulkAddGroupMembers.response.parse(bulk.json).results).toEqual([
      { entry: 'outsider@other.example', email: 'outsider@other.example', outcome: 'unknown_user' },
    ]);
    expectError(
      await call(server.url, 'userPermissions', { params: { userId: 'u-outsider' }, token: ctx.tokens.admin }),
      404,
      'not_found',
    );
    expect(memberRows(server, GROUPS.developers)).not.toContain('u-outsider');
  });

  it('gives the union over a user’s groups as effective permissions', async () => {
    const answer = await call(server.url, 'userPermissions', { params: { userId: LUCA }, token: ctx.tokens.admin });
    expect(answer.status, answer.text).toBe(200);
    const luca = routes.userPermissions.response.parse(answer.json);
    expect(luca.groups.map((g) => g.name)).toEqual(['Developers', 'Dropzone Team']);
    expect(luca.effective).toEqual([
      'dropzoneOwnership',
      'dropzoneManager',
      'dropzoneManager.configure',
      'dropzoneManager.manageRecipients',
      'apiKeys',
    ]);
    expect(luca.granted).toEqual(luca.effective);

    const anna = routes.userPermissions.response.parse(
      (await call(server.url, 'userPermissions', { params: { userId: ANNA }, token: ctx.tokens.admin })).json,
    );
    expect(anna.effective).toEqual(['workspaceOwnership', 'trustedDeviceKeys']);

    // a user may look at their own permissions, not at anyone else's
    const own = await call(server.url, 'userPermissions', { params: { userId: SOPHIE }, token: ctx.tokens.sophie });
    expect(routes.userPermissions.response.parse(own.json)).toMatchObject({ groups: [], effective: [], granted: [] });
    expectError(
      await call(server.url, 'userPermissions', { params: { userId: LUCA }, token: ctx.tokens.sophie }),
      403,
      'forbidden',
    );
  });

  it('answers "who can create API keys?" with one filtered matrix query', async () => {
    const matrix = async (query: Record<string, string | number>) => {
      const answer = await call(server.url, 'permissionMatrix', { query, token: ctx.tokens.admin });
      expect(answer.status, answer.text).toBe(200);
      return routes.permissionMatrix.response.parse(answer.json);
    };
    const apiKeys = await matrix({ permission: 'apiKeys' });
    expect(apiKeys.total).toBe(5);
    expect(apiKeys.items.map((row) => row.user.id).sort()).toEqual(memberRows(server, GROUPS.developers));
    expect(apiKeys.items.every((row) => row.permissions.includes('apiKeys'))).toBe(true);
    expect(apiKeys.permissions).toEqual([...PERMISSION_KEYS]);

    // the configure sub-right comes with Dropzone Manager
    const configure = await matrix({ permission: 'dropzoneManager.configure' });
    expect(configure.items.map((row) => row.user.id).sort()).toEqual(memberRows(server, GROUPS.dropzoneTeam));

    const everyone = await matrix({ limit: 500 });
    const users = (server.db.prepare('SELECT COUNT(*) AS n FROM users WHERE org_id = ?').get(ORG) as { n: number }).n;
    expect(everyone.total).toBe(users);
    const row = (id: string) => everyone.items.find((item) => item.user.id === id)?.permissions;
    expect(row(SOPHIE)).toEqual([]);
    expect(row(ANNA)).toEqual(['workspaceOwnership', 'trustedDeviceKeys']);

    const searched = await matrix({ q: 'luca', permission: 'apiKeys' });
    expect(searched.items.map((item) => item.user.id)).toEqual([LUCA]);
    const paged = await matrix({ offset: 3, limit: 2, permission: 'apiKeys' });
    expect(paged).toMatchObject({ total: 5, offset: 3 });
    expect(paged.items.map((item) => item.user.id)).toEqual(apiKeys.items.slice(3, 5).map((item) => item.user.id));

    const bad = await call(server.url, 'permissionMatrix', {
      query: { permission: 'rootAccess' },
      token: ctx.tokens.admin,
    });
    expectError(bad, 400, 'invalid_payload');
    expect(errorOf(bad).fields).toEqual({ permission: 'invalid_value' });
  });

  it('lets only organisation administrators read and change memberships (403 otherwise)', async () => {
    const groupId = GROUPS.developers;
    for (const token of [ctx.tokens.luca, ctx.tokens.sophie]) {
      const answers = await Promise.all([
        call(server.url, 'listSecurityGroups', { token }),
        call(server.url, 'listGroupMembers', { params: { groupId }, token }),
        call(server.url, 'addGroupMember', { params: { groupId }, body: { userId: SOPHIE }, token }),
        call(server.url, 'removeGroupMembers', { params: { groupId }, body: { userIds: [LUCA] }, token }),
        call(server.url, 'bulkAddGroupMembers', {
          params: { groupId },
          body: { entries: 'sophie.martin@demo.example' },
          token,
        }),
        call(server.url, 'searchUsers', { token }),
        call(server.url, 'permissionMatrix', { token }),
      ]);
      for (const answer of answers) expectError(answer, 403, 'forbidden');
    }
    expect(memberRows(server, groupId)).toContain(LUCA);
    expect(memberRows(server, groupId)).not.toContain(SOPHIE);
    // and nobody without a session
    expectError(await call(server.url, 'listSecurityGroups'), 401, 'session_expired');
    expectError(
      await call(server.url, 'listGroupMembers', { params: { groupId: 'sg-nope' }, token: ctx.tokens.admin }),
      404,
      'not_found',
    );
  });
});

describe('security groups: adding and removing members', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer();
    server = ctx.server;
  });
  afterAll(() => server.close());

  const add = (groupId: string, userId: string) =>
    call(server.url, 'addGroupMember', { params: { groupId }, body: { userId }, token: ctx.tokens.admin });
  const remove = (groupId: string, userIds: string[]) =>
    call(server.url, 'removeGroupMembers', { params: { groupId }, body: { userIds }, token: ctx.tokens.admin });

  it('adds one user, idempotently, and audits the change with before and after', async () => {
    const first = await add(GROUPS.deviceAdmins, 'u-thomas-keller');
    expect(first.status, first.text).toBe(200);
    const result = routes.addGroupMember.response.parse(first.json);
    expect(result).toMatchObject({
      outcome: 'added',
      memberCount: 3,
      member: { userId: 'u-thomas-keller', name: 'Thomas Keller', email: 'thomas.keller@demo.example' },
    });
    const again = routes.addGroupMember.response.parse((await add(GROUPS.deviceAdmins, 'u-thomas-keller')).json);
    expect(again).toMatchObject({ outcome: 'already_member', memberCount: 3 });
    expect(again.member.addedAt).toBe(result.member.addedAt);
    expect(await memberCount(server, ctx.tokens.admin, GROUPS.deviceAdmins)).toBe(3);

    const audit = readAudit(server.db, { orgId: ORG, targetId: GROUPS.deviceAdmins });
    expect(audit.filter((row) => row.action === 'group.memberAdded')).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorUserId: ANNA,
      action: 'group.memberAdded',
      targetType: 'group',
      before: { userId: 'u-thomas-keller', member: false },
      after: { userId: 'u-thomas-keller', member: true, groupName: 'Device Admins', via: 'single' },
    });

    expectError(await add(GROUPS.deviceAdmins, 'u-nobody'), 404, 'not_found');
    expectError(await add('sg-nope', 'u-thomas-keller'), 404, 'not_found');
  });

  it('removes several selected users, one outcome each, and audits each removal', async () => {
    const before = await memberCount(server, ctx.tokens.admin, GROUPS.workspaceOwners);
    const answer = await remove(GROUPS.workspaceOwners, ['u-oliver', 'u-giulia', SOPHIE, 'u-oliver']);
    expect(answer.status, answer.text).toBe(200);
    expect(routes.removeGroupMembers.response.parse(answer.json)).toEqual({
      results: [
        { userId: 'u-oliver', outcome: 'removed' },
        { userId: 'u-giulia', outcome: 'removed' },
        { userId: SOPHIE, outcome: 'not_member' },
      ],
      removed: 2,
      memberCount: before - 2,
    });
    expect(memberRows(server, GROUPS.workspaceOwners)).toEqual([ANNA]);
    const removals = readAudit(server.db, { orgId: ORG, targetId: GROUPS.workspaceOwners }).filter(
      (row) => row.action === 'group.memberRemoved',
    );
    expect(removals.map((row) => (row.before as { userId: string }).userId).sort()).toEqual(['u-giulia', 'u-oliver']);
    expect(removals[0]?.after).toMatchObject({ member: false });
    expect(removals[0]?.before).toMatchObject({ member: true, addedAt: expect.any(String) });

    const empty = await remove(GROUPS.workspaceOwners, []);
    expectError(empty, 400, 'invalid_payload');
    const tooMany = await remove(
      GROUPS.workspaceOwners,
      Array.from({ length: 51 }, (_, i) => `u-x${i}`),
    );
    expectError(tooMany, 400, 'invalid_payload');
    expect(memberRows(server, GROUPS.workspaceOwners)).toEqual([ANNA]);
  });

  it('keeps counts consistent under concurrent adds and removes of the same user', async () => {
    const groupId = GROUPS.deviceAdmins;
    const user = 'u-leonie-baumann';
    const start = await memberCount(server, ctx.tokens.admin, groupId);
    const auditBefore = readAudit(server.db, { orgId: ORG, targetId: groupId, limit: 10_000 }).length;
    const requests: Promise<Answer>[] = [];
    for (let i = 0; i < 60; i++) {
      if (i % 3 === 0) requests.push(add(groupId, user));
      else if (i % 3 === 1) requests.push(remove(groupId, [user]));
      else {
        requests.push(
          call(server.url, 'bulkAddGroupMembers', {
            params: { groupId },
            body: { entries: 'Leonie.Baumann@demo.example, leonie.baumann@demo.example' },
            token: ctx.tokens.admin,
          }),
        );
      }
    }
    const answers = await Promise.all(requests);
    for (const answer of answers) expect(answer.status, answer.text).toBe(200);

    const isMember = memberRows(server, groupId).includes(user);
    const end = await memberCount(server, ctx.tokens.admin, groupId);
    expect(end).toBe(start + (isMember ? 1 : 0));
    expect(end).toBe(memberRows(server, groupId).length);
    const page = await call(server.url, 'listGroupMembers', { params: { groupId }, token: ctx.tokens.admin });
    expect(routes.listGroupMembers.response.parse(page.json).total).toBe(end);

    // every answer's own count was a real count at its moment: start or start + 1
    for (const answer of answers) {
      const count = (answer.json as { memberCount: number }).memberCount;
      expect([start, start + 1]).toContain(count);
    }
    // the audit trail alternates added / removed for that user and ends in the final state
    const trail = readAudit(server.db, { orgId: ORG, targetId: groupId, limit: 10_000 })
      .slice(0, -auditBefore || undefined)
      .reverse()
      .filter((row) => (row.after as { userId?: string }).userId === user);
    expect(trail.length).toBeGreaterThan(0);
    trail.forEach((row, index) => {
      expect(row.action).toBe(index % 2 === 0 ? 'group.memberAdded' : 'group.memberRemoved');
    });
    expect(trail.at(-1)?.action === 'group.memberAdded').toBe(isMember);
    const added = answers.filter(
      (a) => (a.json as { outcome?: string }).outcome === 'added' || ((a.json as { added?: number }).added ?? 0) > 0,
    ).length;
    const removed = answers.filter((a) => (a.json as { removed?: number }).removed === 1).length;
    expect(added - removed).toBe(isMember ? 1 : 0);
  });

  it('counts exactly the additions of many different users added at once', async () => {
    const groupId = GROUPS.dropzoneTeam;
    const start = await memberCount(server, ctx.tokens.admin, groupId);
    const ids = (
      server.db
        .prepare(
          `SELECT id FROM users WHERE org_id = ? AND id NOT IN
             (SELECT user_id FROM security_group_members WHERE group_id = ?) ORDER BY id LIMIT 20`,
        )
        .all(ORG, groupId) as { id: string }[]
    ).map((row) => row.id);
    expect(ids).toHaveLength(20);
    // each user twice, all at once
    const answers = await Promise.all([...ids, ...ids].map((id) => add(groupId, id)));
    const outcomes = answers.map((a) => routes.addGroupMember.response.parse(a.json).outcome);
    expect(outcomes.filter((o) => o === 'added')).toHaveLength(20);
    expect(outcomes.filter((o) => o === 'already_member')).toHaveLength(20);
    expect(await memberCount(server, ctx.tokens.admin, groupId)).toBe(start + 20);
  });
});

describe('security groups: enforcement of feature permissions', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer();
    server = ctx.server;
  });
  afterAll(() => server.close());

  const createApiKey = (token: string) => call(server.url, 'createApiKey', { body: { label: 'build server' }, token });
  const expectPermissionRequired = (answer: Answer, permission: string) => {
    expectError(answer, 403, 'permission_required');
    const error = errorOf(answer);
    expect(error.permission).toBe(permission);
    expect(error.message).toContain(permission);
  };

  it('refuses an API key to a user outside every API-Keys group, and gives one after they are added', async () => {
    expectPermissionRequired(await createApiKey(ctx.tokens.sophie), 'apiKeys');
    expect(server.db.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE user_id = ?').get(SOPHIE)).toEqual({ n: 0 });

    const added = await call(server.url, 'addGroupMember', {
      params: { groupId: GROUPS.developers },
      body: { userId: SOPHIE },
      token: ctx.tokens.admin,
    });
    expect(added.status).toBe(200);

    const answer = await createApiKey(ctx.tokens.sophie);
    expect(answer.status, answer.text).toBe(201);
    const key = routes.createApiKey.response.parse(answer.json);
    expect(key.key).toMatch(/^tsa_[A-Za-z0-9_-]{43}$/);
    const stored = server.db.prepare('SELECT key_hash FROM api_keys WHERE id = ?').get(key.id) as { key_hash: string };
    expect(stored.key_hash).toBe(createHash('sha256').update(key.key).digest('hex'));
    expect(JSON.stringify(server.db.prepare('SELECT * FROM api_keys').all())).not.toContain(key.key);

    // and refused again once removed
    await call(server.url, 'removeGroupMembers', {
      params: { groupId: GROUPS.developers },
      body: { userIds: [SOPHIE] },
      token: ctx.tokens.admin,
    });
    expectPermissionRequired(await createApiKey(ctx.tokens.sophie), 'apiKeys');
  });

  it('enforces each feature from the union of the user’s groups', async () => {
    const { luca, admin, sophie } = ctx.tokens;
    // Luca: Developers + Dropzone Team
    expect((await createApiKey(luca)).status).toBe(201);
    const dropzone = await call(server.url, 'createDropzone', { body: { name: 'Supplier invoices' }, token: luca });
    expect(dropzone.status, dropzone.text).toBe(201);
    const { id: dropzoneId } = routes.createDropzone.response.parse(dropzone.json);
    const configured = await call(server.url, 'updateDropzone', {
      params: { dropzoneId },
      body: { name: 'Supplier invoices 2026', active: false },
      token: luca,
    });
    expect(routes.updateDropzone.response.parse(configured.json)).toMatchObject({
      name: 'Supplier invoices 2026',
      active: false,
      ownerUserId: LUCA,
    });
    expectPermissionRequired(
      await call(server.url, 'createTeamSafe', { body: { name: 'Luca’s safe' }, token: luca }),
      'workspaceOwnership',
    );
    expectPermissionRequired(
      await call(server.url, 'registerTrustedDevice', {
        body: { name: 'Phone', publicKey: 'B'.repeat(44) },
        token: luca,
      }),
      'trustedDeviceKeys',
    );

    // Anna: Workspace Owners + Device Admins
    const safe = await call(server.url, 'createTeamSafe', { body: { name: 'Board', memberLimit: 5 }, token: admin });
    expect(safe.status, safe.text).toBe(201);
    const created = routes.createTeamSafe.response.parse(safe.json);
    expect(created).toMatchObject({ name: 'Board', memberCount: 1, memberLimit: 5, myRole: 'administrator' });
    const safes = routes.listTeamSafes.response.parse((await call(server.url, 'listTeamSafes', { token: admin })).json);
    expect(safes.items.map((s) => s.id)).toContain(created.id);
    expect(
      (
        await call(server.url, 'registerTrustedDevice', {
          body: { name: 'Laptop', publicKey: 'C'.repeat(44) },
          token: admin,
        })
      ).status,
    ).toBe(201);
    expectPermissionRequired(await createApiKey(admin), 'apiKeys');
    expectPermissionRequired(
      await call(server.url, 'updateDropzone', { params: { dropzoneId }, body: { active: true }, token: admin }),
      'dropzoneManager.configure',
    );

    // Sophie: no group, every feature is restricted in the demo organisation
    expectPermissionRequired(
      await call(server.url, 'createDropzone', { body: { name: 'x' }, token: sophie }),
      'dropzoneOwnership',
    );

    // every successful feature call is audited
    const actions = (server.db.prepare('SELECT action FROM audit_log ORDER BY id').all() as { action: string }[]).map(
      (row) => row.action,
    );
    for (const action of [
      'apiKey.created',
      'dropzone.created',
      'dropzone.configured',
      'safe.created',
      'trustedDevice.registered',
    ]) {
      expect(actions).toContain(action);
    }
  });

  it('opens a permission to everyone once no group grants it', async () => {
    const device = () =>
      call(server.url, 'registerTrustedDevice', {
        body: { name: 'Sophie’s laptop', publicKey: 'D'.repeat(44) },
        token: ctx.tokens.sophie,
      });
    expectPermissionRequired(await device(), 'trustedDeviceKeys');

    // support staff change Device Admins to grant something else: trusted device keys are granted by no group
    const changed = await support(server, 'supportUpdateSecurityGroup', {
      params: { groupId: GROUPS.deviceAdmins },
      body: { permissions: ['workspaceOwnership'] },
    });
    expect(changed.status, changed.text).toBe(200);

    expect((await device()).status).toBe(201);
    const catalogue = routes.listPermissions.response.parse(
      (await call(server.url, 'listPermissions', { token: ctx.tokens.sophie })).json,
    );
    expect(catalogue.restricted).not.toContain('trustedDeviceKeys');
    const sophie = routes.userPermissions.response.parse(
      (await call(server.url, 'userPermissions', { params: { userId: SOPHIE }, token: ctx.tokens.sophie })).json,
    );
    expect(sophie).toMatchObject({ groups: [], granted: [], effective: ['trustedDeviceKeys'] });
    const matrix = routes.permissionMatrix.response.parse(
      (
        await call(server.url, 'permissionMatrix', {
          query: { permission: 'trustedDeviceKeys', limit: 1 },
          token: ctx.tokens.admin,
        })
      ).json,
    );
    const users = (server.db.prepare('SELECT COUNT(*) AS n FROM users WHERE org_id = ?').get(ORG) as { n: number }).n;
    expect(matrix.total).toBe(users);
  });

  it('grants a sub-right on its own: configure dropzones without owning or fully managing them', async () => {
    const dropzone = routes.createDropzone.response.parse(
      (await call(server.url, 'createDropzone', { body: { name: 'HR uploads' }, token: ctx.tokens.luca })).json,
    );
    const configure = () =>
      call(server.url, 'updateDropzone', {
        params: { dropzoneId: dropzone.id },
        body: { name: 'HR uploads (new)' },
        token: ctx.tokens.sophie,
      });
    expectPermissionRequired(await configure(), 'dropzoneManager.configure');

    const created = await support(server, 'supportCreateSecurityGroup', {
      body: { orgId: ORG, name: 'Dropzone Configurators', permissions: ['dropzoneManager.configure'] },
    });
    expect(created.status, created.text).toBe(201);
    const group = routes.supportCreateSecurityGroup.response.parse(created.json);
    await call(server.url, 'addGroupMember', {
      params: { groupId: group.id },
      body: { userId: SOPHIE },
      token: ctx.tokens.admin,
    });

    expect((await configure()).status).toBe(200);
    expectPermissionRequired(
      await call(server.url, 'createDropzone', { body: { name: 'mine' }, token: ctx.tokens.sophie }),
      'dropzoneOwnership',
    );
    const effective = routes.userPermissions.response.parse(
      (await call(server.url, 'userPermissions', { params: { userId: SOPHIE }, token: ctx.tokens.sophie })).json,
    ).effective;
    expect(effective).toContain('dropzoneManager.configure');
    expect(effective).not.toContain('dropzoneManager');
    expect(effective).not.toContain('dropzoneManager.manageRecipients');
    // a dropzone of another organisation (or none) is not found, for those allowed to configure
    expectError(
      await call(server.url, 'updateDropzone', {
        params: { dropzoneId: 'dz-nope' },
        body: { active: false },
        token: ctx.tokens.sophie,
      }),
      404,
      'not_found',
    );
  });
});

describe('security groups: definitions by support staff only', () => {
  let ctx: GroupTestServer;
  let server: SeededServer;
  beforeAll(async () => {
    ctx = await startGroupServer();
    server = ctx.server;
  });
  afterAll(() => server.close());

  const definition = { orgId: ORG, name: 'Auditors', permissions: ['apiKeys', 'trustedDeviceKeys'] };
  const groupNames = () =>
    (server.db.prepare('SELECT name FROM security_groups ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );

  it('refuses organisation administrators and anyone without the support token (403)', async () => {
    const before = groupNames();
    const attempts: Record<string, string>[] = [
      // an organisation administrator's bearer token
      { authorization: `Bearer ${ctx.tokens.admin}` },
      { authorization: `Bearer ${ctx.tokens.admin}`, 'x-support-token': 'not-the-support-token-000' },
      {},
      { 'x-support-token': '' },
      { 'x-support-token': SUPPORT_TOKEN.slice(0, -1) },
    ];
    for (const headers of attempts) {
      expectError(await support(server, 'supportCreateSecurityGroup', { body: definition, headers }), 403, 'forbidden');
      expectError(
        await support(server, 'supportUpdateSecurityGroup', {
          params: { groupId: GROUPS.developers },
          body: { permissions: ['workspaceOwnership'] },
          headers,
        }),
        403,
        'forbidden',
      );
    }
    expect(groupNames()).toEqual(before);
    const developers = server.db
      .prepare('SELECT permission_key FROM security_group_permissions WHERE group_id = ?')
      .all(GROUPS.developers);
    expect(developers).toEqual([{ permission_key: 'apiKeys' }]);
  });

  it('lets support staff create and edit group definitions, audited', async () => {
    const created = await support(server, 'supportCreateSecurityGroup', { body: definition });
    expect(created.status, created.text).toBe(201);
    const group = routes.supportCreateSecurityGroup.response.parse(created.json);
    expect(group).toMatchObject({
      orgId: ORG,
      name: 'Auditors',
      permissions: ['apiKeys', 'trustedDeviceKeys'],
      memberCount: 0,
    });

    const listed = routes.listSecurityGroups.response.parse(
      (await call(server.url, 'listSecurityGroups', { token: ctx.tokens.admin })).json,
    );
    expect(listed.items.find((g) => g.id === group.id)).toMatchObject({ name: 'Auditors', memberCount: 0 });

    const renamed = await support(server, 'supportUpdateSecurityGroup', {
      params: { groupId: group.id },
      body: { name: 'Auditors & Integrations', permissions: ['apiKeys'] },
    });
    expect(routes.supportUpdateSecurityGroup.response.parse(renamed.json)).toMatchObject({
      id: group.id,
      name: 'Auditors & Integrations',
      permissions: ['apiKeys'],
    });

    const audit = readAudit(server.db, { orgId: ORG, targetId: group.id });
    expect(audit.map((row) => row.action)).toEqual(['group.updated', 'group.created']);
    expect(audit[0]).toMatchObject({
      actorUserId: null,
      before: { name: 'Auditors', permissions: ['apiKeys', 'trustedDeviceKeys'] },
      after: { name: 'Auditors & Integrations', permissions: ['apiKeys'], definedBy: 'support-api' },
    });
    expect(audit[1]).toMatchObject({ before: null, after: { name: 'Auditors', definedBy: 'support-api' } });
  });

  it('validates definitions: known permissions, a name, no duplicate name, an existing organisation', async () => {
    const cases: [unknown, Record<string, string>][] = [
      [{ ...definition, permissions: ['rootAccess'] }, { 'permissions.0': 'invalid_value' }],
      [{ ...definition, permissions: [] }, { permissions: 'required' }],
      [{ ...definition, permissions: ['apiKeys', 'apiKeys'] }, { permissions: 'invalid_value' }],
      [{ ...definition, name: '  ' }, { name: 'required' }],
    ];
    for (const [body, fields] of cases) {
      const answer = await support(server, 'supportCreateSecurityGroup', { body });
      expectError(answer, 400, 'invalid_payload');
      expect(errorOf(answer).fields).toEqual(fields);
    }
    expectError(
      await support(server, 'supportCreateSecurityGroup', { body: { ...definition, name: 'Developers' } }),
      409,
      'group_name_taken',
    );
    expectError(
      await support(server, 'supportUpdateSecurityGroup', {
        params: { groupId: GROUPS.developers },
        body: { name: 'Device Admins' },
      }),
      409,
      'group_name_taken',
    );
    expectError(
      await support(server, 'supportCreateSecurityGroup', { body: { ...definition, orgId: 'org-nope' } }),
      404,
      'not_found',
    );
    expectError(
      await support(server, 'supportUpdateSecurityGroup', { params: { groupId: 'sg-nope' }, body: { name: 'X' } }),
      404,
      'not_found',
    );
    expectError(
      await support(server, 'supportUpdateSecurityGroup', { params: { groupId: GROUPS.developers }, body: {} }),
      400,
      'invalid_payload',
    );
  });
});

describe('security groups: a server without a support token', () => {
  it('refuses every support request, and refuses a too-short token at start', async () => {
    const ctx = await startGroupServer({ supportToken: undefined });
    try {
      const answer = await support(ctx.server, 'supportCreateSecurityGroup', {
        body: { orgId: ORG, name: 'X', permissions: ['apiKeys'] },
        headers: { 'x-support-token': SUPPORT_TOKEN },
      });
      expectError(answer, 403, 'forbidden');
    } finally {
      await ctx.server.close();
    }
    await expect(startGroupServer({ supportToken: 'short' })).rejects.toThrow(/at least 16/);
  });
});
