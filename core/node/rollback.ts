import * as path from 'node:path';
import { verifyBackup } from './backupManifest.js';
import { LAST_SYNC_PATH, type LastSync } from './commitInPlace.js';
import { copyTree } from './copyTree.js';
import { describeError, errnoCode, unchangedWriteError, WriteUsageError } from './fsErrors.js';
import { createJournal } from './journal.js';
import { acquireTargetLock, type TargetLock } from './lock.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { recoverLocked, type RecoveryResult } from './recoverInterruptedSync.js';
import { replaceTarget } from './replaceTarget.js';
import { isInside, resolveTarget, targetPaths } from './targetPaths.js';

/** Options of {@link rollback}. */
export interface RollbackOptions {
  targetRoot: string;
  /** `--backup DIR`: the backup to restore. Default: the one recorded in the Target's `.carryover/last-sync.json`. */
  backupDir?: string;
  /** A lock on the Target the caller holds (kept held); default: taken and released here. */
  lock?: TargetLock;
  fs?: FsLike;
  /** File operations in flight at once. Default 16. */
  concurrency?: number;
  /** Make the restored Target durable before the swap (see `CommitInPlaceOptions.durable`). Default true. */
  durable?: boolean;
  now?: Date;
}

/** What {@link rollback} did. */
export interface RollbackResult {
  /** The Target, resolved. */
  target: string;
  /** The backup restored (kept as it was). */
  backupDir: string;
  /** Entries restored (files, folders and links, dot-entries included); `null` when the restore was an interrupted rollback's, finished by recovery. */
  entries: number | null;
  recovery: RecoveryResult;
  notes: string[];
}

/** The backup recorded by the Target's last in-place sync, or a {@link WriteUsageError}. */
async function recordedBackup(fs: FsLike, target: string): Promise<string> {
  const recordPath = path.join(target, ...LAST_SYNC_PATH.split('/'));
  let text: string;
  try {
    text = (await fs.readFile(recordPath)).toString('utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new WriteUsageError(
      'no-backup-recorded',
      `The Target ${target} records no in-place sync (there is no ${LAST_SYNC_PATH}); name the backup to restore with --backup.`,
      target,
    );
  }
  let record: Partial<LastSync> | null;
  try {
    record = JSON.parse(text) as Partial<LastSync> | null;
  } catch (error) {
    throw new WriteUsageError(
      'no-backup-recorded',
      `The Target ${target} has an unreadable ${LAST_SYNC_PATH} (${describeError(error)}); name the backup to restore with --backup.`,
      target,
    );
  }
  if (typeof record?.backup !== 'string') {
    throw new WriteUsageError('no-backup-recorded', `The Target ${target} has a ${LAST_SYNC_PATH} that names no backup; name one with --backup.`, target);
  }
  if ((await fs.lstat(record.backup)) === null && typeof record.backupRelative === 'string') {
    // The Target and its backup may have been moved together.
    const relative = path.resolve(target, ...record.backupRelative.split('/'));
    if ((await fs.lstat(relative)) !== null) return relative;
  }
  return record.backup;
}

/**
 * Restores a Target from a backup made by an in-place sync (`carryover rollback`): the one its
 * `.carryover/last-sync.json` records, or the one named. The backup must hold its completion
 * manifest and still match it; it is copied (never moved or linked), so it stays as it was. The
 * restored Target is exactly the backed-up one, dot-entries included (so its own
 * `last-sync.json`, if any, names the backup before, and another rollback goes one sync further
 * back). The Target replaced is not kept.
 *
 * Crash-safe the same way as `commitInPlace`: built in a hidden sibling, swapped in under a journal.
 * A Target that no longer exists is restored too (with `backupDir`).
 *
 * Errors: {@link WriteUsageError} (exit 2: `no-backup-recorded`, `backup-missing`,
 * `backup-incomplete`, `inside-input`), `TargetLockedError`, `WriteError`, `RecoveryError` (exit 5).
 */
export async function rollback(options: RollbackOptions): Promise<RollbackResult> {
  const known: { backupDir?: string } = {};
  try {
    return await rollbackUnchecked(options, known);
  } catch (error) {
    const backup = known.backupDir ?? options.backupDir;
    throw unchangedWriteError(
      error,
      `Restoring the Target ${options.targetRoot}`,
      backup === undefined ? ' The backup is untouched.' : ` The backup ${backup} is untouched.`,
    );
  }
}

/** {@link rollback} without the translation of system errors; records the backup in `known` once chosen. */
async function rollbackUnchecked(options: RollbackOptions, known: { backupDir?: string }): Promise<RollbackResult> {
  const fs = options.fs ?? nodeFs;
  const concurrency = options.concurrency ?? 16;
  const durable = options.durable ?? true;
  const now = options.now ?? new Date();
  const target = await resolveTarget(fs, options.targetRoot);
  const paths = targetPaths(target);
  if (options.lock !== undefined && (!options.lock.held || options.lock.target !== target)) {
    throw new Error(`rollback: the lock given is not held on ${target}`);
  }
  const lock = options.lock ?? (await acquireTargetLock(target, { command: 'rollback', fs, now }));
  const notes: string[] = lock.note !== null && options.lock === undefined ? [lock.note] : [];
  try {
    const recovery = await recoverLocked(fs, paths);
    const finished = finishedRollback(recovery, options.backupDir);
    if (finished !== null) {
      // The interrupted rollback was this very request, now done: restoring again would go back
      // one sync further (to the backup that the restored Target itself records).
      known.backupDir = finished;
      return { target, backupDir: finished, entries: null, recovery, notes };
    }
    const targetStat = await fs.lstat(target);
    if (targetStat !== null && targetStat.kind !== 'directory') {
      throw new WriteUsageError('target-missing', `The Target ${target} is not a folder.`, target);
    }
    let backupDir: string;
    if (options.backupDir !== undefined) {
      backupDir = path.resolve(options.backupDir);
    } else if (targetStat === null) {
      throw new WriteUsageError('no-backup-recorded', `The Target ${target} does not exist; name the backup to restore with --backup.`, target);
    } else {
      backupDir = await recordedBackup(fs, target);
    }
    known.backupDir = backupDir;
    if ((await fs.lstat(backupDir)) !== null) backupDir = await fs.realpath(backupDir);
    if (isInside(backupDir, target) || isInside(target, backupDir)) {
      throw new WriteUsageError('inside-input', `The backup ${backupDir} must not be inside, or contain, the Target ${target}.`, backupDir);
    }
    const entries = await verifyBackup(fs, backupDir, concurrency);
    const rootMode = (await fs.lstat(backupDir))?.mode ?? 0o755;
    const journal = createJournal(paths, 'rollback', { dir: backupDir, staging: null }, now);

    const swapped = await replaceTarget({
      fs,
      paths,
      journal,
      backupForMessage: () => backupDir,
      build: async () => {
        await fs.mkdir(journal.staging);
        await copyTree(fs, backupDir, journal.staging, entries, { transfer: 'copy', concurrency });
        await fs.chmod(journal.staging, rootMode);
        if (durable) await fs.syncTree(journal.staging);
      },
    });
    notes.push(...swapped.notes);
    return { target, backupDir, entries: entries.length, recovery, notes };
  } finally {
    if (options.lock === undefined) {
      try {
        await lock.release();
      } catch (error) {
        notes.push(`Could not remove the lock file ${lock.path} (${describeError(error)}); remove it by hand.`);
      }
    }
  }
}

/**
 * The backup that an interrupted rollback was restoring, when recovery has just finished it and
 * the request does not name another backup; otherwise `null` (a rollback that was undone, or none).
 */
function finishedRollback(recovery: RecoveryResult, requestedBackup: string | undefined): string | null {
  if (recovery.kind !== 'completed' || recovery.operation !== 'rollback' || recovery.backup === null) return null;
  if (requestedBackup !== undefined && path.resolve(requestedBackup) !== recovery.backup) return null;
  return recovery.backup;
}
