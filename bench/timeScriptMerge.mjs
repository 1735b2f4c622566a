#!/usr/bin/env node
// Times `mergeScripts` (the text merge behind script prompts) in a fresh process, so that the
// benchmark's own garbage does not land in the timed runs.
// Usage: node bench/timeScriptMerge.mjs DIR RUNS   (DIR holds base, current and other)
// Prints one JSON line: { conflicts, times: [ms, ...] } (after two warm-up merges).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { mergeScripts } = await import(pathToFileURL(path.join(root, 'build', 'core', 'textMerge', 'index.js')).href);
const [dir, runsText] = process.argv.slice(2);
const [base, current, other] = ['base', 'current', 'other'].map((name) => readFileSync(path.join(dir, name), 'utf8'));
let merged = mergeScripts(base, current, other);
merged = mergeScripts(base, current, other);
const times = [];
for (let i = 0; i < Number(runsText ?? 7); i++) {
  const start = performance.now();
  merged = mergeScripts(base, current, other);
  times.push(performance.now() - start);
}
process.stdout.write(JSON.stringify({ conflicts: merged.conflicts, times }) + '\n');
