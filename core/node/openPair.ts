/**
 * The first half of the one pipeline the CLI and the app share (docs/architecture.md): finish or
 * undo an interrupted operation on the Target, then open the pair (read and validate both
 * configurations, take their fingerprints). The second half is `commitPlan.ts`.
 */
import { stat } from 'node:fs/promises';
import type { Configuration } from '../model.js';
import type { Problem } from '../problems.js';
import { sortProblems } from '../problems.js';
import { checkCaseCollisions } from '../validateConfiguration.js';
import { folderFingerprint } from './fingerprint.js';
import { describeError, errnoCode, isCarryoverFsError, RecoveryError, unchangedWriteError } from './fsErrors.js';
import { loadConfiguration, readTogether, ReadProgress } from './loadConfiguration.js';
import { acquireTargetLock, type TargetLock } from './lock.js';
import { nodeFs } from './nodeFs.js';
import { recoverInterruptedSync, recoverLocked } from './recoverInterruptedSync.js';
import { SharedParses } from './SharedParses.js';
import { targetPaths } from './targetPaths.js';

/** The input a problem belongs to. */
export type InputSide = 'source' | 'target' | 'options' | 'answers';

/** A problem with the input it belongs to. */
export interface SidedProblem extends Problem {
  side: InputSide;
}

/** Fingerprints of both folders (`folderFingerprint`), of what was read (taken as each file was read). */
export interface PairFingerprints {
  source: string;
  target: string;
}

/** An opened pair: both configurations, valid, and what their folders held when they were read. */
export interface Pair {
  sourceRoot: string;
  targetRoot: string;
  source: Configuration;
  target: Configuration;
  fingerprints: PairFingerprints;
}

/** Either the pair, or every problem of both configurations (sorted, each labelled with its side). */
export type OpenPairResult = { ok: true; pair: Pair } | { ok: false; problems: SidedProblem[] };

/** Options of {@link openPair}. */
export interface OpenPairOptions {
  /** Files read of both folders so far, and their total. */
  onProgress?: (read: number, total: number) => void;
  /** The pair read before: when neither folder changed since (same fingerprints), it is returned as is. */
  previous?: Pair;
  /** Larger files are refused before they are read (`--max-file-size`); default that of loadFile.ts. */
  maxFileSize?: number;
  /** Stops reading the folders (the app's Cancel): the opening then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * The pair is read for one merge and then dropped (the CLI's `sync` and `analyze`): a lone base
   * is held as a stand-in once validated (SharedParses.ts; docs/performance.md, "Lone bases held
   * as stand-ins"). Not for a pair kept for other options or a later resume (the app, `resume`),
   * whose merge may read it.
   */
  standIns?: boolean;
}

/**
 * Reads and validates the Source and the Target together (docs/configuration.md, "Invalid
 * input"): the files both hold with the same bytes are parsed once, and the caller gets either the
 * whole pair or every problem of both, sorted by file and pointer, each labelled with its side
 * (a name that differs only in letter case is a problem of the Source file that holds it). The
 * fingerprints are of what was read (each file's numbers taken just before it was read), so a
 * change made while reading shows at the commit.
 */
export async function openPair(sourceRoot: string, targetRoot: string, options: OpenPairOptions = {}): Promise<OpenPairResult> {
  const previous = options.previous;
  // With a pair read before, the folders are walked first, to skip reading them when unchanged;
  // otherwise each load takes its folder's fingerprint as it reads (`onFingerprint`), one walk
  // less (docs/performance.md, "`sync --out` at the floor").
  const fingerprints = { source: '', target: '' };
  if (previous) {
    [fingerprints.source, fingerprints.target] = await Promise.all([folderFingerprint(sourceRoot), folderFingerprint(targetRoot)]);
    if (sameFingerprints(previous.fingerprints, fingerprints) && previous.sourceRoot === sourceRoot && previous.targetRoot === targetRoot) {
      return { ok: true, pair: previous };
    }
  }
  const onFingerprint = (side: 'source' | 'target') => (previous ? undefined : (print: string) => (fingerprints[side] = print));
  const shared = new SharedParses({ standIns: options.standIns === true });
  const progress = options.onProgress ? new ReadProgress(2, options.onProgress) : undefined;
  const reads = readTogether(2, options.maxFileSize, options.signal, shared);
  const [source, target] = await Promise.all([
    loadConfiguration(sourceRoot, { shared, reads, progress, side: 'source', maxFileSize: options.maxFileSize, onFingerprint: onFingerprint('source') }),
    loadConfiguration(targetRoot, { shared, reads, progress, side: 'target', maxFileSize: options.maxFileSize, onFingerprint: onFingerprint('target') }),
  ]);
  const problems: SidedProblem[] = [];
  if (!source.ok) problems.push(...labelled('source', source.problems));
  if (!target.ok) problems.push(...labelled('target', target.problems));
  if (source.ok && target.ok) problems.push(...labelled('source', checkCaseCollisions(source.configuration, target.configuration)));
  if (!source.ok || !target.ok || problems.length > 0) return { ok: false, problems: sortProblems(problems) as SidedProblem[] };
  return { ok: true, pair: { sourceRoot, targetRoot, source: source.configuration, target: target.configuration, fingerprints } };
}

/** A Source opened once, to be paired with several Targets ({@link openPairWith}). */
export interface OpenedSource {
  sourceRoot: string;
  source: Configuration;
  /** The Source folder's fingerprint, taken as it was read. */
  fingerprint: string;
  /** The Source's parses, kept for each Target that holds a file with the same bytes. */
  parses: SharedParses;
}

/** Either the opened Source, or every problem of it (sorted, labelled `source`). */
export type OpenSourceResult = { ok: true; opened: OpenedSource } | { ok: false; problems: SidedProblem[] };

/**
 * Reads and validates the Source alone, once, for a run into several Targets (docs/cli.md, "Many
 * Targets"); each Target is then opened with {@link openPairWith}, which shares the Source's
 * parses as `openPair` does for two folders read together.
 */
export async function openSource(sourceRoot: string, options: Omit<OpenPairOptions, 'previous'> = {}): Promise<OpenSourceResult> {
  // The load takes the folder's fingerprint as it reads, as openPair's loads do.
  let fingerprint = '';
  const parses = new SharedParses();
  const progress = options.onProgress ? new ReadProgress(1, options.onProgress) : undefined;
  const source = await loadConfiguration(sourceRoot, { shared: parses, progress, maxFileSize: options.maxFileSize, onFingerprint: (print) => (fingerprint = print) });
  if (!source.ok) return { ok: false, problems: sortProblems(labelled('source', source.problems)) as SidedProblem[] };
  parses.seal();
  return { ok: true, opened: { sourceRoot, source: source.configuration, fingerprint, parses } };
}

/**
 * Opens a Target against a Source opened before ({@link openSource}): what `openPair` does, but
 * the Source is not read again. Its fingerprint is the one taken when it was read, so a Source
 * changed since is refused at the commit (commitPlan.ts).
 */
export async function openPairWith(opened: OpenedSource, targetRoot: string, options: Omit<OpenPairOptions, 'previous'> = {}): Promise<OpenPairResult> {
  let targetPrint = '';
  const progress = options.onProgress ? new ReadProgress(1, options.onProgress) : undefined;
  const target = await loadConfiguration(targetRoot, { shared: opened.parses, progress, maxFileSize: options.maxFileSize, onFingerprint: (print) => (targetPrint = print) });
  if (!target.ok) return { ok: false, problems: sortProblems(labelled('target', target.problems)) as SidedProblem[] };
  const collisions = labelled('source', checkCaseCollisions(opened.source, target.configuration));
  if (collisions.length > 0) return { ok: false, problems: sortProblems(collisions) as SidedProblem[] };
  return { ok: true, pair: { sourceRoot: opened.sourceRoot, targetRoot, source: opened.source, target: target.configuration, fingerprints: { source: opened.fingerprint, target: targetPrint } } };
}

/** True when both folders hold what they held when `a` and `b` were taken. */
export function sameFingerprints(a: PairFingerprints, b: PairFingerprints): boolean {
  return a.source === b.source && a.target === b.target;
}

/** Labels problems with the input they belong to. */
export function labelled(side: InputSide, problems: readonly Problem[]): SidedProblem[] {
  return problems.map((problem) => ({ ...problem, side }));
}

/**
 * Finishes or undoes an interrupted in-place sync or rollback of the Target (docs/reliability.md)
 * and returns what it did, as notes for the user. Every command on a Target does this first.
 * Nothing is done when the Target is not a folder (opening it reports that), and a missing
 * Target may be one in the middle of a swap, which this finishes.
 */
export async function recoverTarget(targetRoot: string): Promise<string[]> {
  if (await isNotAFolder(targetRoot)) return [];
  return (await recoverInterruptedSync(targetRoot)).notes;
}

/**
 * Takes the Target's lock for an in-place sync (TargetLockedError, exit 5, when another process
 * holds it), then finishes or undoes an interrupted operation under it; `onNote` gets what that
 * did. `null` when there is no Target folder to lock, even after recovery (opening reports it).
 */
export async function lockAndRecover(targetRoot: string, onNote: (note: string) => void): Promise<TargetLock | null> {
  if (await isNotAFolder(targetRoot)) return null;
  if (!(await isFolder(targetRoot))) {
    // Missing: maybe between the two renames of a swap. Recovering takes the lock only if needed.
    for (const note of await recoverTarget(targetRoot)) onNote(note);
    if (!(await isFolder(targetRoot))) return null;
  }
  let lock: TargetLock;
  try {
    lock = await acquireTargetLock(targetRoot, { command: 'sync' });
  } catch (error) {
    throw unchangedWriteError(error, `Locking the Target ${targetRoot}`, ' No backup was made.');
  }
  try {
    if (lock.note !== null) onNote(lock.note);
    const recovery = await recoverLocked(nodeFs, targetPaths(lock.target));
    for (const note of recovery.notes) onNote(note);
    return lock;
  } catch (error) {
    await lock.release();
    if (isCarryoverFsError(error) || errnoCode(error) === undefined) throw error;
    throw new RecoveryError(`Could not check ${targetRoot} for an interrupted carryover operation: ${describeError(error)}.`, targetPaths(lock.target).journal, error);
  }
}

/** True when `target` exists and is not a folder. */
async function isNotAFolder(target: string): Promise<boolean> {
  return stat(target).then(
    (s) => !s.isDirectory(),
    () => false,
  );
}

async function isFolder(target: string): Promise<boolean> {
  return stat(target).then(
    (s) => s.isDirectory(),
    () => false,
  );
}
