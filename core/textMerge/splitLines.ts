/**
 * Splits a text into lines that keep their line endings, the way git's xdiff reads a file.
 *
 * Only `\n` ends a line; a `\r` before it stays part of the line (so `a\r\n` is one line,
 * different from `a\n`), and a lone `\r` is an ordinary character. A last line without a
 * newline is kept as it is. `splitLines(t).join('')` is always `t`, and the empty text has no
 * lines.
 */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const end = text.indexOf('\n', start);
    if (end === -1) break;
    lines.push(text.slice(start, end + 1));
    start = end + 1;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines;
}
