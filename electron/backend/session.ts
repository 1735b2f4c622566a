/**
 * The back end's state for one window (desktop) or one run (web mode): the folders the user
 * picked (the only ones read or written), the opened pair, the last analysis and commit, and the
 * running jobs. Handlers are plain functions over a Session.
 */
import { realpathSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Analysis } from '../../core/analysis.js';
import type { OpenedPending } from '../../core/node/openPending.js';
import type { Pair } from '../../core/node/openPair.js';
import type { Options } from '../../core/options.js';
import type { Report } from '../../core/report/report.js';
import type { SynchronizeRunner } from '../analysis/synchronizeJob.js';
import type { AnalysisView, FolderPurpose, RecentPair } from '../contract.js';
import { Jobs } from './jobs.js';

/** Opens a native folder dialog; `null` when the user cancels. Desktop only. */
export type FolderDialog = (purpose: FolderPurpose, defaultPath: string | undefined) => Promise<string | null>;

export interface SessionOptions {
  mode: 'desktop' | 'web';
  /** The repository or app folder: `fixtures/sample` is found under it. */
  appRoot: string;
  /** Where recent pairs are remembered; `null`: not remembered across runs. */
  dataDir: string | null;
  runner: SynchronizeRunner;
  /** Desktop: the native dialog. Web mode has none (folders are typed). */
  folderDialog?: FolderDialog;
  openSampleOnStart?: boolean;
  version?: string;
}

/** The opened pair: both configurations, their folders and fingerprints (core/node/openPair.ts). */
export type OpenPair = Pair;

export interface CurrentAnalysis {
  jobId: string;
  options: Options;
  allowDestructive: boolean;
  view: AnalysisView;
}

export interface LastCommit {
  mode: 'new-folder' | 'in-place';
  targetRoot: string;
  written: string;
  backupDir: string | null;
  /** True once an in-place commit was rolled back (its report stays available). */
  rolledBack: boolean;
  report: Report;
  analysis: Analysis;
  /** In place: the analysis it was made from, spent (the Target changed): no second commit until a new analysis. */
  spentAnalysis?: unknown;
}

/** Normalizes a folder path for the allow-list: absolute, resolved, symlinks of parents resolved when it exists. */
export function canonicalFolder(folder: string): string {
  const absolute = path.resolve(folder);
  try {
    return realpathSync.native(absolute);
  } catch {
    // A folder that does not exist yet (an output folder): canonicalize its parent.
    const parent = path.dirname(absolute);
    if (parent === absolute) return absolute;
    return path.join(canonicalFolder(parent), path.basename(absolute));
  }
}

export class Session {
  readonly jobs = new Jobs();
  /** Folders the user picked, by purpose; canonical paths. */
  private readonly picked = new Map<FolderPurpose, Set<string>>();
  pair: OpenPair | null = null;
  /** Options shipped with the opened pair (the sample's), reported back on open. */
  pairOptions: Options | null = null;
  analysis: CurrentAnalysis | null = null;
  /**
   * Complete an upgrade: the Target's pending prompts, opened (docs/sessions.md). While set, the
   * pair is phase 2's (the pending objects with their old target bases) and a commit completes them.
   */
  upgrade: OpenedPending | null = null;
  lastCommit: LastCommit | null = null;
  /** The preview result (unanswered prompts as `keep`) for the answers it was computed with. */
  preview: { key: string; analysis: Promise<Analysis>; cancel: () => void } | null = null;
  recent: RecentPair[] = [];
  /** True once a page was told to open the sample on start. */
  startedWithSample = false;
  /** Working copies of the bundled sample made by this session (removed by `dispose`). */
  readonly sampleCopies: string[] = [];

  constructor(readonly options: SessionOptions) {}

  /** Records a folder the user picked for a purpose. */
  allow(purpose: FolderPurpose, folder: string): string {
    const canonical = canonicalFolder(folder);
    let set = this.picked.get(purpose);
    if (!set) this.picked.set(purpose, (set = new Set()));
    set.add(canonical);
    return canonical;
  }

  /** True when the user picked exactly this folder for this purpose. */
  isAllowed(purpose: FolderPurpose, folder: string): boolean {
    return this.picked.get(purpose)?.has(canonicalFolder(folder)) ?? false;
  }

  /** Forgets the analysis and its preview (the pair or the options changed). */
  resetAnalysis(): void {
    this.analysis = null;
    this.upgrade = null;
    this.dropPreview();
  }

  /** Stops what runs and removes the sample's working copies (on quit). */
  async dispose(): Promise<void> {
    this.dropPreview();
    // An answers save still landing in a sample's Target (docs/sessions.md) adds a file while it is removed: retried.
    await Promise.all(this.sampleCopies.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })));
  }

  /** Forgets the preview, stopping its computation if it is still running. */
  dropPreview(): void {
    this.preview?.cancel();
    this.preview = null;
  }
}
