import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMergeFile } from '../../core/node/mergeFileCommand.js';
import { mergeText } from '../../core/textMerge/index.js';
import * as t6403 from './t6403Inputs.js';

/**
 * `carryover merge-file` on the inputs of git's own merge-file test (t/t6403-merge-file.sh):
 * `--ours`, `--theirs`, `--union` and `--marker-size` against the machine's `git merge-file`,
 * and the functions f, g, h that only the histogram diff merges cleanly, against the outputs
 * git's test expects (git 2.39 has no `--diff-algorithm` for merge-file).
 */
const gitAvailable = spawnSync('git', ['--version']).status === 0;
const dir = mkdtempSync(join(tmpdir(), 'carryover-t6403-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: tmpdir(), HOME: dir, LC_ALL: 'C' };

const files: Record<string, string> = {
  'orig.txt': t6403.orig,
  'new1.txt': t6403.new1,
  'new2.txt': t6403.new2,
  'new3.txt': t6403.new3,
  'new4.txt': t6403.new4,
  'new5.txt': t6403.new5,
  'new6.txt': t6403.new6,
  'new7.txt': t6403.new7,
  'new8.txt': t6403.new8,
  'new9.txt': t6403.new9,
  'backup.txt': t6403.backup,
  'nolf-orig.txt': t6403.nolfOrig,
  'nolf-diff1.txt': t6403.nolfDiff1,
  'nolf-diff2.txt': t6403.nolfDiff2,
  'base.c': t6403.baseC,
  'ours.c': t6403.oursC,
  'theirs.c': t6403.theirsC,
};
for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);

/** Runs `carryover merge-file -p` in the test folder (names relative to it, as git's test does). */
async function ours(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: string[] = [];
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const status = await runMergeFile(['-p', ...args], { stdout: (d) => out.push(Buffer.from(d)), stderr: (s) => err.push(s) });
    return { status, stdout: Buffer.concat(out).toString('latin1'), stderr: err.join('') };
  } finally {
    process.chdir(cwd);
  }
}

function git(args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync('git', ['merge-file', '-p', ...args], { cwd: dir, env });
  return { status: result.status, stdout: result.stdout.toString('latin1') };
}

describe.skipIf(!gitAvailable)("merge-file's options against git merge-file on t6403's inputs (skipped only where git is not installed)", () => {
  const cases: string[][] = [
    ['--ours', 'backup.txt', 'orig.txt', 'new3.txt'],
    ['--theirs', 'backup.txt', 'orig.txt', 'new3.txt'],
    ['--union', 'backup.txt', 'orig.txt', 'new3.txt'],
    ['--ours', '--theirs', 'backup.txt', 'orig.txt', 'new3.txt'],
    ['--union', '--diff3', 'new8.txt', 'new5.txt', 'new9.txt'],
    ['--ours', 'nolf-diff1.txt', 'nolf-orig.txt', 'nolf-diff2.txt'],
    ['--theirs', 'nolf-diff1.txt', 'nolf-orig.txt', 'nolf-diff2.txt'],
    ['--union', 'nolf-diff1.txt', 'nolf-orig.txt', 'nolf-diff2.txt'],
    ['--marker-size=10', '--diff3', 'new8.txt', 'new5.txt', 'new9.txt'],
    ['--marker-size', '3', 'new6.txt', 'new5.txt', 'new7.txt'],
    ['--marker-size=0', 'new8.txt', 'new5.txt', 'new9.txt'],
    ['--marker-size=-4', 'backup.txt', 'orig.txt', 'new3.txt'],
    ['-q', 'new1.txt', 'orig.txt', 'new2.txt'],
    ['new4.txt', 'new2.txt', 'new3.txt'],
    ['orig.txt', 'new1.txt', 'new5.txt'],
    ['--diff3', 'ours.c', 'base.c', 'theirs.c'],
  ];
  for (const args of cases) {
    it(`prints what git prints and exits as git does for ${args.join(' ')}`, async () => {
      const expected = git(args);
      const actual = await ours(args);
      expect(actual.stderr).toBe('');
      expect({ status: actual.status, text: actual.stdout }).toEqual({ status: expected.status, text: expected.stdout });
    });
  }
});

describe('merge-file --diff-algorithm on the functions f, g and h of t6403', () => {
  it('merges them cleanly with histogram, as git does', async () => {
    const result = await ours(['--diff3', '--diff-algorithm', 'histogram', 'ours.c', 'base.c', 'theirs.c']);
    expect(result).toEqual({ status: 0, stdout: t6403.histogramC, stderr: '' });
  });

  it('leaves two spurious conflicts with myers, the default, as git does', async () => {
    const expected = { status: 2, stdout: t6403.myersC, stderr: '' };
    expect(await ours(['--diff3', '--diff-algorithm=myers', 'ours.c', 'base.c', 'theirs.c'])).toEqual(expected);
    expect(await ours(['--diff3', 'ours.c', 'base.c', 'theirs.c'])).toEqual(expected);
  });

  it('accepts the names in any case and "default" for myers, as git does', async () => {
    expect((await ours(['--diff-algorithm=HISTOGRAM', 'ours.c', 'base.c', 'theirs.c'])).status).toBe(0);
    expect((await ours(['--diff-algorithm=default', 'ours.c', 'base.c', 'theirs.c'])).status).toBe(1);
  });

  it('merges them with patience and minimal too, each agreeing with mergeText', async () => {
    for (const algorithm of ['patience', 'minimal'] as const) {
      const direct = mergeText({ base: t6403.baseC, current: t6403.oursC, other: t6403.theirsC, diffAlgorithm: algorithm, labels: { current: 'ours.c', base: 'base.c', other: 'theirs.c' } });
      const result = await ours([`--diff-algorithm=${algorithm}`, 'ours.c', 'base.c', 'theirs.c']);
      expect(result).toEqual({ status: direct.conflicts, stdout: direct.text, stderr: '' });
    }
  });

  it('refuses an unknown algorithm with exit 255, a one-line message and no write', async () => {
    const before = readFileSync(join(dir, 'ours.c'), 'latin1');
    const out: Buffer[] = [];
    const err: string[] = [];
    const status = await runMergeFile(['--diff-algorithm=fast', join(dir, 'ours.c'), join(dir, 'base.c'), join(dir, 'theirs.c')], { stdout: (d) => out.push(Buffer.from(d)), stderr: (s) => err.push(s) });
    expect(status).toBe(255);
    expect(err.join('')).toMatch(/^carryover merge-file: --diff-algorithm accepts "myers", "minimal", "patience", "histogram", got "fast"; usage: .*\n$/);
    expect(readFileSync(join(dir, 'ours.c'), 'latin1')).toBe(before);
  });

  it('refuses a marker size that is not a whole number, as git does (exit 255 here, as every usage error)', async () => {
    for (const bad of ['--marker-size=abc', '--marker-size=', '--marker-size=1.5']) {
      const result = await ours([bad, 'ours.c', 'base.c', 'theirs.c']);
      expect(result.status).toBe(255);
      expect(result.stderr).toContain('--marker-size expects a whole number');
    }
  });
});
