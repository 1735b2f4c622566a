import type { Answer } from '../analysis.js';
import type { Json } from '../json.js';
import { formatProblem } from '../problems.js';
import { groupReport, groupWarnings, versionFile } from './groupReport.js';
import { ATTRIBUTE_CHANGE_LABELS, DECISION_ACTIONS, MODE_LABELS, type Report, type ReportPrompt } from './report.js';

/** The width the text report is laid out for. */
const WIDTH = 100;
/** Decision lines: two spaces, the action padded to the longest action, two spaces, the rest. */
const ACTION_WIDTH = Math.max(...DECISION_ACTIONS.map((action) => action.length));
const DECISION_INDENT = ' '.repeat(2 + ACTION_WIDTH + 2);

/**
 * Renders a report for a terminal: a header, the summary counts, the decisions grouped by object
 * kind, object and version (action, path, reason), the prompts with their choices and answer,
 * the warnings grouped by code, and any refused options or invalid answers. Plain text laid out
 * for 100 columns (only ids and paths longer than a line overflow), no colours, `\n` line
 * endings, ending with one newline. Deterministic.
 */
export function renderTextReport(report: Report): string {
  const out: string[] = [];
  const { summary } = report;
  out.push(`Carryover ${report.command} report`);
  out.push(`  source  ${plain(report.source)}`);
  out.push(`  target  ${plain(report.target)}`);
  if (report.mode !== undefined) out.push(`  mode    ${MODE_LABELS[report.mode]}`);
  if (report.output !== undefined) out.push(`  output  ${plain(report.output)}`);
  if (report.backup !== undefined) out.push(`  backup  ${plain(report.backup)}`);
  if (report.createdAt !== undefined) out.push(`  when    ${plain(report.createdAt)}`);
  if (report.createdBy !== undefined) out.push(`  user    ${plain(report.createdBy)}`);
  if (report.generatedBy !== undefined) out.push(`  by      ${plain(report.generatedBy)}`);
  out.push('');

  out.push('Summary');
  out.push(
    `  ${count(summary.decisions, 'decision')}, ${count(summary.prompts, 'prompt')} ` +
      `(${summary.answered} answered, ${summary.unanswered} unanswered), ${count(summary.warnings, 'warning')}`,
  );
  const actions = DECISION_ACTIONS.filter((action) => summary.actions[action] > 0).map(
    (action, index, all) => `${action} ${summary.actions[action]}${index < all.length - 1 ? ',' : ''}`,
  );
  if (actions.length > 0) wrapWords(out, actions, '  ', '  ');
  if (report.refused.length > 0) out.push(`  ${count(report.refused.length, 'refused option')}`);
  if (report.answerProblems.length > 0) out.push(`  ${count(report.answerProblems.length, 'invalid answer')}`);

  const groups = groupReport(report);
  for (const group of groups) {
    const versionsWithDecisions = group.objects.flatMap((object) =>
      object.versions.filter((version) => version.decisions.length > 0).map((version) => ({ object, version })),
    );
    if (versionsWithDecisions.length === 0) continue;
    out.push('', `Decisions: ${group.title}`);
    for (const { object, version } of versionsWithDecisions) {
      const file = versionFile(object, version.scope);
      out.push('', plain(`${version.id}${file ? `  (${file})` : ''}`));
      for (const { path, decision } of version.decisions) {
        const text = path ? `${path}: ${decision.reason}` : decision.reason;
        wrap(out, text, `  ${decision.action.padEnd(ACTION_WIDTH)}  `, DECISION_INDENT);
      }
    }
  }

  if (report.prompts.length > 0) {
    out.push('', `Prompts (${summary.answered} answered, ${summary.unanswered} unanswered)`);
    for (const group of groups) {
      for (const object of group.objects) {
        for (const version of object.versions) {
          for (const { prompt } of version.prompts) renderPrompt(out, prompt);
        }
      }
    }
  }

  if (report.warnings.length > 0) {
    out.push('', `Warnings (${report.warnings.length})`);
    for (const { code, warnings } of groupWarnings(report.warnings)) {
      out.push(`  ${plain(code)} (${warnings.length})`);
      for (const warning of warnings) {
        wrap(out, warning.file ? `${warning.file}: ${warning.message}` : warning.message, '    ', '      ');
      }
    }
  }

  if (report.pending !== undefined && report.pending.length > 0) {
    out.push('', `Pending for phase 2 (${report.pending.length} ${report.pending.length === 1 ? 'version' : 'versions'} left as they were: carryover resume)`);
    for (const version of report.pending) {
      out.push(plain(`  ${version.id}`));
      for (const id of version.prompts) out.push(plain(`    ${id}`));
    }
  }

  if (report.refused.length > 0) {
    out.push('', 'Refused options (the Target is protected)');
    for (const problem of report.refused) wrap(out, formatProblem(problem), '  ', '    ');
  }
  if (report.answerProblems.length > 0) {
    out.push('', 'Invalid answers');
    for (const problem of report.answerProblems) wrap(out, formatProblem(problem), '  ', '    ');
  }
  return out.join('\n') + '\n';
}

function renderPrompt(out: string[], prompt: ReportPrompt): void {
  out.push('', `  ${plain(prompt.id)}`);
  if (prompt.question) wrap(out, prompt.question, '    ', '    ');
  out.push(`    choices      ${prompt.choices.join(', ')}`);
  out.push(`    answer       ${describeAnswer(prompt.answer)}${prompt.reusedFrom !== undefined ? ` (reused from ${plain(prompt.reusedFrom)})` : ''}`);
  out.push(`    customized   ${preview(prompt.customized, WIDTH - 17)}`);
  out.push(`    target base  ${preview(prompt.targetBase, WIDTH - 17)}`);
  out.push(`    source base  ${preview(prompt.sourceBase, WIDTH - 17)}`);
  if (prompt.textMerge) {
    const { clean, conflicts } = prompt.textMerge;
    out.push(`    text merge   ${clean ? 'clean (answer "merge" takes it)' : count(conflicts, 'conflict')}`);
  }
  if (prompt.attributeMerge) {
    const changes = prompt.attributeMerge.changes.map((c) => `${c.attribute} (${ATTRIBUTE_CHANGE_LABELS[c.from]})`).join(', ');
    wrap(out, `attribute merge: clean (answer "merge" takes it): ${changes || 'no attribute changed'}`, '    ', '    ');
    out.push(`    merged       ${preview(prompt.attributeMerge.result, WIDTH - 17)}`);
  }
}

function describeAnswer(answer: Answer | null): string {
  if (answer === null) return 'UNANSWERED';
  if (typeof answer === 'string') return answer;
  return `edit: ${preview(answer.edit, WIDTH - 23)}`;
}

/** One line showing a value: short values whole, long ones cut, texts of several lines by their line count. */
export function preview(value: Json | null, width: number): string {
  if (typeof value === 'string' && /[\r\n]/.test(value)) {
    // Texts of several lines usually share their first lines: their size says more.
    const lines = value.split(/\r\n|\r|\n/);
    if (lines[lines.length - 1] === '') lines.pop();
    return `text, ${count(lines.length, 'line')}`;
  }
  return cut(plain(JSON.stringify(value) ?? 'null'), width);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text : text.slice(0, Math.max(0, width - 3)) + '...';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Makes text safe for a terminal: control characters (an escape sequence in a name or a message
 * would drive the terminal) are shown as `\u001b`-style escapes.
 */
export function plain(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Appends `text` word-wrapped to `WIDTH` columns: the first line after `first`, the others after `rest`. */
function wrap(out: string[], text: string, first: string, rest: string): void {
  let remaining = plain(text.replace(/[\t\n\r]+/g, ' '));
  let prefix = first;
  while (prefix.length + remaining.length > WIDTH) {
    const room = WIDTH - prefix.length;
    let cut = remaining.lastIndexOf(' ', room);
    // A word longer than the line (an id, a path) overflows rather than being split.
    if (cut <= 0) cut = remaining.indexOf(' ', room + 1);
    if (cut <= 0) break;
    out.push(prefix + remaining.slice(0, cut));
    remaining = remaining.slice(cut + 1);
    prefix = rest;
  }
  out.push(prefix + remaining);
}

/** Appends words joined by spaces, starting a new line (after `rest`) where the next word would pass `WIDTH`. */
function wrapWords(out: string[], words: readonly string[], first: string, rest: string): void {
  let line = first;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      out.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  out.push(line);
}
