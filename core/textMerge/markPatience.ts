/**
 * The patience diff of git's xdiff/xpatience.c (LibXDiff, LGPL-2.1+): lines that occur exactly
 * once in each side of a range are candidate anchors; the longest sequence of them in the same
 * order in both sides is fixed, the matched lines around each anchor are taken too, and the
 * ranges between anchors are diffed the same way. A range without any unique common line goes
 * to the Myers diff (docs/merge-behaviour.md, "The diff algorithm").
 */
import { markMyers } from './markMyers.js';

const NONE = -1;
const NON_UNIQUE = -2;

/** One distinct line of a's range: where it is in a and (when unique in both) in b. */
interface Entry {
  line1: number;
  line2: number;
  next: Entry | null;
  previous: Entry | null;
}

/**
 * Marks the changed lines of `a` and `b` in `changed1` and `changed2` (line i at i + 1) as
 * xdl_do_patience_diff does over the whole of both (no trimmed ends, no record cleanup).
 */
export function markPatience(a: Int32Array, b: Int32Array, idLimit: number | undefined, changed1: Uint8Array, changed2: Uint8Array): void {
  // Ranges still to diff (line1, count1, line2, count2), in any order: each marks only its own lines.
  const work: number[] = [0, a.length, 0, b.length];
  while (work.length > 0) {
    const count2 = work.pop() as number;
    const line2 = work.pop() as number;
    const count1 = work.pop() as number;
    const line1 = work.pop() as number;
    if (count1 === 0) {
      for (let i = 0; i < count2; i++) changed2[line2 + i + 1] = 1;
      continue;
    }
    if (count2 === 0) {
      for (let i = 0; i < count1; i++) changed1[line1 + i + 1] = 1;
      continue;
    }

    // fill_hashmap: the distinct lines of a's range in order, then their matches in b's.
    const map = new Map<number, Entry>();
    const order: Entry[] = [];
    for (let l = line1; l < line1 + count1; l++) {
      const entry = map.get(a[l]);
      if (entry) entry.line2 = NON_UNIQUE;
      else {
        const created: Entry = { line1: l, line2: NONE, next: null, previous: null };
        map.set(a[l], created);
        order.push(created);
      }
    }
    let hasMatches = false;
    for (let l = line2; l < line2 + count2; l++) {
      const entry = map.get(b[l]);
      if (!entry) continue;
      hasMatches = true;
      entry.line2 = entry.line2 === NONE ? l : NON_UNIQUE;
    }
    if (!hasMatches) {
      for (let i = 0; i < count1; i++) changed1[line1 + i + 1] = 1;
      for (let i = 0; i < count2; i++) changed2[line2 + i + 1] = 1;
      continue;
    }

    const first = longestCommonSequence(order);
    if (first === null) {
      const sub1 = new Uint8Array(count1 + 2);
      const sub2 = new Uint8Array(count2 + 2);
      markMyers(a.subarray(line1, line1 + count1), b.subarray(line2, line2 + count2), idLimit, sub1, sub2, false);
      changed1.set(sub1.subarray(1, count1 + 1), line1 + 1);
      changed2.set(sub2.subarray(1, count2 + 1), line2 + 1);
      continue;
    }
    walkCommonSequence(a, b, first, line1, count1, line2, count2, work);
  }
}

/**
 * find_longest_common_sequence: among the lines unique in both ranges, taken in a's order,
 * the longest sequence also in order in b (patience sorting, one pile per length). Returns its
 * first entry, linked through `next`, or null when there is none.
 */
function longestCommonSequence(order: readonly Entry[]): Entry | null {
  const sequence: Entry[] = [];
  let longest = 0;
  for (const entry of order) {
    if (entry.line2 < 0) continue;
    let i: number;
    if (longest === 0 || entry.line2 > sequence[longest - 1].line2) i = longest - 1;
    else {
      // The longest sequence whose last line2 is smaller.
      let left = -1;
      let right = longest;
      while (left + 1 < right) {
        const middle = left + ((right - left) >> 1);
        if (sequence[middle].line2 > entry.line2) right = middle;
        else left = middle;
      }
      i = left;
    }
    entry.previous = i < 0 ? null : sequence[i];
    i++;
    sequence[i] = entry;
    if (i === longest) longest++;
  }
  if (longest === 0) return null;
  let entry = sequence[longest - 1];
  entry.next = null;
  while (entry.previous) {
    entry.previous.next = entry;
    entry = entry.previous;
  }
  return entry;
}

/** walk_common_sequence: grows each anchor into the matched lines around it and queues the ranges between anchors. */
function walkCommonSequence(a: Int32Array, b: Int32Array, start: Entry, line1: number, count1: number, line2: number, count2: number, work: number[]): void {
  const end1 = line1 + count1;
  const end2 = line2 + count2;
  let first: Entry | null = start;
  for (;;) {
    let next1: number;
    let next2: number;
    if (first) {
      next1 = first.line1;
      next2 = first.line2;
      while (next1 > line1 && next2 > line2 && a[next1 - 1] === b[next2 - 1]) {
        next1--;
        next2--;
      }
    } else {
      next1 = end1;
      next2 = end2;
    }
    while (line1 < next1 && line2 < next2 && a[line1] === b[line2]) {
      line1++;
      line2++;
    }
    if (next1 > line1 || next2 > line2) work.push(line1, next1 - line1, line2, next2 - line2);
    if (!first) return;
    while (first.next && first.next.line1 === first.line1 + 1 && first.next.line2 === first.line2 + 1) first = first.next;
    line1 = first.line1 + 1;
    line2 = first.line2 + 1;
    first = first.next;
  }
}
