import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Prompt } from '../../core/analysis.js';
import { formatProblem } from '../../core/problems.js';
import { askInTerminal, type Terminal } from '../../core/node/askInTerminal.js';
import { showPrompt, wantsColour } from '../../core/node/showPrompt.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-terminal-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sampleArgs = ['--source', join(sample, 'source'), '--target', join(sample, 'target'), '--options', join(sample, 'options.json')];
const withAnswers = [...sampleArgs, '--answers', join(sample, 'answers.json')];

describe('reports on standard output', () => {
  it('analyze --output - prints the plan, the same bytes as without --output', async () => {
    const dash = await cli(['analyze', ...withAnswers, '--format', 'json', '--output', '-']);
    const plain = await cli(['analyze', ...withAnswers, '--format', 'json']);
    expect(dash.code).toBe(0);
    expect(JSON.parse(dash.stdout).format).toBe('carryover-report/1');
    expect(dash.stdout).toBe(plain.stdout);
    expect(dash.stderr).toBe('');
  });

  it('sync --format json without --report prints the report alone on standard output, the summary on standard error', async () => {
    const r = await cli(['sync', ...withAnswers, '--out', join(work, 'merged-json'), '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).summary).toMatchObject({ prompts: 8, answered: 8 });
    expect(r.stderr).toMatch(/merged Target written to/);
  });

  it('sync --report - prints the report of unanswered prompts too, and exits 4', async () => {
    const r = await cli(['sync', ...sampleArgs, '--out', join(work, 'merged-unanswered'), '--report', '-', '--format', 'json']);
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stdout).summary.unanswered).toBe(8);
  });

  it('ends quietly, with the exit code of the work, when the reader of standard output goes away', async () => {
    // The reader closes its end before the CLI writes anything: without the guard, Node dies on EPIPE with a stack trace.
    const child = spawn(process.execPath, [join(repo, 'bin', 'carryover.mjs'), 'analyze', ...withAnswers, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('formatProblem', () => {
  it('says the prompt id of an answer as it is written, next to the JSON pointer', () => {
    const line = formatProblem({ code: 'bad-value', file: 'answers.json', pointer: '/answers/form:Customers@site~1script', message: 'unknown answer "maybe"' });
    expect(line).toBe('answers.json#/answers/form:Customers@site~1script: the answer for form:Customers@site/script: unknown answer "maybe"');
  });

  it('shows the id in the CLI\'s error for an answers file', async () => {
    const answers = join(work, 'bad-answers.json');
    await writeFile(answers, JSON.stringify({ answers: { 'form:Customers@site/script': 'maybe' } }));
    const r = await cli(['analyze', ...sampleArgs, '--answers', answers]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('~1script: the answer for form:Customers@site/script: ');
  });
});

const scriptPrompt: Prompt = {
  id: 'form:Customers@site/script',
  question: 'Both the customization and the source base changed the script.',
  choices: ['keep', 'replace', 'merge', 'edit'],
  answer: null,
  targetBase: 'Sub Main()\r\n  a = 1\r\n  b = 2\r\nEnd Sub\r\n',
  customized: 'Sub Main()\r\n  a = 10\r\n  b = 2\r\nEnd Sub\r\n',
  sourceBase: 'Sub Main()\r\n  a = 1\r\n  b = 2\r\n  \u001b]52;c;aGk=\u0007\u001b[2J\r\nEnd Sub\r\n',
  textMerge: { clean: true, text: 'Sub Main()\r\n  a = 10\r\n  b = 2\r\nEnd Sub\r\n', conflicts: 0 },
};

const captionPrompt: Prompt = {
  id: 'form:Customers@user:B_Smith/components/EmployeesButton/caption',
  question: 'Both changed the caption.',
  choices: ['keep', 'replace', 'edit'],
  answer: null,
  targetBase: 'Employees',
  customized: 'Staff',
  sourceBase: 'Employees\u001b[31m',
};

describe('showPrompt', () => {
  it('shows each side as a line diff against the target base', () => {
    const text = showPrompt(scriptPrompt, { index: 1, total: 2 }, { colour: false });
    expect(text).toContain('[1/2] form:Customers@site/script');
    expect(text).toContain('  -   a = 1\n  +   a = 10\n');
    expect(text).toContain('  +   \\u001b]52;c;aGk=\\u0007\\u001b[2J\n');
  });

  it('never sends a control character of configuration content to the terminal, colour or not', () => {
    for (const colour of [false, true]) {
      for (const prompt of [scriptPrompt, captionPrompt]) {
        const text = showPrompt(prompt, { index: 1, total: 1 }, { colour }).replace(/\u001b\[[0-9;]*m/g, '');
        expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      }
    }
  });

  it('colours removed lines red and added lines green only when asked', () => {
    expect(showPrompt(captionPrompt, { index: 1, total: 1 }, { colour: true })).toContain('\u001b[31m  - Employees\u001b[0m');
    expect(showPrompt(captionPrompt, { index: 1, total: 1 }, { colour: true })).toContain('\u001b[32m  + Staff\u001b[0m');
    expect(showPrompt(captionPrompt, { index: 1, total: 1 }, { colour: false })).not.toContain('\u001b');
  });
});

describe('wantsColour', () => {
  it('colours a terminal unless NO_COLOR is set, and never a pipe', () => {
    expect(wantsColour({ isTTY: true }, {})).toBe(true);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColour({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColour({ isTTY: false }, {})).toBe(false);
    expect(wantsColour({}, {})).toBe(false);
  });
});

/** Runs askInTerminal on scripted lines; returns the answers, the count and what was printed. */
async function ask(prompts: Prompt[], lines: string[], edit: Terminal['edit'] = () => null) {
  const answers = new Map<string, Answer>();
  let stdout = '';
  let stderr = '';
  const questions: string[] = [];
  const count = await askInTerminal(prompts, answers, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) }, {
    ask: async (q) => {
      questions.push(q);
      return lines.shift() ?? null;
    },
    colour: false,
    edit,
  });
  return { answers, count, stdout, stderr, questions };
}

describe('askInTerminal', () => {
  it('explains the keys with ?, then takes the answer', async () => {
    const r = await ask([captionPrompt], ['?', 'k']);
    expect(r.stdout).toMatch(/k {2}keep: keep the customization/);
    expect(r.stdout).toMatch(/s {2}skip/);
    expect(r.answers.get(captionPrompt.id)).toBe('keep');
    expect(r.count).toBe(1);
  });

  it('asks a skipped prompt again after the others', async () => {
    const r = await ask([scriptPrompt, captionPrompt], ['s', 'r', 'm']);
    expect([...r.answers]).toEqual([
      [captionPrompt.id, 'replace'],
      [scriptPrompt.id, 'merge'],
    ]);
    expect(r.stdout.indexOf(`[1/2] ${captionPrompt.id}`)).toBeGreaterThan(r.stdout.indexOf(`[1/2] ${scriptPrompt.id}`));
  });

  it('goes back to the prompt answered before and lets its answer be changed', async () => {
    const r = await ask([scriptPrompt, captionPrompt], ['k', 'b', 'r', 'k']);
    expect(r.answers.get(scriptPrompt.id)).toBe('replace');
    expect(r.answers.get(captionPrompt.id)).toBe('keep');
    expect(r.count).toBe(2);
    expect(r.stdout).toContain('(answered keep; a new answer replaces it)');
  });

  it('says so when there is nothing to go back to or skip to, and keeps asking', async () => {
    const r = await ask([captionPrompt], ['b', 's', 'k']);
    expect(r.stderr).toMatch(/nothing to go back to/);
    expect(r.stderr).toMatch(/no other prompt is left/);
    expect(r.answers.get(captionPrompt.id)).toBe('keep');
  });

  it('stops at an empty line or the end of input, keeping the answers given', async () => {
    const r = await ask([scriptPrompt, captionPrompt], ['k', '']);
    expect(r.count).toBe(1);
    expect((await ask([scriptPrompt, captionPrompt], [])).count).toBe(0);
  });

  it('escapes a typed answer it does not know in its error', async () => {
    const r = await ask([captionPrompt], ['x\u001b[2J', 'k']);
    expect(r.stderr).toContain('\\u001b[2j');
    expect(r.stderr).not.toContain('\u001b');
  });

  it('takes an edited value', async () => {
    const r = await ask([captionPrompt], ['e'], () => 'People');
    expect(r.answers.get(captionPrompt.id)).toEqual({ edit: 'People' });
  });
});
