/**
 * The offline copy of whoever is signed in: none while signed out or while
 * the cache is switched off. A session that ends takes its copy (files and
 * key) with it; the composition root wires that to the session's changes.
 */
import { join } from 'node:path';
import { nodeCacheFs, type CacheFileSystem } from '../cache/cache-fs.ts';
import { OfflineCache } from '../cache/offline-cache.ts';
import type { SecretStore } from '../keychain.ts';
import type { Logger } from '../log.ts';
import type { SettingsStore } from '../settings.ts';

export interface OfflineCopiesDeps {
  /** The signed-in keychain account, or null. */
  account: () => string | null;
  settings: SettingsStore;
  secrets: SecretStore;
  dataDir: string;
  log: Logger;
  /** The UI language: copies are persisted in its name order. */
  language?: () => string;
  fs?: CacheFileSystem;
}

export class OfflineCopies {
  readonly #deps: OfflineCopiesDeps;
  #cache: { account: string; cache: OfflineCache } | null = null;
  /** A damaged, rolled-back or swapped copy was thrown away (until the admin has read it). */
  #discarded = false;

  constructor(deps: OfflineCopiesDeps) {
    this.#deps = deps;
  }

  /** The copy of the signed-in account (none when signed out or switched off). */
  current(): OfflineCache | null {
    const account = this.#deps.account();
    if (!account || !this.#deps.settings.read().cacheEnabled) return null;
    if (this.#cache?.account !== account) this.#cache = this.#open(account);
    return this.#cache.cache;
  }

  /** What the admin should know about the copy: the disk refusing writes outranks a discarded copy. */
  notice(): 'cache_write_failed' | 'cache_discarded' | null {
    if (this.#cache?.cache.unsaved) return 'cache_write_failed';
    return this.#discarded ? 'cache_discarded' : null;
  }

  /** A copy kept apart (the activity) was thrown away as damaged: the same notice. */
  noteDiscarded(): void {
    this.#discarded = true;
  }

  /** The admin has read the notice (a disk still refusing writes keeps saying so). */
  acknowledge(): void {
    this.#discarded = false;
  }

  /** At start: delete copies of safes the stored list does not name. */
  async prune(): Promise<void> {
    await this.current()?.prune();
  }

  /** Sign-out, or the cache switched off: that account's files and key go. */
  async wipe(account: string | null): Promise<void> {
    const cache = this.#cache?.account === account ? this.#cache.cache : account ? this.#open(account).cache : null;
    this.#cache = null;
    this.#discarded = false;
    await cache?.wipe();
  }

  /**
   * The cache switched off by policy: besides this account's copy and key,
   * every account's files go (`<dataDir>/cache`). Keys of other accounts
   * stay in the keychain, where they open nothing any more.
   */
  async wipeAll(): Promise<void> {
    await (this.#deps.fs ?? nodeCacheFs).removeDir(join(this.#deps.dataDir, 'cache'));
  }

  #open(account: string): { account: string; cache: OfflineCache } {
    const { dataDir, secrets, log, fs, language } = this.#deps;
    const onDiscarded = () => {
      this.#discarded = true;
    };
    return {
      account,
      cache: new OfflineCache({
        dataDir,
        secrets,
        account,
        log,
        onDiscarded,
        ...(fs ? { fs } : {}),
        ...(language ? { language } : {}),
      }),
    };
  }
}
