/**
 * Pure selectors and derivations over the store's state: the prompt counter (the same number
 * the Commit button checks), version statuses, the tree's rows. No React, no API.
 */
import type { Answer, Decision, Prompt, PromptTexts, Warning } from '../../../core/analysis.js';
import { splitId } from '../../../core/ids.js';
import { groupReport, scopeLabel, type ReportKindGroup } from '../../../core/report/groupReport.js';
import type { Report } from '../../../core/report/report.js';
import { answerFits, similarPrompts } from '../../../core/similarPrompts.js';
import type { AnswerMap } from '../../../electron/contract.js';
import type { StatusFilter } from './reviewSlice.js';

interface PromptState {
  analysis: { prompts: readonly Prompt[] } | null;
  answers: AnswerMap;
}

/** Prompts without an answer: what the counter shows and what Commit waits for. */
export function selectPromptsLeft(state: PromptState): number {
  if (!state.analysis) return 0;
  let left = 0;
  for (const prompt of state.analysis.prompts) if (!Object.hasOwn(state.answers, prompt.id)) left += 1;
  return left;
}

/** "N prompts left", "1 prompt left", "No prompts left" (docs/app.md, "Names"). */
export function promptCounterText(left: number): string {
  if (left === 0) return 'No prompts left';
  return left === 1 ? '1 prompt left' : `${left} prompts left`;
}

export function selectCanCommit(state: PromptState & { job: unknown; spentAnalysis?: unknown }): boolean {
  // An in-place commit spends its analysis (commitSlice.ts): Commit waits for a new one.
  return state.analysis !== null && state.job === null && selectPromptsLeft(state) === 0 && state.analysis !== state.spentAnalysis;
}

/** The answer a prompt's "Use source base" gives: `replace`, or `remove` where the source base is absent. */
export function sourceChoice(prompt: Pick<Prompt, 'choices'>): 'replace' | 'remove' | null {
  if (prompt.choices.includes('replace')) return 'replace';
  if (prompt.choices.includes('remove')) return 'remove';
  return null;
}

/** How an answer reads in the UI. */
export function answerLabel(answer: Answer | null | undefined): string {
  if (answer === null || answer === undefined) return 'Not answered';
  if (typeof answer === 'object') return 'Edited';
  switch (answer) {
    case 'keep':
      return 'Kept customization';
    case 'replace':
      return 'Used source base';
    case 'remove':
      return 'Removed';
    case 'merge':
      return 'Used merged';
  }
}

/** What one version's badges say. */
export interface VersionStatus {
  prompts: number;
  unanswered: number;
  decisions: number;
  /** Decided by rules alone: no prompt. */
  automatic: boolean;
  /** A phantom change or a redundant customization was found. */
  phantom: boolean;
  warnings: number;
}

/** The version id (`object@scope`) of a decision, prompt or warning id. */
export function versionOf(id: string): string {
  return splitId(id).version;
}

interface Findings {
  decisions: readonly Pick<Decision, 'id' | 'action'>[];
  prompts: readonly Pick<Prompt, 'id' | 'answer'>[];
  warnings: readonly Pick<Warning, 'id'>[];
}

/** Every version's status, from the findings and the answers so far. */
export function versionStatuses(findings: Findings, answers: AnswerMap | null): Map<string, VersionStatus> {
  const statuses = new Map<string, VersionStatus>();
  const of = (id: string): VersionStatus => {
    const version = versionOf(id);
    let status = statuses.get(version);
    if (!status) {
      status = { prompts: 0, unanswered: 0, decisions: 0, automatic: true, phantom: false, warnings: 0 };
      statuses.set(version, status);
    }
    return status;
  };
  for (const d of findings.decisions) {
    const s = of(d.id);
    s.decisions += 1;
    if (d.action === 'phantom' || d.action === 'dropped-redundant') s.phantom = true;
  }
  for (const p of findings.prompts) {
    const s = of(p.id);
    s.prompts += 1;
    s.automatic = false;
    const answered = answers ? Object.hasOwn(answers, p.id) : p.answer !== null;
    if (!answered) s.unanswered += 1;
  }
  for (const w of findings.warnings) {
    if (w.id === undefined) continue;
    const status = statuses.get(versionOf(w.id));
    if (status) status.warnings += 1;
  }
  return statuses;
}

/** Groups findings into kinds → objects → versions (core's grouping, as the reports use). */
export function groupFindings(findings: Pick<Report, 'decisions' | 'prompts' | 'warnings'>): ReportKindGroup[] {
  // groupReport reads only these three lists.
  return groupReport(findings as Report);
}

export type TreeRow =
  | { kind: 'group'; id: string; title: string; count: number; collapsed: boolean }
  | { kind: 'object'; id: string; name: string; count: number; collapsed: boolean }
  | { kind: 'version'; id: string; label: string; objectName: string; status: VersionStatus };

export function matchesFilter(status: VersionStatus, filter: StatusFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'prompt':
      return status.prompts > 0;
    case 'automatic':
      return status.automatic;
    case 'phantom':
      return status.phantom;
    case 'warning':
      return status.warnings > 0;
  }
}

/** The tree's visible rows: filtered by status and name, collapsed nodes folded. */
export function treeRows(
  groups: readonly ReportKindGroup[],
  statuses: ReadonlyMap<string, VersionStatus>,
  filter: StatusFilter,
  search: string,
  collapsed: Readonly<Record<string, true>>,
): TreeRow[] {
  const needle = search.trim().toLowerCase();
  const rows: TreeRow[] = [];
  const empty: VersionStatus = { prompts: 0, unanswered: 0, decisions: 0, automatic: true, phantom: false, warnings: 0 };
  for (const group of groups) {
    const groupId = `kind:${group.kind}`;
    const objectRows: TreeRow[] = [];
    let groupCount = 0;
    for (const object of group.objects) {
      const nameMatches = needle === '' || object.name.toLowerCase().includes(needle) || object.id.toLowerCase().includes(needle);
      const versions = object.versions.filter((v) => {
        const status = statuses.get(v.id) ?? empty;
        return matchesFilter(status, filter) && (nameMatches || v.id.toLowerCase().includes(needle));
      });
      if (versions.length === 0) continue;
      groupCount += versions.length;
      const isCollapsed = collapsed[object.id] === true;
      objectRows.push({ kind: 'object', id: object.id, name: object.name || group.title, count: versions.length, collapsed: isCollapsed });
      if (isCollapsed) continue;
      for (const v of versions) {
        objectRows.push({ kind: 'version', id: v.id, label: scopeLabel(v.scope), objectName: object.name, status: statuses.get(v.id) ?? empty });
      }
    }
    if (groupCount === 0) continue;
    const isCollapsed = collapsed[groupId] === true;
    rows.push({ kind: 'group', id: groupId, title: group.title, count: groupCount, collapsed: isCollapsed });
    if (!isCollapsed) rows.push(...objectRows);
  }
  return rows;
}

/** Counts at the top of the Review screen. */
export function reviewCounts(statuses: ReadonlyMap<string, VersionStatus>, warnings: number) {
  let automatic = 0;
  let prompts = 0;
  let phantom = 0;
  for (const s of statuses.values()) {
    if (s.automatic) automatic += 1;
    if (s.prompts > 0) prompts += 1;
    if (s.phantom) phantom += 1;
  }
  return { versions: statuses.size, automatic, prompts, phantom, warnings };
}

/**
 * The three texts of a prompt about text (a form script, a string with a line break, a global
 * script's `code`), or null when the prompt is not about text. Core decides which prompts are
 * about text (docs/merge-behaviour.md, "Equality and phantom changes"); this only reads its answer.
 */
export function promptTexts(prompt: Pick<Prompt, 'texts'>): PromptTexts | null {
  return prompt.texts ?? null;
}

/** True when the options shown differ from those the analysis used (analyze again to apply them). */
export function selectOptionsChanged(state: { analysis: { options: unknown } | null; options: unknown }): boolean {
  return state.analysis !== null && JSON.stringify(state.analysis.options) !== JSON.stringify(state.options);
}

/** Keys (`promptValuesKey`) of the prompts of one analysis, computed once per prompt list. */
const similarityKeys = new WeakMap<readonly Prompt[], Map<string, string>>();

/**
 * The prompts an answer given to `promptId` would also answer with *Apply to similar prompts*
 * (core/similarPrompts.ts, the rule the terminal's `a` uses): similar, accepting the answer, and
 * not already answered with it. Empty while `promptId` has no answer.
 */
export function selectSimilarToApply(prompts: readonly Prompt[], promptId: string, answers: AnswerMap): Prompt[] {
  const prompt = prompts.find((p) => p.id === promptId);
  const answer = answers[promptId];
  if (prompt === undefined || answer === undefined) return [];
  let keys = similarityKeys.get(prompts);
  if (keys === undefined) {
    keys = new Map();
    similarityKeys.set(prompts, keys);
  }
  const same = JSON.stringify(answer);
  return similarPrompts(prompt, prompts, keys).filter((p) => answerFits(answer, p.choices, p.textMerge?.clean === true) && JSON.stringify(answers[p.id]) !== same);
}
