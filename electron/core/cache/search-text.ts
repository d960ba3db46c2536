/**
 * The search keys of an ordering (one per member, in the ordering's order)
 * as blocks of joined text: a search runs `indexOf` over contiguous text
 * from one occurrence to the next, several times faster than a call per
 * member on keys scattered over the heap, and touches only members that
 * match. A change rewrites one block (about a thousand keys), never the
 * whole text, so its cost does not grow with the safe.
 */
import { TimeSlicer } from '../time-slice.ts';

/** Between two keys: cannot be typed into a search (control characters are removed from it). */
const SEPARATOR = '\u0001';
/** Keys per block when built; a block that grows to twice this is split. */
const BLOCK = 1024;

interface Block {
  /** The keys joined, each followed by the separator. */
  haystack: string;
  /** Where each key begins; one more at the end (the haystack's length). */
  starts: number[];
}

function blockOf(keys: readonly string[]): Block {
  const starts = new Array<number>(keys.length + 1);
  let length = 0;
  for (let at = 0; at < keys.length; at += 1) {
    starts[at] = length;
    length += keys[at]!.length + 1;
  }
  starts[keys.length] = length;
  return { haystack: keys.length > 0 ? keys.join(SEPARATOR) + SEPARATOR : '', starts };
}

/** The key holding text position `position` in a block (`from`: a key at or before it; usually it or the next). */
function keyAt(starts: readonly number[], position: number, from: number): number {
  if (position < starts[from + 1]!) return from;
  if (position < starts[from + 2]!) return from + 1;
  let low = from + 2;
  let high = starts.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (starts[middle]! <= position) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** The first index of `positions` (ascending) from `row` on whose value is at least `at`. */
function firstAtLeast(positions: Int32Array, at: number, row: number): number {
  let low = row;
  let high = positions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (positions[middle]! < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

export class SearchText {
  readonly #blocks: Block[];
  /** The position (in the ordering) of each block's first key. */
  readonly #firsts: number[];
  readonly #key: (at: number) => string;

  private constructor(blocks: Block[], key: (at: number) => string) {
    this.#blocks = blocks;
    this.#key = key;
    this.#firsts = [];
    let first = 0;
    for (const block of blocks) {
      this.#firsts.push(first);
      first += block.starts.length - 1;
    }
  }

  /** The text of `count` keys (`key(i)` is the i-th), built a block per slice. */
  static async build(count: number, key: (at: number) => string, slicer = new TimeSlicer()): Promise<SearchText> {
    const blocks: Block[] = [];
    for (let at = 0; at < count; at += BLOCK) {
      const keys: string[] = [];
      for (let row = at; row < Math.min(at + BLOCK, count); row += 1) keys.push(key(row));
      blocks.push(blockOf(keys));
      await slicer.turn();
    }
    return new SearchText(blocks, key);
  }

  /** The same at once (a small ordering, or one searched for the first time). */
  static now(count: number, key: (at: number) => string): SearchText {
    const blocks: Block[] = [];
    for (let at = 0; at < count; at += BLOCK) {
      const keys: string[] = [];
      for (let row = at; row < Math.min(at + BLOCK, count); row += 1) keys.push(key(row));
      blocks.push(blockOf(keys));
    }
    return new SearchText(blocks, key);
  }

  /** The key at `at` was removed from the ordering (the key function already sees the ordering without it). */
  removed(at: number): void {
    const index = this.#blockIndex(at);
    this.#resize(index, -1);
  }

  /** A key was inserted at `at` (the key function already sees it). */
  inserted(at: number): void {
    // At a boundary, the new key joins the block before (or the first one).
    const index = at > 0 ? this.#blockIndex(at - 1) : 0;
    if (this.#blocks.length === 0) {
      this.#blocks.push(blockOf([]));
      this.#firsts.push(0);
    }
    this.#resize(index, 1);
  }

  /**
   * Every key that holds `needle`, in order, through `keep`; only among
   * `among` (ascending positions) when given. Returns how many keys were
   * looked at: all of them for a search of everything, else from match to
   * match of `among`.
   */
  find(needle: string, among: Int32Array | null, keep: (at: number) => void): number {
    if (!among) {
      let count = 0;
      for (let index = 0; index < this.#blocks.length; index += 1) {
        const { haystack, starts } = this.#blocks[index]!;
        const first = this.#firsts[index]!;
        count += starts.length - 1;
        let key = 0;
        for (let hit = haystack.indexOf(needle); hit !== -1; hit = haystack.indexOf(needle, starts[key + 1])) {
          key = keyAt(starts, hit, key);
          keep(first + key);
        }
      }
      return count;
    }
    let looked = 0;
    let row = 0;
    let index = 0;
    while (row < among.length) {
      const at = among[row]!;
      while (index + 1 < this.#firsts.length && this.#firsts[index + 1]! <= at) index += 1;
      const { haystack, starts } = this.#blocks[index]!;
      const first = this.#firsts[index]!;
      looked += 1;
      const hit = haystack.indexOf(needle, starts[at - first]);
      if (hit === -1) {
        // None further in this block: on to the first candidate in the next.
        const next = this.#firsts[index + 1];
        if (next === undefined) break;
        row = firstAtLeast(among, next, row + 1);
        continue;
      }
      const owner = first + keyAt(starts, hit, at - first);
      if (owner === at) {
        keep(at);
        row += 1;
      } else {
        row = firstAtLeast(among, owner, row + 1);
      }
    }
    return looked;
  }

  /** The block holding position `at`. */
  #blockIndex(at: number): number {
    let low = 0;
    let high = this.#firsts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (this.#firsts[middle]! <= at) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** Block `index` gained or lost a key: rebuilt from the key function, split when it grew large. */
  #resize(index: number, change: number): void {
    const first = this.#firsts[index]!;
    const count = this.#blocks[index]!.starts.length - 1 + change;
    for (let later = index + 1; later < this.#firsts.length; later += 1) this.#firsts[later]! += change;
    const keys: string[] = [];
    for (let at = first; at < first + count; at += 1) keys.push(this.#key(at));
    if (count === 0 && this.#blocks.length > 1) {
      this.#blocks.splice(index, 1);
      this.#firsts.splice(index, 1);
    } else if (count >= 2 * BLOCK) {
      this.#blocks.splice(index, 1, blockOf(keys.slice(0, BLOCK)), blockOf(keys.slice(BLOCK)));
      this.#firsts.splice(index + 1, 0, first + BLOCK);
    } else {
      this.#blocks[index] = blockOf(keys);
    }
  }
}
