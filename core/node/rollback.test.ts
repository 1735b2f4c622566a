import { cp, readdir, rm, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_MARKER } from './backupManifest.js';
import { commitInPlace } from './commitInPlace.js';
import { WriteError, WriteUsageError } from './fsErrors.js';
import { mapLimit } from './mapLimit.js';
import { recoverInterruptedSync } from './recoverInterruptedSync.js';
import { rollback, type RollbackResult } from './rollback.js';
import { faultyFs, noFlushFs } from './testing/faultyFs.js';
import { snapshotTree } from './testing/snapshotTree.js';
import { deadPid, lockRecord, makeSyncFixture, type SyncFixture } from './testing/syncFixture.js';

const NOW = new Date('2025-03-04T05:06:07Z');
const LATER = new Date('2025-03-05T05:06:07Z');

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

/** A fixture after one in-place sync: the old Target's and the synced Target's snapshots, and the backup. */
async function synced(): Promise<{ f: SyncFixture; old: Map<string, string>; after: Map<string, string>; backupDir: string }> {
  const f = await makeSyncFixture();
  roots.push(f.root);
  const old = await snapshotTree(f.target);
  const { backupDir } = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW, durable: false });
  return { f, old, after: await snapshotTree(f.target), backupDir };
}

function equalMaps(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

describe('rollback', () => {
  it('restores the Target from the backup of its last in-place sync, byte for byte, and keeps the backup', async () => {
    const { f, old, backupDir } = await synced();
    const backup = await snapshotTree(backupDir);

    const result = await rollback({ targetRoot: f.target });

    expect(result.backupDir).toBe(backupDir);
    expect(result.entries).toBe(old.size);
    expect(await snapshotTree(f.target)).toEqual(old);
    expect(await snapshotTree(backupDir)).toEqual(backup);
    expect((await readdir(f.work)).sort()).toEqual(['target', path.basename(backupDir)]);
  });

  it('restores from a backup named explicitly, also when the Target no longer exists', async () => {
    const { f, old, backupDir } = await synced();
    await rm(f.target, { recursive: true });
    await rollback({ targetRoot: f.target, backupDir });
    expect(await snapshotTree(f.target)).toEqual(old);
  });

  it('finds the backup through its relative path when Target and backup were moved together', async () => {
    const { f, old } = await synced();
    const moved = path.join(f.root, 'moved');
    await cp(f.work, moved, { recursive: true, verbatimSymlinks: true });
    await rm(f.work, { recursive: true });
    await rollback({ targetRoot: path.join(moved, 'target') });
    expect(await snapshotTree(path.join(moved, 'target'))).toEqual(old);
  });

  it('refuses when the Target records no in-place sync (exit 2)', async () => {
    const f = await makeSyncFixture();
    roots.push(f.root);
    const error = await rollback({ targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteUsageError);
    expect(error).toMatchObject({ code: 'no-backup-recorded', exitCode: 2 });
    expect((error as Error).message).toContain('--backup');
  });

  it('refuses a recorded backup that is gone (exit 2), leaving the Target as it is', async () => {
    const { f, after, backupDir } = await synced();
    await rm(backupDir, { recursive: true });
    const error = await rollback({ targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backup-missing', exitCode: 2 });
    expect((error as Error).message).toContain(backupDir);
    expect(await snapshotTree(f.target)).toEqual(after);
  });

  it('refuses a backup without its completion marker (exit 2)', async () => {
    const { f, after, backupDir } = await synced();
    await unlink(path.join(backupDir, BACKUP_MARKER));
    const error = await rollback({ targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backup-incomplete', exitCode: 2 });
    expect((error as Error).message).toContain('was not completed');
    expect(await snapshotTree(f.target)).toEqual(after);
  });

  it('refuses a backup that lost, changed or gained files since it was made (exit 2)', async () => {
    const { f, after, backupDir } = await synced();
    await unlink(path.join(backupDir, 'vendor/forms/Orders.json'));
    await writeFile(path.join(backupDir, 'configuration.json'), '{}');
    await writeFile(path.join(backupDir, 'extra.json'), '{}');
    const error = await rollback({ targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'backup-incomplete', exitCode: 2 });
    const message = (error as Error).message;
    expect(message).toContain('vendor/forms/Orders.json is missing');
    expect(message).toContain('configuration.json has 2 bytes');
    expect(message).toContain('extra.json was added');
    expect(await snapshotTree(f.target)).toEqual(after);
  });

  it('refuses a backup inside the Target (exit 2)', async () => {
    const { f, backupDir } = await synced();
    const inside = path.join(f.target, '.old-backup');
    await cp(backupDir, inside, { recursive: true, verbatimSymlinks: true });
    const error = await rollback({ targetRoot: f.target, backupDir: inside }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'inside-input', exitCode: 2 });
  });

  it('refuses while another live process holds the Target', async () => {
    const { f, after } = await synced();
    const { spawn } = await import('node:child_process');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(path.join(f.work, '.target.carryover-lock'), lockRecord(sleeper.pid ?? 0));
      const error = await rollback({ targetRoot: f.target }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'target-locked', exitCode: 5 });
      expect(await snapshotTree(f.target)).toEqual(after);
    } finally {
      sleeper.kill();
    }
  });

  it('leaves the synced Target unchanged and the backup intact when any step fails', { timeout: 300_000 }, async () => {
    const probe = await synced();
    const counting = faultyFs({}, noFlushFs);
    await rollback({ targetRoot: probe.f.target, fs: counting, concurrency: 1 });
    const steps = counting.calls.length;
    await mapLimit(range(1, steps), 4, async (n) => {
      const { f, old, after, backupDir } = await synced();
      const backup = await snapshotTree(backupDir);
      const label = `step ${n} (${counting.calls[n - 1]?.op})`;
      let result: RollbackResult | undefined;
      let error: unknown;
      try {
        result = await rollback({ targetRoot: f.target, fs: faultyFs({ failAt: n, failCode: 'ENOSPC' }, noFlushFs), concurrency: 1 });
      } catch (e) {
        error = e;
      }
      const now = await snapshotTree(f.target);
      if (result !== undefined) {
        expect(equalMaps(now, old), label).toBe(true);
      } else {
        expect(error, label).toBeInstanceOf(WriteError);
        // Named once known (a failure while reading the Target's record cannot name it yet).
        const message = (error as WriteError).message;
        expect(message.includes(backupDir) || message.endsWith('The backup is untouched.'), `${label}: ${message}`).toBe(true);
        expect((error as WriteError).message, label).toMatch(/The Target is (unchanged|restored)/);
        expect(equalMaps(now, after), label).toBe(true);
        await recoverInterruptedSync(f.target);
        expect(equalMaps(await snapshotTree(f.target), after), label).toBe(true);
      }
      expect(equalMaps(await snapshotTree(backupDir), backup), `${label}: backup intact`).toBe(true);
      await rm(f.root, { recursive: true, force: true });
    });
  });

  it('leaves the synced or the restored Target, and the backup intact, when killed at any step', { timeout: 300_000 }, async () => {
    const probe = await synced();
    const counting = faultyFs({}, noFlushFs);
    await rollback({ targetRoot: probe.f.target, fs: counting, concurrency: 1 });
    const steps = counting.calls.length;
    const states: string[] = [];
    await mapLimit(range(1, steps + 1), 4, async (n) => {
      const { f, old, after, backupDir } = await synced();
      const backup = await snapshotTree(backupDir);
      const label = `crash at step ${n} (${counting.calls[n - 1]?.op ?? 'none'})`;
      const fs = faultyFs({ crashAt: n }, noFlushFs);
      let finished = false;
      void rollback({ targetRoot: f.target, fs, concurrency: 1 }).then(() => (finished = true));
      while (!fs.crashed && !finished) await new Promise((resolve) => setTimeout(resolve, 1));
      await fs.idle();
      const lock = path.join(f.work, '.target.carryover-lock');
      if (fs.crashed && (await readdir(f.work)).includes(path.basename(lock))) await writeFile(lock, lockRecord(deadPid()));
      await recoverInterruptedSync(f.target);
      const now = await snapshotTree(f.target);
      const state = equalMaps(now, old) ? 'restored' : equalMaps(now, after) ? 'synced' : 'mixed';
      expect(state, label).not.toBe('mixed');
      expect(equalMaps(await snapshotTree(backupDir), backup), `${label}: backup intact`).toBe(true);
      expect((await readdir(f.work)).sort(), label).toEqual(['target', path.basename(backupDir)].sort());
      states[n - 1] = state;
      await rm(f.root, { recursive: true, force: true });
    });
    const firstRestored = states.indexOf('restored');
    expect(firstRestored).toBeGreaterThan(0);
    expect(states.slice(firstRestored).every((s) => s === 'restored')).toBe(true);
  });
});

describe('rollback retried after a crash', () => {
  it('restores the backup it was restoring, never one sync further back, wherever the first try was killed', { timeout: 300_000 }, async () => {
    // Two in-place syncs: the second one's backup is the first one's result, which records the
    // first backup. Rolling back once must give the first result, even when the rollback is
    // killed and run again after recovery has finished it.
    const twiceSynced = async () => {
      const { f, after: first } = await synced();
      const { backupDir } = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: LATER, durable: false });
      return { f, first, backupDir };
    };
    const probe = await twiceSynced();
    const counting = faultyFs({}, noFlushFs);
    await rollback({ targetRoot: probe.f.target, fs: counting, concurrency: 1 });
    const steps = counting.calls.length;
    const outcomes: string[] = [];
    await mapLimit(range(1, steps), 4, async (n) => {
      const { f, first, backupDir } = await twiceSynced();
      const fs = faultyFs({ crashAt: n }, noFlushFs);
      let done = false;
      void rollback({ targetRoot: f.target, fs, concurrency: 1 }).then(() => (done = true));
      while (!fs.crashed && !done) await new Promise((resolve) => setTimeout(resolve, 1));
      await fs.idle();
      // The crashed call's lock names this (live) process: make it a dead one's, as after a real kill.
      const lock = path.join(f.work, '.target.carryover-lock');
      if ((await readdir(f.work)).includes(path.basename(lock))) await writeFile(lock, lockRecord(deadPid()));
      const label = `crash at step ${n} (${counting.calls[n - 1]?.op})`;
      const journaled = (await readdir(f.work)).includes('.target.carryover-journal.json');
      if (!journaled && equalMaps(await snapshotTree(f.target), first)) {
        // Killed after it had removed its journal: the rollback was complete, and a new one
        // would rightly undo the sync the restored Target records.
        outcomes[n - 1] = 'complete';
      } else {
        const retried = await rollback({ targetRoot: f.target, durable: false });
        expect(retried.backupDir, label).toBe(backupDir);
        expect(equalMaps(await snapshotTree(f.target), first), `${label}: the first sync's result`).toBe(true);
        outcomes[n - 1] = retried.entries === null ? 'finished by recovery' : 'restored again';
      }
      await rm(f.root, { recursive: true, force: true });
    });
    expect(outcomes).toContain('finished by recovery');
    expect(outcomes).toContain('restored again');
    // Only the steps after the journal's removal (making it durable, releasing the lock) leave
    // a complete rollback without a journal.
    const journalRemoved = counting.calls.map((c) => c.path.endsWith('.carryover-journal.json')).lastIndexOf(true);
    expect(outcomes.filter((o) => o === 'complete').length).toBe(steps - 1 - journalRemoved);
    expect(steps - 1 - journalRemoved).toBeLessThanOrEqual(3);
  });
});

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}
