export { DIFF_ALGORITHMS, diffLines, type DiffAlgorithm, type LineChange } from './diffLines.js';
export { hasConflictMarkers } from './hasConflictMarkers.js';
export { lineEndingOf, mergeScripts, type LineEnding, type ScriptMergeOptions } from './mergeScripts.js';
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
