import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollback } from '../../core/node/rollback.js';
import { faultyFs, noFlushFs } from '../../core/node/testing/faultyFs.js';
import { deadPid, lockRecord } from '../../core/node/testing/syncFixture.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
const scenarios = join(repo, 'fixtures', 'scenarios');
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-cli-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const sampleArgs = (answers = true) => [
  '--source', join(sample, 'source'),
  '--target', join(sample, 'target'),
  '--options', join(sample, 'options.json'),
  ...(answers ? ['--answers', join(sample, 'answers.json')] : []),
];

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

describe('carryover analyze', () => {
  it('prints the plan of the sample and exits 0', async () => {
    const r = await cli(['analyze', ...sampleArgs(false)]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/8 prompts \(0 answered, 8 unanswered\)/);
  });

  it('writes a JSON plan with the report format and never touches the Target', async () => {
    const before = await tree(join(sample, 'target'));
    const output = join(work, 'plan.json');
    const r = await cli(['analyze', ...sampleArgs(), '--output', output]);
    expect(r.code).toBe(0);
    const report = JSON.parse(await readFile(output, 'utf8'));
    expect(report.format).toBe('carryover-report/1');
    expect(report.summary).toMatchObject({ prompts: 8, answered: 8, unanswered: 0 });
    expect(await tree(join(sample, 'target'))).toEqual(before);
  });

  it('gives the same bytes for the same inputs', async () => {
    const a = await cli(['analyze', ...sampleArgs(), '--format', 'json']);
    const b = await cli(['analyze', ...sampleArgs(), '--format', 'json']);
    expect(a.stdout).toBe(b.stdout);
  });
});

describe('carryover sync', () => {
  it('writes the merged sample to a new folder and a report beside it', async () => {
    const out = join(work, 'sample-out');
    const report = join(work, 'sample-report.html');
    const r = await cli(['sync', ...sampleArgs(), '--out', out, '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/merged Target written to/);
    expect(existsSync(join(out, 'configuration.json'))).toBe(true);
    expect(await readFile(report, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
  });

  it('writes byte-identical output for the same inputs and answers', async () => {
    const one = join(work, 'det-1');
    const two = join(work, 'det-2');
    expect((await cli(['sync', ...sampleArgs(), '--out', one])).code).toBe(0);
    expect((await cli(['sync', ...sampleArgs(), '--out', two])).code).toBe(0);
    expect(await tree(one)).toEqual(await tree(two));
  });

  it('changes nothing and asks nothing when the result is synchronized again', async () => {
    const first = join(work, 'idem-1');
    const second = join(work, 'idem-2');
    expect((await cli(['sync', ...sampleArgs(), '--out', first])).code).toBe(0);
    const again = await cli(['sync', '--source', join(sample, 'source'), '--target', first, '--options', join(sample, 'options.json'), '--out', second, '--report', join(work, 'idem.json')]);
    expect(again.code, again.stderr).toBe(0);
    const report = JSON.parse(await readFile(join(work, 'idem.json'), 'utf8'));
    expect(report.summary.prompts).toBe(0);
    expect(await tree(second)).toEqual(await tree(first));
  });

  it('exits 4 and writes nothing when prompts are left unanswered', async () => {
    const out = join(work, 'unanswered');
    const r = await cli(['sync', ...sampleArgs(false), '--out', out]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/8 prompts left unanswered; nothing was written/);
    expect(r.stderr).toMatch(/unanswered: form:/);
    expect(existsSync(out)).toBe(false);
  });

  it('answers the prompts left over with --answer keep', async () => {
    const r = await cli(['sync', ...sampleArgs(false), '--answer', 'keep', '--out', join(work, 'answer-keep')]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('updates the Target in place with a backup, and rollback restores it byte for byte', async () => {
    const target = join(work, 'inplace', 'target');
    await mkdir(join(work, 'inplace'));
    await cp(join(sample, 'target'), target, { recursive: true });
    await mkdir(join(target, '.git'));
    await writeFile(join(target, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const original = await tree(target);
    const r = await cli(['sync', '--source', join(sample, 'source'), '--target', target, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
    expect(r.code, r.stderr).toBe(0);
    const backup = /backup in (.+)$/m.exec(r.stdout)?.[1] as string;
    expect(existsSync(backup)).toBe(true);
    const merged = await tree(target);
    expect(merged).not.toEqual(original);
    expect(merged['.git/HEAD']).toBe('ref: refs/heads/main\n');
    const back = await cli(['rollback', '--target', target]);
    expect(back.code, back.stderr).toBe(0);
    const restored = await tree(target);
    delete restored['.carryover/last-sync.json'];
    const expected = { ...original };
    delete expected['.carryover/last-sync.json'];
    expect(restored).toEqual(expected);
    expect(existsSync(backup)).toBe(true);
  });
});

describe('carryover exit codes', () => {
  it('exits 2 for a usage error, with the usage on standard error', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['analyze', '--target', 'x'])).stderr).toMatch(/--source is required/);
    const both = await cli(['sync', ...sampleArgs(), '--out', join(work, 'x'), '--in-place']);
    expect(both.code).toBe(2);
    expect((await cli(['sync', ...sampleArgs(), '--out', join(work, 'y'), '--answer', 'maybe'])).code).toBe(2);
  });

  it('exits 2 when --out is a folder that is not empty', async () => {
    const out = join(work, 'not-empty');
    await mkdir(out);
    await writeFile(join(out, 'keep.txt'), 'mine');
    const r = await cli(['sync', ...sampleArgs(), '--out', out]);
    expect(r.code).toBe(2);
    expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it('exits 3 for an invalid configuration, naming the file and the JSON pointer', async () => {
    const r = await cli(['validate', join(scenarios, '66-invalid-configuration', 'target')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/\.json#\/\S+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 3 for options a protected Target refuses, one line per option', async () => {
    const dir = join(scenarios, '59-protected-refused');
    const r = await cli(['sync', '--source', join(dir, 'source'), '--target', join(dir, 'target'), '--options', join(dir, 'options.json'), '--out', join(work, 'protected')]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^carryover: forms\.mode: /m);
    expect(r.stderr).toMatch(/^carryover: merge\.script: /m);
  });

  it('exits 3 for an answers file that is not JSON', async () => {
    const answers = join(work, 'bad-answers.json');
    await writeFile(answers, '{"answers": {');
    const r = await cli(['analyze', ...sampleArgs(false), '--answers', answers]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/bad-answers\.json/);
  });

  it('exits 5 when the output cannot be written, and leaves nothing behind', async () => {
    const blocker = join(work, 'a-file');
    await writeFile(blocker, 'not a folder');
    const r = await cli(['sync', ...sampleArgs(), '--out', join(blocker, 'out')]);
    expect(r.code).toBe(5);
    expect(await readFile(blocker, 'utf8')).toBe('not a folder');
  });

  it('exits 1 for an internal error and says it is a bug', async () => {
    const r = await cli(['analyze', ...sampleArgs()], {
      stdout: () => {
        throw new Error('the terminal went away');
      },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/internal error \(a bug: please report it\)/);
  });

  it('runs as a real process through bin/carryover.mjs with the exit code of the table', () => {
    const run = spawnSync(process.execPath, [join(repo, 'bin', 'carryover.mjs'), 'validate', join(scenarios, '66-invalid-configuration', 'target')], { encoding: 'utf8' });
    expect(run.status).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('carryover merge-file', () => {
  it('exits with the number of conflicts and prints the merge with -p', async () => {
    const [current, base, other] = ['current.vb', 'base.vb', 'other.vb'].map((f) => join(work, f));
    await writeFile(base, 'a\nb\nc\n');
    await writeFile(current, 'a\nB1\nc\n');
    await writeFile(other, 'a\nB2\nc\n');
    const r = spawnSync(process.execPath, [join(repo, 'bin', 'carryover.mjs'), 'merge-file', '-p', current, base, other], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<<<<<<< ');
    expect(await readFile(current, 'utf8')).toBe('a\nB1\nc\n');
  });

  it('exits 255 when a file is missing', () => {
    const r = spawnSync(process.execPath, [join(repo, 'bin', 'carryover.mjs'), 'merge-file', 'nope1', 'nope2', 'nope3'], { encoding: 'utf8' });
    expect(r.status).toBe(255);
  });

  /**
   * A Target synced in place twice (the second sync's backup is the first one's result), whose
   * rollback was killed right after the Target was renamed away, before the restored one was put
   * in its place (the lock left as by a killed process).
   */
  async function killedRollback(name: string) {
    const setUp = async (folder: string) => {
      const target = join(work, folder, 'target');
      await mkdir(join(work, folder));
      await cp(join(sample, 'target'), target, { recursive: true });
      const sync = () => cli(['sync', '--source', join(sample, 'source'), '--target', target, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place']);
      expect((await sync()).code).toBe(0);
      const first = await tree(target);
      const second = await sync();
      expect(second.code, second.stderr).toBe(0);
      return { target, first, backup: /backup in (.+)$/m.exec(second.stdout)?.[1] as string };
    };
    const probe = await setUp(`${name}-probe`);
    const counting = faultyFs({}, noFlushFs);
    await rollback({ targetRoot: probe.target, fs: counting, concurrency: 1 });
    const swap = counting.calls.find((c) => c.op === 'rename' && c.path === probe.target);
    expect(swap).toBeDefined();

    const killed = await setUp(name);
    const fs = faultyFs({ crashAt: swap!.n + 1 }, noFlushFs);
    void rollback({ targetRoot: killed.target, fs, concurrency: 1 });
    while (!fs.crashed) await new Promise((resolve) => setTimeout(resolve, 1));
    await fs.idle();
    expect(existsSync(killed.target)).toBe(false);
    await writeFile(join(work, name, '.target.carryover-lock'), lockRecord(deadPid()));
    return killed;
  }

  it('finishes a rollback killed after its swap began, and does not roll back a second sync', async () => {
    const { target, first, backup } = await killedRollback('rollback-killed');
    const again = await cli(['rollback', '--target', target]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('Finished the interrupted rollback');
    expect(again.stdout).toBe(`Target ${target} restored from ${backup}; the backup is kept\n`);
    expect(await tree(target)).toEqual(first);
  });

  it('validate finishes an interrupted rollback of the folder first, then validates the whole Target', async () => {
    const { target, first } = await killedRollback('validate-killed');
    const r = await cli(['validate', target]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Finished the interrupted rollback');
    expect(r.stdout).toMatch(/: valid configuration \(\d+ versions\)\n$/);
    expect(await tree(target)).toEqual(first);
  });
});
