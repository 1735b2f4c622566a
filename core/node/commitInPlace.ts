import * as path from 'node:path';
import type { OutputPlan } from '../analysis.js';
import { writeBackupManifest } from './backupManifest.js';
import { copyTree, progressCounter } from './copyTree.js';
import { errnoCode, unchangedWriteError, WriteUsageError } from './fsErrors.js';
import { createJournal } from './journal.js';
import { acquireTargetLock, releaseLock, type TargetLock } from './lock.js';
import { materializePlan } from './materializePlan.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { recoverLocked, type RecoveryResult } from './recoverInterruptedSync.js';
import { replaceTarget } from './replaceTarget.js';
import { defaultBackupPrefix, isInside, resolveTarget, resolveThroughLinks, targetPaths } from './targetPaths.js';
import { HISTORY_PATH, readHistory, serializeHistory, takeFingerprint, type SyncRecord, type TargetFingerprint } from './syncHistory.js';
import { walkTree, type TreeEntry } from './walkTree.js';
import { CarryoverBug } from '../bug.js';

/** The Target's record of its last in-place sync, `.carryover/last-sync.json`, read by `rollback`. */
export interface LastSync {
  format: 'carryover-last-sync/1';
  /** When the sync was written (ISO 8601, UTC). */
  time: string;
  /** The backup of the Target made before it, absolute. */
  backup: string;
  /** The same backup relative to the Target, for when the folders were moved together. */
  backupRelative: string;
  /** The Source it was synchronized with, absolute. */
  source: string;
  /**
   * The Target as this sync left it (its `.carryover/` folder excluded): `rollback` refuses to
   * discard what changed since. Absent in records of older versions.
   */
  fingerprint?: TargetFingerprint;
}

/** Where the last in-place sync is recorded, relative to the Target. */
export const LAST_SYNC_PATH = '.carryover/last-sync.json';

/** Options of {@link commitInPlace}. */
export interface CommitInPlaceOptions {
  /** The merged Target (every prompt answered). */
  plan: OutputPlan;
  sourceRoot: string;
  targetRoot: string;
  /** `--backup DIR`: must not exist. Default: `<target>.backup-<YYYYMMDDTHHMMSSZ>` next to the Target, `-2`, `-3`, ... on a collision. */
  backupDir?: string;
  /** The time of the sync (backup name, records). Default: now. */
  now?: Date;
  /** A lock on the Target the caller took before reading it (kept held); default: taken and released here. */
  lock?: TargetLock;
  /** The file system (tests inject faults through it). Default: the real one. */
  fs?: FsLike;
  /** File operations in flight at once. Default 16. */
  concurrency?: number;
  /**
   * Make the backup and the new Target durable before the swap (one `syncfs` on Linux, else an
   * fsync per entry), so a power loss too leaves the old or the new Target. Default true.
   */
  durable?: boolean;
  /**
   * Called as files are copied into the backup (`backup`) and then written into the new Target
   * (`writing`), with the count so far and the total of that phase (for a progress display).
   */
  onProgress?: (phase: 'backup' | 'writing', done: number, total: number) => void;
  /**
   * Records to write into the new Target's `.carryover/` folder (file name → text), given the
   * backup chosen; they replace the old Target's files of the same name instead of being carried
   * over (the record of the last commit that `undo` reads, docs/utilities.md).
   */
  records?: (backupDir: string) => ReadonlyMap<string, string>;
  /**
   * Folders of the old Target's `.carryover/` (relative to it, e.g. `pending`) not carried over:
   * phase 2 drops the pending state it completes, phase 1 writes it afresh (docs/sessions.md).
   */
  dropRecords?: readonly string[];
}

/** What {@link commitInPlace} did. */
export interface CommitResult {
  /** The Target, resolved. */
  target: string;
  /** The complete backup of the old Target. */
  backupDir: string;
  /** Files of the configuration written (the plan's size; dot-entries not counted). */
  files: number;
  /** What recovering an earlier interrupted operation did first. */
  recovery: RecoveryResult;
  /** Things the user should know that did not stop the sync (a stale lock taken over, a leftover). */
  notes: string[];
}

/** `YYYYMMDDTHHMMSSZ` in UTC. */
export function backupStamp(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** Creates `dir` and its missing parents. */
async function makeFolders(fs: FsLike, dir: string): Promise<void> {
  const missing: string[] = [];
  let current = dir;
  while ((await fs.lstat(current)) === null) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) await fs.mkdir(folder);
}

/** The Target and the Source must not hold the backup (the swap would delete it, or it would change an input). */
function assertOutsideInputs(dir: string, inputs: readonly string[], what: string): void {
  for (const input of inputs) {
    if (isInside(dir, input) || isInside(input, dir)) {
      throw new WriteUsageError('inside-input', `${what} ${dir} must not be inside, or contain, ${input}.`, dir);
    }
  }
}

async function chooseBackupDir(fs: FsLike, target: string, source: string, explicit: string | undefined, now: Date): Promise<string> {
  if (explicit !== undefined) {
    const dir = await resolveThroughLinks(fs, explicit);
    if ((await fs.lstat(dir)) !== null) {
      throw new WriteUsageError('backup-exists', `The backup folder ${dir} already exists; name one that does not.`, dir);
    }
    assertOutsideInputs(dir, [target, source], 'The backup folder');
    return dir;
  }
  const base = `${defaultBackupPrefix(target)}${backupStamp(now)}`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if ((await fs.lstat(candidate)) === null) return candidate;
  }
}

/**
 * Writes a merged Target in place (`sync --in-place`), once every prompt is answered: copies the
 * Target to a backup, then replaces it by the plan's configuration plus the Target's dot-entries
 * (`.git`, `.carryover`, ... at any depth, carried over untouched), and records the backup in the
 * new Target's `.carryover/last-sync.json` for `rollback`.
 *
 * Crash safety: under the Target's lock (`lock.ts`), after recovering any interrupted operation,
 * the backup is built in a hidden folder and renamed into place once complete (with its
 * `.carryover-backup-complete` manifest); the new Target is built in a hidden sibling
 * `.<name>.carryover-new-<id>` (the Target's unchanged files and dot-entries hard-linked where the
 * file system allows, since the old Target is deleted afterwards; everything else copied or
 * written), made durable, and swapped in by two renames covered by a journal
 * (`replaceTarget.ts`). A SIGKILL at any moment leaves the old or the new Target, and the next
 * carryover command finishes or undoes the swap (`recoverInterruptedSync`).
 *
 * Errors: {@link WriteUsageError} (exit 2: `target-missing`, `backup-exists`, `inside-input`),
 * `TargetLockedError` (exit 5), `WriteError` (exit 5: the Target is unchanged or restored; the
 * message names the backup when one was made), `RecoveryError` (exit 5).
 *
 * Not kept: empty folders of the configuration proper (they hold no version), and the mode of
 * changed files (written afresh with the default mode).
 */
export async function commitInPlace(options: CommitInPlaceOptions): Promise<CommitResult> {
  try {
    return await commitInPlaceUnchecked(options);
  } catch (error) {
    throw unchangedWriteError(error, `Writing the Target ${options.targetRoot}`, ' No backup was made.');
  }
}

async function commitInPlaceUnchecked(options: CommitInPlaceOptions): Promise<CommitResult> {
  const fs = options.fs ?? nodeFs;
  const concurrency = options.concurrency ?? 16;
  const durable = options.durable ?? true;
  const now = options.now ?? new Date();
  const target = await resolveTarget(fs, options.targetRoot);
  const targetStat = await fs.lstat(target);
  if (targetStat?.kind !== 'directory') {
    throw new WriteUsageError('target-missing', `The Target ${target} does not exist or is not a folder.`, target);
  }
  const source = await resolveThroughLinks(fs, options.sourceRoot);
  const paths = targetPaths(target);

  if (options.lock !== undefined && (!options.lock.held || options.lock.target !== target)) {
    throw new CarryoverBug(`commitInPlace: the lock given is not held on ${target}`);
  }
  const lock = options.lock ?? (await acquireTargetLock(target, { command: 'sync', fs, now }));
  const notes: string[] = lock.note !== null && options.lock === undefined ? [lock.note] : [];
  try {
    const recovery = await recoverLocked(fs, paths);
    if ((await fs.lstat(target))?.kind !== 'directory') {
      throw new WriteUsageError('target-missing', `The Target ${target} does not exist or is not a folder.`, target);
    }
    const backupDir = await chooseBackupDir(fs, target, source, options.backupDir, now);
    await makeFolders(fs, path.dirname(backupDir));

    const journal = createJournal(paths, 'sync', { dir: backupDir, staging: null }, now);
    journal.backupStaging = path.join(path.dirname(backupDir), `.${path.basename(backupDir)}.carryover-tmp-${journal.id}`);
    const backupStaging = journal.backupStaging;
    let backupDone = false;

    const build = async (): Promise<void> => {
      const entries = await walkTree(fs, target, concurrency);

      // The backup: a real copy of everything, completed by its manifest, then renamed into place.
      await fs.mkdir(backupStaging);
      const report = options.onProgress;
      await copyTree(fs, target, backupStaging, entries, {
        transfer: 'copy',
        concurrency,
        onFile: progressCounter(entries.filter((e) => e.kind !== 'directory').length, report && ((done, total) => report('backup', done, total))),
      });
      await writeBackupManifest(fs, backupStaging, target, entries, now);
      await fs.chmod(backupStaging, targetStat.mode);
      if (durable) await fs.syncTree(backupStaging);
      await fs.rename(backupStaging, backupDir);
      // Complete and in place from here on: a failure of the fsync below must still name it.
      backupDone = true;
      await fs.fsyncDir(path.dirname(backupDir));

      // The new Target: the plan, the dot-entries, the record of this sync.
      await fs.mkdir(journal.staging);
      await materializePlan(fs, options.plan, {
        sourceRoot: source,
        targetRoot: target,
        into: journal.staging,
        targetFiles: 'link',
        concurrency,
        onFile: progressCounter(options.plan.size, report && ((done, total) => report('writing', done, total))),
      });
      const records = options.records?.(backupDir) ?? new Map<string, string>();
      const recordPaths = new Set([...records.keys()].map((name) => `.carryover/${name}`));
      const dropped = (options.dropRecords ?? []).map((folder) => `.carryover/${folder}`);
      const carried = dotEntries(entries).filter(
        (e) => e.path !== LAST_SYNC_PATH && e.path !== HISTORY_PATH && !recordPaths.has(e.path) && !dropped.some((d) => e.path === d || e.path.startsWith(`${d}/`)),
      );
      await copyTree(fs, target, journal.staging, carried, { transfer: 'link', concurrency });
      const sync: SyncRecord = {
        time: now.toISOString(),
        source,
        backup: backupDir,
        backupRelative: path.relative(target, backupDir).split(path.sep).join('/'),
      };
      // The history goes on from the old Target's; the fingerprint is taken once everything but
      // carryover's own records is in place (docs/reliability.md, "Rollback history").
      const history = [...(await readHistory(fs, target, await previousSync(fs, target))), sync];
      const fingerprint = await takeFingerprint(fs, journal.staging, concurrency);
      const record: LastSync = {
        format: 'carryover-last-sync/1',
        time: sync.time,
        backup: sync.backup,
        backupRelative: sync.backupRelative,
        source,
        fingerprint,
      };
      const carryoverDir = path.join(journal.staging, '.carryover');
      if ((await fs.lstat(carryoverDir)) === null) await fs.mkdir(carryoverDir);
      await fs.writeFile(path.join(carryoverDir, 'history.json'), serializeHistory(history), { exclusive: true, durable: false });
      await fs.writeFile(path.join(carryoverDir, 'last-sync.json'), JSON.stringify(record, null, 2) + '\n', {
        exclusive: true,
        durable: false,
      });
      for (const [name, text] of records) {
        // A record may sit in a folder of its own (`pending/base/...`): its folders are made first.
        if (name.includes('/')) await makeFolders(fs, path.join(carryoverDir, ...name.split('/').slice(0, -1)));
        await fs.writeFile(path.join(carryoverDir, ...name.split('/')), Buffer.from(text, 'utf8'), { exclusive: true, durable: false });
      }
      await fs.chmod(journal.staging, targetStat.mode);
      if (durable) await fs.syncTree(journal.staging);
    };

    const swapped = await replaceTarget({
      fs,
      paths,
      journal,
      build,
      backupForMessage: () => (backupDone ? backupDir : null),
    });
    notes.push(...swapped.notes);
    return { target, backupDir, files: options.plan.size, recovery, notes };
  } finally {
    if (options.lock === undefined) {
      await releaseLock(lock, (note) => notes.push(note));
    }
  }
}

/**
 * The sync recorded by a Target's `.carryover/last-sync.json`, or `null` when there is none or it
 * cannot be read (then the history starts afresh: it is a record, not something to fail a sync on).
 */
export async function previousSync(fs: FsLike, target: string): Promise<SyncRecord | null> {
  let record: Partial<LastSync> | null;
  try {
    record = JSON.parse((await fs.readFile(path.join(target, ...LAST_SYNC_PATH.split('/')))).toString('utf8')) as Partial<LastSync> | null;
  } catch (error) {
    const code = errnoCode(error);
    if (code === undefined || code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
  if (typeof record?.time !== 'string' || typeof record.backup !== 'string' || typeof record.source !== 'string') return null;
  return { time: record.time, source: record.source, backup: record.backup, backupRelative: typeof record.backupRelative === 'string' ? record.backupRelative : '' };
}

/**
 * The entries of a Target listing that are not part of the configuration: every entry with a
 * segment starting with a dot (at any depth), with its whole subtree.
 */
export function dotEntries(entries: readonly TreeEntry[]): TreeEntry[] {
  return entries.filter((e) => e.path.split('/').some((segment) => segment.startsWith('.')));
}

export { recoverInterruptedSync, type RecoveryResult } from './recoverInterruptedSync.js';
