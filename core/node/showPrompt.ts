import type { Prompt } from '../analysis.js';
import type { Json } from '../json.js';
import { assertNever } from '../model.js';
import { plain } from '../report/renderTextReport.js';
import { diffLines, splitLines } from '../textMerge/index.js';

/** Lines of context shown around each change of a value's diff. */
const CONTEXT = 2;

const STYLES = { removed: '\u001b[31m', added: '\u001b[32m', heading: '\u001b[1m', note: '\u001b[2m' } as const;
const RESET = '\u001b[0m';

/** How a prompt is shown: with colours (a terminal that wants them) or plain. */
export interface ShowOptions {
  colour: boolean;
}

/**
 * Whether to colour what is written to a stream: only on a terminal, and never when `NO_COLOR`
 * is set to anything but the empty string (https://no-color.org, docs/cli.md).
 */
export function wantsColour(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  return stream.isTTY === true && (env['NO_COLOR'] ?? '') === '';
}

/**
 * Shows a prompt as a three-way diff (docs/cli.md, "Interactive prompts"): the question, then
 * the customization and the vendor's change, each as a line diff against the target base (`-`
 * the target base's lines, `+` the other side's), so that what each side did is read at a glance.
 * Every character of configuration content goes through the text report's `plain`: a control
 * character (an escape sequence in a script) is shown as `\u001b`, never sent to the terminal.
 */
export function showPrompt(prompt: Prompt, position: { index: number; total: number }, options: ShowOptions): string {
  const paint = (style: keyof typeof STYLES, text: string) => (options.colour ? `${STYLES[style]}${text}${RESET}` : text);
  const out: string[] = [];
  out.push('', paint('heading', `[${position.index}/${position.total}] ${plain(prompt.id)}`), plain(prompt.question));
  const sides: [title: string, value: Json | null][] = [
    ['customized (the customization, against the target base)', prompt.customized],
    ['source base (the vendor\'s change, against the target base)', prompt.sourceBase],
  ];
  for (const [title, value] of sides) {
    out.push(paint('heading', `  --- ${title}`));
    out.push(...valueDiff(prompt.targetBase, value).map((line) => paintLine(line, paint)));
  }
  if (prompt.textMerge) {
    if (prompt.textMerge.clean) {
      out.push(paint('heading', '  --- clean text merge (answer merge to take it)'));
      out.push(...textLines(prompt.textMerge.text).map((l) => `    ${l}`));
    } else {
      out.push(paint('note', `  (the text merge has ${prompt.textMerge.conflicts} conflict(s); edit starts from it)`));
    }
  }
  if (prompt.attributeMerge) {
    const taken = prompt.attributeMerge.changes.map((c) => `${c.attribute} from ${c.from === 'sourceBase' ? 'the source base' : c.from === 'customized' ? 'the customization' : 'both'}`);
    out.push(paint('heading', `  --- merged attributes (answer merge to take it: ${plain(taken.join(', ') || 'no attribute changed')})`));
    out.push(...valueDiff(prompt.targetBase, prompt.attributeMerge.result).map((line) => paintLine(line, paint)));
  }
  return `${out.join('\n')}\n`;
}

type DiffLine = { kind: 'same' | 'removed' | 'added' | 'note'; text: string };

function paintLine(line: DiffLine, paint: (style: keyof typeof STYLES, text: string) => string): string {
  switch (line.kind) {
    case 'same':
      return `    ${line.text}`;
    case 'removed':
      return paint('removed', `  - ${line.text}`);
    case 'added':
      return paint('added', `  + ${line.text}`);
    case 'note':
      return paint('note', `    ${line.text}`);
    default:
      return assertNever(line.kind);
  }
}

/** The lines of a value's diff against the target base, with a few lines of context around each change. */
function valueDiff(targetBase: Json | null, value: Json | null): DiffLine[] {
  if (value === null && targetBase === null) return [{ kind: 'note', text: '(absent, as in the target base)' }];
  if (value === null) return [{ kind: 'note', text: '(absent: removed)' }];
  const before = targetBase === null ? [] : textLines(asText(targetBase));
  const after = textLines(asText(value));
  if (targetBase === null) return [{ kind: 'note', text: '(not in the target base: added)' }, ...after.map((text) => ({ kind: 'added' as const, text }))];
  const ids = new Map<string, number>();
  const idOf = (line: string) => ids.get(line) ?? (ids.set(line, ids.size), ids.size - 1);
  const changes = diffLines(before.map(idOf), after.map(idOf));
  if (changes.length === 0) return [{ kind: 'note', text: '(same as the target base)' }];
  const lines: DiffLine[] = [];
  let shownTo = 0; // lines of `before` already shown
  changes.forEach((change, i) => {
    const from = Math.max(shownTo, change.start1 - CONTEXT);
    if (from > shownTo) lines.push({ kind: 'note', text: '...' });
    for (let k = from; k < change.start1; k++) lines.push({ kind: 'same', text: before[k] });
    for (let k = 0; k < change.count1; k++) lines.push({ kind: 'removed', text: before[change.start1 + k] });
    for (let k = 0; k < change.count2; k++) lines.push({ kind: 'added', text: after[change.start2 + k] });
    const end = change.start1 + change.count1;
    const next = changes[i + 1];
    const to = Math.min(before.length, end + CONTEXT, next === undefined ? before.length : next.start1);
    for (let k = end; k < to; k++) lines.push({ kind: 'same', text: before[k] });
    shownTo = to;
  });
  if (shownTo < before.length) lines.push({ kind: 'note', text: '...' });
  return lines;
}

/** A value as the text that is diffed: a string as itself, anything else as indented JSON. */
function asText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * A text's lines without their endings, safe for a terminal: every control character but the
 * tab is escaped (a `\r` of a CRLF ending is an ending, not content).
 */
function textLines(text: string): string[] {
  return splitLines(text).map((line) =>
    line
      .replace(/\r?\n$/, '')
      .split('\t')
      .map(plain)
      .join('\t'),
  );
}
