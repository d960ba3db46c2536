/**
 * How a safe's members are ordered: names folded for search and sorting,
 * the comparators of every sort column in a language (Intl.Collator, with a
 * shortcut for plain names where the collation agrees with code units), and
 * the sliced sorts that build a large name order without blocking the event
 * loop. The index (member-index.ts) keeps orderings made here up to date.
 */
import type { Member } from '../../../shared/api/schemas.ts';
import type { MemberSort, SortDirection } from '../../../shared/api/members.ts';
import { ROLE_KEYS } from '../../../shared/catalog/roles.ts';
import type { TimeSlicer } from '../time-slice.ts';

/** Lower case, accents removed: "Élodie" and "elodie" match. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Names that fold (accents off, lower case) to ASCII letters and spaces: at
 * the collators' base strength they compare as their folded forms' code
 * units do, in the languages below.
 */
const PLAIN_NAME = /^[a-z ]*$/;
/**
 * Languages whose collation orders plain names like their folded code units
 * (not so, e.g., in Czech, Danish, Lithuanian, Swedish or Turkish): there
 * most comparisons skip the collator. A test holds each to it.
 */
export const PLAIN_ORDER_LANGUAGES: readonly string[] = ['en', 'de', 'fr', 'it'];

/** A member with its folded name and its plain sort name (the same string), if it has one. */
export function entryOf(member: Member, foldedName = fold(member.name)): Entry {
  return { member, folded: foldedName, plain: PLAIN_NAME.test(foldedName) ? foldedName : null };
}

export interface Entry {
  member: Member;
  /** The name folded (see `fold`). */
  folded: string;
  plain: string | null;
}

export type Compare = (a: Entry, b: Entry) => number;

const ROLE_ORDER = new Map<string, number>(ROLE_KEYS.map((role, index) => [role, index]));
const collators = new Map<string, Intl.Collator['compare']>();

export const orderKey = (sort: MemberSort, dir: SortDirection, language: string) => `${sort}|${dir}|${language}`;

const hasPlainOrder = (language: string): boolean =>
  PLAIN_ORDER_LANGUAGES.includes(language.toLowerCase().split(/[-_]/)[0] ?? '');

/** Members whose names compare equal: by id, so the order is total. */
export const byId = (a: Entry, b: Entry): number =>
  a.member.id < b.member.id ? -1 : a.member.id > b.member.id ? 1 : 0;

export function comparator(sort: MemberSort, dir: SortDirection, language: string): Compare {
  let text = collators.get(language);
  if (!text) {
    text = new Intl.Collator(language, { sensitivity: 'base', numeric: true }).compare;
    collators.set(language, text);
  }
  const compareText = text;
  const plainOrder = hasPlainOrder(language);
  const compareNames = (a: Entry, b: Entry): number => {
    if (plainOrder && a.plain !== null && b.plain !== null) return a.plain < b.plain ? -1 : a.plain > b.plain ? 1 : 0;
    return compareText(a.member.name, b.member.name);
  };
  const byName: Compare = (a, b) => compareNames(a, b) || byId(a, b);
  const ascending: Compare =
    sort === 'name'
      ? byName
      : sort === 'email'
        ? (a, b) => compareText(a.member.email, b.member.email) || byName(a, b)
        : sort === 'role'
          ? (a, b) => (ROLE_ORDER.get(a.member.role) ?? 0) - (ROLE_ORDER.get(b.member.role) ?? 0) || byName(a, b)
          : (a, b) => compareText(a.member[sort], b.member[sort]) || byName(a, b);
  return dir === 'asc' ? ascending : (a, b) => ascending(b, a);
}

/** The name order in `language` that a persisted copy is written in and read back as. */
export const persistedOrder = (language: string) => orderKey('name', 'asc', language);

/**
 * The name order `compare` gives (see `comparator`), made with far fewer
 * comparator calls. In a language where plain names sort as their folded
 * code units, members are grouped by plain name, the distinct names sorted
 * by the engine's own string order (no callback per comparison) and each
 * group by id; the few other names are sorted with the collator and each
 * merged in at its place by a binary search.
 */
export async function sortByName(
  entries: Entry[],
  language: string,
  compare: Compare,
  slicer: TimeSlicer,
): Promise<Entry[]> {
  if (!hasPlainOrder(language)) return sortSliced(entries, compare, slicer);
  const groups = new Map<string, Entry | Entry[]>();
  const others: Entry[] = [];
  for (let at = 0; at < entries.length; at += 1) {
    const entry = entries[at]!;
    const name = entry.plain;
    if (name === null) {
      others.push(entry);
    } else {
      const group = groups.get(name);
      if (group === undefined) groups.set(name, entry);
      else if (Array.isArray(group)) group.push(entry);
      else groups.set(name, [group, entry]);
    }
    if ((at & 1023) === 0) await slicer.turn();
  }
  const names = await sortSliced([...groups.keys()], null, slicer);
  const plain: Entry[] = [];
  for (let at = 0; at < names.length; at += 1) {
    const group = groups.get(names[at]!)!;
    if (!Array.isArray(group)) {
      plain.push(group);
    } else {
      const byIdOrder = inIdOrder(group)
        ? group
        : group.length > 2048
          ? await sortSliced(group, byId, slicer)
          : group.sort(byId);
      for (const entry of byIdOrder) plain.push(entry);
    }
    if (slicer.due) await slicer.turn();
  }
  if (others.length === 0) return plain;
  const sortedOthers = await sortSliced(others, compare, slicer);
  const merged = new Array<Entry>(entries.length);
  let from = 0;
  let to = 0;
  for (const other of sortedOthers) {
    // The first plain entry after `other`: every one before it goes first.
    const low = lowerBound(plain, other, compare, from);
    while (from < low) merged[to++] = plain[from++]!;
    merged[to++] = other;
    await slicer.turn();
  }
  while (from < plain.length) merged[to++] = plain[from++]!;
  return merged;
}

/**
 * Whether members of one name are in id order already: so they come when
 * ids grow in the order the feed brings members (the order they were added).
 * One look at each instead of a sort with a comparator call per comparison.
 */
function inIdOrder(entries: readonly Entry[]): boolean {
  for (let at = 1; at < entries.length; at += 1) if (entries[at - 1]!.member.id > entries[at]!.member.id) return false;
  return true;
}

/**
 * A merge sort that yields to the event loop between slices (`Array#sort` of
 * 100 000 names blocks for long). Without `compare`, strings in code-unit
 * order with the engine's own comparison: no callback per comparison.
 */
export async function sortSliced<T>(
  items: T[],
  compare: ((a: T, b: T) => number) | null,
  slicer: TimeSlicer,
): Promise<T[]> {
  const RUN = compare ? 512 : 2048;
  const count = items.length;
  for (let start = 0; start < count; start += RUN) {
    const slice = items.slice(start, start + RUN);
    const run = compare ? slice.sort(compare) : slice.sort();
    for (let at = 0; at < run.length; at += 1) items[start + at] = run[at]!;
    await slicer.turn();
  }
  let from = items;
  let to = new Array<T>(count);
  for (let width = RUN; width < count; width *= 2) {
    for (let left = 0; left < count; left += 2 * width) {
      const middle = Math.min(left + width, count);
      const right = Math.min(left + 2 * width, count);
      let a = left;
      let b = middle;
      for (let at = left; at < right; at += 1) {
        if (b >= right || (a < middle && (compare ? compare(from[a]!, from[b]!) <= 0 : from[a]! <= from[b]!))) {
          to[at] = from[a]!;
          a += 1;
        } else {
          to[at] = from[b]!;
          b += 1;
        }
        if ((at & 1023) === 0 && slicer.due) await slicer.turn();
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

/** Where `item` is (or would go) in `sorted`, from `from` on: a binary search, log₂(n) comparisons. */
export function lowerBound<T>(sorted: readonly T[], item: T, compare: (a: T, b: T) => number, from = 0): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(sorted[middle]!, item) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Two sorted lists as one, in one pass (a large change to an ordering: what stays, and what joins, sorted). */
export function mergeSorted<T>(kept: readonly T[], joining: readonly T[], compare: (a: T, b: T) => number): T[] {
  const merged = new Array<T>(kept.length + joining.length);
  let left = 0;
  let right = 0;
  for (let at = 0; at < merged.length; at += 1) {
    if (right >= joining.length || (left < kept.length && compare(kept[left]!, joining[right]!) <= 0)) {
      merged[at] = kept[left]!;
      left += 1;
    } else {
      merged[at] = joining[right]!;
      right += 1;
    }
  }
  return merged;
}
