/**
 * A stretch of lines: `start` is the 0-based index of its first line, `count` how many lines it
 * has (0: the empty stretch before line `start`). Every line range in core and in the renderer is
 * one of these; only the script merge editor turns them into Monaco's 1-based ranges, in one
 * function (docs/architecture.md, "Line ranges").
 */
export interface LineRange {
  start: number;
  count: number;
}
