import { diffLines, type LineChange } from './diffLines.js';

/**
 * The line changes from `base` to `side`, two lists of lines compared exactly, with core's
 * git-compatible line matching (`diffLines`, Myers): what the app's aligned views and its merge
 * editor mark as changed.
 */
export function diffLineLists(base: readonly string[], side: readonly string[]): LineChange[] {
  const ids = new Map<string, number>();
  const idOf = (line: string): number => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  return diffLines(Int32Array.from(base, idOf), Int32Array.from(side, idOf));
}
