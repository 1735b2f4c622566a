/**
 * Aligns the three values of a prompt line by line, as KDiff3 and Beyond Compare show them: one
 * row per line, the customized and source base lines beside the target base line they come
 * from, and gap cells where a side has no line. Lines a side changed are marked, and inside a
 * changed line the words that differ from the target base's line (docs/reports.md, "Three-way
 * views"). The app's prompts and the HTML report show the same alignment. Pure.
 */
import type { Json } from '../json.js';
import { diffLineLists, diffLines, splitLines, type LineChange } from '../textMerge/index.js';

/** One cell of an aligned row: a line of one side, or `null` for a gap. */
export interface AlignedCell {
  /** 0-based line number in that side's text. */
  line: number;
  text: string;
  /** True when this side changed the line against the target base (or, for the target base, when either side did). */
  changed: boolean;
  /** `[start, end)` character ranges that differ from the target base's line of the same row. */
  words: readonly (readonly [number, number])[];
}

export interface AlignedRow {
  customized: AlignedCell | null;
  targetBase: AlignedCell | null;
  sourceBase: AlignedCell | null;
}

/** The three sides' lines, aligned, and how many lines each side changed. */
export interface ThreeWayAlignment {
  rows: AlignedRow[];
  changedCustomized: number;
  changedSourceBase: number;
}

/**
 * Lines of a value as shown: a string's own lines, anything else as indented JSON (one field or
 * list item per line, so that a change reads as the field that changed), an absent value as none.
 */
export function linesOf(value: Json | null): string[] {
  if (value === null) return [];
  const text = typeof value === 'string' ? value.replace(/\r\n?/g, '\n') : JSON.stringify(value, null, 2);
  return splitLines(text).map((l) => l.replace(/\n$/, ''));
}

/** Words, runs of spaces and single punctuation marks: the units of word-level marks. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** Beyond this many tokens in a line, the line mark alone is shown (a word diff would cost too much). */
const MAX_WORD_TOKENS = 2000;

/** Character ranges of `side` that differ from `base`, word by word (adjacent ranges joined). */
export function wordChanges(base: string, side: string): [number, number][] {
  const a = tokenize(base);
  const b = tokenize(side);
  if (a.length > MAX_WORD_TOKENS || b.length > MAX_WORD_TOKENS) return side.length > 0 ? [[0, side.length]] : [];
  const ids = new Map<string, number>();
  const idOf = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  };
  const changes = diffLines(Int32Array.from(a, idOf), Int32Array.from(b, idOf));
  const offsets: number[] = [0];
  for (const t of b) offsets.push((offsets[offsets.length - 1] ?? 0) + t.length);
  const ranges: [number, number][] = [];
  for (const c of changes) {
    if (c.count2 === 0) continue;
    const start = offsets[c.start2] ?? 0;
    const end = offsets[c.start2 + c.count2] ?? side.length;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === start) last[1] = end;
    else ranges.push([start, end]);
  }
  return ranges;
}

function changesOf(base: readonly string[], side: readonly string[]): LineChange[] {
  return diffLineLists(base, side);
}

interface Hunk {
  baseStart: number;
  baseEnd: number;
}

/**
 * Where a hunk's base range `[start, end)` lands in one side. Hunks join every change of both
 * sides that overlaps or touches them, so a change belongs to the hunk its start falls in
 * (`start <= start1 <= end`) and every change starting earlier lies wholly before it.
 */
function sideRange(changes: readonly LineChange[], start: number, end: number): [number, number] {
  let before = 0;
  let inside = 0;
  for (const c of changes) {
    if (c.start1 < start) before += c.count2 - c.count1;
    else if (c.start1 <= end) inside += c.count2 - c.count1;
  }
  return [start + before, end + before + inside];
}

/**
 * Aligns `customized` and `sourceBase` with `targetBase` (each as lines). Absent values are
 * `null` and have no lines. Rows where no side changed pair the same line of all three; each
 * stretch any side changed becomes as many rows as its longest side, the shorter sides padded
 * with gaps.
 */
export function alignThreeWay(customized: Json | null, targetBase: Json | null, sourceBase: Json | null): ThreeWayAlignment {
  const c = linesOf(customized);
  const t = linesOf(targetBase);
  const s = linesOf(sourceBase);
  const cChanges = changesOf(t, c);
  const sChanges = changesOf(t, s);

  // Hunks: base ranges either side changed, joined where they overlap or touch.
  const intervals = [...cChanges, ...sChanges].map((ch) => ({ baseStart: ch.start1, baseEnd: ch.start1 + ch.count1 })).sort((x, y) => x.baseStart - y.baseStart || x.baseEnd - y.baseEnd);
  const hunks: Hunk[] = [];
  for (const iv of intervals) {
    const last = hunks[hunks.length - 1];
    if (last && iv.baseStart <= last.baseEnd) last.baseEnd = Math.max(last.baseEnd, iv.baseEnd);
    else hunks.push({ ...iv });
  }

  const cChanged = new Set<number>();
  const sChanged = new Set<number>();
  const tChanged = new Set<number>();
  for (const ch of cChanges) {
    for (let i = 0; i < ch.count2; i++) cChanged.add(ch.start2 + i);
    for (let i = 0; i < ch.count1; i++) tChanged.add(ch.start1 + i);
  }
  for (const ch of sChanges) {
    for (let i = 0; i < ch.count2; i++) sChanged.add(ch.start2 + i);
    for (let i = 0; i < ch.count1; i++) tChanged.add(ch.start1 + i);
  }

  const rows: AlignedRow[] = [];
  const same = (side: readonly string[], line: number): AlignedCell => ({ line, text: side[line] ?? '', changed: false, words: [] });
  let base = 0;
  let cPos = 0;
  let sPos = 0;
  const pushUnchanged = (until: number): void => {
    while (base < until) {
      rows.push({ customized: same(c, cPos), targetBase: same(t, base), sourceBase: same(s, sPos) });
      base += 1;
      cPos += 1;
      sPos += 1;
    }
  };
  for (const hunk of hunks) {
    pushUnchanged(hunk.baseStart);
    const [c0, c1] = sideRange(cChanges, hunk.baseStart, hunk.baseEnd);
    const [s0, s1] = sideRange(sChanges, hunk.baseStart, hunk.baseEnd);
    const height = Math.max(c1 - c0, hunk.baseEnd - hunk.baseStart, s1 - s0);
    for (let i = 0; i < height; i++) {
      const tLine = hunk.baseStart + i < hunk.baseEnd ? hunk.baseStart + i : null;
      const tText = tLine === null ? null : (t[tLine] ?? '');
      const cell = (side: readonly string[], line: number, end: number, changedSet: ReadonlySet<number>): AlignedCell | null => {
        if (line >= end) return null;
        const text = side[line] ?? '';
        const changed = changedSet.has(line);
        const words = !changed ? [] : tText === null ? (text.length > 0 ? [[0, text.length] as const] : []) : wordChanges(tText, text);
        return { line, text, changed, words };
      };
      rows.push({
        customized: cell(c, c0 + i, c1, cChanged),
        targetBase: tLine === null ? null : { line: tLine, text: tText ?? '', changed: tChanged.has(tLine), words: [] },
        sourceBase: cell(s, s0 + i, s1, sChanged),
      });
    }
    base = hunk.baseEnd;
    cPos = c1;
    sPos = s1;
  }
  pushUnchanged(t.length);
  return { rows, changedCustomized: cChanged.size, changedSourceBase: sChanged.size };
}
