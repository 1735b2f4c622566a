import { hostname } from 'node:os';
import * as path from 'node:path';
import { errnoCode, RecoveryError } from './fsErrors.js';
import type { FsLike } from './nodeFs.js';
import { newOperationId, type TargetPaths } from './targetPaths.js';

/**
 * Where an in-place operation is. The journal record of `swapping` is the commit point: before it
 * an interrupted operation is undone (the Target was never touched), from it on it is finished.
 *
 * - `building`: the backup and the new Target are being built in hidden folders; the Target is untouched.
 * - `swapping`: the new Target is complete and durable; the Target is being renamed to `old` and
 *   `staging` to the Target.
 * - `cleanup`: the swap is done; `old` is being removed.
 */
export type JournalPhase = 'building' | 'swapping' | 'cleanup';

/** The journal of one in-place operation on a Target (`.<name>.carryover-journal.json` next to it). */
export interface Journal {
  format: 'carryover-journal/1';
  operation: 'sync' | 'rollback';
  /** The operation id (16 hex digits) that names its hidden folders. */
  id: string;
  phase: JournalPhase;
  /** The Target folder, absolute. */
  target: string;
  /** The hidden folder where the new Target is built. */
  staging: string;
  /** The hidden folder the old Target is renamed to during the swap. */
  old: string;
  /** sync: the backup being made (kept even when the sync is undone); rollback: the backup restored (never touched). */
  backup: string | null;
  /** sync: the hidden folder the backup is copied into before it is renamed to `backup`; removed when undone. */
  backupStaging: string | null;
  pid: number;
  hostname: string;
  /** When the operation started (ISO 8601, UTC). */
  startedAt: string;
}

const PHASES: readonly JournalPhase[] = ['building', 'swapping', 'cleanup'];

/**
 * Writes the journal atomically and durably: a temporary file, fsynced, renamed over the journal,
 * then the parent folder fsynced. A crash leaves the previous journal or the new one, never a torn one.
 */
export async function writeJournal(fs: FsLike, paths: TargetPaths, journal: Journal): Promise<void> {
  const temporary = `${paths.journal}.tmp-${newOperationId()}`;
  try {
    await fs.writeFile(temporary, JSON.stringify(journal, null, 2) + '\n', { exclusive: true, durable: true });
    await fs.rename(temporary, paths.journal);
  } catch (error) {
    // The first error is the one to report; a temporary file that cannot be removed now is an
    // orphan that the next recovery removes (see recoverLocked).
    await fs.rm(temporary).catch(() => undefined);
    throw error;
  }
  await fs.fsyncDir(paths.parent);
}

/** Writes the journal with a new phase (see {@link writeJournal}). */
export async function advanceJournal(fs: FsLike, paths: TargetPaths, journal: Journal, phase: JournalPhase): Promise<Journal> {
  const next = { ...journal, phase };
  await writeJournal(fs, paths, next);
  return next;
}

/** Removes the journal (the operation is over) and makes that durable. */
export async function removeJournal(fs: FsLike, paths: TargetPaths): Promise<void> {
  await fs.unlink(paths.journal);
  await fs.fsyncDir(paths.parent);
}

/** A journal for a new operation on `paths.target`, in phase `building`. */
export function createJournal(
  paths: TargetPaths,
  operation: Journal['operation'],
  backup: { dir: string; staging: string | null } | null,
  now: Date,
): Journal {
  const id = newOperationId();
  return {
    format: 'carryover-journal/1',
    operation,
    id,
    phase: 'building',
    target: paths.target,
    staging: paths.staging(id),
    old: paths.old(id),
    backup: backup?.dir ?? null,
    backupStaging: backup?.staging ?? null,
    pid: process.pid,
    hostname: hostname(),
    startedAt: now.toISOString(),
  };
}

/**
 * Reads the Target's journal: `null` when there is none. A journal that cannot be parsed, or that
 * names folders other than the Target's own hidden siblings, is a {@link RecoveryError}: it was
 * damaged or written by something else, and acting on it could delete the wrong folder.
 */
export async function readJournal(fs: FsLike, paths: TargetPaths): Promise<Journal | null> {
  let text: string;
  try {
    text = (await fs.readFile(paths.journal)).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
  const fail = (why: string): never => {
    throw new RecoveryError(
      `The journal ${paths.journal} of an interrupted carryover operation on ${paths.target} ${why}; ` +
        'check the Target and the hidden folders next to it, then remove the journal.',
      paths.journal,
    );
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof value !== 'object' || value === null) return fail('is not a journal');
  const journal = value as Journal;
  const isHiddenSibling = (p: unknown, kind: string): boolean =>
    typeof p === 'string' &&
    path.dirname(p) === paths.parent &&
    path.basename(p) === path.basename(kind === 'new' ? paths.staging(journal.id) : paths.old(journal.id));
  const valid =
    journal.format === 'carryover-journal/1' &&
    (journal.operation === 'sync' || journal.operation === 'rollback') &&
    typeof journal.id === 'string' &&
    /^[0-9a-f]{16}$/.test(journal.id) &&
    PHASES.includes(journal.phase) &&
    journal.target === paths.target &&
    isHiddenSibling(journal.staging, 'new') &&
    isHiddenSibling(journal.old, 'old') &&
    (journal.backup === null || typeof journal.backup === 'string') &&
    (journal.backupStaging === null ||
      (typeof journal.backupStaging === 'string' &&
        typeof journal.backup === 'string' &&
        path.dirname(journal.backupStaging) === path.dirname(journal.backup) &&
        path.basename(journal.backupStaging).startsWith(`.${path.basename(journal.backup)}.carryover-tmp-`)));
  if (!valid) return fail('does not describe an operation on this Target');
  return journal;
}
