import { CarryoverBug } from '../bug.js';
import { runIoJob } from './ioWorker.js';
import { DEFAULT_MAX_FILE_SIZE, formatSize, readBytes } from './loadFile.js';

/**
 * One file read: its bytes, or the error that reading it raised (a Node.js system error). The
 * reader thread also counts the key tokens of the bytes for `parseJson` (`keyTokens`, see there).
 * `paired` (configurations read together only) says whether another configuration read together
 * holds a file at the same relative path; when both hold the same bytes, both get the very same
 * `bytes` object.
 */
export type FileRead =
  | {
      ok: true;
      bytes: Uint8Array;
      keyTokens?: number;
      paired?: boolean;
      stat: FileNumbers;
      /**
       * A lone base the reader thread found valid itself (`ReadFilesOptions.loneBases`), with or
       * without a byte-order mark: `bytes` is then empty, and the file is held as a stand-in.
       */
      loneBase?: { bom: boolean };
    }
  | { ok: false; error: unknown };

/** What `fstat` said of a file just before it was read: size, inode, modification and change times (ms), as `folderFingerprint` takes them. */
export type FileNumbers = readonly [size: number, ino: number, mtimeMs: number, ctimeMs: number];

/** Options of {@link readFiles}. */
export interface ReadFilesOptions {
  /** Reads in flight at once on the thread pool path. */
  concurrency: number;
  /** From this many files on (all configurations read together), a worker thread reads them. Default 1,000. */
  workerThreshold?: number;
  /** Files larger than this are refused before they are read (`EFBIG`). Default `DEFAULT_MAX_FILE_SIZE`. */
  maxBytes?: number;
  /**
   * For each path (read alone, not together), the size of bytes that an earlier reading already
   * parsed at that path (`NaN`: none; see `SharedParses.knownSize`): a file of that very size comes
   * without its key count, which would most likely be wasted (its parse will be shared), and is
   * counted by `parseJson` itself in the rare case its bytes differ.
   */
  knownSizes?: Float64Array;
  /**
   * Stops the reading: the reader thread is ended, no file is handed over any more, and the
   * reading rejects with the signal's reason (the app's Cancel: docs/app.md).
   */
  signal?: AbortSignal;
  /**
   * Configurations read together for one merge: the keys (relative paths) of the lone bases
   * (SharedParses.ts), asked once every load has listed its files. The reader thread reads both
   * files of such a key, and when their bytes are the same and valid (`loneBaseCheck`), hands both
   * over as `loneBase` without their bytes: the main thread then neither parses nor validates them
   * (docs/performance.md, "Lone bases held as stand-ins").
   */
  loneBases?: () => ReadonlySet<string> | null;
  /**
   * The module the reader thread imports to check a lone base (`checkLoneBase`): by default
   * `loneBase.js` beside this module, the compiled core/node/loneBase.js or the bundle's own entry
   * (scripts/bundleCli.mjs). Where it cannot be imported (the sources under a test runner), every
   * lone base is handed over with its bytes.
   */
  loneBaseCheck?: string;
  /**
   * The reader thread checks a lone base itself only while the main thread has at least this many
   * batches waiting; otherwise it hands the files over as usual. Parsing on both threads, neither
   * waits for the other: at 8,000 forms, checking every lone base there made the main thread wait
   * for it, and waiting for a longer queue left more of them to the main thread
   * (docs/performance.md, "Lone bases held as stand-ins"). Default 2.
   */
  loneBaseBehind?: number;
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
  return new SharedReads(1, options).read(paths, paths, onFile);
}

/** The module the reader thread imports to check lone bases, unless told another (`ReadFilesOptions.loneBaseCheck`). */
const LONE_BASE_CHECK = new URL('./loneBase.js', import.meta.url).href;

/**
 * The modules the reader thread will import (its check of lone bases), for the thread started
 * ahead of need to load while it waits (ioWorker.ts, `prestartIoWorker`): otherwise the reading
 * of a pair waited some 40 ms for that import before its first file.
 */
export function readerModules(): string[] {
  return [LONE_BASE_CHECK];
}

/** One configuration's part of a {@link SharedReads}. */
interface Load {
  keys: readonly string[];
  paths: readonly string[];
  onFile: (index: number, read: FileRead) => void;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One file of a {@link SharedReads}, in reading order. */
interface Item {
  load: Load;
  /** Its index in `load`. */
  index: number;
  /** Another load has a file at the same key, read just before or just after this one (`undefined`: a load read alone). */
  paired: boolean | undefined;
  /** The one before it is the same key in another load: the reader compares their bytes. */
  pairedWithPrevious: boolean;
}

/**
 * The reading of several configurations loaded together (the Source and the Target of a
 * synchronization): one reader thread reads the files of all, in one order, the files that two
 * configurations hold at the same relative path one right after the other. When their bytes are
 * the same (most of a Source is byte for byte the Target's base versions), the second is neither
 * counted nor transferred: both loads get the same bytes object, which `SharedParses` then finds
 * at once. Reading starts once every load has handed over its list (`read`), each in its own
 * reading order (the same order for all: see loadConfiguration.ts).
 *
 * One reader thread: it reads (a few system calls per file, and the key count) faster than this
 * thread parses what it reads. Two per configuration cost more CPU than they saved, four threads
 * contending for two cores (docs/performance.md, "`sync --out` at the floor").
 */
export class SharedReads {
  private readonly loads: Load[] = [];
  private readonly waiting: { resolve: () => void; reject: (error: unknown) => void }[] = [];
  private compare: ((a: string, b: string) => number) | undefined;

  /** `expected`: how many configurations will call {@link read}. */
  constructor(
    private readonly expected: number,
    private readonly options: ReadFilesOptions,
  ) {}

  /**
   * One configuration's files: `keys[i]` names `paths[i]` across the configurations (its relative
   * path), in the order `compare` gives (the same for every load). A load with nothing to read
   * must still call this (with empty lists), since reading waits for every load. Resolves once
   * every file of every load has been handed over.
   */
  read(keys: readonly string[], paths: readonly string[], onFile: (index: number, read: FileRead) => void, compare: (a: string, b: string) => number = byCodeUnits): Promise<void> {
    if (this.loads.length === this.expected) throw new CarryoverBug(`a reading for ${this.expected} configurations was given one more`);
    this.loads.push({ keys, paths, onFile });
    this.compare ??= compare;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.loads.length === this.expected) {
      this.readAll().then(
        () => this.waiting.forEach((w) => w.resolve()),
        (error: unknown) => this.waiting.forEach((w) => w.reject(error)),
      );
    }
    return done;
  }

  private async readAll(): Promise<void> {
    const items = this.loads.length === 1 ? this.loads[0].keys.map((_, index) => ({ load: this.loads[0], index, paired: undefined, pairedWithPrevious: false })) : mergeLoads(this.loads, this.compare ?? byCodeUnits);
    const maxBytes = this.options.maxBytes ?? DEFAULT_MAX_FILE_SIZE;
    let missing: number[] | null = null;
    const signal = this.options.signal;
    signal?.throwIfAborted();
    if (items.length >= (this.options.workerThreshold ?? 1000)) {
      // What the worker did not hand over (it stopped early, or could not start in a restricted
      // runtime) is read on the thread pool.
      const lone = this.loads.length === 2 ? (this.options.loneBases?.() ?? null) : null;
      const loneKeys = lone !== null && lone.size > 0 ? items.map((item) => (item.pairedWithPrevious && lone.has(item.load.keys[item.index]) ? item.load.keys[item.index] : '')) : null;
      const loneCheck = loneKeys === null ? null : (this.options.loneBaseCheck ?? LONE_BASE_CHECK);
      const loneBases = loneKeys === null || loneCheck === null ? null : { keys: loneKeys, check: loneCheck, behind: this.options.loneBaseBehind ?? 2 };
      missing = await readInWorker(items, maxBytes, this.loads.length === 1 ? this.options.knownSizes : undefined, signal, loneBases);
    }
    signal?.throwIfAborted();
    const left = missing ?? items.map((_, k) => k);
    if (left.length > 0) await readOnThreadPool(left, items, this.options.concurrency, maxBytes, signal);
    signal?.throwIfAborted();
  }
}

/**
 * All loads' files in one order: a merge of their lists (each already in the order `compare`
 * gives), a key that several loads hold taking them in load order, one right after the other.
 */
function mergeLoads(loads: readonly Load[], compare: (a: string, b: string) => number): Item[] {
  const items: Item[] = [];
  const next = loads.map(() => 0);
  for (;;) {
    let key: string | null = null;
    for (let l = 0; l < loads.length; l++) {
      if (next[l] < loads[l].keys.length && (key === null || compare(loads[l].keys[next[l]], key) < 0)) key = loads[l].keys[next[l]];
    }
    if (key === null) return items;
    const from = items.length;
    for (const [l, load] of loads.entries()) {
      if (next[l] < load.keys.length && load.keys[next[l]] === key) items.push({ load, index: next[l]++, paired: false, pairedWithPrevious: items.length > from });
    }
    if (items.length - from > 1) for (let k = from; k < items.length; k++) items[k].paired = true;
  }
}

/** Whether `signal` was aborted (a call, so that a check made before an `await` is not taken as still true after it). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

async function readOnThreadPool(indexes: readonly number[], items: readonly Item[], concurrency: number, maxBytes: number, signal: AbortSignal | undefined): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < indexes.length && !isAborted(signal)) {
      const item = items[indexes[next++]];
      let read: FileRead;
      try {
        let stat: FileNumbers = [NaN, NaN, NaN, NaN];
        const bytes = await readBytes(item.load.paths[item.index], false, maxBytes, (s) => (stat = [s.size, s.ino, s.mtimeMs, s.ctimeMs]));
        read = { ok: true, bytes, stat, ...(item.paired !== undefined ? { paired: item.paired } : {}) };
      } catch (error) {
        read = { ok: false, error };
      }
      if (isAborted(signal)) return;
      item.load.onFile(item.index, read);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, indexes.length) }, worker));
}

/**
 * The reader thread's job (ioWorker.ts: evaluated on the thread that then makes a sync's copies,
 * with `require`, `parentPort` and `workerData` as its parameters). It reads the files one after
 * the other and posts `{ index[], buffer[], error[], keyTokens[], stat[] }` batches (four `fstat`
 * numbers per file) of up to 256 KB or 64 files, transferring the buffers, then `{ end: true }`.
 * A file whose `pairedWithPrevious` flag is set and whose bytes equal those of the file before it
 * comes with the buffer `null` and `keyTokens` -2: "the same".
 * With `loneKeys`, the two files of a lone base whose bytes are the same and that the module
 * `loneCheck` finds valid both come with the buffer `null` and `keyTokens` -4 (-5: with a
 * byte-order mark). Only a lone base's check imports anything from the core.
 */
const WORKER_SOURCE = `
const { closeSync, constants, fstatSync, openSync, readSync } = require('node:fs');
const flags = constants.O_RDONLY | (constants.O_NOFOLLOW || 0);
const { paths, pairedWithPrevious, loneKeys, loneCheck, loneBaseBehind, knownSizes, state, maxBytes, limitText } = workerData;
const tooLarge = (file, size) => Object.assign(new Error('the file has ' + size + ' bytes, more than the limit of ' + limitText + ' (raise it with --max-file-size)'), { code: 'EFBIG', path: file });
// state[0]: batches the reader has taken. Stay at most AHEAD batches ahead of it, so that a reader
// slower than the disk does not pile every file up in memory.
const AHEAD = 16;
// The reader checks a lone base itself only while the main thread has loneBaseBehind batches
// waiting (see ReadFilesOptions).
let posted = 0;
let batch = { index: [], buffer: [], error: [], keyTokens: [], stat: [] };
let batchBytes = 0;
// parseJson's countKeyTokens on UTF-8 bytes: quotes, backslashes, colons and JSON whitespace are
// ASCII, and no byte of a multi-byte sequence is below 0x80, so on any text JSON.parse accepts
// (the only one whose count is used) the count is the same as on the text. One walk over the bytes,
// a string's escapes skipped as they come: an indexOf per quote cost nearly twice as much, JSON
// being mostly short strings (docs/performance.md, "Lone bases held as stand-ins").
const countKeyTokens = (b) => {
  let count = 0;
  let i = 0;
  const n = b.length;
  while (i < n) {
    if (b[i++] !== 0x22) continue;
    for (;;) {
      if (i >= n) return count;
      const c = b[i++];
      if (c === 0x22) break;
      if (c === 0x5c) i++;
    }
    let c = b[i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i];
    if (c === 0x3a) count++;
  }
  return count;
};
const flush = () => {
  for (let taken = Atomics.load(state, 0); posted - taken >= AHEAD; taken = Atomics.load(state, 0)) Atomics.wait(state, 0, taken, 100);
  parentPort.postMessage(batch, batch.buffer.filter((b) => b !== null));
  posted++;
  batch = { index: [], buffer: [], error: [], keyTokens: [], stat: [] };
  batchBytes = 0;
};
// Plain synchronous reads: on this thread they cost no callback, and the thread pool stays free.
const scratch = new Uint8Array(1);
const readWhole = (file) => {
  const fd = openSync(file, flags);
  try {
    const s = fstatSync(fd);
    const stat = [s.size, s.ino, s.mtimeMs, s.ctimeMs];
    // Checked before reading (docs/reliability.md, "Size limits").
    if (!s.isFile()) throw Object.assign(new Error('this is not a regular file'), { code: 'ENOTREG' });
    if (s.size > maxBytes) throw tooLarge(file, s.size);
    // Not zeroed first (a buffer of its own, so it can be transferred): only bytes read from the
    // file are handed over, a file that shrank as a copy of them (pushBytes). Zeroing what is read
    // over at once cost the 73 MB of a 2,000-form pair a pass through memory.
    let bytes = Buffer.allocUnsafeSlow(s.size);
    let length = 0;
    for (;;) {
      while (length < bytes.length) {
        const n = readSync(fd, bytes, length, bytes.length - length, null);
        if (n === 0) return { bytes: bytes.subarray(0, length), stat }; // shorter than its size said: it shrank
        length += n;
      }
      // As long as its size said; one more byte would mean it grew while being read.
      if (readSync(fd, scratch, 0, 1, null) === 0) return { bytes, stat };
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
const read = (i) => {
  try {
    return readWhole(paths[i]);
  } catch (error) {
    return { error };
  }
};
const sameBytes = (a, b) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
// One file's entry in the batch: its buffer (null: not handed over), its error, its key count or
// mark (-1: an error; -2: the same bytes as the file before it, its pair; -4 and -5: a lone base
// this thread found valid, without and with a byte-order mark), and its fstat numbers.
const push = (i, buffer, error, keyTokens, stat) => {
  batch.index.push(i);
  batch.buffer.push(buffer);
  batch.error.push(error);
  batch.keyTokens.push(keyTokens);
  batch.stat.push(stat[0], stat[1], stat[2], stat[3]);
};
const pushBytes = (i, bytes, stat, keyTokens) => {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  push(i, whole ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength), null, keyTokens, stat);
  batchBytes += bytes.byteLength;
};
const pushMark = (i, stat, mark) => push(i, null, null, mark, stat);
const NO_STAT = [NaN, NaN, NaN, NaN];
const pushError = (i, error) => push(i, null, { code: error.code, message: error.message, errno: error.errno, syscall: error.syscall }, -1, NO_STAT);
// -3: not counted (an earlier reading parsed bytes of this very size at this path).
const count = (i, bytes) => (knownSizes !== null && knownSizes[i] === bytes.byteLength ? -3 : countKeyTokens(bytes));
const main = (checkLoneBase) => {
  let previous = null;
  for (let i = 0; i < paths.length; i++) {
    const file = read(i);
    if (checkLoneBase !== null && loneKeys[i + 1] && file.error === undefined) {
      // The first file of a lone base's pair: read its pair too. The same bytes, valid: both are
      // handed over as such, without their bytes (the main thread holds them as a stand-in).
      const pair = read(++i);
      if (pair.error === undefined && sameBytes(file.bytes, pair.bytes)) {
        const keyTokens = countKeyTokens(file.bytes);
        let valid = false;
        // Only while the main thread has batches waiting: otherwise it would wait for this one.
        if (posted - Atomics.load(state, 0) >= loneBaseBehind) {
          try {
            valid = checkLoneBase(loneKeys[i], file.bytes, keyTokens);
          } catch {
            // Whatever went wrong here, the main thread parses and validates the file as usual.
          }
        }
        if (valid) {
          const mark = file.bytes[0] === 0xef && file.bytes[1] === 0xbb && file.bytes[2] === 0xbf ? -5 : -4;
          pushMark(i - 1, file.stat, mark);
          pushMark(i, pair.stat, mark);
        } else {
          pushBytes(i - 1, file.bytes, file.stat, keyTokens);
          pushMark(i, pair.stat, -2);
        }
      } else {
        pushBytes(i - 1, file.bytes, file.stat, count(i - 1, file.bytes));
        if (pair.error !== undefined) pushError(i, pair.error);
        else pushBytes(i, pair.bytes, pair.stat, count(i, pair.bytes));
      }
      previous = null;
    } else if (file.error !== undefined) {
      previous = null;
      pushError(i, file.error);
    } else {
      if (pairedWithPrevious[i] === 1 && previous !== null && sameBytes(previous, file.bytes)) {
        // The same bytes as the other configuration's file at this path: handed over once.
        pushMark(i, file.stat, -2);
      } else {
        pushBytes(i, file.bytes, file.stat, count(i, file.bytes));
      }
      // Kept only while the next file may be its pair (no batch is posted in between).
      previous = pairedWithPrevious[i + 1] === 1 ? file.bytes : null;
    }
    if ((batchBytes >= 1 << 18 || batch.index.length >= 64) && pairedWithPrevious[i + 1] !== 1) flush();
  }
  flush();
  parentPort.postMessage({ end: true });
};
// The check of lone bases is imported only when there are some (the thread started ahead of need
// has usually loaded it already); without it (not found, as for the sources under a test runner),
// they are handed over as any file, and the main thread checks them.
if (loneCheck === null) main(null);
else import(loneCheck).then((module) => module.checkLoneBase, () => null).then(main);
`;

/** The bytes of a lone base the reader thread validated: not handed over. */
const NO_BYTES = new Uint8Array(0);

interface Batch {
  index: number[];
  buffer: (ArrayBuffer | null)[];
  error: (Record<string, unknown> | null)[];
  keyTokens: number[];
  stat: number[];
}

/**
 * Reads the files `items` in a worker thread. Resolves to `[]` when every file was handed over,
 * to the indexes (into `items`) not handed over when the worker failed part way, or to `null`
 * when it could not start at all.
 */
function readInWorker(
  items: readonly Item[],
  maxBytes: number,
  knownSizes: Float64Array | undefined,
  signal: AbortSignal | undefined,
  lone: { keys: string[]; check: string; behind: number } | null,
): Promise<number[] | null> {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const pairedWithPrevious = Uint8Array.from(items, (item) => (item.pairedWithPrevious ? 1 : 0));
  const job = runIoJob(WORKER_SOURCE, {
    paths: items.map((item) => item.load.paths[item.index]),
    pairedWithPrevious,
    // For each item, the key of the lone base whose second file it is ('' for any other).
    loneKeys: lone?.keys ?? null,
    loneCheck: lone?.check ?? null,
    loneBaseBehind: lone?.behind ?? 0,
    knownSizes: knownSizes ?? null,
    state,
    maxBytes,
    limitText: formatSize(maxBytes),
  });
  // No worker threads here (a restricted runtime): the thread pool reads instead.
  if (job === null) return Promise.resolve(null);
  const handed = new Uint8Array(items.length);
  // The last file handed over, for the next one when it is "the same".
  let previous: { bytes: Uint8Array; keyTokens: number } | null = null;
  const stop = (): void => job.terminate();
  signal?.addEventListener('abort', stop, { once: true });
  return new Promise((resolve) => {
    let ended = false;
    const finish = (): void => {
      if (ended) return;
      ended = true;
      signal?.removeEventListener('abort', stop);
      // The thread is free for the next job (the copies of a sync: copyFiles.ts).
      job.done();
      const missing: number[] = [];
      for (let k = 0; k < handed.length; k++) if (handed[k] === 0) missing.push(k);
      resolve(missing);
    };
    const handle = (message: Batch | { end: true }): void => {
      if (ended || isAborted(signal)) return; // already re-read on the thread pool, or no longer wanted
      if ('end' in message) {
        finish();
        return;
      }
      for (let j = 0; j < message.index.length && !isAborted(signal); j++) {
        const k = message.index[j];
        const item = items[k];
        const buffer = message.buffer[j];
        const error = message.error[j];
        handed[k] = 1;
        const mark = message.keyTokens[j];
        const stat: FileNumbers = [message.stat[j * 4], message.stat[j * 4 + 1], message.stat[j * 4 + 2], message.stat[j * 4 + 3]];
        let read: FileRead;
        if (error !== null) {
          previous = null;
          read = { ok: false, error: Object.assign(new Error(String(error.message)), error) };
        } else if (mark === -4 || mark === -5) {
          previous = null;
          read = { ok: true, bytes: NO_BYTES, stat, paired: true, loneBase: { bom: mark === -5 } };
        } else {
          if (buffer !== null) previous = { bytes: Buffer.from(buffer), keyTokens: mark };
          else if (previous === null) throw new CarryoverBug(`the reader thread handed over ${item.load.paths[item.index]} as the same as no file`);
          const keyTokens = previous.keyTokens;
          read = { ok: true, bytes: previous.bytes, ...(keyTokens >= 0 ? { keyTokens } : {}), stat, ...(item.paired !== undefined ? { paired: item.paired } : {}) };
        }
        item.load.onFile(item.index, read);
      }
      Atomics.add(state, 0, 1);
      Atomics.notify(state, 0);
    };
    // One batch per turn of the event loop. Node hands a port's waiting messages over all in one
    // go, and the reader runs up to 16 batches ahead: parsing them back to back held this thread
    // for seconds at scale, so that the app's server answered no request meanwhile (its progress
    // bar showed no count of files read at all). Between two batches, waiting requests are served.
    const queue: (Batch | { end: true })[] = [];
    let scheduled = false;
    let exited = false;
    const drain = (): void => {
      scheduled = false;
      const message = queue.shift();
      if (message !== undefined) handle(message);
      if (queue.length > 0) schedule();
      // A worker that died (out of memory, killed) leaves its remaining files to the thread pool,
      // once every batch it did post has been handed over.
      else if (exited) finish();
    };
    const schedule = (): void => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(drain);
    };
    job.port.on('message', (message: Batch | { end: true }) => {
      queue.push(message);
      schedule();
    });
    job.onGone(() => {
      exited = true;
      schedule();
    });
  });
}
