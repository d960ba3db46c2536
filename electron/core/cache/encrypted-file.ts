/**
 * An append-only file of AES-256-GCM encrypted records. Appends write only
 * the new record (no rewrite of the whole cache per change); `rewrite`
 * compacts atomically. Each record's additional authenticated data binds it
 * to the file's header (format version, file id), to what the file is for
 * (`context`: the signed-in account on its server and, e.g., the safe id)
 * and to its position, so records cannot be altered, reordered, spliced in
 * from another file or read as another safe's. What a record cannot prove
 * by itself — that none were cut off the end — the caller checks against
 * the seal (file id, record count) it keeps elsewhere.
 *
 * Layout: MAGIC(8) | version u16 BE | fileId(16) | { length u32 BE | iv(12) | ciphertext | tag(16) }*
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { TimeSlicer } from '../time-slice.ts';
import type { CacheFileSystem } from './cache-fs.ts';

const MAGIC = Buffer.from('TSACACHE', 'ascii');
/** The layout above. Any other version is not misread: the file is rebuilt. */
export const FORMAT_VERSION = 2;
const FILE_ID_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = MAGIC.length + 2 + FILE_ID_BYTES;
export const KEY_BYTES = 32;

export class CacheCorruptError extends Error {
  constructor(reason: string) {
    super(`cache file rejected: ${reason}`);
    this.name = 'CacheCorruptError';
  }
}

/** Written by another version of the app: not damage, but not readable as this layout either. */
export class CacheFormatError extends CacheCorruptError {
  constructor(version: number | string) {
    super(typeof version === 'number' ? `format version ${version}, expected ${FORMAT_VERSION}` : version);
    this.name = 'CacheFormatError';
  }
}

/** What the caller remembers about a file to detect a cut-off end or a swapped file. */
export interface FileSeal {
  id: string;
  records: number;
}

function header(fileId: Buffer, version = FORMAT_VERSION): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(bytes, 0);
  bytes.writeUInt16BE(version, MAGIC.length);
  fileId.copy(bytes, MAGIC.length + 2);
  return bytes;
}

function aad(head: Buffer, context: Buffer, index: number): Buffer {
  const position = Buffer.alloc(4);
  position.writeUInt32BE(index);
  return Buffer.concat([head, context, position]);
}

/**
 * A record that is a JSON object, written field by field: its text is the
 * same as `JSON.stringify` of the object (read back as any record is), but a
 * field of non-Latin-1 text (a column of names) no longer makes the text of
 * every other field a two-byte string to build and then encode as UTF-8 (a
 * chunk of 2 000 members: about half the time).
 */
export class JsonFields {
  readonly fields: object;

  constructor(fields: object) {
    this.fields = fields;
  }

  /** The JSON text in pieces, in order. */
  *texts(): Generator<string> {
    let first = true;
    for (const [name, value] of Object.entries(this.fields)) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) continue;
      yield `${first ? '{' : ','}${JSON.stringify(name)}:`;
      yield text;
      first = false;
    }
    yield first ? '{}' : '}';
  }
}

/**
 * A record's frame in its parts (length, iv, ciphertext, tag), written one
 * after the other: a snapshot chunk of several megabytes is not copied into
 * one buffer and then into another.
 */
function seal(key: Buffer, head: Buffer, context: Buffer, index: number, record: unknown): Buffer[] {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(head, context, index));
  const body: Buffer[] = [];
  let size = 0;
  const add = (text: string) => {
    const part = cipher.update(text, 'utf8');
    body.push(part);
    size += part.length;
  };
  if (record instanceof JsonFields) for (const text of record.texts()) add(text);
  else add(JSON.stringify(record));
  const last = cipher.final();
  const tag = cipher.getAuthTag();
  const length = Buffer.alloc(4);
  length.writeUInt32BE(IV_BYTES + size + last.length + tag.length);
  return [length, iv, ...body, last, tag];
}

/** A file's records, read one at a time: `read` decrypts and authenticates record `index` (or throws CacheCorruptError). */
export interface RecordReader {
  readonly count: number;
  read(index: number): unknown;
}

export interface EncryptedFileOptions {
  fs: CacheFileSystem;
  path: string;
  key: Buffer;
  /** What the file holds, for whom: records of another context fail authentication. */
  context: string;
}

export class EncryptedFile {
  readonly path: string;
  readonly #fs: CacheFileSystem;
  readonly #key: Buffer;
  readonly #context: Buffer;
  #head: Buffer;
  #count: number;
  #size: number;
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(options: EncryptedFileOptions, head: Buffer, count: number, size: number) {
    this.path = options.path;
    this.#fs = options.fs;
    this.#key = options.key;
    this.#context = createHash('sha256').update(options.context, 'utf8').digest();
    this.#head = head;
    this.#count = count;
    this.#size = size;
  }

  /** Records in the file (in order) and a handle to append more. A missing file opens empty. */
  static async open(options: EncryptedFileOptions): Promise<{ file: EncryptedFile; records: unknown[] }> {
    const { file, records } = await EncryptedFile.openLazily(options);
    const all: unknown[] = [];
    for (let index = 0; index < records.count; index += 1) all.push(records.read(index));
    return { file, records: all };
  }

  /**
   * The file's records, each decrypted and authenticated only when read (a
   * large copy is read a slice at a time). The record count is known at
   * once: the frames are walked without decrypting anything.
   */
  static async openLazily(options: EncryptedFileOptions): Promise<{ file: EncryptedFile; records: RecordReader }> {
    if (options.key.length !== KEY_BYTES) throw new Error('cache key must be 32 bytes');
    const bytes = await options.fs.read(options.path);
    if (bytes === null) {
      const file = new EncryptedFile(options, header(randomBytes(FILE_ID_BYTES)), 0, 0);
      return { file, records: { count: 0, read: () => undefined } };
    }
    if (bytes.length < HEADER_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new CacheCorruptError('not a cache file');
    }
    const version = bytes.readUInt16BE(MAGIC.length);
    if (version !== FORMAT_VERSION) throw new CacheFormatError(version);
    const head = Buffer.from(bytes.subarray(0, HEADER_BYTES));
    const file = new EncryptedFile(options, head, 0, bytes.length);
    const starts: number[] = [];
    let offset = HEADER_BYTES;
    while (offset < bytes.length) {
      if (offset + 4 > bytes.length) throw new CacheCorruptError('truncated record');
      const length = bytes.readUInt32BE(offset);
      if (length < IV_BYTES + TAG_BYTES || offset + 4 + length > bytes.length) {
        throw new CacheCorruptError('bad record length');
      }
      starts.push(offset);
      offset += 4 + length;
    }
    file.#count = starts.length;
    const read = (index: number): unknown => {
      const at = starts[index];
      if (at === undefined) throw new RangeError(`no record ${index}`);
      const start = at + 4;
      const end = start + bytes.readUInt32BE(at);
      const decipher = createDecipheriv('aes-256-gcm', options.key, bytes.subarray(start, start + IV_BYTES));
      decipher.setAAD(aad(head, file.#context, index));
      decipher.setAuthTag(bytes.subarray(end - TAG_BYTES, end));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(bytes.subarray(start + IV_BYTES, end - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new CacheCorruptError('authentication failed');
      }
      return JSON.parse(plain.toString('utf8')) as unknown;
    };
    return { file, records: { count: starts.length, read } };
  }

  get recordCount(): number {
    return this.#count;
  }

  get size(): number {
    return this.#size;
  }

  /** The file id and record count now: kept elsewhere, they prove later that nothing was cut off or swapped. */
  get seal(): FileSeal {
    return { id: this.#head.subarray(MAGIC.length + 2).toString('hex'), records: this.#count };
  }

  /** Whether the file read from disk is the one `expected` describes, with nothing cut off its end. */
  matches(expected: FileSeal): boolean {
    const { id, records } = this.seal;
    return id === expected.id && records >= expected.records;
  }

  /**
   * Writes are serialised; each resolves once on disk. A failed append is
   * cut back off, so the file on disk stays the one before the call.
   */
  append(record: unknown): Promise<void> {
    return this.#enqueue(async () => {
      if (this.#count === 0) return this.#replace([record], this.#head);
      const frame = Buffer.concat(seal(this.#key, this.#head, this.#context, this.#count, record));
      try {
        await this.#fs.append(this.path, frame);
      } catch (error) {
        await this.#fs.truncate(this.path, this.#size).catch(() => undefined);
        throw error;
      }
      this.#count += 1;
      this.#size += frame.length;
    });
  }

  /** Replace the whole file with `records` (compaction) under a new file id, atomically. */
  rewrite(records: Iterable<unknown>): Promise<void> {
    return this.#enqueue(() => this.#replace(records, header(randomBytes(FILE_ID_BYTES))));
  }

  remove(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#fs.remove(this.path);
      this.#head = header(randomBytes(FILE_ID_BYTES));
      this.#count = 0;
      this.#size = 0;
    });
  }

  async #replace(records: Iterable<unknown>, head: Buffer): Promise<void> {
    // Sealed in slices: a large copy is many records, and the event loop gets turns between them.
    const slicer = new TimeSlicer();
    const parts: Buffer[] = [head];
    let count = 0;
    for (const record of records) {
      parts.push(...seal(this.#key, head, this.#context, count, record));
      count += 1;
      await slicer.turn();
    }
    await this.#fs.replace(this.path, parts);
    this.#head = head;
    this.#count = count;
    this.#size = parts.reduce((size, part) => size + part.length, 0);
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.#queue.then(task, task);
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
