#!/usr/bin/env node
// The README's test command (`npm test`): type-check, lint, unit and fixture tests (vitest), then
// the end-to-end journeys (Playwright, web mode, Debian Chromium). Each runner prints its own
// `<runner>: N passed, N failed` line; this script adds them up and prints one closing line,
// `N passed, N failed[, N skipped]`, and exits non-zero when anything failed.
import { spawn } from 'node:child_process';

const only = process.argv.slice(2);
const steps = [
  { name: 'typecheck', command: 'npx', args: ['tsc', '-b'] },
  // The CLI that the tests run through bin/carryover.mjs, bundled from what `tsc -b` just compiled.
  { name: 'bundle CLI', command: 'node', args: ['scripts/bundleCli.mjs'] },
  { name: 'typecheck e2e', command: 'npx', args: ['tsc', '-p', 'e2e'] },
  { name: 'lint', command: 'npx', args: ['eslint', '.'] },
  // Built before the unit tests: the security tests read the built page's content security policy.
  { name: 'renderer build', command: 'npm', args: ['run', 'build:renderer'] },
  { name: 'vitest', command: 'npx', args: ['vitest', 'run'] },
  { name: 'playwright', command: 'npx', args: ['playwright', 'test'] },
].filter((step) => only.length === 0 || only.includes(step.name));

const SUMMARY = /^(?:[a-z]+: )?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/;
let passed = 0;
let failed = 0;
let skipped = 0;

for (const step of steps) {
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const result = await run(step);
  if (result.summary) {
    passed += result.summary.passed;
    failed += result.summary.failed;
    skipped += result.summary.skipped;
    if (result.code !== 0 && result.summary.failed === 0) failed += 1; // the runner failed outside any test
  } else if (result.code === 0) {
    passed += 1; // a step without tests of its own (type-check, lint, build) counts as one check
  } else {
    failed += 1;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exitCode = failed > 0 ? 1 : 0;

function run(step) {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let summary = null;
    let pending = '';
    const scan = (chunk) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        const m = SUMMARY.exec(line);
        if (m) summary = { passed: Number(m[1]), failed: Number(m[2]), skipped: Number(m[3] ?? 0) };
      }
    };
    child.stdout.on('data', (d) => {
      process.stdout.write(d);
      scan(d.toString());
    });
    child.stderr.on('data', (d) => process.stderr.write(d));
    child.on('close', (code) => {
      scan('\n');
      resolve({ code: code ?? 1, summary });
    });
  });
}
