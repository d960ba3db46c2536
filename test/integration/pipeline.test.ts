/**
 * The invitation pipeline's channels through the real core, against the real
 * reference server and its database, with the real keychain: dry runs write
 * nothing (the tables before and after), a real run retried invites nobody
 * twice, bulk re-send and revoke across safes answer per row, and undo.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core.ts';
import { createLogger } from '../../electron/core/log.ts';
import type { ChannelRequest } from '../../shared/ipc/contract.ts';
import { attempt, invoke, testCores } from '../helpers/core.ts';
import { startFaultProxy } from '../helpers/proxy.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

/** What a change would touch: every table of members, invitations, texts, groups and audit. */
const WRITTEN_TABLES = [
  'safe_members',
  'invitation_codes',
  'idempotency_keys',
  'sms_outbox',
  'sms_sends',
  'audit_log',
  'member_changes',
  'removed_members',
  'security_group_members',
  'group_member_changes',
];

type Row = ChannelRequest<'invitations:bulkInvite'>['rows'][number];

const row = (n: number | string, extra: Partial<Row> = {}): Row => ({
  name: `Bulk Person ${n}`,
  email: `bulk.person.${n}@invited.example`,
  role: 'viewer',
  language: 'en',
  codeDelivery: 'display',
  ...extra,
});

describe('the invitation pipeline through the core', () => {
  let server: SeededServer;
  let root: string;
  const cores = testCores();
  let admin: Core;
  let safeAdmin: Core;

  const snapshot = () =>
    Object.fromEntries(
      WRITTEN_TABLES.map((table) => [table, server.db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all() as unknown[]]),
    );
  const open = async (who: 'admin' | 'safeAdmin') => {
    const core = await cores.open({
      dataDir: join(root, who),
      defaultServerUrl: server.url,
      log: createLogger(() => {}),
    });
    await invoke(core, 'session:signIn', {
      serverUrl: server.url,
      email: server.accounts[who].email,
      password: server.accounts[who].password,
    });
    return core;
  };
  const memberByEmail = async (core: Core, safeId: string, email: string) => {
    const page = await invoke(core, 'members:list', { safeId, status: 'all', offset: 0, limit: 50, q: email });
    const member = page.items.find((each) => each.email === email);
    if (!member) throw new Error(`${email} is not in ${safeId}`);
    return member;
  };

  beforeAll(async () => {
    server = await startSeededServer({ devEndpoints: true });
    root = mkdtempSync(join(tmpdir(), 'tsa-pipeline-'));
    admin = await open('admin');
    safeAdmin = await open('safeAdmin');
  });
  afterAll(async () => {
    await cores.disposeAll();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('checks every row of a CSV in a dry run and writes nothing', async () => {
    const before = snapshot();
    // Research: 21 of 25 places taken, so 4 free.
    const rows: Row[] = [
      row(1),
      row(2, { codeDelivery: 'sms', country: 'CH', mobile: '079 123 45 67' }),
      row(3),
      row(1, { name: 'Same Address' }),
      row(4, { codeDelivery: 'sms', country: 'CH', mobile: '044 668 18 00' }),
      row(5, { role: 'boss' }),
      row(6, { email: 'not-an-address' }),
      row(7, { email: 'anna.muster@demo.example' }),
      row(8),
      row(9),
    ];
    const result = await invoke(admin, 'invitations:bulkInvite', { safeId: 'safe-research', dryRun: true, rows });
    expect(result.dryRun).toBe(true);
    expect(result.results.map((each) => each.outcome)).toEqual([
      'invite',
      'invite',
      'invite',
      'duplicate',
      'invalid',
      'invalid',
      'invalid',
      'already_member',
      'invite',
      'over_limit',
    ]);
    expect(result.results[4]?.fields).toEqual({ mobile: 'not_mobile' });
    expect(result.results[5]?.fields).toEqual({ role: 'unknown_role' });
    expect(result.results[6]?.fields).toEqual({ email: 'invalid_email' });
    expect(result.results[3]?.duplicateOf).toBe(0);
    expect(snapshot()).toEqual(before);
  });

  it('invites for real only the rows that pass, and a retry with the same keys invites nobody twice', async () => {
    const rows: Row[] = [row('r1'), row('r2', { role: 'nobody' }), row('r3')].map((each) => ({
      ...each,
      key: randomUUID(),
    }));
    const first = await invoke(admin, 'invitations:bulkInvite', { safeId: 'safe-legal', dryRun: false, rows });
    expect(first.results.map((each) => each.outcome)).toEqual(['invited', 'invalid', 'invited']);
    expect(first.results[0]?.invitation?.securityCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    const afterFirst = snapshot().safe_members;

    const retry = await invoke(admin, 'invitations:bulkInvite', { safeId: 'safe-legal', dryRun: false, rows });
    expect(retry.results.map((each) => [each.outcome, each.replayed ?? false])).toEqual([
      ['invited', true],
      ['invalid', false],
      ['invited', true],
    ]);
    expect(snapshot().safe_members).toEqual(afterFirst);
  });

  it('refuses a real run whose rows have no keys, before anything reaches the server', async () => {
    const before = snapshot();
    const result = await attempt(admin, 'invitations:bulkInvite', {
      safeId: 'safe-legal',
      dryRun: false,
      rows: [row('nokey')],
    });
    expect(result.ok ? null : result.error.code).toBe('invalid_payload');
    expect(snapshot()).toEqual(before);
  });

  it('lists invitations per safe and across safes, with seeded invitations shown as expired', async () => {
    const legal = await invoke(admin, 'invitations:list', {
      safeId: 'safe-legal',
      state: 'all',
      offset: 0,
      limit: 100,
    });
    expect(legal.safes.map((safe) => safe.id)).toEqual(['safe-legal']);
    expect(legal.items.every((item) => item.safeId === 'safe-legal')).toBe(true);
    const expired = legal.items.filter((item) => item.state === 'expired').map((item) => item.member.email);
    expect(expired).toEqual(expect.arrayContaining(['mohammed.alhassan@demo.example']));

    const all = await invoke(admin, 'invitations:list', { state: 'all', offset: 0, limit: 500 });
    expect(new Set(all.items.map((item) => item.safeId))).toEqual(
      new Set(['safe-finance', 'safe-legal', 'safe-research']),
    );
    // Luca administers only Legal
    const lucas = await invoke(safeAdmin, 'invitations:list', { state: 'all', offset: 0, limit: 500 });
    expect(lucas.safes.map((safe) => safe.id)).toEqual(['safe-legal']);
  });

  it('re-sends and revokes a selection across safes, one result per row', async () => {
    const all = await invoke(admin, 'invitations:list', { state: 'expired', offset: 0, limit: 500 });
    const legal = all.items.find((item) => item.safeId === 'safe-legal');
    const finance = all.items.find((item) => item.safeId === 'safe-finance');
    if (!legal || !finance) throw new Error('seeded invitations missing');
    const stale = { safeId: finance.safeId, memberId: finance.member.id, version: finance.member.version + 5 };
    const items = [{ safeId: legal.safeId, memberId: legal.member.id, version: legal.member.version }, stale];
    const requestId = randomUUID();
    const resent = await invoke(admin, 'invitations:resend', { requestId, items });
    expect(resent.results.map((each) => [each.safeId, each.memberId, each.outcome, each.error?.code])).toEqual([
      [legal.safeId, legal.member.id, 'resent', undefined],
      [finance.safeId, finance.member.id, 'failed', 'precondition_failed'],
    ]);
    expect(resent.resent).toBe(1);
    // the same submission again: the first answer, nothing re-sent twice
    const again = await invoke(admin, 'invitations:resend', { requestId, items });
    expect(again.results[0]?.invitation?.member.version).toBe(resent.results[0]?.invitation?.member.version);

    const now = await invoke(admin, 'invitations:list', { safeId: 'safe-legal', state: 'all', offset: 0, limit: 100 });
    const revived = now.items.find((item) => item.member.id === legal.member.id);
    expect(revived?.state).toBe('pending');
    expect(revived?.resendCount).toBe(1);

    const revoked = await invoke(admin, 'invitations:revoke', {
      requestId: randomUUID(),
      items: [{ safeId: 'safe-legal', memberId: legal.member.id, version: revived?.member.version ?? 0 }],
    });
    expect(revoked.results.map((each) => each.outcome)).toEqual(['revoked']);
    // and the revoke can be undone, with the version it had when revoked
    const undone = await invoke(admin, 'members:undo', {
      safeId: 'safe-legal',
      memberId: legal.member.id,
      version: revived?.member.version ?? 0,
    });
    expect(undone.undone).toBe('member.revoked');
    expect(undone.member.id).toBe(legal.member.id);
  });

  it('undoes a removal, and refuses an undo after another administrator changed the member', async () => {
    const soren = await memberByEmail(admin, 'safe-legal', 'soren.kierkegaard@demo.example');
    await invoke(admin, 'members:remove', { safeId: 'safe-legal', memberId: soren.id, version: soren.version });
    const restored = await invoke(admin, 'members:undo', {
      safeId: 'safe-legal',
      memberId: soren.id,
      version: soren.version,
    });
    expect(restored.undone).toBe('member.removed');
    expect(restored.member).toMatchObject({ id: soren.id, role: soren.role, status: 'activated' });

    // Anna makes Søren an editor; Luca, the other administrator, makes him an archivist
    const editor = await invoke(admin, 'members:changeRole', {
      safeId: 'safe-legal',
      memberId: soren.id,
      version: restored.member.version,
      role: 'editor',
    });
    await invoke(safeAdmin, 'members:changeRole', {
      safeId: 'safe-legal',
      memberId: soren.id,
      version: editor.version,
      role: 'archivist',
    });
    const refused = await attempt(admin, 'members:undo', {
      safeId: 'safe-legal',
      memberId: soren.id,
      version: editor.version,
    });
    expect(refused.ok ? null : refused.error.code).toBe('precondition_failed');
    // Luca's change stands (read after syncing the offline copy, which answers lists while fresh)
    await invoke(admin, 'sync:now', {});
    expect((await memberByEmail(admin, 'safe-legal', soren.email)).role).toBe('archivist');
  });

  it('dry-runs a security-group bulk add without writing, and restores removed group members', async () => {
    const groups = await invoke(admin, 'groups:list', {});
    const group = groups.items[0];
    if (!group) throw new Error('no seeded group');
    const members = await invoke(admin, 'groups:members', { groupId: group.id, offset: 0, limit: 50 });
    const inGroup = members.items[0];
    if (!inGroup) throw new Error('seeded group is empty');
    const before = snapshot();
    const dry = await invoke(admin, 'groups:bulkAdd', {
      groupId: group.id,
      entries: `${inGroup.email}, nobody@nowhere.example, sophie.martin@demo.example`,
      dryRun: true,
    });
    expect(dry.dryRun).toBe(true);
    expect(dry.added).toBe(0);
    expect(dry.results.map((each) => each.outcome)).toEqual(['already_member', 'unknown_user', expect.any(String)]);
    expect(['would_add', 'already_member']).toContain(dry.results[2]?.outcome);
    expect(snapshot()).toEqual(before);

    await invoke(admin, 'groups:removeMembers', { groupId: group.id, userIds: [inGroup.userId] });
    const restored = await invoke(admin, 'groups:restoreMembers', { groupId: group.id, userIds: [inGroup.userId] });
    expect(restored.results).toEqual([{ userId: inGroup.userId, outcome: 'restored' }]);
  });

  it('answers offline with a clear "needs connection" instead of a stale pipeline, and works again once back', async () => {
    const proxy = await startFaultProxy(server.url);
    try {
      const core = await cores.open({
        dataDir: join(root, 'offline'),
        defaultServerUrl: proxy.url,
        log: createLogger(() => {}),
      });
      await invoke(core, 'session:signIn', {
        serverUrl: proxy.url,
        email: server.accounts.admin.email,
        password: server.accounts.admin.password,
      });
      const list = () => attempt(core, 'invitations:list', { state: 'all', offset: 0, limit: 10 });
      proxy.fault = () => ({ kind: 'refuse' });
      const lost = await list();
      expect(lost.ok ? null : lost.error.code).toBe('server_unreachable');
      // now known to be offline: refused at once, and so is a dry run (it needs the server too)
      const seen = proxy.seen.length;
      const offline = await list();
      expect(offline.ok ? null : offline.error.code).toBe('offline');
      const dry = await attempt(core, 'invitations:bulkInvite', { safeId: 'safe-legal', dryRun: true, rows: [row(1)] });
      expect(dry.ok ? null : dry.error.code).toBe('offline');
      expect(proxy.seen.length).toBe(seen);

      proxy.fault = null;
      await invoke(core, 'sync:now', {});
      expect((await invoke(core, 'sync:status', {})).mode).toBe('online');
      expect((await list()).ok).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('keeps to the machine policy: SMS rows to a region SmsCountries leaves out are invalid and never sent', async () => {
    const etc = join(root, 'policy', 'etc');
    mkdirSync(etc, { recursive: true });
    const policyFile = join(etc, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ SmsCountries: ['LI'] }), { mode: 0o644 });
    const core = await cores.open({
      dataDir: join(root, 'policy', 'profile'),
      defaultServerUrl: server.url,
      policyFile,
      log: createLogger(() => {}),
    });
    await invoke(core, 'session:signIn', {
      serverUrl: server.url,
      email: server.accounts.admin.email,
      password: server.accounts.admin.password,
    });
    const swiss = row('p1', { codeDelivery: 'sms', country: 'CH', mobile: '079 123 45 67' });
    const before = snapshot();
    const mixed = await invoke(core, 'invitations:bulkInvite', {
      safeId: 'safe-research',
      dryRun: true,
      rows: [row('p0'), swiss, row('p0', { name: 'Again' })],
    });
    expect(mixed.results).toEqual([
      expect.objectContaining({ index: 0, outcome: 'invite' }),
      { index: 1, outcome: 'invalid', fields: { country: 'country_not_allowed' } },
      expect.objectContaining({ index: 2, outcome: 'duplicate', duplicateOf: 0 }),
    ]);
    expect(mixed.counts).toMatchObject({ invite: 1, invalid: 1, duplicate: 1 });

    const only = await invoke(core, 'invitations:bulkInvite', { safeId: 'safe-research', dryRun: true, rows: [swiss] });
    expect(only.results).toEqual([{ index: 0, outcome: 'invalid', fields: { country: 'country_not_allowed' } }]);
    expect(only.memberLimit).toBe(mixed.memberLimit);
    expect(only.placesTaken).toBe(mixed.placesTaken);
    expect(snapshot()).toEqual(before);

    const real = await invoke(core, 'invitations:bulkInvite', {
      safeId: 'safe-research',
      dryRun: false,
      rows: [{ ...swiss, key: randomUUID() }],
    });
    expect(real.results.map((each) => each.outcome)).toEqual(['invalid']);
    expect(snapshot()).toEqual(before);
  });
});
