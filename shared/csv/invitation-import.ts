/**
 * Importing invitations from CSV, and the template to fill in.
 *
 * - The text may start with a byte-order mark; the separator is `,`, `;`
 *   (Excel in German, French and Italian locales) or a tab, whichever the
 *   header line holds most of (outside quotes); quoted cells may hold
 *   separators, quotes and line breaks (papaparse).
 * - Headers are recognised in English, German, French and Italian (the
 *   catalogues' `csv.columns`) and as machine names, ignoring case, accents,
 *   spaces and punctuation ("E-Mail", "email", "Numéro de mobile"). Name and
 *   e-mail are required columns; unknown columns are ignored (and listed).
 * - Values: roles, languages and code deliveries as machine names or in any
 *   of the four languages become machine values; anything else stays as
 *   written, for the server to call unknown. An empty delivery is `sms`
 *   when the row has a mobile number, `display` otherwise; an empty country
 *   is taken from a number in international form. Cells the export
 *   neutralised (a leading `'`) are restored.
 * - Blank lines are skipped. At most BULK_INVITE_LIMIT rows: more is refused
 *   with `too_many_rows` (and the count) before anything is sent.
 * The rows go to the server's `bulkInviteMembers` as they are here (with a
 * `key` each for the real run); the server validates every row.
 */
import Papa from 'papaparse';
import { BULK_INVITE_COLUMNS, BULK_INVITE_LIMIT, type BulkInviteColumn } from '../api/bulk-invite.ts';
import { CODE_DELIVERIES } from '../api/members.ts';
import { ROLE_KEYS } from '../catalog/roles.ts';
import { CATALOGUES } from '../i18n/catalogues.ts';
import { LANGUAGES, type Language } from '../languages.ts';
import { countryOfInternationalNumber } from '../phone.ts';
import { restoreCell } from './neutralise.ts';
import { column, languageText, roleText } from './columns.ts';
import { csvChunks, type CsvColumn, type CsvWriteOptions } from './write.ts';

/** A row of the file: every column as text (machine values where recognised), and its line in the file. */
export type InvitationImportRow = Record<BulkInviteColumn, string> & { line: number };

export type InvitationImportError =
  | { code: 'csv_empty' }
  | { code: 'too_many_rows'; count: number; max: number }
  | { code: 'csv_missing_columns'; columns: BulkInviteColumn[] }
  | { code: 'csv_unreadable'; line: number };

export type InvitationImport =
  | { ok: true; rows: InvitationImportRow[]; delimiter: string; ignoredColumns: string[] }
  | { ok: false; error: InvitationImportError };

export const REQUIRED_IMPORT_COLUMNS: readonly BulkInviteColumn[] = ['name', 'email'];
const DELIMITERS = [',', ';', '\t'] as const;

/** Case, accents, spaces and punctuation ignored. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const languages = Object.values(CATALOGUES);

function lookup<K extends string>(entries: Iterable<[string, K]>): ReadonlyMap<string, K> {
  const map = new Map<string, K>();
  for (const [text, key] of entries) map.set(normaliseHeader(text), key);
  return map;
}

/** Every header the import recognises, in every language, → its column. */
export const IMPORT_HEADERS: ReadonlyMap<string, BulkInviteColumn> = lookup(
  BULK_INVITE_COLUMNS.flatMap((key) => [
    [key, key] as [string, BulkInviteColumn],
    ...languages.map((catalogue): [string, BulkInviteColumn] => [catalogue.csv.columns[key], key]),
  ]),
);

const ROLE_VALUES = lookup(
  ROLE_KEYS.flatMap((key) => [
    [key, key] as [string, string],
    ...languages.map((c): [string, string] => [c.roles[key], key]),
  ]),
);
const LANGUAGE_VALUES = lookup(
  LANGUAGES.flatMap((code) => [
    [code, code] as [string, string],
    ...languages.map((c): [string, string] => [c.language.names[code], code]),
  ]),
);
const DELIVERY_VALUES = lookup(
  CODE_DELIVERIES.flatMap((key) => [
    [key, key] as [string, string],
    ...languages.map((c): [string, string] => [c.csv.delivery[key], key]),
  ]),
);

function recognise(values: ReadonlyMap<string, string>, cell: string): string {
  return values.get(normaliseHeader(cell)) ?? cell;
}

function recogniseLanguage(cell: string): string {
  const tag = /^([a-z]{2})[-_][a-z0-9]{2,8}$/i.exec(cell); // de-CH
  return recognise(LANGUAGE_VALUES, tag?.[1] ?? cell);
}

/** The separator the header line holds most of, outside quotes (ties: comma). */
function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: string = ',';
  for (const [delimiter, count] of counts) if (count > (counts.get(best) ?? 0)) best = delimiter;
  return best;
}

function toRow(cells: readonly string[], positions: ReadonlyMap<BulkInviteColumn, number>, line: number) {
  const cell = (key: BulkInviteColumn) => {
    const index = positions.get(key);
    return index === undefined ? '' : restoreCell(cells[index] ?? '').trim();
  };
  const mobile = cell('mobile');
  const delivery = cell('codeDelivery');
  const country = cell('country').toUpperCase() || (mobile ? (countryOfInternationalNumber(mobile) ?? '') : '');
  const row: InvitationImportRow = {
    line,
    name: cell('name'),
    email: cell('email'),
    role: recognise(ROLE_VALUES, cell('role')),
    language: recogniseLanguage(cell('language')),
    codeDelivery: delivery === '' ? (mobile ? 'sms' : 'display') : recognise(DELIVERY_VALUES, delivery),
    country,
    mobile,
  };
  return row;
}

/** Parse an import file's text (as read, BOM and all). */
export function parseInvitationCsv(input: string): InvitationImport {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const delimiter = detectDelimiter(text.replace(/^\s*[\r\n]+/, ''));
  const records: { cells: string[]; line: number }[] = [];
  let unreadable: number | null = null;
  let line = 1;
  let position = 0;
  let count = 0;
  Papa.parse<string[]>(text, {
    delimiter,
    step: (result, parser) => {
      const start = position;
      position = result.meta.cursor;
      const rowLine = line;
      for (let i = start; i < position; i++) if (text.charCodeAt(i) === 10) line++;
      if (result.errors.some((error) => error.type === 'Quotes')) {
        unreadable = rowLine;
        parser.abort();
        return;
      }
      if (result.data.every((cell) => cell.trim() === '')) return;
      count++;
      // the header and one row over the limit are enough to refuse; the rest is only counted
      if (count <= BULK_INVITE_LIMIT + 2) records.push({ cells: result.data, line: rowLine });
    },
  });
  if (unreadable !== null) return { ok: false, error: { code: 'csv_unreadable', line: unreadable } };
  const [header, ...data] = records;
  if (!header) return { ok: false, error: { code: 'csv_empty' } };

  const positions = new Map<BulkInviteColumn, number>();
  const ignoredColumns: string[] = [];
  header.cells.forEach((title, index) => {
    const key = IMPORT_HEADERS.get(normaliseHeader(restoreCell(title)));
    if (key !== undefined && !positions.has(key)) positions.set(key, index);
    else if (title.trim() !== '') ignoredColumns.push(title.trim());
  });
  const missing = REQUIRED_IMPORT_COLUMNS.filter((key) => !positions.has(key));
  if (missing.length > 0) return { ok: false, error: { code: 'csv_missing_columns', columns: missing } };
  const rows = count - 1;
  if (rows === 0) return { ok: false, error: { code: 'csv_empty' } };
  if (rows > BULK_INVITE_LIMIT)
    return { ok: false, error: { code: 'too_many_rows', count: rows, max: BULK_INVITE_LIMIT } };
  return {
    ok: true,
    rows: data.map((record) => toRow(record.cells, positions, record.line)),
    delimiter,
    ignoredColumns,
  };
}

// ---------------------------------------------------------------- the template

interface TemplateRow {
  name: string;
  email: string;
  role: (typeof ROLE_KEYS)[number];
  language: Language;
  codeDelivery: (typeof CODE_DELIVERIES)[number];
  country: string;
  mobile: string;
}

/** The template's columns, in BULK_INVITE_COLUMNS order: what the import reads back. */
export const INVITATION_TEMPLATE_COLUMNS: readonly CsvColumn<TemplateRow>[] = [
  column('name', (row) => row.name),
  column('email', (row) => row.email),
  column('role', (row, context) => roleText(row.role, context)),
  column('language', (row, context) => languageText(row.language, context)),
  column('codeDelivery', (row, context) =>
    context.machine ? row.codeDelivery : context.catalogue.csv.delivery[row.codeDelivery],
  ),
  column('country', (row) => row.country),
  column('mobile', (row) => row.mobile),
];

/** A template to fill in: the header and two example rows (code shown, code by SMS) in `language`. */
export function invitationTemplateCsv(options: Pick<CsvWriteOptions, 'language' | 'machine'>): string {
  const example = CATALOGUES[options.language].csv.example;
  const rows: TemplateRow[] = [
    {
      name: example.displayName,
      email: example.displayEmail,
      role: 'viewer',
      language: options.language,
      codeDelivery: 'display',
      country: '',
      mobile: '',
    },
    {
      name: example.smsName,
      email: example.smsEmail,
      role: 'editor',
      language: options.language,
      codeDelivery: 'sms',
      country: 'CH',
      mobile: example.smsNumber,
    },
  ];
  return [...csvChunks(INVITATION_TEMPLATE_COLUMNS, rows, options)].join('');
}
