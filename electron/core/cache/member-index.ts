/**
 * A team safe's members held in main-process memory, answering the same
 * paged queries as the server (status filter, search, sort) without a round
 * trip. Sorting is locale-aware (Intl.Collator in the UI language, so
 * accents and non-Latin names fall where a reader of that language expects).
 *
 * Work per change and per keystroke does not grow with the safe:
 * - each ordering is sorted once and then kept sorted under changes (a
 *   binary search and a splice per changed member), never re-sorted;
 * - the name order and the folded names travel with the persisted
 *   copy (`chunks`, `loading`), so a restart neither sorts nor folds, and
 *   the first rows can be answered before the rest of the copy is read;
 * - a search whose text extends an earlier one scans only that one's
 *   matches (typing "mu", "mul", "mull" narrows, it does not start over).
 * `stats` counts comparisons and rows scanned, so tests can prove this
 * without a stopwatch.
 */
import type { Member, MemberPage, MemberStatusFilter } from '../../../shared/api/schemas.ts';
import type { MemberSort, SortDirection } from '../../../shared/api/members.ts';
import type { RoleKey } from '../../../shared/catalog/roles.ts';
import { TimeSlicer } from '../time-slice.ts';
import { SearchText } from './search-text.ts';
import {
  comparator,
  entryOf,
  fold,
  lowerBound,
  mergeSorted,
  orderKey,
  persistedOrder,
  sortByName,
  type Compare,
  type Entry,
} from './member-order.ts';

export interface MemberQuery {
  status: MemberStatusFilter;
  offset: number;
  limit: number;
  q?: string | undefined;
  sort?: MemberSort | undefined;
  dir?: SortDirection | undefined;
}

export type MemberCounts = MemberPage['counts'];

/** What a member is found by: folded name and lower-case e-mail (made when the search text is). */
const searchKey = (entry: Entry): string => `${entry.folded}\u0000${entry.member.email.toLowerCase()}`;

/** The search key at each position of an ordering, as it is now. */
const keyOf =
  (ordering: Ordering) =>
  (at: number): string =>
    searchKey(ordering.entries[at]!);

/** A slice of the name order as it is persisted: members and their folded names, index for index. */
export interface MemberChunk {
  members: Member[];
  folded: string[];
}

/** What the work cost: comparisons made keeping orderings sorted under changes, and rows a search looked at. */
export interface IndexStats {
  comparisons: number;
  scanned: number;
}

interface Ordering {
  key: string;
  compare: Compare;
  entries: Entry[];
  /** The search keys of `entries`, made on first search (or with the index) and kept up to date by changes. */
  text: SearchText | null;
}

/** Control characters cannot be typed into the search and would match across keys (see search-text.ts). */
const CONTROL = /\p{Cc}/gu;

/** Changes larger than this are merged into an ordering in one pass instead of inserted one by one. */
const MERGE_ABOVE = 256;
/** Earlier searches kept for narrowing (and for going back with Backspace). */
const SEARCHES_KEPT = 16;

interface Loading {
  ordering: Ordering;
  /** Members changed after the snapshot: their snapshot rows are skipped, their new rows wait for their place. */
  changed: ReadonlySet<string>;
  pending: Entry[];
  counts: MemberCounts;
}

export class MemberIndex {
  readonly #entries = new Map<string, Entry>();
  #orders = new Map<string, Ordering>();
  #searches = new Map<string, Int32Array>();
  #invited = 0;
  #memberLimit: number;
  #loading: Loading | null = null;
  readonly stats: IndexStats = { comparisons: 0, scanned: 0 };

  constructor(members: Iterable<Member>, memberLimit: number) {
    this.#memberLimit = memberLimit;
    for (const member of members) this.#add(entryOf(member));
  }

  /**
   * Built in slices that leave the event loop free between them (a full
   * sync of a large safe): search keys, then the name order in `language`.
   * A member given more than once is the last of its records.
   */
  static async build(
    members: readonly Member[],
    memberLimit: number,
    language: string,
    slicer = new TimeSlicer(),
  ): Promise<MemberIndex> {
    const index = new MemberIndex([], memberLimit);
    for (let at = 0; at < members.length; at += 1) {
      const member = members[at]!;
      index.#add(entryOf(member));
      if ((at & 255) === 0) await slicer.turn();
    }
    if (index.#entries.size < members.length) {
      // Some came more than once: count the invited among the records kept.
      index.#invited = 0;
      for (const entry of index.#entries.values()) if (entry.member.status === 'invited') index.#invited += 1;
    }
    const key = persistedOrder(language);
    const sortBy = comparator('name', 'asc', language);
    const entries = await sortByName([...index.#entries.values()], language, sortBy, slicer);
    const ordering: Ordering = { key, compare: index.#counted(sortBy), entries, text: null };
    index.#orders.set(key, ordering);
    ordering.text = await SearchText.build(entries.length, keyOf(ordering), slicer);
    return index;
  }

  /**
   * An index read back from a persisted copy, chunk by chunk (`loadChunk`),
   * in the name order of `language`. `changes` are the deltas written after
   * the snapshot (null: removed); `counts` are the copy's counts with them.
   * Until `finishLoading`, only `partial` answers.
   */
  static loading(options: {
    memberLimit: number;
    language: string;
    counts: MemberCounts;
    changes: ReadonlyMap<string, Member | null>;
  }): MemberIndex {
    const index = new MemberIndex([], options.memberLimit);
    const key = persistedOrder(options.language);
    const compare = index.#counted(comparator('name', 'asc', options.language));
    const ordering: Ordering = { key, compare, entries: [], text: null };
    index.#orders.set(key, ordering);
    const pending: Entry[] = [];
    for (const member of options.changes.values()) if (member) pending.push(entryOf(member));
    pending.sort(compare);
    index.#loading = { ordering, changed: new Set(options.changes.keys()), pending, counts: options.counts };
    return index;
  }

  /** The next slice of the persisted name order. */
  loadChunk(chunk: MemberChunk): void {
    const loading = this.#loading;
    if (!loading) throw new Error('not loading');
    const { ordering, changed, pending } = loading;
    let last: Entry | null = null;
    for (let at = 0; at < chunk.members.length; at += 1) {
      const member = chunk.members[at]!;
      last = entryOf(member, chunk.folded[at]);
      if (changed.has(last.member.id)) continue;
      this.#entries.set(last.member.id, last);
      if (last.member.status === 'invited') this.#invited += 1;
      ordering.entries.push(last);
    }
    // Changed members whose place is now loaded join it: the loaded part is every member up to `last`.
    let due = 0;
    while (due < pending.length && last && ordering.compare(pending[due]!, last) <= 0) due += 1;
    for (const entry of pending.splice(0, due)) this.#insertLoaded(entry);
  }

  /** Every chunk is in: the index answers everything (its search text is made in slices meanwhile). */
  async finishLoading(): Promise<void> {
    const loading = this.#loading;
    if (!loading) return;
    for (const entry of loading.pending) this.#insertLoaded(entry);
    const { ordering } = loading;
    ordering.text = await SearchText.build(ordering.entries.length, keyOf(ordering));
    this.#loading = null;
  }

  get loaded(): boolean {
    return this.#loading === null;
  }

  get size(): number {
    return this.#entries.size;
  }

  set memberLimit(limit: number) {
    this.#memberLimit = limit;
  }

  *values(): IterableIterator<Member> {
    for (const entry of this.#entries.values()) yield entry.member;
  }

  get(id: string): Member | undefined {
    return this.#entries.get(id)?.member;
  }

  /** The members in the persisted order of `language`, `size` at a time, with their search keys. */
  *chunks(language: string, size: number): Generator<MemberChunk> {
    const { entries } = this.#ordered('name', 'asc', language);
    for (let at = 0; at < entries.length; at += size) {
      const slice = entries.slice(at, at + size);
      yield {
        members: slice.map((entry) => entry.member),
        folded: slice.map((entry) => entry.folded),
      };
    }
  }

  /** Apply a delta: every ordering already made is kept sorted (not rebuilt). */
  apply(upserts: readonly Member[], removed: readonly string[]): void {
    if (this.#loading) throw new Error('apply while loading');
    const gone: Entry[] = [];
    const added: Entry[] = [];
    const leave = (id: string) => {
      const old = this.#entries.get(id);
      if (!old) return;
      this.#entries.delete(id);
      if (old.member.status === 'invited') this.#invited -= 1;
      gone.push(old);
    };
    for (const member of upserts) {
      leave(member.id);
      added.push(this.#add(entryOf(member)));
    }
    for (const id of removed) leave(id);
    if (gone.length === 0 && added.length === 0) return;
    this.#searches = new Map();
    const leaving = new Set(gone);
    for (const ordering of this.#orders.values()) {
      if (gone.length + added.length > MERGE_ABOVE) {
        ordering.entries = mergeSorted(
          ordering.entries.filter((entry) => !leaving.has(entry)),
          [...added].sort(ordering.compare),
          ordering.compare,
        );
        ordering.text = null;
        continue;
      }
      for (const entry of gone) {
        const at = lowerBound(ordering.entries, entry, ordering.compare);
        if (ordering.entries[at] !== entry) continue;
        ordering.entries.splice(at, 1);
        ordering.text?.removed(at);
      }
      for (const entry of added) {
        const at = lowerBound(ordering.entries, entry, ordering.compare);
        ordering.entries.splice(at, 0, entry);
        ordering.text?.inserted(at);
      }
    }
  }

  counts(): MemberCounts {
    if (this.#loading) return this.#loading.counts;
    const all = this.#entries.size;
    return { all, invited: this.#invited, activated: all - this.#invited };
  }

  /** Whether there are members and every one has `role` (all Archivists: a digital archive). */
  everyoneIs(role: RoleKey): boolean {
    if (this.#entries.size === 0) return false;
    for (const entry of this.#entries.values()) if (entry.member.role !== role) return false;
    return true;
  }

  /**
   * While a persisted copy is still loading: the page if the part read so
   * far holds it (the first rows in the persisted order, with the copy's
   * counts), else null — the caller waits for the rest.
   */
  partial(query: MemberQuery, language: string): MemberPage | null {
    const loading = this.#loading;
    if (!loading) return this.query(query, language);
    const sort = query.sort ?? 'name';
    const dir = query.dir ?? 'asc';
    if (query.q?.trim() || orderKey(sort, dir, language) !== loading.ordering.key) return null;
    const end = query.offset + query.limit;
    const items: Member[] = [];
    let matched = 0;
    for (const { member } of loading.ordering.entries) {
      if (query.status !== 'all' && member.status !== query.status) continue;
      if (matched >= query.offset) items.push(member);
      matched += 1;
      if (matched >= end) break;
    }
    if (matched < end) return null;
    return this.#page(query, items, loading.counts[query.status]);
  }

  query(query: MemberQuery, language: string): MemberPage {
    if (this.#loading) throw new Error('query while loading');
    const ordering = this.#ordered(query.sort ?? 'name', query.dir ?? 'asc', language);
    const needle = query.q ? fold(query.q.trim()).replace(CONTROL, '') : '';
    const { entries } = ordering;
    if (query.status === 'all' && !needle) {
      const items = entries.slice(query.offset, query.offset + query.limit).map((entry) => entry.member);
      return this.#page(query, items, entries.length);
    }
    const matches = this.#matches(ordering, query.status, needle);
    const items: Member[] = [];
    for (let at = query.offset; at < Math.min(matches.length, query.offset + query.limit); at += 1) {
      items.push(entries[matches[at]!]!.member);
    }
    return this.#page(query, items, matches.length);
  }

  #page(query: MemberQuery, items: Member[], total: number): MemberPage {
    return { items, total, offset: query.offset, counts: this.counts(), memberLimit: this.#memberLimit };
  }

  /**
   * Positions in `ordering` of the members that match. An earlier search
   * in the same ordering and status whose text this one contains already
   * holds every match: only its matches are looked at.
   */
  #matches(ordering: Ordering, status: MemberStatusFilter, needle: string): Int32Array {
    const prefix = `${ordering.key}|${status}|`;
    const key = prefix + needle;
    const known = this.#searches.get(key);
    if (known) {
      // Most recently used last.
      this.#searches.delete(key);
      this.#searches.set(key, known);
      return known;
    }
    let from: Int32Array | null = null;
    for (const [earlier, matches] of this.#searches) {
      if (!earlier.startsWith(prefix) || !needle.includes(earlier.slice(prefix.length))) continue;
      if (!from || matches.length < from.length) from = matches;
    }
    const { entries } = ordering;
    const found = new Int32Array(from ? from.length : entries.length);
    let count = 0;
    const keep = (at: number) => {
      if (status !== 'all' && entries[at]!.member.status !== status) return;
      found[count] = at;
      count += 1;
    };
    if (!needle) {
      const rows = from ? from.length : entries.length;
      for (let row = 0; row < rows; row += 1) keep(from ? from[row]! : row);
      this.stats.scanned += rows;
    } else {
      ordering.text ??= SearchText.now(entries.length, keyOf(ordering));
      this.stats.scanned += ordering.text.find(needle, from, keep);
    }
    const matches = found.slice(0, count);
    this.#searches.set(key, matches);
    if (this.#searches.size > SEARCHES_KEPT) this.#searches.delete(this.#searches.keys().next().value!);
    return matches;
  }

  #add(entry: Entry): Entry {
    this.#entries.set(entry.member.id, entry);
    if (entry.member.status === 'invited') this.#invited += 1;
    return entry;
  }

  /** A changed member joins the loaded part of the persisted order at its place. */
  #insertLoaded(entry: Entry): void {
    const ordering = this.#loading!.ordering;
    this.#add(entry);
    ordering.entries.splice(lowerBound(ordering.entries, entry, ordering.compare), 0, entry);
  }

  #ordered(sort: MemberSort, dir: SortDirection, language: string): Ordering {
    const key = orderKey(sort, dir, language);
    const cached = this.#orders.get(key);
    if (cached) return cached;
    const sortBy = comparator(sort, dir, language);
    // The other direction, if made, only needs reversing.
    const opposite = this.#orders.get(orderKey(sort, dir === 'asc' ? 'desc' : 'asc', language));
    const entries = opposite ? [...opposite.entries].reverse() : [...this.#entries.values()].sort(sortBy);
    const ordering = { key, compare: this.#counted(sortBy), entries, text: null };
    this.#orders.set(key, ordering);
    return ordering;
  }

  #counted(compare: Compare): Compare {
    const stats = this.stats;
    return (a, b) => {
      stats.comparisons += 1;
      return compare(a, b);
    };
  }
}
