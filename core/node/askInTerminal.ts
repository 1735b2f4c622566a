import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Answer, Choice, Prompt } from '../analysis.js';
import type { Json } from '../json.js';

const KEYS: Record<Choice, string> = { keep: 'k', replace: 'r', remove: 'd', merge: 'm', edit: 'e' };

/**
 * Asks each prompt in the terminal (docs/cli.md, sync): shows the customized value, the target
 * base and the source base, and reads an answer; `edit` opens `$EDITOR` on the value (text for
 * text values, JSON otherwise). Answers go into `answers`. Returns how many were answered; an
 * empty line or end of input stops asking.
 */
export async function askInTerminal(
  prompts: readonly Prompt[],
  answers: Map<string, Answer>,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let answered = 0;
  try {
    for (const [index, prompt] of prompts.entries()) {
      io.stdout(`\n[${index + 1}/${prompts.length}] ${prompt.id}\n${prompt.question}\n`);
      io.stdout(section('customized', prompt.customized) + section('target base', prompt.targetBase) + section('source base', prompt.sourceBase));
      if (prompt.textMerge) {
        io.stdout(prompt.textMerge.clean ? section('clean text merge', prompt.textMerge.text) : `  (the text merge has ${prompt.textMerge.conflicts} conflict(s); edit starts from it)\n`);
      }
      const menu = prompt.choices.map((c) => `${KEYS[c]}=${c}`).join(', ');
      for (;;) {
        let line: string;
        try {
          line = (await rl.question(`answer (${menu}; empty to stop): `)).trim().toLowerCase();
        } catch {
          return answered; // end of input: stop asking, the caller reports what is left
        }
        if (line === '') return answered;
        // `replace` and `remove` are one answer where taking the source removes the thing.
        const wanted = (line === 'r' || line === 'replace') && !prompt.choices.includes('replace') ? 'remove' : line;
        const choice = prompt.choices.find((c) => c === wanted || KEYS[c] === wanted);
        if (choice === undefined) {
          io.stderr(`carryover: ${JSON.stringify(line)} is not one of ${menu}\n`);
          continue;
        }
        if (choice !== 'edit') {
          answers.set(prompt.id, choice);
          answered += 1;
          break;
        }
        const edited = editInEditor(prompt);
        if (edited === null) {
          io.stderr('carryover: the edit was not saved; asking again\n');
          continue;
        }
        answers.set(prompt.id, { edit: edited });
        answered += 1;
        break;
      }
    }
    return answered;
  } finally {
    rl.close();
  }
}

function section(title: string, value: Json | null): string {
  const text = value === null ? '(absent)' : typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  return `  --- ${title}\n${text.replace(/\r/g, '').split('\n').map((l) => `  | ${l}`).join('\n')}\n`;
}

/** Opens `$EDITOR` (or `vi`) on the value; returns the edited value, or `null` if it is not valid. */
function editInEditor(prompt: Prompt): Json | null {
  const textual = typeof prompt.customized === 'string' || prompt.textMerge !== undefined;
  const initial = prompt.textMerge ? prompt.textMerge.text : textual ? (prompt.customized as string) : JSON.stringify(prompt.customized, null, 2);
  const dir = mkdtempSync(join(tmpdir(), 'carryover-edit-'));
  const file = join(dir, textual ? 'value.txt' : 'value.json');
  try {
    writeFileSync(file, initial ?? '');
    const editor = process.env['VISUAL'] || process.env['EDITOR'] || 'vi';
    const run = spawnSync(`${editor} "${file}"`, { stdio: 'inherit', shell: true });
    if (run.status !== 0) return null;
    const text = readFileSync(file, 'utf8');
    // Editors add a final line break; a value that had none does not get one.
    if (textual) return !(initial ?? '').endsWith('\n') && text.endsWith('\n') ? text.slice(0, -1).replace(/\r$/, '') : text;
    try {
      return JSON.parse(text) as Json;
    } catch {
      return null;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
