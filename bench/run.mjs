#!/usr/bin/env node
// `npm run bench -- [--forms 8000] [--small-forms 2000] [--seed 1] [--runs 3] [--no-app] [--only cli,text,worst,scripts,app,targets]`
//
// Prints, for a generated SyteLine-sized pair (bench/generate.mjs; generated on first use):
//   - the floor: a plain Node script that reads, parses, serializes and writes every file of the
//     Source and the Target once (bench/floor.mjs), and the same one file at a time
//     (bench/floorSequential.mjs);
//   - `carryover analyze` and `carryover sync --out`, each with wall time, CPU time and peak
//     memory, and their ratios to the floors (wall and CPU), at --forms and at --small-forms;
//   - the text merge of a 100k-line script, in process;
//   - `carryover merge-file` against `git merge-file` on the same three files;
//   - the worst case of the text merge, both sides rewritten, 5k/20k/60k lines, with git beside it
//     (bench/textWorstCase.mjs);
//   - the script merges of the pair that conflict with myers and with histogram (bench/scriptConflicts.mjs);
//   - the app at scale in web mode (bench/app.mjs, Playwright + Chromium), when it can run.
// Each figure is the median of --runs runs; the CLI runs are interleaved (floor, analyze, sync,
// then analyze, sync, floor, ...) so that a change in the machine's load touches all three alike. The figures are
// also written to bench/out/results.json. Numbers, not pass/fail: the exit code is 0 unless a
// command failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate, isGenerated, pairFolder } from './generate.mjs';
import { measure, median, memorySource } from './measure.mjs';
import { Random } from './random.mjs';
import { benchScriptConflicts } from './scriptConflicts.mjs';
import { editLines, scriptLines } from './scripts.mjs';
import { benchTextWorstCase } from './textWorstCase.mjs';
import { benchTargets } from './targets.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin', 'carryover.mjs');
const FLOOR = path.join(ROOT, 'bench', 'floor.mjs');
const FLOOR_SEQUENTIAL = path.join(ROOT, 'bench', 'floorSequential.mjs');
const GiB = 1024 ** 3;

const TARGETS = {
  analyze: 0.5, // × the floor
  sync: 1.0, // × the floor
  syncSequentialWall: 1.2, // × the sequential floor's wall time
  syncSequentialCpu: 1.5, // × the sequential floor's CPU time
  memoryBytes: GiB,
  scriptMergeMs: 200,
};

function parseFlags(argv) {
  const flags = { forms: 8000, smallForms: 2000, seed: 1, runs: 3, app: true, only: null, scriptLines: 100_000 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-app') flags.app = false;
    else if (arg === '--forms' || arg === '--seed' || arg === '--runs') flags[arg.slice(2)] = Number(argv[++i]);
    else if (arg === '--small-forms') flags.smallForms = Number(argv[++i]);
    else if (arg === '--script-lines') flags.scriptLines = Number(argv[++i]);
    else if (arg === '--only') flags.only = new Set(argv[++i].split(','));
    else throw new Error(`unknown argument ${arg}; usage: run.mjs [--forms N] [--small-forms N|0] [--seed N] [--runs N] [--script-lines N] [--no-app] [--only cli,text,worst,scripts,app,targets]`);
  }
  return flags;
}

const flags = parseFlags(process.argv.slice(2));
const wants = (part) => flags.only === null || flags.only.has(part);
const results = { machine: machine(), startedAt: new Date().toISOString(), runs: flags.runs };
const problems = [];

const ms = (v) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`);
const mib = (bytes) => (Number.isFinite(bytes) ? `${(bytes / 1024 ** 2).toFixed(0)} MiB` : 'n/a');
const ratio = (x) => `${x.toFixed(2)}×`;
const verdict = (ok) => (ok ? 'met' : 'NOT met');
/** Every target with its figure, printed together at the end. */
const verdicts = [];
const judge = (target, figure, ok) => {
  verdicts.push({ target, figure, met: ok });
  return verdict(ok);
};

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${(os.totalmem() / GiB).toFixed(0)} GiB`,
    loadAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function line(text = '') {
  process.stdout.write(text + '\n');
}

/** Reads every file below `dir` once, so that every measured run starts with the same (warm) page cache. */
function warm(dir) {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) readFileSync(path.join(entry.parentPath, entry.name));
  }
}

// ---------------------------------------------------------------------------------------------

line(`Carryover benchmark: node ${results.machine.node}, ${results.machine.platform}, ${results.machine.cpu}, ${results.machine.memory}`);
line(`load average at start: ${results.machine.loadAtStart} (figures are medians of ${flags.runs} runs; peak memory from ${memorySource})`);

// The output folders of the CLI runs, removed only once everything is measured: on ext4, creating
// files in the minutes after deleting thousands costs several times more (the inode allocator
// skips recently deleted inodes), so one pair's clean-up would weigh on the next pair's runs.
const scratchFolders = [];

// The text merge first: the CLI runs end by deleting their output folders, work the kernel is
// still finishing for a while after.
if (wants('text')) await benchText();
if (wants('worst')) results.textWorstCase = await benchTextWorstCase({ cli: CLI, runs: flags.runs, line, ms, ratio, hasGit: hasGit(), problems });
if (wants('scripts')) await benchScripts();
if (wants('cli')) await benchCli();
if (wants('app')) await benchApp();
// Only when asked (`--only targets`): it syncs six SyteLine-scale Targets per run.
if (flags.only?.has('targets')) {
  const pair = pairFolder(flags.forms, flags.seed);
  if (!isGenerated(pair, flags.forms, flags.seed)) generate({ forms: flags.forms, seed: flags.seed, out: pair });
  results.targets = await benchTargets({ pair, cli: CLI, root: ROOT, runs: flags.runs, line, ms, ratio, judge, problems, flushWrites });
}

results.loadAtEnd = os.loadavg().map((l) => l.toFixed(2)).join(' ');
results.verdicts = verdicts;
if (verdicts.length > 0) {
  line();
  line('Targets');
  for (const v of verdicts) line(`  ${v.met ? 'met    ' : 'NOT met'}  ${v.target.padEnd(44)} ${v.figure}`);
}
line();
line(`load average at end: ${results.loadAtEnd}`);
mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench', 'out', 'results.json'), JSON.stringify(results, null, 2) + '\n');
line(`figures written to bench/out/results.json`);
for (const dir of scratchFolders) rmSync(dir, { recursive: true, force: true });
if (problems.length > 0) {
  for (const problem of problems) process.stderr.write(`bench: ${problem}\n`);
  process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------

async function benchCli() {
  // The smaller pair, where the fixed costs weigh more (issue "`sync --out` at the floor"), then
  // the reference size (its figures stay in results.cli). Measured after the reference pair, the
  // smaller one's first two runs of every step, floors included, took 1.3–2× as long, in every
  // invocation of 4 December, probably the kernel reclaiming the page cache that the reference
  // runs' 4 GB of output had filled. The smaller pair leaves 1 GB behind.
  if (flags.smallForms > 0 && flags.smallForms !== flags.forms) results.cliSmall = await benchCliPair(flags.smallForms, false);
  results.cli = await benchCliPair(flags.forms, true);
}

/** Generates the pair of `forms` forms when missing, runs the floors, analyze and sync on it, and prints the figures. */
async function benchCliPair(forms, reference) {
  const pair = pairFolder(forms, flags.seed);
  if (!isGenerated(pair, forms, flags.seed)) {
    line(`generating ${path.relative(ROOT, pair)} (once; npm run bench:generate does the same) ...`);
    generate({ forms, seed: flags.seed, out: pair });
  }
  const generated = JSON.parse(readFileSync(path.join(pair, 'generated.json'), 'utf8'));
  if (reference) results.pair = generated;
  else results.pairSmall = generated;
  const c = generated.counts;
  line();
  line(`Configuration pair ${path.relative(ROOT, pair)} (seed ${generated.seed})`);
  const globals = c.sourceGlobals === undefined ? `${c.globals}+ global objects` : `${c.sourceGlobals} global objects (${c.changedGlobals} changed, ${c.sourceGlobals - c.globals} added)`;
  line(`  source: ${generated.source.files} files, ${(generated.source.bytes / 1e6).toFixed(1)} MB: ${c.forms + c.addedForms} forms (${c.changedForms} changed, ${c.addedForms} added), ${globals}`);
  line(`  target: ${generated.target.files} files, ${(generated.target.bytes / 1e6).toFixed(1)} MB: ${c.forms} forms, ${c.globals} global objects, ${c.customized} customized form versions over Site, ${c.groups} groups and ${c.users} users, ${c.customizedGlobals} customized global objects, ${c.runtimeFiles} runtime files, Master Explorer, Public folders, ${c.myFolders} My Folders`);

  const source = path.join(pair, 'source');
  const target = path.join(pair, 'target');
  // Every run writes a new folder, and all are removed only at the end of the bench
  // (`scratchFolders`), which would otherwise charge one run for the clean-up of the one before.
  const scratch = mkdtempSync(path.join(pair, '..', '.run-'));
  scratchFolders.push(scratch);
  const steps = [
    { key: 'floor', label: 'floor (read, parse, serialize, write all)', args: (out) => [FLOOR, source, target, out] },
    { key: 'floorSequential', label: 'sequential floor (one file at a time)', args: (out) => [FLOOR_SEQUENTIAL, source, target, out] },
    { key: 'analyze', label: 'carryover analyze', args: (out) => [CLI, 'analyze', '--source', source, '--target', target, '--output', `${out}.txt`] },
    { key: 'sync', label: 'carryover sync --out', args: (out) => [CLI, 'sync', '--source', source, '--target', target, '--answer', 'keep', '--out', out] },
  ];
  const samples = Object.fromEntries(steps.map((s) => [s.key, []]));
  for (let run = 0; run < flags.runs; run++) {
    // The order turns with each run, and the page cache is flushed between steps (untimed): a step
    // never pays for the write-back of the 250 MB the one before it wrote.
    for (const step of [...steps.slice(run % steps.length), ...steps.slice(0, run % steps.length)]) {
      flushWrites();
      // Read again before every step (untimed): a kernel that pages out what was not read for a
      // minute (this machine's DAMON reclaim does) would otherwise leave the first runs of a pair,
      // or of the larger pair after the smaller, to read part of it from disk.
      warm(source);
      warm(target);
      const m = await measure(step.args(path.join(scratch, `${step.key}-${run + 1}`)), { cwd: ROOT });
      if (m.code !== 0) problems.push(`${step.label} exited with ${m.code}: ${m.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
      samples[step.key].push(m);
      process.stdout.write(`  run ${run + 1}/${flags.runs} ${step.key}: ${ms(m.wallMs)}\n`);
    }
  }

  const summary = {};
  for (const step of steps) {
    const list = samples[step.key];
    summary[step.key] = {
      wallMs: median(list.map((m) => m.wallMs)),
      cpuMs: median(list.map((m) => m.cpuMs)),
      peakBytes: median(list.map((m) => m.peakBytes)),
      wallMsRuns: list.map((m) => Math.round(m.wallMs)),
    };
  }
  const floor = summary.floor;
  for (const key of ['analyze', 'sync']) {
    summary[key].wallRatio = summary[key].wallMs / floor.wallMs;
    summary[key].cpuRatio = summary[key].cpuMs / floor.cpuMs;
  }
  const sequential = summary.floorSequential;
  const size = `${forms.toLocaleString('en-US')} forms`;
  summary.sync.sequentialWallRatio = summary.sync.wallMs / sequential.wallMs;
  summary.sync.sequentialCpuRatio = summary.sync.cpuMs / sequential.cpuMs;

  line();
  line(`${'step'.padEnd(42)} ${'wall'.padStart(8)} ${'cpu'.padStart(8)} ${'peak mem'.padStart(9)}  ${'÷floor wall'.padStart(11)} ${'(cpu)'.padStart(7)}  target`);
  for (const step of steps) {
    const s = summary[step.key];
    const target =
      step.key === 'floor' || step.key === 'floorSequential'
        ? ''
        : `≤ ${ratio(TARGETS[step.key])} floor: ${judge(`${step.label} ≤ ${ratio(TARGETS[step.key])} the floor, ${size}`, `${ratio(s.wallRatio)} (${ms(s.wallMs)} vs ${ms(floor.wallMs)})`, s.wallRatio <= TARGETS[step.key])}; ` +
          `memory ≤ 1 GiB: ${judge(`${step.label} peak memory ≤ 1 GiB, ${size}`, mib(s.peakBytes), s.peakBytes <= TARGETS.memoryBytes)}`;
    const ratios = step.key === 'floor' ? `${'1.00×'.padStart(11)} ${''.padStart(7)}` : step.key === 'floorSequential' ? `${ratio(s.wallMs / floor.wallMs).padStart(11)} ${`(${ratio(s.cpuMs / floor.cpuMs)})`.padStart(7)}` : `${ratio(s.wallRatio).padStart(11)} ${`(${ratio(s.cpuRatio)})`.padStart(7)}`;
    line(`${step.label.padEnd(42)} ${ms(s.wallMs).padStart(8)} ${ms(s.cpuMs).padStart(8)} ${mib(s.peakBytes).padStart(9)}  ${ratios}  ${target}`);
  }
  line(`  (wall runs, ms: ${steps.map((s) => `${s.key} ${summary[s.key].wallMsRuns.join('/')}`).join('; ')})`);
  // The issue's measure: sync against the sequential floor, wall and CPU, at every size.
  const s = summary.sync;
  const wallOk = judge(`sync --out ≤ ${ratio(TARGETS.syncSequentialWall)} the sequential floor's wall, ${size}`, `${ratio(s.sequentialWallRatio)} (${ms(s.wallMs)} vs ${ms(sequential.wallMs)})`, s.sequentialWallRatio <= TARGETS.syncSequentialWall);
  const cpuOk = judge(`sync --out ≤ ${ratio(TARGETS.syncSequentialCpu)} the sequential floor's CPU, ${size}`, `${ratio(s.sequentialCpuRatio)} (${ms(s.cpuMs)} vs ${ms(sequential.cpuMs)})`, s.sequentialCpuRatio <= TARGETS.syncSequentialCpu);
  line(`carryover sync --out ÷ sequential floor: wall ${ratio(s.sequentialWallRatio)} (target ≤ ${ratio(TARGETS.syncSequentialWall)}: ${wallOk}), CPU ${ratio(s.sequentialCpuRatio)} (target ≤ ${ratio(TARGETS.syncSequentialCpu)}: ${cpuOk})`);
  return summary;
}

// ---------------------------------------------------------------------------------------------

async function benchText() {
  const textMerge = path.join(ROOT, 'build', 'core', 'textMerge', 'index.js');
  if (!existsSync(textMerge)) {
    problems.push('build/core/textMerge is missing: run `npm run build:core` first');
    return;
  }
  const n = flags.scriptLines;
  const fields = ['CustNum', 'Name', 'Addr1', 'City', 'Stat', 'CreditLimit', 'Balance', 'Slsman', 'TermsCode', 'Whse'];
  const baseLines = scriptLines(new Random(100), fields, n).slice(0, n);
  const current = editLines(new Random(101), [...baseLines], fields, Math.round(n / 500));
  const other = editLines(new Random(102), [...baseLines], fields, Math.round(n / 500));
  const crlf = (lines) => lines.join('\r\n') + '\r\n';
  const texts = { base: crlf(baseLines), current: crlf(current), other: crlf(other) };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'carryover-bench-merge-'));
  for (const [name, text] of Object.entries(texts)) writeFileSync(path.join(dir, name), text);

  // In process: the script merge a prompt runs (same engine as merge-file), warm, timed in a
  // fresh process (bench/timeScriptMerge.mjs) so that this one's garbage stays out of it.
  const timer = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'timeScriptMerge.mjs'), dir, String(Math.max(7, flags.runs))], { encoding: 'utf8' });
  if (timer.status !== 0) {
    problems.push(`timing the script merge failed: ${timer.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const { conflicts, times } = JSON.parse(timer.stdout);
  const merged = { conflicts };
  const inProcess = median(times);
  const fastest = Math.min(...times);
  line();
  line(`Text merge of a ${n.toLocaleString('en-US')}-line script (${Math.round(n / 500)} edits on each side, CRLF): ${merged.conflicts} conflicts`);
  line(`  in process (mergeScripts, warm):   ${ms(inProcess).padStart(8)}   (fastest of ${times.length}: ${ms(fastest)})   target ≤ ${TARGETS.scriptMergeMs} ms: ${judge(`text merge of ${n.toLocaleString('en-US')} lines ≤ ${TARGETS.scriptMergeMs} ms`, ms(inProcess), inProcess <= TARGETS.scriptMergeMs)}`);

  // merge-file against git merge-file, whole processes on the same three files.
  if (!hasGit()) {
    line('  git is not installed: merge-file is not compared with git merge-file');
    results.text = { lines: n, conflicts: merged.conflicts, inProcessMs: inProcess, inProcessFastestMs: fastest };
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const files = ['current', 'base', 'other'];
  const env = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', HOME: dir, LC_ALL: 'C' };
  const ours = [];
  const git = [];
  let oursOut = null;
  let gitOut = null;
  for (let i = 0; i < Math.max(5, flags.runs); i++) {
    const a = await measure([CLI, 'merge-file', '-p', ...files], { cwd: dir });
    const b = await measure(['merge-file', '-p', ...files], { node: false, command: 'git', cwd: dir, env });
    ours.push(a);
    git.push(b);
    oursOut = a;
    gitOut = b;
  }
  rmSync(dir, { recursive: true, force: true });
  const same = oursOut.stdout.equals(gitOut.stdout) && oursOut.code === gitOut.code;
  const oursMs = median(ours.map((m) => m.wallMs));
  const gitMs = median(git.map((m) => m.wallMs));
  line(`  carryover merge-file -p (process): ${ms(oursMs).padStart(8)}   peak ${mib(median(ours.map((m) => m.peakBytes)))}`);
  line(`  git merge-file -p (process):       ${ms(gitMs).padStart(8)}   peak ${mib(median(git.map((m) => m.peakBytes)))}   carryover ÷ git: ${ratio(oursMs / gitMs)}`);
  line(`  same output and exit status as git (${gitOut.code} conflicts): ${same ? 'yes' : 'NO'}`);
  if (!same) problems.push('merge-file and git merge-file disagree on the 100k-line script');
  results.text = {
    lines: n,
    conflicts: merged.conflicts,
    inProcessMs: inProcess,
    inProcessFastestMs: fastest,
    mergeFileMs: oursMs,
    gitMergeFileMs: gitMs,
    sameAsGit: same,
  };
}

// ---------------------------------------------------------------------------------------------

async function benchScripts() {
  const pair = pairFolder(flags.forms, flags.seed);
  if (!isGenerated(pair, flags.forms, flags.seed)) {
    line();
    line(`Script merges by diff algorithm: not measured (no generated pair in ${path.relative(ROOT, pair)}: run \`npm run bench:generate\` first)`);
    return;
  }
  results.scriptConflicts = await benchScriptConflicts({ root: ROOT, pair, line, ms });
}

async function benchApp() {
  if (!flags.app) return;
  line();
  const app = path.join(ROOT, 'bench', 'app.mjs');
  if (!existsSync(app)) {
    line('App at scale: not measured (bench/app.mjs is missing)');
    return;
  }
  const { benchApp: run } = await import(pathToFileURL(app).href);
  const figures = await run({ root: ROOT, line, runs: flags.runs, judge }).catch((error) => {
    line(`App at scale: not measured (${error instanceof Error ? error.message : String(error)})`);
    return null;
  });
  if (figures) results.app = figures;
}

/** Writes dirty pages back to disk (`sync`), where the platform has the command. */
function flushWrites() {
  if (process.platform !== 'win32') spawnSync('sync');
}

function hasGit() {
  return spawnSync('git', ['--version']).status === 0;
}
