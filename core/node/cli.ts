import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import type { Analysis } from '../analysis.js';
import type { Options } from '../options.js';
import { protectedRefusals } from '../parseOptions.js';
import type { Problem } from '../problems.js';
import { escapeControlCharacters, formatProblem } from '../problems.js';
import { buildReport, type ReportContext } from '../report/buildReport.js';
import { renderHtmlReport } from '../report/renderHtmlReport.js';
import { renderTextReport } from '../report/renderTextReport.js';
import { serializeReport } from '../report/serializeReport.js';
import { synchronize } from '../synchronize.js';
import { askInTerminal } from './askInTerminal.js';
import { commitPlan } from './commitPlan.js';
import { prepareCommitRecord } from './commitRecord.js';
import { describeError, isCarryoverFsError } from './fsErrors.js';
import type { TargetLock } from './lock.js';
import { lockAndRecover, recoverTarget } from './openPair.js';
import { targetPaths } from './targetPaths.js';
import { loadConfiguration } from './loadConfiguration.js';
import type { Inputs } from './loadInputs.js';
import { loadInputs, readText } from './loadInputs.js';
import { parseCommandLine, usageOf } from './cliProgram.js';
import type { ParsedArgs } from './parseArgs.js';
import { UsageError, choiceFlag, flagValue, requiredFlag } from './parseArgs.js';
import { parseOptions } from '../parseOptions.js';
import { rollback } from './rollback.js';
import { writeUnlessClosed } from './writeUnlessClosed.js';
import { runUtility } from './utilitiesCli.js';
import { runRecord } from './runRecord.js';

/** The CLI's exit codes (docs/cli.md, "Exit codes"); `merge-file` has git's instead. */
export const EXIT = { ok: 0, internal: 1, usage: 2, invalidInput: 3, unanswered: 4, writeFailed: 5 } as const;

export const VERSION = '0.1.0';

/** Where the CLI writes and whether it may ask: injectable so tests run it in process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when standard input is a terminal (prompts may be asked there). */
  interactive: boolean;
}

const processIo: CliIo = {
  stdout: (text) => writeUnlessClosed(process.stdout, text),
  stderr: (text) => writeUnlessClosed(process.stderr, text),
  interactive: process.stdin.isTTY === true,
};

/** Input problems: exit 3 with one line per problem. */
class InvalidInput extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s)`);
  }
}

/**
 * Runs `carryover` with the given arguments and returns its exit code. Input errors are one line
 * each on standard error; only a bug (exit 1) prints more.
 */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const command = argv[0];
  try {
    const line = parseCommandLine(argv, { version: VERSION });
    if (line.kind === 'print') {
      (line.stream === 'stdout' ? io.stdout : io.stderr)(line.text);
      return line.exitCode;
    }
    const args = line.args;
    switch (line.command) {
      case 'analyze':
        return await runAnalyze(args, io);
      case 'sync':
        return await runSync(args, io);
      case 'rollback':
        return await runRollback(args, io);
      case 'validate':
        return await runValidate(args, io);
      case 'list':
      case 'copy':
      case 'remove':
      case 'check':
      case 'undo':
        return await runUtility(line.command, args, io);
      case 'merge-file': {
        const { runMergeFile } = await import('./mergeFileCommand.js');
        return await runMergeFile([...line.rest], { stdout: (s: string | Uint8Array) => (typeof s === 'string' ? io.stdout(s) : writeUnlessClosed(process.stdout, s)), stderr: io.stderr });
      }
      default:
        throw new Error(`the command ${JSON.stringify(line.command)} is declared but not dispatched`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`carryover: ${error.message}\n${usageOf(command)}`);
      return EXIT.usage;
    }
    if (error instanceof InvalidInput) {
      for (const problem of error.problems) io.stderr(`carryover: ${formatProblem(problem)}\n`);
      return EXIT.invalidInput;
    }
    if (isCarryoverFsError(error)) {
      io.stderr(`carryover: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr(`carryover: internal error (a bug: please report it): ${detail}\n`);
    return EXIT.internal;
  }
}

type Format = 'text' | 'json' | 'html';
const FORMATS: readonly Format[] = ['text', 'json', 'html'];

async function runAnalyze(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  const paths = inputPaths(args);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(flagValue(args, 'output')) ?? 'text';
  await recoverIfPossible(paths.target, io);
  const inputs = await load(paths);
  const analysis = synchronize({ ...inputs, answersFile: paths.answers });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  const rendered = renderReport(analysis, inputs.options, format, { source: paths.source, target: paths.target, command: 'analyze' });
  const output = flagValue(args, 'output');
  if (output === undefined || output === STDOUT) io.stdout(rendered);
  else {
    await writeReportFile(output, rendered);
    io.stderr(`carryover: plan written to ${output}\n`);
  }
  return EXIT.ok;
}

async function runSync(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  const paths = inputPaths(args);
  const out = flagValue(args, 'out');
  const inPlace = args.switches.has('in-place');
  if ((out === undefined) === !inPlace) throw new UsageError('sync needs exactly one of --out DIR and --in-place');
  const backup = flagValue(args, 'backup');
  if (backup !== undefined && !inPlace) throw new UsageError('--backup goes with --in-place');
  const answer = choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const);
  // `--format` without `--report` asks for the report too: on standard output (docs/cli.md, "Reports").
  const reportFile = flagValue(args, 'report') ?? (flagValue(args, 'format') !== undefined ? STDOUT : undefined);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(reportFile) ?? 'text';
  const allowDestructive = args.switches.has('allow-destructive');

  // In place, the Target's lock is held from before the Target is read until it is replaced: a
  // sync that ran in between would otherwise be overwritten by a result computed from the Target
  // as it was before it.
  let lock: TargetLock | null = null;
  if (inPlace) lock = await lockAndRecover(paths.target, (note) => io.stderr(`carryover: ${note}\n`));
  else await recoverIfPossible(paths.target, io);
  try {
    return await syncInputs({ paths, io, out, backup, answer, reportFile, format, allowDestructive, lock });
  } finally {
    await lock?.release().catch((error: unknown) => {
      // The sync's outcome stands; a lock file left behind is judged stale by the next command.
      io.stderr(`carryover: Could not remove the lock file ${targetPaths(lock.target).lock} (${describeError(error)}); remove it by hand.\n`);
    });
  }
}

/** The rest of `sync`, once the Target is locked (in place) and recovered. */
async function syncInputs(run: {
  paths: ReturnType<typeof inputPaths>;
  io: CliIo;
  out: string | undefined;
  backup: string | undefined;
  answer: 'keep' | 'replace' | 'fail' | undefined;
  reportFile: string | undefined;
  format: Format;
  allowDestructive: boolean;
  lock: TargetLock | null;
}): Promise<number> {
  const { paths, io, out, backup, answer, reportFile, format, allowDestructive } = run;
  const inputs = await load(paths);
  const answerDefault = answer === 'fail' ? undefined : answer;
  if (inputs.target.meta.protected === true && !allowDestructive) {
    const refused = protectedRefusals(inputs.options, answerDefault);
    if (refused.length > 0) {
      for (const problem of refused) io.stderr(`carryover: ${escapeControlCharacters(problem.message)}\n`);
      return EXIT.invalidInput;
    }
  }

  const answers = new Map(inputs.answers);
  let analysis = synchronize({ ...inputs, answers, answerDefault, allowDestructive, answersFile: paths.answers });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  if (analysis.plan === null && answer === undefined && io.interactive) {
    // Ask each remaining prompt in the terminal; an answer can reveal no new prompt, but re-run
    // until the plan is complete or the user stops.
    for (let round = 0; round < 5 && analysis.plan === null; round++) {
      const asked = await askInTerminal(analysis.prompts.filter((p) => p.answer === null), answers, io);
      if (asked === 0) break;
      analysis = synchronize({ ...inputs, answers, allowDestructive, answersFile: paths.answers });
      if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
    }
  }
  const context = { source: paths.source, target: paths.target, command: 'sync' as const };
  if (analysis.plan === null) {
    const open = analysis.prompts.filter((p) => p.answer === null);
    io.stderr(`carryover: ${open.length} ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered; nothing was written:\n`);
    for (const prompt of open) io.stderr(`carryover: unanswered: ${escapeControlCharacters(prompt.id)}\n`);
    if (reportFile !== undefined) await emitReport(reportFile, renderReport(analysis, inputs.options, format, context), io);
    return EXIT.unanswered;
  }

  // The Target may have changed while the prompts were asked: commitPlan refuses then (exit 5).
  // In place, the record of this commit lets `undo` put back one decision later (docs/utilities.md).
  const now = new Date();
  const records =
    out === undefined
      ? await prepareCommitRecord({ decisions: analysis.decisions, plan: analysis.plan, sourceRoot: paths.source, target: inputs.target, targetRoot: paths.target, now })
      : undefined;
  const written = await commitPlan({
    plan: analysis.plan,
    analyzed: { sourceRoot: paths.source, targetRoot: paths.target, fingerprints: inputs.fingerprints },
    destination:
      out !== undefined
        ? { kind: 'new-folder', outDir: out }
        : { kind: 'in-place', now, ...(records !== undefined ? { records } : {}), ...(backup !== undefined ? { backupDir: backup } : {}) },
    ...(run.lock ? { lock: run.lock } : {}),
  });
  for (const note of written.notes) io.stderr(`carryover: ${note}\n`);
  const where = written.kind === 'new-folder' ? `merged Target written to ${out}` : `Target updated in place; backup in ${written.backupDir}`;
  if (reportFile !== undefined) {
    // A report of a write records what was written, where, when and by whom (docs/reports.md).
    const record = { ...context, output: out ?? paths.target, mode: out !== undefined ? ('new-folder' as const) : ('in-place' as const), ...runRecord() };
    await emitReport(reportFile, renderReport(analysis, inputs.options, format, written.kind === 'in-place' ? { ...record, backup: written.backupDir } : record), io);
  }
  const s = analysis.summary;
  // With the report on standard output, the summary goes to standard error so that a tool reads the report alone.
  (reportFile === STDOUT ? io.stderr : io.stdout)(`${where}\n${s.decisions} decisions, ${s.prompts} prompts (${s.answered} answered), ${s.warnings} warnings\n`);
  return EXIT.ok;
}

async function runRollback(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  const target = requiredFlag(args, 'target');
  // rollback() finishes or undoes an interrupted operation first, under the lock, and a rollback
  // that this finishes is the request fulfilled.
  const result = await rollback({ targetRoot: target, backupDir: flagValue(args, 'backup') });
  for (const note of [...result.recovery.notes, ...result.notes]) io.stderr(`carryover: ${note}\n`);
  io.stdout(`Target ${target} restored from ${result.backupDir}; the backup is kept\n`);
  return EXIT.ok;
}

async function runValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  if (args.positional.length === 0 && flagValue(args, 'options') === undefined) {
    throw new UsageError('validate needs at least one configuration folder');
  }
  const problems: Problem[] = [];
  // A folder may be a Target whose in-place sync or rollback was interrupted: finish or undo that
  // first, as every command does (docs/cli.md), so that what is validated is a whole Target.
  for (const dir of args.positional) await recoverIfPossible(dir, io);
  const results = await Promise.all(args.positional.map((dir) => loadConfiguration(dir)));
  results.forEach((result, i) => {
    if (result.ok) io.stdout(`${args.positional[i]}: valid configuration (${result.configuration.files.size} versions)\n`);
    else problems.push(...result.problems);
  });
  const optionsFile = flagValue(args, 'options');
  if (optionsFile !== undefined) {
    const text = await readText(optionsFile);
    const parsed = typeof text === 'string' ? parseOptions(text, optionsFile) : text;
    if (parsed.ok) io.stdout(`${optionsFile}: valid options\n`);
    else problems.push(...parsed.problems);
  }
  if (problems.length > 0) throw new InvalidInput(problems);
  return EXIT.ok;
}

function inputPaths(args: ParsedArgs) {
  return {
    source: requiredFlag(args, 'source'),
    target: requiredFlag(args, 'target'),
    options: flagValue(args, 'options'),
    answers: flagValue(args, 'answers'),
  };
}

async function load(paths: Parameters<typeof loadInputs>[0]): Promise<Inputs> {
  const loaded = await loadInputs(paths);
  if (!loaded.ok) throw new InvalidInput(loaded.problems);
  return loaded.inputs;
}

/** Finishes or undoes an interrupted in-place sync of the Target before anything else, and says so. */
async function recoverIfPossible(target: string, io: CliIo): Promise<void> {
  for (const note of await recoverTarget(target)) io.stderr(`carryover: ${note}\n`);
}

function noPositional(args: ParsedArgs): void {
  if (args.positional.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(args.positional[0])}`);
}

function formatOf(file: string | undefined): Format | undefined {
  if (file === undefined) return undefined;
  const ext = extname(file).toLowerCase();
  return ext === '.json' ? 'json' : ext === '.html' || ext === '.htm' ? 'html' : 'text';
}

function renderReport(
  analysis: Analysis,
  options: Options,
  format: Format,
  context: Omit<ReportContext, 'options' | 'generatedBy'>,
): string {
  const report = buildReport(analysis, { mode: 'analysis', ...context, options, generatedBy: `carryover ${VERSION}` });
  switch (format) {
    case 'json':
      return serializeReport(report);
    case 'html':
      return renderHtmlReport(report);
    case 'text':
      return renderTextReport(report);
  }
}

/** `-` for `--report`/`--output`: standard output instead of a file. */
const STDOUT = '-';

/** Writes a report to its file, or to standard output for `-`. */
async function emitReport(file: string, text: string, io: CliIo): Promise<void> {
  if (file === STDOUT) io.stdout(text);
  else await writeReportFile(file, text);
}

/** Writes a report through a temporary file and a rename, so a reader never sees half of one. */
async function writeReportFile(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

