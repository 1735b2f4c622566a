import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitInPlace } from '../../core/node/commitInPlace.js';
import { WriteError } from '../../core/node/fsErrors.js';
import { faultyFs } from '../../core/node/testing/faultyFs.js';
import { expectedSnapshot, makeSyncFixture } from '../../core/node/testing/syncFixture.js';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { writeOut } from '../../core/node/writeOut.js';
import { badErrorOutput, REPO, runInProcess } from './onDisk.js';

/**
 * The findings of the outside probe (docs/reliability.md, "Bugs these tests found", 17 and on):
 * each case failed before its fix. Run by `npm run test:hostile`.
 */

const sample = path.join(REPO, 'fixtures', 'sample');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'carryover-probe-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A fresh copy of the sample's Source and Target in its own folder. */
async function sampleCase(): Promise<{ root: string; source: string; target: string; args: string[] }> {
  const root = await mkdtemp(path.join(scratch, 'case-'));
  const source = path.join(root, 'source');
  const target = path.join(root, 'target');
  await cp(path.join(sample, 'source'), source, { recursive: true });
  await cp(path.join(sample, 'target'), target, { recursive: true });
  const args = ['--source', source, '--target', target, '--options', path.join(sample, 'options.json'), '--answers', path.join(sample, 'answers.json')];
  return { root, source, target, args };
}

/** Names of the entries of a folder that look like temporary files. */
async function temporaries(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.includes('.tmp'));
}

describe('report and plan files (--report, --output)', () => {
  it('refuses analyze --output inside the Target or the Source, changing nothing', async () => {
    const { root, source, target, args } = await sampleCase();
    const before = await snapshotTree(root);
    for (const output of [path.join(target, 'site', 'forms', 'Customers.json'), path.join(source, 'plan.txt'), target]) {
      const run = await runInProcess(['analyze', ...args, '--output', output]);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('lies inside');
      expect(badErrorOutput(run.stderr)).toBeNull();
    }
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('refuses sync --report inside the Target, --out, or the backup, before writing anything', async () => {
    const { root, target, args } = await sampleCase();
    const before = await snapshotTree(root);
    const out = path.join(root, 'out');
    const backup = path.join(root, 'bk');
    const cases = [
      ['--in-place', '--report', path.join(target, 'vendor', 'report.txt')],
      ['--in-place', '--report', `${target}.backup-20990101T000000Z/report.txt`],
      ['--in-place', '--backup', backup, '--report', path.join(backup, 'report.txt')],
      ['--out', out, '--report', path.join(out, 'report.txt')],
    ];
    for (const extra of cases) {
      const run = await runInProcess(['sync', ...args, ...extra]);
      expect(run.code, `${extra.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain('--report');
    }
    expect(await snapshotTree(root)).toEqual(before);
  });

  it('refuses to replace a symbolic link, a folder, a named pipe or a device with a report', async () => {
    const { root, args } = await sampleCase();
    const secret = path.join(root, 'secret.txt');
    await writeFile(secret, 'secret\n');
    await symlink(secret, path.join(root, 'link.txt'));
    await mkdir(path.join(root, 'folder.txt'));
    execFileSync('mkfifo', [path.join(root, 'pipe.txt')]);
    for (const output of [path.join(root, 'link.txt'), path.join(root, 'folder.txt'), path.join(root, 'pipe.txt'), '/dev/null']) {
      const run = await runInProcess(['analyze', ...args, '--output', output]);
      expect(run.code, `${output}\n${run.stderr}`).toBe(2);
      expect(badErrorOutput(run.stderr)).toBeNull();
    }
    expect(await readFile(secret, 'utf8')).toBe('secret\n');
    expect(await temporaries(root)).toEqual([]);
  });

  it('never follows a link planted at the old predictable temporary name', async () => {
    const { root, args } = await sampleCase();
    const victim = path.join(root, 'victim.txt');
    await writeFile(victim, 'keep me\n');
    const report = path.join(root, 'plan.txt');
    // The name the old writer used; a link there must neither be written through nor matter.
    await symlink(victim, `${report}.${process.pid}.tmp`);
    const run = await runInProcess(['analyze', ...args, '--output', report]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(victim, 'utf8')).toBe('keep me\n');
    expect(await readFile(report, 'utf8')).toMatch(/prompts/);
  });

  it('writes to standard output for -', async () => {
    const { args } = await sampleCase();
    const run = await runInProcess(['analyze', ...args, '--output', '-', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ format: 'carryover-report/1' });
  });

  it('fails a report under /proc with exit 5 and a message instead of hanging', async () => {
    const { args } = await sampleCase();
    const run = await runInProcess(['analyze', ...args, '--output', '/proc/self/nothing/here/plan.txt']);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain('/nothing/here/plan.txt');
    expect(badErrorOutput(run.stderr)).toBeNull();
  });

  it('names the backup when the report fails after the Target was replaced, and leaves no temporary file', async () => {
    const { root, target, args } = await sampleCase();
    const blocker = path.join(root, 'blocker');
    await writeFile(blocker, 'a file, not a folder\n');
    const run = await runInProcess(['sync', ...args, '--in-place', '--backup', path.join(root, 'bk'), '--report', path.join(blocker, 'report.txt')]);
    expect(run.code, run.stderr).toBe(5);
    expect(run.stderr).toContain('updated in place');
    expect(run.stderr).toContain(path.join(root, 'bk'));
    expect(badErrorOutput(run.stderr)).toBeNull();
    expect(existsSync(path.join(target, '.carryover', 'last-sync.json'))).toBe(true);
    expect(await temporaries(root)).toEqual([]);
  });
});

describe('rollback keeps work done after the sync, and walks back one sync at a time', () => {
  it('refuses to roll back a Target edited since its sync (exit 2, naming the file) unless --discard-changes, which keeps it first', async () => {
    const { root, target, args } = await sampleCase();
    const original = await snapshotTree(target);
    expect((await runInProcess(['sync', ...args, '--in-place', '--backup', path.join(root, 'bk')])).code).toBe(0);
    const edited = path.join(target, 'site', 'forms', 'Customers.json');
    const work = '{"name": "Customers", "attributes": {"caption": "edited after the sync"}}\n';
    await writeFile(edited, work);
    const refused = await runInProcess(['rollback', '--target', target]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toContain('site/forms/Customers.json');
    expect(refused.stderr).toContain('--discard-changes');
    expect(badErrorOutput(refused.stderr)).toBeNull();
    expect(await readFile(edited, 'utf8')).toBe(work);

    const discarded = await runInProcess(['rollback', '--target', target, '--discard-changes']);
    expect(discarded.code, discarded.stderr).toBe(0);
    const kept = /kept in (\S+)\.$/m.exec(discarded.stderr)?.[1];
    expect(kept, discarded.stderr).toBeDefined();
    expect(await readFile(path.join(kept as string, 'site', 'forms', 'Customers.json'), 'utf8')).toBe(work);
    expect(await snapshotTree(target)).toEqual(original);
  });

  it('records each in-place sync, lists them, and undoes them one at a time, saying which state it restored', async () => {
    const { root, target, args } = await sampleCase();
    const original = await snapshotTree(target);
    expect((await runInProcess(['sync', ...args, '--in-place', '--backup', path.join(root, 'bk1')])).code).toBe(0);
    const afterFirst = await snapshotTree(target);
    expect((await runInProcess(['sync', ...args, '--in-place', '--backup', path.join(root, 'bk2')])).code).toBe(0);

    const list = await runInProcess(['rollback', '--target', target, '--list']);
    expect(list.code, list.stderr).toBe(0);
    const lines = list.stdout.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(path.join(root, 'bk2'));
    expect(lines[0]).toContain('next rollback');
    expect(lines[1]).toContain(path.join(root, 'bk1'));
    const firstTime = /^2\. (\S+)/.exec(lines[1])?.[1];
    const secondTime = /^1\. (\S+)/.exec(lines[0])?.[1];

    const once = await runInProcess(['rollback', '--target', target]);
    expect(once.code, once.stderr).toBe(0);
    expect(once.stdout).toContain(`the state before the sync of ${secondTime}`);
    expect(await snapshotTree(target)).toEqual(afterFirst);
    const listed = await runInProcess(['rollback', '--target', target, '--list']);
    expect(listed.stdout.split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(1);

    const twice = await runInProcess(['rollback', '--target', target]);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toContain(`the state before the sync of ${firstTime}`);
    expect(await snapshotTree(target)).toEqual(original);
    expect((await runInProcess(['rollback', '--target', target, '--list'])).stdout).toContain('records no in-place sync');
  });
});

describe('a file swapped after validation', () => {
  it('is never copied through a symbolic link or opened as a pipe, by sync --out or sync --in-place', async () => {
    for (const swap of ['link', 'pipe'] as const) {
      for (const mode of ['out', 'in-place'] as const) {
        const f = await makeSyncFixture();
        const secret = path.join(f.root, 'secret.txt');
        await writeFile(secret, 'the secret\n');
        // The plan was computed from the validated Source; then its file is replaced.
        const swapped = path.join(f.source, 'vendor', 'forms', 'Customers.json');
        await rm(swapped);
        if (swap === 'link') await symlink(secret, swapped);
        else execFileSync('mkfifo', [swapped]);
        const targetBefore = await snapshotTree(f.target);
        const outDir = path.join(f.root, 'out');
        const run =
          mode === 'out'
            ? writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir })
            : commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, backupDir: path.join(f.root, 'bk') });
        await expect(run, `${swap}, ${mode}`).rejects.toBeInstanceOf(WriteError);
        expect(existsSync(outDir)).toBe(false);
        expect(await snapshotTree(f.target), `${swap}, ${mode}`).toEqual(targetBefore);
        await rm(f.root, { recursive: true, force: true });
      }
    }
  });
});

describe('long and odd Targets', () => {
  it('analyzes, syncs in place and rolls back a Target whose folder name has 236 characters', async () => {
    const { root, target: short, args } = await sampleCase();
    const target = path.join(root, 'T'.repeat(236));
    await cp(short, target, { recursive: true });
    const longArgs = args.map((arg) => (arg === short ? target : arg));
    const original = await snapshotTree(target);
    const analyzed = await runInProcess(['analyze', ...longArgs]);
    expect(analyzed.code, analyzed.stderr).toBe(0);
    const synced = await runInProcess(['sync', ...longArgs, '--in-place']);
    expect(synced.code, synced.stderr).toBe(0);
    const rolled = await runInProcess(['rollback', '--target', target]);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(await snapshotTree(target)).toEqual(original);
    // Nothing of carryover's is left beside it but the backup.
    expect((await readdir(root)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('writes --out into an empty mount point, which cannot be renamed over (EBUSY)', async () => {
    const f = await makeSyncFixture();
    const outDir = path.join(f.root, 'mnt');
    await mkdir(outDir);
    const fs = faultyFs({ failWhen: (call) => call.op === 'rename' && call.path.includes('.mnt.carryover-tmp-'), failCode: 'EBUSY' });
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir, fs });
    expect(await snapshotTree(outDir)).toEqual(await expectedSnapshot(f));
    expect((await readdir(f.root)).sort()).toEqual(['mnt', 'source', 'work']);
    await rm(f.root, { recursive: true, force: true });
  });

  it('carries a named pipe inside a dot-entry of the Target over without opening it', async () => {
    const { root, target, args } = await sampleCase();
    await mkdir(path.join(target, '.git'));
    execFileSync('mkfifo', [path.join(target, '.git', 'fsmonitor-pipe')]);
    const synced = await runInProcess(['sync', ...args, '--in-place', '--backup', path.join(root, 'bk')]);
    expect(synced.code, synced.stderr).toBe(0);
    const after = await readdir(path.join(target, '.git'), { withFileTypes: true });
    expect(after.map((e) => [e.name, e.isFIFO()])).toEqual([['fsmonitor-pipe', true]]);
    const rolled = await runInProcess(['rollback', '--target', target]);
    expect(rolled.code, rolled.stderr).toBe(0);
  });
});

describe('size limits', () => {
  it('refuses an answers file that is a device (/dev/zero) at once, naming it (exit 3, no stack trace)', async () => {
    const { args } = await sampleCase();
    const run = await runInProcess(['analyze', ...args.slice(0, -2), '--answers', '/dev/zero']);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain('carryover: /dev/zero');
    expect(run.stderr).toContain('not a regular file');
    expect(badErrorOutput(run.stderr)).toBeNull();
  });

  it('refuses input files above the limit before reading them, naming the file and the limit (exit 3)', async () => {
    const { root, target, args } = await sampleCase();
    // Sparse files: 700 MiB and 600 MiB on paper, nothing on disk, and never read.
    const answers = path.join(root, 'huge-answers.json');
    await writeFile(answers, '');
    await truncate(answers, 700 * 1024 * 1024);
    const form = path.join(target, 'site', 'forms', 'Customers.json');
    await truncate(form, 600 * 1024 * 1024);
    const run = await runInProcess(['analyze', ...args.slice(0, -2), '--answers', answers]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toMatch(new RegExp(`carryover: ${answers.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .*limit of 64 MiB`));
    expect(run.stderr).toMatch(/Customers\.json: .*limit of 64 MiB \(raise it with --max-file-size\)/);
    expect(badErrorOutput(run.stderr)).toBeNull();
  });

  it('takes a lower or higher limit from --max-file-size, and refuses a value that is not a size (exit 2)', async () => {
    const { args } = await sampleCase();
    const low = await runInProcess(['analyze', ...args, '--max-file-size', '100']);
    expect(low.code, low.stderr).toBe(3);
    expect(low.stderr).toContain('limit of 100 bytes');
    const high = await runInProcess(['analyze', ...args, '--max-file-size', '1G']);
    expect(high.code, high.stderr).toBe(0);
    expect((await runInProcess(['analyze', ...args, '--max-file-size', 'lots'])).code).toBe(2);
  });
});
