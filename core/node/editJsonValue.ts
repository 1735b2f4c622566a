import type { Prompt } from '../analysis.js';
import { formatEditProblem, parseEditedValue } from '../checkEditedValue.js';
import type { Json } from '../json.js';

/** The mark of the lines `editJsonValue` puts above the value to say what was wrong; they are not part of it. */
const NOTE = '#';

/**
 * Edits a prompt's JSON value in an editor until it fits (docs/cli.md, "Interactive prompts"):
 * `open` shows a text in the editor and returns what the user saved, or `null` when the editor
 * failed. A value that is not valid JSON or does not fit its place (core/checkEditedValue.ts) is
 * reopened with the problem written above it on lines starting with `#` (JSON never starts with
 * `#`, so they are read back as notes and dropped) and said through `note`, the user's text kept
 * as they left it. Saving an empty file, or saving again unchanged after a problem, gives up:
 * `null`, and the prompt is asked again.
 */
export function editJsonValue(prompt: Prompt, initial: string, open: (text: string) => string | null, note: (message: string) => void): Json | null {
  let text = initial;
  let problem: string | null = null;
  for (;;) {
    const shown = problem === null ? text : `${NOTE} carryover: ${problem}\n${NOTE} Fix the value below and save; save it unchanged or empty to give up.\n${text}`;
    const saved = open(shown);
    if (saved === null) return null;
    const body = withoutNotes(saved);
    if (body.trim() === '') return null;
    if (problem !== null && body === text) return null;
    const parsed = parseEditedValue(prompt, body);
    if (parsed.ok) return parsed.value;
    problem = formatEditProblem(parsed.problem);
    note(`the edited value for ${prompt.id} does not fit: ${problem}; opening the editor again`);
    text = body;
  }
}

/** The text without the note lines at its top. */
function withoutNotes(text: string): string {
  const lines = text.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].startsWith(NOTE)) first++;
  return lines.slice(first).join('\n');
}
