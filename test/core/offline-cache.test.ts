import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Member, TeamSafe } from '../../shared/api/schemas.ts';
import { nodeCacheFs } from '../../electron/core/cache/cache-fs.ts';
import { CacheCorruptError, EncryptedFile } from '../../electron/core/cache/encrypted-file.ts';
import { MemberIndex } from '../../electron/core/cache/member-index.ts';
import { OfflineCache } from '../../electron/core/cache/offline-cache.ts';
import { createKeytarStore } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';

const member = (id: string, name: string, extra: Partial<Member> = {}): Member => ({
  id,
  name,
  email: `${id}@cache.example`,
  role: 'viewer',
  status: 'activated',
  language: 'de',
  invitedAt: '2026-01-01T00:00:00.000Z',
  activatedAt: '2026-01-02T00:00:00.000Z',
  invitationExpiresAt: null,
  version: 1,
  ...extra,
});
const safe: TeamSafe = { id: 'safe-1', name: 'Finance', memberCount: 3, memberLimit: 10, myRole: 'administrator' };

const fileAt = (path: string, key: Buffer, context = 'account\u0000safe safe-1') =>
  EncryptedFile.open({ fs: nodeCacheFs, path, key, context });

describe('encrypted cache file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps no personal data in clear text and reads back what it wrote', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'safe.tsc');
    const { file } = await fileAt(path, key);
    await file.append({ members: [member('m1', 'Zoë Müller')] });
    await file.append({ members: [member('m2', 'Ольга Иванова')] });
    const bytes = readFileSync(path);
    for (const text of ['Zoë Müller', 'Ольга Иванова', 'm1@cache.example', 'cache.example', 'Finance']) {
      expect(bytes.includes(Buffer.from(text, 'utf8')), text).toBe(false);
    }
    const reopened = await fileAt(path, key);
    expect(reopened.records).toHaveLength(2);
    expect(JSON.stringify(reopened.records)).toContain('Zoë Müller');
  });

  it('rejects a file with any single byte flipped, or read with another key', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'safe.tsc');
    const { file } = await fileAt(path, key);
    await file.append({ hello: 'world' });
    await file.append({ second: 'record' });
    const original = readFileSync(path);
    for (let position = 0; position < original.length; position += 1) {
      const damaged = Buffer.from(original);
      damaged[position] = damaged[position]! ^ 0x01;
      writeFileSync(path, damaged);
      await expect(fileAt(path, key), `byte ${position}`).rejects.toBeInstanceOf(CacheCorruptError);
    }
    writeFileSync(path, original);
    await expect(fileAt(path, randomBytes(32))).rejects.toBeInstanceOf(CacheCorruptError);
    await expect(fileAt(path, key)).resolves.toMatchObject({ records: [{ hello: 'world' }, {}] });
  });
});

describe('offline cache with the keychain-held key', () => {
  let dir: string;
  const secrets = createKeytarStore(TEST_KEYCHAIN_SERVICE);
  const account = `cache-test-${randomBytes(4).toString('hex')} @ http://127.0.0.1:1`;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = (discarded: string[] = []) =>
    new OfflineCache({
      dataDir: dir,
      secrets,
      account,
      log: createLogger(() => {}),
      onDiscarded: (what) => discarded.push(what),
    });

  it('stores a safe as a snapshot plus small deltas, and the key only in the keychain', async () => {
    const cache = open();
    await cache.apply(
      safe,
      { full: true, upserts: [member('a', 'Anna'), member('b', 'Beat')], removed: [], cursor: '2' },
      '2026-11-20T10:00:00.000Z',
    );
    const safeFile = join(
      cache.dir,
      readdirSync(cache.dir).find((name) => name !== 'safes.tsc')!,
    );
    const afterSnapshot = readFileSync(safeFile);
    await cache.apply(
      safe,
      { full: false, upserts: [member('c', 'Chloé')], removed: ['a'], cursor: '4' },
      '2026-11-21T10:00:00.000Z',
    );
    const files = readdirSync(cache.dir);
    const afterDelta = readFileSync(safeFile);
    // Appended, not rewritten: the old bytes are untouched at the start of the file.
    expect(afterDelta.length).toBeGreaterThan(afterSnapshot.length);
    expect(afterDelta.subarray(0, afterSnapshot.length).equals(afterSnapshot)).toBe(true);

    const key = await secrets.get(`cache-key ${account}`);
    expect(key).toBeTruthy();
    for (const file of files) expect(readFileSync(join(cache.dir, file)).includes(Buffer.from(key!))).toBe(false);

    const reopened = await open().replica(safe.id);
    expect(reopened?.cursor).toBe('4');
    expect(reopened?.syncedAt).toBe('2026-11-21T10:00:00.000Z');
    expect([...reopened!.index.values()].map((each) => each.name).sort()).toEqual(['Beat', 'Chloé']);

    await open().wipe();
    expect(await secrets.get(`cache-key ${account}`)).toBeNull();
    expect(() => readdirSync(cache.dir)).toThrow();
  });

  it('discards a tampered file, says so, and starts empty', async () => {
    const cache = open();
    await cache.apply(
      safe,
      { full: true, upserts: [member('a', 'Anna')], removed: [], cursor: '1' },
      '2026-11-20T10:00:00.000Z',
    );
    const path = join(
      cache.dir,
      readdirSync(cache.dir).find((name) => name !== 'safes.tsc')!,
    );
    const bytes = readFileSync(path);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff;
    writeFileSync(path, bytes);
    const discarded: string[] = [];
    expect(await open(discarded).replica(safe.id)).toBeNull();
    expect(discarded).toEqual([`safe ${safe.id}`]);
    await open().wipe();
  });

  it('treats files whose key left the keychain as unreadable and removes them', async () => {
    const cache = open();
    await cache.apply(
      safe,
      { full: true, upserts: [member('a', 'Anna')], removed: [], cursor: '1' },
      '2026-11-20T10:00:00.000Z',
    );
    await secrets.delete(`cache-key ${account}`);
    expect(await open().replica(safe.id)).toBeNull();
    await open().wipe();
  });
});

describe('member index', () => {
  const members = [
    member('1', 'Zoë Müller'),
    member('2', 'Örjan Berg', { status: 'invited', activatedAt: null }),
    member('3', 'Anna Muster'),
    member('4', 'Élodie Girard', { role: 'administrator' }),
    member('5', 'Olga Petrova'),
  ];
  const index = new MemberIndex(members, 10);
  const names = (language: string, extra: object = {}) =>
    index.query({ status: 'all', offset: 0, limit: 50, ...extra }, language).items.map((each) => each.name);

  it('sorts names as the UI language expects', () => {
    // German files Ö with O; Swedish puts it after Z.
    expect(names('de')).toEqual(['Anna Muster', 'Élodie Girard', 'Olga Petrova', 'Örjan Berg', 'Zoë Müller']);
    expect(names('sv')).toEqual(['Anna Muster', 'Élodie Girard', 'Olga Petrova', 'Zoë Müller', 'Örjan Berg']);
    expect(names('de', { dir: 'desc' })[0]).toBe('Zoë Müller');
    expect(names('en', { sort: 'role' })[0]).toBe('Élodie Girard');
  });

  it('searches names and e-mails ignoring case and accents, and filters by status', () => {
    expect(names('en', { q: 'elodie' })).toEqual(['Élodie Girard']);
    expect(names('en', { q: 'MULLER' })).toEqual(['Zoë Müller']);
    expect(names('en', { q: '3@cache' })).toEqual(['Anna Muster']);
    expect(names('en', { status: 'invited' })).toEqual(['Örjan Berg']);
    const page = index.query({ status: 'all', offset: 1, limit: 2 }, 'en');
    expect(page).toMatchObject({ total: 5, offset: 1, counts: { all: 5, invited: 1, activated: 4 }, memberLimit: 10 });
    expect(page.items).toHaveLength(2);
  });

  it('applies deltas and tombstones', () => {
    const copy = new MemberIndex(members, 10);
    copy.apply([member('6', 'Aaron Abt'), member('3', 'Anna Muster-Keller')], ['1']);
    const all = copy.query({ status: 'all', offset: 0, limit: 50 }, 'de').items.map((each) => each.name);
    expect(all[0]).toBe('Aaron Abt');
    expect(all).toContain('Anna Muster-Keller');
    expect(all).not.toContain('Zoë Müller');
    expect(copy.size).toBe(5);
  });
});
