/**
 * Worker-thread entry: runs `synchronize` off the main thread (Electron main or the web server),
 * posting throttled progress, then the analysis. Terminating the worker is how Cancel works.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { synchronize } from '../../core/synchronize.js';
import { answerMap, type SynchronizeRequest, type WorkerMessage } from './synchronizeJob.js';

const port = parentPort;
if (!port) throw new Error('synchronizeWorker must run in a worker thread');

const request = workerData as SynchronizeRequest;
let lastPost = 0;
const post = (message: WorkerMessage): void => port.postMessage(message);

try {
  const analysis = synchronize({
    source: request.source,
    target: request.target,
    options: request.options,
    answers: answerMap(request.answers),
    answerDefault: request.answerDefault,
    allowDestructive: request.allowDestructive,
    onProgress: (done, total) => {
      const now = Date.now();
      // At most ~20 messages a second, plus the last one.
      if (done === total || now - lastPost >= 50) {
        lastPost = now;
        post({ kind: 'progress', done, total });
      }
    },
  });
  post({ kind: 'done', analysis });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ kind: 'error', message: e.message, stack: e.stack ?? '' });
}
