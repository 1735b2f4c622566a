import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { describeError, errnoCode, type LockHolder, TargetLockedError } from './fsErrors.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { newOperationId, resolveTarget, targetPaths } from './targetPaths.js';

/** A held lock on a Target: `.<name>.carryover-lock` next to it, created with O_EXCL. */
export interface TargetLock {
  /** The resolved Target. */
  readonly target: string;
  /** The lock file. */
  readonly path: string;
  /** A note for the user when a stale lock was taken over, else `null`. */
  readonly note: string | null;
  /** True until {@link TargetLock.release} is called. */
  readonly held: boolean;
  /** Removes the lock file (only if it is still ours). */
  release(): Promise<void>;
}

/** What the lock file holds. */
interface LockRecord extends LockHolder {
  format: 'carryover-lock/1';
  /** Unique per acquisition, so a process never mistakes another's lock for its own. */
  token: string;
  /** Linux: the holder's start time in clock ticks since boot (/proc/<pid>/stat), to detect pid reuse. */
  processStart: string | null;
}

/** Tokens of the locks this process holds. */
const heldTokens = new Set<string>();

/** An empty or unreadable lock file older than this is a crash between creating and writing it. */
const TORN_LOCK_AGE_MS = 10_000;

function processStart(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22 (starttime); the command name (field 2) is parenthesized and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errnoCode(error) === 'EPERM';
  }
}

type Verdict = { kind: 'live'; why: string } | { kind: 'stale'; why: string };

function judge(record: LockRecord | null, ageMs: number): Verdict {
  if (record === null) {
    return ageMs > TORN_LOCK_AGE_MS
      ? { kind: 'stale', why: 'the lock file is empty or unreadable (a process stopped while creating it)' }
      : { kind: 'live', why: 'the lock file is being created' };
  }
  if (heldTokens.has(record.token)) return { kind: 'live', why: 'this process holds it' };
  if (record.hostname !== hostname()) {
    return { kind: 'live', why: `it was taken on another host (${record.hostname}), where it cannot be checked` };
  }
  if (record.pid === process.pid) return { kind: 'stale', why: 'that process is no longer running' };
  if (!isAlive(record.pid)) return { kind: 'stale', why: 'that process is no longer running' };
  const start = record.processStart === null ? null : processStart(record.pid);
  if (start !== null && start !== record.processStart) {
    return { kind: 'stale', why: 'that process is no longer running (its pid was reused)' };
  }
  return { kind: 'live', why: 'that process is still running' };
}

function parseRecord(text: string): LockRecord | null {
  try {
    const value = JSON.parse(text) as Partial<LockRecord> | null;
    if (
      value?.format === 'carryover-lock/1' &&
      typeof value.pid === 'number' &&
      typeof value.hostname === 'string' &&
      typeof value.token === 'string' &&
      typeof value.startedAt === 'string' &&
      typeof value.command === 'string'
    ) {
      return { processStart: null, ...value } as LockRecord;
    }
    return null;
  } catch {
    return null; // a torn lock file is judged by its age, see judge()
  }
}

function describeHolder(record: LockRecord | null): string {
  return record === null
    ? 'an unknown process'
    : `pid ${record.pid} on host ${record.hostname} (${record.command} since ${record.startedAt})`;
}

/**
 * Takes the lock on a Target, so that one carryover process at a time writes it. The lock is a
 * sibling file `.<name>.carryover-lock` (not inside the Target, which gets swapped) created with
 * O_EXCL, holding pid, host name, start time and command.
 *
 * A lock held by a live process (or one on another host, which cannot be checked) is refused with
 * a {@link TargetLockedError}. A stale lock (its process is gone on this host, or its pid was
 * reused) is taken over, and `note` says so. The takeover renames the stale file away first, so two
 * processes taking over the same stale lock cannot both win.
 */
export async function acquireTargetLock(
  targetRoot: string,
  options: { command: string; fs?: FsLike; now?: Date } = { command: 'sync' },
): Promise<TargetLock> {
  const fs = options.fs ?? nodeFs;
  const paths = targetPaths(await resolveTarget(fs, targetRoot));
  const notes: string[] = [];
  for (let attempt = 0; attempt < 5; attempt++) {
    const record: LockRecord = {
      format: 'carryover-lock/1',
      pid: process.pid,
      hostname: hostname(),
      startedAt: (options.now ?? new Date()).toISOString(),
      command: options.command,
      token: newOperationId(),
      processStart: processStart(process.pid),
    };
    // Registered before the file exists, so a concurrent acquirer in this process that reads the
    // new file never judges it stale (see judge: same pid, token not held).
    heldTokens.add(record.token);
    try {
      if (await createLockFile(fs, paths.lock, JSON.stringify(record, null, 2) + '\n', record.token)) {
        return makeLock(fs, paths.target, paths.lock, record.token, notes.length > 0 ? notes.join(' ') : null);
      }
    } catch (error) {
      heldTokens.delete(record.token);
      throw error;
    }
    heldTokens.delete(record.token);
    let text: string;
    let ageMs: number;
    try {
      text = (await fs.readFile(paths.lock)).toString('utf8');
      ageMs = Date.now() - ((await fs.lstat(paths.lock))?.mtimeMs ?? Date.now());
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue; // released meanwhile: try again
      throw error;
    }
    const holder = parseRecord(text);
    const verdict = judge(holder, ageMs);
    if (verdict.kind === 'live') {
      throw new TargetLockedError(
        `The Target ${paths.target} is locked by another carryover process, ${describeHolder(holder)}: ${verdict.why}. ` +
          `Wait for it to finish; if no such process is running, remove the lock file ${paths.lock}.`,
        paths.lock,
        holder,
      );
    }
    const aside = `${paths.lock}.stale-${newOperationId()}`;
    try {
      await fs.rename(paths.lock, aside);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') continue; // another process took it over first
      throw error;
    }
    const movedText = (await fs.readFile(aside)).toString('utf8');
    if (movedText !== text) {
      // Between reading and renaming, another process replaced the stale lock with its own live
      // one, and this rename moved it: put it back and let that process be.
      await fs.rename(aside, paths.lock);
      const other = parseRecord(movedText);
      throw new TargetLockedError(
        `The Target ${paths.target} is locked by another carryover process, ${describeHolder(other)}. ` +
          `Wait for it to finish; if no such process is running, remove the lock file ${paths.lock}.`,
        paths.lock,
        other,
      );
    }
    await fs.unlink(aside);
    notes.push(`Took over a stale lock on ${paths.target} left by ${describeHolder(holder)}: ${verdict.why}.`);
  }
  throw new TargetLockedError(
    `The Target ${paths.target} is locked: the lock file ${paths.lock} keeps changing; try again.`,
    paths.lock,
    null,
  );
}

/** Errors of `link` on a file system without hard links (FAT, some network shares). */
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EINVAL']);

/**
 * Creates the lock file holding `text`, or returns false when a lock file exists already. The
 * record is written whole to a temporary sibling (`.<name>.carryover-lock.new-<token>`) and then
 * hard-linked to the lock path, which fails atomically when the lock exists: so the lock file is
 * never seen empty or half written, even when the process is killed while creating it, and a
 * crash leaves at most the temporary file, which the next run's recovery removes. Where hard links
 * are not supported, the lock file is created with O_EXCL and written (a crash in between leaves
 * an empty lock file, judged stale after a few seconds: see judge()).
 */
async function createLockFile(fs: FsLike, lockPath: string, text: string, token: string): Promise<boolean> {
  const temp = `${lockPath}.new-${token}`;
  await fs.writeFile(temp, text, { exclusive: true, durable: true });
  try {
    await fs.link(temp, lockPath);
  } catch (error) {
    await fs.unlink(temp).catch(() => undefined);
    const code = errnoCode(error);
    // ENOENT: a recovery holding the lock removed our temporary file; the caller looks again.
    if (code === 'EEXIST' || code === 'ENOENT') return false;
    if (code !== undefined && NO_HARD_LINKS.has(code)) {
      try {
        await fs.writeFile(lockPath, text, { exclusive: true, durable: true });
        return true;
      } catch (fallbackError) {
        if (errnoCode(fallbackError) === 'EEXIST') return false;
        throw fallbackError;
      }
    }
    throw error;
  }
  // The lock is ours from the link on: a temporary file that cannot be removed is only a leftover,
  // which the next run's recovery removes (failing here would leave the lock held by nobody).
  await fs.unlink(temp).catch((error: unknown) => {
    if (errnoCode(error) === undefined) throw error;
  });
  return true;
}

function makeLock(fs: FsLike, target: string, lockPath: string, token: string, note: string | null): TargetLock {
  let held = true;
  return {
    target,
    path: lockPath,
    note,
    get held() {
      return held;
    },
    async release() {
      if (!held) return;
      held = false;
      heldTokens.delete(token);
      let text: string;
      try {
        text = (await fs.readFile(lockPath)).toString('utf8');
      } catch (error) {
        if (errnoCode(error) === 'ENOENT') return;
        throw error;
      }
      // Only remove the lock file if it is still ours (it could have been judged stale and taken over).
      if (parseRecord(text)?.token === token) await fs.unlink(lockPath);
    },
  };
}

/**
 * Releases a lock (nothing for `null`). When its file cannot be removed, the outcome of what ran
 * under it stands: `say` gets a note naming the file (the next command judges it stale).
 */
export async function releaseLock(lock: TargetLock | null | undefined, say: (note: string) => void): Promise<void> {
  await lock?.release().catch((error: unknown) => say(`Could not remove the lock file ${lock.path} (${describeError(error)}); remove it by hand.`));
}
