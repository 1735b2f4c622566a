import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The ceiling is V8's, for the whole process, and only holds from a young generation still
// small: each case runs in a Node of its own, from the compiled build.
const built = (name: string): string => pathToFileURL(path.join(import.meta.dirname, '..', '..', 'build', 'core', 'node', name)).href;
const compiled = existsSync(new URL(built('youngGeneration.js')));
const dir = mkdtempSync(path.join(tmpdir(), 'carryover-young-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `setup` (module code with `youngGenerationBytes` and `capYoungGeneration` imported), then
 * keeps 1.5 million small objects, made in slices with a turn of the event loop between them, as
 * a parse that keeps what it reads does; `middle` runs halfway. Returns the largest young
 * generation seen (both halves), in MB.
 */
function largestYoungGeneration(setup: string, middle = ''): { largestMb: number } {
  const script = path.join(dir, `case-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(
    script,
    `import { capYoungGeneration, youngGenerationBytes } from ${JSON.stringify(built('youngGeneration.js'))};
    import { prestartIoWorker, runIoJob } from ${JSON.stringify(built('ioWorker.js'))};
    import { Worker } from 'node:worker_threads';
    ${setup}
    const kept = [];
    let largest = 0;
    for (let slice = 0; slice < 150; slice++) {
      for (let i = 0; i < 10_000; i++) kept.push({ slice, i, name: 'n' + i });
      largest = Math.max(largest, youngGenerationBytes());
      if (slice === 75) { ${middle} }
      await new Promise((resolve) => setImmediate(resolve));
    }
    console.log(JSON.stringify({ largestMb: largest / 1048576, kept: kept.length }));
    process.exit(0);
    `,
  );
  const out = execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 });
  return JSON.parse(out) as { largestMb: number };
}

describe.skipIf(!compiled)('capYoungGeneration (needs the compiled build: npm run build:core)', () => {
  it('without it, the young generation grows past halves of 4 MB while what it holds survives', () => {
    expect(largestYoungGeneration('').largestMb).toBeGreaterThan(8);
  });

  it('holds the young generation at halves of 4 MB once it gets there', () => {
    const { largestMb } = largestYoungGeneration('capYoungGeneration(4);');
    expect(largestMb).toBe(8);
  });

  it('holds with the file thread of ioWorker started ahead, as the CLI starts it, and given a job once the ceiling is reached', () => {
    // A thread started after the ceiling is reached may let it grow once more: the thread's heap
    // puts V8's factor back while it starts, and a scheduled young collection of the main thread
    // can come before the thread sets it again (1 run in 10 here). The CLI starts its thread
    // while it lists the folders, before the ceiling is reached.
    const setup = `capYoungGeneration(4);
      prestartIoWorker();`;
    const middle = `
      const job = runIoJob('parentPort.postMessage(1);', null);
      await new Promise((resolve) => job.port.once('message', resolve));
      job.done();`;
    expect(largestYoungGeneration(setup, middle).largestMb).toBe(8);
  });

  it('a thread started otherwise lets it grow again: the factor is V8’s, made anew with each heap', () => {
    const middle = `
      const worker = new Worker('require("node:worker_threads").parentPort.postMessage(1)', { eval: true });
      await new Promise((resolve) => worker.once('message', resolve));
      await worker.terminate();`;
    expect(largestYoungGeneration('capYoungGeneration(4);', middle).largestMb).toBeGreaterThan(8);
  });
});
