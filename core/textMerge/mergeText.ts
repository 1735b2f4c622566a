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

/** Lines a conflict must see between itself and the next before they are shown apart (git's xdl_simplify_non_conflicts). */
const SIMPLIFY_MAX_GAP = 3;

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
 * (with the chosen algorithm), and they are combined as git's xmerge.c combines them, in time
 * linear in the number of changes (docs/performance.md, "The worst case of the text merge").
 */
export function mergeText(input: MergeTextInput): TextMergeResult {
  const style = input.style ?? 'merge';
  const markerSize = input.markerSize ?? 7;
  if (!Number.isInteger(markerSize) || markerSize < 1) throw new RangeError(`mergeText: markerSize must be a positive integer, got ${markerSize}`);
  const interner = new LineInterner();
  const files: Files = { base: interner.split(input.base), current: interner.split(input.current), other: interner.split(input.other) };

  const algorithm = input.diffAlgorithm ?? 'myers';
  let steps = combine(files, interner.size, algorithm);
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

/**
 * git's xdl_do_merge: walks the two line diffs (base → current, base → other) together, in
 * base order, and records one step per change. A change that ends before the other side's next
 * change begins is that side's; changes that overlap or touch in the base conflict, unless both
 * sides made the very same change (same base lines, same new lines), which git does not record
 * at all. A step that reaches into the previous recorded one (in current's or in other's lines)
 * is folded into it, and becomes a conflict if the two were not of one kind (xdl_append_merge).
 *
 * Linear in the number of changes: no second diff runs over the changed stretches, so two
 * sides that rewrote the whole file cost no more than their two diffs.
 */
function combine(files: Files, idLimit: number, algorithm: DiffAlgorithm): Step[] {
  const changes1 = diffLines(files.base.ids, files.current.ids, idLimit, algorithm);
  const changes2 = diffLines(files.base.ids, files.other.ids, idLimit, algorithm);
  const steps: Step[] = [];
  /** Index in `steps` of the last recorded (visible) step. */
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
  let p = 0;
  let q = 0;
  while (p < changes1.length && q < changes2.length) {
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
    const end1 = x.start1 + x.count1;
    const end2 = y.start1 + y.count1;
    if (end1 >= end2) q++;
    if (end2 >= end1) p++;
  }
  // Past the other side's last change, its lines are offset by its whole growth.
  for (; p < changes1.length; p++) {
    const x = changes1[p];
    append('current', x.start1, x.count1, x.start2, x.count2, x.start1 + files.other.count - files.base.count, x.count1);
  }
  for (; q < changes2.length; q++) {
    const y = changes2[q];
    append('other', y.start1, y.count1, y.start1 + files.current.count - files.base.count, y.count1, y.start2, y.count2);
  }
  return steps;
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
