import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BACKUP_MARKER } from '../../core/node/backupManifest.js';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { generateConfigurationPair } from '../../core/testing/generateConfiguration.js';
import { writeFailureStep } from './budget.js';
import { BIN, badErrorOutput, ensureCliBuilt, runInProcess, writeConfiguration } from './onDisk.js';

/**
 * Write failures (docs/cli.md, exit 5; docs/merge-behaviour.md, "Guarantees"): a full disk, a read-only
 * folder or a denied permission at any step of writing ends with exit 5, the Target exactly as it
 * was, and a message that names the backup when one was made. First every file-system call of the
 * CLI fails in turn (the CLI's file system, mocked), then a real full disk and a real read-only
 * mount (a tmpfs in a private mount namespace, where the machine allows one).
 */

/** Which call fails next, and with what; shared with the mocked file system. */
const fault = { failAt: 0, code: 'ENOSPC', calls: [] as { op: string; path: string }[] };

vi.mock('../../core/node/nodeFs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../core/node/nodeFs.js')>();
  const wrapped = Object.fromEntries(
    Object.entries(real.nodeFs).map(([op, fn]) => [
      op,
      async (...args: unknown[]) => {
        fault.calls.push({ op, path: String(args[0]) });
        if (fault.calls.length === fault.failAt) {
          throw Object.assign(new Error(`${fault.code}: injected, ${op} '${String(args[0])}'`), { code: fault.code, syscall: op, path: args[0] });
        }
        return (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      },
    ]),
  );
  return { ...real, nodeFs: wrapped };
});

let scratch: string;
beforeAll(async () => {
  ensureCliBuilt();
  scratch = await mkdtemp(path.join(tmpdir(), 'carryover-writefail-'));
}, 300_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** A Source, a pristine Target and a working copy of it (with a dot-entry), in a fresh folder. */
async function prepare(files: number): Promise<{ root: string; source: string; pristine: string; parent: string; target: string }> {
  const root = await mkdtemp(path.join(scratch, 'case-'));
  const pair = generateConfigurationPair({ seed: 11, files });
  const source = path.join(root, 'source');
  const pristine = path.join(root, 'pristine');
  await writeConfiguration(source, pair.source, pair.sourceMeta);
  await writeConfiguration(pristine, pair.target, pair.targetMeta);
  await cp(path.join(source, 'configuration.json'), path.join(pristine, '.notes.json'));
  const parent = path.join(root, 'work');
  return { root, source, pristine, parent, target: path.join(parent, 'target') };
}

describe('sync --in-place when a write fails', () => {
  it('exits 5 with the Target unchanged and names the backup, whichever file-system call fails', { timeout: 600_000 }, async () => {
    const c = await prepare(40);
    const args = ['sync', '--in-place', '--source', c.source, '--target', c.target, '--answer', 'keep'];
    // Count the calls of a run without failures.
    await cp(c.pristine, c.target, { recursive: true });
    fault.failAt = 0;
    fault.calls = [];
    const clean = await runInProcess(args);
    expect(clean.code, clean.stderr).toBe(0);
    const steps = fault.calls.length;
    const newTarget = await snapshotTree(c.target);
    newTarget.delete('.carryover/last-sync.json');
    newTarget.delete('.carryover/last-commit.json');
    newTarget.delete('.carryover/history.json');
    const old = await snapshotTree(c.pristine);
    const step = writeFailureStep();
    let checked = 0;
    const outcomes = { unchanged: 0, doneWithNote: 0, backupNamed: 0 };
    for (let n = 1; n <= steps; n += step) {
      for (const code of n % 3 === 0 ? ['EROFS'] : n % 3 === 1 ? ['ENOSPC'] : ['EACCES']) {
        await rm(c.parent, { recursive: true, force: true });
        await cp(c.pristine, c.target, { recursive: true });
        fault.failAt = n;
        fault.code = code;
        fault.calls = [];
        const run = await runInProcess(args);
        fault.failAt = 0;
        const what = `${code} at call ${n} of ${steps}`;
        expect(badErrorOutput(run.stderr), what).toBeNull();
        const after = await snapshotTree(c.target);
        const backups = (await readdir(c.parent)).filter((e) => e.startsWith('target.backup-'));
        if (run.code === 0) {
          // The failure came after the swap (cleaning up): the sync is done, a note says so.
          after.delete('.carryover/last-sync.json');
          after.delete('.carryover/last-commit.json');
          after.delete('.carryover/history.json');
          expect(after, what).toEqual(newTarget);
          outcomes.doneWithNote++;
        } else {
          expect(run.code, `${what}: ${run.stderr}`).toBe(5);
          expect(after, `${what}: the Target must be unchanged`).toEqual(old);
          expect(run.stderr, what).toContain(code);
          const named = /A backup of it is at (\S+?)\.(?:\s|$)/.exec(run.stderr);
          if (named) {
            expect(existsSync(path.join(named[1], BACKUP_MARKER)), `${what}: the backup named is complete`).toBe(true);
            const backup = await snapshotTree(named[1]);
            backup.delete(BACKUP_MARKER);
            expect(backup, what).toEqual(old);
            outcomes.backupNamed++;
          } else {
            // No complete backup was made, and none is claimed.
            for (const b of backups) expect(existsSync(path.join(c.parent, b, BACKUP_MARKER)), `${what}: ${b} is complete but not named:\n${run.stderr}\n${fault.calls.slice(-6).map((x) => `${x.op} ${x.path}`).join('\n')}`).toBe(false);
          }
          outcomes.unchanged++;
        }
        // What is left next to the Target is cleaned or reported by the next command.
        const next = await runInProcess(['analyze', '--source', c.source, '--target', c.target]);
        expect(next.code, `${what}, next command: ${next.stderr}`).toBe(0);
        const hidden = (await readdir(c.parent)).filter((e) => e.startsWith('.'));
        for (const leftover of hidden) expect(next.stderr, `${what}: ${leftover}`).toContain(leftover);
        checked++;
      }
    }
    console.log(`write failures: ${checked} injected failures of ${steps} calls: ${JSON.stringify(outcomes)}`);
    expect(outcomes.unchanged).toBeGreaterThan(0);
  });

  it('rollback: exits 5 with the Target and the backup unchanged, whichever file-system call fails', { timeout: 300_000 }, async () => {
    const c = await prepare(30);
    await cp(c.pristine, c.target, { recursive: true });
    fault.failAt = 0;
    expect((await runInProcess(['sync', '--in-place', '--source', c.source, '--target', c.target, '--answer', 'keep'])).code).toBe(0);
    const synced = path.join(c.root, 'synced');
    await cp(c.parent, synced, { recursive: true, verbatimSymlinks: true });
    fault.calls = [];
    expect((await runInProcess(['rollback', '--target', c.target])).code).toBe(0);
    const steps = fault.calls.length;
    const original = await snapshotTree(c.pristine);
    expect(await snapshotTree(c.target)).toEqual(original);
    for (let n = 1; n <= steps; n += Math.max(1, Math.floor(writeFailureStep() / 3))) {
      await rm(c.parent, { recursive: true, force: true });
      await cp(synced, c.parent, { recursive: true, verbatimSymlinks: true });
      const before = await snapshotTree(c.parent);
      fault.failAt = n;
      fault.code = n % 2 === 0 ? 'ENOSPC' : 'EIO';
      fault.calls = [];
      const run = await runInProcess(['rollback', '--target', c.target]);
      fault.failAt = 0;
      const what = `${fault.code} at call ${n} of ${steps}`;
      expect(badErrorOutput(run.stderr), what).toBeNull();
      if (run.code === 0) {
        expect(await snapshotTree(c.target), what).toEqual(original);
        continue;
      }
      expect(run.code, `${what}: ${run.stderr}`).toBe(5);
      expect(await snapshotTree(c.parent), `${what}: the Target and the backup must be unchanged`).toEqual(before);
    }
  });

  it('rollback --discard-changes: keeps the edited Target whichever file-system call fails', { timeout: 900_000 }, async () => {
    const c = await prepare(30);
    await cp(c.pristine, c.target, { recursive: true });
    fault.failAt = 0;
    expect((await runInProcess(['sync', '--in-place', '--source', c.source, '--target', c.target, '--answer', 'keep'])).code).toBe(0);
    await writeFile(path.join(c.target, 'configuration.json'), '{"format": "carryover/1", "name": "edited after the sync"}\n');
    const edited = await snapshotTree(c.target);
    const synced = path.join(c.root, 'edited');
    await cp(c.parent, synced, { recursive: true, verbatimSymlinks: true });
    fault.calls = [];
    expect((await runInProcess(['rollback', '--target', c.target, '--discard-changes'])).code).toBe(0);
    const steps = fault.calls.length;
    const original = await snapshotTree(c.pristine);
    let failed = 0;
    // At most about 80 failure points: each run copies the Target twice.
    for (let n = 1; n <= steps; n += Math.max(1, Math.floor(writeFailureStep() / 3), Math.ceil(steps / 80))) {
      await rm(c.parent, { recursive: true, force: true });
      await cp(synced, c.parent, { recursive: true, verbatimSymlinks: true });
      fault.failAt = n;
      fault.code = n % 2 === 0 ? 'ENOSPC' : 'EIO';
      fault.calls = [];
      const run = await runInProcess(['rollback', '--target', c.target, '--discard-changes']);
      fault.failAt = 0;
      const what = `${fault.code} at call ${n} of ${steps}`;
      expect(badErrorOutput(run.stderr), what).toBeNull();
      const backups = (await readdir(c.parent)).filter((e) => e.startsWith('target.backup-'));
      const keptEdit = await Promise.all(backups.map(async (b) => existsSync(path.join(c.parent, b, BACKUP_MARKER)) && (await snapshotTree(path.join(c.parent, b))).get('configuration.json') === edited.get('configuration.json')));
      if (run.code === 0) {
        expect(await snapshotTree(c.target), what).toEqual(original);
        expect(keptEdit.some(Boolean), `${what}: the edited Target must be kept as a complete backup`).toBe(true);
        continue;
      }
      failed++;
      expect(run.code, `${what}: ${run.stderr}`).toBe(5);
      expect(await snapshotTree(c.target), `${what}: the edited Target must be unchanged`).toEqual(edited);
      expect((await readdir(c.parent)).filter((e) => e.includes('carryover-tmp')), what).toEqual([]);
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('exits 5 and writes nothing into --out when a write fails', { timeout: 300_000 }, async () => {
    const c = await prepare(30);
    await cp(c.pristine, c.target, { recursive: true });
    const out = path.join(c.root, 'out');
    const args = ['sync', '--out', out, '--source', c.source, '--target', c.target, '--answer', 'keep'];
    fault.failAt = 0;
    fault.calls = [];
    expect((await runInProcess(args)).code).toBe(0);
    const steps = fault.calls.length;
    const old = await snapshotTree(c.target);
    for (let n = 1; n <= steps; n += Math.max(1, Math.floor(writeFailureStep() / 3))) {
      await rm(out, { recursive: true, force: true });
      fault.failAt = n;
      fault.code = n % 2 === 0 ? 'ENOSPC' : 'EROFS';
      fault.calls = [];
      const run = await runInProcess(args);
      fault.failAt = 0;
      const what = `${fault.code} at call ${n} of ${steps}: ${JSON.stringify(fault.calls.slice(Math.max(0, n - 3), n + 1))}`;
      expect(run.code, `${what}: ${run.stderr}`).toBe(5);
      expect(badErrorOutput(run.stderr), what).toBeNull();
      // A failure of the recovery check comes before anything is written, and says what it could not check.
      expect(run.stderr, what).toMatch(/the Target is unchanged|for an interrupted carryover operation/);
      expect(existsSync(out), `${what}: nothing in the place of --out`).toBe(false);
      expect(await snapshotTree(c.target), what).toEqual(old);
    }
  });
});

/** True when this machine lets us make a private mount namespace with a tmpfs (root on Linux). */
function canMount(): boolean {
  if (process.platform !== 'linux') return false;
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt 2>/dev/null || mount -t tmpfs -o size=64k tmpfs "$TMPDIR" && echo ok'], {
    encoding: 'utf8',
    env: { ...process.env, TMPDIR: scratch ?? tmpdir() },
  });
  return probe.status === 0 && probe.stdout.includes('ok');
}

/**
 * Runs a shell script in a private mount namespace (mounts vanish with it): `$ROOT` is the case
 * folder, `$CARRYOVER` the command. It prints `exit=<code>` of the command and `==stderr==`
 * followed by its standard error; `snap <dir>` prints a sorted listing with hashes.
 */
function inNamespace(script: string, root: string): { exit: number; stderr: string; output: string } {
  const prelude = `set -u
snap() { (cd "$1" && find . \\( -type f -o -type l \\) -print0 | sort -z | xargs -0 -r sha256sum; find . -type d | sort); }
CARRYOVER="${process.execPath} ${BIN}"
`;
  const result = spawnSync('unshare', ['--mount', '--propagation', 'private', 'bash', '-c', prelude + script], { encoding: 'utf8', env: { ...process.env, ROOT: root }, timeout: 240_000 });
  const output = result.stdout + result.stderr;
  const exit = Number(/exit=(\d+)/.exec(output)?.[1] ?? -1);
  const stderr = output.split('==stderr==')[1]?.split('==end==')[0] ?? '';
  return { exit, stderr, output };
}

describe('real full disks and read-only folders', () => {
  const mountable = canMount();
  const maybe = mountable ? it : it.skip;

  maybe('a full disk for the backup: exit 5, no backup, the Target unchanged', { timeout: 300_000 }, async () => {
    const c = await prepare(300);
    await cp(c.pristine, c.target, { recursive: true });
    const result = inNamespace(
      `mkdir -p "$ROOT/small" && mount -t tmpfs -o size=256k tmpfs "$ROOT/small"
before=$(snap "$ROOT/work/target")
$CARRYOVER sync --in-place --source "$ROOT/source" --target "$ROOT/work/target" --answer keep --backup "$ROOT/small/backup" 2>"$ROOT/err"; echo "exit=$?"
after=$(snap "$ROOT/work/target")
[ "$before" = "$after" ] && echo same-target
ls -A "$ROOT/small" | grep -v lost+found | sed 's/^/left:/'
ls -A "$ROOT/work" | sed 's/^/next-to-target:/'
echo ==stderr==; cat "$ROOT/err"; echo ==end==`,
      c.root,
    );
    expect(result.exit, result.output).toBe(5);
    expect(result.output).toContain('same-target');
    expect(result.stderr).toMatch(/no space left on device|ENOSPC/i);
    expect(result.stderr).toContain('No backup was made');
    expect(result.output).not.toContain('left:');
    expect(result.output.split('\n').filter((l) => l.startsWith('next-to-target:'))).toEqual(['next-to-target:target']);
    expect(badErrorOutput(result.stderr)).toBeNull();
  });

  maybe('a full disk after the backup: exit 5, the Target unchanged, the message names the complete backup', { timeout: 300_000 }, async () => {
    const c = await prepare(300);
    const result = inNamespace(
      `mkdir -p "$ROOT/disk" && mount -t tmpfs -o size=8m tmpfs "$ROOT/disk"
mkdir -p "$ROOT/disk/work" && cp -a "$ROOT/pristine" "$ROOT/disk/work/target"
# Fill the disk, then leave about 24 KB: enough for the lock and the journal, not for the new files.
dd if=/dev/zero of="$ROOT/disk/filler" bs=4k 2>/dev/null; truncate -s -24K "$ROOT/disk/filler"
before=$(snap "$ROOT/disk/work/target")
$CARRYOVER sync --in-place --source "$ROOT/source" --target "$ROOT/disk/work/target" --answer keep --backup "$ROOT/backup" 2>"$ROOT/err"; echo "exit=$?"
after=$(snap "$ROOT/disk/work/target")
[ "$before" = "$after" ] && echo same-target
backup=$(snap "$ROOT/backup" | grep -v carryover-backup-complete)
[ "$before" = "$backup" ] && echo backup-is-old-target
[ -f "$ROOT/backup/.carryover-backup-complete" ] && echo backup-complete
ls -A "$ROOT/disk/work" | sed 's/^/next-to-target:/'
echo ==stderr==; cat "$ROOT/err"; echo ==end==`,
      c.root,
    );
    expect(result.exit, result.output).toBe(5);
    expect(result.output).toContain('same-target');
    expect(result.stderr).toMatch(/no space left on device|ENOSPC/i);
    expect(result.stderr).toContain(`A backup of it is at ${path.join(c.root, 'backup')}`);
    expect(result.output).toContain('backup-complete');
    expect(result.output).toContain('backup-is-old-target');
    expect(result.output.split('\n').filter((l) => l.startsWith('next-to-target:'))).toEqual(['next-to-target:target']);
    expect(badErrorOutput(result.stderr)).toBeNull();
  });

  maybe('a read-only file system: sync --in-place and sync --out exit 5 and change nothing', { timeout: 300_000 }, async () => {
    const c = await prepare(100);
    const result = inNamespace(
      `mkdir -p "$ROOT/ro" && mount -t tmpfs -o size=16m tmpfs "$ROOT/ro"
mkdir -p "$ROOT/ro/work" && cp -a "$ROOT/pristine" "$ROOT/ro/work/target" && mount -o remount,ro "$ROOT/ro"
before=$(snap "$ROOT/ro")
$CARRYOVER sync --in-place --source "$ROOT/source" --target "$ROOT/ro/work/target" --answer keep 2>"$ROOT/err1"; echo "exit=$?"
$CARRYOVER sync --out "$ROOT/ro/out" --source "$ROOT/source" --target "$ROOT/ro/work/target" --answer keep 2>"$ROOT/err2"; echo "out-exit=$?"
after=$(snap "$ROOT/ro")
[ "$before" = "$after" ] && echo unchanged
echo ==stderr==; cat "$ROOT/err1" "$ROOT/err2"; echo ==end==`,
      c.root,
    );
    expect(result.exit, result.output).toBe(5);
    expect(result.output).toContain('out-exit=5');
    expect(result.output).toContain('unchanged');
    expect(result.stderr).toMatch(/read-only file system|EROFS/i);
    expect(result.stderr).toContain('No backup was made');
    expect(result.stderr).toContain('Nothing was written there; the Target is unchanged');
    expect(badErrorOutput(result.stderr)).toBeNull();
  });
});
