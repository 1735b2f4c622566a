import { describeError, errnoCode, WriteError } from './fsErrors.js';
import { advanceJournal, removeJournal, writeJournal, type Journal } from './journal.js';
import type { FsLike } from './nodeFs.js';
import type { TargetPaths } from './targetPaths.js';

/** Options of {@link replaceTarget}. */
export interface ReplaceTargetOptions {
  fs: FsLike;
  paths: TargetPaths;
  /** The operation's journal, phase `building`, not yet written. */
  journal: Journal;
  /** Builds the new Target into `journal.staging` (and, for a sync, the backup), durably. */
  build(): Promise<void>;
  /** The complete backup to name when failing (a sync's finished backup, a rollback's source), or `null`. */
  backupForMessage(): string | null;
}

/** True for an error of the file system (it has an errno code), as opposed to a bug. */
function isSystemError(error: unknown): boolean {
  return errnoCode(error) !== undefined;
}

/**
 * Replaces a Target (whose lock the caller holds) by a new one built next to it, so that a crash at
 * any moment leaves exactly the old or exactly the new Target:
 *
 * 1. journal `building`; `build()` fills the hidden staging folder (and the backup);
 * 2. journal `swapping` (the commit point); rename Target → old, staging → Target; fsync the parent;
 * 3. journal `cleanup`; remove old; remove the journal.
 *
 * A failure before the Target is renamed removes what was built and leaves the Target untouched; a
 * failure of the second rename renames the old Target back. Either throws a {@link WriteError}
 * naming the backup. A failure after the swap does not undo it: it is reported in the returned
 * notes, and the journal lets the next command finish the clean-up. A bug (an error without an
 * errno code) is cleaned up the same way and rethrown as is.
 */
export async function replaceTarget(options: ReplaceTargetOptions): Promise<{ notes: string[] }> {
  const { fs, paths } = options;
  let journal = options.journal;
  const operation = journal.operation === 'sync' ? 'Writing the Target' : 'Restoring the Target';

  const fail = (cause: unknown, restored: boolean, problems: string[]): Error => {
    if (!isSystemError(cause)) return cause instanceof Error ? cause : new Error(String(cause));
    const backup = options.backupForMessage();
    const backupText =
      journal.operation === 'rollback'
        ? ` The backup ${backup ?? ''} is untouched.`
        : backup !== null
          ? ` A backup of it is at ${backup}.`
          : ' No backup was made.';
    const problemsText = problems.length > 0 ? ` ${problems.join(' ')}` : '';
    return new WriteError(
      `${operation} ${paths.target} failed: ${describeError(cause)}. The Target is ${restored ? 'restored' : 'unchanged'}.` +
        backupText +
        problemsText,
      backup,
      true,
      cause,
    );
  };

  /** Removes what was built, then the journal (kept when removing fails, so recovery finishes the job). */
  const abortBuilding = async (): Promise<string[]> => {
    const problems: string[] = [];
    for (const leftover of [journal.staging, journal.backupStaging]) {
      if (leftover === null) continue;
      try {
        await fs.rm(leftover);
      } catch (error) {
        problems.push(`Could not remove ${leftover} (${describeError(error)}); the next carryover command on this Target removes it.`);
      }
    }
    if (problems.length === 0) {
      try {
        await removeJournal(fs, paths);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') {
          problems.push(`Could not remove the journal ${paths.journal} (${describeError(error)}); the next carryover command on this Target does.`);
        }
      }
    }
    return problems;
  };

  /**
   * Undoes after the journal may say `swapping`: the journal goes first, so that a crash during the
   * clean-up can never make recovery swap in a half-removed staging folder.
   */
  const abortAfterCommitPoint = async (): Promise<string[]> => {
    try {
      await removeJournal(fs, paths);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') {
        return [
          `Could not remove the journal ${paths.journal} (${describeError(error)}): the next carryover command on this Target ` +
            `will complete the ${journal.operation} from ${journal.staging}.`,
        ];
      }
    }
    return abortBuilding();
  };

  try {
    await writeJournal(fs, paths, journal);
  } catch (error) {
    throw fail(error, false, await abortBuilding());
  }

  try {
    await options.build();
  } catch (error) {
    throw fail(error, false, await abortBuilding());
  }

  try {
    journal = await advanceJournal(fs, paths, journal, 'swapping');
  } catch (error) {
    throw fail(error, false, await abortAfterCommitPoint());
  }

  let targetExists: boolean;
  try {
    // A rollback may restore a Target that no longer exists; a sync always has one.
    targetExists = (await fs.lstat(paths.target)) !== null;
    if (targetExists) await fs.rename(paths.target, journal.old);
  } catch (error) {
    throw fail(error, false, await abortAfterCommitPoint());
  }
  try {
    await fs.rename(journal.staging, paths.target);
  } catch (error) {
    if (targetExists) {
      try {
        await fs.rename(journal.old, paths.target);
      } catch (restoreError) {
        throw new WriteError(
          `${operation} ${paths.target} failed: ${describeError(error)}, and putting the old Target back failed too ` +
            `(${describeError(restoreError)}). The old Target is at ${journal.old}, the new one at ${journal.staging}; ` +
            `the next carryover command on this Target finishes the ${journal.operation} (journal ${paths.journal}).`,
          options.backupForMessage(),
          false,
          error,
        );
      }
    }
    throw fail(error, targetExists, await abortAfterCommitPoint());
  }

  // The swap is done: from here on, failures are notes, and the journal lets recovery finish.
  const notes: string[] = [];
  try {
    await fs.fsyncDir(paths.parent);
    journal = await advanceJournal(fs, paths, journal, 'cleanup');
    await fs.rm(journal.old);
    await removeJournal(fs, paths);
  } catch (error) {
    notes.push(
      `The ${journal.operation} is done, but cleaning up failed (${describeError(error)}): ` +
        `the old Target may be left at ${journal.old}; the next carryover command on this Target removes it.`,
    );
  }
  return { notes };
}
