/**
 * `carryover analyze|sync` with several `--target` (or `--out-root`): one Source into several
 * Targets, in the order given, each with its own lock, backup, report and outcome
 * (docs/cli.md, "Many Targets"). The Source, the options, the answers and the patch are read
 * once; an answer given for one Target is reused for the same prompt of a later one
 * (core/reuseAnswers.ts).
 */
import { basename, extname, join } from 'node:path';
import type { Analysis, Answer } from '../analysis.js';
import { CarryoverBug } from '../bug.js';
import { defaultOptions, type Options } from '../options.js';
import { parseAnswers } from '../parseAnswers.js';
import { parseOptions, protectedRefusals } from '../parseOptions.js';
import { escapeControlCharacters, formatProblem, sortProblems, type Problem } from '../problems.js';
import { givenAnswer, reuseAnswers, type GivenAnswer } from '../reuseAnswers.js';
import { synchronize } from '../synchronize.js';
import { askInTerminal } from './askInTerminal.js';
import { answerSaver, applyResumed } from './terminalSession.js';
import { EXIT, FORMATS, formatOf, InvalidInput, openTerminalSession, renderReport, retireSession, sharedContinueArgs, type CliIo, type Format, type OpenedSession } from './cli.js';
import { commitPlan } from './commitPlan.js';
import { prepareCommitRecord } from './commitRecord.js';
import { isCarryoverFsError } from './fsErrors.js';
import { InterruptedError } from './interruptedError.js';
import { readText } from './loadInputs.js';
import { loadPatch, missingFromSource, type LoadedPatch } from './loadPatch.js';
import { releaseLock, type TargetLock } from './lock.js';
import { labelled, lockAndRecover, openPairWith, openSource, recoverTarget, type OpenedSource, type Pair } from './openPair.js';
import type { ParsedArgs } from './parseArgs.js';
import { pendingRefusal, readPendingState } from './pendingState.js';
import { UsageError, choiceFlag, flagValue, requiredFlag } from './parseArgs.js';
import { runRecord } from './runRecord.js';
import { nodeFs } from './nodeFs.js';
import { isInside, resolveThroughLinks } from './targetPaths.js';
import { checkReportPath, STANDARD_OUTPUT, writeReportFile, type ProtectedFolder } from './writeReportFile.js';

/** How one Target of a run ended. */
export type TargetOutcome =
  | { kind: 'succeeded'; target: string; where: string; analysis: Analysis; reused: number }
  | { kind: 'prompts-left'; target: string; unanswered: number }
  | { kind: 'failed'; target: string; exitCode: number; why: string }
  /** Ctrl+C while its prompts were asked: nothing written there, and the Targets after it not started. */
  | { kind: 'interrupted'; target: string }
  | { kind: 'not-started'; target: string };

/**
 * The exit code of a run into several Targets (docs/cli.md, "Many Targets"): 0 when every Target
 * succeeded, else the code of the most serious failure: 1 (a bug), then 5 (writing failed), then 2
 * (a usage error of one Target, such as an output folder that is not empty), then 3 (invalid
 * input), then 4 (prompts left unanswered).
 */
export function exitCodeOfTargets(codes: readonly number[]): number {
  const priority = [EXIT.internal, EXIT.writeFailed, EXIT.usage, EXIT.invalidInput, EXIT.unanswered];
  for (const code of priority) if (codes.includes(code)) return code;
  const other = codes.find((code) => code !== EXIT.ok);
  return other ?? EXIT.ok;
}

/**
 * The report file of one Target of several (docs/cli.md, "Many Targets"): `-<name of the Target
 * folder>` inserted before the extension, `report.json` → `report-T1.json`.
 */
export function reportFileFor(file: string, targetRoot: string): string {
  const ext = extname(file);
  return `${file.slice(0, file.length - ext.length)}-${folderName(targetRoot)}${ext}`;
}

/** The name of a Target folder, as `--out-root` and report names use it (`a/b/T1/` → `T1`). */
export function folderName(targetRoot: string): string {
  return basename(targetRoot.replace(/[\\/]+$/, '')) || targetRoot;
}

/** What both commands read once, before any Target. */
interface Shared {
  sourceRoot: string;
  targets: string[];
  opened: OpenedSource;
  options: Options;
  answers: Map<string, Answer>;
  /** The key of each answer's three values, when the answers file records them (a session file: docs/sessions.md). */
  answerValues: Map<string, string>;
  answersFile: string | undefined;
  patch: LoadedPatch | undefined;
  maxFileSize: number | undefined;
}

/** `analyze` with several Targets: one report per Target (stdout: text, one after the other). */
export async function runAnalyzeTargets(args: ParsedArgs, io: CliIo, maxFileSize: number | undefined): Promise<number> {
  if (args.switches.has('strict-answers')) throw new UsageError('--strict-answers takes one Target: with several, an answer may be meant for another Target');
  const targets = targetsOf(args);
  const outputFlag = flagValue(args, 'output');
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(outputFlag === STANDARD_OUTPUT ? undefined : outputFlag) ?? 'text';
  if ((outputFlag === undefined || outputFlag === STANDARD_OUTPUT) && format !== 'text') {
    throw new UsageError(`--format ${format} with several Targets needs --output FILE: one file per Target is written (FILE-<Target folder name>)`);
  }
  const outputs = new Map<string, string>();
  if (outputFlag !== undefined && outputFlag !== STANDARD_OUTPUT) {
    for (const target of targets) outputs.set(target, await checkReportPath(reportFileFor(outputFlag, target), '--output', inputFolders(requiredFlag(args, 'source'), targets)));
  }
  const shared = await readShared(args, targets, maxFileSize);
  const pool: GivenAnswer[] = [];
  const codes: number[] = [];
  for (const target of targets) {
    for (const note of await recoverTarget(target)) io.stderr(`carryover: ${note}\n`);
    // A Target in the middle of an upgrade can still be analyzed; it is said (docs/sessions.md).
    const pending = pendingRefusal(await readPendingState(target), target);
    if (pending !== null) io.stderr(`carryover: note: ${pending}\n`);
    const pair = await openTarget(shared, target, io);
    if (pair === null) {
      codes.push(EXIT.invalidInput);
      continue;
    }
    const answers = new Map(shared.answers);
    const { analysis, reusedFrom } = analyzeWithReuse(shared, pair, answers, shared.answerValues, pool, undefined);
    if (analysis.answerProblems.length > 0) {
      printProblems(io, analysis.answerProblems);
      codes.push(EXIT.invalidInput);
      continue;
    }
    const rendered = renderReport(analysis, shared.options, format, { source: shared.sourceRoot, target, command: 'analyze', reusedFrom });
    const output = outputs.get(target);
    if (output === undefined) io.stdout(`== Target ${target} ==\n${rendered}`);
    else {
      await writeReportFile(output, rendered, { flag: '--output', stdout: io.stdout });
      io.stderr(`carryover: plan of ${target} written to ${output}\n`);
    }
    codes.push(EXIT.ok);
  }
  return exitCodeOfTargets(codes);
}

/** `sync` with several Targets (or `--out-root`): each Target in turn; a summary at the end. */
export async function runSyncTargets(args: ParsedArgs, io: CliIo, maxFileSize: number | undefined): Promise<number> {
  const targets = targetsOf(args);
  const sourceRoot = requiredFlag(args, 'source');
  const outRoot = flagValue(args, 'out-root');
  const inPlace = args.switches.has('in-place');
  if (flagValue(args, 'out') !== undefined) {
    throw new UsageError(targets.length > 1 ? '--out takes one Target; with several, use --out-root DIR (each Target is written into DIR/<its folder name>)' : 'sync needs exactly one of --out DIR, --out-root DIR and --in-place');
  }
  if ((outRoot === undefined) === !inPlace) throw new UsageError('sync needs exactly one of --out DIR, --out-root DIR and --in-place');
  if (flagValue(args, 'backup') !== undefined) {
    throw new UsageError(inPlace ? '--backup names one folder and takes one Target; with several, each gets its default backup beside it' : '--backup goes with --in-place');
  }
  if (flagValue(args, 'answer') === 'defer') throw new UsageError('--answer defer takes one Target: run phase 1 of an upgrade on each Target in turn');
  if (args.switches.has('strict-answers')) throw new UsageError('--strict-answers takes one Target: with several, an answer may be meant for another Target');
  const answer = choiceFlag(args, 'answer', ['keep', 'replace', 'fail'] as const);
  const reportFlag = flagValue(args, 'report') ?? (flagValue(args, 'format') !== undefined ? STANDARD_OUTPUT : undefined);
  if (reportFlag === STANDARD_OUTPUT) throw new UsageError('with several Targets, --report needs a file name: one report per Target is written (FILE-<Target folder name>)');
  const format = choiceFlag(args, 'format', FORMATS) ?? formatOf(reportFlag) ?? 'text';
  const allowDestructive = args.switches.has('allow-destructive');
  const outDirs = new Map<string, string>();
  if (outRoot !== undefined) {
    const byName = new Map<string, string>();
    for (const target of targets) {
      const name = folderName(target);
      const other = byName.get(name);
      if (other !== undefined) throw new UsageError(`--out-root: the Targets ${other} and ${target} have the same folder name ${JSON.stringify(name)}; each is written into --out-root/<its folder name>`);
      byName.set(name, target);
      outDirs.set(target, join(outRoot, name));
    }
  }
  // Checked before anything is read or written (docs/reliability.md, "Report and plan files").
  const written: ProtectedFolder[] = [
    ...inputFolders(sourceRoot, targets),
    ...[...outDirs.values()].map((dir) => ({ dir, what: 'an output folder (--out-root)' })),
    ...(inPlace ? targets.map((dir) => ({ dir, what: "a Target's default backup folder", defaultBackupsOf: true })) : []),
  ];
  const reportFiles = new Map<string, string>();
  if (reportFlag !== undefined) for (const target of targets) reportFiles.set(target, await checkReportPath(reportFileFor(reportFlag, target), '--report', written));

  const shared = await readShared(args, targets, maxFileSize);
  const pool: GivenAnswer[] = [];
  const outcomes: TargetOutcome[] = [];
  const run = { shared, pool, answer, format, allowDestructive };
  // While one Target is merged and written, the next ones are opened (docs/cli.md, "Many
  // Targets"): only when no folder of the run lies inside another, so that writing one cannot
  // touch what the next reads.
  const overlap = await foldersApart([sourceRoot, ...targets, ...outDirs.values()]);
  const opener = new TargetOpener(targets, (target) => openOneTarget({ ...run, target, outDir: outDirs.get(target) }), overlap ? OPEN_AHEAD : 0);
  for (const [i, target] of targets.entries()) {
    if (outcomes.some((o) => o.kind === 'interrupted')) {
      outcomes.push({ kind: 'not-started', target });
      continue;
    }
    io.stderr(`carryover: Target ${target}\n`);
    // The command that goes on from here after Ctrl+C: this Target and the ones after it (docs/sessions.md).
    const optionsFile = flagValue(args, 'options');
    const continueArgs = [
      '--source', sourceRoot,
      ...targets.slice(i).flatMap((t) => ['--target', t]),
      ...(optionsFile !== undefined ? ['--options', optionsFile] : []),
      ...(outRoot !== undefined ? ['--out-root', outRoot] : ['--in-place']),
      ...sharedContinueArgs(args),
    ];
    const outcome = await finishOneTarget(await opener.take(i), { ...run, target, io, outDir: outDirs.get(target), reportFile: reportFiles.get(target), continueArgs });
    // Interrupted: the Targets opened ahead are left as they were, and unlocked.
    if (outcome.kind === 'interrupted') for (const ahead of await opener.stop()) await releaseLock(ahead.lock, (note) => io.stderr(`carryover: ${note}\n`));
    outcomes.push(outcome);
  }
  io.stdout(summaryOf(outcomes));
  return exitCodeOfTargets(outcomes.map((o) => (o.kind === 'succeeded' ? EXIT.ok : o.kind === 'failed' ? o.exitCode : EXIT.unanswered)));
}

/** The summary a run into several Targets ends with: one line per Target. */
export function summaryOf(outcomes: readonly TargetOutcome[]): string {
  const lines = [`${outcomes.length} ${outcomes.length === 1 ? 'Target' : 'Targets'}:`];
  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'succeeded': {
        const s = outcome.analysis.summary;
        lines.push(`  ${outcome.target}: succeeded: ${outcome.where}; ${s.decisions} decisions, ${s.prompts} prompts (${s.answered} answered${outcome.reused > 0 ? `, ${outcome.reused} reused` : ''}), ${s.warnings} warnings`);
        break;
      }
      case 'prompts-left':
        lines.push(`  ${outcome.target}: prompts left: ${outcome.unanswered} unanswered; nothing was written`);
        break;
      case 'failed':
        lines.push(`  ${outcome.target}: failed (exit ${outcome.exitCode}): ${outcome.why}; nothing was written`);
        break;
      case 'interrupted':
        lines.push(`  ${outcome.target}: interrupted (Ctrl+C) while asking; nothing was written`);
        break;
      case 'not-started':
        lines.push(`  ${outcome.target}: not started (the run was interrupted)`);
        break;
      default:
        throw new CarryoverBug(`unknown outcome ${JSON.stringify(outcome)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Targets opened ahead of the one being merged and written (docs/performance.md, "Many Targets"). */
const OPEN_AHEAD = 2;

/**
 * Opens the Targets of a run in their order, one at a time, each as soon as the one before it is
 * open, up to `ahead` Targets beyond the one being finished: reading them fills the time the
 * Target before them spends writing. With `ahead` 0, each is opened when its turn comes.
 */
class TargetOpener {
  private readonly started: Promise<OpenedTarget>[] = [];
  private current = 0;
  private opening = false;
  private stopped = false;

  constructor(
    private readonly targets: readonly string[],
    private readonly open: (target: string) => Promise<OpenedTarget>,
    private readonly ahead: number,
  ) {}

  /** Target `i` (taken in order), opened; the ones after it go on opening meanwhile. */
  take(i: number): Promise<OpenedTarget> {
    this.current = i;
    this.openNext();
    const opened = this.started[i];
    if (opened === undefined) throw new CarryoverBug(`Target ${i} taken before it was opened`);
    return opened;
  }

  /** Opens no more; resolves to the Targets opened ahead of the current one (their locks are the caller's to release). */
  async stop(): Promise<OpenedTarget[]> {
    this.stopped = true;
    return Promise.all(this.started.slice(this.current + 1));
  }

  private openNext(): void {
    const k = this.started.length;
    if (this.stopped || this.opening || k >= this.targets.length || k > this.current + this.ahead) return;
    this.opening = true;
    const opened = this.open(this.targets[k]);
    this.started.push(opened);
    // openOneTarget never rejects.
    void opened.then(() => {
      this.opening = false;
      this.openNext();
    });
  }
}

/** What one Target's run shares with the others. */
interface TargetRun {
  shared: Shared;
  pool: GivenAnswer[];
  answer: 'keep' | 'replace' | 'fail' | undefined;
  format: Format;
  allowDestructive: boolean;
}

/** The rest of one Target's run, in its turn. */
interface TargetTurn extends TargetRun {
  target: string;
  io: CliIo;
  outDir: string | undefined;
  reportFile: string | undefined;
  /** The arguments that, with `--answers <session file>`, go on after Ctrl+C (docs/sessions.md). */
  continueArgs: readonly string[];
}

/** What a Target's run printed: held back while it runs ahead of the Target before it. */
type Said = { stream: 'stdout' | 'stderr'; text: string };

/**
 * A Target opened for its merge: its lock (in place), what opening it said (printed when its turn
 * comes), and its pair, or how it ended already (invalid, locked, pending prompts, protected).
 */
interface OpenedTarget {
  target: string;
  lock: TargetLock | null;
  said: Said[];
  opened: { kind: 'pair'; pair: Pair } | { kind: 'ended'; outcome: TargetOutcome };
}

/**
 * The first steps of one Target, which read it and write nothing but its lock: lock (in place) and
 * recover, refuse pending prompts, open the pair, refuse what a protected Target refuses. They may
 * run while the Target before it is written: what they say is held back (`said`) and printed when
 * the Target's turn comes, so the output is that of one Target after the other. Never rejects; the
 * lock is released when it ends here.
 */
async function openOneTarget(run: TargetRun & { target: string; outDir: string | undefined }): Promise<OpenedTarget> {
  const { shared, target } = run;
  const said: Said[] = [];
  const io = { stdout: (text: string) => void said.push({ stream: 'stdout', text }), stderr: (text: string) => void said.push({ stream: 'stderr', text }) };
  let lock: TargetLock | null = null;
  const ended = async (outcome: TargetOutcome): Promise<OpenedTarget> => {
    await releaseLock(lock, (note) => io.stderr(`carryover: ${note}\n`));
    return { target, lock: null, said, opened: { kind: 'ended', outcome } };
  };
  try {
    if (run.outDir === undefined) lock = await lockAndRecover(target, (note) => io.stderr(`carryover: ${note}\n`));
    else for (const note of await recoverTarget(target)) io.stderr(`carryover: ${note}\n`);
    // Pending prompts were asked against this Target's current base, which a new sync would replace (docs/sessions.md).
    const refusal = pendingRefusal(await readPendingState(target), target);
    if (refusal !== null) {
      io.stderr(`carryover: ${refusal}\n`);
      return await ended({ kind: 'failed', target, exitCode: EXIT.usage, why: 'it has pending prompts from an earlier upgrade: run carryover resume first' });
    }
    const pair = await openTarget(shared, target, io);
    if (pair === null) return await ended({ kind: 'failed', target, exitCode: EXIT.invalidInput, why: 'invalid input (see above)' });
    const answerDefault = run.answer === 'fail' ? undefined : run.answer;
    if (pair.target.meta.protected === true && !run.allowDestructive) {
      const refused = protectedRefusals(shared.options, answerDefault);
      if (refused.length > 0) {
        for (const problem of refused) io.stderr(`carryover: ${escapeControlCharacters(problem.message)}\n`);
        return await ended({ kind: 'failed', target, exitCode: EXIT.invalidInput, why: 'the Target is protected and refuses these options (see above)' });
      }
    }
    return { target, lock, said, opened: { kind: 'pair', pair } };
  } catch (error) {
    return await ended(failureOf(error, target, io));
  }
}

/**
 * The rest of one Target, in its turn: print what opening it said, then its prompts (reused, from
 * its session, asked), commit and report; the lock is released at the end. Never rejects.
 */
async function finishOneTarget(openedTarget: OpenedTarget, run: TargetTurn): Promise<TargetOutcome> {
  const { shared, target, io } = run;
  const { lock, opened } = openedTarget;
  for (const { stream, text } of openedTarget.said) io[stream](text);
  try {
    if (opened.kind === 'ended') return opened.outcome;
    const answerDefault = run.answer === 'fail' ? undefined : run.answer;
    const answers = new Map(shared.answers);
    const answerValues = new Map(shared.answerValues);
    // Asking in the terminal: each answer is saved in this Target's session file as it is given,
    // and a session file left by an earlier run is offered (docs/sessions.md, "Saved answers").
    let session: OpenedSession | null = null;
    try {
      if (run.answer === undefined && io.interactive) session = await openTerminalSession({ target, answers: shared.answersFile }, run.continueArgs, io);
      return await answerAndCommit(run, opened.pair, answers, answerValues, answerDefault, session, lock);
    } catch (error) {
      if (error instanceof InterruptedError) {
        io.stderr(`\ncarryover: interrupted; nothing was written to ${target}\n`);
        session?.session.reportKept();
        return { kind: 'interrupted', target };
      }
      session?.session.reportKept();
      throw error;
    }
  } catch (error) {
    return failureOf(error, target, io);
  } finally {
    await releaseLock(lock, (note) => io.stderr(`carryover: ${note}\n`));
  }
}

/** How a Target ended when one of its steps threw: what went wrong is printed, and the run goes on. */
function failureOf(error: unknown, target: string, io: Pick<CliIo, 'stderr'>): TargetOutcome {
  if (error instanceof InvalidInput) {
    printProblems(io, error.problems);
    return { kind: 'failed', target, exitCode: EXIT.invalidInput, why: 'invalid input (see above)' };
  }
  if (isCarryoverFsError(error)) {
    io.stderr(`carryover: ${error.message}\n`);
    return { kind: 'failed', target, exitCode: error.exitCode, why: error.exitCode === 2 ? 'could not write there (see above)' : 'writing failed; the Target is unchanged (see above)' };
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(`carryover: internal error (a bug: please report it): ${detail}\n`);
  return { kind: 'failed', target, exitCode: EXIT.internal, why: 'internal error (see above)' };
}

/**
 * True when no two of these folders (resolved through links) are the same or lie one inside the
 * other: then writing one Target, or its output folder, cannot change what the next Target reads.
 */
async function foldersApart(folders: readonly string[]): Promise<boolean> {
  const resolved = await Promise.all(folders.map((folder) => resolveThroughLinks(nodeFs, folder)));
  return resolved.every((a, i) => resolved.every((b, j) => i === j || !isInside(a, b)));
}

/** One Target's prompts (reused, asked, or left) and, when every one is answered, its commit and report. */
async function answerAndCommit(
  run: TargetTurn,
  pair: Pair,
  answers: Map<string, Answer>,
  answerValues: Map<string, string>,
  answerDefault: 'keep' | 'replace' | undefined,
  session: OpenedSession | null,
  lock: TargetLock | null,
): Promise<TargetOutcome> {
  const { shared, target, io } = run;
  applyResumed(session?.resumed ?? null, answers, answerValues);
  const toSimilar = new Set<string>();
  const reuse = analyzeWithReuse(shared, pair, answers, answerValues, run.pool, answerDefault, run.allowDestructive);
  if (session !== null && session.resumed !== null) session.session.reportResumed(reuse.analysis.prompts, session.resumed);
  const saveAnswer = answerSaver(session?.session ?? null, answerValues);
  const reusedFrom = reuse.reusedFrom;
  let analysis = reuse.analysis;
  if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
  if (analysis.plan === null && run.answer === undefined && io.interactive) {
    for (let round = 0; round < 5 && analysis.plan === null; round++) {
      const asked = await askInTerminal(analysis.prompts.filter((p) => p.answer === null), answers, io, io.terminal, saveAnswer, toSimilar);
      if (asked === 0) break;
      analysis = synchronize({ source: pair.source, target: pair.target, options: shared.options, answers, answerValues, allowDestructive: run.allowDestructive, answersFile: shared.answersFile, patch: shared.patch?.ids });
      if (analysis.answerProblems.length > 0) throw new InvalidInput(analysis.answerProblems);
    }
  }
  // Answers given for this Target answer the same prompts of the next ones, even when this one fails.
  for (const prompt of analysis.prompts) {
    const given = answers.get(prompt.id);
    if (given !== undefined && !reusedFrom.has(prompt.id)) run.pool.push(givenAnswer(prompt, given, target, toSimilar.has(prompt.id)));
  }
  const context = { source: shared.sourceRoot, target, command: 'sync' as const, reusedFrom };
  if (analysis.plan === null) {
    const open = analysis.prompts.filter((p) => p.answer === null);
    io.stderr(`carryover: ${target}: ${open.length} ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered; nothing was written there:\n`);
    for (const prompt of open) io.stderr(`carryover: unanswered: ${escapeControlCharacters(prompt.id)}\n`);
    if (run.reportFile !== undefined) await writeReportFile(run.reportFile, renderReport(analysis, shared.options, run.format, context), { flag: '--report', stdout: io.stdout });
    session?.session.reportKept();
    return { kind: 'prompts-left', target, unanswered: open.length };
  }
  const now = new Date();
  const records =
    run.outDir === undefined ? await prepareCommitRecord({ decisions: analysis.decisions, plan: analysis.plan, sourceRoot: shared.sourceRoot, target: pair.target, targetRoot: target, now }) : undefined;
  const written = await commitPlan({
    plan: analysis.plan,
    analyzed: { sourceRoot: shared.sourceRoot, targetRoot: target, fingerprints: pair.fingerprints },
    destination: run.outDir !== undefined ? { kind: 'new-folder', outDir: run.outDir } : { kind: 'in-place', now, ...(records !== undefined ? { records } : {}) },
    ...(lock ? { lock } : {}),
    // The walks of both folders take turns with the copies instead of coming before them.
    checkWhileWriting: true,
  });
  for (const note of written.notes) io.stderr(`carryover: ${note}\n`);
  const where = written.kind === 'new-folder' ? `written to ${written.outDir}` : `updated in place; backup in ${written.backupDir}`;
  if (run.reportFile !== undefined) {
    const record = { ...context, output: run.outDir ?? target, mode: run.outDir !== undefined ? ('new-folder' as const) : ('in-place' as const), ...runRecord() };
    await writeReportFile(run.reportFile, renderReport(analysis, shared.options, run.format, written.kind === 'in-place' ? { ...record, backup: written.backupDir } : record), {
      flag: '--report',
      stdout: io.stdout,
      ...(written.kind === 'in-place' ? { replacedTargetBackup: written.backupDir } : {}),
    });
  }
  const kept = await retireSession(session?.session ?? null, target, shared.answersFile, io);
  if (kept !== null) io.stderr(`carryover: the answers of this session are kept in ${kept} (replayable with --answers)\n`);
  return { kind: 'succeeded', target, where, analysis, reused: reusedFrom.size };
}

/**
 * Analyzes one Target, reusing the answers of the Targets before it: the prompts are found with
 * the given answers alone, `pool` answers the ones they leave open (reuseAnswers.ts), and only
 * then does `--answer` answer what is left. One analysis when there is nothing to reuse.
 */
function analyzeWithReuse(
  shared: Shared,
  pair: Pair,
  answers: Map<string, Answer>,
  answerValues: ReadonlyMap<string, string>,
  pool: readonly GivenAnswer[],
  answerDefault: 'keep' | 'replace' | undefined,
  allowDestructive = false,
): { analysis: Analysis; reusedFrom: Map<string, string> } {
  const input = { source: pair.source, target: pair.target, options: shared.options, answerValues, allowDestructive, answersFile: shared.answersFile, patch: shared.patch?.ids };
  let analysis = synchronize({ ...input, answers, ...(pool.length === 0 && answerDefault !== undefined ? { answerDefault } : {}) });
  if (pool.length === 0) return { analysis, reusedFrom: new Map() };
  const reusedFrom = reuseAnswers(analysis.prompts, answers, pool);
  if (reusedFrom.size > 0 || answerDefault !== undefined) analysis = synchronize({ ...input, answers, ...(answerDefault !== undefined ? { answerDefault } : {}) });
  // An answer can reveal a prompt (the removal of a version): answer those too, from the pool.
  for (let round = 0; round < 3; round++) {
    const more = reuseAnswers(analysis.prompts, answers, pool);
    if (more.size === 0) break;
    for (const [id, from] of more) reusedFrom.set(id, from);
    analysis = synchronize({ ...input, answers, ...(answerDefault !== undefined ? { answerDefault } : {}) });
  }
  return { analysis, reusedFrom };
}

/** Reads the Source, the options, the answers and the patch once, collecting every problem (exit 3). */
async function readShared(args: ParsedArgs, targets: string[], maxFileSize: number | undefined): Promise<Shared> {
  const sourceRoot = requiredFlag(args, 'source');
  const optionsFile = flagValue(args, 'options');
  const answersFile = flagValue(args, 'answers');
  const patchFile = flagValue(args, 'patch');
  const [opened, options, answers, patch] = await Promise.all([
    openSource(sourceRoot, { maxFileSize }),
    optionsFile === undefined ? null : readText(optionsFile, maxFileSize).then((text) => (typeof text === 'string' ? parseOptions(text, optionsFile) : text)),
    answersFile === undefined ? null : readText(answersFile, maxFileSize).then((text) => (typeof text === 'string' ? parseAnswers(text, answersFile) : text)),
    patchFile === undefined ? null : loadPatch(patchFile, maxFileSize),
  ]);
  const problems: Problem[] = [];
  if (!opened.ok) problems.push(...opened.problems);
  if (options && !options.ok) problems.push(...labelled('options', options.problems));
  if (answers && !answers.ok) problems.push(...labelled('answers', answers.problems));
  if (patch && !patch.ok) problems.push(...patch.problems);
  if (opened.ok && patch?.ok) problems.push(...missingFromSource(patch.loaded, opened.opened.source));
  if (problems.length > 0 || !opened.ok) throw new InvalidInput(sortProblems(problems));
  return {
    sourceRoot,
    targets,
    opened: opened.opened,
    options: options?.ok ? options.options : defaultOptions(),
    answers: answers?.ok ? answers.answers : new Map(),
    answerValues: answers?.ok ? answers.values : new Map(),
    answersFile,
    patch: patch?.ok ? patch.loaded : undefined,
    maxFileSize,
  };
}

/** Opens one Target against the Source read before; its problems are printed, and `null` returned. */
async function openTarget(shared: Shared, target: string, io: Pick<CliIo, 'stderr'>): Promise<Pair | null> {
  const pair = await openPairWith(shared.opened, target, { maxFileSize: shared.maxFileSize });
  if (pair.ok) return pair.pair;
  printProblems(io, pair.problems);
  return null;
}

function printProblems(io: Pick<CliIo, 'stderr'>, problems: readonly Problem[]): void {
  for (const problem of problems) io.stderr(`carryover: ${formatProblem(problem)}\n`);
}

function targetsOf(args: ParsedArgs): string[] {
  const targets = args.values.get('target') ?? [];
  if (targets.length === 0 || targets.some((t) => t === '')) throw new UsageError('--target is required');
  const seen = new Set<string>();
  for (const target of targets) {
    if (seen.has(target)) throw new UsageError(`--target ${target} is given twice`);
    seen.add(target);
  }
  return targets;
}

function inputFolders(source: string, targets: readonly string[]): ProtectedFolder[] {
  return [{ dir: source, what: 'the Source' }, ...targets.map((dir) => ({ dir, what: 'a Target' }))];
}
