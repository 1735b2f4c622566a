import { extname, resolve as resolvePath } from 'node:path';
import type { Analysis, Answer } from '../analysis.js';
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
import { InterruptedError } from './interruptedError.js';
import { jsonPointer } from '../json.js';
import { nearestId } from '../nearestId.js';
import { answerSaver, applyResumed, TerminalSession } from './terminalSession.js';
import { finishSession, sessionFiles, type SavedAnswers } from './sessionFile.js';
import { commitPlan } from './commitPlan.js';
import { prepareCommitRecord } from './commitRecord.js';
import { describeError, isCarryoverFsError } from './fsErrors.js';
import { releaseLock, type TargetLock } from './lock.js';
import { lockAndRecover, recoverTarget } from './openPair.js';
import { loadConfiguration } from './loadConfiguration.js';
import type { Inputs } from './loadInputs.js';
import { loadInputs, readText } from './loadInputs.js';
import { prestartIoWorker } from './ioWorker.js';
import { readerModules } from './readFiles.js';
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
import { assertNever } from '../model.js';
import { parseAnswers } from '../parseAnswers.js';
import { buildPendingIndex, deferredVersions, openPromptCount, pendingPromptCount, type PendingIndex } from '../pendingIndex.js';
import { answerPending, commitPending, openPending, savedAnswers } from './openPending.js';
import { PENDING_RECORDS_FOLDER, pendingRecords, pendingRefusal, readPendingState, SavedAnswers as PendingAnswers } from './pendingState.js';
import { loadPatch, missingFromSource, type LoadedPatch } from './loadPatch.js';
import { runAnalyzeTargets, runSyncTargets } from './manyTargetsCli.js';

// For bin/carryover.mjs, which sets it before `main` (a process of the CLI's own).
export { capYoungGeneration } from './youngGeneration.js';

/** The CLI's exit codes (docs/cli.md, "Exit codes"); `merge-file` has git's instead. */
export const EXIT = { ok: 0, internal: 1, usage: 2, invalidInput: 3, unanswered: 4, writeFailed: 5 } as const;

export const VERSION = '0.1.0';

/** Where the CLI writes and whether it may ask: injectable so tests run it in process. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when standard input is a terminal (prompts may be asked there). */
  interactive: boolean;
  /** How prompts are asked when `interactive`; default: the process's terminal (tests script one). */
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
      case 'resume':
        return await runResume(args, io);
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

/** The formats of a report or a plan (docs/reports.md). */
export type Format = 'text' | 'json' | 'html';
export const FORMATS: readonly Format[] = ['text', 'json', 'html'];

async function runAnalyze(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  if ((args.values.get('target')?.length ?? 0) > 1) return await runAnalyzeTargets(args, io, maxFileSizeFlag(args));
  const paths = inputPaths(args);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(flagValue(args, 'output')) ?? 'text';
  const outputFlag = flagValue(args, 'output');
  // Checked before anything is read: a plan file must never replace a file of an input.
  const output = outputFlag === undefined ? undefined : await checkReportPath(outputFlag, '--output', inputFolders(paths));
  await recoverIfPossible(paths.target, io);
  // A Target in the middle of an upgrade can still be analyzed; it is said (docs/sessions.md).
  const pending = pendingRefusal(await readPendingState(paths.target), paths.target);
  if (pending !== null) io.stderr(`carryover: note: ${pending}\n`);
  const patch = await patchOf(args, paths.maxFileSize);
  const inputs = await load({ ...paths, standIns: true });
  checkPatch(patch, inputs);
  const analysis = synchronize({ ...inputs, answersFile: paths.answers, ...(patch ? { patch: patch.ids } : {}) });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  if (args.switches.has('strict-answers')) refuseUnknownAnswers(analysis, paths.answers);
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
  const answer = choiceFlag(args, 'answer', ['keep', 'replace', 'fail', 'defer'] as const);
  if (answer === 'defer' && !inPlace) throw new UsageError('--answer defer goes with --in-place: only a Target updated in place can hold pending prompts');
  // `--format` without `--report` asks for the report too: on standard output (docs/cli.md, "Reports").
  const reportFlag = flagValue(args, 'report') ?? (flagValue(args, 'format') !== undefined ? STANDARD_OUTPUT : undefined);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(reportFlag === STANDARD_OUTPUT ? undefined : reportFlag) ?? 'text';
  const allowDestructive = args.switches.has('allow-destructive');
  const strictAnswers = args.switches.has('strict-answers');
  // The arguments that, with `--answers <session file>`, continue this sync (docs/sessions.md).
  const continueArgs = [
    '--source', paths.source, '--target', paths.target,
    ...(paths.options !== undefined ? ['--options', paths.options] : []),
    ...(out !== undefined ? ['--out', out] : ['--in-place', ...(backup !== undefined ? ['--backup', backup] : [])]),
    ...sharedContinueArgs(args),
  ];
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
  let session: OpenedSession | null = null;
  try {
    // Pending prompts were asked against the Target's current base, which a new sync would replace.
    const refusal = pendingRefusal(await readPendingState(paths.target), paths.target);
    if (refusal !== null) {
      io.stderr(`carryover: ${refusal}\n`);
      return EXIT.usage;
    }
    // Asking in the terminal (docs/sessions.md): the Target's session file is offered, and every answer saved in it.
    if (answer === undefined && io.interactive) session = await openTerminalSession(paths, continueArgs, io);
    return await syncInputs({ args, paths, io, out, backup, answer, reportFile, format, allowDestructive, lock, strictAnswers, session });
  } catch (error) {
    if (!(error instanceof InterruptedError)) {
      session?.session.reportKept();
      throw error;
    }
    io.stderr('\ncarryover: interrupted; nothing was written\n');
    session?.session.reportKept();
    return EXIT.unanswered;
  } finally {
    await releaseLock(lock, (note) => io.stderr(`carryover: ${note}\n`));
  }
}

/** The rest of `sync`, once the Target is locked (in place) and recovered. */
async function syncInputs(run: {
  args: ParsedArgs;
  paths: ReturnType<typeof inputPaths>;
  io: CliIo;
  out: string | undefined;
  backup: string | undefined;
  answer: 'keep' | 'replace' | 'fail' | 'defer' | undefined;
  reportFile: string | undefined;
  format: Format;
  allowDestructive: boolean;
  lock: TargetLock | null;
  strictAnswers: boolean;
  /** Asking in the terminal: the session that saves each answer as it is given (docs/sessions.md). */
  session: OpenedSession | null;
}): Promise<number> {
  const { paths, io, out, backup, answer, reportFile, format, allowDestructive } = run;
  const loadedPatch = await patchOf(run.args, paths.maxFileSize);
  const inputs = await load({ ...paths, standIns: true });
  checkPatch(loadedPatch, inputs);
  const patch = loadedPatch?.ids;
  const answerDefault = answer === 'fail' || answer === 'defer' ? undefined : answer;
  if (inputs.target.meta.protected === true && !allowDestructive) {
    const refused = protectedRefusals(inputs.options, answerDefault);
    if (refused.length > 0) {
      for (const problem of refused) io.stderr(`carryover: ${escapeControlCharacters(problem.message)}\n`);
      return EXIT.invalidInput;
    }
  }

  const answers = new Map(inputs.answers);
  const answerValues = new Map(inputs.answerValues);
  const session = run.session?.session ?? null;
  const resumed = run.session?.resumed ?? null;
  applyResumed(resumed, answers, answerValues);
  const answersFile = paths.answers ?? session?.file;
  let analysis = synchronize({ ...inputs, answers, answerValues, answerDefault, allowDestructive, answersFile, patch });
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  if (run.strictAnswers) refuseUnknownAnswers(analysis, answersFile);
  if (session !== null && resumed !== null) session.reportResumed(analysis.prompts, resumed);
  const record = answerSaver(session, answerValues);
  if (analysis.plan === null && answer === undefined && io.interactive) {
    // Ask each remaining prompt in the terminal; an answer can reveal no new prompt, but re-run
    // until the plan is complete or the user stops.
    for (let round = 0; round < 5 && analysis.plan === null; round++) {
      const asked = await askInTerminal(analysis.prompts.filter((p) => p.answer === null), answers, io, io.terminal, record);
      if (asked === 0) break;
      analysis = synchronize({ ...inputs, answers, answerValues, allowDestructive, answersFile, patch });
      if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
    }
  }
  const now = new Date();
  // Phase 1 of an upgrade (docs/sessions.md): every version with an open prompt is left as it was.
  let pending: PendingIndex | undefined;
  if (analysis.plan === null && answer === 'defer' && analysis.refused.length === 0) {
    const deferred = deferredVersions(analysis);
    analysis = synchronize({ ...inputs, answers, answerValues, allowDestructive, answersFile, patch, leave: new Map(deferred.map((id) => [id, 'defer' as const])) });
    // As a report's time: SOURCE_DATE_EPOCH when set, so that phase 1 replays to the same bytes (docs/reports.md).
    const time = runRecord(process.env, () => now).createdAt;
    pending = buildPendingIndex({ analysis, deferred, target: inputs.target, options: inputs.options, source: resolvePath(paths.source), time });
  }
  const context = {
    source: paths.source,
    target: paths.target,
    command: 'sync' as const,
    ...(pending !== undefined ? { pending: pending.versions.map((v) => ({ id: v.id, prompts: v.prompts.filter((p) => p.answer === null).map((p) => p.id) })) } : {}),
  };
  if (analysis.plan === null) {
    const open = analysis.prompts.filter((p) => p.answer === null);
    io.stderr(`carryover: ${open.length} ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered; nothing was written:\n`);
    for (const prompt of open) io.stderr(`carryover: unanswered: ${escapeControlCharacters(prompt.id)}\n`);
    if (reportFile !== undefined) await writeReportFile(reportFile, renderReport(analysis, inputs.options, format, context), { flag: '--report', stdout: io.stdout });
    session?.reportKept();
    return EXIT.unanswered;
  }

  // The Target may have changed while the prompts were asked: commitPlan refuses then (exit 5).
  // In place, the record of this commit lets `undo` put back one decision later (docs/utilities.md).
  const commitRecords =
    out === undefined
      ? await prepareCommitRecord({ decisions: analysis.decisions, plan: analysis.plan, sourceRoot: paths.source, target: inputs.target, targetRoot: paths.target, now })
      : undefined;
  // The pending state goes into the same swap as the Target it belongs to (docs/sessions.md).
  const pendingFiles = pending === undefined ? undefined : await pendingRecords(pending, paths.target);
  const records =
    pendingFiles === undefined ? commitRecords : (backupDir: string) => new Map([...(commitRecords?.(backupDir) ?? []), ...pendingFiles]);
  const written = await commitPlan({
    plan: analysis.plan,
    analyzed: { sourceRoot: paths.source, targetRoot: paths.target, fingerprints: inputs.fingerprints },
    destination:
      out !== undefined
        ? { kind: 'new-folder', outDir: out }
        : {
            kind: 'in-place',
            now,
            ...(records !== undefined ? { records } : {}),
            ...(backup !== undefined ? { backupDir: backup } : {}),
            ...(pending !== undefined ? { dropRecords: [PENDING_RECORDS_FOLDER] } : {}),
          },
    ...(run.lock ? { lock: run.lock } : {}),
    // To a new folder, the walks that check both folders run while the copying thread copies
    // (both end before the folder is moved into place): docs/performance.md, "`sync --out` at the floor".
    ...(out !== undefined ? { checkWhileWriting: true } : {}),
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
  const deferredLine = pending === undefined ? '' : `${pendingSummary(pending)}: complete with carryover resume --target ${paths.target}\n`;
  (reportFile === STANDARD_OUTPUT ? io.stderr : io.stdout)(`${where}\n${s.decisions} decisions, ${s.prompts} prompts (${s.answered} answered), ${s.warnings} warnings\n${deferredLine}`);
  const kept = await retireSession(session, paths.target, paths.answers, io);
  if (kept !== null) io.stderr(`carryover: the answers of this session are kept in ${kept} (replayable with --answers)\n`);
  return EXIT.ok;
}

/**
 * The flags besides the folders that a command continuing a sync must repeat (docs/sessions.md):
 * without `--patch`, the continued sync would process every object, not the patch's.
 */
export function sharedContinueArgs(args: ParsedArgs): string[] {
  const patch = flagValue(args, 'patch');
  const maxFileSize = flagValue(args, 'max-file-size');
  return [
    ...(patch !== undefined ? ['--patch', patch] : []),
    ...(args.switches.has('allow-destructive') ? ['--allow-destructive'] : []),
    ...(maxFileSize !== undefined ? ['--max-file-size', maxFileSize] : []),
  ];
}

/** The terminal session of a sync and the saved answers it resumed. */
export type OpenedSession = { session: TerminalSession; resumed: SavedAnswers | null };

/** Opens the Target's terminal session (terminalSession.ts); a session file that breaks the format is invalid input. */
export async function openTerminalSession(paths: { target: string; answers?: string | undefined }, continueArgs: readonly string[], io: CliIo): Promise<OpenedSession> {
  const ask = (question: string): Promise<string | null> => (io.terminal !== undefined ? io.terminal.ask(question) : askOnce(question));
  const opened = await TerminalSession.open(paths.target, paths.answers, { stderr: io.stderr, ask }, continueArgs);
  if (opened.kind === 'invalid') throw new InvalidInput(opened.found.problems);
  return { session: opened.session, resumed: opened.resumed };
}

/**
 * After a commit, the session file becomes `last-answers.json` when this run used it: resumed or
 * written in the terminal, or given with --answers (docs/sessions.md). A failure to rename is said, not fatal.
 */
export async function retireSession(session: TerminalSession | null, target: string, answersFlag: string | undefined, io: CliIo): Promise<string | null> {
  try {
    if (session !== null) return await session.finish();
    if (answersFlag !== undefined && resolvePath(answersFlag) === resolvePath(sessionFiles(target).file)) return await finishSession(target);
    return null;
  } catch (error) {
    io.stderr(`carryover: could not rename the session file of ${target} (${describeError(error)}); remove it by hand before the next sync\n`);
    return null;
  }
}

/** `--strict-answers`: an answer whose id matches no prompt is invalid input (exit 3), each named with the nearest prompt id. */
function refuseUnknownAnswers(analysis: Analysis, answersFile: string | undefined): void {
  const promptIds = analysis.prompts.map((p) => p.id);
  const problems: Problem[] = analysis.warnings
    .filter((w) => w.code === 'unknown-answer-id' && w.id !== undefined)
    .map((w) => {
      const id = w.id as string;
      const near = nearestId(id, promptIds);
      return {
        code: 'unknown-answer-id',
        file: answersFile ?? 'answers',
        pointer: jsonPointer(['answers', id]),
        message: `${id} matches no prompt${near === null ? '' : `; did you mean ${near}?`}`,
      };
    });
  if (problems.length > 0) throw new InvalidInput(problems);
}

/** Asks one question on the process's terminal (the resume offer); `null` at the end of input; Ctrl+C rejects with InterruptedError. */
async function askOnce(question: string): Promise<string | null> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const interrupt = new AbortController();
  rl.on('SIGINT', () => interrupt.abort());
  try {
    return await rl.question(question, { signal: interrupt.signal });
  } catch {
    if (interrupt.signal.aborted) throw new InterruptedError();
    return null;
  } finally {
    rl.close();
  }
}

/** "3 prompts pending in 2 versions": the open prompts of a pending index. */
function pendingSummary(index: PendingIndex): string {
  const prompts = openPromptCount(index);
  const versions = index.versions.length;
  return `${prompts} ${prompts === 1 ? 'prompt' : 'prompts'} pending in ${versions} ${versions === 1 ? 'version' : 'versions'}`;
}

/**
 * `carryover resume`: phase 2 of an upgrade (docs/sessions.md, "Pending prompts (phase 1 and
 * phase 2)"). Under the Target's lock from the start, as an in-place sync.
 */
async function runResume(args: ParsedArgs, io: CliIo): Promise<number> {
  noPositional(args);
  const target = requiredFlag(args, 'target');
  const answersFile = flagValue(args, 'answers');
  const answer = choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const);
  const backup = flagValue(args, 'backup');
  const maxFileSize = maxFileSizeFlag(args);
  const reportFlag = flagValue(args, 'report') ?? (flagValue(args, 'format') !== undefined ? STANDARD_OUTPUT : undefined);
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(reportFlag === STANDARD_OUTPUT ? undefined : reportFlag) ?? 'text';
  const writtenFolders = [
    { dir: target, what: 'the Target' },
    ...(backup !== undefined ? [{ dir: backup, what: 'the backup folder (--backup)' }] : [{ dir: target, what: "the Target's default backup folder", defaultBackupsOf: true }]),
  ];
  const reportFile = reportFlag === undefined ? undefined : await checkReportPath(reportFlag, '--report', writtenFolders);
  const lock = await lockAndRecover(target, (note) => io.stderr(`carryover: ${note}\n`));
  try {
    const opened = await openPending(target, { maxFileSize });
    switch (opened.kind) {
      case 'none':
        io.stdout(`nothing to complete: the Target ${target} has no pending prompts\n`);
        return EXIT.ok;
      case 'invalid':
        throw new InvalidInput(opened.problems);
      case 'changed':
        for (const id of opened.versions) {
          io.stderr(`carryover: ${escapeControlCharacters(id)} changed since the upgrade of ${opened.time} (its prompts no longer have the values they were deferred with); nothing was written\n`);
        }
        return EXIT.invalidInput;
      case 'ready':
        break;
      default:
        return assertNever(opened);
    }
    const pending = opened.pending;
    let given = new Map<string, Answer>();
    if (answersFile !== undefined) {
      const text = await readText(answersFile, maxFileSize);
      const parsed = typeof text === 'string' ? parseAnswers(text, answersFile) : text;
      if (!parsed.ok) throw new InvalidInput(parsed.problems);
      given = parsed.answers;
    }
    const answerDefault = answer === 'fail' ? undefined : answer;
    // Answers kept by phase 1, or by an earlier resume stopped halfway (Ctrl+C included), are used.
    const kept = pendingPromptCount(pending.index) - openPromptCount(pending.index);
    if (kept > 0) io.stderr(`carryover: ${kept} pending ${kept === 1 ? 'prompt has' : 'prompts have'} an answer saved by an earlier run; ${kept === 1 ? 'it is' : 'they are'} not asked again\n`);
    // Answers given in the terminal are saved into the pending state as each is given.
    const answers = new PendingAnswers(savedAnswers(pending.index, given), pending.index, pending.file);
    let analysis = answerPending(pending, answers, answerDefault, answersFile);
    if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
    let interrupted = false;
    if (analysis.plan === null && answer === undefined && io.interactive) {
      try {
        for (let round = 0; round < 5 && analysis.plan === null; round++) {
          const asked = await askInTerminal(analysis.prompts.filter((p) => p.answer === null), answers, io, io.terminal);
          if (asked === 0) break;
          analysis = answerPending(pending, answers, undefined, answersFile);
          if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
        }
      } catch (error) {
        if (!(error instanceof InterruptedError)) throw error;
        // Ctrl+C: every answer given so far is already in the pending state (PendingAnswers).
        io.stderr('\ncarryover: interrupted; nothing was written\n');
        interrupted = true;
      } finally {
        if (analysis.plan === null && answers.size > 0) {
          io.stderr(`carryover: the answers given so far are saved in ${pending.file}; run carryover resume --target ${target} to go on\n`);
        }
      }
      if (interrupted) return EXIT.unanswered;
    }
    const context = { source: target, target, command: 'sync' as const };
    if (analysis.plan === null) {
      const open = analysis.prompts.filter((p) => p.answer === null);
      io.stderr(`carryover: ${open.length} pending ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered; nothing was written:\n`);
      for (const prompt of open) io.stderr(`carryover: unanswered: ${escapeControlCharacters(prompt.id)}\n`);
      if (reportFile !== undefined) await writeReportFile(reportFile, renderReport(analysis, pending.options, format, context), { flag: '--report', stdout: io.stdout });
      return EXIT.unanswered;
    }
    const written = await commitPending(pending, analysis, { ...(backup !== undefined ? { backupDir: backup } : {}), ...(lock ? { lock } : {}) });
    for (const note of written.notes) io.stderr(`carryover: ${note}\n`);
    if (written.kind !== 'in-place') throw new CarryoverBug('resume wrote somewhere else than in place');
    if (reportFile !== undefined) {
      const record = { ...context, output: target, mode: 'in-place' as const, backup: written.backupDir, ...runRecord() };
      await writeReportFile(reportFile, renderReport(analysis, pending.options, format, record), { flag: '--report', stdout: io.stdout, replacedTargetBackup: written.backupDir });
    }
    const s = analysis.summary;
    const versions = pending.index.versions.length;
    (reportFile === STANDARD_OUTPUT ? io.stderr : io.stdout)(
      `Target updated in place; backup in ${written.backupDir}\nupgrade completed: ${s.prompts} ${s.prompts === 1 ? 'prompt' : 'prompts'} answered in ${versions} ${versions === 1 ? 'version' : 'versions'}, ${s.decisions} decisions, ${s.warnings} warnings\n`,
    );
    return EXIT.ok;
  } finally {
    await releaseLock(lock, (note) => io.stderr(`carryover: ${note}\n`));
  }
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
  // The thread that reads the files, and then copies those of a sync, starts while the folders
  // are listed (ioWorker.ts).
  prestartIoWorker(readerModules());
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

/** The format a file's extension names (`.json`, `.html`/`.htm`, else text); `undefined` for no file. */
export function formatOf(file: string | undefined): Format | undefined {
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

