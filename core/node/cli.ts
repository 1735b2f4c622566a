import { extname } from 'node:path';
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
import { askInTerminal, type Terminal } from './askInTerminal.js';
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
import { parseSize } from './loadFile.js';
import type { ParsedArgs } from './parseArgs.js';
import { UsageError, choiceFlag, flagValue, requiredFlag } from './parseArgs.js';
import { parseOptions } from '../parseOptions.js';
import { rollback } from './rollback.js';
import { writeUnlessClosed } from './writeUnlessClosed.js';
import { runUtility } from './utilitiesCli.js';
import { runRecord } from './runRecord.js';
import { formatRollbackHistory, rollbackHistory } from './rollbackHistory.js';
import { checkReportPath, STANDARD_OUTPUT, writeReportFile } from './writeReportFile.js';
import { CarryoverBug } from '../bug.js';
import { loadPatch, missingFromSource, type LoadedPatch } from './loadPatch.js';
import { runAnalyzeTargets, runSyncTargets } from './manyTargetsCli.js';

/** The CLI's exit codes (docs/cli.md, "Exit codes"); `merge-file` has git's instead. */
export const EXIT = { ok: 0, internal: 1, usage: 2, invalidInput: 3, unanswered: 4, writeFailed: 5 } as const;

export const VERSION = '0.1.0';

/** Where the CLI writes and whether it may ask: injectable so tests run it in process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when standard input is a terminal (prompts may be asked there). */
  interactive: boolean;
  /** Where prompts are asked when `interactive`; default the process's terminal (tests script one). */
  terminal?: Terminal;
}

const processIo: CliIo = {
  stdout: (text) => writeUnlessClosed(process.stdout, text),
  stderr: (text) => writeUnlessClosed(process.stderr, text),
  interactive: process.stdin.isTTY === true,
};

/** Input problems: exit 3 with one line per problem. */
export class InvalidInput extends Error {
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
        throw new CarryoverBug(`the command ${JSON.stringify(line.command)} is declared but not dispatched`);
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
  if ((args.values.get('target')?.length ?? 0) > 1) return await runAnalyzeTargets(args, io, maxFileSizeFlag(args));
  const paths = inputPaths(args);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(flagValue(args, 'output')) ?? 'text';
  const outputFlag = flagValue(args, 'output');
  // Checked before anything is read: a plan file must never replace a file of an input.
  const output = outputFlag === undefined ? undefined : await checkReportPath(outputFlag, '--output', inputFolders(paths));
  await recoverIfPossible(paths.target, io);
  const patch = await patchOf(args, paths.maxFileSize);
  const inputs = await load(paths);
  checkPatch(patch, inputs);
  const analysis = synchronize({ ...inputs, answersFile: paths.answers, ...(patch ? { patch: patch.ids } : {}) });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  const rendered = renderReport(analysis, inputs.options, format, { source: paths.source, target: paths.target, command: 'analyze' });
  if (output === undefined) io.stdout(rendered);
  else {
    await writeReportFile(output, rendered, { flag: '--output', stdout: io.stdout });
    if (outputFlag !== '-') io.stderr(`carryover: plan written to ${outputFlag}\n`);
  }
  return EXIT.ok;
}

async function runSync(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  if ((args.values.get('target')?.length ?? 0) > 1 || flagValue(args, 'out-root') !== undefined) return await runSyncTargets(args, io, maxFileSizeFlag(args));
  const paths = inputPaths(args);
  const out = flagValue(args, 'out');
  const inPlace = args.switches.has('in-place');
  if ((out === undefined) === !inPlace) throw new UsageError('sync needs exactly one of --out DIR and --in-place');
  const backup = flagValue(args, 'backup');
  if (backup !== undefined && !inPlace) throw new UsageError('--backup goes with --in-place');
  const answer = choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const);
  // `--format` without `--report` asks for the report too: on standard output (docs/cli.md, "Reports").
  const reportFlag = flagValue(args, 'report') ?? (flagValue(args, 'format') !== undefined ? STANDARD_OUTPUT : undefined);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(reportFlag === STANDARD_OUTPUT ? undefined : reportFlag) ?? 'text';
  const allowDestructive = args.switches.has('allow-destructive');
  // Checked before anything is read or written (docs/reliability.md, "Report and plan files").
  const writtenFolders = [
    ...inputFolders(paths),
    ...(out !== undefined ? [{ dir: out, what: 'the output folder (--out)' }] : []),
    ...(backup !== undefined ? [{ dir: backup, what: 'the backup folder (--backup)' }] : []),
    ...(inPlace && backup === undefined ? [{ dir: paths.target, what: "the Target's default backup folder", defaultBackupsOf: true }] : []),
  ];
  const reportFile = reportFlag === undefined ? undefined : await checkReportPath(reportFlag, '--report', writtenFolders);

  // In place, the Target's lock is held from before the Target is read until it is replaced: a
  // sync that ran in between would otherwise be overwritten by a result computed from the Target
  // as it was before it.
  let lock: TargetLock | null = null;
  if (inPlace) lock = await lockAndRecover(paths.target, (note) => io.stderr(`carryover: ${note}\n`));
  else await recoverIfPossible(paths.target, io);
  try {
    return await syncInputs({ args, paths, io, out, backup, answer, reportFile, format, allowDestructive, lock });
  } finally {
    await lock?.release().catch((error: unknown) => {
      // The sync's outcome stands; a lock file left behind is judged stale by the next command.
      io.stderr(`carryover: Could not remove the lock file ${targetPaths(lock.target).lock} (${describeError(error)}); remove it by hand.\n`);
    });
  }
}

/** The rest of `sync`, once the Target is locked (in place) and recovered. */
async function syncInputs(run: {
  args: ParsedArgs;
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
  const loadedPatch = await patchOf(run.args, paths.maxFileSize);
  const inputs = await load(paths);
  checkPatch(loadedPatch, inputs);
  const patch = loadedPatch?.ids;
  const answerDefault = answer === 'fail' ? undefined : answer;
  if (inputs.target.meta.protected === true && !allowDestructive) {
    const refused = protectedRefusals(inputs.options, answerDefault);
    if (refused.length > 0) {
      for (const problem of refused) io.stderr(`carryover: ${escapeControlCharacters(problem.message)}\n`);
      return EXIT.invalidInput;
    }
  }

  const answers = new Map(inputs.answers);
  let analysis = synchronize({ ...inputs, answers, answerDefault, allowDestructive, answersFile: paths.answers, patch });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  if (analysis.plan === null && answer === undefined && io.interactive) {
    // Ask each remaining prompt in the terminal; an answer can reveal no new prompt, but re-run
    // until the plan is complete or the user stops.
    for (let round = 0; round < 5 && analysis.plan === null; round++) {
      const asked = await askInTerminal(analysis.prompts.filter((p) => p.answer === null), answers, io, io.terminal);
      if (asked === 0) break;
      analysis = synchronize({ ...inputs, answers, allowDestructive, answersFile: paths.answers, patch });
      if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
    }
  }
  const context = { source: paths.source, target: paths.target, command: 'sync' as const };
  if (analysis.plan === null) {
    const open = analysis.prompts.filter((p) => p.answer === null);
    io.stderr(`carryover: ${open.length} ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered; nothing was written:\n`);
    for (const prompt of open) io.stderr(`carryover: unanswered: ${escapeControlCharacters(prompt.id)}\n`);
    if (reportFile !== undefined) await writeReportFile(reportFile, renderReport(analysis, inputs.options, format, context), { flag: '--report', stdout: io.stdout });
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
    await writeReportFile(reportFile, renderReport(analysis, inputs.options, format, written.kind === 'in-place' ? { ...record, backup: written.backupDir } : record), {
      flag: '--report',
      stdout: io.stdout,
      ...(written.kind === 'in-place' ? { replacedTargetBackup: written.backupDir } : {}),
    });
  }
  const s = analysis.summary;
  // With the report on standard output, the summary goes to standard error so that a tool reads the report alone.
  (reportFile === STANDARD_OUTPUT ? io.stderr : io.stdout)(`${where}\n${s.decisions} decisions, ${s.prompts} prompts (${s.answered} answered), ${s.warnings} warnings\n`);
  return EXIT.ok;
}

async function runRollback(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  const target = requiredFlag(args, 'target');
  if (args.switches.has('list')) {
    if (flagValue(args, 'backup') !== undefined || args.switches.has('discard-changes')) throw new UsageError('--list goes alone with --target');
    await recoverIfPossible(target, io);
    io.stdout(formatRollbackHistory(target, await rollbackHistory(target)));
    return EXIT.ok;
  }
  // rollback() finishes or undoes an interrupted operation first, under the lock, and a rollback
  // that this finishes is the request fulfilled.
  const result = await rollback({ targetRoot: target, backupDir: flagValue(args, 'backup'), discardChanges: args.switches.has('discard-changes') });
  for (const note of [...result.recovery.notes, ...result.notes]) io.stderr(`carryover: ${note}\n`);
  const state = result.undid === null ? '' : `: the state before the sync of ${result.undid.time} (Source ${result.undid.source})`;
  io.stdout(`Target ${target} restored from ${result.backupDir}${state}; the backup is kept\n`);
  return EXIT.ok;
}

async function runValidate(args: ParsedArgs, io: CliIo): Promise<number> {
  const maxFileSize = maxFileSizeFlag(args);
  if (args.positional.length === 0 && flagValue(args, 'options') === undefined) {
    throw new UsageError('validate needs at least one configuration folder');
  }
  const problems: Problem[] = [];
  // A folder may be a Target whose in-place sync or rollback was interrupted: finish or undo that
  // first, as every command does (docs/cli.md), so that what is validated is a whole Target.
  for (const dir of args.positional) await recoverIfPossible(dir, io);
  const results = await Promise.all(args.positional.map((dir) => loadConfiguration(dir, { maxFileSize })));
  results.forEach((result, i) => {
    if (result.ok) io.stdout(`${args.positional[i]}: valid configuration (${result.configuration.files.size} versions)\n`);
    else problems.push(...result.problems);
  });
  const optionsFile = flagValue(args, 'options');
  if (optionsFile !== undefined) {
    const text = await readText(optionsFile, maxFileSize);
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
    maxFileSize: maxFileSizeFlag(args),
  };
}

/** `--max-file-size N[K|M|G]`: the largest input file read (docs/reliability.md, "Size limits"). */
function maxFileSizeFlag(args: ParsedArgs): number | undefined {
  const text = flagValue(args, 'max-file-size');
  if (text === undefined) return undefined;
  const bytes = parseSize(text);
  if (bytes === null) throw new UsageError(`--max-file-size must be a size such as 64M, 1G or 100000 (got ${JSON.stringify(text)})`);
  return bytes;
}

/** `--patch FILE`, read and parsed before the configurations (docs/patches.md); its problems are exit 3. */
async function patchOf(args: ParsedArgs, maxFileSize: number | undefined): Promise<LoadedPatch | undefined> {
  const file = flagValue(args, 'patch');
  if (file === undefined) return undefined;
  const loaded = await loadPatch(file, maxFileSize);
  if (!loaded.ok) throw new InvalidInput(loaded.problems);
  return loaded.loaded;
}

/** A patch's objects must all be in the Source (exit 3 naming each that is not). */
function checkPatch(patch: LoadedPatch | undefined, inputs: Inputs): void {
  if (patch === undefined) return;
  const missing = missingFromSource(patch, inputs.source);
  if (missing.length > 0) throw new InvalidInput(missing);
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

/** Renders the report of an analysis in one of the three formats (docs/reports.md). */
export function renderReport(
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

/** The folders a report must not be written into: the Source and the Target. */
function inputFolders(paths: { source: string; target: string }): { dir: string; what: string }[] {
  return [
    { dir: paths.source, what: 'the Source' },
    { dir: paths.target, what: 'the Target' },
  ];
}

