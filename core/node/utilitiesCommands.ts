import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Answer, OutputPlan } from '../analysis.js';
import type { Configuration } from '../model.js';
import { formatProblem, type Problem } from '../problems.js';
import { parseAnswers } from '../parseAnswers.js';
import { checkConfiguration } from '../utilities/checkConfiguration.js';
import { parseCustomizationFilter, selectCustomizations, type CustomizationFilter } from '../utilities/customizationFilter.js';
import { listCustomizations, renderRowsCsv, renderRowsJson, renderRowsText } from '../utilities/listCustomizations.js';
import { planCopy } from '../utilities/planCopy.js';
import { LAST_COMMIT_PATH, parseCommitRecord, planUndo, type CommitRecord, parseDecisionId } from '../utilities/planUndo.js';
import { askInTerminal } from './askInTerminal.js';
import { commitInPlace } from './commitInPlace.js';
import { digest } from './commitRecord.js';
import { describeError, errnoCode, isCarryoverFsError, RecoveryError, unchangedWriteError } from './fsErrors.js';
import { loadConfiguration } from './loadConfiguration.js';
import { readText } from './loadInputs.js';
import { acquireTargetLock, releaseLock, type TargetLock } from './lock.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { UsageError } from './parseArgs.js';
import { recoverInterruptedSync, recoverLocked } from './recoverInterruptedSync.js';
import { targetPaths } from './targetPaths.js';
import { writeOut } from './writeOut.js';

/** Exit codes, as `cli.ts` has them (spec of the CLI, docs/utilities.md). */
const OK = 0;
const USAGE = 2;
const INVALID_INPUT = 3;
const UNANSWERED = 4;

/** Where a utility writes, whether it may ask, and how it asks a yes/no question (injectable for tests). */
export interface UtilityIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  interactive: boolean;
  /** Asks a yes/no question in the terminal; default: a line on standard input, `y` or `yes`. */
  confirm?: (question: string) => Promise<boolean>;
}

/** The filter flags shared by every utility, as parsed from the command line (docs/utilities.md, "Filters"). */
export interface FilterFlags {
  kind?: string[];
  type?: string[];
  name?: string[];
  scope?: string[];
  scopeName?: string[];
  /** `--name-file F`: one name pattern a line. */
  nameFile?: string;
}

/** Where a writing utility puts its result: `--out DIR`, or `--in-place [--backup DIR]`. */
export interface WriteFlags {
  out?: string;
  inPlace: boolean;
  backup?: string;
}

/** Problems of the user's input, printed one a line by the caller (exit 3). */
class InvalidInput extends Error {
  constructor(readonly problems: Problem[]) {
    super(`${problems.length} problem(s)`);
  }
}

/** Runs a utility body, turning its invalid input into exit 3 with one line per problem. */
async function guarded(io: UtilityIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    for (const problem of error.problems) io.stderr(`carryover: ${formatProblem(problem)}\n`);
    return INVALID_INPUT;
  }
}

/** Parses the filter flags; a bad filter is a usage error (exit 2) naming every problem. */
export async function resolveFilter(flags: FilterFlags): Promise<CustomizationFilter> {
  let nameFile: { file: string; text: string } | undefined;
  if (flags.nameFile !== undefined) {
    const text = await readText(flags.nameFile);
    if (typeof text !== 'string') throw new UsageError(`--name-file: ${text.problems.map(formatProblem).join('; ')}`);
    nameFile = { file: flags.nameFile, text };
  }
  const parsed = parseCustomizationFilter({ ...flags, nameFile });
  if (!parsed.ok) throw new UsageError(parsed.problems.join('\n  '));
  return parsed.filter;
}

function checkWriteFlags(command: string, flags: WriteFlags): void {
  if ((flags.out === undefined) === !flags.inPlace) throw new UsageError(`${command} needs exactly one of --out DIR and --in-place`);
  if (flags.backup !== undefined && !flags.inPlace) throw new UsageError('--backup goes with --in-place');
}

async function isFolder(dir: string): Promise<boolean> {
  return stat(dir).then((s) => s.isDirectory(), () => false);
}

/** Finishes or undoes an interrupted in-place operation of a configuration before reading it (docs/reliability.md). */
async function recoverIfPossible(dir: string, io: UtilityIo): Promise<void> {
  if (!(await isFolder(dir))) return;
  const recovery = await recoverInterruptedSync(dir);
  for (const note of recovery.notes) io.stderr(`carryover: ${note}\n`);
}

/** Takes the lock of a configuration written in place, then recovers an interrupted operation under it. */
async function lockAndRecover(dir: string, command: string, io: UtilityIo): Promise<TargetLock | null> {
  if (!(await isFolder(dir))) {
    await recoverIfPossible(dir, io);
    if (!(await isFolder(dir))) return null;
  }
  let lock: TargetLock;
  try {
    lock = await acquireTargetLock(dir, { command });
  } catch (error) {
    throw unchangedWriteError(error, `Locking ${dir}`, ' No backup was made.');
  }
  try {
    if (lock.note !== null) io.stderr(`carryover: ${lock.note}\n`);
    const recovery = await recoverLocked(nodeFs, targetPaths(lock.target));
    for (const note of recovery.notes) io.stderr(`carryover: ${note}\n`);
    return lock;
  } catch (error) {
    await lock.release();
    if (isCarryoverFsError(error) || errnoCode(error) === undefined) throw error;
    throw new RecoveryError(`Could not check ${dir} for an interrupted carryover operation: ${describeError(error)}.`, targetPaths(lock.target).journal, error);
  }
}

/** Runs `body` under the configuration's lock when writing it in place. */
async function withLock(dir: string, command: string, inPlace: boolean, io: UtilityIo, body: (lock: TargetLock | null) => Promise<number>): Promise<number> {
  const lock = inPlace ? await lockAndRecover(dir, command, io) : null;
  if (!inPlace) await recoverIfPossible(dir, io);
  try {
    return await body(lock);
  } finally {
    await releaseLock(lock, (note) => io.stderr(`carryover: ${note}\n`));
  }
}

async function load(dir: string): Promise<Configuration> {
  const result = await loadConfiguration(dir);
  if (!result.ok) throw new InvalidInput(result.problems);
  return result.configuration;
}

/** Writes a plan into `--out DIR` or in place (lock held by the caller), and says where. */
async function writePlan(run: { plan: OutputPlan; sourceRoot: string; targetRoot: string; write: WriteFlags; lock: TargetLock | null; records?: (backupDir: string) => ReadonlyMap<string, string> }, io: UtilityIo): Promise<string> {
  if (run.write.out !== undefined) {
    const written = await writeOut({ plan: run.plan, sourceRoot: run.sourceRoot, targetRoot: run.targetRoot, outDir: run.write.out });
    for (const note of written.notes) io.stderr(`carryover: ${note}\n`);
    return `written to ${run.write.out}`;
  }
  const result = await commitInPlace({
    plan: run.plan,
    sourceRoot: run.sourceRoot,
    targetRoot: run.targetRoot,
    backupDir: run.write.backup,
    lock: run.lock ?? undefined,
    records: run.records,
  });
  for (const note of result.notes) io.stderr(`carryover: ${note}\n`);
  return `${run.targetRoot} updated in place; backup in ${result.backupDir}`;
}

/** `carryover list --config DIR [filters] [--format csv|json|text]`: every chosen customized version, with its change counts. */
export async function runList(args: FilterFlags & { config: string; format?: 'csv' | 'json' | 'text' }, io: UtilityIo): Promise<number> {
  const filter = await resolveFilter(args);
  return guarded(io, async () => {
    await recoverIfPossible(args.config, io);
    const rows = listCustomizations(await load(args.config), filter);
    const format = args.format ?? 'text';
    if (rows.length === 0) {
      io.stderr('carryover: nothing matched\n');
      if (format === 'text') return OK;
    }
    io.stdout(format === 'csv' ? renderRowsCsv(rows) : format === 'json' ? renderRowsJson(rows) : renderRowsText(rows));
    return OK;
  });
}

/** `carryover check --config DIR [--format text|json]`: the pre-upgrade report; exit 0 with the findings listed. */
export async function runCheck(args: { config: string; format?: 'text' | 'json' }, io: UtilityIo): Promise<number> {
  return guarded(io, async () => {
    await recoverIfPossible(args.config, io);
    const findings = checkConfiguration(await load(args.config));
    if (args.format === 'json') {
      io.stdout(JSON.stringify({ format: 'carryover-check/1', findings }, null, 2) + '\n');
      return OK;
    }
    for (const finding of findings) io.stdout(`${finding.code}: ${finding.file}: ${finding.message}\n`);
    io.stdout(findings.length === 0 ? `${args.config}: no findings\n` : `${findings.length} ${findings.length === 1 ? 'finding' : 'findings'}\n`);
    return OK;
  });
}

/**
 * `carryover copy --from DIR --to DIR [filters] (--in-place | --out DIR)`: copies the chosen
 * customized versions into another configuration (docs/utilities.md, "copy").
 */
export async function runCopy(
  args: FilterFlags & WriteFlags & { from: string; to: string; answers?: string; answer?: 'keep' | 'replace' | 'fail'; allowDestructive: boolean },
  io: UtilityIo,
): Promise<number> {
  const filter = await resolveFilter(args);
  checkWriteFlags('copy', args);
  return withLock(args.to, 'copy', args.inPlace, io, (lock) =>
    guarded(io, async () => {
      await recoverIfPossible(args.from, io);
      const [from, to, answersFile] = await Promise.all([
        load(args.from),
        load(args.to),
        args.answers === undefined ? null : readText(args.answers).then((text) => (typeof text === 'string' ? parseAnswers(text, args.answers as string) : text)),
      ]);
      if (answersFile !== null && !answersFile.ok) throw new InvalidInput(answersFile.problems);
      const answers = new Map<string, Answer>(answersFile?.answers ?? []);
      const answerDefault = args.answer === 'fail' ? undefined : args.answer;
      const input = { from, to, filter, answers, answerDefault, answersFile: args.answers };
      let copy = planCopy(input);
      if (copy.items.length === 0) {
        io.stdout('nothing matched\n');
        return OK;
      }
      if (copy.problems.length > 0) throw new InvalidInput(copy.problems);
      if (copy.plan === null && args.answer === undefined && io.interactive) {
        await askInTerminal(copy.prompts.filter((p) => p.answer === null), answers, io);
        copy = planCopy(input);
        if (copy.problems.length > 0) throw new InvalidInput(copy.problems);
      }
      for (const warning of copy.warnings) io.stderr(`carryover: warning: ${warning.message}\n`);
      if (copy.plan === null) {
        const open = copy.items.filter((item) => item.action === 'unanswered');
        io.stderr(`carryover: ${open.length} ${open.length === 1 ? 'prompt' : 'prompts'} left unanswered (the destination already has a different version); nothing was written:\n`);
        for (const item of open) io.stderr(`carryover: unanswered: ${item.id}\n`);
        return UNANSWERED;
      }
      if (to.meta.protected === true && !args.allowDestructive && copy.items.some((item) => item.action === 'replaced')) {
        io.stderr(`carryover: ${args.to} is a protected Target: replacing its customized versions needs --allow-destructive\n`);
        return INVALID_INPUT;
      }
      for (const item of copy.items) io.stdout(`${COPY_LABELS[item.action]}: ${item.id}\n`);
      const copied = copy.items.filter((item) => item.action === 'copied' || item.action === 'replaced').length;
      if (copied === 0) {
        io.stdout('nothing to copy: the destination is unchanged\n');
        return OK;
      }
      const where = await writePlan({ plan: copy.plan, sourceRoot: args.from, targetRoot: args.to, write: args, lock }, io);
      io.stdout(`${copied} ${copied === 1 ? 'version' : 'versions'} copied; ${where}\n`);
      return OK;
    }),
  );
}

const COPY_LABELS = {
  copied: 'copied',
  replaced: 'replaced',
  'kept-destination': "kept the destination's",
  identical: 'identical, not copied',
  unanswered: 'unanswered',
} as const;

/**
 * `carryover remove --config DIR [filters] (--in-place | --out DIR) [--yes] [--allow-destructive]`:
 * deletes the chosen customized versions, listing them first (docs/utilities.md, "remove").
 */
export async function runRemove(args: FilterFlags & WriteFlags & { config: string; yes: boolean; allowDestructive: boolean }, io: UtilityIo): Promise<number> {
  const filter = await resolveFilter(args);
  checkWriteFlags('remove', args);
  return withLock(args.config, 'remove', args.inPlace, io, (lock) =>
    guarded(io, async () => {
      const configuration = await load(args.config);
      const chosen = selectCustomizations(configuration, filter);
      if (chosen.length === 0) {
        io.stdout('nothing matched\n');
        return OK;
      }
      if (configuration.meta.protected === true && !args.allowDestructive) {
        io.stderr(`carryover: ${args.config} is a protected Target: remove deletes customizations; pass --allow-destructive to allow it\n`);
        return INVALID_INPUT;
      }
      for (const version of chosen) io.stdout(`remove: ${version.path}\n`);
      const what = `${chosen.length} customized ${chosen.length === 1 ? 'version' : 'versions'}`;
      if (!args.yes) {
        if (!io.interactive) throw new UsageError(`remove would delete ${what}; without a terminal to ask, pass --yes`);
        const confirmed = await (io.confirm ?? confirmInTerminal)(`Remove ${what}? [y/N] `);
        if (!confirmed) {
          io.stdout('nothing was removed\n');
          return OK;
        }
      }
      const plan: OutputPlan = new Map();
      plan.set('configuration.json', { kind: 'target' });
      const removed = new Set(chosen.map((v) => v.path));
      for (const file of configuration.files.keys()) if (!removed.has(file)) plan.set(file, { kind: 'target' });
      const where = await writePlan({ plan, sourceRoot: args.config, targetRoot: args.config, write: args, lock }, io);
      io.stdout(`${what} removed; ${where}\n`);
      return OK;
    }),
  );
}

async function confirmInTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return /^(y|yes)$/i.test((await rl.question(question)).trim());
  } catch {
    return false; // end of input: no
  } finally {
    rl.close();
  }
}

/** Options of {@link undoDecision}. */
export interface UndoOptions {
  targetRoot: string;
  decisionId: string;
  /** A lock on the Target the caller holds (kept held); default: taken and released here. */
  lock?: TargetLock;
  now?: Date;
  /** The file system the undo writes through (tests inject faults); default: the real one. */
  fs?: FsLike;
  /** File operations in flight at once (see `commitInPlace`). */
  concurrency?: number;
}

/** What {@link undoDecision} did. */
export interface UndoResult {
  /** One sentence: what was put back. */
  summary: string;
  /** The backup of the Target made before the undo (a rollback restores it). */
  backupDir: string;
  notes: string[];
}

/** Why an undo is refused (exit 2; exit 3 with problems when the version would be invalid). */
export class UndoRefused extends Error {
  override readonly name = 'UndoRefused';
  constructor(message: string, readonly problems: Problem[] = []) {
    super(message);
  }
}

/**
 * Undoes one decision of the Target's last in-place commit (docs/utilities.md, "undo"): under the
 * Target's lock, reads `.carryover/last-commit.json` and the backup it names, puts back what the
 * decision changed, and commits that in place like a sync (a new backup, so a rollback undoes the
 * undo), recording the undo in the commit record.
 */
export async function undoDecision(options: UndoOptions): Promise<UndoResult> {
  const now = options.now ?? new Date();
  let lock: TargetLock;
  try {
    lock = options.lock ?? (await acquireTargetLock(options.targetRoot, { command: 'undo', fs: options.fs, now }));
  } catch (error) {
    throw unchangedWriteError(error, `Locking the Target ${options.targetRoot}`, ' No backup was made.');
  }
  const notes: string[] = lock.note !== null && options.lock === undefined ? [lock.note] : [];
  try {
    return await undoLocked(options, lock, notes, now);
  } catch (error) {
    throw unchangedWriteError(error, `Undoing ${options.decisionId} in ${options.targetRoot}`, '');
  } finally {
    if (options.lock === undefined) await releaseLock(lock, (note) => notes.push(note));
  }
}

async function undoLocked(options: UndoOptions, lock: TargetLock, notes: string[], now: Date): Promise<UndoResult> {
  const recovery = await recoverLocked(options.fs ?? nodeFs, targetPaths(lock.target));
  notes.push(...recovery.notes);
  const target = lock.target;
  const recordPath = path.join(target, ...LAST_COMMIT_PATH.split('/'));
  const recordText = await readFile(recordPath, 'utf8').catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  });
  if (recordText === null) throw new UndoRefused(`${options.targetRoot} records no in-place commit (there is no ${LAST_COMMIT_PATH}); only a commit in place can be undone decision by decision`);
  const record = parseCommitRecord(recordText);
  if (typeof record === 'string') throw new UndoRefused(`${recordPath} cannot be read: ${record}`);
  const backup = await backupOf(target, record);
  const parsedId = parseDecisionId(options.decisionId);
  const [current, before] = await Promise.all([loadConfiguration(target), loadConfiguration(backup)]);
  if (!current.ok) throw new UndoRefused(`${options.targetRoot} is not a valid configuration`, current.problems);
  if (!before.ok) throw new UndoRefused(`the backup ${backup} of the commit is not a valid configuration`, before.problems);
  const file = parsedId?.file;
  const currentBytes = file === undefined ? null : await readFile(path.join(target, ...file.split('/'))).catch((error: unknown) => {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  });
  const recorded = file === undefined ? undefined : record.files[file];
  const fileUnchanged = recorded === null ? currentBytes === null : currentBytes !== null && recorded === digest(currentBytes);
  const planned = planUndo({
    decisionId: options.decisionId,
    record,
    meta: current.configuration.meta,
    current: file === undefined ? undefined : current.configuration.files.get(file),
    before: file === undefined ? undefined : before.configuration.files.get(file),
    fileUnchanged,
  });
  if (!planned.ok) throw new UndoRefused(planned.reason, planned.problems ?? []);
  const plan: OutputPlan = new Map();
  plan.set('configuration.json', { kind: 'target' });
  for (const f of current.configuration.files.keys()) plan.set(f, { kind: 'target' });
  const change = planned.change;
  if (change.kind === 'delete-file') plan.delete(change.path);
  else if (change.kind === 'restore-file') plan.set(change.path, { kind: 'source' });
  else plan.set(change.path, { kind: 'write', doc: change.doc });
  const updated: CommitRecord = { ...record };
  const committed = await commitInPlace({
    plan,
    // A restored file is copied byte for byte from the commit's backup.
    sourceRoot: backup,
    targetRoot: target,
    lock,
    now,
    fs: options.fs,
    concurrency: options.concurrency,
    records: (backupDir) => {
      updated.undone = [...record.undone, { id: options.decisionId, time: now.toISOString(), backup: backupDir }];
      return new Map([['last-commit.json', JSON.stringify(updated, null, 2) + '\n']]);
    },
  });
  notes.push(...committed.notes);
  return { summary: planned.summary, backupDir: committed.backupDir, notes };
}

/** The commit's backup: as recorded, or relative to the Target when both were moved together. */
async function backupOf(target: string, record: CommitRecord): Promise<string> {
  if (await isFolder(record.backup)) return record.backup;
  const relative = path.resolve(target, ...record.backupRelative.split('/'));
  if (await isFolder(relative)) return relative;
  throw new UndoRefused(`the backup ${record.backup} of the last in-place commit no longer exists; nothing can be undone`);
}

/** `carryover undo --target DIR --decision ID`. */
export async function runUndo(args: { target: string; decision: string }, io: UtilityIo): Promise<number> {
  if (!(await isFolder(args.target))) await recoverIfPossible(args.target, io);
  try {
    const result = await undoDecision({ targetRoot: args.target, decisionId: args.decision });
    for (const note of result.notes) io.stderr(`carryover: ${note}\n`);
    io.stdout(`undone: ${result.summary}; backup in ${result.backupDir}\n`);
    return OK;
  } catch (error) {
    if (!(error instanceof UndoRefused)) throw error;
    for (const problem of error.problems) io.stderr(`carryover: ${formatProblem(problem)}\n`);
    io.stderr(`carryover: undo refused: ${error.message}\n`);
    return error.problems.length > 0 ? INVALID_INPUT : USAGE;
  }
}
