/**
 * The message protocol between the back end and the worker thread that runs `synchronize`.
 * Shared by the worker and by the runners, so both ends agree on one shape.
 */
import type { Analysis } from '../../core/analysis.js';
import type { Configuration } from '../../core/model.js';
import type { Options } from '../../core/options.js';
import type { LeaveVersion } from '../../core/synchronize.js';
import type { AnswerMap } from '../contract.js';

/** Everything one run of `synchronize` needs; structured-clone safe (Maps included). */
export interface SynchronizeRequest {
  source: Configuration;
  target: Configuration;
  options: Options;
  answers: AnswerMap;
  /** Answer for prompts left unanswered (a preview of the result): `keep`. */
  answerDefault?: 'keep' | 'replace';
  allowDestructive: boolean;
  /** Versions left as they are (phase 2 of an upgrade: `SyncInput.leave`, docs/sessions.md). */
  leave?: ReadonlyMap<string, LeaveVersion>;
}

/**
 * What the back end posts to the analysis worker: the pair to keep (once per pair), then runs on
 * it. `cancel` is a flag (one Int32, set to 1) that the worker checks as it goes.
 */
export type WorkerRequest =
  | { kind: 'load'; source: Configuration; target: Configuration }
  | ({ kind: 'run'; id: number; cancel: Int32Array } & Omit<SynchronizeRequest, 'source' | 'target'>);

/** What the worker posts back, for the run `id`. */
export type WorkerMessage =
  | { kind: 'progress'; id: number; done: number; total: number }
  | { kind: 'done'; id: number; analysis: Analysis }
  | { kind: 'cancelled'; id: number }
  | { kind: 'error'; id: number; message: string; stack: string };

/** A run in progress: its outcome, and a way to stop it. */
export interface SynchronizeRun {
  /** Resolves with the analysis; rejects with `CancelledError` after `cancel()`, or with the worker's error. */
  readonly promise: Promise<Analysis>;
  cancel(): void;
}

/**
 * Starts `synchronize`, reporting progress as objects analyzed of total. `prepare`, when the
 * runner has it, gets ready for runs on a pair ahead of the first one.
 */
export type SynchronizeRunner = ((request: SynchronizeRequest, onProgress: (done: number, total: number) => void) => SynchronizeRun) & {
  prepare?: (source: Configuration, target: Configuration) => void;
};

/** The run was cancelled by the user. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Turns the request's plain answer record into the Map `synchronize` takes. */
export function answerMap(answers: AnswerMap): Map<string, AnswerMap[string]> {
  return new Map(Object.entries(answers));
}
