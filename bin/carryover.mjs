#!/usr/bin/env node
// Launcher for the `carryover` CLI: runs core/node/cli.ts as built by `npm run build:core` (which
// `npm install` runs through the `prepare` script): bundled, or else compiled.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// One thread per scavenge of the young generation: a sync keeps every document it parses, so
// each scavenge copies them, and on a few cores the helper threads of a parallel scavenge cost
// more CPU than they save time (docs/performance.md, "`sync --out` at the floor"). V8 reads this
// flag at each scavenge, so setting it before any work is safe; the whole-process flag
// `--single-threaded-gc` cannot be set from inside (V8 aborts).
setFlagsFromString('--no-parallel-scavenge');
// Optimize a function only after about nine times as much work in it as V8's default (67,584):
// a sync's run is short, and optimizing the hundreds of functions that would otherwise reach the
// optimizing compiler cost more CPU on its threads than the optimized code saved (about 0.2 s of
// 5 s at 8,000 forms, wall time unchanged: docs/performance.md, "`sync --out` at the floor"). Read
// as each function is created, so setting it before any of ours is loaded is safe.
setFlagsFromString('--interrupt-budget=600000');

// The bundle (build/cli/, scripts/bundleCli.mjs) starts about 0.09 s faster than the compiled
// modules it is made from; when it is missing, or older than they are (compiled again since), the
// compiled modules run instead (docs/performance.md, "One file to start").
const compiled = fileURLToPath(new URL('../build/core/node/cli.js', import.meta.url));
const bundled = fileURLToPath(new URL('../build/cli/cli.js', import.meta.url));
if (!existsSync(compiled) && !existsSync(bundled)) {
  process.stderr.write('carryover: the CLI is not built yet; run `npm run build:core` (or `npm install`) first\n');
  process.exit(1);
}
const entry = existsSync(bundled) && bundleIsCurrent() ? bundled : compiled;

/** True when build/cli/inputs.json records the compiled build as it is now (scripts/bundleCli.mjs, `buildStamp`). */
function bundleIsCurrent() {
  try {
    const recorded = JSON.parse(readFileSync(new URL('../build/cli/inputs.json', import.meta.url), 'utf8'));
    const files = Object.keys(recorded);
    return files.length > 0 && files.every((file) => (statSync(new URL(`../${file}`, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? null) === recorded[file]);
  } catch {
    return false;
  }
}
const { main, capYoungGeneration } = await import(pathToFileURL(entry).href);
// The main thread's young generation held at halves of 4 MB once it gets there (V8's default
// lets it grow to 16 MB): less memory touched, and 0.2 s less CPU for a sync at 2,000 forms
// (core/node/youngGeneration.ts; docs/performance.md, "A small young generation for the main
// thread"). Compiled modules older than this launcher may lack it.
if (typeof capYoungGeneration === 'function') capYoungGeneration(4);
// Once nothing is left to do (every write flushed, every file closed: Node says `beforeExit`
// only then), end at once rather than free the heap piece by piece first: 0.01–0.03 s less CPU
// for a sync at 2,000 forms (docs/performance.md, "Ending without freeing the heap").
process.once('beforeExit', () => process.exit());
const code = await main(process.argv.slice(2));
// An output that failed to be written (not a closed pipe) has already set exit code 5.
if (!process.exitCode) process.exitCode = code;
