const MARKER_CHARS = '<|=>';
const WHITESPACE = ' \t\r\n\f\v';

/**
 * True if a text still holds a conflict marker line: a line (lines end at `\n`) that starts
 * with exactly `markerSize` (default 7) of `<`, `|`, `=` or `>` followed by whitespace or the
 * end of the text (git's rule for conflict markers, as in `git diff --check`). A longer run
 * such as `========` is not a marker.
 */
export function hasConflictMarkers(text: string, markerSize = 7): boolean {
  if (!Number.isInteger(markerSize) || markerSize < 1) throw new RangeError(`hasConflictMarkers: markerSize must be a positive integer, got ${markerSize}`);
  for (let start = 0; start < text.length; ) {
    const char = text[start];
    if (MARKER_CHARS.includes(char)) {
      let k = 1;
      while (k < markerSize && text[start + k] === char) k++;
      const after = start + markerSize;
      if (k === markerSize && (after === text.length || WHITESPACE.includes(text[after]))) return true;
    }
    const newline = text.indexOf('\n', start);
    if (newline === -1) break;
    start = newline + 1;
  }
  return false;
}
