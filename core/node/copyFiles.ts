import * as fs from 'node:fs';
import { CarryoverBug } from '../bug.js';
import { runIoJob } from './ioWorker.js';

/**
 * Copies the regular file `from` to the new file `to`, synchronously, never through a symbolic
 * link: `from` is opened without following a link in its last component (and without blocking on
 * a named pipe), checked to be a regular file, and the copy is made from that open file (on Linux
 * through `/proc/self/fd`, which keeps the kernel's copy and clone; elsewhere by reading and
 * writing the descriptor). A file swapped for a link or a pipe after it was validated is refused
 * (`ELOOP`, `EUNSUPPORTED`), never copied through (docs/reliability.md, "Long and odd Targets").
 * `to` must not exist (`EEXIST`).
 *
 * Self-contained (its modules are parameters, it names nothing outside itself), because the
 * copying thread of {@link copyFiles} runs this very function from its source text.
 */
export function copyOneSync(nodeFs: typeof fs, platform: string, from: string, to: string): void {
  const { constants } = nodeFs;
  const fd = nodeFs.openSync(from, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = nodeFs.fstatSync(fd);
    if (!stat.isFile()) {
      throw Object.assign(new Error(`cannot copy ${from}: it is no longer a regular file`), { code: 'EUNSUPPORTED', path: from });
    }
    if (platform === 'linux') {
      try {
        // COPYFILE_EXCL: never overwrite; FICLONE: clone where possible, else a plain copy.
        nodeFs.copyFileSync(`/proc/self/fd/${fd}`, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        return;
      } catch (error) {
        // No /proc (a restricted container): read and write the descriptor below.
        const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
        if (code !== 'ENOENT' || nodeFs.lstatSync(to, { throwIfNoEntry: false }) !== undefined) throw error;
      }
    }
    const out = nodeFs.openSync(to, 'wx', stat.mode & 0o7777);
    try {
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let position = 0; ; ) {
        const bytesRead = nodeFs.readSync(fd, buffer, 0, buffer.length, position);
        if (bytesRead === 0) break;
        for (let written = 0; written < bytesRead; ) written += nodeFs.writeSync(out, buffer, written, bytesRead - written);
        position += bytesRead;
      }
    } finally {
      nodeFs.closeSync(out);
    }
    nodeFs.chmodSync(to, stat.mode & 0o7777);
  } finally {
    nodeFs.closeSync(fd);
  }
}

/** Options of {@link copyFiles}. */
export interface CopyFilesOptions {
  /** Called once per file copied (for a progress display), in batches. */
  onFile?: () => void;
  /** Stops the copying at the next file: the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** From this many files on, another thread copies them. Default {@link COPYING_THREAD_FROM}. */
  threadFrom?: number;
}

/** Fewer files than this are copied on the calling thread: starting a thread costs more. */
export const COPYING_THREAD_FROM = 256;

/** Copies between two reports of the copying thread (and between two turns of the event loop when copying here). */
const COPIES_PER_REPORT = 64;

/**
 * Copies every `[from, to]` pair as {@link copyOneSync} does, and resolves once all are copied.
 * On the first failure no further copy starts, and the promise rejects with that failure (a
 * system error with its `code`, `syscall` and `path`), only once no copy is in flight any more,
 * so that a caller's clean-up never races a copy.
 *
 * Many files are copied by a thread of their own, and by this thread too, between its other work:
 * both take the next pair from one shared counter. The copies are system calls (an open, a stat,
 * the kernel's copy, a close per file) that would otherwise hold this thread for most of a second
 * per 10,000 files, while it could parse the next Target or serialize the changed documents; and
 * a `sync --out` that has nothing else left to do than wait for the copies halves that wait by
 * copying as well (docs/performance.md, "Many Targets" and "Copies from both ends"). Few files, or
 * a runtime where no thread can start, are copied here alone, with a turn of the event loop every
 * 64 copies.
 */
export async function copyFiles(pairs: readonly (readonly [from: string, to: string])[], options: CopyFilesOptions = {}): Promise<void> {
  if (pairs.length >= (options.threadFrom ?? COPYING_THREAD_FROM)) {
    const done = await copyInThread(pairs, options);
    if (done !== null) return;
  }
  await copyHere(pairs, options);
}

async function copyHere(pairs: readonly (readonly [string, string])[], options: CopyFilesOptions): Promise<void> {
  for (let i = 0; i < pairs.length; i++) {
    if (i > 0 && i % COPIES_PER_REPORT === 0) await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    copyOneSync(fs, process.platform, pairs[i][0], pairs[i][1]);
    options.onFile?.();
  }
}

/** Slots of the counters both copying threads share: `STOP` set to 1 stops both; `NEXT` is the index of the next pair to copy. */
const STOP = 0;
const NEXT = 1;

/** Copies this thread makes between two turns of its event loop while the copying thread copies too. */
const COPIES_PER_TURN = 8;

/**
 * The copying thread's job (ioWorker.ts: evaluated, with `require`, `parentPort` and `workerData`
 * as its parameters, often on the thread that read the configurations). It takes pairs from the
 * shared counter `shared[1]` until none is left, posting `{ done }` every 64 copies, and ends
 * with `{ done, end: true }`, `{ done, error }` at its first failure (after setting `shared[0]`,
 * which stops the other thread too), or `{ done, stopped: true }` once `shared[0]` is set.
 */
const WORKER_SOURCE = `
const fs = require('node:fs');
const copyOneSync = ${copyOneSync.toString()};
const { from, to, shared } = workerData;
let done = 0;
let reported = 0;
for (;;) {
  if (Atomics.load(shared, ${STOP}) !== 0) {
    parentPort.postMessage({ done: done - reported, stopped: true });
    return;
  }
  const i = Atomics.add(shared, ${NEXT}, 1);
  if (i >= from.length) break;
  try {
    copyOneSync(fs, process.platform, from[i], to[i]);
  } catch (error) {
    Atomics.store(shared, ${STOP}, 1);
    parentPort.postMessage({ done: done - reported, error: { message: String(error && error.message), code: error && error.code, errno: error && error.errno, syscall: error && error.syscall, path: error && error.path } });
    return;
  }
  done++;
  if (done - reported >= ${COPIES_PER_REPORT}) {
    parentPort.postMessage({ done: done - reported });
    reported = done;
  }
}
parentPort.postMessage({ done: done - reported, end: true });
`;

type Report = { done: number; end?: true; stopped?: true; error?: { message: string; code?: string; errno?: number; syscall?: string; path?: string } };

/**
 * Copies the pairs on a thread of their own and on this one (see {@link copyFiles}). Resolves to
 * `null` when no thread could start (the caller copies them itself); rejects as
 * {@link copyFiles} does, with the first failure either thread met.
 */
function copyInThread(pairs: readonly (readonly [string, string])[], options: CopyFilesOptions): Promise<true | null> {
  const shared = new Int32Array(new SharedArrayBuffer(8));
  // The first failure of either thread, in the order this thread learnt of them.
  let failure: { error: unknown } | null = null;
  const fail = (error: unknown): void => {
    failure ??= { error };
    Atomics.store(shared, STOP, 1);
  };
  const onAbort = (): void => fail(options.signal?.reason);
  // Stopped before the job is posted, not after: a thread that waits for jobs starts on one at
  // once, and would copy until it saw a stop set a moment later.
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted === true) onAbort();
  const job = runIoJob(WORKER_SOURCE, { from: pairs.map((p) => p[0]), to: pairs.map((p) => p[1]), shared });
  if (job === null) {
    options.signal?.removeEventListener('abort', onAbort);
    return Promise.resolve(null);
  }

  // The copying thread's last word (an end, a stop, its failure), after which it copies nothing
  // more, or its death: nothing is in flight there any more.
  const threadDone = new Promise<void>((resolve) => {
    job.port.on('message', (report: Report) => {
      for (let k = 0; k < report.done; k++) options.onFile?.();
      if (report.error !== undefined) fail(Object.assign(new Error(report.error.message), withoutUndefined(report.error)));
      if (report.end === true || report.stopped === true || report.error !== undefined) {
        job.done();
        resolve();
      }
    });
    job.onGone((error) => {
      fail(error ?? new CarryoverBug('the copying thread ended without a word'));
      resolve();
    });
  });
  // This thread copies too, a few pairs between turns of its event loop, until none is left.
  const hereDone = (async () => {
    for (let sinceTurn = 0; Atomics.load(shared, STOP) === 0; ) {
      const i = Atomics.add(shared, NEXT, 1);
      if (i >= pairs.length) return;
      try {
        copyOneSync(fs, process.platform, pairs[i][0], pairs[i][1]);
      } catch (error) {
        fail(error);
        return;
      }
      options.onFile?.();
      if (++sinceTurn === COPIES_PER_TURN) {
        sinceTurn = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  })();
  return Promise.all([threadDone, hereDone]).then(() => {
    options.signal?.removeEventListener('abort', onAbort);
    if (failure !== null) throw failure.error;
    return true as const;
  });
}

function withoutUndefined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
