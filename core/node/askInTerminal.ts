import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Answer, Choice, Prompt } from '../analysis.js';
import type { Json } from '../json.js';
import { plain } from '../report/renderTextReport.js';
import { InterruptedError } from './interruptedError.js';
import { editJsonValue } from './editJsonValue.js';
import { answerFits, similarPrompts } from '../similarPrompts.js';
import { showPrompt, wantsColour } from './showPrompt.js';

const KEYS: Record<Choice, string> = { keep: 'k', replace: 'r', remove: 'd', merge: 'm', edit: 'e' };

const MEANINGS: Record<Choice, string> = {
  keep: 'keep the customization',
  replace: 'take the source base (drop the customization)',
  remove: 'take the source base, which removes it',
  merge: 'take the clean merge shown (of the text, or of a global object\'s attributes)',
  edit: 'write the value yourself in $EDITOR (starts from the text merge when there is one)',
};

export { InterruptedError };

/** How the questions are read and shown: the real terminal, or a script in tests. */
export interface Terminal {
  /** Asks one question; `null` at the end of input; rejects with {@link InterruptedError} on Ctrl+C. */
  ask: (question: string) => Promise<string | null>;
  /** Colour the diffs (a terminal, `NO_COLOR` unset). */
  colour: boolean;
  /**
   * Edits a prompt's value, starting from `start` when given (the value of an edit reopened);
   * `null` when the edit was abandoned or is not valid.
   */
  edit: (prompt: Prompt, start?: Json) => Json | null;
}

/** What the person types to keep an edited value that still has conflict markers. */
export const KEEP_MARKERS = 'keep markers';

/**
 * The first line of a text that is a conflict marker (`<<<<<<<`, `=======` or `>>>>>>>` at the
 * start of a line, as the text merge writes them), 1-based with the marker, or `null`.
 */
export function conflictMarkerLine(text: string): { line: number; marker: string } | null {
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const marker = /^(<{7}|={7}|>{7})/.exec(lines[i] ?? '');
    if (marker !== null) return { line: i + 1, marker: marker[1]! };
  }
  return null;
}

/**
 * Asks each prompt in the terminal (docs/cli.md, "Interactive prompts"): shows the prompt as a
 * three-way diff and reads an answer key; `?` explains the keys, `s` puts the prompt off until
 * the others are asked, `b` goes back to the prompt answered before (to change its answer), and
 * `edit` opens `$EDITOR` on the value (text for text values, JSON otherwise); an edited text
 * that still has conflict markers opens the editor again, unless the person types
 * {@link KEEP_MARKERS}. `a` gives one answer to this prompt and every similar one still to ask
 * (core/similarPrompts.ts; their ids go into `toSimilar`, so that a run into several Targets
 * answers the similar prompts of the later ones too). Answers go into `answers`, and each one is
 * passed to `onAnswer` as it is given (the session file saves it: docs/sessions.md). Returns how
 * many prompts were answered; an empty line or the end of input stops asking, and the caller
 * reports what is left. Ctrl+C rejects with {@link InterruptedError}, the answers given so far kept.
 */
export async function askInTerminal(
  prompts: readonly Prompt[],
  answers: Map<string, Answer>,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
  terminal?: Terminal,
  onAnswer?: (prompt: Prompt, answer: Answer) => void | Promise<void>,
  toSimilar?: Set<string>,
): Promise<number> {
  const rl = terminal === undefined ? createInterface({ input: process.stdin, output: process.stdout, terminal: true }) : undefined;
  let interrupt: AbortController | null = null;
  const onSigint = (): void => interrupt?.abort();
  if (rl !== undefined) {
    rl.on('SIGINT', onSigint);
    process.on('SIGINT', onSigint);
  }
  const term: Terminal = terminal ?? {
    ask: async (question) => {
      interrupt = new AbortController();
      try {
        return await rl!.question(question, { signal: interrupt.signal });
      } catch {
        if (interrupt.signal.aborted) throw new InterruptedError();
        return null;
      } finally {
        interrupt = null;
      }
    },
    colour: wantsColour(process.stdout, process.env),
    edit: editInEditor,
  };
  const answered = new Set<string>();
  const pending = [...prompts];
  const done: Prompt[] = [];
  const keys = new Map<string, string>();
  try {
    let prompt = pending.shift();
    while (prompt !== undefined) {
      io.stdout(showPrompt(prompt, { index: done.length + 1, total: prompts.length }, { colour: term.colour }));
      const given = answers.get(prompt.id);
      if (given !== undefined) io.stdout(`  (answered ${typeof given === 'string' ? given : 'edit'}; a new answer replaces it)\n`);
      const menu = prompt.choices.map((c) => `${KEYS[c]}=${c}`).join(', ');
      const similar = similarPrompts(prompt, pending, keys);
      const allKey = similar.length > 0 ? `, a=this answer and all ${similar.length} similar` : '';
      let next: Prompt | undefined;
      let toAll = false;
      for (;;) {
        const read = await term.ask(toAll ? `answer for this prompt and the ${similar.length} similar (${menu}; empty to go back): ` : `answer (${menu}${allKey}, s=skip, b=back, ?=help; empty to stop): `);
        const line = read?.trim().toLowerCase() ?? '';
        if (toAll && line === '' && read !== null) {
          toAll = false;
          continue;
        }
        if (line === '') return answered.size;
        if (!toAll && similar.length > 0 && (line === 'a' || line === 'all')) {
          toAll = true;
          continue;
        }
        if (toAll && !['k', 'r', 'd', 'm', 'e', ...prompt.choices].includes(line)) {
          io.stderr(`carryover: ${JSON.stringify(plain(line))} is not one of ${menu}\n`);
          continue;
        }
        if (line === '?' || line === 'help') {
          io.stdout(helpText(prompt));
          continue;
        }
        if (line === 's' || line === 'skip') {
          if (pending.length === 0) {
            io.stderr('carryover: no other prompt is left to answer first\n');
            continue;
          }
          pending.push(prompt);
          next = pending.shift();
          break;
        }
        if (line === 'b' || line === 'back') {
          const previous = done.pop();
          if (previous === undefined) {
            io.stderr('carryover: this is the first prompt answered here; there is nothing to go back to\n');
            continue;
          }
          pending.unshift(prompt);
          next = previous;
          break;
        }
        // `replace` and `remove` are one answer where taking the source removes the thing.
        const wanted = (line === 'r' || line === 'replace') && !prompt.choices.includes('replace') ? 'remove' : line;
        const choice = prompt.choices.find((c) => c === wanted || KEYS[c] === wanted);
        if (choice === undefined) {
          io.stderr(`carryover: ${JSON.stringify(plain(line))} is not one of ${menu}, s, b or ?\n`);
          continue;
        }
        if (choice === 'edit') {
          let edited = term.edit(prompt);
          // An edit left with conflict markers is not an answer yet: the editor opens again on
          // what was written, unless the person says in so many words to keep it (docs/sessions.md).
          for (let found = typeof edited === 'string' ? conflictMarkerLine(edited) : null; found !== null && edited !== null; ) {
            io.stderr(`carryover: the edited value still has a conflict marker (${found.marker}) at line ${found.line}; the editor opens again on it\n`);
            const reply = await term.ask(`press Enter to edit again, or type "${KEEP_MARKERS}" to keep it with its markers: `);
            if (reply === null) return answered.size;
            if (reply.trim().toLowerCase() === KEEP_MARKERS) break;
            edited = term.edit(prompt, edited);
            found = typeof edited === 'string' ? conflictMarkerLine(edited) : null;
          }
          if (edited === null) {
            io.stderr('carryover: the edit was not saved; asking again\n');
            continue;
          }
          answers.set(prompt.id, { edit: edited });
        } else {
          answers.set(prompt.id, choice);
        }
        await onAnswer?.(prompt, answers.get(prompt.id)!);
        answered.add(prompt.id);
        done.push(prompt);
        if (toAll) {
          // The same answer to the similar prompts that accept it; each can be changed later with `b`.
          const given = answers.get(prompt.id)!;
          toSimilar?.add(prompt.id);
          let applied = 0;
          for (const other of similar) {
            if (!answerFits(given, other.choices, other.textMerge?.clean === true)) continue;
            answers.set(other.id, given);
            await onAnswer?.(other, given);
            answered.add(other.id);
            toSimilar?.add(other.id);
            pending.splice(pending.indexOf(other), 1);
            done.push(other);
            applied++;
          }
          io.stdout(`  answered ${applied + 1} prompts: this one and ${applied} similar\n`);
        }
        next = pending.shift();
        break;
      }
      prompt = next;
    }
    return answered.size;
  } finally {
    if (rl !== undefined) {
      process.off('SIGINT', onSigint);
      rl.close();
    }
  }
}

function helpText(prompt: Prompt): string {
  const lines = prompt.choices.map((c) => `  ${KEYS[c]}  ${c}: ${MEANINGS[c]}`);
  lines.push('  a  all: give this answer to this prompt and every similar one (same kind of object and part, same three values)');
  lines.push('  s  skip: ask this prompt again after the others', '  b  back: return to the prompt answered before, to change its answer');
  lines.push('  ?  this help', '  an empty line stops asking (nothing is written while prompts are left unanswered)');
  return `${lines.join('\n')}\n`;
}

/**
 * Opens `$EDITOR` (or `vi`) on the value, or on `start` (an edit reopened); returns the edited
 * value, or `null` if it is not valid.
 */
export function editInEditor(prompt: Prompt, start?: Json): Json | null {
  const textual = typeof prompt.customized === 'string' || prompt.textMerge !== undefined;
  const from = start !== undefined ? start : prompt.textMerge ? prompt.textMerge.text : prompt.customized;
  const initial = textual && typeof from === 'string' ? from : JSON.stringify(from, null, 2);
  const dir = mkdtempSync(join(tmpdir(), 'carryover-edit-'));
  const file = join(dir, textual ? 'value.txt' : 'value.json');
  try {
    writeFileSync(file, initial ?? '');
    const editor = process.env['VISUAL'] || process.env['EDITOR'] || 'vi';
    if (!textual) {
      // A JSON value is checked in its place and reopened until it fits (editJsonValue).
      const open = (text: string): string | null => {
        writeFileSync(file, text);
        return spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true }).status === 0 ? readFileSync(file, 'utf8') : null;
      };
      return editJsonValue(prompt, initial ?? 'null', open, (message) => process.stderr.write(`carryover: ${plain(message)}\n`));
    }
    const run = spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true });
    if (run.status !== 0) return null;
    const text = readFileSync(file, 'utf8');
    // Editors add a final line break; a value that had none does not get one.
    return !(initial ?? '').endsWith('\n') && text.endsWith('\n') ? text.slice(0, -1).replace(/\r$/, '') : text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
