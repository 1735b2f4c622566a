// Builds what `npm run web` and `npm start` need when it is missing or older than its sources:
// the back end (tsc -b electron → build/electron, and the preload bundle) and the renderer (vite build → dist/renderer).
// Build output goes to standard error, so web mode's one line stays alone on standard output.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir, filter = () => true) {
  let time = 0;
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (filter(full)) time = Math.max(time, statSync(full).mtimeMs);
    }
  };
  if (existsSync(dir)) walk(dir);
  return time;
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function run(args) {
  const bin = path.join(root, 'node_modules', '.bin', args[0]);
  const result = spawnSync(bin, args.slice(1), { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
  return result.status === 0;
}

const isSource = (f) => /\.(ts|cts|tsx|css|html)$/.test(f) && !f.endsWith('.test.ts');

/** Builds the back end and the renderer if needed; returns false when a needed build failed. */
export function buildIfStale() {
  const backEnd = path.join(root, 'build', 'electron', 'web', 'main.js');
  const backEndSources = Math.max(newest(path.join(root, 'electron'), isSource), newest(path.join(root, 'core'), isSource));
  if (mtime(backEnd) < backEndSources) {
    process.stderr.write('carryover: building the back end (tsc -b electron)…\n');
    // tsc reports type errors but still emits; the app runs if the output is there.
    if (!run(['tsc', '-b', 'electron']) && !existsSync(backEnd)) return false;
  }
  // The sandboxed preload is one bundled file (scripts/buildPreload.mjs).
  const preload = path.join(root, 'build', 'electron', 'preload.cjs');
  if (mtime(preload) < backEndSources) {
    const result = spawnSync(process.execPath, [path.join(root, 'scripts', 'buildPreload.mjs')], { cwd: root, stdio: ['ignore', process.stderr, process.stderr] });
    if (result.status !== 0) return false;
  }
  const page = path.join(root, 'dist', 'renderer', 'index.html');
  const pageSources = Math.max(newest(path.join(root, 'renderer'), isSource), newest(path.join(root, 'core'), isSource), mtime(path.join(root, 'vite.config.ts')), mtime(path.join(root, 'electron', 'security.ts')));
  if (mtime(page) < pageSources) {
    process.stderr.write('carryover: building the renderer (vite build)…\n');
    if (!run(['vite', 'build', '--logLevel', 'warn'])) return false;
  }
  return true;
}
