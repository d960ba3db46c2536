/**
 * The offline copy cannot be rolled back, swapped or misread, and a disk that
 * refuses writes loses nothing: the real cache files, the real keychain, a
 * disk adapter that fails on demand.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Member, TeamSafe } from '../../shared/api/schemas.ts';
import { nodeCacheFs, type CacheFileSystem } from '../../electron/core/cache/cache-fs.ts';
import { FillableDisk } from '../helpers/disk.ts';
import {
  CacheCorruptError,
  CacheFormatError,
  EncryptedFile,
  JsonFields,
} from '../../electron/core/cache/encrypted-file.ts';
import { SNAPSHOT_LAYOUT, snapshotHead } from '../../electron/core/cache/safe-file.ts';
import { OfflineCache, safeFileName } from '../../electron/core/cache/offline-cache.ts';
import { createKeytarStore } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import { TEST_KEYCHAIN_SERVICE } from '../helpers/core.ts';

const member = (id: string, name: string): Member => ({
  id,
  name,
  email: `${id}@integrity.example`,
  role: 'viewer',
  status: 'activated',
  language: 'en',
  invitedAt: '2026-01-01T00:00:00.000Z',
  activatedAt: '2026-01-02T00:00:00.000Z',
  invitationExpiresAt: null,
  version: 1,
});
const safeA: TeamSafe = { id: 'safe-a', name: 'Alpha', memberCount: 2, memberLimit: 10, myRole: 'administrator' };
const safeB: TeamSafe = { id: 'safe-b', name: 'Beta', memberCount: 1, memberLimit: 10, myRole: 'administrator' };
const T1 = '2026-11-20T10:00:00.000Z';
const T2 = '2026-11-21T10:00:00.000Z';

describe('offline copy integrity', () => {
  let dir: string;
  const secrets = createKeytarStore(TEST_KEYCHAIN_SERVICE);
  const account = `integrity-${randomBytes(4).toString('hex')} @ http://127.0.0.1:1`;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsa-integrity-'));
  });
  afterEach(async () => {
    await open().wipe();
    rmSync(dir, { recursive: true, force: true });
  });

  const open = (discarded: string[] = [], fs?: CacheFileSystem) =>
    new OfflineCache({
      dataDir: dir,
      secrets,
      account,
      log: createLogger(() => {}),
      onDiscarded: (what) => discarded.push(what),
      ...(fs ? { fs } : {}),
    });
  const fileOf = (cache: OfflineCache, safeId: string) => join(cache.dir, safeFileName(safeId));

  async function twoSafes(cache: OfflineCache) {
    await cache.saveSafeList([safeA, safeB], T1);
    await cache.apply(
      safeA,
      { full: true, upserts: [member('a1', 'Anna'), member('a2', 'Arno')], removed: [], cursor: '2' },
      T1,
    );
    await cache.apply(safeB, { full: true, upserts: [member('b1', 'Berta')], removed: [], cursor: '1' }, T1);
  }

  it('makes one key and one list when first used from several places at once', async () => {
    const cache = open();
    // The background sync and the window's first reads start together on a fresh profile.
    await Promise.all([
      cache.saveSafeList([safeA, safeB], T1),
      cache.apply(safeA, { full: true, upserts: [member('a1', 'Anna')], removed: [], cursor: '1' }, T1),
      cache.apply(safeB, { full: true, upserts: [member('b1', 'Berta')], removed: [], cursor: '1' }, T1),
      cache.groups(),
    ]);
    const discarded: string[] = [];
    const reopened = open(discarded);
    expect((await reopened.replica(safeA.id))?.cursor).toBe('1');
    expect((await reopened.replica(safeB.id))?.cursor).toBe('1');
    expect(discarded).toEqual([]);
  });

  it('detects a cut-off last delta: the removed member does not come back, the cursor does not roll back', async () => {
    const cache = open();
    await twoSafes(cache);
    const path = fileOf(cache, safeA.id);
    const beforeDelta = readFileSync(path);
    await cache.apply(safeA, { full: false, upserts: [], removed: ['a2'], cursor: '3' }, T2);
    expect(readFileSync(path).length).toBeGreaterThan(beforeDelta.length);

    writeFileSync(path, beforeDelta); // the last delta cut off: a valid file, one record short
    const discarded: string[] = [];
    const reopened = open(discarded);
    expect(await reopened.replica(safeA.id)).toBeNull();
    expect(discarded).toEqual([`safe ${safeA.id}`]);
    expect(existsSync(path)).toBe(false);
    expect((await reopened.safeList())?.synced[safeA.id]).toBeUndefined();
    // The other safe is untouched.
    expect((await reopened.replica(safeB.id))?.cursor).toBe('1');
  });

  it("detects safe A's file copied over safe B's", async () => {
    const cache = open();
    await twoSafes(cache);
    copyFileSync(fileOf(cache, safeA.id), fileOf(cache, safeB.id));
    const discarded: string[] = [];
    const reopened = open(discarded);
    expect(await reopened.replica(safeB.id)).toBeNull();
    expect(discarded).toEqual([`safe ${safeB.id}`]);
    expect([...(await reopened.replica(safeA.id))!.index.values()].map((each) => each.name).sort()).toEqual([
      'Anna',
      'Arno',
    ]);
  });

  it('binds every record to what the file is for: the same key under another context fails', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'bound.tsc');
    const { file } = await EncryptedFile.open({ fs: nodeCacheFs, path, key, context: 'anna @ https://a\u0000safe s1' });
    await file.append({ members: ['Anna'] });
    for (const context of [
      'anna @ https://a\u0000safe s2',
      'anna @ https://b\u0000safe s1',
      'bob @ https://a\u0000safe s1',
    ]) {
      await expect(EncryptedFile.open({ fs: nodeCacheFs, path, key, context }), context).rejects.toBeInstanceOf(
        CacheCorruptError,
      );
    }
  });

  it('writes a record given field by field as the same JSON as the whole object', async () => {
    const key = randomBytes(32);
    const path = join(dir, 'fields.tsc');
    const context = 'anna @ https://a\u0000safe s1';
    const record = {
      kind: 'members',
      id: ['m1', 'm2'],
      name: ['Élodie', '王芳'],
      skipped: undefined,
      activatedAt: [null, '2026-01-02T00:00:00.000Z'],
      version: [1, 2],
    };
    const { file } = await EncryptedFile.open({ fs: nodeCacheFs, path, key, context });
    await file.rewrite([new JsonFields(record), new JsonFields({}), record]);
    const { records } = await EncryptedFile.open({ fs: nodeCacheFs, path, key, context });
    const plain = JSON.parse(JSON.stringify(record)) as unknown;
    expect(records).toEqual([plain, {}, plain]);
    expect([...new JsonFields(record).texts()].join('')).toBe(JSON.stringify(record));
  });

  it('rebuilds a file written in another format version instead of misreading it', async () => {
    const cache = open();
    await twoSafes(cache);
    const path = fileOf(cache, safeA.id);
    const bytes = readFileSync(path);
    expect(bytes.readUInt16BE(8)).toBe(2); // after the 8-byte magic
    bytes.writeUInt16BE(1, 8);
    writeFileSync(path, bytes);
    const discarded: string[] = [];
    const reopened = open(discarded);
    expect(await reopened.replica(safeA.id)).toBeNull();
    expect(discarded).toEqual([]); // an old format is not damage: rebuilt without alarming anyone
    expect(existsSync(path)).toBe(false);
    await reopened.apply(safeA, { full: true, upserts: [member('a1', 'Anna')], removed: [], cursor: '5' }, T2);
    expect((await open().replica(safeA.id))?.cursor).toBe('5');
  });

  it('writes its snapshot layout, and takes a snapshot of an earlier release (no invitation expiry) for a format to rebuild', async () => {
    const cache = open();
    const invited: Member = {
      ...member('a9', 'Ida'),
      status: 'invited',
      activatedAt: null,
      invitationExpiresAt: '2026-11-27T10:00:00.000Z',
    };
    await cache.saveSafeList([safeA], T1);
    await cache.apply(safeA, { full: true, upserts: [member('a1', 'Anna'), invited], removed: [], cursor: '1' }, T1);
    // The file as written, opened with the account's key from the keychain.
    const key = Buffer.from((await secrets.get(`cache-key ${account}`))!, 'base64');
    const context = `${account}\u0000safe ${safeA.id}`;
    const { records } = await EncryptedFile.open({ fs: nodeCacheFs, path: fileOf(cache, safeA.id), key, context });
    const head = snapshotHead(records[0]);
    expect(head.layout).toBe(SNAPSHOT_LAYOUT);
    expect(records[1]).toMatchObject({ kind: 'members', invitationExpiresAt: [null, invited.invitationExpiresAt] });
    expect((await open().replica(safeA.id))?.index.get('a9')).toEqual(invited);
    // The release before wrote no layout (and no expiry column): not misread, made anew from the server.
    const { layout: _layout, ...earlier } = head;
    expect(() => snapshotHead(earlier)).toThrow(CacheFormatError);
    expect(() => snapshotHead({ ...head, layout: SNAPSHOT_LAYOUT + 1 })).toThrow(CacheFormatError);
  });

  it('deletes the copies of safes no longer in the list, at once and at the next start', async () => {
    const cache = open();
    await twoSafes(cache);
    const pathB = fileOf(cache, safeB.id);
    await cache.saveSafeList([safeA], T2);
    expect(existsSync(pathB)).toBe(false);
    expect(Object.keys((await cache.safeList())!.synced)).toEqual([safeA.id]);

    // A copy the list does not name (e.g. left behind by a crash) goes at the next start.
    writeFileSync(pathB, readFileSync(fileOf(cache, safeA.id)));
    writeFileSync(join(cache.dir, 'leftover.tsc.1a2b3c4d.tmp'), 'half written');
    await open().prune();
    expect(readdirSync(cache.dir).sort()).toEqual(['safes.tsc', safeFileName(safeA.id)].sort());
  });

  it('a wipe (sign-out) waits for a write under way, so no copy and no key outlive it', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = false;
    let dirRemovedWhileWriting = false;
    const slowDisk: CacheFileSystem = {
      ...nodeCacheFs,
      async replace(path, bytes) {
        if (path.endsWith(safeFileName(safeA.id))) {
          holding = true;
          await held;
          holding = false;
        }
        await nodeCacheFs.replace(path, bytes);
      },
      async removeDir(path) {
        if (holding) dirRemovedWhileWriting = true;
        await nodeCacheFs.removeDir(path);
      },
    };
    const cache = open([], slowDisk);
    await cache.saveSafeList([safeA], T1);
    const applying = cache.apply(safeA, { full: true, upserts: [member('a1', 'Anna')], removed: [], cursor: '1' }, T1);
    await vi.waitFor(() => expect(holding).toBe(true));
    const wiping = cache.wipe();
    release();
    await Promise.all([applying, wiping]);
    expect(dirRemovedWhileWriting).toBe(false);
    expect(existsSync(cache.dir)).toBe(false);
    expect(await secrets.get(`cache-key ${account}`)).toBeNull();
    // A sync still running afterwards writes nothing and makes no new key.
    await cache
      .apply(safeB, { full: true, upserts: [member('b1', 'Berta')], removed: [], cursor: '1' }, T1)
      .catch(() => null);
    expect(existsSync(cache.dir)).toBe(false);
    expect(await secrets.get(`cache-key ${account}`)).toBeNull();
  });

  it('keeps working from memory when the disk is full, leaves the file as it was, and writes it whole later', async () => {
    const disk = new FillableDisk();
    const cache = open([], disk);
    await twoSafes(cache);
    const path = fileOf(cache, safeA.id);
    const before = readFileSync(path);

    disk.full = true;
    const replica = await cache.apply(
      safeA,
      { full: false, upserts: [member('a3', 'Aurelio')], removed: ['a1'], cursor: '4' },
      T2,
    );
    expect([...replica.index.values()].map((each) => each.name).sort()).toEqual(['Arno', 'Aurelio']);
    expect(cache.unsaved).toBe(true);
    expect(readFileSync(path).equals(before)).toBe(true); // the half-written delta was cut back off
    // What is on disk still opens: nothing half-written, nothing discarded.
    const discarded: string[] = [];
    expect((await open(discarded).replica(safeA.id))?.cursor).toBe('2');
    expect(discarded).toEqual([]);

    disk.full = false;
    await cache.apply(safeA, { full: false, upserts: [], removed: [], cursor: '5' }, T2);
    expect(cache.unsaved).toBe(false);
    const rebuilt = await open().replica(safeA.id);
    expect(rebuilt?.cursor).toBe('5');
    expect([...rebuilt!.index.values()].map((each) => each.name).sort()).toEqual(['Arno', 'Aurelio']);
  });
});
