import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIFF_ALGORITHMS, diffLines, type LineChange } from '../../core/textMerge/index.js';
import { LineInterner } from '../../core/textMerge/LineInterner.js';
import { generateCase, type CaseSize } from './scriptCorpus.js';

/**
 * diffLines with each algorithm against `git diff --no-index --diff-algorithm=A -U0` (without
 * the indent heuristic, which merges do not use): the same changes, hunk for hunk. This checks
 * the line matching itself, patience and minimal included, which git 2.39's merge-file cannot
 * be asked for. DIFF_AGREEMENT_CASES raises the number of cases of each corpus.
 */
const gitAvailable = spawnSync('git', ['--version']).status === 0;
const requested = Number(process.env.DIFF_AGREEMENT_CASES ?? 0);
const CASES = requested > 0 ? requested : 6;

const dir = mkdtempSync(join(tmpdir(), 'carryover-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: tmpdir(), HOME: dir, LC_ALL: 'C' };

/** git's hunks as changes (0-based starts; git writes the line before an empty side). */
function gitChanges(a: string, b: string, algorithm: string): LineChange[] {
  writeFileSync(join(dir, 'a'), a, 'latin1');
  writeFileSync(join(dir, 'b'), b, 'latin1');
  const result = spawnSync('git', ['diff', '--no-index', '--no-color', '--no-indent-heuristic', `--diff-algorithm=${algorithm}`, '-U0', 'a', 'b'], { cwd: dir, env, maxBuffer: 1 << 28 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`git diff failed: ${result.stderr.toString()}`);
  const changes: LineChange[] = [];
  for (const match of result.stdout.toString('latin1').matchAll(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/gm)) {
    const count1 = match[2] === undefined ? 1 : Number(match[2]);
    const count2 = match[4] === undefined ? 1 : Number(match[4]);
    changes.push({ start1: Number(match[1]) - (count1 === 0 ? 0 : 1), count1, start2: Number(match[3]) - (count2 === 0 ? 0 : 1), count2 });
  }
  return changes;
}

describe.skipIf(!gitAvailable)('diffLines against git diff (skipped only where git is not installed)', () => {
  for (const algorithm of DIFF_ALGORITHMS) {
    for (const size of ['small', 'restructured', 'large', 'noise'] as const) {
      it(`finds git's changes with ${algorithm} on ${CASES} ${size} cases`, () => {
        const divergences: string[] = [];
        for (let seed = 1; seed <= CASES; seed++) {
          const c = generateCase(seed, size as CaseSize);
          // git diff reads "\ No newline at end of file" apart: compare on texts that end in one.
          const [a, b] = [c.base, c.current].map((t) => (t === '' || t.endsWith('\n') ? t : t + '\n'));
          const interner = new LineInterner();
          const ours = diffLines(interner.split(a).ids, interner.split(b).ids, interner.size, algorithm);
          const theirs = gitChanges(a, b, algorithm);
          if (JSON.stringify(ours) !== JSON.stringify(theirs)) divergences.push(`${size} seed ${seed}`);
        }
        expect(divergences).toEqual([]);
      }, 120_000);
    }
  }
});
