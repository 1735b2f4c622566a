export { DIFF_ALGORITHMS, diffLines, type DiffAlgorithm, type LineChange } from './diffLines.js';
export { diffLineLists } from './diffLineLists.js';
export { hasConflictMarkers } from './hasConflictMarkers.js';
export { lineEndingOf, mergeScripts, SCRIPT_CONFLICT_MARKERS, scriptLineEnding, type LineEnding, type ScriptMergeOptions, type ScriptMergeResult } from './mergeScripts.js';
export type { LineRange } from './LineRange.js';
export {
  mergeText,
  type MergeFavor,
  type MergeLabels,
  type MergeRegion,
  type MergeStyle,
  type MergeTextInput,
  type RegionSide,
  type TextMergeResult,
} from './mergeText.js';
export { splitLines } from './splitLines.js';
