/**
 * The offline copy at size: the chunked snapshot reads back exactly (and
 * answers its first rows before the rest is read), damage anywhere in it is
 * caught, and the index's work per change and per keystroke is shown not to
 * grow with the safe — by counting comparisons, rows looked at and event-loop
 * turns, never by the clock. Real cache files and the real keychain.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Member, TeamSafe } from '../../shared/api/schemas.ts';
import { MemberIndex, type MemberQuery } from '../../electron/core/cache/member-index.ts';
import { PLAIN_ORDER_LANGUAGES } from '../../electron/core/cache/member-order.ts';
import { OfflineCache, safeFileName } from '../../electron/core/cache/offline-cache.ts';
import { CHUNK_MEMBERS } from '../../electron/core/cache/safe-file.ts';
import { createKeytarStore } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import { TimeSlicer } from '../../electron/core/time-slice.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';

const FIRST = ['Anna', 'Élise', 'Zoë', 'Björn', 'Chiara', 'Ólafur', 'Ivana', 'Kenji', "D'Arcy", 'Jean-Luc', 'Mia'];
const LAST = ['Müller', 'Keller', 'Rossi', 'Nguyen', 'Yılmaz', 'Novák', 'Ó Briain', 'van der Berg', 'Dubois', 'Zhang'];

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function sequence(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function members(count: number, seed = 1): Member[] {
  const random = sequence(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  return Array.from({ length: count }, (_, at) => {
    const invited = random() < 0.1;
    return {
      id: `m-${String(at).padStart(6, '0')}`,
      name: `${pick(FIRST)} ${pick(LAST)}${random() < 0.3 ? ` ${at}` : ''}`,
      email: `person${at}@scale.example`,
      role: pick(['administrator', 'editor', 'viewer', 'restrictedViewer', 'archivist'] as const),
      status: invited ? 'invited' : 'activated',
      language: 'en',
      invitedAt: '2026-01-01T00:00:00.000Z',
      activatedAt: invited ? null : '2026-01-02T00:00:00.000Z',
      invitationExpiresAt: invited ? '2026-01-09T00:00:00.000Z' : null,
      version: 1,
    };
  });
}

const ids = (index: MemberIndex, query: Partial<MemberQuery>, language = 'en') =>
  index.query({ status: 'all', offset: 0, limit: 100_000, ...query }, language).items.map((member) => member.id);

const ORDERS: Partial<MemberQuery>[] = [
  {},
  { dir: 'desc' },
  { sort: 'email' },
  { sort: 'role', dir: 'desc' },
  { status: 'invited' },
  { q: 'mull' },
];

describe('member index at size', () => {
  it('keeps every ordering sorted under changes, as a fresh sort would, with log₂(n) comparisons per change', () => {
    const all = members(20_000);
    const index = new MemberIndex(all, 100_000);
    for (const query of ORDERS) ids(index, query, 'de'); // every ordering made once
    const random = sequence(7);
    const current = new Map(all.map((member) => [member.id, member]));
    for (let round = 0; round < 5; round += 1) {
      const changed = {
        ...all[Math.floor(random() * all.length)]!,
        name: `Aaron ${round}`,
        status: 'invited' as const,
      };
      const joined = { ...all[0]!, id: `new-${round}`, name: `Zürich ${round}`, email: `new${round}@scale.example` };
      const removed = all[Math.floor(random() * all.length)]!.id;
      const before = index.stats.comparisons;
      index.apply([changed, joined], [removed]);
      // 5 orderings × 3 changes × (log₂ 20 000 ≈ 15) comparisons, with room: far below one sort (≈ 280 000).
      expect(index.stats.comparisons - before).toBeLessThanOrEqual(5 * 3 * 2 * 16);
      current.set(changed.id, changed).set(joined.id, joined).delete(removed);
      const fresh = new MemberIndex(current.values(), 100_000);
      for (const query of ORDERS)
        expect(ids(index, query, 'de'), JSON.stringify(query)).toEqual(ids(fresh, query, 'de'));
      expect(index.counts()).toEqual(fresh.counts());
    }
  });

  it('narrows a search that extends the last one to its matches, with the same answer as a fresh search', () => {
    const all = members(20_000);
    const index = new MemberIndex(all, 100_000);
    const fresh = () => new MemberIndex(all, 100_000);
    let earlier = Number.POSITIVE_INFINITY;
    for (const text of ['m', 'mu', 'mul', 'mull', 'muller']) {
      const scanned = index.stats.scanned;
      const page = index.query({ status: 'all', offset: 0, limit: 50, q: text }, 'en');
      const looked = index.stats.scanned - scanned;
      // The first reads the whole safe; each next one looks only at the last one's matches.
      if (text === 'm') expect(looked).toBe(all.length);
      else expect(looked).toBeLessThanOrEqual(earlier);
      earlier = page.total;
      expect(page).toEqual(fresh().query({ status: 'all', offset: 0, limit: 50, q: text }, 'en'));
    }
    // Back with Backspace: answered from what was kept, nothing looked at again.
    const scanned = index.stats.scanned;
    index.query({ status: 'all', offset: 0, limit: 50, q: 'mu' }, 'en');
    expect(index.stats.scanned).toBe(scanned);
  });

  it('finds by name or e-mail across changes, never across the boundary between two members', () => {
    const index = new MemberIndex(members(3000), 100_000);
    index.query({ status: 'all', offset: 0, limit: 10, q: 'e' }, 'en');
    index.apply([{ ...members(1)[0]!, id: 'x', name: 'Xaver Quist', email: 'xq@scale.example' }], ['m-000002']);
    const found = (q: string) => ids(index, { q });
    expect(found('xaver quist')).toEqual(['x']);
    expect(found('xq@scale')).toEqual(['x']);
    expect(found('person2@')).not.toContain('m-000002');
    // The end of one key and the start of the next do not make a match.
    expect(found('.examplexaver')).toEqual([]);
  });

  it('keeps the search text right while one place in the order grows by thousands and empties again', () => {
    const base = members(3000);
    const index = new MemberIndex(base, 100_000);
    const search = (q: string) => ids(index, { q });
    search('aaron'); // the search text is made: from here on it is only edited
    const crowd = Array.from({ length: 2500 }, (_, at) => ({
      ...base[0]!,
      id: `crowd-${String(at).padStart(5, '0')}`,
      name: `Aaron Crowd ${at}`,
      email: `crowd${at}@scale.example`,
    }));
    const check = (present: Member[]) => {
      const fresh = new MemberIndex(present, 100_000);
      for (const q of ['aaron', 'crowd1', 'person29', 'm']) expect(search(q), q).toEqual(ids(fresh, { q }));
    };
    for (let at = 0; at < crowd.length; at += 1) index.apply([crowd[at]!], []);
    check([...base, ...crowd]);
    for (let at = 0; at < crowd.length; at += 2) index.apply([], [crowd[at]!.id]);
    check([...base, ...crowd.filter((_, at) => at % 2 === 1)]);
    for (let at = 1; at < crowd.length; at += 2) index.apply([], [crowd[at]!.id]);
    for (const member of base.slice(0, 1500)) index.apply([], [member.id]);
    check(base.slice(1500));
  });

  it('orders plain names without the collator only where that gives the collator’s order', () => {
    const random = sequence(3);
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ  éèÉüÜöÖäàçñåíîóôúýœøßı';
    const plain = Array.from({ length: 3000 }, (_, at) => {
      let name = '';
      for (let length = 1 + Math.floor(random() * 8); length > 0; length -= 1) {
        name += letters[Math.floor(random() * letters.length)];
      }
      return { ...members(1)[0]!, id: `p-${String(at).padStart(5, '0')}`, name: name.trim() || 'x' };
    });
    const sample = [...plain, ...members(500)];
    for (const language of [...PLAIN_ORDER_LANGUAGES, 'cs', 'da', 'sv']) {
      const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
      const expected = [...sample]
        .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1))
        .map((member) => member.id);
      expect(ids(new MemberIndex(sample, 10_000), {}, language), language).toEqual(expected);
    }
  });

  it('builds the same name order as a sort with the collator, plain and other names merged, in every language', async () => {
    const sample = [
      ...members(4000, 7),
      // Same names, ids that are prefixes of each other, and a name the collator ranks among plain ones.
      ...['Anna Muller', 'Anna Müller', 'anna muller', 'Ånna Muller', 'Anna-Muller', 'Яна', '李 明', 'Ørsted'].map(
        (name, at) => ({ ...members(1)[0]!, id: `x${'0'.repeat(at % 3)}${at}`, name }),
      ),
      // One name shared by thousands, arriving in descending id order.
      ...Array.from({ length: 2500 }, (_, at) => ({ ...members(1)[0]!, id: `s-${9999 - at}`, name: 'Mia Rossi' })),
    ];
    for (const language of [...PLAIN_ORDER_LANGUAGES, 'de-CH', 'cs', 'da', 'sv']) {
      const built = await MemberIndex.build(sample, 10_000, language, new TimeSlicer(0));
      expect(ids(built, {}, language), language).toEqual(ids(new MemberIndex(sample, 10_000), {}, language));
    }
  });

  it('builds from records that name a member more than once (changed while a first copy was read): the last counts', async () => {
    const first = members(3000, 5);
    const later = first.slice(0, 400).map((member, at) => ({
      ...member,
      name: `Later ${at}`,
      status: at % 2 === 0 ? ('invited' as const) : ('activated' as const),
      activatedAt: at % 2 === 0 ? null : member.activatedAt,
      version: 2,
    }));
    const built = await MemberIndex.build([...first, ...later], 10_000, 'en', new TimeSlicer(0));
    const expected = new MemberIndex([...later, ...first.slice(400)], 10_000);
    expect(built.size).toBe(3000);
    expect(built.counts()).toEqual(expected.counts());
    expect(ids(built, {})).toEqual(ids(expected, {}));
    expect(built.get(first[1]!.id)?.name).toBe('Later 1');
  });

  it('builds a large index in slices: the event loop gets turns while it sorts', async () => {
    // Slices of no length: a turn at every point where the build offers one, so the count does not depend on speed.
    let turns = 0;
    let running = true;
    const spin = () => {
      turns += 1;
      if (running) setImmediate(spin);
    };
    setImmediate(spin);
    const index = await MemberIndex.build(members(60_000), 100_000, 'en', new TimeSlicer(0));
    running = false;
    expect(index.size).toBe(60_000);
    // At least one turn per 512 members sorted and per 1024 merged in each of the merge passes.
    expect(turns).toBeGreaterThan(60_000 / 512);
    expect(ids(index, {}).slice(0, 50)).toEqual(ids(new MemberIndex(members(60_000), 100_000), {}).slice(0, 50));
  });
});

describe('chunked offline copy', () => {
  let dir: string;
  const secrets = createKeytarStore(TEST_KEYCHAIN_SERVICE);
  const account = `scaling-${randomBytes(4).toString('hex')} @ http://127.0.0.1:1`;
  const safe: TeamSafe = { id: 'safe-big', name: 'Big', memberCount: 0, memberLimit: 100_000, myRole: 'administrator' };
  const T1 = '2026-11-20T10:00:00.000Z';
  const COUNT = CHUNK_MEMBERS * 3 + 17;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-scaling-'));
  });
  afterEach(async () => {
    await open().wipe();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (discarded: string[] = []) =>
    new OfflineCache({
      dataDir: dir,
      secrets,
      account,
      log: createLogger(() => {}),
      onDiscarded: (what) => discarded.push(what),
      language: () => 'de',
    });

  /** A copy of COUNT members, then deltas: a new first member, a removal, a status change. */
  async function bigCopy(): Promise<{ cache: OfflineCache; expected: MemberIndex; path: string }> {
    const cache = open();
    const all = members(COUNT);
    await cache.saveSafeList([safe], T1);
    await cache.apply(safe, { full: true, upserts: all, removed: [], cursor: '1' }, T1);
    const first = { ...all[5]!, id: 'new-first', name: 'Aaron Aal' };
    const invited = { ...all[9]!, status: 'invited' as const, activatedAt: null };
    await cache.apply(safe, { full: false, upserts: [first, invited], removed: [all[1]!.id], cursor: '2' }, T1);
    const expected = new MemberIndex(all, safe.memberLimit);
    expected.apply([first, invited], [all[1]!.id]);
    return { cache, expected, path: join(cache.dir, safeFileName(safe.id)) };
  }

  it('reads back what it wrote, answering the first rows and the right counts before the rest is read', async () => {
    const { expected } = await bigCopy();
    const reopened = open();
    const opening = (await reopened.opening(safe.id))!;
    const first: MemberQuery = { status: 'all', offset: 0, limit: 60 };
    expect(opening.index.loaded).toBe(false);
    const early = opening.index.partial(first, 'de');
    expect(early).toEqual(expected.query(first, 'de'));
    expect(early?.counts).toEqual({
      all: COUNT,
      invited: expected.counts().invited,
      activated: expected.counts().activated,
    });
    expect(early?.items[0]?.id).toBe('new-first');
    // Not answerable from the first rows: waits for the whole copy.
    expect(opening.index.partial({ ...first, q: 'zoë' }, 'de')).toBeNull();
    expect(opening.index.partial({ ...first, offset: COUNT - 10 }, 'de')).toBeNull();
    expect(await opening.complete).toBe(true);
    const replica = (await reopened.replica(safe.id))!;
    expect(replica.cursor).toBe('2');
    for (const query of ORDERS) expect(ids(replica.index, query, 'de')).toEqual(ids(expected, query, 'de'));
    expect([...replica.index.values()].sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(
      [...expected.values()].sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
  });

  /** The file's records: [offset, length] of each frame after the 26-byte header. */
  function frames(bytes: Buffer): [number, number][] {
    const found: [number, number][] = [];
    for (let offset = 26; offset < bytes.length; offset += 4 + bytes.readUInt32BE(offset)) {
      found.push([offset, 4 + bytes.readUInt32BE(offset)]);
    }
    return found;
  }

  it('discards the copy when a later chunk is damaged, even after its first rows were shown', async () => {
    const { path } = await bigCopy();
    const bytes = readFileSync(path);
    const [offset, length] = frames(bytes)[3]!; // the third chunk of members
    bytes[offset + length - 20] = bytes[offset + length - 20]! ^ 0x01;
    writeFileSync(path, bytes);
    const discarded: string[] = [];
    const reopened = open(discarded);
    const opening = (await reopened.opening(safe.id))!;
    expect(opening.index.partial({ status: 'all', offset: 0, limit: 20 }, 'de')?.items).toHaveLength(20);
    expect(await opening.complete).toBe(false);
    expect(discarded).toEqual([`safe ${safe.id}`]);
    expect(await reopened.replica(safe.id)).toBeNull();
    expect((await reopened.safeList())?.synced[safe.id]).toBeUndefined();
  });

  it('detects chunks swapped, and a snapshot cut short behind a matching seal', async () => {
    const { path } = await bigCopy();
    const original = readFileSync(path);
    const [a, b] = [frames(original)[1]!, frames(original)[2]!];
    const swapped = Buffer.concat([
      original.subarray(0, a[0]),
      original.subarray(b[0], b[0] + b[1]),
      original.subarray(a[0], a[0] + a[1]),
      original.subarray(b[0] + b[1]),
    ]);
    writeFileSync(path, swapped);
    const discarded: string[] = [];
    expect(await open(discarded).replica(safe.id)).toBeNull();
    expect(discarded).toEqual([`safe ${safe.id}`]);

    // Cut off: the safe list's seal (its record count) gives it away before anything is decrypted.
    const { path: again } = await bigCopy();
    const whole = readFileSync(again);
    const last = frames(whole).at(-1)!;
    writeFileSync(again, whole.subarray(0, last[0]));
    const cut: string[] = [];
    const reopened = open(cut);
    expect(await reopened.opening(safe.id)).toBeNull();
    expect(cut).toEqual([`safe ${safe.id}`]);
  });
});
