import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Prompt } from '../../core/analysis.js';
import { askInTerminal, InterruptedError, type Terminal } from '../../core/node/askInTerminal.js';
import { exitCodeOfTargets, reportFileFor } from '../../core/node/manyTargetsCli.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-targets-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file under a folder with its bytes (as latin1), keyed by relative path. */
async function tree(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      result[full.slice(dir.length + 1)] = await readFile(full, 'latin1');
    }
  }
  return result;
}

/** A fresh folder under `work` holding copies of the sample Target named as given. */
async function targets(name: string, ...names: string[]): Promise<{ dir: string; paths: string[] }> {
  const dir = join(work, name);
  const paths: string[] = [];
  for (const target of names) {
    const path = join(dir, target);
    await cp(join(sample, 'target'), path, { recursive: true });
    paths.push(path);
  }
  return { dir, paths };
}

const PAGE_SIZE = 'form:Vendors@group:Purchasing/variables/PageSize';

/** The sample's answers file without the answer to `PAGE_SIZE` (left to the terminal). */
async function answersWithout(id: string, dir: string): Promise<string> {
  const answers = JSON.parse(await readFile(join(sample, 'answers.json'), 'utf8')) as { answers: Record<string, unknown> };
  delete answers.answers[id];
  const file = join(dir, 'answers.json');
  await writeFile(file, JSON.stringify(answers));
  return file;
}

/** A terminal that answers from a script of lines and records every question. */
function scripted(lines: string[]): Terminal & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    colour: false,
    ask: async (question) => {
      asked.push(question);
      return lines.shift() ?? null;
    },
    edit: (_prompt: Prompt) => null,
  };
}

describe('carryover sync with several Targets', () => {
  it('reuses the answer given in the terminal for the first Target in the second, and the reports say so', async () => {
    const { dir, paths } = await targets('reuse', 'T1', 'T2');
    const answers = await answersWithout(PAGE_SIZE, dir);
    const terminal = scripted(['k']);
    const r = await cli(
      ['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--target', paths[1]!, '--options', join(sample, 'options.json'), '--answers', answers, '--out-root', join(dir, 'out'), '--report', join(dir, 'report.json')],
      { interactive: true, terminal },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(terminal.asked).toHaveLength(1); // asked once, for T1 only
    expect(r.stdout).toContain(`${paths[0]}: succeeded`);
    expect(r.stdout).toContain(`${paths[1]}: succeeded`);
    expect(r.stdout).toMatch(/8 answered, 1 reused/);
    const first = JSON.parse(await readFile(join(dir, 'report-T1.json'), 'utf8'));
    const second = JSON.parse(await readFile(join(dir, 'report-T2.json'), 'utf8'));
    expect(first.prompts.find((p: { id: string }) => p.id === PAGE_SIZE).reusedFrom).toBeUndefined();
    expect(second.prompts.find((p: { id: string }) => p.id === PAGE_SIZE)).toMatchObject({ answer: 'keep', reusedFrom: paths[0] });
    expect(second.prompts.filter((p: { reusedFrom?: string }) => p.reusedFrom !== undefined)).toHaveLength(1);
    expect(await tree(join(dir, 'out', 'T2'))).toEqual(await tree(join(dir, 'out', 'T1')));
  });

  it('saves each answer given in the terminal in the Target\'s session file; Ctrl+C stops the run and prints the command that goes on', async () => {
    const { dir, paths } = await targets('ctrl-c', 'T1', 'T2');
    const out = join(dir, 'out');
    const base = ['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--target', paths[1]!, '--options', join(sample, 'options.json'), '--out-root', out];
    const lines = ['k', 'k', '^C'];
    const terminal: Terminal = {
      colour: false,
      ask: async () => {
        const line = lines.shift();
        if (line === '^C') throw new InterruptedError();
        return line ?? null;
      },
      edit: () => null,
    };
    const r = await cli(base, { interactive: true, terminal });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain(`interrupted; nothing was written to ${paths[0]}`);
    const sessionFile = join(paths[0]!, '.carryover', 'answers.json');
    expect(r.stderr).toContain(`2 answers are saved in ${sessionFile}; to continue:`);
    expect(r.stderr).toContain(`carryover sync --source ${join(sample, 'source')} --target ${paths[0]} --target ${paths[1]} --options ${join(sample, 'options.json')} --out-root ${out} --answers ${sessionFile}`);
    expect(r.stdout).toContain(`${paths[0]}: interrupted (Ctrl+C) while asking; nothing was written`);
    expect(r.stdout).toContain(`${paths[1]}: not started (the run was interrupted)`);
    const saved = JSON.parse(await readFile(sessionFile, 'utf8')) as { answers: Record<string, unknown>; values: Record<string, string> };
    expect(Object.keys(saved.answers)).toHaveLength(2);
    expect(Object.keys(saved.values)).toEqual(Object.keys(saved.answers));
    await expect(readdir(out)).rejects.toThrow();

    // The printed command goes on: the two saved answers are not asked again, the six others are
    // asked once (for T1) and reused for T2.
    const rest = scripted(Array.from({ length: 6 }, () => 'k'));
    const again = await cli([...base, '--answers', sessionFile], { interactive: true, terminal: rest });
    expect(again.code, again.stderr).toBe(0);
    expect(rest.asked).toHaveLength(6);
    expect(again.stdout).toContain(`${paths[1]}: succeeded`);
    expect(await readdir(join(paths[0]!, '.carryover'))).toContain('last-answers.json');
  });

  it('leaves a failing Target as it was, goes on with the others, and exits with the failure', async () => {
    const { dir, paths } = await targets('failing', 'A', 'B', 'C');
    // B is invalid: a version file that is not JSON.
    await writeFile(join(paths[1]!, 'vendor', 'forms', 'Customers.json'), '{ not json');
    const before = await tree(paths[1]!);
    const r = await cli(['sync', '--source', join(sample, 'source'), ...paths.flatMap((p) => ['--target', p]), '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Customers\.json/);
    expect(r.stdout).toContain(`${paths[0]}: succeeded: updated in place`);
    expect(r.stdout).toContain(`${paths[1]}: failed (exit 3)`);
    expect(r.stdout).toContain(`${paths[2]}: succeeded: updated in place`);
    expect(await tree(paths[1]!)).toEqual(before);
    expect((await readdir(dir)).filter((name) => name.startsWith('B.backup-'))).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.startsWith('A.backup-'))).toHaveLength(1);
  });

  it('prints what each Target says in its turn, though the next one is opened while the one before it is written', async () => {
    const { dir, paths } = await targets('in-turn', 'A', 'B', 'C', 'D');
    // B is invalid; C holds a lock left by a process that is gone (taken over, with a note); D is
    // locked by a live process (the test runner's parent). All of it is found while A is written.
    await writeFile(join(paths[1]!, 'vendor', 'forms', 'Customers.json'), '{ not json');
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise<void>((resolve) => gone.on('close', () => resolve()));
    const lockOf = (pid: number): string => JSON.stringify({ format: 'carryover-lock/1', pid, hostname: hostname(), startedAt: '2024-05-01T10:00:00.000Z', command: 'sync', token: 'feedfacefeedface', processStart: null });
    await writeFile(join(dir, '.C.carryover-lock'), lockOf(gone.pid as number));
    await writeFile(join(dir, '.D.carryover-lock'), lockOf(process.ppid));
    const untouched = { B: await tree(paths[1]!), D: await tree(paths[3]!) };
    const r = await cli(['sync', '--source', join(sample, 'source'), ...paths.flatMap((p) => ['--target', p]), '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
    expect(r.code).toBe(5);
    const at = (text: string): number => {
      const index = r.stderr.indexOf(text);
      expect(index, `${text} in ${r.stderr}`).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order = [at(`Target ${paths[0]}\n`), at(`Target ${paths[1]}\n`), at('Customers.json'), at(`Target ${paths[2]}\n`), at(`Took over a stale lock on ${paths[2]}`), at(`Target ${paths[3]}\n`), at(`pid ${process.ppid}`)];
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(r.stdout).toContain(`${paths[0]}: succeeded: updated in place`);
    expect(r.stdout).toContain(`${paths[1]}: failed (exit 3)`);
    expect(r.stdout).toContain(`${paths[2]}: succeeded: updated in place`);
    expect(r.stdout).toContain(`${paths[3]}: failed (exit 5)`);
    expect(await tree(paths[1]!)).toEqual(untouched.B);
    expect(await tree(paths[3]!)).toEqual(untouched.D);
    // A and C are complete: each the same as a sync of that Target alone; only D's lock (its holder's) is left.
    const alone = await targets('in-turn-alone', 'A');
    const reference = await cli(['sync', '--source', join(sample, 'source'), '--target', alone.paths[0]!, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--out', join(alone.dir, 'out')]);
    expect(reference.code, reference.stderr).toBe(0);
    const merged = await tree(join(alone.dir, 'out'));
    const withoutRecords = async (target: string) => Object.fromEntries(Object.entries(await tree(target)).filter(([file]) => !file.startsWith('.carryover')));
    expect(await withoutRecords(paths[0]!)).toEqual(merged);
    expect(await withoutRecords(paths[2]!)).toEqual(merged);
    expect((await readdir(dir)).filter((name) => name.includes('carryover-lock'))).toEqual(['.D.carryover-lock']);
  });

  it('releases the locks of the Targets opened ahead when Ctrl+C stops the run, and leaves them as they were', async () => {
    const { dir, paths } = await targets('interrupted-ahead', 'T1', 'T2', 'T3');
    const answers = await answersWithout(PAGE_SIZE, dir);
    const before = await Promise.all(paths.slice(1).map((p) => tree(p)));
    const terminal: Terminal = {
      colour: false,
      ask: () => Promise.reject(new InterruptedError()),
      edit: () => null,
    };
    const r = await cli(['sync', '--source', join(sample, 'source'), ...paths.flatMap((p) => ['--target', p]), '--options', join(sample, 'options.json'), '--answers', answers, '--in-place'], { interactive: true, terminal });
    expect(r.code).toBe(4);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toContain(`${paths[0]}: interrupted (Ctrl+C) while asking; nothing was written`);
    expect(r.stdout).toContain(`${paths[2]}: not started (the run was interrupted)`);
    expect(await Promise.all(paths.slice(1).map((p) => tree(p)))).toEqual(before);
    expect((await readdir(dir)).filter((name) => name.includes('carryover-lock') || name.includes('.backup-'))).toEqual([]);
  });

  it('says which Targets still have prompts, and exits 4 when that is the only failure', async () => {
    const { dir, paths } = await targets('prompts-left', 'P1', 'P2');
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--target', paths[1]!, '--options', join(sample, 'options.json'), '--out-root', join(dir, 'out')]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`${paths[0]}: prompts left: 8 unanswered`);
    expect(r.stdout).toContain(`${paths[1]}: prompts left: 8 unanswered`);
  });

  it('refuses two Targets with the same folder name under --out-root, and --out with several Targets, before anything runs', async () => {
    const { dir } = await targets('same-name');
    const a = join(dir, 'x', 'T');
    const b = join(dir, 'y', 'T');
    await cp(join(sample, 'target'), a, { recursive: true });
    await cp(join(sample, 'target'), b, { recursive: true });
    const same = await cli(['sync', '--source', join(sample, 'source'), '--target', a, '--target', b, '--out-root', join(dir, 'out')]);
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/same folder name "T"/);
    const out = await cli(['sync', '--source', join(sample, 'source'), '--target', a, '--target', b, '--out', join(dir, 'out')]);
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/--out takes one Target/);
    expect(await readdir(dir)).toEqual(['x', 'y']);
  });

  it('analyzes several Targets into one plan file per Target', async () => {
    const { dir, paths } = await targets('analyze', 'T1', 'T2');
    const r = await cli(['analyze', '--source', join(sample, 'source'), '--target', paths[0]!, '--target', paths[1]!, '--output', join(dir, 'plan.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'plan-T1.json'), 'utf8')).target).toBe(paths[0]);
    expect(JSON.parse(await readFile(join(dir, 'plan-T2.json'), 'utf8')).target).toBe(paths[1]);
  });
});

describe('reportFileFor', () => {
  it('inserts the Target folder name before the extension', () => {
    expect(reportFileFor('out/report.json', '/data/T1/')).toBe('out/report-T1.json');
    expect(reportFileFor('report', 'T2')).toBe('report-T2');
  });
});

describe('exitCodeOfTargets', () => {
  it('is 0 when all succeeded, else the most serious failure', () => {
    expect(exitCodeOfTargets([0, 0])).toBe(0);
    expect(exitCodeOfTargets([4, 3, 0])).toBe(3);
    expect(exitCodeOfTargets([4, 5, 3])).toBe(5);
    expect(exitCodeOfTargets([4, 0])).toBe(4);
    expect(exitCodeOfTargets([5, 1])).toBe(1);
  });
});

describe('carryover sync --patch', () => {
  it('processes only the listed objects and leaves every other file of the Target byte-identical', async () => {
    const { dir, paths } = await targets('patch', 'T');
    const before = await tree(paths[0]!);
    const patch = join(dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ patch: 'SP1', objects: [{ kind: 'form', name: 'Items' }] }));
    // Only the answers of the patch's prompts: an answer for a prompt outside the patch names no prompt of the run.
    const answers = join(dir, 'answers.json');
    await writeFile(answers, JSON.stringify({ answers: { 'form:Items@site/components/ProductCode': 'keep', 'form:Items@user:D_Lee/components/Description': 'replace' } }));
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--options', join(sample, 'options.json'), '--answers', answers, '--patch', patch, '--in-place', '--report', join(dir, 'report.json')]);
    expect(r.code, r.stderr).toBe(0);
    const after = await tree(paths[0]!);
    const changed = Object.keys({ ...before, ...after }).filter((file) => !file.startsWith('.carryover') && before[file] !== after[file]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((file) => /(^|\/)(forms|runtime)\/Items\.json$/.test(file))).toBe(true);
    expect(after['vendor/forms/Items.json']).toBe(await readFile(join(sample, 'source', 'vendor', 'forms', 'Items.json'), 'latin1'));
    const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8'));
    expect(report.decisions.every((d: { id: string }) => d.id.startsWith('form:Items@') || d.id.startsWith('runtime:Items@'))).toBe(true);
  });

  it('exits 3 naming each listed object missing from the Source, and writes nothing', async () => {
    const { dir, paths } = await targets('patch-missing', 'T');
    const before = await tree(paths[0]!);
    const patch = join(dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ patch: 'SP2', objects: [{ kind: 'form', name: 'Items' }, { kind: 'form', name: 'Ghost' }, { kind: 'global', type: 'scripts', name: 'Nowhere' }] }));
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--patch', patch, '--answer', 'keep', '--in-place']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${patch}#/objects/1: form "Ghost" is listed in the patch but the Source has no version of it`);
    expect(r.stderr).toContain(`${patch}#/objects/2: global scripts "Nowhere"`);
    expect(await tree(paths[0]!)).toEqual(before);
  });

  it('exits 3 with the file and JSON pointer of a malformed patch', async () => {
    const { dir, paths } = await targets('patch-bad', 'T');
    const patch = join(dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ patch: 'SP3', objects: [{ kind: 'global', name: 'CustUtils' }] }));
    const r = await cli(['analyze', '--source', join(sample, 'source'), '--target', paths[0]!, '--patch', patch]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${patch}#/objects/0: a global object of a patch needs "type"`);
  });

  it("reads FormSync's patch list", async () => {
    const { dir, paths } = await targets('patch-xml', 'T');
    const patch = join(dir, 'patchInfo.xml');
    await writeFile(patch, '<?xml version="1.0"?>\n<PatchingInformation Version="010000"><Objects><Forms><Form>Invoices</Form></Forms></Objects></PatchingInformation>\n');
    const r = await cli(['analyze', '--source', join(sample, 'source'), '--target', paths[0]!, '--patch', patch, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.prompts.map((p: { id: string }) => p.id)).toEqual(['form:Invoices@site/script']);
  });

  it('applies a patch to every Target of a run', async () => {
    const { dir, paths } = await targets('patch-many', 'T1', 'T2');
    const patch = join(dir, 'patch.json');
    await writeFile(patch, JSON.stringify({ patch: 'SP4', objects: [{ kind: 'explorer' }] }));
    const before = await tree(paths[1]!);
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', paths[0]!, '--target', paths[1]!, '--patch', patch, '--answer', 'keep', '--out-root', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const out = await tree(join(dir, 'out', 'T2'));
    const changed = Object.keys({ ...before, ...out }).filter((file) => before[file] !== out[file]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.every((file) => file.endsWith('explorer.json'))).toBe(true);
  });
});

describe('askInTerminal: a = this answer and all similar', () => {
  const caption = (id: string, customized = 'Cust #'): Prompt => ({ id, question: 'caption?', choices: ['keep', 'replace'], answer: null, customized, targetBase: 'Customer', sourceBase: 'Customer number' });

  it('shows how many similar prompts there are and gives them the same answer', async () => {
    const prompts = [caption('form:A@user:U1/components/C/caption'), caption('form:A@user:U2/components/C/caption', 'other'), caption('form:B@site/components/D/caption')];
    const answers = new Map<string, Answer>();
    const toSimilar = new Set<string>();
    const terminal = scripted(['a', 'k', 'r']);
    const asked = await askInTerminal(prompts, answers, { stdout: () => undefined, stderr: () => undefined }, terminal, undefined, toSimilar);
    expect(terminal.asked[0]).toMatch(/a=this answer and all 1 similar/);
    expect(asked).toBe(3);
    expect(Object.fromEntries(answers)).toEqual({
      'form:A@user:U1/components/C/caption': 'keep',
      'form:B@site/components/D/caption': 'keep',
      'form:A@user:U2/components/C/caption': 'replace',
    });
    expect([...toSimilar].sort()).toEqual(['form:A@user:U1/components/C/caption', 'form:B@site/components/D/caption']);
  });

  it('offers no a when no prompt is similar', async () => {
    const terminal = scripted(['a', 'k']);
    const answers = new Map<string, Answer>();
    let errors = '';
    await askInTerminal([caption('form:A@site/components/C/caption')], answers, { stdout: () => undefined, stderr: (s) => void (errors += s) }, terminal);
    expect(terminal.asked[0]).not.toMatch(/a=/);
    expect(errors).toMatch(/"a" is not one of/);
    expect(answers.get('form:A@site/components/C/caption')).toBe('keep');
  });
});
