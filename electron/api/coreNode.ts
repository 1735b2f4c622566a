/**
 * The core functions the back end calls, in one place: the app never re-implements a rule, it
 * calls these. Also maps core's typed write errors to API errors.
 */
import { checkCaseCollisions } from '../../core/validateConfiguration.js';
import { parseOptions, protectedRefusals } from '../../core/parseOptions.js';
import { renderHtmlReport } from '../../core/report/renderHtmlReport.js';
import { loadConfiguration, ReadProgress } from '../../core/node/loadConfiguration.js';
import { SharedParses } from '../../core/node/SharedParses.js';
import { folderFingerprint } from '../../core/node/fingerprint.js';
import { writeOut } from '../../core/node/writeOut.js';
import { commitInPlace } from '../../core/node/commitInPlace.js';
import { rollback } from '../../core/node/rollback.js';
import { rollbackHistory } from '../../core/node/rollbackHistory.js';
import { recoverInterruptedSync } from '../../core/node/recoverInterruptedSync.js';
import { isCarryoverFsError } from '../../core/node/fsErrors.js';
import type { OutputPlan } from '../../core/analysis.js';
import type { ValidateConfigurationResult } from '../../core/validateConfiguration.js';
import type { ApiError, SyncHistoryEntry } from './contract.js';

export const core = {
  /**
   * Reads and validates the Source and the Target together, as the CLI does: the files both hold
   * with the same bytes are parsed once; `onProgress` counts the files read of both.
   */
  loadConfigurations: (
    sourceRoot: string,
    targetRoot: string,
    onProgress?: (read: number, total: number) => void,
  ): Promise<[ValidateConfigurationResult, ValidateConfigurationResult]> => {
    const shared = new SharedParses();
    const progress = onProgress ? new ReadProgress(2, onProgress) : undefined;
    return Promise.all([loadConfiguration(sourceRoot, { shared, progress }), loadConfiguration(targetRoot, { shared, progress })]);
  },
  checkCaseCollisions,
  folderFingerprint,
  parseOptions,
  protectedRefusals,
  renderHtmlReport,
  recoverInterruptedSync: async (targetRoot: string): Promise<void> => {
    await recoverInterruptedSync(targetRoot);
  },
  writeOut: async (input: {
    plan: OutputPlan;
    sourceRoot: string;
    targetRoot: string;
    outDir: string;
    onProgress?: (written: number, total: number) => void;
  }): Promise<void> => {
    await writeOut(input);
  },
  /** Commits in place and returns the backup folder. */
  commitInPlace: async (input: {
    plan: OutputPlan;
    sourceRoot: string;
    targetRoot: string;
    backupDir?: string;
    onProgress?: (phase: 'backup' | 'writing', done: number, total: number) => void;
  }): Promise<string> => {
    const result = await commitInPlace(input);
    return result.backupDir;
  },
  /** Rolls back; returns the sync undone (when the backup is the one it recorded). */
  rollback: async (input: { targetRoot: string; backupDir?: string }): Promise<{ time: string; source: string } | null> => {
    const result = await rollback(input);
    return result.undid === null ? null : { time: result.undid.time, source: result.undid.source };
  },
  /** The Target's in-place syncs, newest first. */
  rollbackHistory: async (targetRoot: string): Promise<SyncHistoryEntry[]> =>
    (await rollbackHistory(targetRoot)).map(({ time, source, backup, backupFound, next }) => ({ time, source, backup, backupFound, next })),
  /** The API error for a typed error of core/node's writing, or null for anything else. */
  fsErrorOf(error: unknown): ApiError | null {
    if (!isCarryoverFsError(error)) return null;
    return { code: error.exitCode === 2 ? 'invalid-request' : 'write-failed', message: error.message };
  },
};
