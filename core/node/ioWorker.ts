import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { flagForNewThread, reassertYoungGenerationCap } from './youngGeneration.js';

/**
 * One worker thread for the file work of a command, kept between its jobs: the reading of the
 * configurations (readFiles.ts), then the copies of the unchanged files (copyFiles.ts). Starting a
 * thread costs about 0.05 s of CPU and of wall time (a V8 isolate, Node's own modules); a
 * `sync --out` needs one to read and one to copy, one after the other, and the CLI starts it
 * ahead of need (`prestartIoWorker`), while it lists the folders (docs/performance.md, "One
 * thread for the file work").
 *
 * A job is code evaluated on the thread (its modules are its parameters: `require`, `parentPort`,
 * the job's own port, and `workerData`, the job's data), so that the thread needs no file of its
 * own beside the compiled modules, under vitest or in the bundle alike. A job talks to its caller
 * through its own port only, and says itself when it has ended; the thread then waits, without
 * holding the process open, for the next job. A job that fails without a word, or a thread that
 * dies, ends the thread: it is never given another job.
 */
export interface IoJob {
  /** The job's end of its port: what the job posts arrives here. */
  readonly port: MessagePort;
  /**
   * Calls `listener` if the thread dies (it ran out of memory, was killed, or the job threw)
   * before the job is done; the listener is dropped with the job.
   */
  onGone(listener: (error?: unknown) => void): void;
  /** The job has ended and its thread may take the next (call once, after the job's last message). */
  done(): void;
  /** Ends the thread now, the job with it (an abort): the thread takes no other job. */
  terminate(): void;
}

/** The thread's own code: it runs each job it is sent, one at a time. */
const RUNNER = `
const { parentPort, workerData } = require('node:worker_threads');
// Making this thread's heap undid the CLI's ceiling on the main thread's young generation
// (youngGeneration.ts): set it again at once, not only when the main thread hears of this start.
if (workerData.stopGrowth !== null) require('node:v8').setFlagsFromString(workerData.stopGrowth);
parentPort.on('message', (job) => {
  // Modules a later job will import, loaded while the thread waits (a failure is that job's).
  if (job.preload !== undefined) for (const url of job.preload) import(url).catch(() => undefined);
  else new Function('require', 'parentPort', 'workerData', job.source)(require, job.port, job.data);
});
`;

/**
 * The young generation of the thread's heap, in MB (V8 makes it three semi-spaces' worth: here
 * 2 MB each, against up to 16 MB by default). The thread's jobs keep little: the bytes it reads
 * leave it, and a lone base it checks is dropped once checked. A small young generation is
 * collected more often but stays in the processor's caches: a sync at 2,000 forms took some
 * 0.04 s less CPU, and its peak memory fell by 4 MB (docs/performance.md, "The smaller pair,
 * again").
 */
const YOUNG_GENERATION_MB = 6;

/** A started thread with no job, with whether it is still alive. */
let idle: { worker: Worker; alive: boolean } | null = null;

/** Starts a thread, or returns null where none can start (a restricted runtime). */
function start(): { worker: Worker; alive: boolean } | null {
  let worker: Worker;
  try {
    worker = new Worker(RUNNER, {
      eval: true,
      workerData: { stopGrowth: flagForNewThread() },
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
  } catch {
    return null;
  }
  const entry = { worker, alive: true };
  const gone = (): void => {
    entry.alive = false;
    if (idle === entry) idle = null;
  };
  worker.on('exit', gone);
  worker.on('error', gone);
  // Making the thread's heap undid the CLI's ceiling on the main thread's young generation, if
  // it was reached while the thread started (else the thread set it again itself).
  worker.once('online', reassertYoungGenerationCap);
  return entry;
}

/**
 * Starts the thread now, if none is waiting, so that its start overlaps other work (the listing
 * of the folders), and has it import `preload` (module URLs) meanwhile, for a job that will (the
 * reader's check of lone bases: readFiles.ts, `readerModules`). It holds the process open only
 * while it has a job.
 */
export function prestartIoWorker(preload: readonly string[] = []): void {
  if (idle === null) {
    idle = start();
    idle?.worker.unref();
  }
  if (idle !== null && preload.length > 0) idle.worker.postMessage({ preload });
}

/**
 * Runs `source` on the waiting thread, or on a new one, with `data` (and `transfer`, moved rather
 * than copied). Returns null when no thread can start: the caller then does the work itself.
 */
export function runIoJob(source: string, data: unknown, transfer: readonly ArrayBuffer[] = []): IoJob | null {
  const entry = idle !== null && idle.alive ? idle : start();
  idle = null;
  if (entry === null) return null;
  const { worker } = entry;
  worker.ref();
  const { port1, port2 } = new MessageChannel();
  worker.postMessage({ source, data, port: port2 }, [port2, ...transfer]);
  let ended = false;
  const listeners: [event: 'exit' | 'error', listener: (error?: unknown) => void][] = [];
  const drop = (): void => {
    for (const [event, listener] of listeners.splice(0)) worker.off(event, listener);
  };
  return {
    port: port1,
    onGone(listener) {
      // A thread that fails says `error` and then `exit`: the listener hears the first only.
      const onExit = (): void => {
        drop();
        listener();
      };
      const onError = (error?: unknown): void => {
        drop();
        listener(error);
      };
      listeners.push(['exit', onExit], ['error', onError]);
      worker.on('exit', onExit).on('error', onError);
    },
    done() {
      if (ended) return;
      ended = true;
      drop();
      port1.close();
      if (entry.alive && idle === null) {
        worker.unref();
        idle = entry;
      } else {
        void worker.terminate();
      }
    },
    terminate() {
      ended = true;
      entry.alive = false;
      port1.close();
      void worker.terminate();
    },
  };
}
