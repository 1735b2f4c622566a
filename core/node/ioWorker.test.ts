import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prestartIoWorker, runIoJob, type IoJob } from './ioWorker.js';

/** Runs a job that posts its thread's id (and whatever `extra` adds), and resolves to that id. */
function threadOf(extra = ''): { job: IoJob; id: Promise<number> } {
  const job = runIoJob(`parentPort.postMessage(require('node:worker_threads').threadId); ${extra}`, null);
  if (job === null) throw new Error('no thread could start');
  return { job, id: new Promise((resolve) => job.port.once('message', resolve)) };
}

describe('ioWorker', () => {
  it('runs one job after the other on the same thread, with its data and its own port', async () => {
    const first = threadOf();
    const id = await first.id;
    expect(id).toBeGreaterThan(0);
    first.job.done();
    const second = threadOf();
    expect(await second.id).toBe(id);
    second.job.done();
    const echo = runIoJob('parentPort.postMessage(workerData.n * 2);', { n: 21 });
    expect(await new Promise((resolve) => echo?.port.once('message', resolve))).toBe(42);
    echo?.done();
  });

  it('gives the thread started ahead of need to the next job', async () => {
    const before = threadOf();
    const old = await before.id;
    before.job.terminate();
    prestartIoWorker();
    const next = threadOf();
    const id = await next.id;
    expect(id).not.toBe(old);
    next.job.done();
    prestartIoWorker(); // a thread is waiting already: no other starts
    const again = threadOf();
    expect(await again.id).toBe(id);
    again.job.done();
  });

  it('imports the modules it is asked to preload while it waits, and a module it cannot import is no harm', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carryover-io-'));
    try {
      const module = path.join(dir, 'counted.mjs');
      // Each evaluation of the module counts on the thread: a preloaded module is evaluated once.
      writeFileSync(module, 'globalThis.evaluations = (globalThis.evaluations ?? 0) + 1; export const answer = 42;\n');
      const url = pathToFileURL(module).href;
      const before = threadOf();
      await before.id;
      before.job.terminate();
      prestartIoWorker([url, pathToFileURL(path.join(dir, 'missing.mjs')).href]);
      // Without importing it, a job sees it evaluated.
      const waiting = runIoJob('const check = () => (globalThis.evaluations ? parentPort.postMessage(globalThis.evaluations) : setTimeout(check, 10)); check();', null);
      expect(await new Promise((resolve) => waiting?.port.once('message', resolve))).toBe(1);
      waiting?.done();
      // A job that imports it gets the same module, not a second evaluation.
      const job = runIoJob('import(workerData.url).then((m) => parentPort.postMessage([m.answer, globalThis.evaluations]));', { url });
      expect(await new Promise((resolve) => job?.port.once('message', resolve))).toEqual([42, 1]);
      job?.done();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when the thread dies under a job, and never gives that thread another', async () => {
    const dying = threadOf('process.exit(0);');
    const id = await dying.id;
    await new Promise<void>((resolve) => dying.job.onGone(() => resolve()));
    dying.job.done();
    const next = threadOf();
    expect(await next.id).not.toBe(id);
    next.job.done();
  });

  it('ends the thread of a job it terminates', async () => {
    const stopped = threadOf();
    const id = await stopped.id;
    const gone = new Promise<void>((resolve) => stopped.job.onGone(() => resolve()));
    stopped.job.terminate();
    await gone;
    const next = threadOf();
    expect(await next.id).not.toBe(id);
    next.job.done();
  });

  const built = path.join(import.meta.dirname, '..', '..', 'build', 'core', 'node', 'ioWorker.js');
  it.skipIf(!existsSync(built))('does not hold the process open while its thread waits (needs the compiled build: npm run build:core)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'carryover-io-'));
    const script = path.join(dir, 'waits.mjs');
    writeFileSync(
      script,
      `import { prestartIoWorker, runIoJob } from ${JSON.stringify(pathToFileURL(built).href)};
      prestartIoWorker();
      const job = runIoJob('parentPort.postMessage(1);', null);
      job.port.once('message', () => { job.done(); prestartIoWorker(); console.log('done'); });
    `,
    );
    try {
      // Ends on its own, with one thread waiting: a timeout here would mean it never does.
      expect(execFileSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 }).trim()).toBe('done');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
