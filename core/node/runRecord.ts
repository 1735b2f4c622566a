import { userInfo } from 'node:os';

/** When and by whom a run happened, as a report records it (docs/reports.md, "What a report records"). */
export interface RunRecord {
  /** ISO 8601 UTC to the second. */
  createdAt: string;
  /** The operating system's user name; absent when the system has none for this process. */
  createdBy?: string;
}

/**
 * The time and user a report of a writing run records. The time is `SOURCE_DATE_EPOCH` (seconds
 * since 1970, the reproducible-builds convention) when set, so that a run can be replayed to the
 * same bytes; else the clock, to the second.
 */
export function runRecord(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): RunRecord {
  const epoch = env['SOURCE_DATE_EPOCH'];
  const seconds = epoch !== undefined && /^\d+$/.test(epoch) ? Number(epoch) : Math.floor(now().getTime() / 1000);
  const createdAt = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  let createdBy: string | undefined;
  try {
    createdBy = userInfo().username;
  } catch {
    // userInfo() throws where the process's uid has no passwd entry (some containers): the
    // environment's USER / USERNAME is the next best name, and absent is honest when neither is set.
    createdBy = env['USER'] ?? env['USERNAME'];
  }
  return createdBy !== undefined && createdBy !== '' ? { createdAt, createdBy } : { createdAt };
}
