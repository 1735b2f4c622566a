import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_FILE_SIZE, formatSize, readBytes } from './loadFile.js';

/**
 * Reader threads, and the files each takes in turn: one worker reads (a few system calls per
 * file) more slowly than this thread parses the files the other configuration has not already
 * parsed; two keep up.
 */
const WORKERS = 2;
const CHUNK = 64;

/**
 * One file read: its bytes, or the error that reading it raised (a Node.js system error). A worker
 * thread also counts the key tokens of the bytes for `parseJson` (`keyTokens`, see there).
 */
export type FileRead = { ok: true; bytes: Uint8Array; keyTokens?: number } | { ok: false; error: unknown };

/** Options of {@link readFiles}. */
export interface ReadFilesOptions {
  /** Reads in flight at once on the thread pool path. */
  concurrency: number;
  /** From this many files on, a worker thread reads them. Default 1,000. */
  workerThreshold?: number;
  /** Files larger than this are refused before they are read (`EFBIG`). Default `DEFAULT_MAX_FILE_SIZE`. */
  maxBytes?: number;
}

/**
 * Reads whole files, never following a symbolic link in the last component (`ELOOP`, as
 * `readBytes`), and calls `onFile(index, read)` for each as it arrives, in any order; resolves
 * once every file has been handed over.
 *
 * Many files are read by a worker thread, with plain synchronous reads, and reach this thread in
 * batches of transferred buffers: for thousands of small files, the callbacks and promises of
 * asynchronous reads would cost this thread more than parsing what they read, and the worker runs
 * on another core meanwhile. (Measured on 2 cores: asynchronous reads in the worker, 32 in flight,
 * left this thread waiting longer, the thread pool competing for the same cores.) The worker also counts each
 * file's JSON key tokens, the scan that `parseJson` would otherwise run here. Few files, or a
 * worker that cannot start, go through the thread pool with `concurrency` reads in flight here.
 */
export async function readFiles(paths: readonly string[], onFile: (index: number, read: FileRead) => void, options: ReadFilesOptions): Promise<void> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_SIZE;
  if (paths.length >= (options.workerThreshold ?? 1000)) {
    // The workers take turns by chunks of files, so the files still come roughly in order.
    const shares: number[][] = Array.from({ length: WORKERS }, () => []);
    for (let i = 0; i < paths.length; i++) shares[Math.floor(i / CHUNK) % WORKERS].push(i);
    const left = await Promise.all(shares.map((indexes) => (indexes.length === 0 ? [] : readInWorker(indexes, paths, onFile, maxBytes))));
    // What a worker did not hand over (it stopped early, or could not start in a restricted
    // runtime) is read on the thread pool.
    const missing = left.flatMap((m, w) => m ?? shares[w]);
    if (missing.length === 0) return;
    return readOnThreadPool(missing, paths, onFile, options.concurrency, maxBytes);
  }
  return readOnThreadPool(
    paths.map((_, i) => i),
    paths,
    onFile,
    options.concurrency,
    maxBytes,
  );
}

async function readOnThreadPool(indexes: readonly number[], paths: readonly string[], onFile: (index: number, read: FileRead) => void, concurrency: number, maxBytes: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indexes.length) {
      const index = indexes[next++];
      let read: FileRead;
      try {
        read = { ok: true, bytes: await readBytes(paths[index], false, maxBytes) };
      } catch (error) {
        read = { ok: false, error };
      }
      onFile(index, read);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, worker));
}

/**
 * The worker's code (CommonJS, evaluated, so that it needs no file of its own next to the compiled
 * module, under vitest or a bundler alike). It reads the files one after the other and posts
 * `{ index[], buffer[], error[], keyTokens[] }` batches of up to 256 KB or 64 files, transferring
 * the buffers, then `{ end: true }`.
 */
const WORKER_SOURCE = `
const { closeSync, constants, fstatSync, openSync, readSync } = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const flags = constants.O_RDONLY | (constants.O_NOFOLLOW || 0);
const { paths, state, maxBytes, limitText } = workerData;
const tooLarge = (file, size) => Object.assign(new Error('the file has ' + size + ' bytes, more than the limit of ' + limitText + ' (raise it with --max-file-size)'), { code: 'EFBIG', path: file });
// state[0]: batches the reader has taken. Stay at most AHEAD batches ahead of it, so that a reader
// slower than the disk does not pile every file up in memory.
const AHEAD = 16;
let posted = 0;
let batch = { index: [], buffer: [], error: [], keyTokens: [] };
let batchBytes = 0;
// parseJson's countKeyTokens on UTF-8 bytes: quotes, backslashes, colons and JSON whitespace are
// ASCII, and no byte of a multi-byte sequence is below 0x80, so the count is the same as on the text.
const countKeyTokens = (b) => {
  let count = 0;
  let position = 0;
  for (;;) {
    const open = b.indexOf(0x22, position);
    if (open < 0) return count;
    let close = open + 1;
    for (;;) {
      close = b.indexOf(0x22, close);
      if (close < 0) return count;
      let backslash = close - 1;
      while (b[backslash] === 0x5c) backslash--;
      if ((close - 1 - backslash) % 2 === 0) break;
      close++;
    }
    let next = close + 1;
    let c = b[next];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++next];
    if (c === 0x3a) count++;
    position = close + 1;
  }
};
const flush = () => {
  for (let taken = Atomics.load(state, 0); posted - taken >= AHEAD; taken = Atomics.load(state, 0)) Atomics.wait(state, 0, taken, 100);
  parentPort.postMessage(batch, batch.buffer.filter((b) => b !== null));
  posted++;
  batch = { index: [], buffer: [], error: [], keyTokens: [] };
  batchBytes = 0;
};
// Plain synchronous reads: on this thread they cost no callback, and the thread pool stays free.
const scratch = new Uint8Array(1);
const readWhole = (file) => {
  const fd = openSync(file, flags);
  try {
    const stat = fstatSync(fd);
    // Checked before reading (docs/reliability.md, "Size limits").
    if (!stat.isFile()) throw Object.assign(new Error('this is not a regular file'), { code: 'ENOTREG' });
    if (stat.size > maxBytes) throw tooLarge(file, stat.size);
    let bytes = new Uint8Array(stat.size);
    let length = 0;
    for (;;) {
      while (length < bytes.length) {
        const n = readSync(fd, bytes, length, bytes.length - length, null);
        if (n === 0) return bytes.subarray(0, length); // shorter than its size said: it shrank
        length += n;
      }
      // As long as its size said; one more byte would mean it grew while being read.
      if (readSync(fd, scratch, 0, 1, null) === 0) return bytes;
      if (length + 1 > maxBytes) throw tooLarge(file, length + 1);
      const grown = new Uint8Array(bytes.length * 2 + 8192);
      grown.set(bytes);
      grown[length++] = scratch[0];
      bytes = grown;
    }
  } finally {
    closeSync(fd);
  }
};
for (let i = 0; i < paths.length; i++) {
  batch.index.push(i);
  try {
    const bytes = readWhole(paths[i]);
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    batch.buffer.push(whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    batch.error.push(null);
    batch.keyTokens.push(countKeyTokens(bytes));
    batchBytes += bytes.byteLength;
  } catch (error) {
    batch.buffer.push(null);
    batch.error.push({ code: error.code, message: error.message, errno: error.errno, syscall: error.syscall });
    batch.keyTokens.push(-1);
  }
  if (batchBytes >= 1 << 18 || batch.index.length >= 64) flush();
}
flush();
parentPort.postMessage({ end: true });
`;

interface Batch {
  index: number[];
  buffer: (ArrayBuffer | null)[];
  error: (Record<string, unknown> | null)[];
  keyTokens: number[];
}

/**
 * Reads the files `indexes` of `paths` in a worker thread. Resolves to `[]` when every file was
 * handed over, to the indexes not handed over when the worker failed part way, or to `null` when
 * it could not start at all.
 */
function readInWorker(indexes: readonly number[], paths: readonly string[], onFile: (index: number, read: FileRead) => void, maxBytes: number): Promise<number[] | null> {
  const state = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { paths: indexes.map((i) => paths[i]), state, maxBytes, limitText: formatSize(maxBytes) } });
  } catch {
    // No worker threads here (a restricted runtime): the thread pool reads instead.
    return Promise.resolve(null);
  }
  const handed = new Uint8Array(indexes.length);
  return new Promise((resolve) => {
    let ended = false;
    const finish = (): void => {
      if (ended) return;
      ended = true;
      const missing: number[] = [];
      for (let k = 0; k < handed.length; k++) if (handed[k] === 0) missing.push(indexes[k]);
      resolve(missing);
    };
    worker.on('message', (message: Batch | { end: true }) => {
      if (ended) return; // already re-read on the thread pool
      if ('end' in message) {
        finish();
        return;
      }
      for (let k = 0; k < message.index.length; k++) {
        const local = message.index[k];
        const index = indexes[local];
        const buffer = message.buffer[k];
        handed[local] = 1;
        const error = message.error[k];
        if (buffer !== null) onFile(index, { ok: true, bytes: Buffer.from(buffer), keyTokens: message.keyTokens[k] });
        else onFile(index, { ok: false, error: Object.assign(new Error(String(error?.message)), error) });
      }
      Atomics.add(state, 0, 1);
      Atomics.notify(state, 0);
    });
    // A worker that dies (out of memory, killed) leaves its remaining files to the thread pool.
    worker.on('error', finish);
    worker.on('exit', finish);
  });
}
