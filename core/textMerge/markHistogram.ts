/**
 * The histogram diff of git's xdiff/xhistogram.c (from JGit; Eclipse Distribution License
 * 1.0): the patience idea with occurrence counts. In a range, it looks for the longest run of
 * matched lines around the line of `a` that occurs the fewest times, takes it as fixed, and
 * diffs what lies before and after it the same way. Lines that occur more than 64 times in `a`
 * never anchor; a range whose only common lines are such lines goes to the Myers diff, as in
 * git. Lines unique to one side, blank lines and `End If` therefore no longer pull unrelated
 * edits together, which is what spares a merge most of Myers' spurious conflicts
 * (docs/merge-behaviour.md, "The diff algorithm").
 *
 * git's table of occurrences is a hash table whose chains are capped at 64 distinct lines per
 * bucket (a full bucket aborts the diff); here arrays indexed by line id hold the occurrences,
 * so that cap (which sequential line classes never reach) does not exist.
 */
import { markMyers } from './markMyers.js';

/** xhistogram.c's max_chain_length: a line occurring more often in `a` never anchors. */
const MAX_CHAIN_LENGTH = 64;

/** The longest common run found so far: `a[begin1..end1]` ≡ `b[begin2..end2]` (inclusive). */
interface Region {
  found: boolean;
  begin1: number;
  end1: number;
  begin2: number;
  end2: number;
}

/**
 * Marks the changed lines of `a` and `b` in `changed1` and `changed2` (line i at i + 1) as
 * xdl_do_histogram_diff does over the whole of both (no trimmed ends, no record cleanup).
 */
export function markHistogram(a: Int32Array, b: Int32Array, idLimit: number | undefined, changed1: Uint8Array, changed2: Uint8Array): void {
  let ids = idLimit ?? 0;
  if (idLimit === undefined || idLimit > 2 * (a.length + b.length) + 1024) {
    // Dense local ids, so that the arrays by id stay the size of the input.
    const local = new Map<number, number>();
    const localOf = (id: number) => {
      let l = local.get(id);
      if (l === undefined) local.set(id, (l = local.size));
      return l;
    };
    const la = a.map(localOf);
    const lb = b.map(localOf);
    a = la;
    b = lb;
    ids = local.size;
  }
  const index: Index = {
    next: new Int32Array(a.length),
    first: new Int32Array(ids),
    count: new Int32Array(ids),
    stamp: new Int32Array(ids),
    pass: 0,
  };
  // Ranges still to diff (line1, count1, line2, count2): the order does not matter, each only
  // marks its own lines; a stack instead of recursion keeps deep inputs off the call stack.
  const work: number[] = [0, a.length, 0, b.length];
  while (work.length > 0) {
    let count2 = work.pop() as number;
    let line2 = work.pop() as number;
    let count1 = work.pop() as number;
    let line1 = work.pop() as number;
    for (;;) {
      if (count1 <= 0 && count2 <= 0) break;
      if (count1 === 0) {
        for (let i = 0; i < count2; i++) changed2[line2 + i + 1] = 1;
        break;
      }
      if (count2 === 0) {
        for (let i = 0; i < count1; i++) changed1[line1 + i + 1] = 1;
        break;
      }
      const lcs: Region = { found: false, begin1: 0, end1: 0, begin2: 0, end2: 0 };
      if (findLcs(a, b, index, lcs, line1, count1, line2, count2)) {
        // Only lines too common to anchor are shared: the classic diff decides this range.
        const sub1 = new Uint8Array(count1 + 2);
        const sub2 = new Uint8Array(count2 + 2);
        markMyers(a.subarray(line1, line1 + count1), b.subarray(line2, line2 + count2), idLimit, sub1, sub2, false);
        changed1.set(sub1.subarray(1, count1 + 1), line1 + 1);
        changed2.set(sub2.subarray(1, count2 + 1), line2 + 1);
        break;
      }
      if (!lcs.found) {
        for (let i = 0; i < count1; i++) changed1[line1 + i + 1] = 1;
        for (let i = 0; i < count2; i++) changed2[line2 + i + 1] = 1;
        break;
      }
      work.push(line1, lcs.begin1 - line1, line2, lcs.begin2 - line2);
      count1 = line1 + count1 - 1 - lcs.end1;
      line1 = lcs.end1 + 1;
      count2 = line2 + count2 - 1 - lcs.end2;
      line2 = lcs.end2 + 1;
    }
  }
}

/**
 * The occurrences of a's lines in the range being diffed (xhistogram.c's histindex), in arrays
 * indexed by line id that serve every range: an id's entries hold for this range only when its
 * `stamp` is the range's `pass`, which spares clearing them.
 */
interface Index {
  /** next[i]: the next occurrence of line i's content in the range of a, or -1. */
  next: Int32Array;
  /** The first occurrence of the id in the range (the lowest index). */
  first: Int32Array;
  /** How many times the id occurs in the range. */
  count: Int32Array;
  stamp: Int32Array;
  pass: number;
}

/**
 * find_lcs: indexes the range of `a` (scanA), then tries every line of the range of `b`
 * (try_lcs). Returns true when the range must fall back to the Myers diff: `a` and `b` share
 * lines, but each of them occurs more than MAX_CHAIN_LENGTH times in `a`.
 */
function findLcs(a: Int32Array, b: Int32Array, index: Index, lcs: Region, line1: number, count1: number, line2: number, count2: number): boolean {
  const end1 = line1 + count1 - 1;
  const end2 = line2 + count2 - 1;
  const { next, first, count, stamp } = index;
  const pass = ++index.pass;
  for (let ptr = end1; ptr >= line1; ptr--) {
    const id = a[ptr];
    if (stamp[id] === pass) {
      next[ptr] = first[id];
      count[id]++;
    } else {
      stamp[id] = pass;
      next[ptr] = -1;
      count[id] = 1;
    }
    first[id] = ptr;
  }

  let minCount = MAX_CHAIN_LENGTH + 1;
  let hasCommon = false;
  for (let bPtr = line2; bPtr <= end2; ) {
    // try_lcs for b's line bPtr.
    let bNext = bPtr + 1;
    const id = b[bPtr];
    if (stamp[id] === pass) {
      hasCommon = true;
      if (count[id] <= minCount) {
        let as = first[id];
        for (;;) {
          let np = next[as];
          let bs = bPtr;
          let ae = as;
          let be = bs;
          let rc = count[id];
          while (line1 < as && line2 < bs && a[as - 1] === b[bs - 1]) {
            as--;
            bs--;
            if (1 < rc) rc = Math.min(rc, count[a[as]]);
          }
          while (ae < end1 && be < end2 && a[ae + 1] === b[be + 1]) {
            ae++;
            be++;
            if (1 < rc) rc = Math.min(rc, count[a[ae]]);
          }
          if (bNext <= be) bNext = be + 1;
          if (lcs.end1 - lcs.begin1 < ae - as || rc < minCount) {
            lcs.found = true;
            lcs.begin1 = as;
            lcs.begin2 = bs;
            lcs.end1 = ae;
            lcs.end2 = be;
            minCount = rc;
          }
          if (np === -1) break;
          while (np !== -1 && np <= ae) np = next[np];
          if (np === -1) break;
          as = np;
        }
      }
    }
    bPtr = bNext;
  }
  return hasCommon && MAX_CHAIN_LENGTH < minCount;
}
