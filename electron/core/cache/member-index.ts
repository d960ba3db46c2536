/**
 * A team safe's members held in main-process memory, answering the same
 * paged queries as the server (status filter, search, sort) without a round
 * trip. Sorting is locale-aware (Intl.Collator in the UI language, so
 * accents and non-Latin names fall where a reader of that language expects);
 * each ordering is computed once and reused until the members change, and
 * search scans precomputed folded strings, so a keystroke costs one linear
 * pass over an array, not a sort.
 */
import type { Member, MemberPage, MemberStatusFilter } from '../../../shared/api/schemas.ts';
import type { MemberSort, SortDirection } from '../../../shared/api/members.ts';
import { ROLE_KEYS, type RoleKey } from '../../../shared/catalog/roles.ts';

export interface MemberQuery {
  status: MemberStatusFilter;
  offset: number;
  limit: number;
  q?: string | undefined;
  sort?: MemberSort | undefined;
  dir?: SortDirection | undefined;
}

/** Lower case, accents removed: "Élodie" and "elodie" match. */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const ROLE_ORDER = new Map<string, number>(ROLE_KEYS.map((role, index) => [role, index]));

export class MemberIndex {
  readonly #members = new Map<string, Member>();
  readonly #folded = new Map<string, string>();
  /** Each ordering with the folded search text of its members, index for index. */
  #orders = new Map<string, { members: Member[]; haystack: string[] }>();
  #counts: MemberPage['counts'] | null = null;
  #memberLimit: number;

  constructor(members: Iterable<Member>, memberLimit: number) {
    this.#memberLimit = memberLimit;
    for (const member of members) this.#put(member);
  }

  get size(): number {
    return this.#members.size;
  }

  set memberLimit(limit: number) {
    this.#memberLimit = limit;
  }

  values(): IterableIterator<Member> {
    return this.#members.values();
  }

  get(id: string): Member | undefined {
    return this.#members.get(id);
  }

  /** Apply a delta; orderings are rebuilt lazily on the next query. */
  apply(upserts: readonly Member[], removed: readonly string[]): void {
    for (const member of upserts) this.#put(member);
    for (const id of removed) {
      this.#members.delete(id);
      this.#folded.delete(id);
    }
    if (upserts.length > 0 || removed.length > 0) {
      this.#orders = new Map();
      this.#counts = null;
    }
  }

  counts(): MemberPage['counts'] {
    if (!this.#counts) {
      let invited = 0;
      for (const member of this.#members.values()) if (member.status === 'invited') invited += 1;
      this.#counts = { all: this.#members.size, invited, activated: this.#members.size - invited };
    }
    return this.#counts;
  }

  /** Whether there are members and every one has `role` (all Archivists: a digital archive). */
  everyoneIs(role: RoleKey): boolean {
    if (this.#members.size === 0) return false;
    for (const member of this.#members.values()) if (member.role !== role) return false;
    return true;
  }

  query(query: MemberQuery, language: string): MemberPage {
    const { members, haystack } = this.#ordered(query.sort ?? 'name', query.dir ?? 'asc', language);
    const needle = query.q ? fold(query.q.trim()) : '';
    let matches: Member[] = members;
    if (query.status !== 'all' || needle) {
      // One pass over flat arrays: no sort, no map look-ups per keystroke.
      matches = [];
      for (let index = 0; index < members.length; index += 1) {
        const member = members[index]!;
        if (query.status !== 'all' && member.status !== query.status) continue;
        if (needle && !haystack[index]!.includes(needle)) continue;
        matches.push(member);
      }
    }
    return {
      items: matches.slice(query.offset, query.offset + query.limit),
      total: matches.length,
      offset: query.offset,
      counts: this.counts(),
      memberLimit: this.#memberLimit,
    };
  }

  #put(member: Member): void {
    this.#members.set(member.id, member);
    this.#folded.set(member.id, `${fold(member.name)}\u0000${member.email.toLowerCase()}`);
  }

  #ordered(sort: MemberSort, dir: SortDirection, language: string): { members: Member[]; haystack: string[] } {
    const key = `${sort}|${dir}|${language}`;
    const cached = this.#orders.get(key);
    if (cached) return cached;
    const collator = new Intl.Collator(language, { sensitivity: 'base', numeric: true });
    const byName = (a: Member, b: Member) =>
      collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const compare: (a: Member, b: Member) => number =
      sort === 'name'
        ? byName
        : sort === 'email'
          ? (a, b) => collator.compare(a.email, b.email) || byName(a, b)
          : sort === 'role'
            ? (a, b) => (ROLE_ORDER.get(a.role) ?? 0) - (ROLE_ORDER.get(b.role) ?? 0) || byName(a, b)
            : (a, b) => collator.compare(a[sort], b[sort]) || byName(a, b);
    const sorted = [...this.#members.values()].sort(compare);
    if (dir === 'desc') sorted.reverse();
    const ordering = { members: sorted, haystack: sorted.map((member) => this.#folded.get(member.id) ?? '') };
    this.#orders.set(key, ordering);
    return ordering;
  }
}
