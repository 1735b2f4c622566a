/**
 * Worker-thread entry: keeps the Source and the Target it was given (`load`), and runs
 * `synchronize` on them off the main thread (Electron main or the web server) for each `run`,
 * posting throttled progress, then the analysis. The pair is handed over once: copying two
 * configurations of thousands of forms into a thread takes seconds, a run on them far less. A run
 * stops at its next object once its `cancel` flag is set.
 */
import { parentPort } from 'node:worker_threads';
import type { Configuration } from '../../core/model.js';
import { synchronize } from '../../core/synchronize.js';
import { answerMap, type WorkerMessage, type WorkerRequest } from './synchronizeJob.js';

const port = parentPort;
if (!port) throw new Error('synchronizeWorker must run in a worker thread');

/** Thrown from the progress callback to stop a cancelled run. */
class Cancelled {}

let pair: { source: Configuration; target: Configuration } | null = null;
const post = (message: WorkerMessage): void => port.postMessage(message);

port.on('message', (request: WorkerRequest) => {
  if (request.kind === 'load') {
    pair = { source: request.source, target: request.target };
    return;
  }
  const { id, cancel } = request;
  let lastPost = 0;
  try {
    if (pair === null) throw new Error('the analysis worker was given no configurations');
    const analysis = synchronize({
      source: pair.source,
      target: pair.target,
      options: request.options,
      answers: answerMap(request.answers),
      answerDefault: request.answerDefault,
      allowDestructive: request.allowDestructive,
      ...(request.leave !== undefined ? { leave: request.leave } : {}),
      onProgress: (done, total) => {
        if (Atomics.load(cancel, 0) !== 0) throw new Cancelled();
        const now = Date.now();
        // At most ~20 messages a second, plus the last one.
        if (done === total || now - lastPost >= 50) {
          lastPost = now;
          post({ kind: 'progress', id, done, total });
        }
      },
    });
    post({ kind: 'done', id, analysis });
  } catch (error) {
    if (error instanceof Cancelled) {
      post({ kind: 'cancelled', id });
      return;
    }
    const e = error instanceof Error ? error : new Error(String(error));
    post({ kind: 'error', id, message: e.message, stack: e.stack ?? '' });
  }
});
