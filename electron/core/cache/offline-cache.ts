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
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import type { Member, TeamSafe } from '../../../shared/api/schemas.ts';
import { AccountFolder, digest, retryable, type AccountFolderOptions } from './account-folder.ts';
import { CacheCorruptError, type EncryptedFile, type FileSeal } from './encrypted-file.ts';
import { MemberIndex } from './member-index.ts';
import { chunkAt, snapshotHead, snapshotOf, type DeltaRecord, type SnapshotHead } from './safe-file.ts';
import { GroupsReplica, type GroupsSnapshot } from './groups-replica.ts';

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
  /** Still loading after a restart until `complete`: only its `partial` answers until then. */
  index: MemberIndex;
  cursor: string;
  syncedAt: string;
  /** The whole copy is read (false: it turned out damaged and was discarded). */
  complete: Promise<boolean>;
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

/** The file of a safe's copy in the account's cache folder (its name reveals nothing about the safe). */
export const safeFileName = (safeId: string): string => `${digest(safeId)}.tsc`;

export interface OfflineCacheOptions extends AccountFolderOptions {
  /** The UI language: copies are persisted in its name order (the table's default). */
  language?: () => string;
}

export class OfflineCache {
  readonly dir: string;
  readonly #folder: AccountFolder;
  readonly #language: () => string;
  #list: Promise<{ file: EncryptedFile; record: SafeListRecord | null }> | null = null;
  readonly #replicas = new Map<string, Promise<OpenReplica | null>>();
  readonly #files = new Map<string, EncryptedFile>();
  #groups: Promise<{ file: EncryptedFile; replica: GroupsReplica | null }> | null = null;

  constructor(options: OfflineCacheOptions) {
    this.#folder = new AccountFolder(options);
    this.#language = options.language ?? (() => 'en');
    this.dir = this.#folder.dir;
  }

  /** Whether some of the copy lives only in memory because the disk refused it. */
  get unsaved(): boolean {
    return this.#folder.unsaved;
  }

  /** Opened once (concurrent first calls share it); a failed open is tried again next time. */
  #listFile(): Promise<{ file: EncryptedFile; record: SafeListRecord | null }> {
    this.#list ??= retryable(
      this.#folder.open(LIST_FILE, 'safes').then(({ file, records }) => ({
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
    await this.#folder.persist('safes', () => list.file.rewrite([record]));
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
    await this.#folder.deleteAllBut(new Set([LIST_FILE, GROUPS_FILE, ...[...keep].map(safeFileName)]), leftovers);
  }

  #groupsFile(): Promise<{ file: EncryptedFile; replica: GroupsReplica | null }> {
    const open = async () => {
      const seal = (await this.safeList())?.groups ?? null;
      const { file, records } = await this.#folder.open(GROUPS_FILE, 'groups', seal);
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
    if (await this.#folder.persist('groups', () => groups.file.rewrite([replica.snapshot]))) {
      await this.#writeList((record) => ({ ...record, groups: groups.file.seal }));
    }
  }

  /** No longer an organisation administrator: the groups copy goes. */
  async dropGroups(): Promise<void> {
    const groups = await this.#groupsFile();
    await groups.file.remove();
    groups.replica = null;
    this.#folder.forget('groups');
    await this.#writeList((record) => ({ ...record, groups: null }));
  }

  /** The safe's whole copy (read to the end), or null. */
  replica(safeId: string): Promise<SafeReplica | null> {
    return this.#replica(safeId);
  }

  /**
   * The safe's copy as soon as its first rows and figures are read (after a
   * restart the rest loads meanwhile: see `SafeReplica.complete`), or null.
   */
  opening(safeId: string): Promise<SafeReplica | null> {
    return this.#opening(safeId);
  }

  async #replica(safeId: string): Promise<OpenReplica | null> {
    const replica = await this.#opening(safeId);
    return replica && (await replica.complete) ? replica : null;
  }

  #opening(safeId: string): Promise<OpenReplica | null> {
    let pending = this.#replicas.get(safeId);
    if (!pending) {
      pending = retryable(this.#load(safeId), (failed) => {
        if (this.#replicas.get(safeId) === failed) this.#replicas.delete(safeId);
      });
      this.#replicas.set(safeId, pending);
    }
    return pending;
  }

  /**
   * Reads the head and the deltas, then the first chunk; the other chunks
   * load one per turn of the event loop. A record that fails authentication
   * (or a snapshot cut short) discards the copy, even halfway.
   */
  async #load(safeId: string): Promise<OpenReplica | null> {
    const entry = (await this.safeList())?.synced[safeId];
    const seal = entry?.seal ?? null;
    const name = safeFileName(safeId);
    const what = `safe ${safeId}`;
    const { file, records } = await this.#folder.openLazily(name, what, seal);
    this.#files.set(safeId, file);
    const gone = async (error?: unknown): Promise<null> => {
      if (error !== undefined) this.#files.set(safeId, await this.#folder.discard(name, what, error));
      // Its copy is gone (discarded or deleted): it no longer counts as available offline.
      if (seal) {
        await this.#writeList((record) => {
          const { [safeId]: _gone, ...rest } = record.synced;
          return { ...record, synced: rest };
        });
      }
      return null;
    };
    if (records.count === 0) return gone();
    let replica: OpenReplica;
    let head: SnapshotHead;
    try {
      head = snapshotHead(records.read(0));
      if (records.count < 1 + head.chunks) throw new CacheCorruptError('snapshot cut off');
      let { safe, cursor, syncedAt, counts } = head;
      const changes = new Map<string, Member | null>();
      for (let at = 1 + head.chunks; at < records.count; at += 1) {
        const delta = records.read(at) as DeltaRecord;
        if (delta.kind !== 'delta') throw new CacheCorruptError('a record out of place');
        for (const member of delta.upserts) changes.set(member.id, member);
        for (const id of delta.removed) changes.set(id, null);
        ({ safe, cursor, syncedAt, counts } = delta);
      }
      const index = MemberIndex.loading({ memberLimit: safe.memberLimit, language: head.language, counts, changes });
      const deltas = records.count - 1 - head.chunks;
      replica = { file, safe, index, cursor, syncedAt, deltas, complete: Promise.resolve(true) };
      if (head.chunks > 0) index.loadChunk(chunkAt(records.read(1)));
      if (head.chunks <= 1) await index.finishLoading();
    } catch (error) {
      return gone(error);
    }
    const rest = async (): Promise<boolean> => {
      for (let at = 2; at <= head.chunks; at += 1) {
        await setImmediate();
        // Replaced meanwhile (a full sync, a drop): this copy is no longer the one to fill.
        if (this.#files.get(safeId) !== file) return false;
        replica.index.loadChunk(chunkAt(records.read(at)));
      }
      await replica.index.finishLoading();
      return true;
    };
    replica.complete = rest().catch(async (error: unknown) => {
      if (this.#files.get(safeId) === file) {
        this.#replicas.set(safeId, Promise.resolve(null));
        await gone(error);
      }
      return false;
    });
    // Syncs that found nothing new confirmed the copy in the list only (see `apply`).
    if (entry && entry.syncedAt > replica.syncedAt) replica.syncedAt = entry.syncedAt;
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
    const language = this.#language();
    let replica: OpenReplica;
    let write: () => Promise<void>;
    if (change.full || !existing) {
      const index = await MemberIndex.build(change.upserts, safe.memberLimit, language);
      replica = { file, safe, index, cursor: change.cursor, syncedAt, deltas: 0, complete: Promise.resolve(true) };
      this.#replicas.set(safe.id, Promise.resolve(replica));
      write = () => file.rewrite(snapshotOf(replica, language));
    } else if (
      change.upserts.length === 0 &&
      change.removed.length === 0 &&
      change.cursor === existing.cursor &&
      JSON.stringify(safe) === JSON.stringify(existing.safe) &&
      !this.#folder.isUnsaved(what)
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
      if (this.#folder.isUnsaved(what) || replica.deltas + 1 >= COMPACT_AFTER_DELTAS) {
        // Compaction, or the disk missed earlier deltas: write the whole copy from memory.
        write = async () => {
          await file.rewrite(snapshotOf(replica, language));
          replica.deltas = 0;
        };
      } else {
        const { upserts, removed, cursor } = change;
        const counts = replica.index.counts();
        const delta: DeltaRecord = { kind: 'delta', safe, upserts, removed, cursor, syncedAt, counts };
        write = async () => {
          await file.append(delta);
          replica.deltas += 1;
        };
      }
    }
    if (await this.#folder.persist(what, write)) {
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
    this.#folder.forget(`safe ${safeId}`);
    const file = this.#files.get(safeId);
    this.#files.delete(safeId);
    await (file ? file.remove() : this.#folder.fs.remove(join(this.dir, safeFileName(safeId))));
  }

  /** Sign-out or the cache switched off: the files and the key go. */
  async wipe(): Promise<void> {
    await this.#folder.wipe();
    this.#replicas.clear();
    this.#files.clear();
    this.#groups = null;
    this.#list = null;
  }
}
