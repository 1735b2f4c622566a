// The worst case of the text merge (docs/performance.md, "The worst case of the text merge"):
// both sides rewrite every line of the file, at 5k, 20k and 60k lines, in two shapes:
//   - `new lines`: each side replaces every line with lines of its own (no line matches);
//   - `shuffled`: each side is the base's lines in another order (every line matches somewhere,
//     so nothing can be set aside before the diff and the diff runs into its cost limits).
// `carryover merge-file -p` (Myers, and histogram) against `git merge-file -p` on the same files,
// whole processes, with the check that the Myers output and exit status are git's.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measure, median } from './measure.mjs';
import { Random } from './random.mjs';

const SIZES = [5_000, 20_000, 60_000];

function texts(shape, n, seed) {
  const random = new Random(seed);
  const base = Array.from({ length: n }, (_, i) => `   ThisForm.Variables("V${i}").Value = "${i}"`);
  let current;
  let other;
  if (shape === 'new lines') {
    current = base.map((_, i) => `   ' customized ${i} ${random.int(1000)}`);
    other = base.map((_, i) => `   ' vendor ${i} ${random.int(1000)}`);
  } else {
    const shuffle = () => {
      const a = [...base];
      for (let i = a.length - 1; i > 0; i--) {
        const j = random.int(i + 1);
        [a[i], a[j]] = [a[j], a[i]];
      }
      return a;
    };
    current = shuffle();
    other = shuffle();
  }
  const lf = (lines) => lines.join('\n') + '\n';
  return { base: lf(base), current: lf(current), other: lf(other) };
}

/**
 * Runs the worst cases; prints one line per case and returns the figures. `cli` is the path of
 * bin/carryover.mjs, `runs` the number of runs (the median is kept), `hasGit` whether git is there.
 */
export async function benchTextWorstCase({ cli, runs, line, ms, ratio, hasGit, problems }) {
  const figures = [];
  line();
  line('Worst case of the text merge: both sides rewrite every line (merge-file -p, whole processes)');
  line(`  ${'shape'.padEnd(10)} ${'lines'.padStart(7)}  ${'myers'.padStart(8)}  ${'histogram'.padStart(9)}  ${'git'.padStart(8)}  ${'myers ÷ git'.padStart(11)}  same as git`);
  const env = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', LC_ALL: 'C' };
  for (const shape of ['new lines', 'shuffled']) {
    for (const n of SIZES) {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'carryover-bench-worst-'));
      try {
        for (const [name, text] of Object.entries(texts(shape, n, n))) writeFileSync(path.join(dir, name), text);
        const files = ['current', 'base', 'other'];
        const myers = [];
        const histogram = [];
        const git = [];
        for (let i = 0; i < runs; i++) {
          myers.push(await measure([cli, 'merge-file', '-p', ...files], { cwd: dir }));
          histogram.push(await measure([cli, 'merge-file', '-p', '--diff-algorithm=histogram', ...files], { cwd: dir }));
          if (hasGit) git.push(await measure(['merge-file', '-p', ...files], { node: false, command: 'git', cwd: dir, env: { ...env, HOME: dir } }));
        }
        const myersMs = median(myers.map((m) => m.wallMs));
        const histogramMs = median(histogram.map((m) => m.wallMs));
        const gitMs = hasGit ? median(git.map((m) => m.wallMs)) : NaN;
        const last = myers[myers.length - 1];
        const gitLast = git[git.length - 1];
        const same = hasGit ? last.stdout.equals(gitLast.stdout) && last.code === gitLast.code : undefined;
        if (same === false) problems.push(`merge-file and git merge-file disagree on the worst case (${shape}, ${n} lines)`);
        line(
          `  ${shape.padEnd(10)} ${n.toLocaleString('en-US').padStart(7)}  ${ms(myersMs).padStart(8)}  ${ms(histogramMs).padStart(9)}  ${(hasGit ? ms(gitMs) : 'n/a').padStart(8)}  ${(hasGit ? ratio(myersMs / gitMs) : 'n/a').padStart(11)}  ${same === undefined ? 'n/a' : same ? 'yes' : 'NO'}`,
        );
        figures.push({ shape, lines: n, myersMs, histogramMs, gitMs: hasGit ? gitMs : null, sameAsGit: same ?? null, conflicts: last.code });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  return figures;
}
