/**
 * Runners for `synchronize`: in a worker thread (the app), or in process (unit tests, where the
 * worker's compiled file may not exist). Both honour cancel and report progress.
 */
import { Worker } from 'node:worker_threads';
import { synchronize } from '../../core/synchronize.js';
import type { Analysis } from '../../core/analysis.js';
import type { Configuration } from '../../core/model.js';
import {
  answerMap,
  CancelledError,
  type SynchronizeRequest,
  type SynchronizeRunner,
  type WorkerMessage,
  type WorkerRequest,
} from './synchronizeJob.js';

/** The compiled worker beside this module (build/electron/analysis/synchronizeWorker.js). */
export const defaultWorkerUrl = new URL('./synchronizeWorker.js', import.meta.url);

/** The runs in progress on one worker, by id. */
interface RunHandlers {
  progress: (done: number, total: number) => void;
  resolve: (analysis: Analysis) => void;
  reject: (error: Error) => void;
}

/** A worker thread holding one pair of configurations. */
interface PairWorker {
  worker: Worker;
  source: Configuration;
  target: Configuration;
  runs: Map<number, RunHandlers>;
  /** Set once the thread failed or exited: the next run starts another. */
  dead: boolean;
}

/** Keeps the process alive while a run is in progress on the thread, and no longer. */
function holdWhileRunning(state: PairWorker, run: Promise<Analysis>): void {
  state.worker.ref();
  const release = (): void => {
    if (state.runs.size === 0 && !state.dead) state.worker.unref();
  };
  run.then(release, release);
}

/**
 * Runs requests in a worker thread that keeps the last pair of configurations it was given: a
 * request on the same `source` and `target` objects (the session's pair: an analysis, then
 * previews and the commit) reuses it, and a new pair starts a new thread (the old one ends).
 * Cancel sets the run's flag, which the worker checks at every object; the run's promise rejects
 * at once with `CancelledError`. The thread does not keep the process alive.
 */
export function workerRunner(workerUrl: URL = defaultWorkerUrl): SynchronizeRunner & { readonly threadsStarted: number } {
  let current: PairWorker | null = null;
  let nextId = 1;
  let threadsStarted = 0;

  const start = (source: Configuration, target: Configuration): PairWorker => {
    const worker = new Worker(workerUrl);
    threadsStarted++;
    const state: PairWorker = { worker, source, target, runs: new Map(), dead: false };
    const failAll = (error: Error): void => {
      state.dead = true;
      for (const run of state.runs.values()) run.reject(error);
      state.runs.clear();
    };
    worker.on('message', (message: WorkerMessage) => {
      const run = state.runs.get(message.id);
      if (!run) return; // cancelled meanwhile
      switch (message.kind) {
        case 'progress':
          run.progress(message.done, message.total);
          break;
        case 'done':
          state.runs.delete(message.id);
          run.resolve(message.analysis);
          break;
        case 'cancelled':
          state.runs.delete(message.id);
          run.reject(new CancelledError());
          break;
        case 'error': {
          state.runs.delete(message.id);
          const error = new Error(message.message);
          error.stack = message.stack;
          run.reject(error);
          break;
        }
      }
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the analysis worker stopped (exit code ${code})`)));
    worker.postMessage({ kind: 'load', source, target } satisfies WorkerRequest);
    // Idle, the thread does not keep the process alive (after the listeners: adding a 'message'
    // listener refs it again); a run in progress does (see holdWhileRunning).
    worker.unref();
    return state;
  };

  const workerFor = (source: Configuration, target: Configuration): PairWorker => {
    if (current && !current.dead && current.source === source && current.target === target) return current;
    if (current && !current.dead) void current.worker.terminate();
    current = start(source, target);
    return current;
  };

  const runner: SynchronizeRunner = (request, onProgress) => {
    const state = workerFor(request.source, request.target);
    const id = nextId++;
    const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
    let settled = false;
    const promise = new Promise<Analysis>((resolve, reject) => {
      const settle = <T>(f: (value: T) => void) => (value: T): void => {
        if (settled) return;
        settled = true;
        f(value);
      };
      state.runs.set(id, { progress: (done, total) => !settled && onProgress(done, total), resolve: settle(resolve), reject: settle(reject) });
    });
    holdWhileRunning(state, promise);
    const { options, answers, answerDefault, allowDestructive, leave } = request;
    state.worker.postMessage({ kind: 'run', id, cancel: cancelFlag, options, answers, answerDefault, allowDestructive, ...(leave !== undefined ? { leave } : {}) } satisfies WorkerRequest);
    return {
      promise,
      cancel: () => {
        Atomics.store(cancelFlag, 0, 1);
        const run = state.runs.get(id);
        state.runs.delete(id);
        run?.reject(new CancelledError());
      },
    };
  };
  runner.prepare = (source, target) => void workerFor(source, target);
  return Object.defineProperty(runner, 'threadsStarted', { get: () => threadsStarted }) as SynchronizeRunner & { readonly threadsStarted: number };
}

/**
 * Runs `synchronize` in this thread, after the current tick, so a cancel issued right after the
 * start is honoured. For tests: the UI-thread guarantee comes from `workerRunner`.
 */
export function inProcessRunner(): SynchronizeRunner {
  return (request: SynchronizeRequest, onProgress) => {
    let cancelled = false;
    let rejectRun: (error: Error) => void = () => undefined;
    const promise = new Promise<Analysis>((resolve, reject) => {
      rejectRun = reject;
      setImmediate(() => {
        if (cancelled) return;
        try {
          resolve(
            synchronize({
              source: request.source,
              target: request.target,
              options: request.options,
              answers: answerMap(request.answers),
              answerDefault: request.answerDefault,
              allowDestructive: request.allowDestructive,
              ...(request.leave !== undefined ? { leave: request.leave } : {}),
              onProgress,
            }),
          );
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    return {
      promise,
      cancel: () => {
        cancelled = true;
        rejectRun(new CancelledError());
      },
    };
  };
}
