import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InterruptedError, type Terminal } from '../../core/node/askInTerminal.js';
import { parsePendingIndex } from '../../core/pendingIndex.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-phases-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every file under a folder with its bytes (as latin1), keyed by relative path; `.carryover/` left out unless asked. */
async function tree(dir: string, withRecords = false): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const relative = full.slice(dir.length + 1);
    if (!withRecords && relative.startsWith('.carryover')) continue;
    result[relative] = await readFile(full, 'latin1');
  }
  return result;
}

async function copyOfSample(name: string): Promise<string> {
  const target = join(work, name);
  await cp(join(sample, 'target'), target, { recursive: true });
  return target;
}

const phase1 = (target: string, ...more: string[]) =>
  cli(['sync', '--source', join(sample, 'source'), '--target', target, '--options', join(sample, 'options.json'), '--in-place', '--answer', 'defer', ...more]);

async function pendingIndex(target: string) {
  const file = join(target, '.carryover', 'pending', 'pending.json');
  const parsed = parsePendingIndex(await readFile(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.index;
}

describe('carryover sync --answer defer (phase 1)', () => {
  it('writes everything that needs no person, leaves each version with an open prompt byte for byte, and records it as pending', async () => {
    const target = await copyOfSample('phase1');
    const before = await tree(target);
    const r = await phase1(target, '--report', join(work, 'phase1.json'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`8 prompts pending in 8 versions: complete with carryover resume --target ${target}`);
    const after = await tree(target);
    const index = await pendingIndex(target);
    expect(index.versions.map((v) => v.id)).toContain('form:Invoices@site');
    for (const version of index.versions) {
      // The customized version as it was; its old base saved byte for byte beside it.
      expect(after[version.path]).toBe(before[version.path]);
      expect(await readFile(join(target, '.carryover', 'pending', 'base', version.base), 'latin1')).toBe(before[version.base]);
      for (const prompt of version.prompts) expect(prompt.key).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
    // The base was replaced all the same: phase 1 did its unattended part.
    expect(after['vendor/forms/Invoices.json']).toBe(await readFile(join(sample, 'source', 'vendor', 'forms', 'Invoices.json'), 'latin1'));
    const report = JSON.parse(await readFile(join(work, 'phase1.json'), 'utf8')) as { format: string; pending: { id: string; prompts: string[] }[]; decisions: { id: string; reason: string }[] };
    expect(report.format).toBe('carryover-report/1');
    expect(report.pending.map((p) => p.id)).toEqual(index.versions.map((v) => v.id));
    expect(report.pending.find((p) => p.id === 'form:Invoices@site')?.prompts).toEqual(['form:Invoices@site/script']);
    expect(report.decisions.find((d) => d.id === 'form:Invoices@site')?.reason).toMatch(/^deferred: 1 prompt pending/);
  });

  it('writes the same pending state for the same inputs and time (SOURCE_DATE_EPOCH), byte for byte', async () => {
    const a = await copyOfSample('deterministic-a');
    const b = await copyOfSample('deterministic-b');
    const saved = process.env['SOURCE_DATE_EPOCH'];
    process.env['SOURCE_DATE_EPOCH'] = '1796400000';
    try {
      expect((await phase1(a)).code).toBe(0);
      expect((await phase1(b)).code).toBe(0);
    } finally {
      if (saved === undefined) delete process.env['SOURCE_DATE_EPOCH'];
      else process.env['SOURCE_DATE_EPOCH'] = saved;
    }
    const pa = await tree(join(a, '.carryover', 'pending'), true);
    const pb = await tree(join(b, '.carryover', 'pending'), true);
    expect(Object.keys(pa).length).toBeGreaterThan(1);
    expect(pa).toEqual(pb);
    expect(pa['pending.json']).toContain('"time": "2026-12-04T');
  });

  it('is a usage error with --out (exit 2): only a Target updated in place can hold pending prompts', async () => {
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', join(sample, 'target'), '--out', join(work, 'never'), '--answer', 'defer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--answer defer goes with --in-place');
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it('defers only the versions with an open prompt: a version the answers file answers is merged in phase 1', async () => {
    const target = await copyOfSample('partial');
    const answers = join(work, 'partial-answers.json');
    await writeFile(answers, JSON.stringify({ answers: { 'form:Invoices@site/script': 'merge', 'form:Items@site/components/ProductCode': 'keep' } }));
    const r = await phase1(target, '--answers', answers);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('6 prompts pending in 6 versions');
    const index = await pendingIndex(target);
    expect(index.versions.map((v) => v.id)).not.toContain('form:Invoices@site');
  });
});

describe('carryover sync and analyze on a Target with pending prompts', () => {
  it('refuses a sync in any mode with exit 2 and says to resume first; analyze still runs and says so', async () => {
    const target = await copyOfSample('refuse');
    expect((await phase1(target)).code).toBe(0);
    const before = await tree(target, true);
    const inPlace = await cli(['sync', '--source', join(sample, 'source'), '--target', target, '--in-place', '--answer', 'keep']);
    expect(inPlace.code).toBe(2);
    expect(inPlace.stderr).toMatch(/this Target has 8 pending prompts from an upgrade on \d{4}-\d\d-\d\dT[\d:]+Z: run carryover resume --target .* first/);
    const out = await cli(['sync', '--source', join(sample, 'source'), '--target', target, '--out', join(work, 'refused-out'), '--answer', 'keep']);
    expect(out.code).toBe(2);
    expect(existsSync(join(work, 'refused-out'))).toBe(false);
    expect(await tree(target, true)).toEqual(before);
    const analyze = await cli(['analyze', '--source', join(sample, 'source'), '--target', target]);
    expect(analyze.code).toBe(0);
    expect(analyze.stderr).toContain('this Target has 8 pending prompts');
  });
});

describe('carryover resume (phase 2)', () => {
  it('gives the same configuration, byte for byte, as one sitting with the same answers', async () => {
    const phased = await copyOfSample('phased');
    const oneSitting = await copyOfSample('one-sitting');
    expect((await phase1(phased)).code).toBe(0);
    const r = await cli(['resume', '--target', phased, '--answers', join(sample, 'answers.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('upgrade completed: 8 prompts answered in 8 versions');
    const one = await cli(['sync', '--source', join(sample, 'source'), '--target', oneSitting, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
    expect(one.code, one.stderr).toBe(0);
    expect(await tree(phased)).toEqual(await tree(oneSitting));
    expect(existsSync(join(phased, '.carryover', 'pending'))).toBe(false);
  });

  it('says there is nothing to complete on a Target without pending prompts (exit 0)', async () => {
    const target = await copyOfSample('nothing');
    const r = await cli(['resume', '--target', target]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('nothing to complete');
  });

  it('exits 4 writing nothing while pending prompts are left, then completes with the answers for them', async () => {
    const target = await copyOfSample('resume-partial');
    const answers = join(work, 'resume-partial-answers.json');
    const all = JSON.parse(await readFile(join(sample, 'answers.json'), 'utf8')) as { answers: Record<string, unknown> };
    const first = Object.fromEntries(Object.entries(all.answers).slice(0, 3));
    const rest = Object.fromEntries(Object.entries(all.answers).slice(3));
    await writeFile(answers, JSON.stringify({ answers: first }));
    // Phase 1 with answers for some prompts: only versions with an open prompt are deferred.
    expect((await phase1(target, '--answers', answers)).code).toBe(0);
    const before = await tree(target, true);
    const none = await cli(['resume', '--target', target]);
    expect(none.code).toBe(4);
    expect(await tree(target, true)).toEqual(before);
    await writeFile(answers, JSON.stringify({ answers: rest }));
    const done = await cli(['resume', '--target', target, '--answers', answers]);
    expect(done.code, done.stderr).toBe(0);
  });

  it('names a version changed by hand since phase 1, exits 3 and writes nothing', async () => {
    const target = await copyOfSample('hand-changed');
    expect((await phase1(target)).code).toBe(0);
    const file = join(target, 'site', 'forms', 'Invoices.json');
    const doc = JSON.parse(await readFile(file, 'utf8')) as { script: string };
    doc.script = `${doc.script}' changed by hand\r\n`;
    await writeFile(file, JSON.stringify(doc, null, 2));
    const before = await tree(target, true);
    const r = await cli(['resume', '--target', target, '--answers', join(sample, 'answers.json')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('form:Invoices@site changed since the upgrade of');
    expect(await tree(target, true)).toEqual(before);
  });

  it('rolls back phase 2 to the pending state, then phase 1 to the Target before the upgrade', async () => {
    const target = await copyOfSample('rollbacks');
    const original = await tree(target, true);
    expect((await phase1(target)).code).toBe(0);
    const afterPhase1 = await tree(target, true);
    expect((await cli(['resume', '--target', target, '--answers', join(sample, 'answers.json')])).code).toBe(0);
    const back = await cli(['rollback', '--target', target]);
    expect(back.code, back.stderr).toBe(0);
    expect(await tree(target, true)).toEqual(afterPhase1);
    expect((await cli(['rollback', '--target', target])).code).toBe(0);
    expect(await tree(target, true)).toEqual(original);
  });

  it('saves each answer given in the terminal into the pending state at once, so a stopped run loses none', async () => {
    const target = await copyOfSample('terminal');
    expect((await phase1(target)).code).toBe(0);
    const lines = ['k', 'r'];
    const terminal: Terminal = { ask: () => Promise.resolve(lines.shift() ?? ''), colour: false, edit: () => null };
    const r = await cli(['resume', '--target', target], { interactive: true, terminal });
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('the answers given so far are saved in');
    const index = await pendingIndex(target);
    const prompts = index.versions.flatMap((v) => v.prompts);
    expect(prompts.filter((p) => p.answer !== null)).toHaveLength(2);

    // The next run does not ask them again: an answers file for the other six completes the upgrade.
    const all = JSON.parse(await readFile(join(sample, 'answers.json'), 'utf8')) as { answers: Record<string, unknown> };
    const rest = join(work, 'terminal-rest.json');
    await writeFile(rest, JSON.stringify({ answers: Object.fromEntries(prompts.filter((p) => p.answer === null).map((p) => [p.id, all.answers[p.id]])) }));
    const done = await cli(['resume', '--target', target, '--answers', rest]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stderr).toContain('2 pending prompts have an answer saved by an earlier run; they are not asked again');
  });

  it('on Ctrl+C keeps every answer given so far, says where they are and exits 4 without an internal error', async () => {
    const target = await copyOfSample('resume-ctrl-c');
    expect((await phase1(target)).code).toBe(0);
    const before = await tree(target);
    const lines = ['k', '^C'];
    const terminal: Terminal = {
      ask: () => {
        const line = lines.shift();
        return line === '^C' ? Promise.reject(new InterruptedError()) : Promise.resolve(line ?? '');
      },
      colour: false,
      edit: () => null,
    };
    const r = await cli(['resume', '--target', target], { interactive: true, terminal });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('interrupted; nothing was written');
    expect(r.stderr).toContain(`the answers given so far are saved in ${join(target, '.carryover', 'pending', 'pending.json')}`);
    expect(await tree(target)).toEqual(before);
    const answered = (await pendingIndex(target)).versions.flatMap((v) => v.prompts).filter((p) => p.answer !== null);
    expect(answered).toHaveLength(1);
  });
});
