/**
 * The offline copy of each administered safe's audit trail (its activity),
 * kept apart from the member copies: its own folder and its own key in the
 * keychain (`AccountFolder` under the account name `audit <account>`), so
 * neither copy's format or compaction touches the other. Each safe has one
 * append-only encrypted file (a snapshot, then the entries each sync
 * brought, compacted now and then); a small index file holds each file's
 * seal and when it was synced — the root of trust, as the safe list is for
 * members: a file cut off, rolled back or swapped is discarded and rebuilt.
 *
 * Offline the activity view reads it: filtered and paged in memory, newest
 * first, with the same cursors the server uses.
 */
import type { AuditEntry, AuditPage } from '../../../shared/api/audit.ts';
import { AccountFolder, digest, retryable, type AccountFolderOptions } from './account-folder.ts';
import type { EncryptedFile, FileSeal } from './encrypted-file.ts';

/** Entries kept per safe: the oldest go first. */
export const AUDIT_KEEP_MAX = 20_000;
const COMPACT_AFTER_DELTAS = 64;
const INDEX_FILE = 'audit.tsc';
/** A safe's activity file (its name reveals nothing about the safe, and differs from its member copy's). */
const auditFileName = (safeId: string): string => `a-${digest(safeId)}.tsc`;

type AuditRecord =
  | { kind: 'snapshot'; entries: AuditEntry[]; cursor: string; syncedAt: string }
  | { kind: 'delta'; entries: AuditEntry[]; cursor: string; syncedAt: string };

interface AuditIndex {
  kind: 'audit-index';
  safes: Record<string, { seal: FileSeal; syncedAt: string }>;
}

export interface AuditFilters {
  action?: string | undefined;
  actor?: string | undefined;
  member?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** `<ms>.<id>`: the server's cursor format, so a page of the copy continues like one of the server. */
const cursorOf = (entry: AuditEntry) => `${Date.parse(entry.at)}.${entry.id}`;

/** Newer first: by time, then by id. */
function newerThan(entry: AuditEntry, ms: number, id: number): boolean {
  const at = Date.parse(entry.at);
  return at > ms || (at === ms && entry.id > id);
}

export class AuditReplica {
  readonly safeId: string;
  /** Oldest first, as the feed delivers them. */
  entries: AuditEntry[];
  cursor: string;
  syncedAt: string;
  deltas = 0;

  constructor(safeId: string, entries: AuditEntry[], cursor: string, syncedAt: string) {
    this.safeId = safeId;
    this.entries = entries;
    this.cursor = cursor;
    this.syncedAt = syncedAt;
  }

  add(entries: readonly AuditEntry[]): void {
    const known = new Set(this.entries.map((entry) => entry.id));
    for (const entry of entries) if (!known.has(entry.id)) this.entries.push(entry);
    if (this.entries.length > AUDIT_KEEP_MAX) this.entries = this.entries.slice(-AUDIT_KEEP_MAX);
  }

  /** A page, newest first, by the same filters and cursor rules as the server's `listSafeAudit`. */
  query(filters: AuditFilters): AuditPage {
    const from = filters.from ? Date.parse(filters.from) : -Infinity;
    const to = filters.to ? Date.parse(filters.to) : Infinity;
    const [cursorMs, cursorId] = filters.cursor ? filters.cursor.split('.').map(Number) : [Infinity, Infinity];
    const items: AuditEntry[] = [];
    let nextCursor: string | null = null;
    for (let index = this.entries.length - 1; index >= 0; index--) {
      const entry = this.entries[index]!;
      const at = Date.parse(entry.at);
      if (filters.cursor && newerThan(entry, cursorMs!, cursorId!)) continue;
      if (filters.cursor && at === cursorMs && entry.id === cursorId) continue;
      if (at < from || at >= to) continue;
      if (filters.action && entry.action !== filters.action) continue;
      if (filters.actor && entry.actor?.id !== filters.actor) continue;
      if (filters.member && entry.subject?.id !== filters.member) continue;
      if (items.length === filters.limit) {
        nextCursor = cursorOf(items.at(-1)!);
        break;
      }
      items.push(entry);
    }
    return { items, nextCursor };
  }
}

/** The audit copies of one account. */
export class AuditCache {
  readonly #folder: AccountFolder;
  #index: Promise<{ file: EncryptedFile; record: AuditIndex }> | null = null;
  readonly #replicas = new Map<string, Promise<{ file: EncryptedFile; replica: AuditReplica | null }>>();

  constructor(options: AccountFolderOptions) {
    // Its own folder and key: `cache/<digest of "audit <account>">/`.
    this.#folder = new AccountFolder({ ...options, account: `audit ${options.account}` });
  }

  get dir(): string {
    return this.#folder.dir;
  }

  #indexFile(): Promise<{ file: EncryptedFile; record: AuditIndex }> {
    this.#index ??= retryable(
      this.#folder.open(INDEX_FILE, 'audit index').then(({ file, records }) => ({
        file,
        record: (records.at(-1) as AuditIndex | undefined) ?? { kind: 'audit-index', safes: {} },
      })),
      (failed) => {
        if (this.#index === failed) this.#index = null;
      },
    );
    return this.#index;
  }

  async #writeIndex(change: (safes: AuditIndex['safes']) => AuditIndex['safes']): Promise<void> {
    const index = await this.#indexFile();
    index.record = { kind: 'audit-index', safes: change(index.record.safes) };
    await this.#folder.persist('audit index', () => index.file.rewrite([index.record]));
  }

  #open(safeId: string): Promise<{ file: EncryptedFile; replica: AuditReplica | null }> {
    let pending = this.#replicas.get(safeId);
    if (!pending) {
      pending = retryable(this.#load(safeId), (failed) => {
        if (this.#replicas.get(safeId) === failed) this.#replicas.delete(safeId);
      });
      this.#replicas.set(safeId, pending);
    }
    return pending;
  }

  async #load(safeId: string): Promise<{ file: EncryptedFile; replica: AuditReplica | null }> {
    const entry = (await this.#indexFile()).record.safes[safeId];
    const { file, records } = await this.#folder.open(auditFileName(safeId), `audit ${safeId}`, entry?.seal ?? null);
    let replica: AuditReplica | null = null;
    for (const record of records as AuditRecord[]) {
      if (record.kind === 'snapshot')
        replica = new AuditReplica(safeId, record.entries, record.cursor, record.syncedAt);
      else if (replica) {
        replica.add(record.entries);
        replica.cursor = record.cursor;
        replica.syncedAt = record.syncedAt;
        replica.deltas += 1;
      }
    }
    if (replica && entry && entry.syncedAt > replica.syncedAt) replica.syncedAt = entry.syncedAt;
    return { file, replica };
  }

  /** The safe's copy of its activity, or null when there is none. */
  async replica(safeId: string): Promise<AuditReplica | null> {
    return (await this.#open(safeId)).replica;
  }

  /**
   * Record what the feed brought: `full` replaces the copy (first sync or a
   * reset), otherwise the new entries are appended as one small record.
   */
  async apply(
    safeId: string,
    change: { full: boolean; entries: AuditEntry[]; cursor: string },
    syncedAt: string,
  ): Promise<AuditReplica> {
    const opened = await this.#open(safeId);
    const what = `audit ${safeId}`;
    let write: () => Promise<void>;
    let replica = opened.replica;
    if (change.full || !replica) {
      replica = new AuditReplica(safeId, [], change.cursor, syncedAt);
      replica.add(change.entries);
      const fresh = replica;
      write = () => opened.file.rewrite([snapshotOf(fresh)]);
    } else if (change.entries.length === 0 && change.cursor === replica.cursor && !this.#folder.isUnsaved(what)) {
      replica.syncedAt = syncedAt;
      write = async () => undefined;
    } else {
      const current = replica;
      current.add(change.entries);
      current.cursor = change.cursor;
      current.syncedAt = syncedAt;
      if (this.#folder.isUnsaved(what) || current.deltas + 1 >= COMPACT_AFTER_DELTAS) {
        write = async () => {
          await opened.file.rewrite([snapshotOf(current)]);
          current.deltas = 0;
        };
      } else {
        const delta: AuditRecord = { kind: 'delta', entries: change.entries, cursor: change.cursor, syncedAt };
        write = async () => {
          await opened.file.append(delta);
          current.deltas += 1;
        };
      }
    }
    opened.replica = replica;
    if (await this.#folder.persist(what, write)) {
      await this.#writeIndex((safes) => ({ ...safes, [safeId]: { seal: opened.file.seal, syncedAt } }));
    }
    return replica;
  }

  /** Only these safes are administered now: the other copies go. */
  async keepOnly(safeIds: readonly string[]): Promise<void> {
    const keep = new Set(safeIds);
    const index = await this.#indexFile();
    const gone = Object.keys(index.record.safes).filter((id) => !keep.has(id));
    for (const id of [...this.#replicas.keys()]) if (!keep.has(id)) this.#replicas.delete(id);
    if (gone.length > 0) {
      await this.#writeIndex((safes) => Object.fromEntries(Object.entries(safes).filter(([id]) => keep.has(id))));
    }
    await this.#folder.deleteAllBut(new Set([INDEX_FILE, ...safeIds.map(auditFileName)]), false);
  }

  /**
   * At start: delete the files of safes the stored safe list does not name,
   * and half-written ones, by name only — nothing is decrypted before it is
   * needed (the index forgets them at the next sync).
   */
  async prune(safeIds: readonly string[]): Promise<void> {
    await this.#folder.deleteAllBut(new Set([INDEX_FILE, ...safeIds.map(auditFileName)]), true);
  }

  /** Sign-out or the cache switched off: the files and the key go. */
  async wipe(): Promise<void> {
    await this.#folder.wipe();
    this.#replicas.clear();
    this.#index = null;
  }
}

function snapshotOf(replica: AuditReplica): AuditRecord {
  return { kind: 'snapshot', entries: replica.entries, cursor: replica.cursor, syncedAt: replica.syncedAt };
}
