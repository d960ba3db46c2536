/**
 * The encrypted offline copy of every team safe the admin administers.
 * One append-only encrypted file per safe (a snapshot, then deltas, compacted
 * now and then), one for the security groups, and a small safe-list file,
 * under a folder per account. The AES-256-GCM key is random and lives only
 * in the OS keychain.
 *
 * The safe-list file is the root of trust: it names each copy's file id and
 * record count (its seal). A copy whose records fail authentication, whose
 * end was cut off, that was copied over from another safe or account, or
 * that was written in another format is discarded (the damaged ones
 * reported) and rebuilt from the server. Copies of safes no longer in the
 * list are deleted. When the disk refuses a write, the copy in memory stays
 * current, `unsaved` says so, and the next sync writes it whole.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import { AppError } from '../../../shared/errors.ts';
import type { SecretStore } from '../keychain.ts';
import type { Logger } from '../log.ts';
import { nodeCacheFs, type CacheFileSystem } from './cache-fs.ts';
import { CacheCorruptError, CacheFormatError, EncryptedFile, KEY_BYTES, type FileSeal } from './encrypted-file.ts';
import { MemberIndex } from './member-index.ts';
import { GroupsReplica, type GroupsSnapshot } from './groups-replica.ts';

type SafeRecord =
  | { kind: 'snapshot'; safe: TeamSafe; members: Member[]; cursor: string; syncedAt: string }
  | { kind: 'delta'; safe: TeamSafe; upserts: Member[]; removed: string[]; cursor: string; syncedAt: string };

export interface SyncedCopy {
  safe: TeamSafe;
  syncedAt: string;
  /** The copy's file as last written: a shorter or different file was rolled back or swapped. */
  seal: FileSeal;
}

export interface SafeListRecord {
  kind: 'safes';
  safes: TeamSafe[];
  syncedAt: string | null;
  /** Each safe with a local copy, as last synced and when: enough to list safes and ages offline. */
  synced: Record<string, SyncedCopy>;
  groups: FileSeal | null;
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

export interface MemberChange {
  full: boolean;
  upserts: Member[];
  removed: string[];
  cursor: string;
}

/** Compact a safe's file after this many deltas. */
const COMPACT_AFTER_DELTAS = 64;
const LIST_FILE = 'safes.tsc';
const GROUPS_FILE = 'groups.tsc';

const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);

/** The file of a safe's copy in the account's cache folder (its name reveals nothing about the safe). */
export const safeFileName = (safeId: string): string => `${digest(safeId)}.tsc`;
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'failed';

export interface OfflineCacheOptions {
  /** The app's data folder; the cache lives in `<dataDir>/cache/<account digest>/`. */
  dataDir: string;
  secrets: SecretStore;
  /** The keychain account the session uses (user @ server): it names the key and binds every record. */
  account: string;
  log: Logger;
  /** The disk (a test makes it fail). */
  fs?: CacheFileSystem;
  /** Told when a damaged, rolled-back or swapped copy was thrown away. */
  onDiscarded?: (what: string) => void;
}

export class OfflineCache {
  readonly dir: string;
  readonly #options: OfflineCacheOptions;
  readonly #fs: CacheFileSystem;
  readonly #keyAccount: string;
  #key: Promise<Buffer> | null = null;
  #list: Promise<{ file: EncryptedFile; record: SafeListRecord | null }> | null = null;
  readonly #replicas = new Map<string, Promise<OpenReplica | null>>();
  readonly #files = new Map<string, EncryptedFile>();
  #groups: Promise<{ file: EncryptedFile; replica: GroupsReplica | null }> | null = null;
  /** Files whose latest state is only in memory (the disk refused it). */
  readonly #unsaved = new Set<string>();
  /** Wiped (signed out): a sync still under way writes nothing and makes no new key. */
  #wiped = false;
  /** Writes under way: a wipe waits for them, so none lands after it. */
  readonly #writing = new Set<Promise<unknown>>();

  constructor(options: OfflineCacheOptions) {
    this.#options = options;
    this.#fs = options.fs ?? nodeCacheFs;
    this.dir = join(options.dataDir, 'cache', digest(options.account));
    this.#keyAccount = `cache-key ${options.account}`;
  }

  /** Whether some of the copy lives only in memory because the disk refused it. */
  get unsaved(): boolean {
    return this.#unsaved.size > 0;
  }

  /** The key from the keychain (concurrent first calls share one look-up, so only one key is ever made). */
  #cacheKey(): Promise<Buffer> {
    if (this.#wiped) return Promise.reject(new AppError('not_signed_in', 'offline copy wiped'));
    this.#key ??= retryable(this.#loadKey(), (failed) => {
      if (this.#key === failed) this.#key = null;
    });
    return this.#key;
  }

  /** Without a key in the keychain, any old files are unreadable: they are removed and a new key is made. */
  async #loadKey(): Promise<Buffer> {
    const stored = await this.#options.secrets.get(this.#keyAccount);
    const key = stored ? Buffer.from(stored, 'base64') : null;
    if (key && key.length === KEY_BYTES) return key;
    await this.#fs.removeDir(this.dir);
    const fresh = randomBytes(KEY_BYTES);
    await this.#options.secrets.set(this.#keyAccount, fresh.toString('base64'));
    return fresh;
  }

  /** Open one file; `expected` is its seal from the list (null: the list does not know it). */
  async #open(
    name: string,
    what: string,
    expected?: FileSeal | null,
  ): Promise<{ file: EncryptedFile; records: unknown[] }> {
    const options = {
      fs: this.#fs,
      path: join(this.dir, name),
      key: await this.#cacheKey(),
      context: `${this.#options.account}\u0000${what}`,
    };
    try {
      const opened = await EncryptedFile.open(options);
      if (expected !== undefined && opened.records.length > 0 && !(expected && opened.file.matches(expected))) {
        throw new CacheCorruptError(expected ? 'cut off, rolled back or swapped' : 'not in the safe list');
      }
      return opened;
    } catch (error) {
      if (!(error instanceof CacheCorruptError)) throw error;
      if (error instanceof CacheFormatError) {
        this.#options.log.info(`offline cache: ${what} rebuilt (${error.message})`);
      } else {
        this.#options.log.warn(`offline cache: ${what} discarded (${error.message})`);
        this.#options.onDiscarded?.(what);
      }
      await this.#fs.remove(options.path);
      return EncryptedFile.open(options);
    }
  }

  /** Run a write; a refusing disk leaves the copy in memory and marks it unsaved. */
  async #persist(what: string, write: () => Promise<void>): Promise<boolean> {
    if (this.#wiped) return false;
    const writing = write();
    this.#writing.add(writing);
    try {
      await writing;
      this.#unsaved.delete(what);
      return true;
    } catch (error) {
      if (error instanceof AppError) throw error;
      this.#options.log.warn(`offline cache: ${what} kept in memory only (${errorCode(error)})`);
      this.#unsaved.add(what);
      return false;
    } finally {
      this.#writing.delete(writing);
    }
  }

  /** Opened once (concurrent first calls share it); a failed open is tried again next time. */
  #listFile(): Promise<{ file: EncryptedFile; record: SafeListRecord | null }> {
    this.#list ??= retryable(
      this.#open(LIST_FILE, 'safes').then(({ file, records }) => ({
        file,
        record: (records.at(-1) as SafeListRecord | undefined) ?? null,
      })),
      (failed) => {
        if (this.#list === failed) this.#list = null;
      },
    );
    return this.#list;
  }

  async safeList(): Promise<SafeListRecord | null> {
    return (await this.#listFile()).record;
  }

  async #writeList(change: (record: SafeListRecord) => SafeListRecord): Promise<void> {
    const list = await this.#listFile();
    const record = change(list.record ?? { kind: 'safes', safes: [], syncedAt: null, synced: {}, groups: null });
    list.record = record;
    await this.#persist('safes', () => list.file.rewrite([record]));
  }

  /** The administered safes as the server listed them; copies of any other safe are deleted. */
  async saveSafeList(safes: TeamSafe[], syncedAt: string): Promise<void> {
    const keep = new Set(safes.map((safe) => safe.id));
    await this.#writeList((record) => ({
      ...record,
      safes,
      syncedAt,
      synced: Object.fromEntries(Object.entries(record.synced).filter(([id]) => keep.has(id))),
    }));
    await this.#deleteCopiesExcept(keep, false);
  }

  /** At start: delete the copies of safes the stored list does not name, and files a crash left half-written. */
  async prune(): Promise<void> {
    const list = await this.safeList();
    await this.#deleteCopiesExcept(new Set(list?.safes.map((safe) => safe.id) ?? []), true);
  }

  /** `leftovers`: temporary files too (only when no write can be under way). */
  async #deleteCopiesExcept(keep: Set<string>, leftovers: boolean): Promise<void> {
    for (const id of [...this.#replicas.keys()]) if (!keep.has(id)) await this.dropSafe(id);
    const allowed = new Set([LIST_FILE, GROUPS_FILE, ...[...keep].map((id) => this.#safeFile(id))]);
    for (const name of await this.#fs.list(this.dir)) {
      if (allowed.has(name) || (!leftovers && !name.endsWith('.tsc'))) continue;
      await this.#fs.remove(join(this.dir, name));
    }
  }

  #groupsFile(): Promise<{ file: EncryptedFile; replica: GroupsReplica | null }> {
    const open = async () => {
      const seal = (await this.safeList())?.groups ?? null;
      const { file, records } = await this.#open(GROUPS_FILE, 'groups', seal);
      const snapshot = records.at(-1) as GroupsSnapshot | undefined;
      if (!snapshot && seal) await this.#writeList((record) => ({ ...record, groups: null }));
      return { file, replica: snapshot ? new GroupsReplica(snapshot) : null };
    };
    this.#groups ??= retryable(open(), (failed) => {
      if (this.#groups === failed) this.#groups = null;
    });
    return this.#groups;
  }

  /** The security groups copy (small: rewritten whole when it changes). */
  async groups(): Promise<GroupsReplica | null> {
    return (await this.#groupsFile()).replica;
  }

  async saveGroups(replica: GroupsReplica): Promise<void> {
    const groups = await this.#groupsFile();
    groups.replica = replica;
    if (await this.#persist('groups', () => groups.file.rewrite([replica.snapshot]))) {
      await this.#writeList((record) => ({ ...record, groups: groups.file.seal }));
    }
  }

  /** No longer an organisation administrator: the groups copy goes. */
  async dropGroups(): Promise<void> {
    const groups = await this.#groupsFile();
    await groups.file.remove();
    groups.replica = null;
    this.#unsaved.delete('groups');
    await this.#writeList((record) => ({ ...record, groups: null }));
  }

  replica(safeId: string): Promise<SafeReplica | null> {
    return this.#replica(safeId);
  }

  #replica(safeId: string): Promise<OpenReplica | null> {
    let pending = this.#replicas.get(safeId);
    if (!pending) {
      pending = retryable(this.#load(safeId), (failed) => {
        if (this.#replicas.get(safeId) === failed) this.#replicas.delete(safeId);
      });
      this.#replicas.set(safeId, pending);
    }
    return pending;
  }

  async #load(safeId: string): Promise<OpenReplica | null> {
    const entry = (await this.safeList())?.synced[safeId];
    const seal = entry?.seal ?? null;
    const { file, records } = await this.#open(this.#safeFile(safeId), `safe ${safeId}`, seal);
    this.#files.set(safeId, file);
    if (records.length === 0 && seal) {
      // Its copy is gone (discarded or deleted): it no longer counts as available offline.
      await this.#writeList((record) => {
        const { [safeId]: _gone, ...rest } = record.synced;
        return { ...record, synced: rest };
      });
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
    // Syncs that found nothing new confirmed the copy in the list only (see `apply`).
    if (replica && entry && entry.syncedAt > replica.syncedAt) replica.syncedAt = entry.syncedAt;
    return replica;
  }

  /**
   * Record what the server sent. `full` replaces the copy (first sync or a
   * reset); otherwise the changes are appended as one small delta. The copy
   * in memory is updated even when the disk refuses the write.
   */
  async apply(safe: TeamSafe, change: MemberChange, syncedAt: string): Promise<SafeReplica> {
    const what = `safe ${safe.id}`;
    const existing = await this.#replica(safe.id);
    const file = this.#files.get(safe.id)!;
    let replica: OpenReplica;
    let write: () => Promise<void>;
    if (change.full || !existing) {
      const index = new MemberIndex(change.upserts, safe.memberLimit);
      replica = { file, safe, index, cursor: change.cursor, syncedAt, deltas: 0 };
      this.#replicas.set(safe.id, Promise.resolve(replica));
      write = () => file.rewrite([snapshotOf(replica)]);
    } else if (
      change.upserts.length === 0 &&
      change.removed.length === 0 &&
      change.cursor === existing.cursor &&
      JSON.stringify(safe) === JSON.stringify(existing.safe) &&
      !this.#unsaved.has(what)
    ) {
      // Nothing new: only the list learns when the copy was last confirmed current.
      replica = existing;
      replica.syncedAt = syncedAt;
      write = async () => undefined;
    } else {
      replica = existing;
      replica.index.apply(change.upserts, change.removed);
      replica.index.memberLimit = safe.memberLimit;
      Object.assign(replica, { safe, cursor: change.cursor, syncedAt });
      if (this.#unsaved.has(what) || replica.deltas + 1 >= COMPACT_AFTER_DELTAS) {
        // Compaction, or the disk missed earlier deltas: write the whole copy from memory.
        write = async () => {
          await file.rewrite([snapshotOf(replica)]);
          replica.deltas = 0;
        };
      } else {
        const { upserts, removed, cursor } = change;
        const delta: SafeRecord = { kind: 'delta', safe, upserts, removed, cursor, syncedAt };
        write = async () => {
          await file.append(delta);
          replica.deltas += 1;
        };
      }
    }
    if (await this.#persist(what, write)) {
      await this.#writeList((record) => ({
        ...record,
        synced: { ...record.synced, [safe.id]: { safe, syncedAt, seal: file.seal } },
      }));
    }
    return replica;
  }

  async dropSafe(safeId: string): Promise<void> {
    await this.#replicas.get(safeId)?.catch(() => null);
    this.#replicas.delete(safeId);
    this.#unsaved.delete(`safe ${safeId}`);
    const file = this.#files.get(safeId);
    this.#files.delete(safeId);
    await (file ? file.remove() : this.#fs.remove(join(this.dir, this.#safeFile(safeId))));
  }

  /** Sign-out or the cache switched off: the files and the key go. */
  async wipe(): Promise<void> {
    this.#wiped = true;
    await Promise.allSettled([...this.#writing, ...(this.#key ? [this.#key] : [])]);
    this.#replicas.clear();
    this.#files.clear();
    this.#unsaved.clear();
    this.#groups = null;
    this.#list = null;
    this.#key = null;
    await this.#fs.removeDir(this.dir);
    await this.#options.secrets.delete(this.#keyAccount).catch(() => false);
  }

  #safeFile(safeId: string): string {
    return safeFileName(safeId);
  }
}

/** A shared first load: concurrent callers get the same promise; a failed one is forgotten so the next call tries again. */
function retryable<T>(pending: Promise<T>, forget: (failed: Promise<T>) => void): Promise<T> {
  pending.catch(() => forget(pending));
  return pending;
}

function snapshotOf(replica: OpenReplica): SafeRecord {
  const { safe, cursor, syncedAt } = replica;
  return { kind: 'snapshot', safe, members: [...replica.index.values()], cursor, syncedAt };
}
