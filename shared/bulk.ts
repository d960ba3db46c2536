/**
 * Parsing of a pasted list of e-mail addresses for bulk group membership.
 * The renderer uses it to show counts before submit; the server uses the same
 * function on the raw text it receives, so both sides agree on every entry.
 *
 * - Entries are separated by commas, semicolons, line breaks or other
 *   whitespace; empty entries (`a@x.ch,,b@x.ch`) are ignored.
 * - The display-name form is accepted: `Jane Doe <jane@x.ch>` and
 *   `"Doe, Jane" <jane@x.ch>` are one entry each.
 * - Words without `@` that are not a display name (`Jane Doe` alone) form one
 *   invalid entry.
 * - Addresses are trimmed and lower-cased; a repeat of an earlier address
 *   (in any case) is a `duplicate`.
 * - `BULK_LIMIT` counts every non-empty entry, invalid and duplicate ones
 *   included: 50 valid + 1 invalid is 51 entries, over the limit.
 *
 * Linear in the length of the text (one regex pass, no backtracking
 * alternatives that overlap), so a 1 MB paste is parsed in milliseconds.
 * No Node imports: this runs in the renderer too.
 */
import { z } from 'zod';
import { Email } from './validation.ts';

export const BULK_LIMIT = 50;
/** Longer entries are shortened (with `…`) in `raw`, for display only. */
export const BULK_ENTRY_DISPLAY_MAX = 320;

export type BulkEntryStatus = 'valid' | 'invalid' | 'duplicate';

export interface BulkEntry {
  /** Position among the non-empty entries, from 0. */
  index: number;
  /** The entry as pasted (trimmed; shortened past BULK_ENTRY_DISPLAY_MAX). */
  raw: string;
  /** Lower-cased address, for valid and duplicate entries. */
  email?: string;
  /** Display name of the `Name <address>` form. */
  name?: string;
  status: BulkEntryStatus;
  /** For a duplicate: index of the first entry with the same address. */
  duplicateOf?: number;
  /** True for entries past the limit (index ≥ BULK_LIMIT). */
  beyondLimit: boolean;
}

export interface BulkParseResult {
  entries: BulkEntry[];
  /** Non-empty entries: what the limit counts. */
  count: number;
  valid: number;
  invalid: number;
  duplicate: number;
  limit: number;
  overLimit: boolean;
}

// quoted string | angle address (closing `>` optional) | word | separator | other whitespace | a lone quote
const TOKEN = /"[^"\r\n]*"|<[^<>\r\n,;]*>?|[^\s,;"<]+|[,;\r\n]|[^\S\r\n]+|"/g;

interface Pending {
  start: number;
  end: number;
  names: string[];
}

function shorten(text: string): string {
  return text.length > BULK_ENTRY_DISPLAY_MAX ? `${text.slice(0, BULK_ENTRY_DISPLAY_MAX - 1)}…` : text;
}

function normalise(address: string): string | undefined {
  // the schema's own test first: garbage is refused without building a zod error
  const trimmed = address.trim();
  if (trimmed.length > 254 || !z.regexes.email.test(trimmed)) return undefined;
  const parsed = Email.safeParse(address);
  return parsed.success ? parsed.data : undefined;
}

export function parseBulkEntries(text: string): BulkParseResult {
  const entries: BulkEntry[] = [];
  const firstIndex = new Map<string, number>();
  const counts = { valid: 0, invalid: 0, duplicate: 0 };
  const seen = new Map<string, string | undefined>();

  const push = (start: number, end: number, address: string | null, name: string | undefined) => {
    const index = entries.length;
    const raw = shorten(text.slice(start, end).trim());
    let email: string | undefined;
    if (address !== null) {
      // repeats (the usual bulk of a huge paste) are validated once
      email = seen.has(address) ? seen.get(address) : normalise(address);
      seen.set(address, email);
    }
    const entry: BulkEntry = { index, raw, status: 'invalid', beyondLimit: index >= BULK_LIMIT };
    if (name) entry.name = name;
    if (email !== undefined) {
      entry.email = email;
      const first = firstIndex.get(email);
      if (first === undefined) {
        firstIndex.set(email, index);
        entry.status = 'valid';
      } else {
        entry.status = 'duplicate';
        entry.duplicateOf = first;
      }
    }
    counts[entry.status]++;
    entries.push(entry);
  };

  let pending: Pending | null = null;
  const flush = () => {
    if (pending) push(pending.start, pending.end, null, undefined);
    pending = null;
  };

  for (const match of text.matchAll(TOKEN)) {
    const token = match[0];
    const start = match.index;
    const end = start + token.length;
    const first = token[0];
    if (first === ',' || first === ';' || first === '\n' || first === '\r') {
      flush();
    } else if (/^\s/.test(token)) {
      // whitespace: separates words, but may sit inside a display name
    } else if (first === '<') {
      const current: Pending | null = pending;
      const name = current ? current.names.join(' ').trim() : '';
      push(current?.start ?? start, end, token.slice(1, token.endsWith('>') ? -1 : undefined), name || undefined);
      pending = null;
    } else if (first !== '"' && token.includes('@')) {
      flush();
      push(start, end, token, undefined);
    } else {
      // part of a display name (or of an invalid entry if no address follows)
      const current: Pending = pending ?? { start, end, names: [] };
      current.end = end;
      current.names.push(token.length > 1 && first === '"' ? token.slice(1, -1) : token);
      pending = current;
    }
  }
  flush();

  return {
    entries,
    count: entries.length,
    ...counts,
    limit: BULK_LIMIT,
    overLimit: entries.length > BULK_LIMIT,
  };
}
