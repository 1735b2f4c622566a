import * as path from 'node:path';
import { assertNever } from '../model.js';
import { BACKUP_MARKER } from './backupManifest.js';
import { CarryoverFsError, describeError, errnoCode, RecoveryError, TargetLockedError, WriteUsageError } from './fsErrors.js';
import { advanceJournal, readJournal, removeJournal, type Journal, type JournalPhase } from './journal.js';
import { acquireTargetLock, type TargetLock } from './lock.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { classifySibling, resolveTarget, targetPaths, type TargetPaths } from './targetPaths.js';

/** What {@link recoverInterruptedSync} did. */
export type RecoveryResult =
  /** No interrupted operation (leftovers, if any, were cleaned or are reported in `notes`). */
  | { kind: 'clean'; notes: string[] }
  /**
   * An interrupted sync or rollback was undone (`undone`: the Target is the old one) or finished
   * (`completed`: the Target is the new one).
   */
  | {
      kind: 'undone' | 'completed';
      operation: Journal['operation'];
      /** The journal phase it was interrupted in. */
      phase: JournalPhase;
      /** What happened, as a sentence for the user (also the first of `notes`). */
      message: string;
      /** Hidden folders and files removed. */
      removed: string[];
      /** A complete backup that was kept (an undone sync's backup of the unchanged Target), or `null`. */
      keptBackup: string | null;
      /** The journal's backup: the one a sync was making, or the one a rollback was restoring. */
      backup: string | null;
      notes: string[];
    };

/**
 * Finishes or undoes an interrupted in-place sync or rollback of a Target, and cleans up what an
 * interrupted one left next to it. Every carryover command calls it first on a Target.
 *
 * Read-only when there is nothing to do (no journal, no leftovers, no lock file): then it takes no
 * lock and writes nothing. Otherwise it takes the Target's lock (a stale one is taken over, with a
 * note; a {@link TargetLockedError} when another live process holds it and a journal exists: that
 * process is mid-operation) and acts on the journal phase: `building` is undone (the Target was
 * never touched), `swapping` and `cleanup` are finished. A journal it cannot act on safely, or a
 * file-system error, is a {@link RecoveryError} (exit 5).
 */
export async function recoverInterruptedSync(targetRoot: string, options: { fs?: FsLike } = {}): Promise<RecoveryResult> {
  try {
    return await recoverUnchecked(targetRoot, options.fs ?? nodeFs);
  } catch (error) {
    if (error instanceof CarryoverFsError || errnoCode(error) === undefined) throw error;
    const journal = targetPaths(path.resolve(targetRoot)).journal;
    throw new RecoveryError(
      `Could not check ${targetRoot} for an interrupted carryover operation: ${describeError(error)}.`,
      journal,
      error,
    );
  }
}

async function recoverUnchecked(targetRoot: string, fs: FsLike): Promise<RecoveryResult> {
  let target: string;
  try {
    target = await resolveTarget(fs, targetRoot);
  } catch (error) {
    // No parent folder: there is no Target, hence nothing interrupted on it.
    if (error instanceof WriteUsageError) return { kind: 'clean', notes: [] };
    throw error;
  }
  const paths = targetPaths(target);
  const journal = await readJournal(fs, paths);
  if (journal === null && (await findLeftovers(fs, paths)).length === 0 && (await fs.lstat(paths.lock)) === null) {
    return { kind: 'clean', notes: [] };
  }

  let lock: TargetLock;
  try {
    lock = await acquireTargetLock(target, { command: 'recover', fs });
  } catch (error) {
    if (error instanceof TargetLockedError && journal === null) {
      // A live process is at work on the Target (and has not journaled yet): its business.
      return { kind: 'clean', notes: [] };
    }
    throw error;
  }
  try {
    const result = await recoverLocked(fs, paths);
    if (lock.note !== null) result.notes.unshift(lock.note);
    return result;
  } finally {
    await lock.release();
  }
}

/** The hidden entries next to the Target that an interrupted operation can leave (not the lock or journal). */
async function findLeftovers(fs: FsLike, paths: TargetPaths): Promise<{ name: string; kind: 'journal-temp' | 'lock-temp' | 'stale-lock' | 'staging' | 'old' }[]> {
  const found: { name: string; kind: 'journal-temp' | 'lock-temp' | 'stale-lock' | 'staging' | 'old' }[] = [];
  for (const entry of await fs.readdir(paths.parent)) {
    const kind = classifySibling(entry.name, paths.name);
    if (kind === 'journal-temp' || kind === 'lock-temp' || kind === 'stale-lock' || kind === 'staging' || kind === 'old') found.push({ name: entry.name, kind });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * {@link recoverInterruptedSync} for a caller that already holds the Target's lock: acts on the
 * journal if there is one, then removes orphaned leftovers (a half-built new Target, a journal's
 * temporary file). An orphaned `old` folder is reported, never deleted: no journal says it is garbage.
 */
export async function recoverLocked(fs: FsLike, paths: TargetPaths): Promise<RecoveryResult> {
  const journal = await readJournal(fs, paths);
  let result: RecoveryResult = { kind: 'clean', notes: [] };
  if (journal !== null) {
    try {
      result = await recoverJournal(fs, paths, journal);
    } catch (error) {
      if (error instanceof RecoveryError) throw error;
      throw new RecoveryError(
        `Could not finish or undo the interrupted carryover ${journal.operation} of ${paths.target} ` +
          `(${describeError(error)}). The journal ${paths.journal} describes it: the old Target is or goes to ${journal.old}, ` +
          `the new one is built in ${journal.staging}.`,
        paths.journal,
        error,
      );
    }
  }
  for (const leftover of await findLeftovers(fs, paths)) {
    const full = path.join(paths.parent, leftover.name);
    if (leftover.kind === 'old') {
      result.notes.push(`${full} looks like a Target left over by an interrupted carryover run; it was not removed.`);
    } else {
      await fs.rm(full);
      if (result.kind === 'clean') result.notes.push(`Removed ${full}, left over by an interrupted carryover run.`);
      else result.removed.push(full);
    }
  }
  return result;
}

async function exists(fs: FsLike, p: string): Promise<boolean> {
  return (await fs.lstat(p)) !== null;
}

async function recoverJournal(fs: FsLike, paths: TargetPaths, journal: Journal): Promise<RecoveryResult> {
  const what = journal.operation === 'sync' ? 'in-place sync' : 'rollback';
  const removed: string[] = [];
  const remove = async (p: string | null): Promise<void> => {
    if (p !== null && (await exists(fs, p))) {
      await fs.rm(p);
      removed.push(p);
    }
  };
  const keptBackup = async (): Promise<string | null> =>
    journal.operation === 'sync' && journal.backup !== null && (await exists(fs, path.join(journal.backup, BACKUP_MARKER)))
      ? journal.backup
      : null;

  const undone = async (message: string): Promise<RecoveryResult> => {
    await remove(journal.staging);
    await remove(journal.backupStaging);
    await removeJournal(fs, paths);
    const backup = await keptBackup();
    const full = message + (backup ? ` The backup made before it is kept at ${backup}.` : '');
    return {
      kind: 'undone',
      operation: journal.operation,
      phase: journal.phase,
      message: full,
      removed,
      keptBackup: backup,
      backup: journal.backup,
      notes: [full],
    };
  };
  const completed = async (): Promise<RecoveryResult> => {
    if (journal.phase !== 'cleanup') await advanceJournal(fs, paths, journal, 'cleanup');
    await remove(journal.old);
    await removeJournal(fs, paths);
    const message =
      `Finished the interrupted ${what} of ${paths.target} (it was past the point of no return).` +
      (journal.operation === 'sync' && journal.backup ? ` Its backup is at ${journal.backup}.` : '');
    return {
      kind: 'completed',
      operation: journal.operation,
      phase: journal.phase,
      message,
      removed,
      keptBackup: null,
      backup: journal.backup,
      notes: [message],
    };
  };

  switch (journal.phase) {
    case 'building':
      return undone(`Undid the interrupted ${what} of ${paths.target}: it was stopped before the Target was touched.`);
    case 'swapping': {
      const hasTarget = await exists(fs, paths.target);
      const hasStaging = await exists(fs, journal.staging);
      const hasOld = await exists(fs, journal.old);
      if (!hasStaging && hasTarget) return completed(); // both renames were done
      const undoneAfter = (error: unknown): Promise<RecoveryResult> =>
        undone(
          `Undid the interrupted ${what} of ${paths.target}: finishing it failed (${describeError(error)}), ` +
            'so the old Target was kept.',
        );
      if (hasStaging && !hasOld) {
        // Neither rename was done (or, for a rollback into a missing Target, there is no old one).
        try {
          if (hasTarget) await fs.rename(paths.target, journal.old);
        } catch (error) {
          return undoneAfter(error);
        }
        try {
          await fs.rename(journal.staging, paths.target);
        } catch (error) {
          if (hasTarget) await fs.rename(journal.old, paths.target);
          return undoneAfter(error);
        }
        await fs.fsyncDir(paths.parent);
        return completed();
      }
      if (hasStaging && hasOld && !hasTarget) {
        // Between the two renames.
        try {
          await fs.rename(journal.staging, paths.target);
        } catch (error) {
          await fs.rename(journal.old, paths.target);
          return undoneAfter(error);
        }
        await fs.fsyncDir(paths.parent);
        return completed();
      }
      if (!hasStaging && hasOld && !hasTarget) {
        // Cannot come from carryover itself; the only complete Target is the old one: put it back.
        await fs.rename(journal.old, paths.target);
        await fs.fsyncDir(paths.parent);
        return undone(`Restored the old Target ${paths.target} after an interrupted ${what}.`);
      }
      throw new RecoveryError(
        `The interrupted ${what} of ${paths.target} cannot be finished or undone safely: ` +
          `the Target ${hasTarget ? 'exists' : 'is missing'}, ${journal.old} ${hasOld ? 'exists' : 'is missing'}, ` +
          `${journal.staging} ${hasStaging ? 'exists' : 'is missing'}. Sort the folders out, then remove ${paths.journal}.`,
        paths.journal,
      );
    }
    case 'cleanup':
      return completed();
    default:
      return assertNever(journal.phase);
  }
}
