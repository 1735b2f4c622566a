// Runs a child process and measures its wall time, CPU time and peak memory (resident set size).
// Peak memory comes from GNU time (`/usr/bin/time -v`, apt package `time`) when it is installed;
// otherwise from a preloaded hook that reports the Node child's own `process.resourceUsage()`
// (bench/resourceUsage.mjs), so the bench also runs on machines without GNU time.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const GNU_TIME = '/usr/bin/time';
/** CARRYOVER_BENCH_NO_GNU_TIME=1 uses the fallback even where GNU time is installed (to check it). */
const useGnuTime = existsSync(GNU_TIME) && process.env.CARRYOVER_BENCH_NO_GNU_TIME !== '1';
const HOOK = pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'resourceUsage.mjs')).href;

/** Where peak memory comes from on this machine. */
export const memorySource = useGnuTime ? 'GNU time (/usr/bin/time -v)' : 'process.resourceUsage().maxRSS of the child';

/**
 * Runs `node <args>` (or any `command` when `node` is false) and resolves to
 * `{ code, wallMs, cpuMs, peakBytes, stdout, stderr }`. `peakBytes` is the child's maximum
 * resident set size.
 */
export function measure(args, { node = true, command = process.execPath, cwd, env } = {}) {
  const scratch = mkdtempSync(path.join(tmpdir(), 'carryover-bench-usage-'));
  const usageFile = path.join(scratch, 'usage');
  const useTime = useGnuTime;
  let file = command;
  let argv = args;
  if (useTime) {
    argv = ['-v', '-o', usageFile, command, ...args];
    file = GNU_TIME;
  } else if (node) {
    argv = ['--import', HOOK, ...args];
  }
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(file, argv, { cwd, env: { ...process.env, ...env, CARRYOVER_BENCH_USAGE: usageFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - start;
      let usage = { peakBytes: NaN, cpuMs: NaN };
      try {
        usage = useTime ? parseGnuTime(readFileSync(usageFile, 'utf8')) : parseHook(readFileSync(usageFile, 'utf8'));
      } catch (error) {
        if (node || useTime) reject(new Error(`no resource usage for ${args.join(' ')}: ${error.message}`));
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
      resolve({ code, wallMs, ...usage, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() });
    });
  });
}

function parseGnuTime(text) {
  const field = (label) => {
    const match = new RegExp(`${label}: ([0-9.]+)`).exec(text);
    if (!match) throw new Error(`GNU time printed no "${label}"`);
    return Number(match[1]);
  };
  return {
    peakBytes: field('Maximum resident set size \\(kbytes\\)') * 1024,
    cpuMs: (field('User time \\(seconds\\)') + field('System time \\(seconds\\)')) * 1000,
  };
}

function parseHook(text) {
  const usage = JSON.parse(text);
  return { peakBytes: usage.maxRssKb * 1024, cpuMs: usage.userMs + usage.systemMs };
}

/** The median of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
