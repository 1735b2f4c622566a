/**
 * The message protocol between the back end and the worker thread that runs `synchronize`.
 * Shared by the worker and by the runners, so both ends agree on one shape.
 */
import type { Analysis } from '../../core/analysis.js';
import type { Configuration } from '../../core/model.js';
import type { Options } from '../../core/options.js';
import type { AnswerMap } from '../api/contract.js';

/** Everything one run of `synchronize` needs; structured-clone safe (Maps included). */
export interface SynchronizeRequest {
  source: Configuration;
  target: Configuration;
  options: Options;
  answers: AnswerMap;
  /** Answer for prompts left unanswered (a preview of the result): `keep`. */
  answerDefault?: 'keep' | 'replace';
  allowDestructive: boolean;
}

/** What the worker posts back. */
export type WorkerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'done'; analysis: Analysis }
  | { kind: 'error'; message: string; stack: string };

/** A run in progress: its outcome, and a way to stop it. */
export interface SynchronizeRun {
  /** Resolves with the analysis; rejects with `CancelledError` after `cancel()`, or with the worker's error. */
  readonly promise: Promise<Analysis>;
  cancel(): void;
}

/** Starts `synchronize`, reporting progress as objects analyzed of total. */
export type SynchronizeRunner = (request: SynchronizeRequest, onProgress: (done: number, total: number) => void) => SynchronizeRun;

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
