/**
 * Long-running operations (analysis, commit, report), polled by the renderer through
 * `jobs:status`. Polling works the same over IPC and HTTP, so both transports share it.
 */
import { randomUUID } from 'node:crypto';
import type { ApiError, JobKind, JobStatus } from '../contract.js';

interface Job<T> {
  kind: JobKind;
  status: JobStatus;
  value: T | undefined;
  cancel: () => void;
}

/** Progress callback given to a job's body: `phase` is shown to the user ("Analyzing", "Writing"). */
export type Progress = (phase: string, done: number, total: number) => void;

/** The jobs of one session. Keeps the last few finished ones so their results can be fetched. */
export class Jobs {
  private readonly jobs = new Map<string, Job<unknown>>();

  constructor(private readonly keep = 16) {}

  /**
   * Starts `body` and returns the job's id at once. `body` resolves with the job's value or
   * rejects; `toError` turns a rejection into the error shown to the user (a cancellation
   * becomes the `cancelled` state).
   */
  start<T>(
    kind: JobKind,
    body: (progress: Progress, onCancel: (f: () => void) => void) => Promise<T>,
    toError: (error: unknown) => ApiError,
  ): string {
    const id = randomUUID();
    const job: Job<T> = {
      kind,
      status: { state: 'running', kind, phase: 'Starting', done: 0, total: 0 },
      value: undefined,
      cancel: () => undefined,
    };
    let cancelled = false;
    const cancelHooks: (() => void)[] = [];
    job.cancel = () => {
      if (job.status.state !== 'running') return;
      cancelled = true;
      job.status = { state: 'cancelled', kind };
      for (const hook of cancelHooks) hook();
    };
    this.jobs.set(id, job as Job<unknown>);
    this.prune();
    const progress: Progress = (phase, done, total) => {
      if (job.status.state === 'running') job.status = { state: 'running', kind, phase, done, total };
    };
    // A hook registered after the user cancelled runs at once (the job was cancelled while reading).
    const onCancel = (hook: () => void): void => {
      if (cancelled) hook();
      else cancelHooks.push(hook);
    };
    body(progress, onCancel).then(
      (value) => {
        if (cancelled) return;
        job.value = value;
        job.status = { state: 'done', kind };
      },
      (error: unknown) => {
        if (cancelled) return;
        job.status = { state: 'failed', kind, error: toError(error) };
      },
    );
    return id;
  }

  status(id: string): JobStatus | undefined {
    return this.jobs.get(id)?.status;
  }

  /** The value of a finished job of this kind, or undefined. */
  value<T>(id: string, kind: JobKind): T | undefined {
    const job = this.jobs.get(id);
    return job && job.kind === kind && job.status.state === 'done' ? (job.value as T) : undefined;
  }

  /** Cancels a running job; returns false when there is none by that id or it has finished. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || job.status.state !== 'running') return false;
    job.cancel();
    return true;
  }

  /** True while a job of this kind is running. */
  running(kind?: JobKind): boolean {
    for (const job of this.jobs.values()) if (job.status.state === 'running' && (!kind || job.kind === kind)) return true;
    return false;
  }

  private prune(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (job.status.state !== 'running') this.jobs.delete(id);
    }
  }
}
