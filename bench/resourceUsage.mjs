// Preloaded into a measured child (`node --import ./bench/resourceUsage.mjs ...`) when
// /usr/bin/time is not installed: at exit, writes the process's own peak resident set size and
// CPU time to the file named by CARRYOVER_BENCH_USAGE, for bench/measure.mjs to read.
import { writeFileSync } from 'node:fs';

const file = process.env.CARRYOVER_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // maxRSS is in kilobytes, CPU times in microseconds.
    writeFileSync(file, JSON.stringify({ maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 }));
  });
}
