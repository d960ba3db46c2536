/**
 * The encrypted offline copy of every team safe the admin administers.
 * One append-only encrypted file per safe (a snapshot, then deltas, compacted
 * now and then) plus one for the safe list, under a folder per account. The
 * AES-256-GCM key is random and lives only in the OS keychain. A file that
 * fails authentication (tampered, or the key is gone) is discarded and
 * reported; the caller rebuilds it from the server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import type { SecretStore } from '../keychain.ts';
import type { Logger } from '../log.ts';
import { CacheCorruptError, EncryptedFile, KEY_BYTES } from './encrypted-file.ts';
import { MemberIndex } from './member-index.ts';
import { GroupsReplica, type GroupsSnapshot } from './groups-replica.ts';

type SafeRecord =
  | { kind: 'snapshot'; safe: TeamSafe; members: Member[]; cursor: string; syncedAt: string }
  | { kind: 'delta'; safe: TeamSafe; upserts: Member[]; removed: string[]; cursor: string; syncedAt: string };

interface SafeListRecord {
  kind: 'safes';
  safes: TeamSafe[];
  syncedAt: string;
  /**
   * Each safe with a local copy, as last synced and when: enough to list the
   * safes and their ages offline without decrypting any member list.
   */
  synced: Record<string, { safe: TeamSafe; syncedAt: string }>;
}

export interface SafeReplica {
  safe: TeamSafe;
  index: MemberIndex;
  cursor: string;
  syncedAt: string;
}

interface OpenReplica extends SafeReplica {
  file: EncryptedFile;
  deltas: number;
}

/** Compact a safe's file after this many deltas. */
const COMPACT_AFTER_DELTAS = 64;

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);

export interface OfflineCacheOptions {
  /** The app's data folder; the cache lives in `<dataDir>/cache/<account digest>/`. */
  dataDir: string;
  secrets: SecretStore;
  /** The keychain account the session uses (user + server); the key is stored beside it. */
  account: string;
  log: Logger;
  /** Told when a damaged cache file was thrown away. */
  onDiscarded?: (what: string) => void;
}

export class OfflineCache {
  readonly dir: string;
  readonly #options: OfflineCacheOptions;
  readonly #keyAccount: string;
  #key: Buffer | null = null;
  #safeList: { file: EncryptedFile; record: SafeListRecord | null } | null = null;
  readonly #replicas = new Map<string, Promise<OpenReplica | null>>();
  readonly #files = new Map<string, EncryptedFile>();
  #groups: { file: EncryptedFile; replica: GroupsReplica | null } | null = null;

  constructor(options: OfflineCacheOptions) {
    this.#options = options;
    this.dir = join(options.dataDir, 'cache', digest(options.account));
    this.#keyAccount = `cache-key ${options.account}`;
  }

  /** The key from the keychain; without one, any old files are unreadable and are removed. */
  async #cacheKey(): Promise<Buffer> {
    if (this.#key) return this.#key;
    const stored = await this.#options.secrets.get(this.#keyAccount);
    const key = stored ? Buffer.from(stored, 'base64') : null;
    if (key && key.length === KEY_BYTES) {
      this.#key = key;
      return key;
    }
    await rm(this.dir, { recursive: true, force: true });
    const fresh = randomBytes(KEY_BYTES);
    await this.#options.secrets.set(this.#keyAccount, fresh.toString('base64'));
    this.#key = fresh;
    return fresh;
  }

  async #open(path: string, what: string): Promise<{ file: EncryptedFile; records: unknown[] }> {
    const key = await this.#cacheKey();
    try {
      return await EncryptedFile.open(path, key);
    } catch (error) {
      if (!(error instanceof CacheCorruptError)) throw error;
      this.#options.log.warn(`offline cache: ${what} discarded (${error.message})`);
      this.#options.onDiscarded?.(what);
      await rm(path, { force: true });
      return EncryptedFile.open(path, key);
    }
  }

  async safeList(): Promise<SafeListRecord | null> {
    if (!this.#safeList) {
      const { file, records } = await this.#open(join(this.dir, 'safes.tsc'), 'safes');
      const record = records.at(-1) as SafeListRecord | undefined;
      this.#safeList = { file, record: record ? { ...record, synced: record.synced ?? {} } : null };
    }
    return this.#safeList.record;
  }

  async saveSafeList(safes: TeamSafe[], syncedAt: string): Promise<void> {
    const previous = (await this.safeList())?.synced ?? {};
    const synced = Object.fromEntries(
      safes.filter((safe) => previous[safe.id]).map((safe) => [safe.id, previous[safe.id]!]),
    );
    await this.#writeSafeList({ kind: 'safes', safes, syncedAt, synced });
    for (const id of [...this.#replicas.keys()]) {
      if (!safes.some((safe) => safe.id === id)) await this.dropSafe(id);
    }
  }

  async #writeSafeList(record: SafeListRecord): Promise<void> {
    const list = this.#safeList!;
    await list.file.rewrite([record]);
    list.record = record;
  }

  /** Record that a safe's copy was synced (the small list file is rewritten; the member list is not). */
  async #noteSynced(safe: TeamSafe, syncedAt: string): Promise<void> {
    const record = await this.safeList();
    if (!record) return;
    await this.#writeSafeList({ ...record, synced: { ...record.synced, [safe.id]: { safe, syncedAt } } });
  }

  /** The security groups copy (small: rewritten whole when it changes). */
  async groups(): Promise<GroupsReplica | null> {
    if (!this.#groups) {
      const { file, records } = await this.#open(join(this.dir, 'groups.tsc'), 'groups');
      const snapshot = records.at(-1) as GroupsSnapshot | undefined;
      this.#groups = { file, replica: snapshot ? new GroupsReplica(snapshot) : null };
    }
    return this.#groups.replica;
  }

  async saveGroups(replica: GroupsReplica): Promise<void> {
    await this.groups();
    await this.#groups!.file.rewrite([replica.snapshot]);
    this.#groups!.replica = replica;
  }

  replica(safeId: string): Promise<SafeReplica | null> {
    return this.#replica(safeId);
  }

  #replica(safeId: string): Promise<OpenReplica | null> {
    let pending = this.#replicas.get(safeId);
    if (!pending) {
      pending = this.#load(safeId);
      this.#replicas.set(safeId, pending);
      pending.catch(() => this.#replicas.delete(safeId));
    }
    return pending;
  }

  async #load(safeId: string): Promise<OpenReplica | null> {
    const { file, records } = await this.#open(this.#safePath(safeId), `safe ${safeId}`);
    this.#files.set(safeId, file);
    const list = await this.safeList();
    if (records.length === 0 && list?.synced[safeId]) {
      // Its copy is gone (discarded as damaged): it no longer counts as available offline.
      const { [safeId]: _gone, ...rest } = list.synced;
      await this.#writeSafeList({ ...list, synced: rest });
    }
    let replica: OpenReplica | null = null;
    for (const raw of records as SafeRecord[]) {
      if (raw.kind === 'snapshot') {
        const index = new MemberIndex(raw.members, raw.safe.memberLimit);
        replica = { file, safe: raw.safe, index, cursor: raw.cursor, syncedAt: raw.syncedAt, deltas: 0 };
      } else if (replica) {
        replica.index.apply(raw.upserts, raw.removed);
        replica.index.memberLimit = raw.safe.memberLimit;
        Object.assign(replica, { safe: raw.safe, cursor: raw.cursor, syncedAt: raw.syncedAt });
        replica.deltas += 1;
      }
    }
    return replica;
  }

  /**
   * Record what the server sent. `full` replaces the copy (first sync or a
   * reset); otherwise the changes are appended as one small delta.
   */
  async apply(
    safe: TeamSafe,
    change: { full: boolean; upserts: Member[]; removed: string[]; cursor: string },
    syncedAt: string,
  ): Promise<SafeReplica> {
    const existing = await this.#replica(safe.id);
    const file = this.#files.get(safe.id)!;
    if (change.full || !existing) {
      const index = new MemberIndex(change.upserts, safe.memberLimit);
      await file.rewrite([{ kind: 'snapshot', safe, members: change.upserts, cursor: change.cursor, syncedAt }]);
      const replica: OpenReplica = { file, safe, index, cursor: change.cursor, syncedAt, deltas: 0 };
      this.#replicas.set(safe.id, Promise.resolve(replica));
      await this.#noteSynced(safe, syncedAt);
      return replica;
    }
    existing.index.apply(change.upserts, change.removed);
    existing.index.memberLimit = safe.memberLimit;
    Object.assign(existing, { safe, cursor: change.cursor, syncedAt });
    if (existing.deltas + 1 >= COMPACT_AFTER_DELTAS) {
      const members = [...existing.index.values()];
      await file.rewrite([{ kind: 'snapshot', safe, members, cursor: change.cursor, syncedAt }]);
      existing.deltas = 0;
    } else {
      const { upserts, removed, cursor } = change;
      await file.append({ kind: 'delta', safe, upserts, removed, cursor, syncedAt } satisfies SafeRecord);
      existing.deltas += 1;
    }
    await this.#noteSynced(safe, syncedAt);
    return existing;
  }

  async dropSafe(safeId: string): Promise<void> {
    await this.#replicas.get(safeId)?.catch(() => null);
    this.#replicas.delete(safeId);
    const file = this.#files.get(safeId);
    this.#files.delete(safeId);
    await (file ? file.remove() : rm(this.#safePath(safeId), { force: true }));
  }

  /** Sign-out: the files and the key go. */
  async wipe(): Promise<void> {
    this.#replicas.clear();
    this.#files.clear();
    this.#groups = null;
    this.#safeList = null;
    this.#key = null;
    await rm(this.dir, { recursive: true, force: true });
    await this.#options.secrets.delete(this.#keyAccount).catch(() => false);
  }

  #safePath(safeId: string): string {
    return join(this.dir, `${digest(safeId)}.tsc`);
  }
}
