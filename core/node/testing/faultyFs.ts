import { nodeFs, type FsLike } from '../nodeFs.js';

/**
 * The real file system without flushing to disk (no fsync in `writeFile`; `fsyncDir` and
 * `syncTree` do nothing): the steps
 * stay in the sequence (a fault can be injected there) but loops over hundreds of runs do not wait
 * for the disk. Durability against power loss cannot be tested in-process anyway.
 */
export const noFlushFs: FsLike = {
  ...nodeFs,
  writeFile: (file, data, options) => nodeFs.writeFile(file, data, { ...options, durable: false }),
  fsyncDir: async () => undefined,
  syncTree: async () => undefined,
};

/** One call made through a {@link FaultyFs}. */
export interface FsCall {
  /** 1-based position. */
  n: number;
  op: keyof FsLike;
  path: string;
}

/** What a {@link FaultyFs} does, by call number (1-based). */
export interface FaultPlan {
  /** Fail this call with a system error of code `failCode` (the call does nothing). */
  failAt?: number;
  /** Fail the first call this accepts, as `failAt` does (for a step found by what it is). */
  failWhen?: (call: FsCall) => boolean;
  /** Default `ENOSPC`. */
  failCode?: string;
  /**
   * Simulate a crash (SIGKILL) at this call: it and every later call never settle, so no
   * clean-up code runs, as when the process dies. What was done before stays on disk.
   */
  crashAt?: number;
}

/** An {@link FsLike} that records its calls and injects a failure or a crash at one of them. */
export interface FaultyFs extends FsLike {
  readonly calls: readonly FsCall[];
  /** True once the crash has happened. */
  readonly crashed: boolean;
  /** Resolves once no call started before the crash is still running (the "process" is dead). */
  idle(): Promise<void>;
}

const OPS: (keyof FsLike)[] = [
  'readFile', 'writeFile', 'copyFile', 'link', 'symlink', 'readlink', 'mkdir', 'readdir', 'lstat',
  'realpath', 'rename', 'unlink', 'rm', 'chmod', 'fsyncDir', 'syncTree',
];

/**
 * Wraps a file system (default: the real one) for fault injection: every call is numbered and
 * recorded; the `failAt`-th (or the first `failWhen` accepts) fails with an errno-coded error; from the `crashAt`-th on, calls
 * hang forever. Run once without faults to count the calls, then once per call number to test
 * every step.
 */
export function faultyFs(plan: FaultPlan = {}, base: FsLike = nodeFs): FaultyFs {
  const calls: FsCall[] = [];
  let crashed = false;
  let failedWhen = false;
  let inFlight = 0;
  const wrap = (op: keyof FsLike) =>
    async (...args: unknown[]): Promise<unknown> => {
      const n = calls.length + 1;
      const target = typeof args[0] === 'string' ? args[0] : '';
      const call: FsCall = { n, op, path: target };
      calls.push(call);
      if (crashed || n === plan.crashAt) {
        crashed = true;
        return new Promise<never>(() => undefined);
      }
      const failHere = !failedWhen && plan.failWhen !== undefined && plan.failWhen(call);
      if (failHere) failedWhen = true;
      if (n === plan.failAt || failHere) {
        const code = plan.failCode ?? 'ENOSPC';
        throw Object.assign(new Error(`${code}: injected fault, ${op} '${target}'`), { code, syscall: op, path: target });
      }
      inFlight++;
      try {
        return await (base[op] as (...a: unknown[]) => Promise<unknown>)(...args);
      } finally {
        inFlight--;
      }
    };
  const ops = Object.fromEntries(OPS.map((op) => [op, wrap(op)])) as unknown as FsLike;
  return {
    ...ops,
    calls,
    get crashed() {
      return crashed;
    },
    async idle() {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 1));
    },
  };
}
