import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfiguration } from '../../core/node/loadConfiguration.js';
import { defaultOptions } from '../../core/options.js';
import { cleanUp, REPO_ROOT, SAMPLE } from '../backend/testing.js';
import { inProcessRunner, workerRunner } from './runSynchronize.js';
import { CancelledError, type SynchronizeRequest } from './synchronizeJob.js';

afterEach(cleanUp);

const compiledWorker = path.join(REPO_ROOT, 'build', 'electron', 'analysis', 'synchronizeWorker.js');

async function sampleRequest(): Promise<SynchronizeRequest> {
  const [source, target] = await Promise.all([loadConfiguration(path.join(SAMPLE, 'source')), loadConfiguration(path.join(SAMPLE, 'target'))]);
  if (!source.ok || !target.ok) throw new Error('the sample does not load');
  return { source: source.configuration, target: target.configuration, options: defaultOptions(), answers: {}, allowDestructive: false };
}

describe('workerRunner', () => {
  it.skipIf(!existsSync(compiledWorker))('analyzes in a worker thread, reporting progress up to the total (skipped until tsc -b has compiled the worker)', async () => {
    const progress: [number, number][] = [];
    const run = workerRunner(pathToFileURL(compiledWorker))(await sampleRequest(), (done, total) => progress.push([done, total]));
    const analysis = await run.promise;
    expect(analysis.prompts).toHaveLength(8);
    // Maps survive the trip back from the worker.
    expect(analysis.plan).toBeNull();
    const last = progress.at(-1);
    expect(last?.[0]).toBe(last?.[1]);
  });

  it.skipIf(!existsSync(compiledWorker))('returns the plan as a Map once every prompt has an answer', async () => {
    const request = { ...(await sampleRequest()), answerDefault: 'keep' as const };
    const analysis = await workerRunner(pathToFileURL(compiledWorker))(request, () => undefined).promise;
    expect(analysis.plan).toBeInstanceOf(Map);
  });

  it.skipIf(!existsSync(compiledWorker))('stops the worker on cancel', async () => {
    const run = workerRunner(pathToFileURL(compiledWorker))(await sampleRequest(), () => undefined);
    run.cancel();
    await expect(run.promise).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('workerRunner keeps the pair', () => {
  it.skipIf(!existsSync(compiledWorker))('reuses one thread for runs on the same pair, even after a cancel, and starts another for a new pair (skipped until tsc -b has compiled the worker)', async () => {
    const runner = workerRunner(pathToFileURL(compiledWorker));
    const request = await sampleRequest();
    const first = await runner(request, () => undefined).promise;
    const cancelled = runner(request, () => undefined);
    cancelled.cancel();
    await expect(cancelled.promise).rejects.toBeInstanceOf(CancelledError);
    const answered = await runner({ ...request, answerDefault: 'keep' }, () => undefined).promise;
    expect(runner.threadsStarted).toBe(1);
    expect(answered.plan).toBeInstanceOf(Map);
    expect(first.summary.unanswered).toBe(8);
    expect(answered.prompts.map((p) => p.id)).toEqual(first.prompts.map((p) => p.id));

    // Another pair (the same folders read again: other objects) gets a thread of its own, and
    // the answers of a run are its own.
    const reread = await sampleRequest();
    const again = await runner(reread, () => undefined).promise;
    expect(runner.threadsStarted).toBe(2);
    expect(again.prompts.map((p) => p.id)).toEqual(first.prompts.map((p) => p.id));
    expect(again.plan).toBeNull();
  });
});

describe('inProcessRunner', () => {
  it('honours a cancel issued right after the start', async () => {
    const run = inProcessRunner()(await sampleRequest(), () => undefined);
    run.cancel();
    await expect(run.promise).rejects.toBeInstanceOf(CancelledError);
  });
});
