/**
 * Runners for `synchronize`: in a worker thread (the app), or in process (unit tests, where the
 * worker's compiled file may not exist). Both honour cancel and report progress.
 */
import { Worker } from 'node:worker_threads';
import { synchronize } from '../../core/synchronize.js';
import type { Analysis } from '../../core/analysis.js';
import {
  answerMap,
  CancelledError,
  type SynchronizeRequest,
  type SynchronizeRunner,
  type WorkerMessage,
} from './synchronizeJob.js';

/** The compiled worker beside this module (build/electron/analysis/synchronizeWorker.js). */
export const defaultWorkerUrl = new URL('./synchronizeWorker.js', import.meta.url);

/** Runs each request in a fresh worker thread; `cancel()` terminates it. */
export function workerRunner(workerUrl: URL = defaultWorkerUrl): SynchronizeRunner {
  return (request, onProgress) => {
    const worker = new Worker(workerUrl, { workerData: request });
    let settled = false;
    let cancel: () => void = () => undefined;
    const promise = new Promise<Analysis>((resolve, reject) => {
      const settle = (f: () => void): void => {
        if (settled) return;
        settled = true;
        f();
      };
      worker.on('message', (message: WorkerMessage) => {
        switch (message.kind) {
          case 'progress':
            if (!settled) onProgress(message.done, message.total);
            break;
          case 'done':
            settle(() => resolve(message.analysis));
            void worker.terminate();
            break;
          case 'error': {
            const error = new Error(message.message);
            error.stack = message.stack;
            settle(() => reject(error));
            void worker.terminate();
            break;
          }
        }
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`the analysis worker stopped (exit code ${code})`))));
      cancel = () => {
        settle(() => reject(new CancelledError()));
        void worker.terminate();
      };
    });
    return { promise, cancel: () => cancel() };
  };
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
