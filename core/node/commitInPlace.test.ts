import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_MARKER } from './backupManifest.js';
import { backupStamp, commitInPlace, type CommitResult, type LastSync } from './commitInPlace.js';
import { isCarryoverFsError, TargetLockedError, WriteError, WriteUsageError } from './fsErrors.js';
import { acquireTargetLock } from './lock.js';
import { mapLimit } from './mapLimit.js';
import { recoverInterruptedSync } from './recoverInterruptedSync.js';
import { faultyFs, noFlushFs } from './testing/faultyFs.js';
import { snapshotTree } from './testing/snapshotTree.js';
import {
  deadPid,
  expectedSnapshot,
  LAST_SYNC,
  lockRecord,
  makeSyncFixture,
  withoutLastSync,
  type SyncFixture,
} from './testing/syncFixture.js';

const NOW = new Date('2025-03-04T05:06:07.890Z');
const STAMP = '20250304T050607Z';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function fixture(): Promise<SyncFixture> {
  const f = await makeSyncFixture();
  roots.push(f.root);
  return f;
}

/** The backup snapshot without its completion marker (what the old Target was). */
function withoutMarker(snapshot: Map<string, string>): Map<string, string> {
  const copy = new Map(snapshot);
  copy.delete(BACKUP_MARKER);
  return copy;
}

const lockPath = (f: SyncFixture): string => path.join(f.work, '.target.carryover-lock');
const journalPath = (f: SyncFixture): string => path.join(f.work, '.target.carryover-journal.json');

describe('backupStamp', () => {
  it('formats the time as YYYYMMDDTHHMMSSZ in UTC', () => {
    expect(backupStamp(NOW)).toBe(STAMP);
    expect(backupStamp(new Date('1999-12-31T23:59:59.999+01:00'))).toBe('19991231T225959Z');
  });
});

describe('commitInPlace', () => {
  it('replaces the Target with the plan plus its dot-entries and keeps a byte-identical backup', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const expected = await expectedSnapshot(f, old);

    const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });

    const backupDir = path.join(f.work, `target.backup-${STAMP}`);
    expect(result.backupDir).toBe(backupDir);
    expect(result.files).toBe(f.plan.size);
    expect(result.recovery).toEqual({ kind: 'clean', notes: [] });
    const after = await snapshotTree(f.target);
    expect(withoutLastSync(after)).toEqual(expected);
    expect(after.has(LAST_SYNC)).toBe(true);
    const backup = await snapshotTree(backupDir);
    expect(withoutMarker(backup)).toEqual(old);
    expect(backup.has(BACKUP_MARKER)).toBe(true);
    // Nothing else is left next to the Target: no lock, journal or hidden folder.
    expect((await readdir(f.work)).sort()).toEqual(['target', `target.backup-${STAMP}`]);
  });

  it('reports its progress: every file of the backup, then every file of the new Target', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const reports: string[] = [];
    await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW, onProgress: (phase, done, total) => reports.push(`${phase} ${done}/${total}`) });
    const phase = (name: string, total: number): string[] => Array.from({ length: total + 1 }, (_, i) => `${name} ${i}/${total}`);
    // The backup copies every file and link of the old Target, dot-entries included.
    const copied = [...old.values()].filter((v) => v !== 'dir').length;
    expect(reports).toEqual([...phase('backup', copied), ...phase('writing', f.plan.size)]);
  });

  it('records the backup, the time and the Source in the new Target for rollback', async () => {
    const f = await fixture();
    await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    const record = JSON.parse(await readFile(path.join(f.target, LAST_SYNC), 'utf8')) as LastSync;
    expect(record).toEqual({
      format: 'carryover-last-sync/1',
      time: NOW.toISOString(),
      backup: path.join(f.work, `target.backup-${STAMP}`),
      backupRelative: `../target.backup-${STAMP}`,
      source: f.source,
      fingerprint: record.fingerprint,
    });
    // The Target as the sync left it, by content, without carryover's own records.
    expect(record.fingerprint?.['site/forms/Customers.json']).toMatch(/^f:\d+:[0-9a-f]{64}$/);
    expect(record.fingerprint?.['.git/objects/head-link']).toBe('l:../HEAD');
    expect(Object.keys(record.fingerprint ?? {}).some((p) => p.startsWith('.carryover'))).toBe(false);
    const history = JSON.parse(await readFile(path.join(f.target, '.carryover', 'history.json'), 'utf8')) as unknown;
    expect(history).toEqual({
      format: 'carryover-history/1',
      syncs: [{ time: NOW.toISOString(), source: f.source, backup: record.backup, backupRelative: record.backupRelative }],
    });
  });

  it('adds -2, -3 to the default backup name when it is taken', async () => {
    const f = await fixture();
    await mkdir(path.join(f.work, `target.backup-${STAMP}`));
    const second = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    const third = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    expect(second.backupDir).toBe(path.join(f.work, `target.backup-${STAMP}-2`));
    expect(third.backupDir).toBe(path.join(f.work, `target.backup-${STAMP}-3`));
  });

  it('writes the same bytes when run again on the result (and backs up the first result)', async () => {
    const f = await fixture();
    const first = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    const afterFirst = await snapshotTree(f.target);
    const second = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    expect(withoutLastSync(await snapshotTree(f.target))).toEqual(withoutLastSync(afterFirst));
    expect(withoutMarker(await snapshotTree(second.backupDir))).toEqual(afterFirst);
    expect(second.backupDir).not.toBe(first.backupDir);
  });

  it('uses an explicit --backup folder and creates its missing parents', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const backupDir = path.join(f.root, 'backups', 'before-11');
    const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, backupDir, now: NOW });
    expect(result.backupDir).toBe(backupDir);
    expect(withoutMarker(await snapshotTree(backupDir))).toEqual(old);
    expect(await readdir(path.join(f.root, 'backups'))).toEqual(['before-11']);
  });

  it('refuses an explicit --backup folder that exists (exit 2) and leaves the Target as it was', async () => {
    const f = await fixture();
    const old = await snapshotTree(f.target);
    const backupDir = path.join(f.root, 'taken');
    await mkdir(backupDir);
    const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, backupDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriteUsageError);
    expect(error).toMatchObject({ code: 'backup-exists', exitCode: 2 });
    expect(await snapshotTree(f.target)).toEqual(old);
    expect(await readdir(f.work)).toEqual(['target']);
  });

  it('refuses a --backup folder inside the Target or the Source (exit 2)', async () => {
    const f = await fixture();
    for (const backupDir of [path.join(f.target, 'backup'), path.join(f.source, 'backup')]) {
      const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, backupDir }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'inside-input', exitCode: 2 });
    }
  });

  it('refuses a Target that does not exist (exit 2)', async () => {
    const f = await fixture();
    const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: path.join(f.work, 'nope') }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'target-missing', exitCode: 2 });
  });

  it('swaps the real folder when the Target is given through a symbolic link', async () => {
    const f = await fixture();
    const link = path.join(f.root, 'link-to-target');
    await symlink(f.target, link);
    const old = await snapshotTree(f.target);
    const expected = await expectedSnapshot(f, old);
    const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: link, now: NOW });
    expect(result.target).toBe(f.target);
    expect(withoutLastSync(await snapshotTree(link))).toEqual(expected);
  });

  it('writes 1,000 new files with bounded concurrency', async () => {
    const f = await fixture();
    const plan = new Map(f.plan);
    for (let i = 0; i < 1000; i++) {
      plan.set(`users/U${i % 40}/forms/Form${i}.json`, { kind: 'write', doc: { name: `Form${i}`, attributes: { i } } });
    }
    const result = await commitInPlace({ plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    expect(result.files).toBe(plan.size);
    const after = await snapshotTree(f.target);
    expect([...after.keys()].filter((p) => /^users\/U\d+\/forms\/Form\d+\.json$/.test(p))).toHaveLength(1000);
  });
});

describe('commitInPlace locking', () => {
  it('refuses a Target whose lock a live process holds, and leaves Target and lock alone', async () => {
    const f = await fixture();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const record = lockRecord(sleeper.pid ?? 0);
      await writeFile(lockPath(f), record);
      const old = await snapshotTree(f.target);
      const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TargetLockedError);
      expect(error).toMatchObject({ code: 'target-locked', exitCode: 5, holder: { pid: sleeper.pid } });
      expect((error as Error).message).toContain(`pid ${sleeper.pid}`);
      expect((error as Error).message).toContain(lockPath(f));
      expect(await snapshotTree(f.target)).toEqual(old);
      expect(await readFile(lockPath(f), 'utf8')).toBe(record);
    } finally {
      sleeper.kill();
    }
  });

  it('refuses a second sync of the same Target while the first one runs', async () => {
    const f = await fixture();
    const results = await Promise.allSettled([
      commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW }),
      commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW }),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(TargetLockedError);
  });

  it('takes over a stale lock whose process is gone, with a note', async () => {
    const f = await fixture();
    const pid = deadPid();
    await writeFile(lockPath(f), lockRecord(pid));
    const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    expect(result.notes.join(' ')).toContain(`Took over a stale lock on ${f.target} left by pid ${pid}`);
    expect((await readdir(f.work)).sort()).toEqual(['target', `target.backup-${STAMP}`]);
  });

  it.runIf(process.platform === 'linux')('takes over a lock whose pid now belongs to another process (Linux only: reads /proc)', async () => {
    const f = await fixture();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      await writeFile(lockPath(f), lockRecord(sleeper.pid ?? 0, { processStart: '1' }));
      const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
      expect(result.notes.join(' ')).toContain('pid was reused');
    } finally {
      sleeper.kill();
    }
  });

  it('refuses a lock taken on another host, which cannot be checked', async () => {
    const f = await fixture();
    await writeFile(lockPath(f), lockRecord(deadPid(), { host: 'elsewhere.example' }));
    const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetLockedError);
    expect((error as Error).message).toContain('another host (elsewhere.example)');
  });

  it('refuses an empty lock file being created, and takes over one left empty long ago', async () => {
    const f = await fixture();
    await writeFile(lockPath(f), '');
    const error = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetLockedError);
    const past = new Date(Date.now() - 60_000);
    await utimes(lockPath(f), past, past);
    const result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW });
    expect(result.notes.join(' ')).toContain('empty or unreadable');
  });

  it('uses a lock the caller took before reading the Target, and leaves it held', async () => {
    const f = await fixture();
    const lock = await acquireTargetLock(f.target, { command: 'sync' });
    await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW, lock });
    expect(lock.held).toBe(true);
    expect(await readdir(f.work)).toContain('.target.carryover-lock');
    await lock.release();
    expect(await readdir(f.work)).not.toContain('.target.carryover-lock');
  });
});

/** The integers from `first` to `last`, both included. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Classifies a Target snapshot as the old one, the new one, or neither. */
function classify(snapshot: Map<string, string>, old: Map<string, string>, expectedNew: Map<string, string>): 'old' | 'new' | 'mixed' {
  if (equalMaps(snapshot, old)) return 'old';
  if (snapshot.has(LAST_SYNC) && equalMaps(withoutLastSync(snapshot), expectedNew)) return 'new';
  return 'mixed';
}

function equalMaps(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Checks what is next to the Target: only the Target and complete backups equal to the old Target. */
async function expectOnlyTargetAndBackups(f: SyncFixture, old: Map<string, string>, label: string): Promise<string[]> {
  const names = (await readdir(f.work)).sort();
  const backups = names.filter((n) => n.startsWith('target.backup-'));
  expect(names.filter((n) => n !== 'target' && !backups.includes(n)), label).toEqual([]);
  for (const backup of backups) {
    const snapshot = await snapshotTree(path.join(f.work, backup));
    expect(snapshot.has(BACKUP_MARKER), `${label}: ${backup} has its marker`).toBe(true);
    expect(equalMaps(withoutMarker(snapshot), old), `${label}: ${backup} equals the old Target`).toBe(true);
  }
  return backups;
}

describe('commitInPlace under failures', () => {
  it('leaves the Target unchanged and names the backup when any step fails with ENOSPC', { timeout: 300_000 }, async () => {
    const probe = await fixture();
    const counting = faultyFs({}, noFlushFs);
    await commitInPlace({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, now: NOW, fs: counting, concurrency: 1 });
    const steps = counting.calls.length;
    expect(steps).toBeGreaterThan(50);

    let failures = 0;
    await mapLimit(range(1, steps), 4, async (n) => {
      const f = await makeSyncFixture();
      const old = await snapshotTree(f.target);
      const expectedNew = await expectedSnapshot(f, old);
      const fs = faultyFs({ failAt: n, failCode: 'ENOSPC' }, noFlushFs);
      const label = `step ${n} (${counting.calls[n - 1]?.op} ${counting.calls[n - 1]?.path})`;
      let result: CommitResult | undefined;
      let error: unknown;
      try {
        result = await commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW, fs, concurrency: 1 });
      } catch (e) {
        error = e;
      }
      const state = classify(await snapshotTree(f.target), old, expectedNew);
      if (result !== undefined) {
        expect(state, label).toBe('new');
      } else {
        failures++;
        expect(isCarryoverFsError(error), `${label}: ${String(error)}`).toBe(true);
        expect(error, label).toBeInstanceOf(WriteError);
        const writeError = error as WriteError;
        expect(writeError.exitCode, label).toBe(5);
        expect(writeError.targetUnchanged, label).toBe(true);
        expect(writeError.message, label).toMatch(/The Target is (unchanged|restored)/);
        expect(writeError.message, label).toContain('ENOSPC');
        if (writeError.backupDir !== null) expect(writeError.message, label).toContain(writeError.backupDir);
        else expect(writeError.message, label).toContain('No backup was made');
        expect(state, label).toBe('old');
        // The next command's recovery leaves nothing behind but the Target and complete backups.
        await recoverInterruptedSync(f.target);
        expect(classify(await snapshotTree(f.target), old, expectedNew), label).toBe('old');
        const backups = await expectOnlyTargetAndBackups(f, old, label);
        if (writeError.backupDir !== null) expect(backups, label).toContain(path.basename(writeError.backupDir));
      }
      await rm(f.root, { recursive: true, force: true });
    });
    expect(failures).toBeGreaterThan(steps / 2);
  });

  it('names the error of a read-only file system or a denied permission', async () => {
    for (const failCode of ['EROFS', 'EACCES', 'EIO']) {
      const f = await fixture();
      const error = await commitInPlace({
        plan: f.plan,
        sourceRoot: f.source,
        targetRoot: f.target,
        fs: faultyFs({ failAt: 8, failCode }, noFlushFs),
        concurrency: 1,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteError);
      expect((error as Error).message).toContain(failCode);
    }
  });

  it('leaves exactly the old or the new Target when killed at any step, once recovered', { timeout: 300_000 }, async () => {
    const probe = await fixture();
    const counting = faultyFs({}, noFlushFs);
    await commitInPlace({ plan: probe.plan, sourceRoot: probe.source, targetRoot: probe.target, now: NOW, fs: counting, concurrency: 1 });
    const steps = counting.calls.length;

    const states: string[] = [];
    await mapLimit(range(1, steps + 1), 4, async (n) => {
      const f = await makeSyncFixture();
      const old = await snapshotTree(f.target);
      const expectedNew = await expectedSnapshot(f, old);
      const fs = faultyFs({ crashAt: n }, noFlushFs);
      const label = `crash at step ${n} (${counting.calls[n - 1]?.op ?? 'none'} ${counting.calls[n - 1]?.path ?? ''})`;
      const run = commitInPlace({ plan: f.plan, sourceRoot: f.source, targetRoot: f.target, now: NOW, fs, concurrency: 1 });
      let finished = false;
      run.then(
        () => (finished = true),
        (e: unknown) => {
          throw new Error(`${label}: a crashed run must not settle: ${String(e)}`);
        },
      );
      // Let the "process" run until it is frozen (or done, for the step after the last).
      while (!fs.crashed && !finished) await new Promise((resolve) => setTimeout(resolve, 1));
      await fs.idle();
      // The process is dead: its lock is stale.
      if (fs.crashed) {
        const lock = lockPath(f);
        if ((await readdir(f.work)).includes(path.basename(lock))) await writeFile(lock, lockRecord(deadPid()));
      }
      const recovery = await recoverInterruptedSync(f.target);
      const state = classify(await snapshotTree(f.target), old, expectedNew);
      expect(state, `${label}: ${JSON.stringify(recovery)}`).not.toBe('mixed');
      await expectOnlyTargetAndBackups(f, old, label);
      expect(await readdir(f.work), label).not.toContain(path.basename(journalPath(f)));
      states[n - 1] = state;
      await rm(f.root, { recursive: true, force: true });
    });
    // Undone before the commit point, finished after it: once new, always new.
    const firstNew = states.indexOf('new');
    expect(firstNew).toBeGreaterThan(0);
    expect(states.slice(firstNew).every((s) => s === 'new')).toBe(true);
    expect(states.slice(0, firstNew).every((s) => s === 'old')).toBe(true);
  });
});

/**
 * Transpiles the modules `entries` import (transitively, relative imports only) into `outRoot`,
 * mirroring `core/`, so a child Node.js process can run them.
 */
async function transpileClosure(entries: string[], outRoot: string): Promise<void> {
  const coreRoot = fileURLToPath(new URL('..', import.meta.url));
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = await readFile(file, 'utf8');
    const output = ts.transpileModule(text, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: file,
    });
    const destination = path.join(outRoot, path.relative(coreRoot, file)).replace(/\.ts$/, '.js');
    await mkdir(path.dirname(destination), { recursive: true });
    await writeFile(destination, output.outputText);
    for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)\.js'/g)) queue.push(path.resolve(path.dirname(file), `${match[1]}.ts`));
  }
  await writeFile(path.join(outRoot, 'package.json'), '{"type": "module"}\n');
}

describe('commitInPlace killed for real', () => {
  it('leaves exactly the old or the new Target after a SIGKILL at any moment, once recovered', { timeout: 300_000 }, async () => {
    const compiled = await mkdtemp(path.join(tmpdir(), 'carryover-compiled-'));
    roots.push(compiled);
    await transpileClosure([fileURLToPath(new URL('./commitInPlace.ts', import.meta.url))], compiled);
    const child = path.join(compiled, 'child.mjs');
    await writeFile(
      child,
      [
        "import { readFileSync } from 'node:fs';",
        "import { commitInPlace } from './node/commitInPlace.js';",
        "const args = JSON.parse(readFileSync(process.argv[2], 'utf8'));",
        "await commitInPlace({ plan: new Map(args.plan), sourceRoot: args.source, targetRoot: args.target, now: new Date(args.now) });",
        "process.stdout.write('done');",
      ].join('\n'),
    );

    /** A bigger fixture, so that a kill lands in every phase. */
    const bigFixture = async (): Promise<SyncFixture & { argsFile: string }> => {
      const f = await fixture();
      for (let i = 0; i < 300; i++) {
        await mkdir(path.join(f.target, 'users', `U${i % 10}`, 'forms'), { recursive: true });
        await writeFile(path.join(f.target, 'users', `U${i % 10}`, 'forms', `F${i}.json`), `{"name": "F${i}"}\n`);
        f.plan.set(`users/U${i % 10}/forms/F${i}.json`, i % 2 === 0 ? { kind: 'target' } : { kind: 'write', doc: { name: `F${i}`, attributes: { i } } });
      }
      const argsFile = path.join(f.root, 'args.json');
      await writeFile(argsFile, JSON.stringify({ plan: [...f.plan], source: f.source, target: f.target, now: NOW.toISOString() }));
      return { ...f, argsFile };
    };
    const run = (argsFile: string, killAfterMs: number | null): Promise<{ done: boolean; ms: number }> =>
      new Promise((resolve, reject) => {
        const started = performance.now();
        const processHandle = spawn(process.execPath, [child, argsFile], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        processHandle.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
        processHandle.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        const timer = killAfterMs === null ? null : setTimeout(() => processHandle.kill('SIGKILL'), killAfterMs);
        processHandle.on('error', reject);
        processHandle.on('exit', (code, signal) => {
          if (timer) clearTimeout(timer);
          if (signal === null && code !== 0) reject(new Error(`child failed (${code}): ${err}`));
          else resolve({ done: out === 'done', ms: performance.now() - started });
        });
      });

    const probe = await bigFixture();
    const full = await run(probe.argsFile, null);
    expect(full.done).toBe(true);

    const outcomes: string[] = [];
    for (let i = 0; i <= 12; i++) {
      const f = await bigFixture();
      const old = await snapshotTree(f.target);
      const expectedNew = await expectedSnapshot(f, old);
      const killAfter = Math.round(full.ms * (0.2 + i * 0.08));
      const { done } = await run(f.argsFile, killAfter);
      await recoverInterruptedSync(f.target);
      const state = classify(await snapshotTree(f.target), old, expectedNew);
      expect(state, `killed after ${killAfter} ms (${done ? 'had finished' : 'killed'})`).not.toBe('mixed');
      await expectOnlyTargetAndBackups(f, old, `killed after ${killAfter} ms`);
      outcomes.push(`${killAfter}ms:${done ? 'finished' : 'killed'}:${state}`);
      await rm(f.root, { recursive: true, force: true });
    }
    expect(outcomes.some((o) => o.endsWith('killed:old'))).toBe(true);
  });
});
