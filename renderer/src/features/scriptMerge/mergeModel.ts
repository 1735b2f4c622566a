/**
 * The script merge editor's model, without Monaco: the three texts, the line-level merge of
 * core (`mergeScripts`: target base, customized, source base), the conflicts with their lines,
 * the Result's starting text, and the changes each side made to the target base (line and word
 * level). Line ranges are core's `LineRange` (0-based) and lines keep their line ending; Monaco's
 * 1-based ranges are made in one place, the editor (toMonacoRange).
 *
 * The editor works on LF text (Monaco keeps one line ending per model); `finalText` gives the
 * Result the line ending core's merge chose for it (`mergeScripts`' `eol`). The conflict markers
 * are core's too.
 */
import { diffLineLists, diffLines, mergeScripts, SCRIPT_CONFLICT_MARKERS, splitLines, type DiffAlgorithm, type LineRange, type MergeRegion } from '../../../../core/textMerge/index.js';

/** How a conflict is resolved in the Result. */
export type Resolution = 'unresolved' | 'customized' | 'source' | 'both' | 'both-source-first' | 'base' | 'manual';

export interface ConflictView {
  index: number;
  customized: readonly string[];
  sourceBase: readonly string[];
  targetBase: readonly string[];
  /** First line of the conflict in each input (0-based). */
  customizedStart: number;
  sourceStart: number;
  baseStart: number;
}

/** A stretch of the Result that came from one side without conflict (in the starting text). */
export interface ResultChange extends LineRange {
  side: 'customized' | 'source' | 'both';
}

/** A change of one side (`start`, `count`) against the target base (`baseStart`, `baseCount`), 0-based lines. */
export interface SideChange extends LineRange {
  baseStart: number;
  baseCount: number;
}

/** A side's change with its word-level differences, as the editor highlights it. */
export interface MarkedChange extends SideChange {
  /**
   * `[start, end)` character offsets, counted from the start of the change's first line in the
   * side's LF text, of the words that differ from the target base (wordChanges); empty for an
   * insertion or a deletion.
   */
  words: [number, number][];
}

export interface ScriptMergeModel {
  /** The Result's final line ending: the customized version's. */
  eol: '\n' | '\r\n';
  /** The three texts with LF line endings (what the editors show). */
  customized: string;
  targetBase: string;
  sourceBase: string;
  conflicts: ConflictView[];
  /** The Result's starting text: the merge, conflicts marked. */
  initialText: string;
  /** Where each conflict's marked block is in `initialText`. */
  conflictRanges: LineRange[];
  changes: ResultChange[];
  /** Line and word changes of each side against the target base. */
  customizedChanges: MarkedChange[];
  sourceChanges: MarkedChange[];
}

const MARKER_CUSTOMIZED = SCRIPT_CONFLICT_MARKERS.current;

/** CRLF → LF (lone CRs are kept: they are not line breaks for the merge). */
export function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

/** The Result as stored in the answer: LF text turned into the final line ending. */
export function finalText(lfText: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? lfText : toLf(lfText).replace(/\n/g, '\r\n');
}

function slice(lines: readonly string[], start: number, count: number): string[] {
  return lines.slice(start, start + count);
}

/** Lines ending with a newline, so a block can be followed by more lines. */
function terminated(lines: readonly string[]): string[] {
  const out = [...lines];
  const last = out.length - 1;
  if (last >= 0 && !out[last]!.endsWith('\n')) out[last] = `${out[last]}\n`;
  return out;
}

/** The marked block of a conflict, as the Result shows it until it is resolved. */
export function conflictBlock(conflict: ConflictView): string[] {
  const markers = SCRIPT_CONFLICT_MARKERS;
  return [`${markers.current}\n`, ...terminated(conflict.customized), `${markers.separator}\n`, ...terminated(conflict.sourceBase), `${markers.other}\n`];
}

/** The lines a resolution puts in place of the conflict (both: customized, then source base). */
export function resolutionLines(conflict: ConflictView, resolution: Exclude<Resolution, 'unresolved' | 'manual'>): string[] {
  switch (resolution) {
    case 'customized':
      return [...conflict.customized];
    case 'source':
      return [...conflict.sourceBase];
    case 'base':
      return [...conflict.targetBase];
    case 'both':
      return [...terminated(conflict.customized), ...conflict.sourceBase];
    case 'both-source-first':
      return [...terminated(conflict.sourceBase), ...conflict.customized];
  }
}

/** Which resolution a block of Result text is (by content; hand-edited text is `manual`). */
export function resolutionOf(conflict: ConflictView, text: string): Resolution {
  const normalized = text.endsWith('\n') ? text : `${text}\n`;
  const same = (lines: readonly string[]): boolean => {
    const joined = lines.join('');
    return joined === text || (joined.endsWith('\n') ? joined : `${joined}\n`) === normalized;
  };
  if (same(conflictBlock(conflict)) || text.includes(`${MARKER_CUSTOMIZED}\n`) || text.startsWith(MARKER_CUSTOMIZED)) return 'unresolved';
  const candidates: Exclude<Resolution, 'unresolved' | 'manual'>[] = ['customized', 'source', 'both', 'both-source-first', 'base'];
  for (const candidate of candidates) if (same(resolutionLines(conflict, candidate))) return candidate;
  return 'manual';
}

/** Line changes from `base` to `side` (core's git-compatible line matching). */
export function sideChanges(base: readonly string[], side: readonly string[]): SideChange[] {
  return diffLineLists(base, side).map((c) => ({ baseStart: c.start1, baseCount: c.count1, start: c.start2, count: c.count2 }));
}

/** `sideChanges` with each change's word-level differences (the editor's highlights, computed with the model). */
export function markedChanges(base: readonly string[], side: readonly string[]): MarkedChange[] {
  return sideChanges(base, side).map((change) => ({
    ...change,
    words: change.count > 0 && change.baseCount > 0 ? wordChanges(slice(base, change.baseStart, change.baseCount).join(''), slice(side, change.start, change.count).join('')) : [],
  }));
}

/** Words, runs of spaces and single punctuation marks: the units of word-level highlights. */
export function tokenize(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu) ?? [];
}

/** Most tokens per side a word-level diff is computed for (beyond it the line highlight suffices). */
export const MAX_WORD_DIFF_TOKENS = 4000;

/**
 * Character ranges of `side` that differ from `base` word by word: `[start, end)` offsets into
 * `side`. Empty when either text is too long to diff word by word.
 */
export function wordChanges(base: string, side: string): [number, number][] {
  const a = tokenize(base);
  const b = tokenize(side);
  if (a.length > MAX_WORD_DIFF_TOKENS || b.length > MAX_WORD_DIFF_TOKENS) return [];
  const ids = new Map<string, number>();
  const idOf = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) ids.set(t, (id = ids.size));
    return id;
  };
  const offsets: number[] = [];
  let offset = 0;
  for (const token of b) {
    offsets.push(offset);
    offset += token.length;
  }
  offsets.push(offset);
  const ranges: [number, number][] = [];
  for (const change of diffLines(Int32Array.from(a, idOf), Int32Array.from(b, idOf))) {
    if (change.count2 === 0) continue;
    const start = offsets[change.start2]!;
    const end = offsets[change.start2 + change.count2]!;
    // A change made only of whitespace is not worth a highlight.
    if (side.slice(start, end).trim() !== '') ranges.push([start, end]);
  }
  return ranges;
}

function regionResult(region: MergeRegion, lines: { current: string[]; other: string[] }): { lines: string[]; side: ResultChange['side'] | null } {
  switch (region.kind) {
    case 'unchanged':
      return { lines: slice(lines.current, region.current.start, region.current.count), side: null };
    case 'current':
      return { lines: slice(lines.current, region.current.start, region.current.count), side: 'customized' };
    case 'other':
      return { lines: slice(lines.other, region.other.start, region.other.count), side: 'source' };
    case 'both-same':
      return { lines: slice(lines.current, region.current.start, region.current.count), side: 'both' };
    case 'conflict':
      return { lines: [], side: null };
  }
}

/** Builds the model of one script prompt from its three texts. */
export function buildMergeModel(targetBase: string, customized: string, sourceBase: string, diffAlgorithm: DiffAlgorithm = 'histogram'): ScriptMergeModel {
  const lf = { customized: toLf(customized), targetBase: toLf(targetBase), sourceBase: toLf(sourceBase) };
  const lines = { base: splitLines(lf.targetBase), current: splitLines(lf.customized), other: splitLines(lf.sourceBase) };
  // Core's merge decides the regions; their line numbers hold for the LF texts too.
  const merge = mergeScripts(targetBase, customized, sourceBase, { diffAlgorithm });
  const out: string[] = [];
  const conflicts: ConflictView[] = [];
  const conflictRanges: LineRange[] = [];
  const changes: ResultChange[] = [];
  for (const region of merge.regions) {
    if (region.kind === 'conflict') {
      const conflict: ConflictView = {
        index: conflicts.length,
        customized: slice(lines.current, region.current.start, region.current.count),
        sourceBase: slice(lines.other, region.other.start, region.other.count),
        targetBase: slice(lines.base, region.base.start, region.base.count),
        customizedStart: region.current.start,
        sourceStart: region.other.start,
        baseStart: region.base.start,
      };
      // A block in the middle of the text must end its last line.
      if (out.length > 0 && !out[out.length - 1]!.endsWith('\n')) out[out.length - 1] += '\n';
      const block = conflictBlock(conflict);
      conflictRanges.push({ start: out.length, count: block.length });
      out.push(...block);
      conflicts.push(conflict);
      continue;
    }
    const { lines: result, side } = regionResult(region, lines);
    if (side && result.length > 0) changes.push({ side, start: out.length, count: result.length });
    out.push(...result);
  }
  return {
    eol: merge.eol,
    ...lf,
    conflicts,
    initialText: out.join(''),
    conflictRanges,
    changes,
    customizedChanges: markedChanges(lines.base, lines.current),
    sourceChanges: markedChanges(lines.base, lines.other),
  };
}
