/**
 * Writing CSV for export: RFC 4180 (papaparse quotes a field only when it
 * holds the separator, a quote, a line break or edge spaces; quotes inside
 * are doubled; records end in CRLF), UTF-8 with a byte-order mark so Excel
 * reads accents right, every cell neutralised against formula injection
 * (neutralise.ts), headers in the UI language or as stable machine names.
 *
 * Large exports stream: `csvChunks` (sync) and `csvChunksAsync` (rows from
 * an async source, e.g. pages fetched one by one) pull rows only as the
 * consumer asks for chunks, and yield one string per `chunkRows` records,
 * so 100 000 members never sit in memory as one string and the UI can show
 * progress between chunks. No Node or DOM: this runs in main and renderer.
 */
import Papa from 'papaparse';
import { CATALOGUES } from '../i18n/catalogues.ts';
import type { Translation } from '../i18n/en.ts';
import type { Language } from '../languages.ts';
import { neutraliseCell } from './neutralise.ts';

export const CSV_BOM = '\uFEFF';
export const CSV_NEWLINE = '\r\n';
export const CSV_DELIMITER = ',';
export const DEFAULT_CHUNK_ROWS = 1000;

/** How a file is written: its language, and whether headers and values are machine names. */
export interface CsvContext {
  language: Language;
  catalogue: Translation;
  /** Headers are column keys, values machine values (role keys, ISO times, action names). */
  machine: boolean;
}

/** One column of an export: its stable key (the machine header), its translated header, its cell. */
export interface CsvColumn<Row> {
  key: string;
  header(context: CsvContext): string;
  value(row: Row, context: CsvContext): string;
}

export interface CsvWriteOptions {
  /** The UI language: headers and values in it (unless `machine`). */
  language: Language;
  /** Stable machine-readable headers and values instead. */
  machine?: boolean;
  /** Records per chunk (default 1000). */
  chunkRows?: number;
  /** Start with a UTF-8 byte-order mark (default true: Excel needs it). */
  bom?: boolean;
}

export function csvContext(options: Pick<CsvWriteOptions, 'language' | 'machine'>): CsvContext {
  return { language: options.language, catalogue: CATALOGUES[options.language], machine: options.machine ?? false };
}

/** Records, each cell neutralised and quoted as RFC 4180 says, each ending in CRLF. */
export function csvRecords(records: readonly (readonly string[])[]): string {
  if (records.length === 0) return '';
  const safe = records.map((cells) => cells.map(neutraliseCell));
  return (
    Papa.unparse(safe, { newline: CSV_NEWLINE, delimiter: CSV_DELIMITER, quotes: false, header: false }) + CSV_NEWLINE
  );
}

function chunkRowsOf(options: CsvWriteOptions): number {
  const size = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
  if (!Number.isInteger(size) || size < 1) throw new Error('chunkRows must be a positive integer');
  return size;
}

function headerChunk<Row>(columns: readonly CsvColumn<Row>[], context: CsvContext, bom: boolean): string {
  const headers = columns.map((column) => (context.machine ? column.key : column.header(context)));
  return (bom ? CSV_BOM : '') + csvRecords([headers]);
}

/**
 * The file in chunks: the first holds the BOM, the header and up to
 * `chunkRows` records; each further one the next `chunkRows` records.
 * Rows are read from `rows` only as chunks are asked for.
 */
export function* csvChunks<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: Iterable<Row>,
  options: CsvWriteOptions,
): Generator<string, void, undefined> {
  const context = csvContext(options);
  const size = chunkRowsOf(options);
  let pending = headerChunk(columns, context, options.bom ?? true);
  let batch: string[][] = [];
  for (const row of rows) {
    batch.push(columns.map((column) => column.value(row, context)));
    if (batch.length === size) {
      yield pending + csvRecords(batch);
      pending = '';
      batch = [];
    }
  }
  if (batch.length > 0 || pending !== '') yield pending + csvRecords(batch);
}

/** `csvChunks` for rows that arrive asynchronously (pages from the server or the cache). */
export async function* csvChunksAsync<Row>(
  columns: readonly CsvColumn<Row>[],
  rows: AsyncIterable<Row> | Iterable<Row>,
  options: CsvWriteOptions,
): AsyncGenerator<string, void, undefined> {
  const context = csvContext(options);
  const size = chunkRowsOf(options);
  let pending = headerChunk(columns, context, options.bom ?? true);
  let batch: string[][] = [];
  for await (const row of rows) {
    batch.push(columns.map((column) => column.value(row, context)));
    if (batch.length === size) {
      yield pending + csvRecords(batch);
      pending = '';
      batch = [];
    }
  }
  if (batch.length > 0 || pending !== '') yield pending + csvRecords(batch);
}

/** A whole (small) file as one string. */
export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row>, options: CsvWriteOptions): string {
  return [...csvChunks(columns, rows, options)].join('');
}
