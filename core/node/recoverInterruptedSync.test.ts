import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryError, TargetLockedError } from './fsErrors.js';
import { createJournal, writeJournal } from './journal.js';
import { nodeFs } from './nodeFs.js';
import { recoverInterruptedSync } from './recoverInterruptedSync.js';
import { faultyFs } from './testing/faultyFs.js';
import { snapshotTree } from './testing/snapshotTree.js';
import { deadPid, lockRecord, makeSyncFixture, type SyncFixture } from './testing/syncFixture.js';
import { targetPaths } from './targetPaths.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function fixture(): Promise<SyncFixture> {
  const f = await makeSyncFixture();
  roots.push(f.root);
  return f;
}

/** Puts a copy of the Target's tree with one file changed at `dir` (a "new Target"). */
async function newTargetAt(f: SyncFixture, dir: string): Promise<Map<string, string>> {
  await cp(f.target, dir, { recursive: true, verbatimSymlinks: true });
  await writeFile(path.join(dir, 'site/forms/Customers.json'), '{"name": "Customers"}\n');
  return snapshotTree(dir);
}

describe('recoverInterruptedSync', () => {
  it('does nothing, and writes nothing, when no operation was interrupted', async () => {
    const f = await fixture();
    const fs = faultyFs();
    expect(await recoverInterruptedSync(f.target, { fs })).toEqual({ kind: 'clean', notes: [] });
    expect(fs.calls.map((c) => c.op).filter((op) => !['realpath', 'lstat', 'readFile', 'readdir'].includes(op))).toEqual([]);
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('does nothing for a Target whose folder does not exist', async () => {
    expect(await recoverInterruptedSync('/nonexistent/parent/target')).toEqual({ kind: 'clean', notes: [] });
  });

  it('undoes an operation interrupted while building, keeping its finished backup', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const paths = targetPaths(f.target);
    const backup = path.join(f.work, 'target.backup-x');
    const journal = createJournal(paths, 'sync', { dir: backup, staging: null }, new Date());
    await writeJournal(nodeFs, paths, journal);
    await newTargetAt(f, journal.staging);
    await newTargetAt(f, backup);
    await writeFile(path.join(backup, '.carryover-backup-complete'), '{}');

    const result = await recoverInterruptedSync(f.target);

    expect(result).toMatchObject({ kind: 'undone', operation: 'sync', phase: 'building', keptBackup: backup, removed: [journal.staging] });
    expect(await snapshotTree(f.target)).toEqual(old);
    expect((await readdir(f.work)).sort()).toEqual(['target', 'target.backup-x']);
  });

  it('finishes a swap interrupted between its two renames', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    const journal = { ...createJournal(paths, 'sync', null, new Date()), phase: 'swapping' as const };
    const expected = await newTargetAt(f, journal.staging);
    await writeJournal(nodeFs, paths, journal);
    await rename(f.target, journal.old);

    const result = await recoverInterruptedSync(f.target);

    expect(result).toMatchObject({ kind: 'completed', phase: 'swapping', removed: [journal.old] });
    expect(await snapshotTree(f.target)).toEqual(expected);
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('finishes a swap that had not started renaming yet', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    const journal = { ...createJournal(paths, 'sync', null, new Date()), phase: 'swapping' as const };
    const expected = await newTargetAt(f, journal.staging);
    await writeJournal(nodeFs, paths, journal);
    expect(await recoverInterruptedSync(f.target)).toMatchObject({ kind: 'completed' });
    expect(await snapshotTree(f.target)).toEqual(expected);
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('undoes a swap it cannot finish, putting the old Target back', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const paths = targetPaths(f.target);
    const journal = { ...createJournal(paths, 'sync', null, new Date()), phase: 'swapping' as const };
    await newTargetAt(f, journal.staging);
    await writeJournal(nodeFs, paths, journal);
    await rename(f.target, journal.old);
    // Renaming the new Target into place fails.
    const fs = faultyFs({ failWhen: (call) => call.op === 'rename' && call.path === journal.staging, failCode: 'EACCES' });
    const result = await recoverInterruptedSync(f.target, { fs });
    expect(result).toMatchObject({ kind: 'undone', phase: 'swapping' });
    expect(result.notes[0]).toContain('EACCES');
    expect(await snapshotTree(f.target)).toEqual(old);
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('removes the old Target left by an interrupted clean-up', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    const journal = { ...createJournal(paths, 'rollback', null, new Date()), phase: 'cleanup' as const };
    await mkdir(journal.old);
    await writeJournal(nodeFs, paths, journal);
    expect(await recoverInterruptedSync(f.target)).toMatchObject({ kind: 'completed', operation: 'rollback', phase: 'cleanup' });
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('refuses to act while a live process that holds the lock is mid-operation', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    await writeJournal(nodeFs, paths, createJournal(paths, 'sync', null, new Date()));
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(paths.lock, lockRecord(sleeper.pid ?? 0));
      await expect(recoverInterruptedSync(f.target)).rejects.toBeInstanceOf(TargetLockedError);
      expect((await readdir(f.work)).sort()).toEqual(['.target.carryover-journal.json', '.target.carryover-lock', 'target']);
    } finally {
      sleeper.kill();
    }
  });

  it('removes a stale lock, orphaned new Targets and journal temporaries, and reports an orphaned old Target', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    await writeFile(paths.lock, lockRecord(deadPid()));
    await mkdir(paths.staging('0123456789abcdef'));
    await writeFile(`${paths.journal}.tmp-0123456789abcdef`, '{');
    await mkdir(paths.old('fedcba9876543210'));
    // Not ours: another Target's siblings that merely start alike.
    await writeFile(path.join(f.work, '.target.carryover-new-x.carryover-lock'), 'x');

    const result = await recoverInterruptedSync(f.target);

    expect(result.kind).toBe('clean');
    const notes = result.notes.join('\n');
    expect(notes).toContain('Took over a stale lock');
    expect(notes).toContain(`${paths.old('fedcba9876543210')} looks like a Target left over`);
    expect((await readdir(f.work)).sort()).toEqual([
      '.target.carryover-new-x.carryover-lock',
      '.target.carryover-old-fedcba9876543210',
      'target',
    ]);
  });

  it('refuses a damaged journal, or one that names other folders, with a RecoveryError (exit 5)', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    await writeFile(paths.journal, '{"format": "carryover-journal/1", "phase": "buil');
    const error = await recoverInterruptedSync(f.target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecoveryError);
    expect(error).toMatchObject({ code: 'recovery-failed', exitCode: 5, journalPath: paths.journal });

    const journal = createJournal(paths, 'sync', null, new Date());
    await writeFile(paths.journal, JSON.stringify({ ...journal, staging: path.join(f.root, 'source') }));
    await expect(recoverInterruptedSync(f.target)).rejects.toBeInstanceOf(RecoveryError);
    expect(await readdir(f.root)).toContain('source');
  });

  it('turns a file-system error into a RecoveryError', async () => {
    const f = await fixture();
    const paths = targetPaths(f.target);
    await writeJournal(nodeFs, paths, createJournal(paths, 'sync', null, new Date()));
    const error = await recoverInterruptedSync(f.target, { fs: faultyFs({ failAt: 3, failCode: 'EIO' }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecoveryError);
    expect((error as Error).message).toContain('EIO');
  });
});
