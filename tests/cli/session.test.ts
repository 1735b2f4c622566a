import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prompt } from '../../core/analysis.js';
import { askInTerminal, editInEditor, InterruptedError, type Terminal } from '../../core/node/askInTerminal.js';
import { main } from '../../core/node/cli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
let work: string;
let n = 0;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-session-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A fresh copy of the sample pair. */
async function pair() {
  const dir = join(work, `pair-${++n}`);
  await cp(join(sample, 'source'), join(dir, 'source'), { recursive: true });
  await cp(join(sample, 'target'), join(dir, 'target'), { recursive: true });
  return { dir, source: join(dir, 'source'), target: join(dir, 'target'), session: join(dir, 'target', '.carryover', 'answers.json') };
}

/**
 * A scripted terminal: each question takes the next line; `'^C'` is Ctrl+C. Questions are kept.
 * The edit takes the next value of `edits`.
 */
function scripted(lines: string[], edits: Terminal['edit'] = () => null) {
  const questions: string[] = [];
  const terminal: Terminal = {
    ask: async (q) => {
      questions.push(q);
      const line = lines.shift();
      if (line === '^C') throw new InterruptedError();
      return line ?? null;
    },
    colour: false,
    edit: edits,
  };
  return { terminal, questions };
}

async function sync(argv: string[], terminal?: Terminal) {
  let stdout = '';
  let stderr = '';
  const code = await main(['sync', ...argv], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), interactive: terminal !== undefined, ...(terminal ? { terminal } : {}) });
  return { code, stdout, stderr };
}

const options = ['--options', join(sample, 'options.json')];
const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as { answers: Record<string, unknown>; values: Record<string, string> };

describe('sync asking in the terminal', () => {
  it('saves each answer as it is given, and on Ctrl+C keeps them and prints the command that continues', async () => {
    const p = await pair();
    const { terminal } = scripted(['k', 'k', '^C']);
    const r = await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], terminal);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('interrupted; nothing was written');
    const saved = await readJson(p.session);
    expect(Object.keys(saved.answers)).toHaveLength(2);
    expect(Object.keys(saved.values)).toEqual(Object.keys(saved.answers));
    for (const key of Object.values(saved.values)) expect(key).toMatch(/^sha256:[0-9a-f]{64}$/);
    const command = `carryover sync --source ${p.source} --target ${p.target} --options ${join(sample, 'options.json')} --out ${join(p.dir, 'out')} --answers ${p.session}`;
    expect(r.stderr).toContain(`2 answers are saved in ${p.session}; to continue:\n  ${command}\n`);
    await expect(readdir(p.dir)).resolves.not.toContain('out');

    // The printed command goes on from the saved answers: only the six others are asked.
    const more = scripted(Array(6).fill('k'));
    const continued = await sync(command.split(' ').slice(2), more.terminal);
    expect(continued.code, continued.stderr).toBe(0);
    expect(more.questions.filter((q) => q.startsWith('answer'))).toHaveLength(6);
    await expect(readFile(p.session)).rejects.toThrow(/ENOENT/);
    const last = await readJson(join(p.target, '.carryover', 'last-answers.json'));
    expect(Object.keys(last.answers)).toHaveLength(8);
    expect(continued.stderr).toContain('last-answers.json (replayable with --answers)');
  });

  it('repeats --patch, --allow-destructive and --max-file-size in the command that continues (without them it would process other objects)', async () => {
    const p = await pair();
    const patch = join(p.dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ patch: 'SP1', objects: [{ kind: 'form', name: 'Invoices' }, { kind: 'form', name: 'Vendors' }] }));
    const { terminal } = scripted(['k', '^C']);
    const r = await sync(['--source', p.source, '--target', p.target, '--patch', patch, '--allow-destructive', '--max-file-size', '5MB', '--out', join(p.dir, 'out')], terminal);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`--out ${join(p.dir, 'out')} --patch ${patch} --allow-destructive --max-file-size 5MB --answers`);
  });

  it('offers to resume a session, applies the answers whose prompt is unchanged and lists the stale ones', async () => {
    const q = await pair();
    // In place, the session file is carried into the new Target and retired there.
    const first = await sync(['--source', q.source, '--target', q.target, ...options, '--in-place'], scripted(Array(8).fill('k')).terminal);
    expect(first.code, first.stderr).toBe(0);
    await expect(readFile(q.session)).rejects.toThrow(/ENOENT/);
    const saved = await readJson(join(q.target, '.carryover', 'last-answers.json'));
    // Back to the old Target, with a session of all eight answers; then one prompt's customized value changes.
    await rm(q.target, { recursive: true });
    await cp(join(sample, 'target'), q.target, { recursive: true });
    await mkdir(join(q.target, '.carryover'));
    await writeFile(q.session, JSON.stringify(saved));
    const vendors = join(q.target, 'groups', 'Purchasing', 'forms', 'Vendors.json');
    await writeFile(vendors, (await readFile(vendors, 'utf8')).replace('"PageSize": "25"', '"PageSize": "30"'));
    const resume = scripted(['y', 'r']);
    const r = await sync(['--source', q.source, '--target', q.target, ...options, '--out', join(q.dir, 'out2')], resume.terminal);
    expect(r.code, r.stderr).toBe(0);
    expect(resume.questions[0]).toMatch(/^resume 8 saved answers\?/);
    expect(r.stderr).toContain('resumed 7 of 8 saved answers');
    expect(r.stderr).toContain('stale (its prompt\'s values changed since; asked again): form:Vendors@group:Purchasing/variables/PageSize');
    // Only the stale prompt was asked again.
    expect(resume.questions.filter((x) => x.startsWith('answer'))).toHaveLength(1);
    const last = await readJson(join(q.target, '.carryover', 'last-answers.json'));
    expect(last.answers['form:Vendors@group:Purchasing/variables/PageSize']).toBe('replace');
  });

  it('starts over on "n", keeping the old session file aside', async () => {
    const p = await pair();
    await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], scripted(['k', '^C']).terminal);
    const r = await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], scripted(['n', '']).terminal);
    expect(r.code).toBe(4);
    const kept = (await readdir(join(p.target, '.carryover'))).filter((f) => /^answers\.discarded-\d{8}T\d{6}Z\.json$/.test(f));
    expect(kept).toHaveLength(1);
    expect(Object.keys((await readJson(join(p.target, '.carryover', kept[0]!))).answers)).toHaveLength(1);
    expect(r.stderr).toContain('starting over; the saved answers are kept in');
  });

  it('says once that the answers cannot be saved when the Target cannot be written, and goes on', async () => {
    const p = await pair();
    // A file where the .carryover folder should be: nothing can be written there, even as root.
    await writeFile(join(p.target, '.carryover'), 'not a folder');
    const r = await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], scripted(Array(8).fill('k')).terminal);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/cannot save the answers in/g)).toHaveLength(1);
  });

  it('refuses a session file that breaks the format (exit 3), naming it', async () => {
    const p = await pair();
    await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], scripted(['k', '^C']).terminal);
    await writeFile(p.session, '{"answers": {}, "values": {"x": "md5:1"}}');
    const r = await sync(['--source', p.source, '--target', p.target, ...options, '--out', join(p.dir, 'out')], scripted([]).terminal);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${p.session}#/values/x`);
  });

  it('does not copy --answers into the session file, only answers given in the terminal', async () => {
    const p = await pair();
    const answers = join(p.dir, 'some.json');
    const full = await readJson(join(sample, 'answers.json'));
    const [firstId, firstAnswer] = Object.entries(full.answers)[0]!;
    await writeFile(answers, JSON.stringify({ answers: { [firstId]: firstAnswer } }));
    const r = await sync(['--source', p.source, '--target', p.target, ...options, '--answers', answers, '--out', join(p.dir, 'out')], scripted(['k', '']).terminal);
    expect(r.code).toBe(4);
    const saved = await readJson(p.session);
    expect(Object.keys(saved.answers)).toHaveLength(1);
    expect(saved.answers[firstId]).toBeUndefined();
  });
});

const scriptPrompt: Prompt = {
  id: 'form:Customers@site/script',
  question: 'Both changed the script.',
  choices: ['keep', 'replace', 'edit'],
  answer: null,
  targetBase: 'a\nb\n',
  customized: 'a\nc\n',
  sourceBase: 'a\nd\n',
  textMerge: { clean: false, text: 'a\n<<<<<<< customized\nc\n=======\nd\n>>>>>>> source base\n', conflicts: 1 },
};

describe('an edit with conflict markers', () => {
  async function ask(lines: string[], edit: Terminal['edit']) {
    const answers = new Map();
    let stderr = '';
    const { terminal, questions } = scripted(lines, edit);
    await askInTerminal([scriptPrompt], answers, { stdout: () => undefined, stderr: (s) => void (stderr += s) }, terminal);
    return { answers, stderr, questions };
  }

  it('reopens the editor on what was written, with a message, until the markers are gone', async () => {
    const starts: unknown[] = [];
    const values = ['a\n<<<<<<< customized\nc\n=======\nd\n>>>>>>> source base\n', 'a\nc\nd\n'];
    const r = await ask(['e', ''], (_prompt, start) => {
      starts.push(start);
      return values.shift() ?? null;
    });
    expect(r.stderr).toContain('still has a conflict marker (<<<<<<<) at line 2; the editor opens again');
    expect(starts).toEqual([undefined, 'a\n<<<<<<< customized\nc\n=======\nd\n>>>>>>> source base\n']);
    expect(r.answers.get(scriptPrompt.id)).toEqual({ edit: 'a\nc\nd\n' });
  });

  it('keeps the markers only when asked to in so many words', async () => {
    const marked = 'a\n=======\n';
    const r = await ask(['e', 'keep markers'], () => marked);
    expect(r.answers.get(scriptPrompt.id)).toEqual({ edit: marked });
    expect(r.questions[1]).toContain('"keep markers"');
  });

  it('runs $EDITOR again when the file it saved still has markers', async () => {
    const dir = await mkdtemp(join(work, 'editor-'));
    const editor = join(dir, 'fake-editor.sh');
    // First run: leaves the file as it is (the conflicted merge); second run: resolves it.
    await writeFile(editor, `#!/bin/sh\nif [ -f "${dir}/ran" ]; then printf 'a\\nc\\nd\\n' > "$1"; else touch "${dir}/ran"; fi\n`);
    await chmod(editor, 0o755);
    const saved = { VISUAL: process.env['VISUAL'], EDITOR: process.env['EDITOR'] };
    delete process.env['VISUAL'];
    process.env['EDITOR'] = editor;
    try {
      const r = await ask(['e', ''], editInEditor);
      expect(r.stderr).toContain('still has a conflict marker');
      expect(r.answers.get(scriptPrompt.id)).toEqual({ edit: 'a\nc\nd\n' });
    } finally {
      if (saved.EDITOR === undefined) delete process.env['EDITOR'];
      else process.env['EDITOR'] = saved.EDITOR;
      if (saved.VISUAL !== undefined) process.env['VISUAL'] = saved.VISUAL;
    }
  });
});

describe('--strict-answers', () => {
  it('keeps an unknown id a warning by default, naming the nearest prompt id', async () => {
    const p = await pair();
    const answers = join(p.dir, 'typo.json');
    await writeFile(answers, JSON.stringify({ answers: { 'form:Invoices@site/scrpt': 'merge' } }));
    let stdout = '';
    const code = await main(['analyze', '--source', p.source, '--target', p.target, ...options, '--answers', answers, '--format', 'json'], { stdout: (s) => void (stdout += s), stderr: () => undefined, interactive: false });
    expect(code).toBe(0);
    const warning = (JSON.parse(stdout) as { warnings: { code: string; message: string }[] }).warnings.find((w) => w.code === 'unknown-answer-id');
    expect(warning?.message).toContain('(did you mean form:Invoices@site/script?)');
  });

  it('makes unknown ids invalid input, one line each with its suggestion, and writes nothing', async () => {
    const p = await pair();
    const answers = join(p.dir, 'typo.json');
    await writeFile(answers, JSON.stringify({ answers: { 'form:Invoices@site/scrpt': 'merge', 'form:Nothing@user:Nobody/zzz': 'keep' } }));
    let stderr = '';
    const io = { stdout: () => undefined, stderr: (s: string) => void (stderr += s), interactive: false };
    const code = await main(['sync', '--source', p.source, '--target', p.target, ...options, '--answers', answers, '--answer', 'keep', '--strict-answers', '--out', join(p.dir, 'out')], io);
    expect(code).toBe(3);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('form:Invoices@site/scrpt matches no prompt; did you mean form:Invoices@site/script?');
    expect(lines[1]).toMatch(/form:Nothing@user:Nobody\/zzz matches no prompt$/);
    await expect(readdir(p.dir)).resolves.not.toContain('out');
  });
});

const hasScript = existsSync('/usr/bin/script');

describe('Ctrl+C in a real terminal', () => {
  // `script` (util-linux) gives the CLI a pseudo-terminal, so that it asks there as for a person.
  it.skipIf(!hasScript)('keeps the answers given and prints the command that continues (skipped without util-linux script for a pseudo-terminal)', async () => {
    const p = await pair();
    const child = spawn('script', ['-qfec', `node ${join(repo, 'bin', 'carryover.mjs')} sync --source source --target target --out out`, '/dev/null'], {
      cwd: p.dir,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    let output = '';
    const waiters: { count: number; resolve: () => void }[] = [];
    const questions = () => output.split('answer (').length - 1;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const w of waiters.splice(0)) if (questions() >= w.count) w.resolve();
      else waiters.push(w);
    });
    const question = (count: number) => new Promise<void>((resolve) => (questions() >= count ? resolve() : waiters.push({ count, resolve })));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await question(1);
    child.stdin.write('k\r');
    await question(2);
    child.stdin.write('k\r');
    await question(3);
    child.stdin.write('\u0003');
    expect(await exited).toBe(4);
    expect(output).toContain('carryover: interrupted; nothing was written');
    expect(output).toContain('carryover: 2 answers are saved in target/.carryover/answers.json; to continue:');
    expect(output).toContain('carryover sync --source source --target target --out out --answers target/.carryover/answers.json');
    expect(Object.keys((await readJson(p.session)).answers)).toHaveLength(2);
    child.stdin.end();
  });
});
