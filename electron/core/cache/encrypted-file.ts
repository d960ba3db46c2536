/**
 * An append-only file of AES-256-GCM encrypted records. Appends write only
 * the new record (no rewrite of the whole cache per change); `rewrite`
 * compacts atomically (temp file + rename). Each record is bound to this
 * file and its position (additional authenticated data), so records cannot
 * be altered, reordered or spliced in from another file; any damage makes
 * the whole file fail to open and the caller rebuilds it from the server.
 *
 * Layout: MAGIC(8) | fileId(16) | { length u32 BE | iv(12) | ciphertext | tag(16) }*
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

const MAGIC = Buffer.from('TSACACHE', 'ascii');
const FILE_ID_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + FILE_ID_BYTES;
export const KEY_BYTES = 32;

export class CacheCorruptError extends Error {
  constructor(reason: string) {
    super(`cache file rejected: ${reason}`);
    this.name = 'CacheCorruptError';
  }
}

function aad(fileId: Buffer, index: number): Buffer {
  const position = Buffer.alloc(4);
  position.writeUInt32BE(index);
  return Buffer.concat([MAGIC, fileId, position]);
}

function seal(key: Buffer, fileId: Buffer, index: number, record: unknown): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(fileId, index));
  const body = Buffer.concat([cipher.update(JSON.stringify(record), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(IV_BYTES + body.length);
  return Buffer.concat([length, iv, body]);
}

export class EncryptedFile {
  readonly path: string;
  readonly #key: Buffer;
  #fileId: Buffer;
  #count: number;
  #size: number;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(path: string, key: Buffer, fileId: Buffer, count: number, size: number) {
    this.path = path;
    this.#key = key;
    this.#fileId = fileId;
    this.#count = count;
    this.#size = size;
  }

  /** Records in the file (in order) and a handle to append more. A missing file opens empty. */
  static async open(path: string, key: Buffer): Promise<{ file: EncryptedFile; records: unknown[] }> {
    if (key.length !== KEY_BYTES) throw new Error('cache key must be 32 bytes');
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const file = new EncryptedFile(path, key, randomBytes(FILE_ID_BYTES), 0, 0);
      return { file, records: [] };
    }
    if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new CacheCorruptError('not a cache file');
    }
    const fileId = Buffer.from(bytes.subarray(MAGIC.length, HEADER_BYTES));
    const records: unknown[] = [];
    let offset = HEADER_BYTES;
    while (offset < bytes.length) {
      if (offset + 4 > bytes.length) throw new CacheCorruptError('truncated record');
      const length = bytes.readUInt32BE(offset);
      const start = offset + 4;
      const end = start + length;
      if (length < IV_BYTES + TAG_BYTES || end > bytes.length) throw new CacheCorruptError('bad record length');
      const iv = bytes.subarray(start, start + IV_BYTES);
      const ciphertext = bytes.subarray(start + IV_BYTES, end - TAG_BYTES);
      const tag = bytes.subarray(end - TAG_BYTES, end);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAAD(aad(fileId, records.length));
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
      } catch {
        throw new CacheCorruptError('authentication failed');
      }
      records.push(JSON.parse(plain.toString('utf8')) as unknown);
      offset = end;
    }
    return { file: new EncryptedFile(path, key, fileId, records.length, bytes.length), records };
  }

  get recordCount(): number {
    return this.#count;
  }

  get size(): number {
    return this.#size;
  }

  /** Writes are serialised; each resolves once on disk (fsync'd). */
  append(record: unknown): Promise<void> {
    return this.#enqueue(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const frame = seal(this.#key, this.#fileId, this.#count, record);
      const handle = await open(this.path, this.#count === 0 ? 'w' : 'a', 0o600);
      try {
        if (this.#count === 0) await handle.write(Buffer.concat([MAGIC, this.#fileId]));
        await handle.write(frame);
        await handle.sync();
      } finally {
        await handle.close();
      }
      this.#count += 1;
      this.#size += frame.length + (this.#count === 1 ? HEADER_BYTES : 0);
    });
  }

  /** Replace the whole file with `records` (compaction), atomically. */
  rewrite(records: readonly unknown[]): Promise<void> {
    return this.#enqueue(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const fileId = randomBytes(FILE_ID_BYTES);
      const frames = records.map((record, index) => seal(this.#key, fileId, index, record));
      const bytes = Buffer.concat([MAGIC, fileId, ...frames]);
      const temp = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
      const handle = await open(temp, 'w', 0o600);
      try {
        await handle.write(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, this.path);
      this.#fileId = fileId;
      this.#count = records.length;
      this.#size = bytes.length;
    });
  }

  remove(): Promise<void> {
    return this.#enqueue(async () => {
      await rm(this.path, { force: true });
      this.#fileId = randomBytes(FILE_ID_BYTES);
      this.#count = 0;
      this.#size = 0;
    });
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
