/**
 * A two-way line diff that makes the same choices as git's xdiff: the line matching `git
 * merge-file` uses. A line diff has many minimal answers when lines repeat (`End If`, blank
 * lines); matching git means picking git's. Myers' algorithm with xdiff's record cleanup, cost
 * heuristics and change compaction (no indent heuristic) is the default; git's minimal,
 * patience (markPatience.ts) and histogram (markHistogram.ts) algorithms are the others.
 *
 * Ported from git's xdiff/xprepare.c (`xdl_trim_ends`, `xdl_cleanup_records`,
 * `xdl_clean_mmatch`) and xdiff/xdiffi.c (`xdl_split`, `xdl_recs_cmp`, `xdl_change_compact`,
 * `xdl_build_script`), LGPL-2.1+ (LibXDiff by Davide Libenzi, and the git authors).
 */
import { assertNever } from '../model.js';
import { markHistogram } from './markHistogram.js';
import { markMyers } from './markMyers.js';
import { markPatience } from './markPatience.js';
import { CarryoverBug } from '../bug.js';

/**
 * The line matching a diff makes, named as git names them (`--diff-algorithm`): `myers`
 * (git's default, with xdiff's cost heuristics), `minimal` (Myers without them: a shortest
 * edit script), `patience` and `histogram` (docs/merge-behaviour.md, "The diff algorithm").
 */
export type DiffAlgorithm = 'myers' | 'minimal' | 'patience' | 'histogram';

/** Every {@link DiffAlgorithm}, in git's order. */
export const DIFF_ALGORITHMS: readonly DiffAlgorithm[] = ['myers', 'minimal', 'patience', 'histogram'];

/** One change of a line diff: `count1` lines of the first sequence at `start1` became `count2` lines of the second at `start2` (0-based). */
export interface LineChange {
  start1: number;
  count1: number;
  start2: number;
  count2: number;
}

/**
 * Diffs two sequences of line ids (equal ids ⇔ equal lines), returning the changes in order.
 * Changes are separated by at least one matched line; unchanged stretches match one to one.
 * `idLimit`, when given, bounds the ids (all are non-negative and below it), which saves
 * renumbering them on large inputs. `algorithm` picks the line matching (default `myers`,
 * git's); every algorithm's result goes through xdiff's change compaction.
 */
export function diffLines(a: ArrayLike<number>, b: ArrayLike<number>, idLimit?: number, algorithm: DiffAlgorithm = 'myers'): LineChange[] {
  const n1 = a.length;
  const n2 = b.length;
  const recs1 = a instanceof Int32Array ? a : Int32Array.from(a);
  const recs2 = b instanceof Int32Array ? b : Int32Array.from(b);
  // changed[i + 1] is xdiff's rchg[i]: positions -1 and n stay 0 as sentinels.
  const changed1 = new Uint8Array(n1 + 2);
  const changed2 = new Uint8Array(n2 + 2);
  switch (algorithm) {
    case 'myers':
    case 'minimal':
      markMyers(recs1, recs2, idLimit, changed1, changed2, algorithm === 'minimal');
      break;
    case 'patience':
      markPatience(recs1, recs2, idLimit, changed1, changed2);
      break;
    case 'histogram':
      markHistogram(recs1, recs2, idLimit, changed1, changed2);
      break;
    default:
      assertNever(algorithm);
  }
  changeCompact(recs1, changed1, changed2);
  changeCompact(recs2, changed2, changed1);
  return buildScript(changed1, n1, changed2, n2);
}

/**
 * xdl_change_compact (without the indent heuristic, which merge-file does not use): slides
 * each group of changed lines as far down as it goes, merging groups that meet, then back up
 * to line up with a change in the other sequence when it can.
 */
function changeCompact(recs: ArrayLike<number>, changed: Uint8Array, changedOther: Uint8Array): void {
  const n = recs.length;
  const nOther = changedOther.length - 2;
  // Groups are [start, end) runs of changed lines; changed[i + 1] is line i, with 0 sentinels at both ends.
  let gStart = 0;
  let gEnd = 0;
  while (changed[gEnd + 1]) gEnd++;
  let oStart = 0;
  let oEnd = 0;
  while (changedOther[oEnd + 1]) oEnd++;

  const slideDown = (): boolean => {
    if (gEnd < n && recs[gStart] === recs[gEnd]) {
      changed[gStart + 1] = 0;
      gStart++;
      changed[gEnd + 1] = 1;
      gEnd++;
      while (changed[gEnd + 1]) gEnd++;
      return true;
    }
    return false;
  };
  const slideUp = (): boolean => {
    if (gStart > 0 && recs[gStart - 1] === recs[gEnd - 1]) {
      gStart--;
      changed[gStart + 1] = 1;
      gEnd--;
      changed[gEnd + 1] = 0;
      while (changed[gStart]) gStart--;
      return true;
    }
    return false;
  };
  const nextGroup = (): boolean => {
    if (gEnd === n) return false;
    gStart = gEnd + 1;
    gEnd = gStart;
    while (changed[gEnd + 1]) gEnd++;
    return true;
  };
  const nextOther = (): boolean => {
    if (oEnd === nOther) return false;
    oStart = oEnd + 1;
    oEnd = oStart;
    while (changedOther[oEnd + 1]) oEnd++;
    return true;
  };
  const previousOther = (): boolean => {
    if (oStart === 0) return false;
    oEnd = oStart - 1;
    oStart = oEnd;
    while (changedOther[oStart]) oStart--;
    return true;
  };
  const broken = (where: string): never => {
    throw new CarryoverBug(`diffLines: group sync broken ${where}`);
  };

  for (;;) {
    if (gEnd !== gStart) {
      let groupSize: number;
      let earliestEnd: number;
      let endMatchingOther: number;
      do {
        groupSize = gEnd - gStart;
        endMatchingOther = -1;
        while (slideUp()) if (!previousOther()) broken('sliding up');
        earliestEnd = gEnd;
        if (oEnd > oStart) endMatchingOther = gEnd;
        for (;;) {
          if (!slideDown()) break;
          if (!nextOther()) broken('sliding down');
          if (oEnd > oStart) endMatchingOther = gEnd;
        }
      } while (groupSize !== gEnd - gStart);

      if (gEnd !== earliestEnd && endMatchingOther !== -1) {
        while (oEnd === oStart) {
          if (!slideUp()) broken('matching');
          if (!previousOther()) broken('sliding to match');
        }
      }
    }
    if (!nextGroup()) break;
    if (!nextOther()) broken('moving to the next group');
  }
  if (nextOther()) broken('at the end');
}

/** xdl_build_script: collects the groups of changed lines into changes, in order. */
function buildScript(changed1: Uint8Array, n1: number, changed2: Uint8Array, n2: number): LineChange[] {
  const script: LineChange[] = [];
  // changed[i] here is rchg[i - 1]; indices below 0 read as unchanged.
  const c1 = (i: number) => i >= 0 && changed1[i] === 1;
  const c2 = (i: number) => i >= 0 && changed2[i] === 1;
  for (let i1 = n1, i2 = n2; i1 >= 0 || i2 >= 0; i1--, i2--) {
    if (c1(i1) || c2(i2)) {
      const l1 = i1;
      const l2 = i2;
      while (c1(i1)) i1--;
      while (c2(i2)) i2--;
      script.push({ start1: i1, count1: l1 - i1, start2: i2, count2: l2 - i2 });
    }
  }
  return script.reverse();
}
