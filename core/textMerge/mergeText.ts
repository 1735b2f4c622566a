import diff3Merge from 'diff3';
import { assertNever } from '../model.js';
import { diffLines, type DiffAlgorithm, type LineChange } from './diffLines.js';
import { LineInterner, linesOf, textOf, type LineIndex } from './LineInterner.js';
import type { LineRange } from './LineRange.js';

/** Conflict marker style: `merge` (`<<<<<<<`, `=======`, `>>>>>>>`) or `diff3` (adds `|||||||` and the base lines). */
export type MergeStyle = 'merge' | 'diff3';

/** The names printed after the conflict markers; an absent name prints a bare marker. */
export interface MergeLabels {
  current?: string;
  base?: string;
  other?: string;
}

/** A three-way text merge: the changes from `base` to `other` are merged into `current`. */
export interface MergeTextInput {
  base: string;
  current: string;
  other: string;
  labels?: MergeLabels;
  /** Default `merge`, git's default conflict style. */
  style?: MergeStyle;
  /** Length of the marker runs; default 7. */
  markerSize?: number;
  /** The line matching of both diffs and of the narrowing of conflicts; default `myers`, git merge-file's. */
  diffAlgorithm?: DiffAlgorithm;
  /**
   * Resolves every conflict in the text instead of marking it (git merge-file's `--ours`,
   * `--theirs`, `--union`): `current` keeps current's lines, `other` other's, `union` both,
   * current's first. The text then has no conflict (`conflicts` is 0, `clean` true); the
   * regions still show the conflicts as the merge found them, for a caller that wants them.
   */
  favor?: MergeFavor;
}

/** How {@link MergeTextInput.favor} resolves conflicts. */
export type MergeFavor = 'current' | 'other' | 'union';

/**
 * The lines of one file that a region covers: 0-based first line, line count, and the lines
 * (with their line endings). The three sides of an `unchanged` region share one array: read
 * only.
 */
export interface RegionSide extends LineRange {
  lines: readonly string[];
}

interface RegionSides {
  base: RegionSide;
  current: RegionSide;
  other: RegionSide;
}

/**
 * One stretch of the merge. Regions are in order and partition each of the three files: the
 * `base` sides of all regions, concatenated, are the base, and likewise for `current` and
 * `other`. `result` is what a region without conflict contributes to the merged text.
 *
 * - `unchanged`: all three agree.
 * - `current` / `other`: only that side changed the base; the result is that side.
 * - `both-same`: both sides made the same change.
 * - `conflict`: the sides changed the base differently; `index` numbers the conflicts from 0.
 *
 * With the `merge` style, git narrows a conflict to the lines on which the two sides really
 * differ (lines both sides share become `both-same` regions with an empty base), and the whole
 * base of the original conflict goes to its first remaining piece.
 */
export type MergeRegion =
  | (RegionSides & { kind: 'unchanged'; result: readonly string[] })
  | (RegionSides & { kind: 'current'; result: readonly string[] })
  | (RegionSides & { kind: 'other'; result: readonly string[] })
  | (RegionSides & { kind: 'both-same'; result: readonly string[] })
  | (RegionSides & { kind: 'conflict'; index: number });

/** The outcome of a three-way text merge. */
export interface TextMergeResult {
  /** No conflict: `text` is the merged text. */
  clean: boolean;
  /** Number of conflict regions, each marked once in `text`. */
  conflicts: number;
  /** The merged text, with conflict markers where the sides conflict. */
  text: string;
  /**
   * The merge, stretch by stretch. Built on first read (an own enumerable getter, so JSON and
   * structured clone see it): a caller that only wants the text pays no string per line.
   */
  readonly regions: readonly MergeRegion[];
}

// diff3 0.0.4's onp.js assigns an undeclared variable (`ed = delta + 2 * p`): harmless in the
// sloppy CommonJS that Node loads, a ReferenceError once a bundler (Vite/rolldown for the
// renderer) wraps the package in a strict ES module. A global binding makes the assignment legal.
if (!('ed' in globalThis)) Object.defineProperty(globalThis, 'ed', { value: 0, writable: true, configurable: true });

/** Lines a conflict must see between itself and the next before they are shown apart (git's xdl_simplify_non_conflicts). */
const SIMPLIFY_MAX_GAP = 3;
/** Changes closer than this many unchanged base lines go to diff3 in one stretch... */
const STRETCH_GAP = 8;
/** ...as long as the stretch covers fewer base lines than this (touching changes always go together). */
const STRETCH_MAX = 1024;
/**
 * The largest cost, in lines × changed lines, of a stretch that diff3 combines; a costlier one
 * goes to the linear walk (docs/performance.md, "The worst case of the text merge"). diff3 runs
 * two O(N·D) diffs (package `diff3`'s onp) over the stretch: N its lines on the three sides, D
 * its changed lines. 2^20 keeps one stretch to about a million steps, a few milliseconds,
 * and bounds a whole file's diff3 work by its lines × 1,450 (a stretch's changed lines are at
 * most twice its lines, so at most √(2 · 2^20) under the budget): a stretch of scattered edits
 * in a form script costs a few thousand, while both sides rewriting 300 lines already costs
 * about a million.
 */
export const DIFF3_BUDGET = 2 ** 20;

/**
 * Merges three texts line by line with the conventions of `git merge-file`, and agrees with it:
 * same conflicts, same text. Identical changes on both sides are not conflicts; changes that
 * touch or overlap (adjacent lines included) conflict; in the `merge` style a conflict is
 * narrowed to the lines where the sides differ, and conflicts separated by at most three lines,
 * or by lines without a letter or digit, are joined (git's XDL_MERGE_ZEALOUS_ALNUM); the
 * `diff3` style shows whole conflicts with their base lines. A conflicting side whose last line
 * has no newline gets one before the next marker, in the file's line ending (CRLF when the
 * surrounding lines use it).
 *
 * Lines are compared exactly, line endings included. Both diffs make git xdiff's line matching
 * (with the chosen algorithm); diff3 (package `diff3`) combines them stretch by stretch, and a
 * stretch too costly for diff3 (both sides rewrote it) is combined as git's xmerge.c does, in
 * time linear in its changes (docs/merge-behaviour.md, "The diff algorithm"; docs/performance.md,
 * "The worst case of the text merge").
 */
export function mergeText(input: MergeTextInput): TextMergeResult {
  return mergeTextWith(input, DIFF3_BUDGET);
}

/**
 * {@link mergeText} with the diff3 budget given: stretches whose cost exceeds `diff3Budget` go
 * to the linear walk (`-1`: every stretch; `Infinity`: none). Both combinations give the same
 * result; the tests use this to prove it. Not part of the package's exports.
 */
export function mergeTextWith(input: MergeTextInput, diff3Budget: number): TextMergeResult {
  const style = input.style ?? 'merge';
  const markerSize = input.markerSize ?? 7;
  if (!Number.isInteger(markerSize) || markerSize < 1) throw new RangeError(`mergeText: markerSize must be a positive integer, got ${markerSize}`);
  const interner = new LineInterner();
  const files: Files = { base: interner.split(input.base), current: interner.split(input.current), other: interner.split(input.other) };

  const algorithm = input.diffAlgorithm ?? 'myers';
  let steps = combine(files, interner.size, algorithm, diff3Budget);
  if (style === 'merge') {
    steps = refineConflicts(steps, files, interner.size, algorithm);
    steps = simplifyNonConflicts(steps, files.current);
  }
  const text = render(steps, files, { labels: input.labels ?? {}, style, markerSize, favor: input.favor });
  const conflicts = input.favor === undefined ? steps.reduce((n, s) => (s.kind === 'conflict' ? n + 1 : n), 0) : 0;
  const regions = once(() => toRegions(steps, files));
  return {
    clean: conflicts === 0,
    conflicts,
    text,
    get regions() {
      return regions();
    },
  };
}

interface Files {
  base: LineIndex;
  current: LineIndex;
  other: LineIndex;
}

/**
 * A merge step in git's terms (xmerge.c's xdmerge_t): lines i0..i0+n0 of the base became
 * i1..i1+n1 of current and i2..i2+n2 of other. `visible` is false for a step git keeps no
 * record of (an identical change on both sides, lines both sides of a narrowed conflict
 * share): such steps do not keep two conflicts apart.
 */
interface Step {
  kind: 'current' | 'other' | 'both-same' | 'conflict';
  visible: boolean;
  i0: number;
  n0: number;
  i1: number;
  n1: number;
  i2: number;
  n2: number;
}

/** A change of one side against the base, with its index in that side's list of changes. */
interface Hunk {
  side: 1 | 2;
  index: number;
  /** First base line and count. */
  o: number;
  on: number;
  /** First line of the side and count. */
  s: number;
  sn: number;
}

/**
 * Combines the two line diffs (base → current, base → other) into steps, stretch by stretch. A
 * stretch is a run of changes of either side that touch in the base, or that fewer than
 * {@link STRETCH_GAP} unchanged base lines separate while it covers fewer than
 * {@link STRETCH_MAX} base lines; unchanged lines lie between two stretches, so nothing one
 * decides reaches into the next. A stretch whose cost (its lines on the three sides × its
 * changed lines) is within `diff3Budget` is combined by diff3 ({@link combineByDiff3}), a
 * costlier one by git's linear walk ({@link walk}); both give the same steps.
 */
function combine(files: Files, idLimit: number, algorithm: DiffAlgorithm, diff3Budget: number): Step[] {
  const changes1 = diffLines(files.base.ids, files.current.ids, idLimit, algorithm);
  const changes2 = diffLines(files.base.ids, files.other.ids, idLimit, algorithm);
  const hunks = sortedHunks(changes1, changes2);
  const steps: Step[] = [];
  let tokens: { current: number[]; other: number[] } | undefined;
  // Offsets (side line - base line) before the stretch.
  let off1 = 0;
  let off2 = 0;
  let next = 0;
  while (next < hunks.length) {
    const lo = hunks[next].o;
    let hi = lo + hunks[next].on;
    let last = next;
    while (last + 1 < hunks.length && (hunks[last + 1].o <= hi || (hunks[last + 1].o < hi + STRETCH_GAP && hi - lo < STRETCH_MAX))) {
      last++;
      hi = Math.max(hi, hunks[last].o + hunks[last].on);
    }
    const stretch = hunks.slice(next, last + 1);
    next = last + 1;
    let grow1 = 0;
    let grow2 = 0;
    let changed = 0;
    for (const h of stretch) {
      if (h.side === 1) grow1 += h.sn - h.on;
      else grow2 += h.sn - h.on;
      changed += h.on + h.sn;
    }
    const lines = 3 * (hi - lo) + grow1 + grow2;
    if (lines * changed <= diff3Budget) {
      tokens ??= { current: tokensOf(files.current.ids, changes1), other: tokensOf(files.other.ids, changes2) };
      combineByDiff3(steps, files, stretch, lo, hi, off1, off2, grow1, grow2, tokens.current, tokens.other);
    } else {
      const first1 = stretch.find((h) => h.side === 1)?.index ?? 0;
      const first2 = stretch.find((h) => h.side === 2)?.index ?? 0;
      const count1 = stretch.filter((h) => h.side === 1).length;
      walk(steps, files, changes1, first1, first1 + count1, changes2, first2, first2 + stretch.length - count1, off1 + grow1, off2 + grow2);
    }
    off1 += grow1;
    off2 += grow2;
  }
  return steps;
}

/**
 * git's xdl_do_merge, on changes1[p..pEnd) and changes2[q..qEnd): walks the two line diffs
 * together, in base order, and appends one step per change to `steps`. A change that ends
 * before the other side's next change begins is that side's; changes that overlap or touch in
 * the base conflict, unless both sides made the very same change (same base lines, same new
 * lines), which git does not record at all. A step that reaches into the previous recorded one
 * (in current's or in other's lines) is folded into it, and becomes a conflict if the two were
 * not of one kind (xdl_append_merge). `end1` and `end2` are the offsets (side line - base line)
 * after the last change of each side in the range.
 *
 * Linear in the number of changes: no second diff runs over the changed stretches, so two
 * sides that rewrote the whole file cost no more than their two diffs.
 */
function walk(
  steps: Step[],
  files: Files,
  changes1: readonly LineChange[],
  p: number,
  pEnd: number,
  changes2: readonly LineChange[],
  q: number,
  qEnd: number,
  end1: number,
  end2: number,
): void {
  /** Index in `steps` of the last step this walk recorded (visible). */
  let last = -1;
  const append = (kind: Step['kind'], i0: number, n0: number, i1: number, n1: number, i2: number, n2: number) => {
    const m = last >= 0 ? steps[last] : undefined;
    if (m && (i1 <= m.i1 + m.n1 || i2 <= m.i2 + m.n2)) {
      if (kind !== m.kind) m.kind = 'conflict';
      m.n0 = i0 + n0 - m.i0;
      m.n1 = i1 + n1 - m.i1;
      m.n2 = i2 + n2 - m.i2;
      // Unrecorded identical changes the grown step now covers belong to it.
      steps.length = last + 1;
      return;
    }
    steps.push({ kind, visible: true, i0, n0, i1, n1, i2, n2 });
    last = steps.length - 1;
  };
  const currentIds = files.current.ids;
  const otherIds = files.other.ids;
  const sameLines = (a: LineChange, b: LineChange) => {
    for (let k = 0; k < a.count2; k++) if (currentIds[a.start2 + k] !== otherIds[b.start2 + k]) return false;
    return true;
  };
  while (p < pEnd && q < qEnd) {
    const x = changes1[p];
    const y = changes2[q];
    if (x.start1 + x.count1 < y.start1) {
      append('current', x.start1, x.count1, x.start2, x.count2, y.start2 - y.start1 + x.start1, x.count1);
      p++;
      continue;
    }
    if (y.start1 + y.count1 < x.start1) {
      append('other', y.start1, y.count1, x.start2 - x.start1 + y.start1, y.count1, y.start2, y.count2);
      q++;
      continue;
    }
    if (x.start1 !== y.start1 || x.count1 !== y.count1 || x.count2 !== y.count2 || !sameLines(x, y)) {
      const off = x.start1 - y.start1;
      const ffo = off + x.count1 - y.count1;
      let i0 = x.start1;
      let i1 = x.start2;
      let i2 = y.start2;
      if (off > 0) {
        i0 -= off;
        i1 -= off;
      } else i2 += off;
      let n0 = x.start1 + x.count1 - i0;
      let n1 = x.start2 + x.count2 - i1;
      let n2 = y.start2 + y.count2 - i2;
      if (ffo < 0) {
        n0 -= ffo;
        n1 -= ffo;
      } else n2 += ffo;
      append('conflict', i0, n0, i1, n1, i2, n2);
    } else {
      // The same change on both sides: git keeps no record of it.
      steps.push({ kind: 'both-same', visible: false, i0: x.start1, n0: x.count1, i1: x.start2, n1: x.count2, i2: y.start2, n2: y.count2 });
    }
    const endX = x.start1 + x.count1;
    const endY = y.start1 + y.count1;
    if (endX >= endY) q++;
    if (endY >= endX) p++;
  }
  // Past the other side's last change, its lines are offset by its whole growth.
  for (; p < pEnd; p++) {
    const x = changes1[p];
    append('current', x.start1, x.count1, x.start2, x.count2, x.start1 + end2, x.count1);
  }
  for (; q < qEnd; q++) {
    const y = changes2[q];
    append('other', y.start1, y.count1, y.start1 + end1, y.count1, y.start2, y.count2);
  }
}

/**
 * Combines one stretch with diff3. diff3 decides which groups of touching changes conflict; it
 * is given tokens that force our line matching on it (a matched line carries its base index, an
 * unmatched one a negative id of its content), so its own diffs find exactly the changes of
 * ours. Where diff3 merged without conflict, the steps come from our changes ({@link
 * stepOfGroup}) and are checked against the lines diff3 merged there: a mismatch is a bug and
 * throws.
 */
function combineByDiff3(
  steps: Step[],
  files: Files,
  stretch: readonly Hunk[],
  lo: number,
  hi: number,
  off1Start: number,
  off2Start: number,
  grow1: number,
  grow2: number,
  currentTokens: readonly number[],
  otherTokens: readonly number[],
): void {
  let off1 = off1Start;
  let off2 = off2Start;
  const consume = (h: Hunk) => {
    if (h.side === 1) off1 += h.sn - h.on;
    else off2 += h.sn - h.on;
  };
  const cs = lo + off1;
  const os = lo + off2;
  const baseTokens: number[] = [];
  for (let j = lo; j < hi; j++) baseTokens.push(j);
  const blocks = diff3Merge(currentTokens.slice(cs, hi + off1 + grow1), baseTokens, otherTokens.slice(os, hi + off2 + grow2));

  let h = 0;
  let po = 0;
  let ok: number[] = [];
  const flush = (oEnd: number, atEnd: boolean) => {
    const group: Hunk[] = [];
    while (h < stretch.length && (atEnd || stretch[h].o < lo + oEnd)) group.push(stretch[h++]);
    const before = steps.length;
    for (const g of chainGroups(group)) {
      steps.push(stepOfGroup(g, off1, off2, files));
      for (const x of g) consume(x);
    }
    checkStretch(ok, steps.slice(before), lo + po, lo + oEnd, currentTokens, otherTokens);
    ok = [];
  };
  for (const block of blocks) {
    if ('ok' in block) {
      for (const t of block.ok) ok.push(t);
      continue;
    }
    const c = block.conflict;
    flush(c.oIndex, false);
    steps.push({ kind: 'conflict', visible: true, i0: lo + c.oIndex, n0: c.o.length, i1: cs + c.aIndex, n1: c.a.length, i2: os + c.bIndex, n2: c.b.length });
    const oEnd = lo + c.oIndex + c.o.length;
    while (h < stretch.length && stretch[h].o <= oEnd) consume(stretch[h++]);
    po = c.oIndex + c.o.length;
  }
  flush(hi - lo, true);
}

/** diff3 input for one side: the base index of each matched line, `-(id + 1)` for the others. */
function tokensOf(sideIds: Int32Array, changes: readonly LineChange[]): number[] {
  const tokens = new Array<number>(sideIds.length);
  let b = 0;
  let s = 0;
  for (const c of changes) {
    while (b < c.start1) tokens[s++] = b++;
    if (s !== c.start2) throw new Error('mergeText: line diff out of step');
    for (let k = 0; k < c.count2; k++, s++) tokens[s] = -(sideIds[s] + 1);
    b += c.count1;
  }
  while (s < sideIds.length) tokens[s++] = b++;
  return tokens;
}

/** Both sides' changes by first base line, current's first on a tie (diff3's order). */
function sortedHunks(changes1: readonly LineChange[], changes2: readonly LineChange[]): Hunk[] {
  const hunks: Hunk[] = [];
  let i = 0;
  let j = 0;
  const hunk = (side: 1 | 2, index: number, c: LineChange): Hunk => ({ side, index, o: c.start1, on: c.count1, s: c.start2, sn: c.count2 });
  while (i < changes1.length || j < changes2.length) {
    if (j >= changes2.length || (i < changes1.length && changes1[i].start1 <= changes2[j].start1)) {
      hunks.push(hunk(1, i, changes1[i]));
      i++;
    } else {
      hunks.push(hunk(2, j, changes2[j]));
      j++;
    }
  }
  return hunks;
}

/** Groups hunks that overlap or touch in the base (diff3's and git's rule: adjacent changes go together). */
function chainGroups(hunks: readonly Hunk[]): Hunk[][] {
  const groups: Hunk[][] = [];
  let hi = -1;
  for (const h of hunks) {
    const group = groups[groups.length - 1];
    if (group && h.o <= hi) {
      group.push(h);
      hi = Math.max(hi, h.o + h.on);
    } else {
      groups.push([h]);
      hi = h.o + h.on;
    }
  }
  return groups;
}

/**
 * The step for a group of hunks diff3 merged without conflict: one side's change, or the same
 * change on both sides. git records an identical change only when both hunks cover the same
 * base lines; a group of several hunks with the same outcome is a conflict in git's first pass
 * (kept by the diff3 style, dissolved again by the refinement of the merge style).
 */
function stepOfGroup(group: readonly Hunk[], off1: number, off2: number, files: Files): Step {
  if (group.length === 1) {
    const h = group[0];
    return h.side === 1
      ? { kind: 'current', visible: true, i0: h.o, n0: h.on, i1: h.s, n1: h.sn, i2: h.o + off2, n2: h.on }
      : { kind: 'other', visible: true, i0: h.o, n0: h.on, i1: h.o + off1, n1: h.on, i2: h.s, n2: h.sn };
  }
  // Extents as diff3 computes them: each side's span, widened by the base lines the other side covers.
  const lo = Math.min(...group.map((h) => h.o));
  const hi = Math.max(...group.map((h) => h.o + h.on));
  const span = (side: 1 | 2, off: number) => {
    const mine = group.filter((h) => h.side === side);
    if (mine.length === 0) return { start: lo + off, count: hi - lo };
    const sLo = Math.min(...mine.map((h) => h.s));
    const sHi = Math.max(...mine.map((h) => h.s + h.sn));
    const oLo = Math.min(...mine.map((h) => h.o));
    const oHi = Math.max(...mine.map((h) => h.o + h.on));
    const start = sLo + (lo - oLo);
    return { start, count: sHi + (hi - oHi) - start };
  };
  const a = span(1, off1);
  const b = span(2, off2);
  const step: Step = { kind: 'conflict', visible: true, i0: lo, n0: hi - lo, i1: a.start, n1: a.count, i2: b.start, n2: b.count };
  if (group.length === 2 && group[0].side !== group[1].side && group[0].o === group[1].o && group[0].on === group[1].on && a.count === b.count) {
    let same = true;
    for (let k = 0; k < a.count && same; k++) same = files.current.ids[a.start + k] === files.other.ids[b.start + k];
    if (same) return { ...step, kind: 'both-same', visible: false };
  }
  return step;
}

/** Checks that the steps of a stretch without conflict produce the lines diff3 merged there. */
function checkStretch(ok: readonly number[], steps: readonly Step[], oStart: number, oEnd: number, currentTokens: readonly number[], otherTokens: readonly number[]): void {
  let k = 0;
  let same = true;
  const expect = (token: number) => {
    if (ok[k++] !== token) same = false;
  };
  let o = oStart;
  for (const s of steps) {
    while (o < s.i0) expect(o++);
    if (s.kind === 'other') for (let j = 0; j < s.n2; j++) expect(otherTokens[s.i2 + j]);
    else for (let j = 0; j < s.n1; j++) expect(currentTokens[s.i1 + j]);
    o = s.i0 + s.n0;
  }
  while (o < oEnd) expect(o++);
  if (!same || k !== ok.length) throw new Error(`mergeText: diff3 and the line diff disagree on base lines ${oStart}..${oEnd}`);
}

/**
 * git's xdl_refine_conflicts (merge style): diffs the two sides of each conflict and keeps as
 * conflicts only the lines that differ; the lines both sides share leave the conflict. A
 * conflict whose sides are equal is no conflict (git's mode 4, which still keeps neighbouring
 * conflicts apart).
 */
function refineConflicts(steps: readonly Step[], files: Files, idLimit: number, algorithm: DiffAlgorithm): Step[] {
  const currentIds = files.current.ids;
  const otherIds = files.other.ids;
  const out: Step[] = [];
  for (const step of steps) {
    if (step.kind !== 'conflict' || step.n1 === 0 || step.n2 === 0) {
      out.push(step);
      continue;
    }
    const changes = diffLines(currentIds.subarray(step.i1, step.i1 + step.n1), otherIds.subarray(step.i2, step.i2 + step.n2), idLimit, algorithm);
    if (changes.length === 0) {
      out.push({ ...step, kind: 'both-same' });
      continue;
    }
    let p1 = 0;
    let p2 = 0;
    let first = true;
    const baseAt = () => (first ? step.i0 : step.i0 + step.n0);
    const shared = (n: number) => {
      if (n > 0) out.push({ kind: 'both-same', visible: false, i0: baseAt(), n0: 0, i1: step.i1 + p1, n1: n, i2: step.i2 + p2, n2: n });
    };
    for (const c of changes) {
      shared(c.start1 - p1);
      out.push({
        kind: 'conflict',
        visible: true,
        i0: baseAt(),
        n0: first ? step.n0 : 0,
        i1: step.i1 + c.start1,
        n1: c.count1,
        i2: step.i2 + c.start2,
        n2: c.count2,
      });
      first = false;
      p1 = c.start1 + c.count1;
      p2 = c.start2 + c.count2;
    }
    shared(step.n1 - p1);
  }
  return out;
}

/**
 * git's xdl_simplify_non_conflicts with XDL_MERGE_ZEALOUS_ALNUM: two conflicts with nothing
 * recorded between them are joined when at most three lines separate them, or when those lines
 * hold no ASCII letter or digit (blank lines, `}`), which would make a confusing island.
 */
function simplifyNonConflicts(steps: readonly Step[], current: LineIndex): Step[] {
  const out: Step[] = [];
  let pending: Step[] = [];
  let last: Step | undefined;
  for (const step of steps) {
    if (!step.visible) {
      pending.push(step);
      continue;
    }
    if (last && last.kind === 'conflict' && step.kind === 'conflict') {
      const begin = last.i1 + last.n1;
      const end = step.i1;
      if (end - begin <= SIMPLIFY_MAX_GAP || !ALNUM.test(textOf(current, begin, end - begin))) {
        last.n0 = step.i0 + step.n0 - last.i0;
        last.n1 = step.i1 + step.n1 - last.i1;
        last.n2 = step.i2 + step.n2 - last.i2;
        pending = [];
        continue;
      }
    }
    out.push(...pending);
    pending = [];
    last = { ...step };
    out.push(last);
  }
  out.push(...pending);
  return out;
}

/** git's isalnum, which only knows ASCII. */
const ALNUM = /[A-Za-z0-9]/;

/** Turns the steps into regions, filling the stretches between them with unchanged lines. */
function toRegions(steps: readonly Step[], files: Files): MergeRegion[] {
  const regions: MergeRegion[] = [];
  let p0 = 0;
  let p1 = 0;
  let p2 = 0;
  let conflictIndex = 0;
  const side = (file: LineIndex, start: number, count: number): RegionSide => ({ start, count, lines: linesOf(file, start, count) });
  const unchangedUpTo = (i0: number, i1: number, i2: number) => {
    const n = i1 - p1;
    if (i0 - p0 !== n || i2 - p2 !== n || n < 0) throw new Error('mergeText: regions out of step');
    if (n > 0) {
      // The three sides hold equal lines: one array serves them all.
      const lines = linesOf(files.current, p1, n);
      regions.push({ kind: 'unchanged', base: { start: p0, count: n, lines }, current: { start: p1, count: n, lines }, other: { start: p2, count: n, lines }, result: lines });
    }
  };
  for (const s of steps) {
    unchangedUpTo(s.i0, s.i1, s.i2);
    const sides = { base: side(files.base, s.i0, s.n0), current: side(files.current, s.i1, s.n1), other: side(files.other, s.i2, s.n2) };
    switch (s.kind) {
      case 'current':
      case 'both-same':
        regions.push({ kind: s.kind, ...sides, result: sides.current.lines });
        break;
      case 'other':
        regions.push({ kind: 'other', ...sides, result: sides.other.lines });
        break;
      case 'conflict':
        regions.push({ kind: 'conflict', ...sides, index: conflictIndex++ });
        break;
      default:
        assertNever(s.kind);
    }
    p0 = s.i0 + s.n0;
    p1 = s.i1 + s.n1;
    p2 = s.i2 + s.n2;
  }
  unchangedUpTo(files.base.count, files.current.count, files.other.count);
  return regions;
}

/** A function that computes its value on the first call and returns that value afterwards. */
export function once<T>(make: () => T): () => T {
  let made = false;
  let value: T | undefined;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

interface RenderOptions {
  labels: MergeLabels;
  style: MergeStyle;
  markerSize: number;
  favor: MergeFavor | undefined;
}

/**
 * Writes the merged text as git's xdl_fill_merge_buffer does: current's lines, where other's
 * changes replace the lines they changed and conflicts are marked.
 */
function render(steps: readonly Step[], files: Files, options: RenderOptions): string {
  const out: string[] = [];
  let p1 = 0;
  for (const s of steps) {
    if (s.kind === 'current' || s.kind === 'both-same') continue;
    out.push(textOf(files.current, p1, s.i1 - p1));
    p1 = s.i1 + s.n1;
    if (s.kind === 'other') {
      out.push(textOf(files.other, s.i2, s.n2));
      continue;
    }
    const eol = crNeeded(files, s.i1, s.i2) ? '\r\n' : '\n';
    if (options.favor !== undefined) {
      // git's favor modes: the conflict becomes a change of one side, or of both in turn (a
      // current without final newline gets one, so that other's first line stays a line).
      if (options.favor !== 'other') {
        const text = textOf(files.current, s.i1, s.n1);
        out.push(text);
        if (options.favor === 'union' && text.length > 0 && !text.endsWith('\n')) out.push(eol);
      }
      if (options.favor !== 'current') out.push(textOf(files.other, s.i2, s.n2));
      continue;
    }
    const marker = (char: string, label: string | undefined) => char.repeat(options.markerSize) + (label === undefined ? '' : ' ' + label) + eol;
    const copy = (file: LineIndex, start: number, count: number) => {
      const text = textOf(file, start, count);
      out.push(text);
      if (text.length > 0 && !text.endsWith('\n')) out.push(eol);
    };
    out.push(marker('<', options.labels.current));
    copy(files.current, s.i1, s.n1);
    if (options.style === 'diff3') {
      out.push(marker('|', options.labels.base));
      copy(files.base, s.i0, s.n0);
    }
    out.push(marker('=', undefined));
    copy(files.other, s.i2, s.n2);
    out.push(marker('>', options.labels.other));
  }
  out.push(textOf(files.current, p1, files.current.count - p1));
  return out.join('');
}

/**
 * git's is_cr_needed: conflict markers (and a newline added after a side's last line) use CRLF
 * when the lines before the conflict in both sides, and the base's first line, end in CRLF;
 * a file whose ending cannot be told does not decide.
 */
function crNeeded(files: Files, i1: number, i2: number): boolean {
  let needs = eolIsCrlf(files.current, i1 > 0 ? i1 - 1 : 0);
  if (needs !== 0) needs = eolIsCrlf(files.other, i2 > 0 ? i2 - 1 : 0);
  if (needs !== 0) needs = eolIsCrlf(files.base, 0);
  return needs === 1;
}

/** git's is_eol_crlf: 1 if line i ends in CRLF (a last line without newline: the line before), 0 if in LF, -1 if unknown. */
function eolIsCrlf(file: LineIndex, i: number): -1 | 0 | 1 {
  const crlf = (j: number) => (file.starts[j + 1] - file.starts[j] > 1 && file.text.charCodeAt(file.starts[j + 1] - 2) === 13 ? 1 : 0);
  if (i < file.count - 1) return crlf(i);
  if (file.count === 0) return -1;
  if (file.text.charCodeAt(file.starts[i + 1] - 1) === 10) return crlf(i);
  if (i === 0) return -1;
  return crlf(i - 1);
}
