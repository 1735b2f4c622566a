/**
 * The second half of the one pipeline the CLI and the app share (docs/architecture.md): write a
 * plan, but only into the world it was computed from. The first half is `openPair.ts`.
 */
import type { OutputPlan } from '../analysis.js';
import { commitInPlace } from './commitInPlace.js';
import { folderFingerprint } from './fingerprint.js';
import { TargetChangedError, unchangedWriteError } from './fsErrors.js';
import { acquireTargetLock, releaseLock, type TargetLock } from './lock.js';
import type { PairFingerprints } from './openPair.js';
import { writeOut } from './writeOut.js';

/** Where a plan goes: a new (or empty) folder, or the Target itself with a backup. */
export type CommitDestination =
  | { kind: 'new-folder'; outDir: string }
  | {
      kind: 'in-place';
      backupDir?: string;
      /** The time of the sync (backup name, records). Default: now. */
      now?: Date;
      /** Records written into the new Target's `.carryover/` (the commit record that undo reads). */
      records?: (backupDir: string) => ReadonlyMap<string, string>;
      /** Folders of the old Target's `.carryover/` not carried over (`CommitInPlaceOptions.dropRecords`). */
      dropRecords?: readonly string[];
    };

/** Options of {@link commitPlan}. */
export interface CommitPlanOptions {
  /** The merged Target (every prompt answered). */
  plan: OutputPlan;
  /** The pair the plan was computed from, with the fingerprints taken when it was read. */
  analyzed: { sourceRoot: string; targetRoot: string; fingerprints: PairFingerprints };
  destination: CommitDestination;
  /** In place: the Target's lock, when the caller took it before reading (kept held). Default: taken and released here. */
  lock?: TargetLock;
  /** Files copied into the backup (`backup`, in place only) and written (`writing`), with the phase's total. */
  onProgress?: (phase: 'backup' | 'writing', done: number, total: number) => void;
  /**
   * A new folder only: check the fingerprints while the files are written into the hidden staging
   * folder, rather than before (both end before it is moved into place, and a change refuses the
   * commit just the same). The walks run on this thread while the copying thread copies (few
   * files: the copies take turns with them here), so the commit does not wait for them first: a
   * `sync --out`, and each Target of a run into several (docs/performance.md, "Many Targets").
   * Default false.
   */
  checkWhileWriting?: boolean;
}

/** What {@link commitPlan} wrote. */
export type CommitPlanResult =
  | { kind: 'new-folder'; outDir: string; notes: string[] }
  | { kind: 'in-place'; backupDir: string; notes: string[] };

/**
 * Writes a plan: in place, under the Target's lock; then, under the lock, checks that the Source
 * and the Target still hold what was read for the analysis (their fingerprints), and refuses with
 * a {@link TargetChangedError} (nothing written) when either changed: a plan computed from an
 * older Target would overwrite what changed since. A new folder is written after the same check;
 * it takes no lock, since the Target is only read (docs/architecture.md, "Committing").
 */
export async function commitPlan(options: CommitPlanOptions): Promise<CommitPlanResult> {
  const { plan, analyzed, destination } = options;
  if (destination.kind === 'new-folder') {
    const whileWriting = options.checkWhileWriting === true;
    if (!whileWriting) await checkUnchanged(analyzed);
    const written = await writeOut({
      plan,
      sourceRoot: analyzed.sourceRoot,
      targetRoot: analyzed.targetRoot,
      outDir: destination.outDir,
      ...(whileWriting ? { whileWriting: () => checkUnchanged(analyzed) } : {}),
      ...(options.onProgress ? { onProgress: (done: number, total: number) => options.onProgress?.('writing', done, total) } : {}),
    });
    return { kind: 'new-folder', outDir: written.outDir, notes: written.notes };
  }
  let lock = options.lock;
  const notes: string[] = [];
  if (lock === undefined) {
    try {
      lock = await acquireTargetLock(analyzed.targetRoot, { command: 'sync' });
    } catch (error) {
      throw unchangedWriteError(error, `Locking the Target ${analyzed.targetRoot}`, ' No backup was made.');
    }
    if (lock.note !== null) notes.push(lock.note);
  }
  let backupDir: string;
  try {
    await checkUnchanged(analyzed);
    const result = await commitInPlace({
      plan,
      sourceRoot: analyzed.sourceRoot,
      targetRoot: analyzed.targetRoot,
      lock,
      ...(destination.backupDir !== undefined ? { backupDir: destination.backupDir } : {}),
      ...(destination.now !== undefined ? { now: destination.now } : {}),
      ...(destination.records !== undefined ? { records: destination.records } : {}),
      ...(destination.dropRecords !== undefined ? { dropRecords: destination.dropRecords } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    backupDir = result.backupDir;
    notes.push(...result.recovery.notes, ...result.notes);
  } finally {
    if (options.lock === undefined) {
      // The commit's outcome stands; a lock file left behind is judged stale by the next command.
      await releaseLock(lock, (note) => notes.push(note));
    }
  }
  return { kind: 'in-place', backupDir, notes };
}

/** Throws a {@link TargetChangedError} when the Source or the Target changed since `analyzed` was read. */
async function checkUnchanged(analyzed: CommitPlanOptions['analyzed']): Promise<void> {
  const [source, target] = await Promise.all([folderFingerprint(analyzed.sourceRoot), folderFingerprint(analyzed.targetRoot)]);
  if (target !== analyzed.fingerprints.target) throw new TargetChangedError('target', analyzed.targetRoot);
  if (source !== analyzed.fingerprints.source) throw new TargetChangedError('source', analyzed.sourceRoot);
}
