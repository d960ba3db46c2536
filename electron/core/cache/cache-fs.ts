/**
 * The offline cache's only door to the disk. Every byte the cache writes or
 * reads passes here, so a test can make the disk fail (full, read-only) at
 * exactly this boundary and watch the cache keep working from memory.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface CacheFileSystem {
  /** The file's bytes, or null when it does not exist. */
  read(path: string): Promise<Buffer | null>;
  /** Append to an existing file and flush it to disk. */
  append(path: string, bytes: Buffer): Promise<void>;
  /** Cut a file back to `size` bytes (undo a half-written append). */
  truncate(path: string, size: number): Promise<void>;
  /**
   * Replace a file atomically (temp file, flush, rename); readers see the old
   * or the new bytes. Given in parts, they are written one after the other
   * (a large copy is never copied into one buffer first).
   */
  replace(path: string, bytes: Buffer | readonly Buffer[]): Promise<void>;
  remove(path: string): Promise<void>;
  /** The names in a folder; empty when it does not exist. */
  list(dir: string): Promise<string[]>;
  removeDir(dir: string): Promise<void>;
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** The real disk: files 0600 in folders 0700, every write flushed before it counts. */
export const nodeCacheFs: CacheFileSystem = {
  async read(path) {
    try {
      return await readFile(path);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async append(path, bytes) {
    const handle = await open(path, 'a', 0o600);
    try {
      await handle.write(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  async truncate(path, size) {
    await truncate(path, size);
  },
  async replace(path, bytes) {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.writev(Buffer.isBuffer(bytes) ? [bytes] : [...bytes]);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  },
  async remove(path) {
    await rm(path, { force: true });
  },
  async list(dir) {
    try {
      return await readdir(dir);
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
  },
  async removeDir(dir) {
    await rm(dir, { recursive: true, force: true });
  },
};
