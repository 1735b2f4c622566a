import type { Analysis, DecisionAction } from '../analysis.js';
import type { Json } from '../json.js';
import type { Problem } from '../problems.js';
import {
  DECISION_ACTIONS,
  REPORT_FORMAT,
  type Report,
  type ReportDecision,
  type ReportMode,
  type ReportPendingVersion,
  type ReportPrompt,
  type ReportSummary,
  type ReportWarning,
} from './report.js';

/** What a report says about the run beyond the analysis itself. */
export interface ReportContext {
  /** The Source folder as the user named it (never made absolute here). */
  source: string;
  /** The Target folder as the user named it. */
  target: string;
  /** The resolved options object; copied into the report as JSON when given. */
  options?: unknown;
  /** The tool that writes the report, e.g. `carryover 0.1.0`. */
  generatedBy?: string;
  command: 'analyze' | 'sync';
  /** Where a sync wrote its result, when it did. */
  output?: string;
  /** What the run did (docs/reports.md, "What a report records"). */
  mode?: ReportMode;
  /** The backup an in-place run made. */
  backup?: string;
  /** When the run happened (ISO 8601 UTC); the caller decides, so the same context gives the same bytes. */
  createdAt?: string;
  /** The operating system's user name of who ran it. */
  createdBy?: string;
  /** The versions phase 1 deferred (docs/sessions.md), when it deferred any. */
  pending?: readonly ReportPendingVersion[];
  /** Prompt id → the Target whose answer was reused for it (a run into several Targets, docs/cli.md, "Many Targets"). */
  reusedFrom?: ReadonlyMap<string, string>;
}

/**
 * Builds the report of an analysis (docs/cli.md, "Report").
 * Decisions, prompts and warnings keep the analysis's order; every object in the report is built
 * with a fixed key order, so serializing the same analysis and context gives the same bytes.
 * The summary is counted from the report's own lists, so it always agrees with them.
 */
export function buildReport(analysis: Analysis, context: ReportContext): Report {
  const decisions = analysis.decisions.map(toReportDecision);
  const prompts = analysis.prompts.map((prompt) => {
    const copy = toReportPrompt(prompt);
    const from = context.reusedFrom?.get(prompt.id);
    if (from !== undefined && prompt.answer !== null) copy.reusedFrom = from;
    return copy;
  });
  const warnings = analysis.warnings.map(toReportWarning);
  const report: Report = {
    format: REPORT_FORMAT,
    ...(context.generatedBy !== undefined ? { generatedBy: context.generatedBy } : {}),
    command: context.command,
    source: context.source,
    target: context.target,
    ...(context.output !== undefined ? { output: context.output } : {}),
    ...(context.mode !== undefined ? { mode: context.mode } : {}),
    ...(context.backup !== undefined ? { backup: context.backup } : {}),
    ...(context.createdAt !== undefined ? { createdAt: context.createdAt } : {}),
    ...(context.createdBy !== undefined ? { createdBy: context.createdBy } : {}),
    summary: summarizeReport(decisions, prompts, warnings),
    decisions,
    prompts,
    warnings,
    refused: analysis.refused.map(toProblem),
    answerProblems: analysis.answerProblems.map(toProblem),
  };
  const options = toJson(context.options);
  if (options !== undefined) report.options = options;
  if (context.pending !== undefined) report.pending = context.pending.map((v) => ({ id: v.id, prompts: [...v.prompts] }));
  return report;
}

/** Counts a report's decisions (per action), prompts (answered or not) and warnings. */
export function summarizeReport(
  decisions: readonly ReportDecision[],
  prompts: readonly ReportPrompt[],
  warnings: readonly ReportWarning[],
): ReportSummary {
  const actions = Object.fromEntries(DECISION_ACTIONS.map((action) => [action, 0])) as Record<DecisionAction, number>;
  for (const decision of decisions) actions[decision.action] += 1;
  let answered = 0;
  for (const prompt of prompts) if (prompt.answer !== null) answered += 1;
  return {
    decisions: decisions.length,
    prompts: prompts.length,
    answered,
    unanswered: prompts.length - answered,
    warnings: warnings.length,
    actions,
  };
}

function toReportDecision(decision: ReportDecision): ReportDecision {
  return {
    id: decision.id,
    action: decision.action,
    reason: decision.reason,
    customized: decision.customized,
    targetBase: decision.targetBase,
    sourceBase: decision.sourceBase,
    result: decision.result,
  };
}

function toReportPrompt(prompt: ReportPrompt): ReportPrompt {
  const copy: ReportPrompt = {
    id: prompt.id,
    question: prompt.question,
    choices: [...prompt.choices],
    answer: prompt.answer,
    customized: prompt.customized,
    targetBase: prompt.targetBase,
    sourceBase: prompt.sourceBase,
  };
  if (prompt.textMerge) {
    const { clean, text, conflicts } = prompt.textMerge;
    copy.textMerge = { clean, text, conflicts };
  }
  if (prompt.attributeMerge) {
    const { result, changes } = prompt.attributeMerge;
    copy.attributeMerge = { result, changes: changes.map(({ attribute, from }) => ({ attribute, from })) };
  }
  if (prompt.reusedFrom !== undefined) copy.reusedFrom = prompt.reusedFrom;
  return copy;
}

function toReportWarning(warning: ReportWarning): ReportWarning {
  const copy: ReportWarning = { code: warning.code, message: warning.message, file: warning.file };
  if (warning.id !== undefined) copy.id = warning.id;
  return copy;
}

function toProblem(problem: Problem): Problem {
  return { code: problem.code, file: problem.file, pointer: problem.pointer, message: problem.message };
}

/** A JSON copy of a plain value (the resolved options); `undefined` when there is nothing to copy. */
function toJson(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text === undefined ? undefined : (JSON.parse(text) as Json);
}
