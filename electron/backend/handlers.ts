/**
 * The API's handlers: plain async functions of a Session and a validated request, returning a
 * `Result`. Electron main and the web server both dispatch to these, through `dispatch`, which
 * validates the payload first and never lets an exception out.
 */
import { cp, mkdtemp, readdir, readFile, stat, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Analysis, Answer } from '../../core/analysis.js';
import type { JsonObject } from '../../core/json.js';
import { parseVersionId } from '../../core/ids.js';
import { baseScopeOf, versionPath } from '../../core/layout.js';
import type { Configuration, ObjectRef, ScopeId } from '../../core/model.js';
import { assertNever } from '../../core/model.js';
import type { Options } from '../../core/options.js';
import type { Problem } from '../../core/problems.js';
import { buildReport } from '../../core/report/buildReport.js';
import { runRecord } from '../../core/node/runRecord.js';
import { parseReport } from '../../core/report/parseReport.js';
import { serializeReport } from '../../core/report/serializeReport.js';
import { CancelledError } from '../analysis/synchronizeJob.js';
import type {
  AnalysisView,
  AnswerMap,
  ApiError,
  Channel,
  CommitOutcome,
  ConfigurationSummary,
  FolderPurpose,
  OpenedPair,
  ProblemSide,
  RecentPair,
  RequestOf,
  ResponseOf,
  Result,
  SidedProblem,
  VersionDetail,
  VersionResult,
} from '../contract.js';
import { isChannel } from '../contract.js';
import { core } from './coreNode.js';
import { commitPlan } from '../../core/node/commitPlan.js';
import { openPair as openPairFolders, recoverTarget } from '../../core/node/openPair.js';
import { prepareCommitRecord } from '../../core/node/commitRecord.js';
import { canonicalFolder, type OpenPair, type Session } from './session.js';
import { InvalidRequest, validators } from './validate.js';
import { utilityHandlers } from './utilitiesHandlers.js';
import { retireSavedAnswers, savedAnswersHandlers } from './savedAnswersHandlers.js';
import { commitPending, openPending, type OpenedPending } from '../../core/node/openPending.js';
import { pendingRefusal, readPendingState } from '../../core/node/pendingState.js';
import { pendingPromptCount } from '../../core/pendingIndex.js';
import { resumePlan } from '../../core/resumeInput.js';

/** A handler's way to return an error: thrown inside the back end, caught by `dispatch`. */
export class ApiFailure extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiFailure';
  }
}

function fail(code: ApiError['code'], message: string, problems?: SidedProblem[]): never {
  throw new ApiFailure(problems ? { code, message, problems } : { code, message });
}

/** Problems of one input. */
function sided(side: ProblemSide, problems: readonly Problem[]): SidedProblem[] {
  return problems.map((p) => ({ side, code: p.code, file: p.file, pointer: p.pointer, message: p.message }));
}

/** A problem of a configuration, its file shown relative to the configuration's root (the side says which). */
function relative(problem: SidedProblem, root: string): SidedProblem {
  const prefix = path.resolve(root) + path.sep;
  const file = problem.file.startsWith(prefix) ? problem.file.slice(prefix.length).split(path.sep).join('/') : problem.file;
  return { side: problem.side, code: problem.code, file, pointer: problem.pointer, message: problem.message };
}

/** Turns anything thrown inside a handler or a job into the error the user sees. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return error.error;
  if (error instanceof CancelledError) return { code: 'cancelled', message: 'Cancelled.' };
  if (error instanceof InvalidRequest) return { code: 'invalid-request', message: `Invalid request: ${error.message}.` };
  const fsError = core.fsErrorOf(error);
  if (fsError) return fsError;
  console.error('carryover: unexpected error', error);
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Internal error (a bug, please report it): ${message}` };
}

type Handlers = { [C in Channel]: (session: Session, request: RequestOf<C>) => Promise<ResponseOf<C>> };

/**
 * Validates `payload` for `channel` and runs its handler. Never throws: every failure, including
 * an unknown channel and a malformed payload, is a `{ ok: false }` result.
 */
export async function dispatch(session: Session, channel: unknown, payload: unknown): Promise<Result<unknown>> {
  try {
    if (!isChannel(channel)) return { ok: false, error: { code: 'invalid-request', message: 'Unknown channel.' } };
    const request = validators[channel](payload);
    const handler = handlers[channel] as (session: Session, request: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(session, request) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

// ---------------------------------------------------------------------------------------------
// Folders

/** Expands `~` and makes a typed path absolute (web mode types paths). */
export function typedPath(text: string): string {
  const expanded = text === '~' ? os.homedir() : text.startsWith('~/') ? path.join(os.homedir(), text.slice(2)) : text;
  return path.resolve(expanded);
}

async function kindOf(folder: string): Promise<'missing' | 'directory' | 'file'> {
  try {
    const s = await stat(folder);
    return s.isDirectory() ? 'directory' : 'file';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** Checks a picked folder has the shape its purpose needs; returns why not, or null. */
export async function folderProblem(purpose: FolderPurpose, folder: string): Promise<string | null> {
  const kind = await kindOf(folder);
  switch (purpose) {
    case 'source':
    case 'target':
      if (kind === 'missing') return `${folder} does not exist.`;
      if (kind === 'file') return `${folder} is a file, not a folder.`;
      return null;
    case 'output':
      if (kind === 'file') return `${folder} is a file, not a folder.`;
      if (kind === 'directory') return (await readdir(folder)).length === 0 ? null : `${folder} is not empty: choose a new or empty folder.`;
      return (await kindOf(path.dirname(folder))) === 'directory' ? null : `The folder ${path.dirname(folder)} does not exist.`;
    case 'backup':
      if (kind !== 'missing') return `${folder} already exists: a backup folder must be new.`;
      return (await kindOf(path.dirname(folder))) === 'directory' ? null : `The folder ${path.dirname(folder)} does not exist.`;
  }
}

const MAX_COMPLETIONS = 50;

// ---------------------------------------------------------------------------------------------
// Configurations

function summarize(configuration: Configuration, root: string): ConfigurationSummary {
  let forms = 0;
  let globals = 0;
  let customizedVersions = 0;
  const formNames = new Set<string>();
  const globalNames = new Set<string>();
  for (const file of configuration.files.values()) {
    if (file.object.kind === 'form') formNames.add(file.object.name);
    if (file.object.kind === 'global') globalNames.add(`${file.object.type}/${file.object.name}`);
    if (file.scope !== 'vendor' && file.object.kind !== 'runtime') customizedVersions += 1;
  }
  forms = formNames.size;
  globals = globalNames.size;
  return {
    root,
    name: configuration.meta.name,
    protected: configuration.meta.protected === true,
    files: configuration.files.size,
    forms,
    globals,
    customizedVersions,
  };
}

/**
 * Opens the pair through the pipeline the CLI uses too (core/node/openPair.ts), after finishing or
 * undoing an interrupted in-place operation on the Target. With `current` (the pair read before),
 * the folders are read again only when they changed since (their fingerprints tell).
 */
async function loadPair(
  sourceRoot: string,
  targetRoot: string,
  onProgress?: (read: number, total: number) => void,
  current?: OpenPair,
  signal?: AbortSignal,
): Promise<OpenPair> {
  await recoverTarget(targetRoot);
  const opened = await openPairFolders(sourceRoot, targetRoot, { ...(onProgress ? { onProgress } : {}), ...(current ? { previous: current } : {}), ...(signal ? { signal } : {}) });
  if (!opened.ok) {
    const n = opened.problems.length;
    const message = opened.problems.every((p) => p.code === 'case-collision')
      ? `Source and Target have ${n} name${n === 1 ? '' : 's'} that differ only in letter case.`
      : `The configurations have ${n} problem${n === 1 ? '' : 's'}.`;
    fail('invalid-configuration', message, opened.problems.map((p) => relative(p, p.side === 'source' ? sourceRoot : targetRoot)));
  }
  return opened.pair;
}

/** How long after an open the pair goes to the analysis thread. */
const PREPARE_DELAY_MS = 1000;

async function openPair(session: Session, sourceRoot: string, targetRoot: string, options: Options | null, sample: boolean): Promise<OpenedPair> {
  if (session.jobs.running()) fail('busy', 'Wait for the running operation to finish, or cancel it.');
  if (canonicalFolder(sourceRoot) === canonicalFolder(targetRoot)) fail('invalid-request', 'Source and Target must be different folders.');
  const { source, target, fingerprints } = await loadPair(sourceRoot, targetRoot);
  session.pair = { source, target, sourceRoot, targetRoot, fingerprints };
  // Hand the pair to the analysis thread while the user sets the options: at scale that copy
  // takes seconds (and holds this thread for a part of them), which the analysis then does not
  // wait for. After a moment, so that the requests that follow an open are answered first.
  setTimeout(() => {
    if (session.pair?.source === source) session.options.runner.prepare?.(source, target);
  }, PREPARE_DELAY_MS).unref();
  session.pairOptions = options;
  session.resetAnalysis();
  session.lastCommit = null;
  if (!sample) await remember(session, sourceRoot, targetRoot);
  const state = await readPendingState(targetRoot);
  const pending =
    state.kind === 'pending'
      ? { pending: { prompts: pendingPromptCount(state.index), versions: state.index.versions.length, time: state.index.time, source: state.index.source } }
      : {};
  return { source: summarize(source, sourceRoot), target: summarize(target, targetRoot), options, sample, ...pending };
}

const RECENT_LIMIT = 8;

async function remember(session: Session, source: string, target: string): Promise<void> {
  const pair: RecentPair = { source, target, openedAt: new Date().toISOString() };
  session.recent = [pair, ...session.recent.filter((p) => p.source !== source || p.target !== target)].slice(0, RECENT_LIMIT);
  const dir = session.options.dataDir;
  if (!dir) return;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'recent.json'), JSON.stringify({ pairs: session.recent }, null, 2) + '\n');
}

/** Reads the remembered pairs (ignoring a missing or damaged file: they are a convenience). */
export async function loadRecent(session: Session): Promise<void> {
  const dir = session.options.dataDir;
  if (!dir) return;
  try {
    const parsed = JSON.parse(await readFile(path.join(dir, 'recent.json'), 'utf8')) as { pairs?: unknown };
    if (!Array.isArray(parsed.pairs)) return;
    session.recent = parsed.pairs
      .filter(
        (p): p is RecentPair =>
          typeof p === 'object' && p !== null && typeof p.source === 'string' && typeof p.target === 'string' && typeof p.openedAt === 'string',
      )
      .slice(0, RECENT_LIMIT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') console.warn('carryover: ignoring unreadable recent pairs:', (error as Error).message);
  }
}

function isRecent(session: Session, source: string, target: string): boolean {
  return session.recent.some((p) => canonicalFolder(p.source) === canonicalFolder(source) && canonicalFolder(p.target) === canonicalFolder(target));
}

function requirePair(session: Session): NonNullable<Session['pair']> {
  if (!session.pair) fail('no-configurations', 'Open a Source and a Target first.');
  return session.pair;
}

// ---------------------------------------------------------------------------------------------
// Options and analysis

function checkedOptions(options: unknown): Options {
  const parsed = core.parseOptions(JSON.stringify(options), 'options');
  if (!parsed.ok) fail('invalid-options', 'The options are not valid.', sided('options', parsed.problems));
  return parsed.options;
}

function view(analysis: Analysis, options: Options, allowDestructive: boolean): AnalysisView {
  return {
    decisions: analysis.decisions,
    prompts: analysis.prompts,
    warnings: analysis.warnings,
    refused: analysis.refused,
    answerProblems: analysis.answerProblems,
    summary: analysis.summary,
    options,
    allowDestructive,
  };
}

function requireAnalysis(session: Session): NonNullable<Session['analysis']> {
  if (!session.analysis) fail('no-analysis', 'Analyze first.');
  return session.analysis;
}

/** Runs `synchronize` for the current pair and analysis settings with these answers. */
function runWithAnswers(
  session: Session,
  answers: AnswerMap,
  onProgress: (done: number, total: number) => void,
  onCancel?: (f: () => void) => void,
  allowDestructive?: boolean,
): Promise<Analysis> {
  const pair = requirePair(session);
  const current = requireAnalysis(session);
  const run = session.options.runner(
    {
      source: pair.source,
      target: pair.target,
      options: current.options,
      answers,
      allowDestructive: allowDestructive ?? current.allowDestructive,
      ...(session.upgrade ? { leave: session.upgrade.input.leave } : {}),
    },
    onProgress,
  );
  onCancel?.(() => run.cancel());
  return run.promise;
}

function requireVersionId(versionId: string): { object: ObjectRef; scope: ScopeId } {
  const parsed = parseVersionId(versionId);
  if (!parsed) fail('invalid-request', `Not a version id: ${versionId}`);
  return parsed;
}

function docAt(configuration: Configuration, scope: ScopeId | null, object: ObjectRef): JsonObject | null {
  if (!scope) return null;
  return configuration.files.get(versionPath(scope, object))?.doc ?? null;
}

// ---------------------------------------------------------------------------------------------
// Commit and reports

function countPlan(plan: NonNullable<Analysis['plan']>, target: Configuration): CommitOutcome['counts'] {
  const counts = { changed: 0, fromSource: 0, keptFromTarget: 0, deleted: 0 };
  for (const entry of plan.values()) {
    if (entry.kind === 'write') counts.changed += 1;
    else if (entry.kind === 'source') counts.fromSource += 1;
    else counts.keptFromTarget += 1;
  }
  // configuration.json is in every plan but is not a version file.
  counts.keptFromTarget = Math.max(0, counts.keptFromTarget - 1);
  for (const file of target.files.keys()) if (!plan.has(file)) counts.deleted += 1;
  return counts;
}

function unansweredError(analysis: Analysis): never {
  const left = analysis.prompts.filter((p) => p.answer === null).map((p) => p.id);
  const n = left.length;
  fail(
    'unanswered-prompts',
    `${n} prompt${n === 1 ? ' is' : 's are'} not answered: ${left.slice(0, 5).join(', ')}${n > 5 ? ', …' : ''}`,
  );
}

function reportFileName(session: Session, format: 'html' | 'json'): string {
  const name = session.pair?.target.meta.name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'carryover';
  return `${name}-report.${format}`;
}

function reportContext(session: Session, command: 'analyze' | 'sync', output?: string) {
  const pair = requirePair(session);
  return {
    source: pair.sourceRoot,
    target: pair.targetRoot,
    options: session.analysis?.options,
    generatedBy: `carryover ${session.options.version ?? ''}`.trim(),
    command,
    ...(output !== undefined ? { output } : {}),
  };
}

// ---------------------------------------------------------------------------------------------

const handlers: Handlers = {
  'app:info': async (session) => {
    // `npm start` opens the sample once, on the first page load, not on every reload.
    const openSampleOnStart = session.options.openSampleOnStart === true && !session.startedWithSample;
    if (openSampleOnStart) session.startedWithSample = true;
    return {
      mode: session.options.mode,
      version: session.options.version ?? '0.0.0',
      nativeDialogs: session.options.folderDialog !== undefined,
      openSampleOnStart,
    };
  },

  'folders:pick': async (session, { purpose, path: typed }) => {
    let folder: string | null;
    if (session.options.folderDialog) {
      folder = await session.options.folderDialog(purpose, typed);
      if (folder === null) return { path: null };
    } else {
      if (typed === undefined) fail('invalid-request', 'Type a folder path.');
      folder = typedPath(typed);
    }
    const problem = await folderProblem(purpose, folder);
    if (problem) fail('invalid-request', problem, [{ side: purpose === 'source' || purpose === 'target' ? purpose : 'output', code: 'bad-folder', file: folder, pointer: '', message: problem }]);
    session.allow(purpose, folder);
    return { path: folder };
  },

  'folders:complete': async (session, { partial }) => {
    if (session.options.folderDialog) fail('not-supported', 'The desktop app uses folder dialogs.');
    if (partial.trim() === '') return { dir: '', names: [] };
    const absolute = typedPath(partial);
    const endsWithSeparator = /[\\/]$/.test(partial) || partial === '~';
    const dir = endsWithSeparator ? absolute : path.dirname(absolute);
    const prefix = endsWithSeparator ? '' : path.basename(absolute).toLowerCase();
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      // A folder that does not exist or cannot be read simply has no completions.
      return { dir, names: [] };
    }
    const names = entries
      .filter((e) => e.isDirectory() && e.name.toLowerCase().startsWith(prefix) && (prefix.startsWith('.') || !e.name.startsWith('.')))
      .map((e) => e.name)
      .sort((a, b) => a.localeCompare(b))
      .slice(0, MAX_COMPLETIONS);
    return { dir, names };
  },

  'configurations:open': async (session, { source, target }) => {
    const allowed = (isAllowedFor(session, 'source', source) && isAllowedFor(session, 'target', target)) || isRecent(session, source, target);
    if (!allowed) fail('forbidden', 'Pick the Source and Target folders first.');
    session.allow('source', source);
    session.allow('target', target);
    return openPair(session, canonicalFolder(source), canonicalFolder(target), null, false);
  },

  'configurations:openSample': async (session) => {
    const bundled = path.join(session.options.appRoot, 'fixtures', 'sample');
    if ((await kindOf(bundled)) !== 'directory') fail('not-found', 'The bundled sample is not installed.');
    // A working copy, so that committing in place never touches the bundled files.
    const work = await mkdtemp(path.join(os.tmpdir(), 'carryover-sample-'));
    session.sampleCopies.push(work);
    const sourceRoot = path.join(work, 'source');
    const targetRoot = path.join(work, 'target');
    await cp(path.join(bundled, 'source'), sourceRoot, { recursive: true });
    await cp(path.join(bundled, 'target'), targetRoot, { recursive: true });
    let options: Options | null = null;
    const optionsFile = path.join(bundled, 'options.json');
    if ((await kindOf(optionsFile)) === 'file') {
      const parsed = core.parseOptions(await readFile(optionsFile, 'utf8'), 'fixtures/sample/options.json');
      if (!parsed.ok) fail('invalid-options', 'The sample options are not valid.', sided('options', parsed.problems));
      options = parsed.options;
    }
    session.allow('source', sourceRoot);
    session.allow('target', targetRoot);
    return openPair(session, canonicalFolder(sourceRoot), canonicalFolder(targetRoot), options, true);
  },

  'configurations:recent': async (session) => ({ pairs: session.recent }),

  'options:parse': async (_session, { text, file }) => {
    const parsed = core.parseOptions(text, file);
    if (!parsed.ok) fail('invalid-options', `${file} is not a valid options file.`, sided('options', parsed.problems));
    return { options: parsed.options };
  },

  'options:check': async (session, { options }) => {
    const pair = requirePair(session);
    const checked = checkedOptions(options);
    return { refused: pair.target.meta.protected === true ? core.protectedRefusals(checked) : [] };
  },

  'analysis:start': async (session, request) => {
    requirePair(session);
    if (session.jobs.running()) fail('busy', 'An operation is already running.');
    const options = checkedOptions(request.options);
    const allowDestructive = request.allowDestructive;
    session.resetAnalysis();
    const jobId = session.jobs.start(
      'analysis',
      async (progress, onCancel) => {
        // Cancel stops the reading (its thread is ended); a read that ends after a cancel anyway
        // (validation, which is not stopped part way) is dropped, never made the session's pair:
        // an analysis started since would otherwise take it as current and skip reading what
        // changed.
        const reading = new AbortController();
        onCancel(() => reading.abort(new Error('the analysis was cancelled')));
        progress('Checking configurations', 0, 0);
        const pair = requirePair(session);
        // Read again if the folders changed since they were read (an in-place commit, an edit).
        // Every phase is shown, so that nothing stands still without saying why: validating what
        // was read, then handing both configurations to the analysis thread, take seconds at scale.
        const { source, target, fingerprints } = await loadPair(
          pair.sourceRoot,
          pair.targetRoot,
          (read, total) => (read < total ? progress('Reading configurations', read, total) : progress('Checking configurations', 0, 0)),
          pair,
          reading.signal,
        );
        if (reading.signal.aborted) throw new Error('the analysis was cancelled while the configurations were read');
        session.pair = { ...pair, source, target, fingerprints };
        progress('Starting the analysis', 0, 0);
        const run = session.options.runner({ source, target, options, answers: {}, allowDestructive }, (done, total) =>
          progress('Analyzing', done, total),
        );
        onCancel(() => run.cancel());
        const analysis = await run.promise;
        const result = view(analysis, options, allowDestructive);
        session.analysis = { jobId, options, allowDestructive, view: result };
        return result;
      },
      toApiError,
    );
    return { jobId };
  },

  'analysis:result': async (session, { jobId }) => {
    const value = session.jobs.value<AnalysisView>(jobId, 'analysis');
    if (!value) fail('not-found', 'No finished analysis by that id.');
    return value;
  },

  'analysis:version': async (session, { versionId }): Promise<VersionDetail> => {
    const pair = requirePair(session);
    const current = requireAnalysis(session);
    const { object, scope } = requireVersionId(versionId);
    const baseScope = baseScopeOf(scope, current.options.baseLevel, pair.target.meta.groups);
    return {
      versionId,
      path: versionPath(scope, object),
      customized: baseScope === scope ? null : docAt(pair.target, scope, object),
      targetBase: docAt(pair.target, baseScope, object),
      sourceBase: docAt(pair.source, baseScope, object),
    };
  },

  'analysis:versionResult': async (session, { versionId, answers }): Promise<VersionResult> => {
    const pair = requirePair(session);
    requireAnalysis(session);
    const { object, scope } = requireVersionId(versionId);
    const key = JSON.stringify(answers);
    if (!session.preview || session.preview.key !== key) {
      session.dropPreview();
      const current = requireAnalysis(session);
      const run = session.options.runner(
        {
          source: pair.source,
          target: pair.target,
          options: current.options,
          answers,
          answerDefault: 'keep',
          allowDestructive: current.allowDestructive,
          ...(session.upgrade ? { leave: session.upgrade.input.leave } : {}),
        },
        () => undefined,
      );
      const preview = { key, analysis: run.promise, cancel: run.cancel };
      session.preview = preview;
      // A failed preview is reported to this request; forget it so the next one retries.
      run.promise.catch(() => {
        if (session.preview === preview) session.preview = null;
      });
    }
    const analysis = await session.preview.analysis;
    const filePath = versionPath(scope, object);
    const entry = analysis.plan?.get(filePath);
    let result: JsonObject | null = null;
    if (entry) {
      if (entry.kind === 'write') result = entry.doc;
      else if (entry.kind === 'source') result = pair.source.files.get(filePath)?.doc ?? null;
      else result = pair.target.files.get(filePath)?.doc ?? null;
    }
    return { versionId, result };
  },

  'jobs:status': async (session, { jobId }) => {
    const status = session.jobs.status(jobId);
    if (!status) fail('not-found', 'No such job.');
    return status;
  },

  'jobs:cancel': async (session, { jobId }) => ({ cancelled: session.jobs.cancel(jobId) }),

  'commit:start': async (session, { target, answers, allowDestructive }) => {
    const pair = requirePair(session);
    requireAnalysis(session);
    if (session.jobs.running()) fail('busy', 'An operation is already running.');
    if (session.lastCommit?.mode === 'in-place' && session.lastCommit.spentAnalysis === session.analysis) {
      fail('no-analysis', 'The Target was updated in place: this analysis is spent. Analyze the Target again before committing.');
    }
    if (session.upgrade) return { jobId: startUpgradeCommit(session, session.upgrade, target, answers) };
    // Pending prompts were asked against the Target's current base, which this commit would replace (docs/sessions.md).
    const refusal = pendingRefusal(await readPendingState(pair.targetRoot), pair.targetRoot);
    if (refusal !== null) fail('invalid-request', `This Target has pending prompts from an upgrade: complete the upgrade first (Complete an upgrade on the Options screen). ${refusal}.`);
    if (target.mode === 'new-folder' && !session.isAllowed('output', target.outDir)) fail('forbidden', 'Choose the output folder first.');
    if (target.mode === 'in-place' && target.backupDir !== undefined && !session.isAllowed('backup', target.backupDir)) {
      fail('forbidden', 'Choose the backup folder first.');
    }
    const jobId = session.jobs.start(
      'commit',
      async (progress, onCancel): Promise<CommitOutcome> => {
        progress('Applying answers', 0, 0);
        const analysis = await runWithAnswers(session, answers, (done, total) => progress('Applying answers', done, total), onCancel, allowDestructive);
        if (analysis.refused.length > 0) {
          fail('refused-options', 'The protected Target refuses these options: allow destructive options (Options), or change them and analyze again.', sided('options', analysis.refused));
        }
        if (analysis.answerProblems.length > 0) {
          fail('invalid-answers', 'Some answers do not fit their prompts.', sided('answers', analysis.answerProblems));
        }
        if (!analysis.plan) unansweredError(analysis);
        const plan = analysis.plan;
        const counts = countPlan(plan, pair.target);
        // The plan is computed from the pair as it was read for the analysis: commitPlan refuses
        // (nothing written) when the Source or the Target changed since. In place, the record of
        // this commit lets "Undo this decision" put back one decision (docs/utilities.md).
        const now = new Date();
        const records =
          target.mode === 'in-place'
            ? await prepareCommitRecord({ decisions: analysis.decisions, plan, sourceRoot: pair.sourceRoot, target: pair.target, targetRoot: pair.targetRoot, now })
            : undefined;
        const committed = await commitPlan({
          plan,
          analyzed: pair,
          destination:
            target.mode === 'new-folder'
              ? { kind: 'new-folder', outDir: canonicalFolder(target.outDir) }
              : {
                  kind: 'in-place',
                  now,
                  ...(records !== undefined ? { records } : {}),
                  ...(target.backupDir !== undefined ? { backupDir: canonicalFolder(target.backupDir) } : {}),
                },
          onProgress: (phase, done, total) => progress(phase === 'backup' ? 'Backing up the Target' : 'Writing', done, total),
        });
        const written = committed.kind === 'new-folder' ? committed.outDir : pair.targetRoot;
        const backupDir = committed.kind === 'in-place' ? committed.backupDir : null;
        if (committed.kind === 'in-place') {
          session.allow('backup', committed.backupDir);
          // What was the Target is now the merged result: a new analysis re-reads it.
          session.dropPreview();
        }
        const report = buildReport(analysis, { ...reportContext(session, 'sync', written), mode: target.mode, ...(backupDir !== null ? { backup: backupDir } : {}), ...runRecord() });
        // The answers are committed: the session file becomes last-answers.json (docs/sessions.md).
        await retireSavedAnswers(session, pair.targetRoot).catch((error: unknown) => console.error('carryover: could not retire the saved answers', error));
        const spentAnalysis = target.mode === 'in-place' ? session.analysis : undefined;
        session.lastCommit = { mode: target.mode, targetRoot: pair.targetRoot, written, backupDir, rolledBack: false, report, analysis, spentAnalysis };
        return {
          ...(target.mode === 'in-place' ? { history: await core.rollbackHistory(pair.targetRoot) } : {}),
          mode: target.mode,
          written,
          backupDir,
          counts,
          summary: analysis.summary,
          warnings: analysis.warnings.length,
        };
      },
      toApiError,
    );
    return { jobId };
  },

  'commit:result': async (session, { jobId }) => {
    const value = session.jobs.value<CommitOutcome>(jobId, 'commit');
    if (!value) fail('not-found', 'No finished commit by that id.');
    return value;
  },

  'commit:rollback': async (session) => {
    const last = session.lastCommit;
    if (!last || last.mode !== 'in-place' || !last.backupDir || last.rolledBack) fail('not-found', 'There is no in-place commit to roll back.');
    if (session.jobs.running()) fail('busy', 'An operation is already running.');
    const undid = await core.rollback({ targetRoot: last.targetRoot, backupDir: last.backupDir });
    session.lastCommit = { ...last, rolledBack: true };
    session.dropPreview();
    return { restored: last.targetRoot, backupDir: last.backupDir, undid, history: await core.rollbackHistory(last.targetRoot) };
  },

  'report:export': async (session, { format, answers }) => {
    requireAnalysis(session);
    const analysis = await runWithAnswers(session, answers, () => undefined);
    const report = buildReport(analysis, { ...reportContext(session, 'analyze'), mode: 'analysis', ...runRecord() });
    return { fileName: reportFileName(session, format), text: format === 'json' ? serializeReport(report) : core.renderHtmlReport(report) };
  },

  'report:open': async (_session, { text, file }) => {
    const parsed = parseReport(text, file);
    if (!parsed.ok) fail('invalid-report', `${file || 'The file'} is not a Carryover JSON report.`, sided('report', parsed.problems));
    return parsed.report;
  },

  'analysis:warnings': async (session, { answers }) => {
    requireAnalysis(session);
    // Core's own analysis with these answers: the warnings are core's, never re-derived here.
    const analysis = await runWithAnswers(session, answers, () => undefined);
    return { warnings: analysis.warnings };
  },

  'report:last': async (session) => {
    if (!session.lastCommit) fail('not-found', 'Nothing has been committed yet.');
    return session.lastCommit.report;
  },

  'upgrade:open': async (session) => {
    const pair = requirePair(session);
    if (session.jobs.running()) fail('busy', 'An operation is already running.');
    const opened = await openPending(pair.targetRoot);
    switch (opened.kind) {
      case 'none':
        return fail('not-found', 'This Target has no pending prompts: there is no upgrade to complete.');
      case 'invalid':
        return fail('invalid-configuration', 'The pending prompts of this Target cannot be read.', sided('target', opened.problems));
      case 'changed':
        return fail(
          'invalid-configuration',
          `Changed since the upgrade of ${opened.time} (their prompts no longer have the values they were deferred with): ${opened.versions.join(', ')}. Nothing was written.`,
          opened.versions.map((id) => ({ side: 'target', code: 'changed-since-phase-1', file: id, pointer: '', message: 'changed since phase 1' })),
        );
      case 'ready':
        break;
      default:
        return assertNever(opened);
    }
    const pending = opened.pending;
    session.resetAnalysis();
    // Phase 2's pair: the pending objects with their old target bases, against the Target's
    // current bases. Its Source fingerprint matches no folder, so that Analyze reads the real pair again.
    session.pair = { ...pair, source: pending.input.source, target: pending.input.target, fingerprints: { source: 'upgrade', target: pending.fingerprint } };
    session.upgrade = pending;
    const result = view(pending.analysis, pending.options, false);
    session.analysis = { jobId: 'upgrade', options: pending.options, allowDestructive: false, view: result };
    return { ...result, prompts: result.prompts.map((p) => ({ ...p, answer: savedAnswer(pending, p.id) })) };
  },

  ...utilityHandlers(fail),
  ...savedAnswersHandlers(fail),
};

/** The answer phase 1 (or an interrupted phase 2) saved for a pending prompt, or `null`. */
function savedAnswer(pending: OpenedPending, promptId: string): Answer | null {
  for (const version of pending.index.versions) for (const prompt of version.prompts) if (prompt.id === promptId) return prompt.answer;
  return null;
}

/** Commits phase 2 of an upgrade: in place only, with a backup, through the pipeline `carryover resume` uses. */
function startUpgradeCommit(session: Session, pending: OpenedPending, target: RequestOf<'commit:start'>['target'], answers: AnswerMap): string {
  if (target.mode !== 'in-place') fail('invalid-request', 'An upgrade is completed in place: choose "Update the Target in place".');
  return session.jobs.start(
    'commit',
    async (progress, onCancel): Promise<CommitOutcome> => {
      progress('Applying answers', 0, 0);
      const analysis = await runWithAnswers(session, answers, (done, total) => progress('Applying answers', done, total), onCancel);
      if (analysis.answerProblems.length > 0) fail('invalid-answers', 'Some answers do not fit their prompts.', sided('answers', analysis.answerProblems));
      if (!analysis.plan) unansweredError(analysis);
      const counts = countPlan(resumePlan(pending.current, analysis.plan, pending.index), pending.current);
      const committed = await commitPending(pending, analysis, {
        ...(target.backupDir !== undefined ? { backupDir: canonicalFolder(target.backupDir) } : {}),
        onProgress: (phase, done, total) => progress(phase === 'backup' ? 'Backing up the Target' : 'Writing', done, total),
      });
      if (committed.kind !== 'in-place') fail('internal', 'The upgrade was not completed in place.');
      session.allow('backup', committed.backupDir);
      session.dropPreview();
      const report = buildReport(analysis, { ...reportContext(session, 'sync', pending.targetRoot), mode: 'in-place', backup: committed.backupDir, ...runRecord() });
      session.lastCommit = {
        mode: 'in-place',
        targetRoot: pending.targetRoot,
        written: pending.targetRoot,
        backupDir: committed.backupDir,
        rolledBack: false,
        report,
        analysis,
        spentAnalysis: session.analysis ?? undefined,
      };
      return {
        history: await core.rollbackHistory(pending.targetRoot),
        mode: 'in-place',
        written: pending.targetRoot,
        backupDir: committed.backupDir,
        counts,
        summary: analysis.summary,
        warnings: analysis.warnings.length,
      };
    },
    toApiError,
  );
}

function isAllowedFor(session: Session, purpose: FolderPurpose, folder: string): boolean {
  return session.isAllowed(purpose, folder);
}
