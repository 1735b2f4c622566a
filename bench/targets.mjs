// Many Targets (docs/performance.md, "Many Targets"): one Source into 5 Targets against one.
// The SyteLine-scale pair's Target is copied 4 times; both runs use `sync --out-root` with
// `--answer keep`, so that they differ only in the number of Targets.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { measure, median } from './measure.mjs';

/** Targets of the benchmark: 5 Targets ≤ 2.5× one; each extra Target ≤ 0.4× the first. */
export const TARGETS_LIMITS = { five: 2.5, extra: 0.4 };

/**
 * Runs the benchmark and returns its figures. `pair` is a generated pair folder, `cli` the
 * carryover binary, `runs` the number of runs (medians are reported).
 */
export async function benchTargets({ pair, cli, root, runs, line, ms, ratio, judge, problems, flushWrites }) {
  const source = path.join(pair, 'source');
  const scratch = mkdtempSync(path.join(pair, '..', '.targets-'));
  const targets = [];
  for (let i = 1; i <= 5; i++) {
    const copy = path.join(scratch, `T${i}`);
    cpSync(path.join(pair, 'target'), copy, { recursive: true });
    targets.push(copy);
  }
  const samples = { one: [], five: [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const key of run % 2 === 0 ? ['one', 'five'] : ['five', 'one']) {
        flushWrites();
        const chosen = key === 'one' ? targets.slice(0, 1) : targets;
        const out = path.join(scratch, `out-${key}-${run + 1}`);
        const args = [cli, 'sync', '--source', source, ...chosen.flatMap((t) => ['--target', t]), '--answer', 'keep', '--out-root', out];
        const m = await measure(args, { cwd: root });
        if (m.code !== 0) problems.push(`sync into ${chosen.length} Targets exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
        samples[key].push(m);
        line(`  run ${run + 1}/${runs} ${key === 'one' ? '1 Target' : '5 Targets'}: ${ms(m.wallMs)}`);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const one = median(samples.one.map((m) => m.wallMs));
  const five = median(samples.five.map((m) => m.wallMs));
  const fiveRatio = five / one;
  const extraRatio = (five - one) / 4 / one;
  line();
  line('Many Targets: sync --out-root --answer keep');
  line(`  1 Target   ${ms(one).padStart(8)}  (cpu ${ms(median(samples.one.map((m) => m.cpuMs)))}, peak ${(median(samples.one.map((m) => m.peakBytes)) / 1024 ** 2).toFixed(0)} MiB)`);
  line(`  5 Targets  ${ms(five).padStart(8)}  (cpu ${ms(median(samples.five.map((m) => m.cpuMs)))}, peak ${(median(samples.five.map((m) => m.peakBytes)) / 1024 ** 2).toFixed(0)} MiB)`);
  line(`  5 Targets ÷ 1: ${ratio(fiveRatio)} (target ≤ ${ratio(TARGETS_LIMITS.five)}): ${judge(`5 Targets ≤ ${ratio(TARGETS_LIMITS.five)} one`, ratio(fiveRatio), fiveRatio <= TARGETS_LIMITS.five)}`);
  line(`  each extra Target ÷ the first: ${ratio(extraRatio)} (target ≤ ${ratio(TARGETS_LIMITS.extra)}): ${judge(`each extra Target ≤ ${ratio(TARGETS_LIMITS.extra)} the first`, ratio(extraRatio), extraRatio <= TARGETS_LIMITS.extra)}`);
  return { oneMs: one, fiveMs: five, fiveRatio, extraRatio, oneRuns: samples.one.map((m) => Math.round(m.wallMs)), fiveRuns: samples.five.map((m) => Math.round(m.wallMs)) };
}
