/**
 * The core functions the back end calls besides the pipeline (core/node/openPair.ts and
 * commitPlan.ts, shared with the CLI): the app never re-implements a rule, it calls these. Also
 * maps core's typed write errors to API errors.
 */
import { parseOptions, protectedRefusals } from '../../core/parseOptions.js';
import { renderHtmlReport } from '../../core/report/renderHtmlReport.js';
import { rollback } from '../../core/node/rollback.js';
import { rollbackHistory } from '../../core/node/rollbackHistory.js';
import { isCarryoverFsError } from '../../core/node/fsErrors.js';
import type { ApiError, SyncHistoryEntry } from '../contract.js';

export const core = {
  parseOptions,
  protectedRefusals,
  renderHtmlReport,
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
