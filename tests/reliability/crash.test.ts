import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commitInPlace } from '../../core/node/commitInPlace.js';
import { acquireTargetLock } from '../../core/node/lock.js';
import { rollback } from '../../core/node/rollback.js';
import { faultyFs, type FaultyFs } from '../../core/node/testing/faultyFs.js';
import { deadPid, expectedSnapshot, lockRecord, makeSyncFixture, withoutLastSync, type SyncFixture } from '../../core/node/testing/syncFixture.js';
import { sha256, snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { generateConfigurationPair } from '../../core/testing/generateConfiguration.js';
import { crashFiles, crashRuns, reliabilitySeed } from './budget.js';
import { runCrashHarness } from './crashHarness.js';
import { BIN, REPO, badErrorOutput, ensureCliBuilt, runCli, runInProcess, writeConfiguration } from './onDisk.js';

/**
 * Crash safety of `sync --in-place` and `rollback` (docs/cli.md, "sync --in-place"): the harness
 * of crashHarness.ts (`CRASH_RUNS` kills; `npm run test:crash` runs hundreds), and the Target's
 * lock: a second sync is refused while one holds the Target, and a lock left by a killed run is
 * recognized as stale.
 */

beforeAll(() => {
  ensureCliBuilt();
}, 300_000);

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'carryover-lock-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('sync --in-place killed with SIGKILL', () => {
  const runs = crashRuns();
  const files = crashFiles();
  it(`leaves exactly the old or the new Target, a complete backup and a working rollback, over ${runs} kills of a ${files}-file Target`, { timeout: 120_000 + runs * 30_000 }, async () => {
    const figures = await runCrashHarness({ runs, files, seed: reliabilitySeed(), log: runs > 20 ? (line) => process.stdout.write(`${line}\n`) : undefined });
    const { violations, ...shown } = figures;
    console.log(`crash harness: ${JSON.stringify(shown)}`);
    expect(violations).toEqual([]);
    expect(figures.old + figures.new).toBe(runs);
    expect(figures.rollbacksVerified + figures.rollbackOld).toBe(figures.new);
  });
});

/** A generated Target big enough that a sync takes a while, and a Source, in a fresh folder. */
async function bigCase(files: number): Promise<{ source: string; target: string; parent: string }> {
  const root = await mkdtemp(path.join(scratch, 'case-'));
  const pair = generateConfigurationPair({ seed: 7, files });
  const source = path.join(root, 'source');
  const parent = path.join(root, 'work');
  const target = path.join(parent, 'target');
  await writeConfiguration(source, pair.source, pair.sourceMeta);
  await writeConfiguration(target, pair.target, pair.targetMeta);
  return { source, target, parent };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(file: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`${file} never appeared`);
    await sleep(2);
  }
}

describe('the Target lock', () => {
  it('refuses a second sync while another process holds the Target, with a clear message, and changes nothing', async () => {
    const { source, target, parent } = await bigCase(60);
    const lock = await acquireTargetLock(target, { command: 'sync' });
    try {
      const before = await snapshotTree(parent);
      const second = await runCli(['sync', '--in-place', '--source', source, '--target', target, '--answer', 'keep']);
      expect(second.code, second.stderr).toBe(5);
      expect(badErrorOutput(second.stderr)).toBeNull();
      expect(second.stderr).toContain(`The Target ${target} is locked by another carryover process, pid ${process.pid} on host ${hostname()}`);
      expect(second.stderr).toContain('that process is still running');
      expect(await snapshotTree(parent)).toEqual(before);
    } finally {
      await lock.release();
    }
  });

  it('refuses a second real sync while the first is stopped in the middle of writing, and the first then finishes', { timeout: 180_000 }, async () => {
    const { source, target, parent } = await bigCase(300);
    const args = ['sync', '--in-place', '--source', source, '--target', target, '--answer', 'keep'];
    const first = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (d: Buffer) => (firstErr += d.toString()));
    const firstDone = new Promise<number | null>((resolve) => first.on('close', (code) => resolve(code)));
    await waitFor(path.join(parent, '.target.carryover-journal.json'));
    first.kill('SIGSTOP');
    try {
      const second = await runCli(args);
      expect(second.code, second.stderr).toBe(5);
      expect(second.stderr).toMatch(/is locked by another carryover process, pid \d+ .*: that process is still running/);
      expect(badErrorOutput(second.stderr)).toBeNull();
    } finally {
      first.kill('SIGCONT');
    }
    expect(await firstDone, firstErr).toBe(0);
    expect((await readdir(parent)).filter((e) => e.startsWith('.'))).toEqual([]);
    expect(existsSync(path.join(target, '.carryover', 'last-sync.json'))).toBe(true);
  });

  it('recognizes the lock of a killed run as stale, says so, undoes the run and syncs', { timeout: 180_000 }, async () => {
    const { source, target, parent } = await bigCase(200);
    const args = ['sync', '--in-place', '--source', source, '--target', target, '--answer', 'keep'];
    const first = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: 'ignore' });
    const firstDone = new Promise<void>((resolve) => first.on('close', () => resolve()));
    // The journal is written after the lock: the lock file is complete by then.
    await waitFor(path.join(parent, '.target.carryover-journal.json'));
    first.kill('SIGKILL');
    await firstDone;
    expect(existsSync(path.join(parent, '.target.carryover-lock'))).toBe(true);
    const before = await snapshotTree(target);
    const next = await runCli(args);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/Took over a stale lock on .* left by pid \d+ .*: that process is no longer running/);
    expect(next.stderr).toMatch(/Undid the interrupted in-place sync|Finished the interrupted in-place sync/);
    expect(badErrorOutput(next.stderr)).toBeNull();
    expect((await readdir(parent)).filter((e) => e.startsWith('.'))).toEqual([]);
    expect(await snapshotTree(target)).not.toEqual(before);
  });

  it('refuses a torn (empty) lock file while it may still be being written, naming it, and takes it over once old', async () => {
    // A kill between creating the lock file and writing it leaves it empty: for ten seconds it may
    // be another process about to write it, then it is stale.
    const { source, target, parent } = await bigCase(40);
    const lockFile = path.join(parent, '.target.carryover-lock');
    await writeFile(lockFile, '');
    const args = ['sync', '--in-place', '--source', source, '--target', target, '--answer', 'keep'];
    const refused = await runCli(args);
    expect(refused.code, refused.stderr).toBe(5);
    expect(refused.stderr).toContain(`remove the lock file ${lockFile}`);
    expect(badErrorOutput(refused.stderr)).toBeNull();
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, aMinuteAgo, aMinuteAgo);
    const next = await runCli(args);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('the lock file is empty or unreadable');
    expect(existsSync(lockFile)).toBe(false);
  });

  it('takes over a lock file left by a process that no longer exists', async () => {
    const { source, target, parent } = await bigCase(40);
    const gone = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    const pid = gone.pid as number;
    await new Promise<void>((resolve) => gone.on('close', () => resolve()));
    await writeFile(
      path.join(parent, '.target.carryover-lock'),
      JSON.stringify({ format: 'carryover-lock/1', pid, hostname: hostname(), startedAt: '2024-05-01T10:00:00.000Z', command: 'sync', token: 'feedfacefeedface', processStart: null }),
    );
    const run = await runCli(['sync', '--in-place', '--source', source, '--target', target, '--answer', 'keep']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`Took over a stale lock on ${target} left by pid ${pid}`);
    expect(existsSync(path.join(parent, '.target.carryover-lock'))).toBe(false);
  });
});

describe('sync --out killed with SIGKILL', () => {
  it('never leaves a half-written output folder, and the next run cleans or reports the leftover', { timeout: 180_000 }, async () => {
    const { source, target, parent } = await bigCase(200);
    const out = path.join(parent, 'merged');
    const args = ['sync', '--out', out, '--source', source, '--target', target, '--answer', 'keep'];
    const t0 = Date.now();
    const reference = await runCli(args);
    const duration = Date.now() - t0;
    expect(reference.code, reference.stderr).toBe(0);
    const expected = await snapshotTree(out);
    for (let i = 0; i < 4; i++) {
      await rm(out, { recursive: true, force: true });
      const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: 'ignore' });
      const done = new Promise<void>((resolve) => child.on('close', () => resolve()));
      await sleep(((i + 1) / 5) * duration);
      child.kill('SIGKILL');
      await done;
      // The output folder is complete or absent, never partial.
      if (existsSync(out)) expect(await snapshotTree(out)).toEqual(expected);
      await rm(out, { recursive: true, force: true });
      const next = await runCli(args);
      expect(next.code, next.stderr).toBe(0);
      const leftovers = (await readdir(parent)).filter((e) => e.startsWith('.merged.carryover-tmp-'));
      for (const leftover of leftovers) expect(next.stderr, `${leftover} is neither removed nor reported`).toContain(leftover);
    }
  });
});

/**
 * Runs `operation` on a fault-injecting file system that "dies" (every call from then on hangs,
 * as under SIGKILL) right after the call that renames the Target away: between the two renames of
 * the swap, when the Target folder does not exist. A rehearsal on another copy counts the calls.
 */
async function crashBetweenRenames(operation: (fixture: SyncFixture, fs: FaultyFs) => Promise<unknown>): Promise<SyncFixture> {
  const rehearsal = await makeSyncFixture();
  const counting = faultyFs();
  await operation(rehearsal, counting);
  const index = counting.calls.findIndex((call) => call.op === 'rename' && call.path === rehearsal.target);
  await rm(rehearsal.root, { recursive: true, force: true });
  expect(index).toBeGreaterThan(0);
  const fixture = await makeSyncFixture();
  const fs = faultyFs({ crashAt: index + 2 });
  void operation(fixture, fs);
  while (!fs.crashed) await sleep(1);
  await fs.idle();
  // The process is dead: its lock is stale.
  await writeFile(path.join(fixture.work, '.target.carryover-lock'), lockRecord(deadPid()));
  return fixture;
}

describe('the next command after a crash between the two renames of the swap', () => {
  it('finishes an interrupted sync although the Target folder is missing at that moment', async () => {
    let expected = new Map<string, string>();
    const f = await crashBetweenRenames(async (fixture, fs) => {
      expected = await expectedSnapshot(fixture, await snapshotTree(fixture.target));
      return commitInPlace({ plan: fixture.plan, sourceRoot: fixture.source, targetRoot: fixture.target, fs, concurrency: 1 });
    });
    try {
      expect(existsSync(f.target), 'the crash left no Target folder').toBe(false);
      const next = await runInProcess(['analyze', '--source', f.source, '--target', f.target]);
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toContain('Finished the interrupted in-place sync');
      expect(withoutLastSync(await snapshotTree(f.target))).toEqual(expected);
    } finally {
      await rm(f.root, { recursive: true, force: true });
    }
  });

  it('finishes an interrupted rollback although the Target folder is missing at that moment', async () => {
    let original = new Map<string, string>();
    const f = await crashBetweenRenames(async (fixture, fs) => {
      original = await snapshotTree(fixture.target);
      if (fs.calls.length === 0 && !fs.crashed) await commitInPlace({ plan: fixture.plan, sourceRoot: fixture.source, targetRoot: fixture.target, concurrency: 1 });
      return rollback({ targetRoot: fixture.target, fs, concurrency: 1 });
    });
    try {
      expect(existsSync(f.target), 'the crash left no Target folder').toBe(false);
      const next = await runInProcess(['rollback', '--target', f.target]);
      // The interrupted rollback is finished first; the Target it restored has no sync to roll
      // back, which this rollback then says (exit 2).
      expect(next.stderr).toContain('Finished the interrupted rollback');
      expect(badErrorOutput(next.stderr)).toBeNull();
      expect(await snapshotTree(f.target)).toEqual(original);
    } finally {
      await rm(f.root, { recursive: true, force: true });
    }
  });
});


describe('rollback --discard-changes killed at any step', () => {
  it('never loses the work done after the sync: it stays in the Target or in a complete backup', { timeout: 300_000 }, async () => {
    const prepareEdited = async (): Promise<{ f: SyncFixture; edit: string }> => {
      const f = await makeSyncFixture();
      await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, concurrency: 1 });
      const edit = '{"format": "carryover/1", "name": "edited after the sync"}\n';
      await writeFile(path.join(f.target, 'configuration.json'), edit);
      return { f, edit };
    };
    const rehearsal = await prepareEdited();
    const counting = faultyFs();
    await rollback({ targetRoot: rehearsal.f.target, fs: counting, concurrency: 1, discardChanges: true });
    const steps = counting.calls.length;
    await rm(rehearsal.f.root, { recursive: true, force: true });
    let checked = 0;
    for (let crashAt = 1; crashAt <= steps; crashAt += Math.max(1, Math.floor(steps / 12))) {
      const { f, edit } = await prepareEdited();
      try {
        const fs = faultyFs({ crashAt });
        void rollback({ targetRoot: f.target, fs, concurrency: 1, discardChanges: true });
        while (!fs.crashed) await sleep(1);
        await fs.idle();
        await writeFile(path.join(f.work, '.target.carryover-lock'), lockRecord(deadPid()));
        const next = await runInProcess(['rollback', '--target', f.target, '--list']);
        expect(next.code, `crash at ${crashAt} of ${steps}: ${next.stderr}`).toBe(0);
        const holders = [f.target, ...(await readdir(f.work)).filter((e) => e.startsWith('target.backup-')).map((e) => path.join(f.work, e))];
        const withEdit = await Promise.all(
          holders.map(async (dir) => (dir === f.target || existsSync(path.join(dir, '.carryover-backup-complete'))) && (await snapshotTree(dir)).get('configuration.json') === sha256(edit)),
        );
        expect(withEdit.some(Boolean), `crash at ${crashAt} of ${steps}: the edit is nowhere`).toBe(true);
        checked++;
      } finally {
        await rm(f.root, { recursive: true, force: true });
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});
