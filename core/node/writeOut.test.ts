import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { serializeDocument } from '../serialize.js';
import { TargetChangedError, WriteError, WriteUsageError } from './fsErrors.js';
import { faultyFs, noFlushFs } from './testing/faultyFs.js';
import { snapshotTree } from './testing/snapshotTree.js';
import { expectedSnapshot, makeSyncFixture, type SyncFixture } from './testing/syncFixture.js';
import { writeOut } from './writeOut.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function fixture(): Promise<SyncFixture> {
  const f = await makeSyncFixture();
  roots.push(f.root);
  return f;
}

describe('writeOut', () => {
  it('writes exactly the plan: unchanged files byte for byte, changed ones serialized, no dot-entries', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const outDir = path.join(f.root, 'out');

    const result = await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir });

    expect(result).toEqual({ outDir, files: f.plan.size, notes: [] });
    expect(await snapshotTree(outDir)).toEqual(await expectedSnapshot(f));
    expect(await snapshotTree(f.target)).toEqual(old);
    expect((await readdir(f.root)).sort()).toEqual(['out', 'source', 'work']);
  });

  it('reports its progress, file by file, up to the size of the plan', async () => {
    const f = await fixture();
    const reports: [number, number][] = [];
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'out'), onProgress: (done, total) => reports.push([done, total]) });
    expect(reports).toEqual(Array.from({ length: f.plan.size + 1 }, (_, i) => [i, f.plan.size]));
  });

  it('keeps the byte-order mark and line endings of unchanged files, and writes new ones without a BOM', async () => {
    const f = await fixture();
    const outDir = path.join(f.root, 'out');
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir });
    const configuration = await readFile(path.join(outDir, 'configuration.json'));
    expect([...configuration.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(await readFile(path.join(outDir, 'vendor/forms/Orders.json'), 'utf8')).toBe('{\r\n  "name": "Orders"\r\n}\r\n');
    const written = await readFile(path.join(outDir, 'site/forms/Customers.json'));
    expect(written[0]).toBe(0x7b);
    const plan = f.plan.get('site/forms/Customers.json');
    expect(plan?.kind).toBe('write');
    if (plan?.kind === 'write') expect(written.toString('utf8')).toBe(serializeDocument(plan.doc));
    expect(written.toString('utf8')).toContain('"width": 1\n');
  });

  it('writes the same bytes every time', async () => {
    const f = await fixture();
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'a') });
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'b'), concurrency: 1 });
    expect(await snapshotTree(path.join(f.root, 'a'))).toEqual(await snapshotTree(path.join(f.root, 'b')));
  });

  it('runs whileWriting beside the copies and moves the folder into place only after it resolves', async () => {
    const f = await fixture();
    const outDir = path.join(f.root, 'out');
    let placedBeforeCheckEnded = false;
    await writeOut({
      plan: f.plan,
      sourceRoot: f.source,
      targetRoot: f.target,
      outDir,
      whileWriting: async () => {
        await new Promise((resolve) => setTimeout(resolve, 50));
        placedBeforeCheckEnded = (await readdir(f.root)).includes('out');
      },
    });
    expect(placedBeforeCheckEnded).toBe(false);
    expect(await snapshotTree(outDir)).toEqual(await expectedSnapshot(f));
  });

  it('leaves nothing in place of DIR, and throws the error as is, when whileWriting rejects', async () => {
    const f = await fixture();
    const changed = new TargetChangedError('source', f.source);
    const outDir = path.join(f.root, 'out');
    await expect(writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir, whileWriting: () => Promise.reject(changed) })).rejects.toBe(changed);
    expect((await readdir(f.root)).sort()).toEqual(['source', 'work']);
  });

  it('accepts an existing empty folder and creates missing parent folders', async () => {
    const f = await fixture();
    await mkdir(path.join(f.root, 'empty'));
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'empty') });
    await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'x', 'y', 'out') });
    const expected = await expectedSnapshot(f);
    expect(await snapshotTree(path.join(f.root, 'empty'))).toEqual(expected);
    expect(await snapshotTree(path.join(f.root, 'x', 'y', 'out'))).toEqual(expected);
  });

  it('reports, and keeps, the unfinished folder an interrupted run left next to DIR', async () => {
    const f = await fixture();
    const leftover = path.join(f.root, '.out.carryover-tmp-0123456789abcdef');
    await mkdir(leftover);
    const result = await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'out') });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toContain(leftover);
    expect(await readdir(f.root)).toContain('.out.carryover-tmp-0123456789abcdef');
  });

  it('refuses a folder that is not empty (exit 2) and leaves it as it was', async () => {
    const f = await fixture();
    const outDir = path.join(f.root, 'out');
    await mkdir(outDir);
    await writeFile(path.join(outDir, 'keep.txt'), 'mine');
    const error = await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteUsageError);
    expect(error).toMatchObject({ code: 'out-dir-not-empty', exitCode: 2, path: outDir });
    expect(await readdir(outDir)).toEqual(['keep.txt']);
    expect((await readdir(f.root)).sort()).toEqual(['out', 'source', 'work']);
  });

  it('refuses a path that is a file (exit 2)', async () => {
    const f = await fixture();
    const outDir = path.join(f.root, 'file');
    await writeFile(outDir, 'x');
    const error = await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'out-dir-not-empty', exitCode: 2 });
    expect((error as Error).message).toContain('is not a folder');
  });

  it('refuses a folder inside the Target or the Source (exit 2)', async () => {
    const f = await fixture();
    for (const outDir of [path.join(f.target, 'out'), path.join(f.source, 'deep', 'out')]) {
      const error = await writeOut({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, outDir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'inside-input', exitCode: 2 });
    }
    expect(await readdir(f.target)).not.toContain('out');
  });

  it('treats a plan path that leaves the folder as a bug, not a write error, and cleans up', async () => {
    const f = await fixture();
    for (const bad of ['../escape.json', '/abs.json', 'site/../x.json', 'site//x.json', '.git/config']) {
      const plan = new Map(f.plan).set(bad, { kind: 'write', doc: { name: 'x' } });
      const error = await writeOut({ plan, sourceRoot: f.source, targetRoot: f.target, outDir: path.join(f.root, 'out') }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(WriteError);
      expect((error as Error).message).toContain('invalid path in the output plan');
    }
    expect((await readdir(f.root)).sort()).toEqual(['source', 'work']);
  });

  it('leaves no output folder and no temporary folder when any step fails (exit 5)', { timeout: 120_000 }, async () => {
    const probe = await fixture();
    const counting = faultyFs({}, noFlushFs);
    await writeOut({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, outDir: path.join(probe.root, 'out'), fs: counting, concurrency: 1 });
    const steps = counting.calls.length;
    expect(steps).toBeGreaterThan(10);
    const target = await snapshotTree(probe.target);
    for (let n = 1; n <= steps; n++) {
      const label = `step ${n} (${counting.calls[n - 1]?.op})`;
      const outDir = path.join(probe.root, `out-${n}`);
      const fs = faultyFs({ failAt: n, failCode: 'ENOSPC' }, noFlushFs);
      const error = await writeOut({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, outDir, fs, concurrency: 1 }).catch(
        (e: unknown) => e,
      );
      const names = await readdir(probe.root);
      if (error === undefined || !(error instanceof Error)) {
        // Only the final fsync of the parent comes after the rename: then the folder is complete.
        expect(await snapshotTree(outDir), label).toEqual(await snapshotTree(path.join(probe.root, 'out')));
      } else {
        expect(error, label).toBeInstanceOf(WriteError);
        expect(error, label).toMatchObject({ code: 'write-failed', exitCode: 5, backupDir: null, targetUnchanged: true });
        expect(error.message, label).toContain('ENOSPC');
        expect(names, label).not.toContain(`out-${n}`);
      }
      expect(names.filter((name) => name.includes('carryover-tmp')), label).toEqual([]);
    }
    expect(await snapshotTree(probe.target)).toEqual(target);
  });

  it('leaves either no output folder or the complete one when killed at any step', { timeout: 120_000 }, async () => {
    const probe = await fixture();
    const counting = faultyFs({}, noFlushFs);
    const complete = path.join(probe.root, 'out');
    await writeOut({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, outDir: complete, fs: counting, concurrency: 1 });
    const expected = await snapshotTree(complete);
    for (let n = 1; n <= counting.calls.length; n++) {
      const outDir = path.join(probe.root, `out-${n}`);
      const fs = faultyFs({ crashAt: n }, noFlushFs);
      void writeOut({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, outDir, fs, concurrency: 1 });
      while (!fs.crashed) await new Promise((resolve) => setTimeout(resolve, 1));
      await fs.idle();
      const names = await readdir(probe.root);
      if (names.includes(`out-${n}`)) expect(await snapshotTree(outDir), `crash at step ${n}`).toEqual(expected);
    }
  });
});
