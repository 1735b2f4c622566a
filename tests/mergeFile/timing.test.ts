import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mergeScripts } from '../../core/textMerge/index.js';
import { GitMergeFile } from './gitMergeFile.js';
import { prng } from './scriptCorpus.js';

/**
 * Prints how long a 100,000-line script merge takes (best of several runs, wall and CPU time)
 * next to `git merge-file` on the same files. Not a timed test: it only runs when asked,
 *
 *   MERGE_TIMING=1 npx vitest run tests/mergeFile/timing
 */
const enabled = process.env.MERGE_TIMING === '1' && spawnSync('git', ['--version']).status === 0;

/** A CRLF script of `n` lines (40% of them `End If`, `Next`, blank...) and two edited copies, `rate` of the lines edited on each side. */
function scripts(n: number, rate: number) {
  const rand = prng(7);
  const repeated = ['End If', 'Next', '', 'End Sub', 'Else'];
  const line = () =>
    (rand() < 0.4 ? repeated[Math.floor(rand() * repeated.length)] : `  x${Math.floor(rand() * 5000)} = x${Math.floor(rand() * 5000)} + ${Math.floor(rand() * 9)}`) + '\r\n';
  const base = Array.from({ length: n }, line);
  const edit = () => {
    const out: string[] = [];
    for (const l of base) {
      const x = rand();
      if (x < rate / 3) continue;
      if (x < (2 * rate) / 3) out.push(line());
      else {
        if (x < rate) out.push(line());
        out.push(l);
      }
    }
    return out.join('');
  };
  return { targetBase: base.join(''), customized: edit(), sourceBase: edit() };
}

describe.skipIf(!enabled)('mergeScripts timing', () => {
  it('prints the time of a 100,000-line script merge', () => {
    const git = new GitMergeFile();
    for (const rate of [0.001, 0.01, 0.02, 0.05]) {
      const s = scripts(100_000, rate);
      let wall = Infinity;
      let cpu = Infinity;
      let conflicts = 0;
      for (let k = 0; k < 15; k++) {
        const usage = process.cpuUsage();
        const start = performance.now();
        conflicts = mergeScripts(s.targetBase, s.customized, s.sourceBase).conflicts;
        wall = Math.min(wall, performance.now() - start);
        const used = process.cpuUsage(usage);
        cpu = Math.min(cpu, (used.user + used.system) / 1000);
      }
      let gitWall = Infinity;
      for (let k = 0; k < 5; k++) {
        const start = performance.now();
        git.run(s.targetBase, s.customized, s.sourceBase);
        gitWall = Math.min(gitWall, performance.now() - start);
      }
      console.log(`100,000 lines, ${rate * 100}% edited per side: ${conflicts} conflict(s); mergeScripts ${wall.toFixed(0)} ms (CPU ${cpu.toFixed(0)} ms); git merge-file ${gitWall.toFixed(0)} ms with process start`);
      expect(conflicts).toBeGreaterThanOrEqual(0);
    }
    git.dispose();
  }, 600_000);
});
