import type { DiffAlgorithm } from './diffLines.js';
import { mergeText, once, type MergeRegion, type MergeStyle, type RegionSide, type TextMergeResult } from './mergeText.js';

/** How a text ends its lines: `none` when it has no line break, `mixed` when it uses both. */
export type LineEnding = 'none' | 'lf' | 'crlf' | 'mixed';

/** Options of a script merge. */
export interface ScriptMergeOptions {
  /** Default `merge`. */
  style?: MergeStyle;
  markerSize?: number;
  /**
   * The line matching; default `histogram`, as git's own merges (merge-ort) use: it spares the
   * spurious conflicts Myers makes when one side adds or removes whole procedures
   * (docs/merge-behaviour.md, "The diff algorithm"). The options file's `merge.diffAlgorithm`.
   */
  diffAlgorithm?: DiffAlgorithm;
}

/** Conflict labels of a script merge, in the domain's words. */
const LABELS = { current: 'customized', base: 'target base', other: 'source base' } as const;

/** The conflict marker lines (without their line ending) of a script merge with the default style and marker size. */
export const SCRIPT_CONFLICT_MARKERS = {
  current: `<<<<<<< ${LABELS.current}`,
  separator: '=======',
  other: `>>>>>>> ${LABELS.other}`,
} as const;

/** A script merge: the text merge, and the line ending its result takes. */
export type ScriptMergeResult = TextMergeResult & {
  /** The result's line ending (see `scriptLineEnding`). */
  eol: '\n' | '\r\n';
};

/**
 * The line ending a script merge's result takes: the customized version's, CRLF if it uses CRLF
 * more than LF (a customized text without line break: the target base's, then the source base's);
 * LF when no text has a line break.
 */
export function scriptLineEnding(targetBase: string, customized: string, sourceBase: string): '\n' | '\r\n' {
  const reference = [customized, targetBase, sourceBase].find((t) => lineEndingOf(t) !== 'none');
  return reference !== undefined && prefersCrlf(reference) ? '\r\n' : '\n';
}

/**
 * Merges a script for a prompt (docs/merge-behaviour.md, "One value", rule 4): the customizer's changes from
 * the target base to the customized version, and the vendor's from the target base to the new
 * source base. Same engine as `carryover merge-file`, with the histogram diff by default (that of
 * `merge-file --diff-algorithm=histogram`).
 *
 * This is the one place where the domain meets the text merge's terms: the target base is the
 * base, the customized version is *current* (git's "ours"), the source base is *other* (git's
 * "theirs"); conflicts are labelled `customized`, `target base` and `source base`.
 *
 * When the three texts do not all use the same line ending (one of them mixes CRLF and LF, or
 * two differ; a text without any line break does not count), they are merged after turning
 * every CRLF into LF, and the result, regions included, takes the customized version's line
 * ending: CRLF if it uses CRLF more than LF (a customized text without line break: the target
 * base's, then the source base's). Otherwise the texts are merged as they are.
 */
export function mergeScripts(targetBase: string, customized: string, sourceBase: string, options: ScriptMergeOptions = {}): ScriptMergeResult {
  const settings: ScriptMergeOptions = { ...options, diffAlgorithm: options.diffAlgorithm ?? 'histogram' };
  const endings = [customized, targetBase, sourceBase].map(lineEndingOf);
  const kinds = new Set(endings.filter((e) => e !== 'none'));
  const normalize = kinds.has('mixed') || kinds.size > 1;
  const eol = scriptLineEnding(targetBase, customized, sourceBase);
  if (!normalize) {
    // Object.assign reads only the plain second object: the merge's lazy `regions` stay lazy.
    return Object.assign(mergeText({ base: targetBase, current: customized, other: sourceBase, labels: LABELS, ...settings }), { eol });
  }
  const toCrlf = eol === '\r\n';
  const lf = (t: string) => t.replace(/\r\n/g, '\n');
  const merged = mergeText({ base: lf(targetBase), current: lf(customized), other: lf(sourceBase), labels: LABELS, ...settings });
  if (!toCrlf) return Object.assign(merged, { eol });
  const convert = (t: string) => t.replace(/\n/g, '\r\n');
  const converted = new Map<readonly string[], string[]>();
  const lines = (l: readonly string[]) => {
    let c = converted.get(l);
    if (c === undefined) converted.set(l, (c = l.map(convert)));
    return c;
  };
  const side = (s: RegionSide): RegionSide => ({ start: s.start, count: s.count, lines: lines(s.lines) });
  const regions = once(() =>
    merged.regions.map((r): MergeRegion => {
      const sides = { base: side(r.base), current: side(r.current), other: side(r.other) };
      return r.kind === 'conflict' ? { ...r, ...sides } : { ...r, ...sides, result: lines(r.result) };
    }),
  );
  return {
    clean: merged.clean,
    conflicts: merged.conflicts,
    text: convert(merged.text),
    eol,
    get regions() {
      return regions();
    },
  };
}

/** The line ending a text uses. */
export function lineEndingOf(text: string): LineEnding {
  const { crlf, lf } = countLineEndings(text);
  if (crlf === 0 && lf === 0) return 'none';
  if (lf === 0) return 'crlf';
  if (crlf === 0) return 'lf';
  return 'mixed';
}

function prefersCrlf(text: string): boolean {
  const { crlf, lf } = countLineEndings(text);
  return crlf > lf;
}

function countLineEndings(text: string): { crlf: number; lf: number } {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return { crlf, lf };
}
