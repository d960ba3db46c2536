import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/api/audit.ts';
import { auditPageQuery, AUDIT_FEED_SQL, type AuditFilters, type AuditScope } from '../../server/audit-trail.ts';
import { GROUP_UNDO_SQL } from '../../server/groups-undo.ts';
import { UNDO_SQL } from '../../server/undo.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';
import { codeInText, membersApi, person, type Tokens } from './members-api.ts';
import { powerApi } from './power-api.ts';
import { call, errorOf } from './request.ts';

const SAFE = 'safe-research';

describe('the audit trail', () => {
  let clock = Date.parse('2026-05-04T07:00:00.000Z');
  let server: SeededServer;
  let members: ReturnType<typeof membersApi>;
  let api: ReturnType<typeof powerApi>;
  let tokens: Tokens;
  const tick = () => (clock += 1000);

  beforeAll(async () => {
    server = await startSeededServer({ now: () => clock, devEndpoints: true, smsLimits: { memberCooldownSeconds: 0 } });
    members = membersApi(server);
    api = powerApi(server);
    tokens = await members.tokens();
  });
  afterAll(() => server.close());

  const all = async (query: Record<string, string | number> = {}): Promise<AuditEntry[]> =>
    (await api.audit(tokens.admin, SAFE, { limit: 500, ...query })).items;

  it('records every change with before → after and whom it was about, including redemption and undo', async () => {
    const sms = await members.invited(
      tokens.admin,
      SAFE,
      person('trail', { codeDelivery: 'sms', mobile: { country: 'IT', number: '333 765 4321' } }),
    );
    tick();
    const resent = await members.resend(tokens.admin, SAFE, sms.member.id, 1);
    expect(resent.status).toBe(200);
    tick();
    const code = codeInText((await members.outbox(tokens.admin)).at(-1)?.text ?? '');
    expect((await members.redeem(sms.member.email, code)).status).toBe(200);
    tick();
    expect((await members.changeRole(tokens.admin, SAFE, sms.member.id, 3, 'editor')).status).toBe(200);
    tick();
    expect((await members.remove(tokens.admin, SAFE, sms.member.id, 4)).status).toBe(204);
    tick();
    expect((await api.undo(tokens.admin, SAFE, sms.member.id, 4)).status).toBe(200);
    tick();
    const other = await members.invited(tokens.admin, SAFE, person('revoked'));
    tick();
    expect((await members.revoke(tokens.admin, SAFE, other.member.id, 1)).status).toBe(204);

    const trail = (await all({ member: sms.member.id })).reverse();
    expect(trail.map((entry) => entry.action)).toEqual([
      'member.invited',
      'member.resent',
      'member.activated',
      'member.roleChanged',
      'member.removed',
      'member.restored',
    ]);
    const subject = { id: sms.member.id, name: 'Test Person trail', email: 'test.person.trail@invited.example' };
    for (const entry of trail) expect(entry).toMatchObject({ safeId: SAFE, targetType: 'member', subject });
    expect(trail[0]).toMatchObject({
      actor: { id: server.accounts.admin.userId, name: 'Anna Muster' },
      before: null,
      after: { status: 'invited', codeDelivery: 'sms', mobile: '+393337654321' },
    });
    expect(trail[1]?.before).toMatchObject({ version: 1, codeDelivery: 'sms' });
    expect(trail[2]).toMatchObject({ actor: null, before: { status: 'invited' }, after: { status: 'activated' } });
    expect(trail[3]).toMatchObject({ before: { role: 'viewer' }, after: { role: 'editor' } });
    expect(trail[4]).toMatchObject({ before: { role: 'editor', status: 'activated' }, after: null });
    expect(trail[5]).toMatchObject({ undoes: trail[4]?.id, before: null, after: { role: 'editor', version: 5 } });
    expect((await all({ member: other.member.id })).map((entry) => entry.action)).toEqual([
      'member.revoked',
      'member.invited',
    ]);
  });

  it('filters by action, actor, member and time range, and pages with a stable cursor', async () => {
    const everything = await all();
    expect(everything).toHaveLength(8);
    // newest first
    const order = everything.map((entry) => [entry.at, entry.id] as const);
    expect([...order].sort((a, b) => (a[0] === b[0] ? b[1] - a[1] : a[0] < b[0] ? 1 : -1))).toEqual(order);

    expect((await all({ action: 'member.invited' })).every((entry) => entry.action === 'member.invited')).toBe(true);
    const byAnna = await all({ actor: server.accounts.admin.userId });
    expect(byAnna).toEqual(everything.filter((entry) => entry.actor?.id === server.accounts.admin.userId));
    const middle = everything[4]?.at ?? '';
    const later = await all({ from: middle });
    expect(later).toEqual(everything.filter((entry) => entry.at >= middle));
    const earlier = await all({ to: middle, action: 'member.invited' });
    expect(earlier).toEqual(everything.filter((entry) => entry.at < middle && entry.action === 'member.invited'));

    // pages of 3 walk the same list, and a change made while paging does not shift them
    const pages: AuditEntry[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await api.audit(tokens.admin, SAFE, { limit: 3, ...(cursor ? { cursor } : {}) });
      pages.push(...page.items);
      cursor = page.nextCursor;
      if (pages.length === 3) {
        tick();
        await members.invited(tokens.admin, SAFE, person('while-paging'));
      }
    } while (cursor);
    expect(pages).toEqual(everything);

    const invalid = await api.send('listSafeAudit', tokens.admin, { params: { safeId: SAFE }, query: { cursor: 'x' } });
    expect(errorOf(invalid).fields).toEqual({ cursor: 'invalid_value' });
  });

  it('feeds the offline copy incrementally: one change, one entry', async () => {
    const first = await api.auditChanges(tokens.admin, SAFE, { limit: 1000 });
    expect(first).toMatchObject({ more: false, reset: false });
    expect(first.items.map((entry) => entry.id)).toEqual((await all()).map((entry) => entry.id).reverse());

    expect((await api.auditChanges(tokens.admin, SAFE, { since: first.cursor })).items).toEqual([]);
    tick();
    expect((await members.changeRole(tokens.admin, SAFE, 'm-research-03', 1, 'editor')).status).toBe(200);
    // a change in another safe is not in this safe's feed
    expect((await members.changeRole(tokens.admin, 'safe-legal', 'm-legal-03', 1, 'editor')).status).toBe(200);
    const next = await api.auditChanges(tokens.admin, SAFE, { since: first.cursor });
    expect(next.items).toHaveLength(1);
    expect(next.items[0]).toMatchObject({ action: 'member.roleChanged', targetId: 'm-research-03' });

    // paging, and `from` for a first sync of recent activity only
    const paged = await api.auditChanges(tokens.admin, SAFE, { limit: 2 });
    expect(paged).toMatchObject({ more: true });
    expect(paged.items).toHaveLength(2);
    const recent = await api.auditChanges(tokens.admin, SAFE, { from: next.items[0]?.at ?? '' });
    expect(recent.items.map((entry) => entry.id)).toEqual([next.items[0]?.id]);

    // a cursor of another database or from the future starts over
    const foreign = first.cursor.replace(/^a\.[0-9a-f]{16}/, 'a.0123456789abcdef');
    expect(await api.auditChanges(tokens.admin, SAFE, { since: foreign })).toMatchObject({ reset: true, items: [] });
    const future = first.cursor.replace(/\.\d+$/, '.999999999');
    expect(await api.auditChanges(tokens.admin, SAFE, { since: future })).toMatchObject({ reset: true, items: [] });
    const memberCursor = await call(server.url, 'listSafeAuditChanges', {
      params: { safeId: SAFE },
      query: { since: first.cursor.replace(/^a/, 'm') },
      token: tokens.admin,
    });
    expect(memberCursor.status).toBe(400);
  });

  it('keeps the organisation’s group history, filtered by group, user and actor', async () => {
    const groupId = 'sg-developers';
    const user = 'u-thomas-keller';
    tick();
    await call(server.url, 'addGroupMember', { params: { groupId }, body: { userId: user }, token: tokens.admin });
    tick();
    await call(server.url, 'removeGroupMembers', {
      params: { groupId },
      body: { userIds: [user] },
      token: tokens.admin,
    });
    tick();
    await api.restoreGroup(tokens.admin, groupId, [user]);
    const history = await api.groupAudit(tokens.admin, { groupId, userId: user });
    expect(history.items.map((entry) => entry.action)).toEqual([
      'group.memberRestored',
      'group.memberRemoved',
      'group.memberAdded',
    ]);
    expect(history.items[0]).toMatchObject({
      safeId: null,
      targetId: groupId,
      subject: { id: user, name: 'Thomas Keller', email: 'thomas.keller@demo.example' },
      undoes: history.items[1]?.id,
    });
    const byAnna = await api.groupAudit(tokens.admin, { actor: server.accounts.admin.userId, limit: 2 });
    expect(byAnna.items).toEqual(history.items.slice(0, 2));
    expect(byAnna.nextCursor).not.toBeNull();
    expect((await api.groupAudit(tokens.admin, { userId: 'u-nobody' })).items).toEqual([]);
  });

  describe('query plans', () => {
    const plan = (sql: string, params: readonly unknown[]) =>
      (server.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(params as string[])) as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
    const filters = (extra: Partial<AuditFilters>): AuditFilters => ({ limit: 50, ...extra });
    const safe: AuditScope = { kind: 'safe', safeId: SAFE };
    const groups: AuditScope = { kind: 'groups', orgId: 'org-helvetia' };
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z', cursor: '1780000000000.42' };

    it.each([
      ['safe, no filter', safe, {}, 'audit_log_safe_time (safe_id=?'],
      ['safe, action', safe, { action: 'member.invited' }, 'audit_log_safe_action (safe_id=? AND action=?'],
      ['safe, actor', safe, { actor: 'u-anna-muster' }, 'audit_log_safe_actor (safe_id=? AND actor_user_id=?'],
      ['safe, member', safe, { subject: 'm-research-02' }, 'audit_log_subject (subject_id=?'],
      [
        'safe, all filters',
        safe,
        { action: 'member.invited', actor: 'u-anna-muster', subject: 'm-1' },
        'audit_log_subject (subject_id=?',
      ],
      ['groups, no filter', groups, {}, 'audit_log_org_kind (org_id=? AND target_type=?'],
      ['groups, group', groups, { group: 'sg-developers' }, 'audit_log_target_time (target_type=? AND target_id=?'],
      ['groups, user', groups, { subject: 'u-anna-muster' }, 'audit_log_subject (subject_id=?'],
      [
        'groups, actor',
        groups,
        { actor: 'u-anna-muster' },
        'audit_log_org_kind_actor (org_id=? AND target_type=? AND actor_user_id=?',
      ],
    ] as const)('%s walks its index in order, the time range and cursor included', (_, scope, extra, index) => {
      for (const [bounds, seek] of [
        [{}, ')'],
        [range, ' AND at>? AND at<?)'],
        [{ cursor: range.cursor }, ' AND at<?)'],
      ] as const) {
        const { sql, params } = auditPageQuery(scope, filters({ ...extra, ...bounds }));
        const detail = plan(sql, params);
        expect(detail, sql).toContain(`SEARCH a USING INDEX ${index}${seek}`);
        expect(detail, sql).not.toContain('TEMP B-TREE');
      }
    });

    it('reads the feed and the undo look-ups from indexes', () => {
      expect(plan(AUDIT_FEED_SQL.page, [SAFE, 0, 10])).toContain(
        'SEARCH a USING INDEX audit_log_safe (safe_id=? AND id>?)',
      );
      expect(plan(AUDIT_FEED_SQL.firstFrom, [SAFE, '2026-01-01'])).toContain(
        'USING COVERING INDEX audit_log_safe_time (safe_id=? AND at>?)',
      );
      expect(plan(UNDO_SQL.lastMemberEntry, ['m-1', SAFE])).toContain(
        'USING INDEX audit_log_target_time (target_type=? AND target_id=?)',
      );
      expect(plan(GROUP_UNDO_SQL.lastMembershipEntry, ['u-1', 'sg-1'])).toContain(
        'USING INDEX audit_log_subject (subject_id=?)',
      );
      for (const sql of [AUDIT_FEED_SQL.page, UNDO_SQL.lastMemberEntry, GROUP_UNDO_SQL.lastMembershipEntry]) {
        expect(plan(sql, ['a', 'b', 1].slice(0, (sql.match(/\?/g) ?? []).length))).not.toContain('TEMP B-TREE');
      }
    });
  });
});
