/**
 * The core functions the back end calls besides the pipeline (core/node/openPair.ts and
 * commitPlan.ts, shared with the CLI): the app never re-implements a rule, it calls these. Also
 * maps core's typed write errors to API errors.
 */
import { parseOptions, protectedRefusals } from '../../core/parseOptions.js';
import { renderHtmlReport } from '../../core/report/renderHtmlReport.js';
import { rollback } from '../../core/node/rollback.js';
import { isCarryoverFsError } from '../../core/node/fsErrors.js';
import type { ApiError } from '../contract.js';

export const core = {
  parseOptions,
  protectedRefusals,
  renderHtmlReport,
  rollback: async (input: { targetRoot: string; backupDir?: string }): Promise<void> => {
    await rollback(input);
  },
  /** The API error for a typed error of core/node's writing, or null for anything else. */
  fsErrorOf(error: unknown): ApiError | null {
    if (!isCarryoverFsError(error)) return null;
    return { code: error.exitCode === 2 ? 'invalid-request' : 'write-failed', message: error.message };
  },
};
