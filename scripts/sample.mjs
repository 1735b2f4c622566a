#!/usr/bin/env node
// `npm run sample`: merges the bundled sample (fixtures/sample) the way QA would. It prints the
// plan (`carryover analyze`), then writes the merged Target to .tmp/sample/merged with the
// answers in fixtures/sample/answers.json and an HTML report beside it.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

const cli = ['bin/carryover.mjs'];
const inputs = [
  '--source', 'fixtures/sample/source',
  '--target', 'fixtures/sample/target',
  '--options', 'fixtures/sample/options.json',
  '--answers', 'fixtures/sample/answers.json',
];
const run = (args) => spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' }).status ?? 1;

rmSync('.tmp/sample', { recursive: true, force: true });
let code = run(['analyze', ...inputs]);
if (code === 0) {
  code = run(['sync', ...inputs, '--out', '.tmp/sample/merged', '--report', '.tmp/sample/report.html']);
  if (code === 0) process.stdout.write('\nMerged Target: .tmp/sample/merged\nReport: .tmp/sample/report.html\n');
}
process.exitCode = code;
