import type { ApiError, CarryoverApi, JobKind, JobStatus } from '../../../electron/contract.js';

/** A running job as the UI shows it. */
export interface JobView {
  id: string;
  kind: JobKind;
  phase: string;
  done: number;
  total: number;
}

/** How often a running job is polled, in milliseconds. */
export const POLL_INTERVAL_MS = 80;

/**
 * Polls a job until it is no longer running, reporting each running status. Resolves with the
 * final status; a failed poll resolves as a failed job.
 */
export async function pollJob(
  api: CarryoverApi,
  jobId: string,
  kind: JobKind,
  onProgress: (status: Extract<JobStatus, { state: 'running' }>) => void,
): Promise<JobStatus> {
  for (;;) {
    const status = await api.jobs.status({ jobId });
    if (!status.ok) return { state: 'failed', kind, error: status.error };
    if (status.value.state !== 'running') return status.value;
    onProgress(status.value);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

/** The error of a job that did not finish (`null` when cancelled). */
export function jobError(status: JobStatus): ApiError | null {
  return status.state === 'failed' ? status.error : null;
}
