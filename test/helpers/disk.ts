/**
 * The offline cache's real disk adapter, with a switch that makes it behave
 * like a full disk: appends write half their bytes and fail with ENOSPC,
 * atomic replacements fail before anything is renamed.
 */
import { nodeCacheFs, type CacheFileSystem } from '../../electron/core/cache/cache-fs.ts';

export class FillableDisk implements CacheFileSystem {
  full = false;
  /** Writes refused so far. */
  refused = 0;

  read = nodeCacheFs.read;
  list = nodeCacheFs.list;
  remove = nodeCacheFs.remove;
  removeDir = nodeCacheFs.removeDir;
  truncate = nodeCacheFs.truncate;

  async append(path: string, bytes: Buffer): Promise<void> {
    if (this.full) {
      await nodeCacheFs.append(path, bytes.subarray(0, bytes.length >> 1));
      this.#refuse();
    }
    await nodeCacheFs.append(path, bytes);
  }

  async replace(path: string, bytes: Buffer | readonly Buffer[]): Promise<void> {
    if (this.full) this.#refuse();
    await nodeCacheFs.replace(path, bytes);
  }

  #refuse(): never {
    this.refused += 1;
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  }
}
