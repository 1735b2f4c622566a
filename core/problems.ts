/**
 * A problem with the user's input: a file that breaks its format, an option a protected Target
 * refuses. Problems are collected, never thrown one at a time, so the user sees all of them.
 */
export interface Problem {
  /** Stable machine code, e.g. `json-syntax`, `unknown-key`, `bad-name`, `symlink`. */
  code: string;
  /** Path of the file, relative to the configuration root or as the user gave it. */
  file: string;
  /** JSON pointer inside the file (`''` for the whole file). */
  pointer: string;
  /** What is wrong, as a sentence a user can act on. */
  message: string;
}

/**
 * Formats a problem as the one line the CLI prints: `file#/pointer: message`. Control characters
 * in the file or pointer (a hostile file name or key holding a line break) are shown as `\uXXXX`,
 * so that every problem stays one readable line.
 */
export function formatProblem(problem: Problem): string {
  const where = problem.pointer ? `${problem.file}#${problem.pointer}` : problem.file;
  return `${escapeControlCharacters(where)}: ${escapeControlCharacters(answerIdOf(problem.pointer) + problem.message)}`;
}

/**
 * `the answer for <id>: ` when a pointer points into an answers file's answer: a prompt id holds
 * `/`, which a JSON pointer must write `~1`, so the id is also said as the user wrote it
 * (docs/cli.md, "Exit codes").
 */
function answerIdOf(pointer: string): string {
  const match = /^\/answers\/([^/]*)/.exec(pointer);
  if (match === null || !/~[01]/.test(match[1])) return '';
  return `the answer for ${match[1].replace(/~1/g, '/').replace(/~0/g, '~')}: `;
}

/** Replaces C0 and C1 control characters (and DEL) by `\uXXXX`. */
export function escapeControlCharacters(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Orders problems by file, then pointer, then message, for deterministic output. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareStrings(a.file, b.file) || compareStrings(a.pointer, b.pointer) || compareStrings(a.message, b.message),
  );
}

/** Code-unit string comparison, independent of locale (deterministic across machines). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
