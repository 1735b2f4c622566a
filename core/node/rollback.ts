import * as path from 'node:path';
import { verifyBackup, writeBackupManifest } from './backupManifest.js';
import { backupStamp, LAST_SYNC_PATH, type LastSync } from './commitInPlace.js';
import { copyTree } from './copyTree.js';
import { describeError, errnoCode, unchangedWriteError, WriteUsageError } from './fsErrors.js';
import { createJournal } from './journal.js';
import { acquireTargetLock, releaseLock, type TargetLock } from './lock.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { recoverLocked, type RecoveryResult } from './recoverInterruptedSync.js';
import { replaceTarget } from './replaceTarget.js';
import { changedEntries, isFingerprint, takeFingerprint, type SyncRecord } from './syncHistory.js';
import { defaultBackupPrefix, isInside, newOperationId, resolveTarget, targetPaths } from './targetPaths.js';
import { walkTree } from './walkTree.js';
import { CarryoverBug } from '../bug.js';

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
  /**
   * `--discard-changes`: roll back even when the Target changed since its sync, after keeping the
   * current Target as a backup of its own. Without it such a rollback is refused (`target-changed`).
   */
  discardChanges?: boolean;
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
  /** The sync that the rollback undid (the Target is now as it was before it), when the backup is the one it recorded. */
  undid: SyncRecord | null;
  /** With `discardChanges`: where the Target, as it was before the rollback (with its changes), was kept; else `null`. */
  changesKeptIn: string | null;
}

/** At most this many changed entries are named in the refusal of a changed Target. */
const CHANGES_SHOWN = 20;

/** The Target's `.carryover/last-sync.json`, or `null` when it has none or it cannot be read. */
async function readLastSync(fs: FsLike, target: string): Promise<Partial<LastSync> | null> {
  try {
    const record = JSON.parse((await fs.readFile(path.join(target, ...LAST_SYNC_PATH.split('/')))).toString('utf8')) as unknown;
    return typeof record === 'object' && record !== null ? (record as Partial<LastSync>) : null;
  } catch (error) {
    const code = errnoCode(error);
    if (code === undefined || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
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
    throw new CarryoverBug(`rollback: the lock given is not held on ${target}`);
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
      return { target, backupDir: finished, entries: null, recovery, notes, undid: null, changesKeptIn: null };
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
    const lastSync = targetStat === null ? null : await readLastSync(fs, target);
    const changesKeptIn = targetStat === null ? null : await guardChanges(fs, target, lastSync, options.discardChanges === true, concurrency, durable, now);
    if (changesKeptIn !== null) notes.push(`The Target as it was, with the changes made since its sync, is kept in ${changesKeptIn}.`);
    const undid =
      lastSync !== null && typeof lastSync.time === 'string' && typeof lastSync.source === 'string' && typeof lastSync.backup === 'string' && (await sameFolder(fs, lastSync.backup, backupDir))
        ? { time: lastSync.time, source: lastSync.source, backup: lastSync.backup, backupRelative: typeof lastSync.backupRelative === 'string' ? lastSync.backupRelative : '' }
        : null;
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
    return { target, backupDir, entries: entries.length, recovery, notes, undid, changesKeptIn };
  } finally {
    if (options.lock === undefined) {
      await releaseLock(lock, (note) => notes.push(note));
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

/** True when two paths name the same existing folder (links resolved). */
async function sameFolder(fs: FsLike, a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  if ((await fs.lstat(a)) === null || (await fs.lstat(b)) === null) return false;
  return (await fs.realpath(a)) === (await fs.realpath(b));
}

/**
 * A rollback replaces the Target: work done in it since its sync would be lost. When the sync
 * recorded the Target's fingerprint and the Target no longer matches it, refuses with a
 * {@link WriteUsageError} `target-changed` (exit 2) listing what changed, unless `discard`; then
 * the current Target is first kept as a backup of its own (returned), a complete copy with its
 * manifest, like the backup of a sync. `null` when nothing changed or nothing is known.
 */
async function guardChanges(
  fs: FsLike,
  target: string,
  lastSync: Partial<LastSync> | null,
  discard: boolean,
  concurrency: number,
  durable: boolean,
  now: Date,
): Promise<string | null> {
  if (!isFingerprint(lastSync?.fingerprint)) return null;
  const changed = changedEntries(lastSync.fingerprint, await takeFingerprint(fs, target, concurrency));
  if (changed.length === 0) return null;
  if (!discard) {
    const shown = changed.slice(0, CHANGES_SHOWN).join(', ') + (changed.length > CHANGES_SHOWN ? `, and ${changed.length - CHANGES_SHOWN} more` : '');
    throw new WriteUsageError(
      'target-changed',
      `The Target ${target} changed since its sync (${changed.length} ${changed.length === 1 ? 'entry' : 'entries'}: ${shown}); a rollback would discard that work. Nothing was changed. To roll back anyway, keeping the current Target as a backup of its own, add --discard-changes.`,
      target,
    );
  }
  return keepCopy(fs, target, concurrency, durable, now);
}

/**
 * Copies the Target to a new backup folder `<target>.backup-<YYYYMMDDTHHMMSSZ>` (`-2`, `-3`, ... on
 * a collision), built in a hidden sibling and renamed into place once complete with its manifest.
 */
async function keepCopy(fs: FsLike, target: string, concurrency: number, durable: boolean, now: Date): Promise<string> {
  const base = `${defaultBackupPrefix(target)}${backupStamp(now)}`;
  let dir = base;
  for (let n = 2; (await fs.lstat(dir)) !== null; n++) dir = `${base}-${n}`;
  const staging = path.join(path.dirname(dir), `.${path.basename(dir)}.carryover-tmp-${newOperationId()}`);
  const entries = await walkTree(fs, target, concurrency);
  await fs.mkdir(staging);
  try {
    await copyTree(fs, target, staging, entries, { transfer: 'copy', concurrency });
    await writeBackupManifest(fs, staging, target, entries, now);
    await fs.chmod(staging, (await fs.lstat(target))?.mode ?? 0o755);
    if (durable) await fs.syncTree(staging);
    await fs.rename(staging, dir);
  } catch (error) {
    await fs.rm(staging).catch(() => undefined);
    throw error;
  }
  if (durable) await fs.fsyncDir(path.dirname(dir));
  return dir;
}
