import { writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutputPlan } from '../analysis.js';
import { copyFiles } from './copyFiles.js';
import { materializePlan } from './materializePlan.js';
import { noFlushFs } from './testing/faultyFs.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A folder `from` of `count` files (`f0000.json`, ...) with distinct bytes, and an empty `to`. */
async function files(count: number): Promise<{ from: string; to: string; names: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'carryover-copy-'));
  roots.push(root);
  const from = path.join(root, 'from');
  const to = path.join(root, 'to');
  await mkdir(from);
  await mkdir(to);
  const names = Array.from({ length: count }, (_, i) => `f${String(i).padStart(4, '0')}.json`);
  names.forEach((name, i) => writeFileSync(path.join(from, name), `{"n": ${i}, "text": "${'x'.repeat(i % 97)}"}\n`));
  return { from, to, names };
}

const pairsOf = (f: { from: string; to: string; names: string[] }): [string, string][] => f.names.map((name) => [path.join(f.from, name), path.join(f.to, name)]);

// threadFrom 1: every call copies on the copying thread; Infinity: on the calling thread.
describe.each([
  ['on a thread of their own', 1],
  ['on the calling thread', Infinity],
])('copyFiles %s', (_, threadFrom) => {
  it('copies every file byte for byte with its mode, counting each', async () => {
    const f = await files(300);
    await chmod(path.join(f.from, f.names[7]), 0o600);
    let counted = 0;
    await copyFiles(pairsOf(f), { threadFrom, onFile: () => counted++ });
    expect(counted).toBe(300);
    expect((await readdir(f.to)).sort()).toEqual(f.names);
    for (const name of [f.names[0], f.names[7], f.names[299]]) expect(await readFile(path.join(f.to, name))).toEqual(await readFile(path.join(f.from, name)));
    expect((await stat(path.join(f.to, f.names[7]))).mode & 0o777).toBe(0o600);
  });

  it('stops at the first failure and rejects with its code and path: a file swapped for a symbolic link is never copied through', async () => {
    const f = await files(300);
    const swapped = path.join(f.from, f.names[100]);
    await rm(swapped);
    await symlink(path.join(f.from, f.names[0]), swapped);
    let counted = 0;
    const error = await copyFiles(pairsOf(f), { threadFrom, onFile: () => counted++ }).then(
      () => null,
      (e: unknown) => e as NodeJS.ErrnoException,
    );
    expect(error).toMatchObject({ code: 'ELOOP', path: swapped });
    const copied = (await readdir(f.to)).sort();
    expect(copied).not.toContain(f.names[100]);
    expect(copied.length).toBe(counted);
    if (threadFrom === Infinity) {
      // One thread, in order: nothing after it was copied.
      expect(copied).toEqual(f.names.slice(0, 100));
    } else {
      // Two threads take the pairs from one counter: the other may have copied a few pairs past it
      // before it learnt of the failure, and started none after.
      expect(copied).toEqual(expect.arrayContaining(f.names.slice(0, 100)));
      expect(counted).toBeLessThan(300);
    }
    // Nothing is still being copied.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readdir(f.to)).length).toBe(counted);
  });

  it('never overwrites a file that exists', async () => {
    const f = await files(10);
    await writeFile(path.join(f.to, f.names[3]), 'mine\n');
    await expect(copyFiles(pairsOf(f), { threadFrom })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(path.join(f.to, f.names[3]), 'utf8')).toBe('mine\n');
  });

  it('copies nothing when its signal is already aborted, rejecting with the reason', async () => {
    const f = await files(300);
    const stop = new AbortController();
    const reason = new Error('stopped by the test');
    stop.abort(reason);
    await expect(copyFiles(pairsOf(f), { threadFrom, signal: stop.signal })).rejects.toBe(reason);
    expect(await readdir(f.to)).toEqual([]);
  });

  it('stops part way when its signal is aborted, every file it copied counted', async () => {
    const f = await files(threadFrom === 1 ? 5000 : 300);
    const stop = new AbortController();
    const reason = new Error('stopped by the test');
    let counted = 0;
    const copying = copyFiles(pairsOf(f), { threadFrom, signal: stop.signal, onFile: () => ++counted === 64 && stop.abort(reason) });
    // The copying thread may have copied them all before it sees the signal; here it cannot.
    const outcome = await copying.then(
      () => 'done',
      (e: unknown) => e,
    );
    if (threadFrom !== 1) expect(outcome).toBe(reason);
    else expect([reason, 'done']).toContain(outcome);
    expect((await readdir(f.to)).length).toBe(counted);
  });
});

describe('materializePlan with a copying thread', () => {
  it('stops the copies when writing a changed document fails, and rejects only once no copy is in flight', async () => {
    const f = await files(2000);
    const plan: OutputPlan = new Map(f.names.map((name) => [name, { kind: 'target' as const }]));
    plan.set('changed.json', { kind: 'write', doc: { name: 'changed' } });
    const failing = {
      ...noFlushFs,
      writeFile: async () => {
        throw Object.assign(new Error('ENOSPC: injected'), { code: 'ENOSPC' });
      },
    };
    const into = path.join(path.dirname(f.to), 'into');
    await mkdir(into);
    await expect(materializePlan(failing, plan, { sourceRoot: f.from, targetRoot: f.from, into, targetFiles: 'copy', concurrency: 4 })).rejects.toMatchObject({ code: 'ENOSPC' });
    const afterwards = (await readdir(into)).length;
    expect(afterwards).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await readdir(into)).length).toBe(afterwards);
  });

  it('copies through the thread and writes the changed documents: the same files as copying one by one', async () => {
    const f = await files(400);
    const plan: OutputPlan = new Map(f.names.map((name) => [name, { kind: 'target' as const }]));
    plan.set('changed.json', { kind: 'write', doc: { name: 'changed' } });
    const threaded = path.join(path.dirname(f.to), 'threaded');
    const oneByOne = path.join(path.dirname(f.to), 'one-by-one');
    await mkdir(threaded);
    await mkdir(oneByOne);
    const options = { sourceRoot: f.from, targetRoot: f.from, targetFiles: 'copy' as const, concurrency: 4 };
    let counted = 0;
    expect(await materializePlan(noFlushFs, plan, { ...options, into: threaded, onFile: () => counted++ })).toBe(401);
    expect(counted).toBe(401);
    const { copyFiles: _unused, ...withoutCopyFiles } = noFlushFs;
    await materializePlan(withoutCopyFiles, plan, { ...options, into: oneByOne });
    const names = (await readdir(threaded)).sort();
    expect(names).toEqual((await readdir(oneByOne)).sort());
    for (const name of names) expect(await readFile(path.join(threaded, name))).toEqual(await readFile(path.join(oneByOne, name)));
  });
});
