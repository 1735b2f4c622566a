/**
 * Phase 2 of an upgrade (docs/sessions.md, "Pending prompts (phase 1 and phase 2)"): opening a
 * Target's pending prompts and committing their answers, for `carryover resume` and the app's
 * "Complete an upgrade" alike.
 */
import type { Analysis, Answer } from '../analysis.js';
import type { Configuration } from '../model.js';
import type { Options } from '../options.js';
import { parseOptions } from '../parseOptions.js';
import type { PendingIndex } from '../pendingIndex.js';
import type { Problem } from '../problems.js';
import { changedPendingVersions, resumeInput, resumePlan, type ResumeInput } from '../resumeInput.js';
import { synchronize } from '../synchronize.js';
import { CarryoverBug } from '../bug.js';
import { commitPlan, type CommitPlanResult } from './commitPlan.js';
import { prepareCommitRecord } from './commitRecord.js';
import { folderFingerprint } from './fingerprint.js';
import { loadConfiguration } from './loadConfiguration.js';
import type { TargetLock } from './lock.js';
import { loadSavedBases, PENDING_RECORDS_FOLDER, readPendingState } from './pendingState.js';

/** A Target's pending prompts, opened and checked: ready to be answered. */
export interface OpenedPending {
  targetRoot: string;
  index: PendingIndex;
  /** The pending index's file. */
  file: string;
  /** The Target as it is now, and its fingerprint taken before it was read. */
  current: Configuration;
  fingerprint: string;
  options: Options;
  input: ResumeInput;
  /** The recomputed merge without answers: its prompts are the pending ones, with their saved values. */
  analysis: Analysis;
}

/** What {@link openPending} found. */
export type OpenPendingResult =
  | { kind: 'none' }
  /** The pending state, the Target or the saved bases break their format: every problem. */
  | { kind: 'invalid'; problems: Problem[] }
  /** Versions changed by hand since phase 1 (or gone): phase 2 would ask about values nobody saw. */
  | { kind: 'changed'; versions: string[]; time: string }
  | { kind: 'ready'; pending: OpenedPending };

/**
 * Reads a Target's pending state and recomputes each pending version's merge: customized = the
 * version now in the Target, target base = the old base phase 1 saved, source base = the Target's
 * current base. Every prompt must still have the three values phase 1 saved (`promptValuesKey`);
 * otherwise the versions that changed are returned and nothing may be written.
 */
export async function openPending(targetRoot: string, options: { maxFileSize?: number } = {}): Promise<OpenPendingResult> {
  const state = await readPendingState(targetRoot);
  if (state.kind === 'none') return state;
  if (state.kind === 'invalid') return state;
  const { index, file } = state;
  const parsedOptions = parseOptions(JSON.stringify(index.options), `${file}#/options`);
  if (!parsedOptions.ok) return { kind: 'invalid', problems: parsedOptions.problems };
  const fingerprint = await folderFingerprint(targetRoot);
  const [loaded, saved] = await Promise.all([loadConfiguration(targetRoot, { maxFileSize: options.maxFileSize }), loadSavedBases(targetRoot, options.maxFileSize)]);
  if (!loaded.ok || !saved.ok) return { kind: 'invalid', problems: [...(loaded.ok ? [] : loaded.problems), ...(saved.ok ? [] : saved.problems)] };
  const input = resumeInput(loaded.configuration, saved.configuration, index, parsedOptions.options);
  if ('missing' in input) return { kind: 'changed', versions: input.missing, time: index.time };
  const analysis = synchronize({ ...input, options: parsedOptions.options });
  const changed = changedPendingVersions(index, analysis);
  if (changed.length > 0) return { kind: 'changed', versions: changed, time: index.time };
  return { kind: 'ready', pending: { targetRoot, index, file, current: loaded.configuration, fingerprint, options: parsedOptions.options, input, analysis } };
}

/**
 * The answers phase 2 starts from: those saved in the pending index (phase 1's answers file, an
 * interrupted phase 2), then `given` (a later answers file wins).
 */
export function savedAnswers(index: PendingIndex, given: ReadonlyMap<string, Answer> = new Map()): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  for (const version of index.versions) for (const prompt of version.prompts) if (prompt.answer !== null) answers.set(prompt.id, prompt.answer);
  for (const [id, answer] of given) answers.set(id, answer);
  return answers;
}

/** The merge of the pending versions with these answers (the plan exists once every prompt has a valid one). */
export function answerPending(pending: OpenedPending, answers: ReadonlyMap<string, Answer>, answerDefault?: 'keep' | 'replace', answersFile?: string): Analysis {
  return synchronize({
    ...pending.input,
    options: pending.options,
    answers,
    ...(answerDefault !== undefined ? { answerDefault } : {}),
    ...(answersFile !== undefined ? { answersFile } : {}),
  });
}

/**
 * Commits phase 2 like any in-place sync (backup, journaled swap, rollback record): the pending
 * versions take their merge, everything else stays as it is, and the pending state is dropped in
 * the same swap. Refuses (TargetChangedError) when the Target changed since it was opened.
 */
export async function commitPending(
  pending: OpenedPending,
  analysis: Analysis,
  options: { backupDir?: string; now?: Date; lock?: TargetLock; onProgress?: (phase: 'backup' | 'writing', done: number, total: number) => void },
): Promise<CommitPlanResult> {
  if (analysis.plan === null) throw new CarryoverBug('commitPending: prompts are left unanswered');
  const plan = resumePlan(pending.current, analysis.plan, pending.index);
  const now = options.now ?? new Date();
  const { targetRoot } = pending;
  const records = await prepareCommitRecord({ decisions: analysis.decisions, plan, sourceRoot: targetRoot, target: pending.current, targetRoot, now });
  return commitPlan({
    plan,
    // Phase 2's source base is the Target's own current base: the "Source" is the Target itself.
    analyzed: { sourceRoot: targetRoot, targetRoot, fingerprints: { source: pending.fingerprint, target: pending.fingerprint } },
    destination: {
      kind: 'in-place',
      now,
      records,
      dropRecords: [PENDING_RECORDS_FOLDER],
      ...(options.backupDir !== undefined ? { backupDir: options.backupDir } : {}),
    },
    ...(options.lock ? { lock: options.lock } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
