/**
 * `checkMemberChanges` (the quick check of a member feed page, used by the
 * server and the client instead of `MemberChanges.safeParse`) gives the
 * schema's verdict and data for every page, well-formed or not, and keeps
 * a well-formed page's members as they are: one zod pass per page, not a
 * copy per member.
 */
import { describe, expect, it } from 'vitest';
import { routes } from '../../shared/api/routes.ts';
import { MemberChanges, checkMemberChanges } from '../../shared/api/sync.ts';

const member = (at: number) => ({
  id: `m-${at}`,
  name: at % 2 === 0 ? 'Zoë Müller' : '山田 太郎',
  email: `person${at}@check.example`,
  role: 'viewer',
  status: at % 3 === 0 ? 'invited' : 'activated',
  language: 'de',
  invitedAt: '2026-01-01T00:00:00.000Z',
  activatedAt: at % 3 === 0 ? null : '2026-01-02T00:00:00.000Z',
  invitationExpiresAt: at % 3 === 0 ? '2026-01-08T00:00:00.000Z' : null,
  version: 1 + at,
});

const page = (members: unknown[]) => ({
  cursor: 'm.0123456789abcdef.12',
  more: true,
  reset: false,
  upserts: members,
  removed: ['m-gone'],
  safe: { id: 'safe-a', name: 'Alpha', memberCount: 3, memberLimit: 10, myRole: 'administrator' },
});

/** One field of the second member changed (undefined: left out). */
const withField = (field: string, value: unknown) => {
  const second: Record<string, unknown> = { ...member(1), [field]: value };
  if (value === undefined) delete second[field];
  return page([member(0), second, member(2)]);
};

const PAGES: [string, unknown][] = [
  ['well-formed', page([member(0), member(1), member(2)])],
  ['empty', page([])],
  ['not an object', 'page'],
  ['null', null],
  ['members not an array', { ...page([]), upserts: {} }],
  ['a member null', page([member(0), null])],
  ['a member an array', page([member(0), [member(1)]])],
  ['a member a string', page(['m-1'])],
  ['another field', withField('phone', '+41 79 000 00 00')],
  ['a prototype field', page([member(0), JSON.parse(`{"__proto__": 1, ${JSON.stringify(member(1)).slice(1)}`)])],
  ['bad cursor', { ...page([member(0)]), cursor: '' }],
  ['bad safe', { ...page([member(0)]), safe: { id: 'safe-a' } }],
  ['bad removed', { ...page([member(0)]), removed: ['has space'] }],
];
for (const field of Object.keys(member(0))) PAGES.push([`${field} missing`, withField(field, undefined)]);
for (const [field, values] of Object.entries({
  id: ['', 'x'.repeat(64), 'x'.repeat(65), 'a b', 'ä', 7, null],
  name: ['', 7, null, ['a']],
  email: ['', 7, null],
  role: ['owner', 'Viewer', null, 7],
  status: ['removed', null],
  language: ['xx', 'EN', null],
  invitedAt: [7, null],
  activatedAt: [7, undefined, '', {}],
  invitationExpiresAt: [7, undefined, {}],
  version: [0, -1, 1.5, '1', null, Number.MAX_SAFE_INTEGER, 2 ** 53, Number.NaN, Infinity],
})) {
  for (const value of values) PAGES.push([`${field} = ${JSON.stringify(value)}`, withField(field, value)]);
}

describe('quick check of a member feed page', () => {
  it('is the check of the feed route, on the server and in the client', () => {
    expect(routes.listMemberChanges.checkResponse).toBe(checkMemberChanges);
  });

  it.each(PAGES)('gives the schema’s verdict and data: %s', (_, json) => {
    const quick = checkMemberChanges(json);
    const schema = MemberChanges.safeParse(json);
    expect(quick.success).toBe(schema.success);
    if (quick.success && schema.success) expect(quick.data).toEqual(schema.data);
    if (!quick.success && !schema.success) expect(quick.error.issues).toEqual(schema.error.issues);
  });

  it('keeps the members of a well-formed page as they are: one check per page, no copy per member', () => {
    const members = Array.from({ length: 2000 }, (_, at) => member(at));
    const checked = checkMemberChanges(page(members));
    expect(checked.success).toBe(true);
    const upserts = checked.data!.upserts;
    expect(upserts).toHaveLength(2000);
    expect(upserts.every((one, at) => one === members[at])).toBe(true);
    // The schema itself makes a copy of each (which is why the quick check exists).
    expect(MemberChanges.parse(page(members)).upserts[0]).not.toBe(members[0]);
  });
});
