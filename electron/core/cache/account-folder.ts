/**
 * One account's cache folder and its key: opening a file verifies it (and
 * discards it when it cannot be trusted), writing one survives a refusing
 * disk (the caller keeps the data in memory), and a wipe takes folder and
 * key — after any write under way, so none lands after it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../../shared/errors.ts';
import type { SecretStore } from '../keychain.ts';
import type { Logger } from '../log.ts';
import { nodeCacheFs, type CacheFileSystem } from './cache-fs.ts';
import {
  CacheCorruptError,
  CacheFormatError,
  EncryptedFile,
  KEY_BYTES,
  type FileSeal,
  type RecordReader,
} from './encrypted-file.ts';

export const digest = (text: string): string => createHash('sha256').update(text).digest('hex').slice(0, 24);
const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'failed';

/** A shared first load: concurrent callers get the same promise; a failed one is forgotten so the next call tries again. */
export function retryable<T>(pending: Promise<T>, forget: (failed: Promise<T>) => void): Promise<T> {
  pending.catch(() => forget(pending));
  return pending;
}

export interface AccountFolderOptions {
  /** The app's data folder; the account's files live in `<dataDir>/cache/<account digest>/`. */
  dataDir: string;
  secrets: SecretStore;
  /** The keychain account of the session (user @ server): it names the key and binds every record. */
  account: string;
  log: Logger;
  fs?: CacheFileSystem;
  /** Told when a damaged, rolled-back or swapped file was thrown away. */
  onDiscarded?: (what: string) => void;
}

export class AccountFolder {
  readonly dir: string;
  readonly fs: CacheFileSystem;
  readonly #options: AccountFolderOptions;
  readonly #keyAccount: string;
  #key: Promise<Buffer> | null = null;
  /** Files whose latest state is only in memory (the disk refused it). */
  readonly #unsaved = new Set<string>();
  /** Wiped (signed out): a sync still under way writes nothing and makes no new key. */
  #wiped = false;
  /** Writes under way: a wipe waits for them. */
  readonly #writing = new Set<Promise<unknown>>();

  constructor(options: AccountFolderOptions) {
    this.#options = options;
    this.fs = options.fs ?? nodeCacheFs;
    this.dir = join(options.dataDir, 'cache', digest(options.account));
    this.#keyAccount = `cache-key ${options.account}`;
  }

  /** Whether some file's latest state lives only in memory. */
  get unsaved(): boolean {
    return this.#unsaved.size > 0;
  }

  isUnsaved(what: string): boolean {
    return this.#unsaved.has(what);
  }

  /** The file is gone on purpose: nothing of it is pending any more. */
  forget(what: string): void {
    this.#unsaved.delete(what);
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
    await this.fs.removeDir(this.dir);
    const fresh = randomBytes(KEY_BYTES);
    await this.#options.secrets.set(this.#keyAccount, fresh.toString('base64'));
    return fresh;
  }

  /**
   * Open one file, bound to `what` it holds; `expected` is its seal as the
   * safe list knows it (null: the list does not know it; absent: not checked).
   */
  async open(
    name: string,
    what: string,
    expected?: FileSeal | null,
  ): Promise<{ file: EncryptedFile; records: unknown[] }> {
    const { file, records } = await this.openLazily(name, what, expected);
    try {
      const all: unknown[] = [];
      for (let index = 0; index < records.count; index += 1) all.push(records.read(index));
      return { file, records: all };
    } catch (error) {
      return { file: await this.discard(name, what, error), records: [] };
    }
  }

  /**
   * The same, with records decrypted and authenticated as they are read: a
   * reader that meets a damaged one calls `discard`. The seal (file id,
   * record count) is checked here, before anything is decrypted.
   */
  async openLazily(
    name: string,
    what: string,
    expected?: FileSeal | null,
  ): Promise<{ file: EncryptedFile; records: RecordReader }> {
    const options = await this.#fileOptions(name, what);
    try {
      const opened = await EncryptedFile.openLazily(options);
      if (expected !== undefined && opened.records.count > 0 && !(expected && opened.file.matches(expected))) {
        throw new CacheCorruptError(expected ? 'cut off, rolled back or swapped' : 'not in the safe list');
      }
      return opened;
    } catch (error) {
      return { file: await this.discard(name, what, error), records: { count: 0, read: () => undefined } };
    }
  }

  /**
   * A file that cannot be trusted (or was written in another format) is
   * removed, and reported unless it was only another format; returns the
   * empty file that takes its place. Any other error is rethrown.
   */
  async discard(name: string, what: string, error: unknown): Promise<EncryptedFile> {
    if (!(error instanceof CacheCorruptError)) throw error;
    if (error instanceof CacheFormatError) {
      this.#options.log.info(`offline cache: ${what} rebuilt (${error.message})`);
    } else {
      this.#options.log.warn(`offline cache: ${what} discarded (${error.message})`);
      this.#options.onDiscarded?.(what);
    }
    const options = await this.#fileOptions(name, what);
    await this.fs.remove(options.path);
    return (await EncryptedFile.open(options)).file;
  }

  async #fileOptions(name: string, what: string) {
    return {
      fs: this.fs,
      path: join(this.dir, name),
      key: await this.#cacheKey(),
      context: `${this.#options.account}\u0000${what}`,
    };
  }

  /** Run a write; a refusing disk leaves the data in memory and marks it unsaved. Returns whether it was written. */
  async persist(what: string, write: () => Promise<void>): Promise<boolean> {
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

  /** Delete every file but `keep`; `leftovers`: temporary files too (only when no write can be under way). */
  async deleteAllBut(keep: Set<string>, leftovers: boolean): Promise<void> {
    for (const name of await this.fs.list(this.dir)) {
      if (keep.has(name) || (!leftovers && !name.endsWith('.tsc'))) continue;
      await this.fs.remove(join(this.dir, name));
    }
  }

  /** Sign-out or the cache switched off: the files and the key go. */
  async wipe(): Promise<void> {
    this.#wiped = true;
    await Promise.allSettled([...this.#writing, ...(this.#key ? [this.#key] : [])]);
    this.#unsaved.clear();
    this.#key = null;
    await this.fs.removeDir(this.dir);
    await this.#options.secrets.delete(this.#keyAccount).catch(() => false);
  }
}
