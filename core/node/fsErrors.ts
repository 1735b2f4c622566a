/**
 * Typed errors of writing a merged Target (`sync --out`, `sync --in-place`, `rollback`).
 *
 * Every error carries a stable `code` and the CLI exit code it maps to (docs/cli.md, "Exit
 * codes"): 2 for a usage error (nothing was attempted), 5 for a write that failed or was refused
 * while the Target stays unchanged (or was restored). Anything else thrown by these modules is a
 * bug (exit 1).
 */

/** Codes of {@link WriteUsageError}: the command line asks for something that cannot be done (exit 2). */
export type WriteUsageCode =
  /** `--out DIR` exists and is not an empty folder. */
  | 'out-dir-not-empty'
  /** `--out DIR` or `--backup DIR` lies inside the Source or the Target (it would change an input). */
  | 'inside-input'
  /** `--backup DIR` already exists. */
  | 'backup-exists'
  /** The Target to write in place (or the folder to roll back) does not exist or is not a folder. */
  | 'target-missing'
  /** `rollback` without `--backup`, and the Target records no in-place sync. */
  | 'no-backup-recorded'
  /** The backup to restore does not exist. */
  | 'backup-missing'
  /** The backup to restore has no completion marker, or no longer matches its manifest. */
  | 'backup-incomplete'
  /** `--report` / `--output` lies inside an input, the output or the backup, or names something other than a regular file. */
  | 'report-refused'
  /** `rollback` of a Target changed since its sync, without `--discard-changes`. */
  | 'target-changed';

/** Every code of a {@link CarryoverFsError}. */
export type CarryoverFsErrorCode = WriteUsageCode | 'target-locked' | 'target-changed' | 'write-failed' | 'recovery-failed';

/** Base class of the typed errors of `core/node` writing; `exitCode` is the CLI's (docs/cli.md). */
export abstract class CarryoverFsError extends Error {
  abstract readonly code: CarryoverFsErrorCode;
  abstract readonly exitCode: 2 | 5;
}

/** The request cannot be carried out as given; nothing was written (exit 2). */
export class WriteUsageError extends CarryoverFsError {
  override readonly name = 'WriteUsageError';
  readonly exitCode = 2 as const;
  constructor(
    readonly code: WriteUsageCode,
    message: string,
    /** The path the problem is about. */
    readonly path: string,
  ) {
    super(message);
  }
}

/** Who holds a Target's lock, as recorded in the lock file. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** When the lock was taken (ISO 8601, UTC). */
  startedAt: string;
  /** What the holder is doing: `sync`, `rollback`, `recover`. */
  command: string;
}

/**
 * Another live carryover process holds the Target's lock (or the lock cannot be judged stale);
 * nothing was written (exit 5: the Target is unchanged).
 */
export class TargetLockedError extends CarryoverFsError {
  override readonly name = 'TargetLockedError';
  readonly code = 'target-locked' as const;
  readonly exitCode = 5 as const;
  constructor(
    message: string,
    /** The lock file. */
    readonly lockPath: string,
    /** What the lock file says, or `null` when it is empty or unreadable. */
    readonly holder: LockHolder | null,
  ) {
    super(message);
  }
}

/**
 * The Source or the Target changed between the moment they were read for the analysis and the
 * commit (another process, a second window, an editor): the plan describes folders that are no
 * longer there, so nothing was written (exit 5: the Target is unchanged). See docs/architecture.md.
 */
export class TargetChangedError extends CarryoverFsError {
  override readonly name = 'TargetChangedError';
  readonly code = 'target-changed' as const;
  readonly exitCode = 5 as const;
  constructor(
    /** Which folder changed. */
    readonly side: 'source' | 'target',
    /** That folder. */
    readonly path: string,
  ) {
    super(`${path}: the ${side === 'source' ? 'Source' : 'Target'} changed since it was analyzed: analyze again. Nothing was written.`);
  }
}

/**
 * Writing failed (no space, no permission, a read-only file system, ...). The Target is unchanged
 * or was restored (`targetUnchanged`), and the message says where the backup is (exit 5).
 */
export class WriteError extends CarryoverFsError {
  override readonly name = 'WriteError';
  readonly code = 'write-failed' as const;
  readonly exitCode = 5 as const;
  constructor(
    message: string,
    /** The complete backup of the Target made before the failure, or `null` when none was made. */
    readonly backupDir: string | null,
    /**
     * True when the Target is exactly as before (never touched, or restored). False only when even
     * restoring failed; then the message names the folders and the journal lets the next
     * carryover command finish or undo the swap.
     */
    readonly targetUnchanged: boolean,
    /** The underlying error (with its `code`: `ENOSPC`, `EACCES`, `EROFS`, ...). */
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/**
 * An interrupted sync or rollback could not be finished or undone automatically (an unreadable
 * journal, folders missing that the journal names). The message names the journal and the
 * folders so a person can sort it out (exit 5).
 */
export class RecoveryError extends CarryoverFsError {
  override readonly name = 'RecoveryError';
  readonly code = 'recovery-failed' as const;
  readonly exitCode = 5 as const;
  constructor(
    message: string,
    /** The journal file that describes the interrupted operation. */
    readonly journalPath: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/** True for the typed errors above (which map to exit 2 or 5); anything else is a bug (exit 1). */
export function isCarryoverFsError(error: unknown): error is CarryoverFsError {
  return error instanceof CarryoverFsError;
}

/** The `code` of a Node.js system error (`ENOENT`, `ENOSPC`, ...), or `undefined`. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A short description of a system error for a message: `ENOSPC: no space left on device, open '/x'`. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * For an error raised before anything was written: a system error (it has an errno code) becomes
 * a {@link WriteError} saying the Target is unchanged (`what failed: ... The Target is unchanged.`
 * then `after`); typed errors and bugs are returned as they are.
 */
export function unchangedWriteError(error: unknown, what: string, after: string): unknown {
  if (error instanceof CarryoverFsError || errnoCode(error) === undefined) return error;
  return new WriteError(`${what} failed: ${describeError(error)}. The Target is unchanged.${after}`, null, true, error);
}
