import type { Answer, Choice, DecisionAction, PromptAttributeMerge } from '../analysis.js';
import type { Json } from '../json.js';
import type { Problem } from '../problems.js';

/** The `format` of every JSON report this version writes and reads. */
export const REPORT_FORMAT = 'carryover-report/1';

/** Every decision action, in the order reports list them (docs/cli.md, "Report"). */
export const DECISION_ACTIONS: readonly DecisionAction[] = [
  'kept-customization',
  'took-source',
  'added',
  'removed',
  'left-untouched',
  'edited',
  'merged-text',
  'dropped-redundant',
  'phantom',
  'replaced-base',
  'kept-base',
  'deleted-base',
];

/** Every prompt choice, in the order prompts offer them. */
export const PROMPT_CHOICES: readonly Choice[] = ['keep', 'replace', 'remove', 'merge', 'edit'];

/** What the HTML report calls each action (the JSON and text reports use the action itself). */
export const ACTION_LABELS: Readonly<Record<DecisionAction, string>> = {
  'kept-customization': 'Kept customization',
  'took-source': 'Took source base',
  added: 'Added',
  removed: 'Removed',
  'left-untouched': 'Left untouched',
  edited: 'Edited',
  'merged-text': 'Merged text',
  'dropped-redundant': 'Dropped redundant',
  phantom: 'Phantom change',
  'replaced-base': 'Replaced base',
  'kept-base': 'Kept base',
  'deleted-base': 'Deleted base',
};

/** What the app's buttons call each choice (docs/app.md, "Names"). */
export const CHOICE_LABELS: Readonly<Record<Choice, string>> = {
  keep: 'Keep customization',
  replace: 'Use source base',
  remove: 'Remove',
  merge: 'Use merged',
  edit: 'Edit',
};

/** The label of the `merge` answer of a prompt that merges a global object's attributes. */
export const MERGE_ATTRIBUTES_LABEL = 'Merge attributes';

/** Whose change an attribute of an attribute-wise merge carries, in the reports' words. */
export const ATTRIBUTE_CHANGE_LABELS: Readonly<Record<PromptAttributeMerge['changes'][number]['from'], string>> = {
  customized: 'customized',
  sourceBase: 'source base',
  both: 'both, alike',
  'text-merge': 'both, merged line by line',
};

/** What a run did, as a report records it (`mode`). */
export type ReportMode = 'analysis' | 'new-folder' | 'in-place';

/** Every report mode, for readers that check the field. */
export const REPORT_MODES: readonly ReportMode[] = ['analysis', 'new-folder', 'in-place'];

/** How each mode reads to a person (the app's report viewer, the HTML report). */
export const MODE_LABELS: Readonly<Record<ReportMode, string>> = {
  analysis: 'Analysis (nothing written)',
  'new-folder': 'Synchronization into a new folder',
  'in-place': 'Synchronization in place (with a backup)',
};

/** The counts at the top of a report: the spec's five, plus the number of decisions per action. */
export interface ReportSummary {
  decisions: number;
  prompts: number;
  /** Prompts whose `answer` is not `null`. */
  answered: number;
  /** Prompts whose `answer` is `null`; `answered + unanswered = prompts`. */
  unanswered: number;
  warnings: number;
  /** Decisions per action; every action is listed, in `DECISION_ACTIONS` order, zeros included. */
  actions: Record<DecisionAction, number>;
}

/** One decision as the report holds it; the same fields as the analysis `Decision`. */
export interface ReportDecision {
  id: string;
  action: DecisionAction;
  reason: string;
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  result: Json | null;
}

/** One prompt as the report holds it, with the answer it was given (`null`: unanswered). */
export interface ReportPrompt {
  id: string;
  /** What was asked, as a sentence (`''` when a report read from a file has none). */
  question: string;
  choices: Choice[];
  answer: Answer | null;
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  /** The line-level merge offered for text values, when there was one. */
  textMerge?: { clean: boolean; text: string; conflicts: number };
  /** The attribute-wise merge offered for a global object, when there was one (docs/merge-behaviour.md). */
  attributeMerge?: PromptAttributeMerge;
  /** In a run into several Targets: the Target (as the user named it) whose answer was reused here (docs/reports.md). */
  reusedFrom?: string;
}

/** One warning as the report holds it. */
export interface ReportWarning {
  code: string;
  message: string;
  /** Relative path of the configuration file it concerns, or `''`. */
  file: string;
  /** The id of the version it concerns, when there is one. */
  id?: string;
}

/**
 * A report of one analysis or synchronization (docs/cli.md, "Report"): the value written as JSON
 * and rendered as text or HTML. It holds no timestamp and nothing about the machine beyond what
 * the caller passed, so the same analysis and context always give the same report.
 */
export interface Report {
  format: typeof REPORT_FORMAT;
  /** The tool that wrote it, e.g. `carryover 0.1.0`, when known. */
  generatedBy?: string;
  command: 'analyze' | 'sync';
  /** The Source and Target folders as the user named them. */
  source: string;
  target: string;
  /** Where a sync wrote the result (`--out DIR`, or the Target for `--in-place`), when it did. */
  output?: string;
  /** What the run did: analysed only, wrote a new folder, or updated the Target in place (docs/reports.md). */
  mode?: ReportMode;
  /** The backup of the Target an in-place run made, when it did. */
  backup?: string;
  /** When the run happened: ISO 8601 UTC to the second (`2026-12-03T17:40:00Z`), when recorded. */
  createdAt?: string;
  /** Who ran it: the operating system's user name, when recorded. */
  createdBy?: string;
  summary: ReportSummary;
  decisions: ReportDecision[];
  prompts: ReportPrompt[];
  warnings: ReportWarning[];
  /** Options a protected Target refuses, each named by its dotted path. */
  refused: Problem[];
  /** Answers that do not fit their prompt. */
  answerProblems: Problem[];
  /** The resolved options the run used, when the caller passed them. */
  options?: Json;
  /** Phase 1 (`sync --in-place --answer defer`): the versions left for phase 2, with their unanswered prompts (docs/sessions.md). */
  pending?: ReportPendingVersion[];
}

/** A version phase 1 left as it was, with the ids of its prompts still to answer (`carryover resume`). */
export interface ReportPendingVersion {
  id: string;
  prompts: string[];
}

