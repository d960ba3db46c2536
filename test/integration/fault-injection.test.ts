/**
 * Things broken on purpose, against the real server, the real keychain and
 * the real cache files: the network drops in the middle of a sync, the disk
 * fills up, the keychain is locked. Nothing may be lost or half-written,
 * and the admin is told in words they can act on.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineCache, safeFileName } from '../../electron/core/cache/offline-cache.ts';
import { createKeytarStore, keychainAccount, type SecretStore } from '../../electron/core/keychain.ts';
import { createLogger } from '../../electron/core/log.ts';
import { de } from '../../shared/i18n/de.ts';
import { en } from '../../shared/i18n/en.ts';
import { fr } from '../../shared/i18n/fr.ts';
import { it as italian } from '../../shared/i18n/it.ts';
import { TestApi } from '../helpers/api.ts';
import { TEST_KEYCHAIN_SERVICE, attempt, invoke, testCores } from '../helpers/core.ts';
import { FillableDisk } from '../helpers/disk.ts';
import { startFaultProxy } from '../helpers/proxy.ts';
import { startSeededServer, type SeededServer } from '../helpers/server.ts';

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** A keychain that can be locked: its calls then reject with the OS's own words, as keytar's do. */
class LockableKeychain implements SecretStore {
  locked = false;
  readonly #inner = createKeytarStore(TEST_KEYCHAIN_SERVICE);
  #check(): void {
    if (this.locked) {
      throw new Error(
        'Cannot create an item in a locked collection (org.freedesktop.Secret.Error.IsLocked) for anna.muster@demo.example',
      );
    }
  }
  async get(account: string) {
    this.#check();
    return this.#inner.get(account);
  }
  async set(account: string, secret: string) {
    this.#check();
    return this.#inner.set(account, secret);
  }
  async delete(account: string) {
    this.#check();
    return this.#inner.delete(account);
  }
}

describe('fault injection: nothing lost', () => {
  let server: SeededServer;
  let root: string;
  const cores = testCores();
  const quiet = createLogger(() => {});
  let dirs = 0;
  const dataDir = () => join(root, `app-${(dirs += 1)}`);

  beforeAll(async () => {
    server = await startSeededServer({ largeSafeMembers: 12000 });
    root = mkdtempSync(join(tmpdir(), 'tsa-faults-'));
  });
  afterAll(async () => {
    await cores.disposeAll();
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a connection lost in the middle of a sync leaves the copy as it was; the next sync completes it', async () => {
    const proxy = await startFaultProxy(server.url);
    const dir = dataDir();
    const core = await cores.open({ dataDir: dir, defaultServerUrl: proxy.url, log: quiet });
    const { admin } = server.accounts;
    try {
      await invoke(core, 'session:signIn', { serverUrl: proxy.url, email: admin.email, password: admin.password });
      const large = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.memberCount >= 12000)!;
      const feed = `/team-safes/${large.id}/changes`;

      // The first copy of a 12 000-member safe takes three pages (of 5 000); the second is cut off halfway.
      let pages = 0;
      proxy.fault = (line) => (line.includes(feed) && ++pages === 2 ? { kind: 'cut' } : null);
      const cut = await invoke(core, 'sync:now', {});
      expect(pages).toBe(2);
      expect(cut.mode).toBe('offline');
      expect(cut.safes.map((safe) => safe.safeId)).not.toContain(large.id);
      expect(filesUnder(join(dir, 'cache')).some((file) => file.endsWith(safeFileName(large.id)))).toBe(false);

      proxy.fault = null;
      const done = await invoke(core, 'sync:now', {});
      expect(done.mode).toBe('online');
      expect(done.safes.map((safe) => safe.safeId)).toContain(large.id);
      const all = await invoke(core, 'members:list', { safeId: large.id, status: 'all', offset: 0, limit: 1 });
      expect(all.total).toBe(large.memberCount); // every member once: nothing missing, nothing twice

      // Three members change; the incremental sync's answer is cut off: not a byte of the copy moves.
      const api = await TestApi.signIn(server.url, admin.email, admin.password);
      const targets = (
        await api.call('listMembers', { params: { safeId: large.id }, query: { status: 'activated', limit: 3 } })
      ).items;
      for (const target of targets) {
        await api.call('changeMemberRole', {
          params: { safeId: large.id, memberId: target.id },
          headers: { 'if-match': `"${target.version}"` },
          body: { role: target.role === 'viewer' ? 'editor' : 'viewer' },
        });
      }
      const file = filesUnder(join(dir, 'cache')).find((path) => path.endsWith(safeFileName(large.id)))!;
      const before = readFileSync(file);
      const savedAt = done.safes.find((safe) => safe.safeId === large.id)!.syncedAt;
      proxy.fault = (line) => (line.includes(feed) ? { kind: 'cut' } : null);
      const again = await invoke(core, 'sync:now', {});
      expect(readFileSync(file).equals(before)).toBe(true);
      expect(again.safes.find((safe) => safe.safeId === large.id)?.syncedAt).toBe(savedAt);

      proxy.fault = null;
      expect(await core.sync.syncSafe(large.id)).toMatchObject({ changed: 3, joined: 0, removed: 0 });
      for (const target of targets) {
        const local = await invoke(core, 'members:list', {
          safeId: large.id,
          status: 'all',
          offset: 0,
          limit: 1,
          q: target.email,
        });
        expect(local.items.map((member) => member.role)).toEqual([target.role === 'viewer' ? 'editor' : 'viewer']);
      }
      await invoke(core, 'session:signOut', {});
    } finally {
      await proxy.close();
    }
  });

  it('a first copy read while members change: a member changed after its page counts once, as it is now; one removed is gone', async () => {
    const proxy = await startFaultProxy(server.url);
    const core = await cores.open({ dataDir: dataDir(), defaultServerUrl: proxy.url, log: quiet });
    const { admin } = server.accounts;
    try {
      await invoke(core, 'session:signIn', { serverUrl: proxy.url, email: admin.email, password: admin.password });
      const large = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.memberCount >= 12000)!;
      const feed = `/team-safes/${large.id}/changes`;
      const api = await TestApi.signIn(server.url, admin.email, admin.password);
      // Two members of the first page (not administrators: the last one cannot be removed).
      const [changed, removed] = (
        await api.call('listMemberChanges', { params: { safeId: large.id }, query: { limit: 50 } })
      ).upserts.filter((member) => member.role !== 'administrator');
      let pages = 0;
      proxy.fault = (line) =>
        line.includes(feed) && ++pages === 2
          ? {
              kind: 'after',
              run: async () => {
                await api.call('changeMemberRole', {
                  params: { safeId: large.id, memberId: changed!.id },
                  headers: { 'if-match': `"${changed!.version}"` },
                  body: { role: changed!.role === 'viewer' ? 'editor' : 'viewer' },
                });
                await api.call('removeMember', {
                  params: { safeId: large.id, memberId: removed!.id },
                  headers: { 'if-match': `"${removed!.version}"` },
                });
              },
            }
          : null;
      await invoke(core, 'sync:now', {});
      expect(pages).toBeGreaterThanOrEqual(3);
      const server_ = await api.call('listMembers', {
        params: { safeId: large.id },
        query: { status: 'all', limit: 1 },
      });
      const local = await invoke(core, 'members:list', { safeId: large.id, status: 'all', offset: 0, limit: 1 });
      expect(local.total).toBe(server_.total);
      expect(local.counts).toEqual(server_.counts);
      const find = (q: string) =>
        invoke(core, 'members:list', { safeId: large.id, status: 'all', offset: 0, limit: 5, q });
      expect((await find(changed!.email)).items.map((member) => member.role)).toEqual([
        changed!.role === 'viewer' ? 'editor' : 'viewer',
      ]);
      expect((await find(removed!.email)).items).toEqual([]);
      await invoke(core, 'session:signOut', {});
    } finally {
      await proxy.close();
    }
  });

  it('keeps working from memory when the disk is full, says so, and writes the copy once it can', async () => {
    const disk = new FillableDisk();
    const dir = dataDir();
    const core = await cores.open({ dataDir: dir, defaultServerUrl: server.url, log: quiet, cacheFs: disk });
    const { admin } = server.accounts;
    await invoke(core, 'session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
    const legal = (await invoke(core, 'safes:list', {})).items.find((safe) => safe.name.startsWith('Legal'))!;
    expect((await invoke(core, 'sync:now', {})).notice).toBeNull();
    const file = filesUnder(join(dir, 'cache')).find((path) => path.endsWith(safeFileName(legal.id)))!;
    const before = readFileSync(file);

    disk.full = true;
    const api = await TestApi.signIn(server.url, admin.email, admin.password);
    const email = 'disk.full@faults.example';
    await api.call('inviteMember', {
      params: { safeId: legal.id },
      headers: { 'idempotency-key': 'faults-disk-full-1' },
      body: { name: 'Disk Full', email, role: 'viewer', language: 'en', codeDelivery: 'display' },
    });
    const full = await invoke(core, 'sync:now', {});
    expect(disk.refused).toBeGreaterThan(0);
    expect(full).toMatchObject({ mode: 'online', notice: 'cache_write_failed' });
    expect(en.offline.writeFailed).toBeTruthy();
    const fromMemory = await invoke(core, 'members:list', {
      safeId: legal.id,
      status: 'all',
      offset: 0,
      limit: 5,
      q: email,
    });
    expect(fromMemory.items.map((member) => member.email)).toEqual([email]);
    expect(readFileSync(file).equals(before)).toBe(true); // the half-written delta was cut back off
    // Acknowledging does not hide it while the disk still refuses.
    expect((await invoke(core, 'sync:acknowledge', {})).notice).toBe('cache_write_failed');

    disk.full = false;
    expect((await invoke(core, 'sync:now', {})).notice).toBeNull();
    const onDisk = new OfflineCache({
      dataDir: dir,
      secrets: createKeytarStore(TEST_KEYCHAIN_SERVICE),
      account: keychainAccount(server.url, admin.email),
      log: quiet,
    });
    const replica = await onDisk.replica(legal.id);
    expect([...replica!.index.values()].filter((member) => member.email === email)).toHaveLength(1);
    await invoke(core, 'session:signOut', {});
  });

  it('a locked keychain at sign-in: a translated reason, no OS text across IPC, nothing written in plain text', async () => {
    const keychain = new LockableKeychain();
    keychain.locked = true;
    const dir = dataDir();
    const lines: string[] = [];
    const core = await cores.open({
      dataDir: dir,
      defaultServerUrl: server.url,
      secrets: keychain,
      log: createLogger((line) => lines.push(line)),
    });
    const { admin } = server.accounts;
    const result = await attempt(core, 'session:signIn', {
      serverUrl: server.url,
      email: admin.email,
      password: admin.password,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'keychain_unavailable' } });
    const crossing = JSON.stringify(result);
    expect(crossing).not.toContain('locked collection');
    expect(crossing).not.toContain('org.freedesktop');
    // The detail is in the log, the account masked.
    const keychainLines = lines.filter((line) => line.includes('keychain'));
    expect(keychainLines.join('\n')).toContain('locked collection');
    expect(keychainLines.join('\n')).not.toContain(admin.email);
    expect((await invoke(core, 'session:get', {})).status).toBe('signedOut');
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toContain(admin.password);
      expect(text, file).not.toMatch(/token/i);
    }
    // Every language says it, in its own words.
    const texts = [en, de, fr, italian].map((catalogue) => catalogue.errors.keychain_unavailable);
    expect(new Set(texts).size).toBe(4);
  });

  it('a keychain locked at start: signed out with the reason, nothing in plain text, restored once unlocked', async () => {
    const keychain = new LockableKeychain();
    const dir = dataDir();
    const { admin } = server.accounts;
    const first = await cores.open({ dataDir: dir, defaultServerUrl: server.url, secrets: keychain, log: quiet });
    await invoke(first, 'session:signIn', { serverUrl: server.url, email: admin.email, password: admin.password });
    await invoke(first, 'sync:now', {});
    await first.dispose();

    keychain.locked = true;
    const locked = await cores.open({ dataDir: dir, defaultServerUrl: server.url, secrets: keychain, log: quiet });
    expect(await invoke(locked, 'session:get', {})).toMatchObject({
      status: 'signedOut',
      email: admin.email,
      problem: 'keychain_unavailable',
    });
    expect(await attempt(locked, 'safes:list', {})).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file, 'latin1');
      expect(text, file).not.toContain(admin.password);
      expect(text, file).not.toContain('Legal & Compliance');
      expect(text, file).not.toMatch(/refresh/i);
    }

    keychain.locked = false;
    const unlocked = await cores.open({ dataDir: dir, defaultServerUrl: server.url, secrets: keychain, log: quiet });
    expect(await invoke(unlocked, 'session:get', {})).toMatchObject({ status: 'signedIn' });
    await invoke(unlocked, 'session:signOut', {});
  });
});
