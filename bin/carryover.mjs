#!/usr/bin/env node
// Launcher for the `carryover` CLI: runs the compiled core/node/cli.ts (built by `npm install`
// through the `prepare` script, or by `npm run build`).
import { existsSync } from 'node:fs';
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

const entry = fileURLToPath(new URL('../build/core/node/cli.js', import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write('carryover: the CLI is not built yet; run `npm run build:core` (or `npm install`) first\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
const code = await main(process.argv.slice(2));
// An output that failed to be written (not a closed pipe) has already set exit code 5.
if (!process.exitCode) process.exitCode = code;
