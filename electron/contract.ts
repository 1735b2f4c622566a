/**
 * The typed API between the renderer and the app's back end (Electron main, or the web-mode
 * server). One map from channel (`'<domain>:<verb>'`) to request and response types; the
 * renderer imports the TYPES only, and both transports (IPC and HTTP) carry exactly these.
 * Every response is a `Result`: nothing crosses the boundary as a thrown error.
 */
import type { Answer, Decision, Prompt, Summary, Warning } from '../core/analysis.js';
import type { JsonObject } from '../core/json.js';
import type { Options } from '../core/options.js';
import type { Problem } from '../core/problems.js';
import type { Report } from '../core/report/report.js';
import type { Finding } from '../core/utilities/checkConfiguration.js';
import type { CustomizationRow } from '../core/utilities/listCustomizations.js';
import type { CopyItem } from '../core/utilities/planCopy.js';

/** The error codes a handler can return; the error's `message` is what the user reads. */
export type ErrorCode =
  | 'invalid-request'
  | 'forbidden'
  | 'not-found'
  | 'not-supported'
  | 'invalid-configuration'
  | 'invalid-options'
  | 'refused-options'
  | 'invalid-answers'
  | 'unanswered-prompts'
  | 'invalid-report'
  | 'no-configurations'
  | 'no-analysis'
  | 'busy'
  | 'cancelled'
  | 'write-failed'
  | 'internal';

/** Which input a problem is about. */
export type ProblemSide = 'source' | 'target' | 'options' | 'answers' | 'report' | 'output';

/** A `Problem` of core, with the input it belongs to. */
export interface SidedProblem extends Problem {
  side: ProblemSide;
}

/** An error returned across the API: a code, one readable sentence, and every problem found. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  problems?: SidedProblem[];
}

/** The envelope of every response. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** What a folder is picked for; decides what the folder must look like. */
export type FolderPurpose = 'source' | 'target' | 'output' | 'backup';

/** One side of an opened pair, in a few numbers (the configurations themselves stay on the back end). */
export interface ConfigurationSummary {
  root: string;
  name: string;
  protected: boolean;
  /** Number of version files. */
  files: number;
  forms: number;
  globals: number;
  /** Versions below the vendor scope. */
  customizedVersions: number;
}

/** The opened pair. */
export interface OpenedPair {
  source: ConfigurationSummary;
  target: ConfigurationSummary;
  /** Options shipped with the pair (the bundled sample's options.json), when there are some. */
  options: Options | null;
  /** True when the pair is a working copy of the bundled sample. */
  sample: boolean;
  /** The Target's pending prompts from phase 1 of an upgrade (docs/sessions.md), when it has some: the app offers *Complete an upgrade*. */
  pending?: PendingUpgrade;
}

/** A Target's pending prompts, in a few numbers. */
export interface PendingUpgrade {
  /** Pending prompts (answered in phase 1 or not). */
  prompts: number;
  versions: number;
  /** When phase 1 ran (ISO 8601, UTC). */
  time: string;
  /** The Source of phase 1. */
  source: string;
}

export interface RecentPair {
  source: string;
  target: string;
  /** ISO 8601 time it was last opened. */
  openedAt: string;
}

/** The analysis as the renderer sees it: everything but the merged plan. */
export interface AnalysisView {
  decisions: Decision[];
  prompts: Prompt[];
  warnings: Warning[];
  refused: Problem[];
  answerProblems: Problem[];
  summary: Summary;
  /** Options it was computed with. */
  options: Options;
  allowDestructive: boolean;
}

/** The documents of one version: customized (C), target base (T), source base (S). */
export interface VersionDetail {
  versionId: string;
  /** Path of the version file relative to the configuration root. */
  path: string;
  customized: JsonObject | null;
  targetBase: JsonObject | null;
  sourceBase: JsonObject | null;
}

/**
 * What the merge makes of one version with the answers so far (unanswered prompts counted as
 * `keep`): `null` when the merged Target has no such file. Computed off the UI thread; on a large
 * configuration it takes a moment, so it comes separately from the documents.
 */
export interface VersionResult {
  versionId: string;
  result: JsonObject | null;
}

export type JobKind = 'analysis' | 'commit' | 'report';

/** A long-running operation, polled by the renderer. */
export type JobStatus =
  | { state: 'running'; kind: JobKind; phase: string; done: number; total: number }
  | { state: 'done'; kind: JobKind }
  | { state: 'failed'; kind: JobKind; error: ApiError }
  | { state: 'cancelled'; kind: JobKind };

export type CommitTarget = { mode: 'new-folder'; outDir: string } | { mode: 'in-place'; backupDir?: string };

/** What a finished commit did. */
export interface CommitOutcome {
  mode: 'new-folder' | 'in-place';
  /** Folder that now holds the merged configuration. */
  written: string;
  /** Backup of the old Target (in place only). */
  backupDir: string | null;
  /** Files written with new content, copied from the Source, kept from the Target, deleted. */
  counts: { changed: number; fromSource: number; keptFromTarget: number; deleted: number };
  summary: Summary;
  warnings: number;
  /** In place: the Target's in-place syncs, newest first (docs/reliability.md, "Rollback history"). */
  history?: SyncHistoryEntry[];
}

/** One in-place sync of a Target, as `carryover rollback --list` shows it. */
export interface SyncHistoryEntry {
  /** When the sync was written (ISO 8601, UTC). */
  time: string;
  source: string;
  backup: string;
  /** Where the backup is now, or `null` when it is missing. */
  backupFound: string | null;
  /** The sync that a rollback undoes next. */
  next: boolean;
}

export interface AppInfo {
  mode: 'desktop' | 'web';
  version: string;
  /** True when folders are picked with native dialogs; false when typed with completion. */
  nativeDialogs: boolean;
  /** Open the bundled sample at startup (`npm start`). */
  openSampleOnStart: boolean;
}

/** Answers as the renderer keeps them: prompt id → answer. */
export type AnswerMap = Record<string, Answer>;

/**
 * The filter form of the Utilities screen (docs/utilities.md, "Filters"): each field a
 * comma-separated list of values or patterns, `''` for no restriction.
 */
export interface UtilityFilter {
  kind: string;
  type: string;
  name: string;
  scope: string;
  scopeName: string;
}

/** Which folder of the opened pair a utility reads. */
export type UtilitySide = 'source' | 'target';

/** What copying customized versions from the Source into the Target did (or asks). */
export interface CopyOutcome {
  items: CopyItem[];
  warnings: Warning[];
  /** Versions the Target already has, different: each needs `keep` or `replace` before anything is written. */
  open: string[];
  /** The backup of the Target, once written; `null` when nothing was written. */
  backupDir: string | null;
}

/** Every channel: request and response. */
export interface Contract {
  'app:info': { request: Record<string, never>; response: AppInfo };
  /** Desktop: a native folder dialog. Web: the typed path, checked. Either way it is then allowed. */
  'folders:pick': { request: { purpose: FolderPurpose; path?: string }; response: { path: string | null } };
  /** Folder names (only) under the folder part of `partial`, starting with its last segment. */
  'folders:complete': { request: { partial: string }; response: { dir: string; names: string[] } };
  'configurations:open': { request: { source: string; target: string }; response: OpenedPair };
  'configurations:openSample': { request: Record<string, never>; response: OpenedPair };
  'configurations:recent': { request: Record<string, never>; response: { pairs: RecentPair[] } };
  'options:parse': { request: { text: string; file: string }; response: { options: Options } };
  /** Options the opened Target refuses (empty unless it is protected). */
  'options:check': { request: { options: Options }; response: { refused: Problem[] } };
  'analysis:start': { request: { options: Options; allowDestructive: boolean }; response: { jobId: string } };
  'analysis:result': { request: { jobId: string }; response: AnalysisView };
  'analysis:version': { request: { versionId: string }; response: VersionDetail };
  'analysis:versionResult': { request: { versionId: string; answers: AnswerMap }; response: VersionResult };
  /** The warnings of the analysis with the answers given so far (a duplicate an answer creates shows at once). */
  'analysis:warnings': { request: { answers: AnswerMap }; response: { warnings: Warning[] } };
  'jobs:status': { request: { jobId: string }; response: JobStatus };
  'jobs:cancel': { request: { jobId: string }; response: { cancelled: boolean } };
  /** `allowDestructive` is the user's consent at commit time (the checkbox of Options). */
  'commit:start': { request: { target: CommitTarget; answers: AnswerMap; allowDestructive: boolean }; response: { jobId: string } };
  'commit:result': { request: { jobId: string }; response: CommitOutcome };
  /** `undid`: the sync whose earlier state was restored; `history`: the Target's in-place syncs now, newest first. */
  'commit:rollback': {
    request: Record<string, never>;
    response: { restored: string; backupDir: string; undid: { time: string; source: string } | null; history: SyncHistoryEntry[] };
  };
  'report:export': { request: { format: 'html' | 'json'; answers: AnswerMap }; response: { fileName: string; text: string } };
  'report:open': { request: { text: string; file: string }; response: Report };
  /**
   * Complete an upgrade (docs/sessions.md): the opened Target's pending prompts, recomputed with
   * their original three values, become the analysis; Review, Prompts and Commit (in place) then
   * work on them.
   */
  'upgrade:open': { request: Record<string, never>; response: AnalysisView };
  /** The report of the last commit, for *Open report*. */
  'report:last': { request: Record<string, never>; response: Report };
  /** The customized versions of one folder of the pair, with their change counts. */
  'utilities:list': { request: { side: UtilitySide; filter: UtilityFilter }; response: { root: string; rows: CustomizationRow[] } };
  /** The pre-upgrade check of one folder of the pair. */
  'utilities:check': { request: { side: UtilitySide }; response: { root: string; findings: Finding[] } };
  /** Copies the chosen customized versions of the Source into the Target, in place (with a backup). */
  'utilities:copy': {
    request: { filter: UtilityFilter; answers: Record<string, 'keep' | 'replace'>; allowDestructive: boolean };
    response: CopyOutcome;
  };
  /** Removes the chosen customized versions of the Target in place; without `confirmed`, only lists them. */
  'utilities:remove': {
    request: { filter: UtilityFilter; confirmed: boolean; allowDestructive: boolean };
    response: { files: string[]; backupDir: string | null };
  };
  /** Undoes one decision of the last in-place commit (docs/utilities.md, "undo"). */
  'commit:undo': { request: { decisionId: string }; response: { summary: string; backupDir: string } };
  /** The opened Target's session file (docs/sessions.md): where it is and how many answers it holds (0: none). */
  'answers:saved': { request: Record<string, never>; response: { file: string; count: number } };
  /** Applies the saved answers whose prompt kept its values (needs an analysis); the others are listed and kept in the file. */
  'answers:resume': { request: Record<string, never>; response: { applied: AnswerMap; stale: string[]; unknown: string[] } };
  /** "Start over": keeps the session file as `answers.discarded-<UTC>.json`; `keptAs` is null when there was none. */
  'answers:discard': { request: Record<string, never>; response: { keptAs: string | null } };
  /** Saves the answers given so far (with the saved ones not applied); `problem` says why they could not be saved. */
  'answers:save': { request: { answers: AnswerMap }; response: { file: string; saved: boolean; problem: string | null } };
  /** The renderer has work not saved yet (desktop: closing the window asks first). */
  'app:unsaved': { request: { unsaved: boolean }; response: Record<string, never> };
}

export type Channel = keyof Contract;
export type RequestOf<C extends Channel> = Contract[C]['request'];
export type ResponseOf<C extends Channel> = Contract[C]['response'];

/** Every channel, once: the preload and the web server expose exactly these. */
export const CHANNELS = [
  'app:info',
  'app:unsaved',
  'folders:pick',
  'folders:complete',
  'configurations:open',
  'configurations:openSample',
  'configurations:recent',
  'options:parse',
  'options:check',
  'analysis:start',
  'analysis:result',
  'analysis:version',
  'analysis:versionResult',
  'analysis:warnings',
  'jobs:status',
  'jobs:cancel',
  'commit:start',
  'commit:result',
  'commit:rollback',
  'commit:undo',
  'report:export',
  'report:open',
  'report:last',
  'upgrade:open',
  'utilities:list',
  'utilities:check',
  'utilities:copy',
  'utilities:remove',
  'answers:saved',
  'answers:resume',
  'answers:discard',
  'answers:save',
] as const satisfies readonly Channel[];

/** Compile-time check that CHANNELS lists every channel of the contract. */
type MissingChannels = Exclude<Channel, (typeof CHANNELS)[number]>;
export const channelsComplete: [MissingChannels] extends [never] ? true : false = true;

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C, D extends string> = C extends `${D}:${infer V}` ? V : never;

type CallOf<C> = C extends Channel ? (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> : never;

/** The API object the renderer calls: `api.configurations.open({ source, target })`. */
export type CarryoverApi = {
  [D in DomainOf<Channel>]: { [V in VerbOf<Channel, D>]: CallOf<`${D}:${V}`> };
};

/** True when `value` names a channel of the contract. */
export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

/** The HTTP header web mode expects the per-run token in. */
export const TOKEN_HEADER = 'x-carryover-token';

/** The name of the global the preload exposes the API as. */
export const API_GLOBAL = 'carryover';

export type { Report };
