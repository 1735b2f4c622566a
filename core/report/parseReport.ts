import type { Answer, Choice, DecisionAction } from '../analysis.js';
import { isJsonObject, jsonPointer, type Json, type JsonObject } from '../json.js';
import type { Problem } from '../problems.js';
import { summarizeReport } from './buildReport.js';
import {
  DECISION_ACTIONS,
  PROMPT_CHOICES,
  REPORT_FORMAT,
  REPORT_MODES,
  type Report,
  type ReportDecision,
  type ReportMode,
  type ReportPrompt,
  type ReportWarning,
} from './report.js';

/** The outcome of reading a saved JSON report: the report, or every problem found in it. */
export type ParseReportResult = { ok: true; report: Report } | { ok: false; problems: Problem[] };

type Path = readonly (string | number)[];

/**
 * Reads a saved JSON report (the app opens one read-only) and checks it against
 * `carryover-report/1`: every problem is collected with `file` and a JSON pointer, none thrown.
 * A byte-order mark is tolerated. Keys the format does not define are ignored (the spec lists
 * what a report holds "at least"); the summary's counts must agree with the lists.
 * The report returned has the key order `buildReport` gives, so it serializes canonically.
 */
export function parseReport(text: string, file = ''): ParseReportResult {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ code: 'json-syntax', file, pointer: '', message: `not valid JSON: ${detail}` }] };
  }
  const reader = new ReportReader(file);
  const report = reader.readReport(root);
  return report && reader.problems.length === 0
    ? { ok: true, report }
    : { ok: false, problems: reader.problems };
}

const ACTIONS = new Set<string>(DECISION_ACTIONS);
const CHOICES = new Set<string>(PROMPT_CHOICES);
const DECISION_VALUES = ['customized', 'targetBase', 'sourceBase', 'result'] as const;
const PROMPT_VALUES = ['customized', 'targetBase', 'sourceBase'] as const;
const COUNTS = ['decisions', 'prompts', 'answered', 'unanswered', 'warnings'] as const;

/** Walks a parsed report, collecting problems; each `read*` returns `undefined` when it found one. */
class ReportReader {
  readonly problems: Problem[] = [];

  constructor(private readonly file: string) {}

  readReport(root: unknown): Report | undefined {
    if (!isJsonObject(root)) return this.fail([], 'bad-type', 'a report is a JSON object');
    if (root.format !== REPORT_FORMAT) {
      // Nothing else can be checked against a format we do not know.
      const found = typeof root.format === 'string' ? `"${root.format}"` : 'no format';
      return this.fail(['format'], 'bad-format', `expected "${REPORT_FORMAT}", found ${found}`);
    }
    const generatedBy = this.optional(root, [], 'generatedBy', (v, p) => this.string(v, p));
    const command = this.required(root, [], 'command', (v, p) =>
      v === 'analyze' || v === 'sync' ? v : this.fail(p, 'bad-value', 'expected "analyze" or "sync"'),
    );
    const source = this.required(root, [], 'source', (v, p) => this.string(v, p));
    const target = this.required(root, [], 'target', (v, p) => this.string(v, p));
    const output = this.optional(root, [], 'output', (v, p) => this.string(v, p));
    const mode = this.optional(root, [], 'mode', (v, p) =>
      REPORT_MODES.includes(v as ReportMode) ? (v as ReportMode) : this.fail(p, 'bad-value', `expected one of ${REPORT_MODES.map((m) => `"${m}"`).join(', ')}`),
    );
    const backup = this.optional(root, [], 'backup', (v, p) => this.string(v, p));
    const createdAt = this.optional(root, [], 'createdAt', (v, p) => this.string(v, p));
    const createdBy = this.optional(root, [], 'createdBy', (v, p) => this.string(v, p));
    const summary = this.required(root, [], 'summary', (v, p) => this.readCounts(v, p));
    const decisions = this.required(root, [], 'decisions', (v, p) => this.list(v, p, (d, q) => this.readDecision(d, q)));
    const prompts = this.required(root, [], 'prompts', (v, p) => this.list(v, p, (d, q) => this.readPrompt(d, q)));
    const warnings = this.required(root, [], 'warnings', (v, p) => this.list(v, p, (d, q) => this.readWarning(d, q)));
    const refused = this.optional(root, [], 'refused', (v, p) => this.list(v, p, (d, q) => this.readProblem(d, q))) ?? [];
    const answerProblems =
      this.optional(root, [], 'answerProblems', (v, p) => this.list(v, p, (d, q) => this.readProblem(d, q))) ?? [];
    if (
      command === undefined ||
      source === undefined ||
      target === undefined ||
      summary === undefined ||
      decisions === undefined ||
      prompts === undefined ||
      warnings === undefined
    ) {
      return undefined;
    }
    this.checkUniqueIds(prompts);
    const counted = summarizeReport(decisions, prompts, warnings);
    for (const key of COUNTS) {
      if (summary[key] !== counted[key]) {
        this.fail(['summary', key], 'summary-mismatch', `says ${summary[key]}, but the report holds ${counted[key]}`);
      }
    }
    const report: Report = {
      format: REPORT_FORMAT,
      ...(generatedBy !== undefined ? { generatedBy } : {}),
      command,
      source,
      target,
      ...(output !== undefined ? { output } : {}),
      ...(mode !== undefined ? { mode } : {}),
      ...(backup !== undefined ? { backup } : {}),
      ...(createdAt !== undefined ? { createdAt } : {}),
      ...(createdBy !== undefined ? { createdBy } : {}),
      summary: counted,
      decisions,
      prompts,
      warnings,
      refused,
      answerProblems,
    };
    if (Object.hasOwn(root, 'options')) report.options = root.options;
    const pending = this.optional(root, [], 'pending', (v, p) =>
      this.list(v, p, (d, q) => {
        if (!isJsonObject(d) || typeof d['id'] !== 'string' || !Array.isArray(d['prompts']) || !d['prompts'].every((id) => typeof id === 'string')) {
          return this.fail(q, 'bad-type', 'expected {"id": string, "prompts": [string]}');
        }
        return { id: d['id'], prompts: d['prompts'] as string[] };
      }),
    );
    if (pending !== undefined) report.pending = pending;
    return report;
  }

  private readCounts(value: Json, path: Path): Record<(typeof COUNTS)[number], number> | undefined {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'expected an object of counts');
    const counts = {} as Record<(typeof COUNTS)[number], number>;
    let ok = true;
    for (const key of COUNTS) {
      const count = this.required(value, path, key, (v, p) =>
        typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(p, 'bad-type', 'expected a count (an integer, 0 or more)'),
      );
      if (count === undefined) ok = false;
      else counts[key] = count;
    }
    return ok ? counts : undefined;
  }

  private readDecision(value: Json, path: Path): ReportDecision | undefined {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'a decision is an object');
    const id = this.required(value, path, 'id', (v, p) => this.string(v, p));
    const action = this.required(value, path, 'action', (v, p) =>
      typeof v === 'string' && ACTIONS.has(v)
        ? (v as DecisionAction)
        : this.fail(p, 'bad-value', `expected one of ${DECISION_ACTIONS.join(', ')}`),
    );
    const reason = this.required(value, path, 'reason', (v, p) => this.string(v, p));
    const values = this.readValues(value, path, DECISION_VALUES);
    if (id === undefined || action === undefined || reason === undefined || !values) return undefined;
    return { id, action, reason, ...values };
  }

  private readPrompt(value: Json, path: Path): ReportPrompt | undefined {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'a prompt is an object');
    const id = this.required(value, path, 'id', (v, p) => this.string(v, p));
    const question = this.optional(value, path, 'question', (v, p) => this.string(v, p)) ?? '';
    const choices = this.required(value, path, 'choices', (v, p) =>
      this.list(v, p, (c, q) =>
        typeof c === 'string' && CHOICES.has(c) ? (c as Choice) : this.fail(q, 'bad-value', `expected one of ${PROMPT_CHOICES.join(', ')}`),
      ),
    );
    const answer = this.required(value, path, 'answer', (v, p) => this.readAnswer(v, p));
    const values = this.readValues(value, path, PROMPT_VALUES);
    const textMerge = this.optional(value, path, 'textMerge', (v, p) => this.readTextMerge(v, p));
    const attributeMerge = this.optional(value, path, 'attributeMerge', (v, p) => this.readAttributeMerge(v, p));
    const reusedFrom = this.optional(value, path, 'reusedFrom', (v, p) => this.string(v, p));
    if (id === undefined || choices === undefined || answer === undefined || !values) return undefined;
    const prompt: ReportPrompt = { id, question, choices, answer, ...values };
    if (textMerge) prompt.textMerge = textMerge;
    if (attributeMerge) prompt.attributeMerge = attributeMerge;
    if (reusedFrom !== undefined) prompt.reusedFrom = reusedFrom;
    return prompt;
  }

  private readAttributeMerge(value: Json, path: Path): ReportPrompt['attributeMerge'] {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'expected an object {result, changes}');
    const result = this.required(value, path, 'result', (v, p) => (isJsonObject(v) ? v : this.fail(p, 'bad-type', 'expected an object (the merged version)')));
    const changes = this.required(value, path, 'changes', (v, p) =>
      this.list(v, p, (change, q) => {
        if (!isJsonObject(change)) return this.fail(q, 'bad-type', 'expected an object {attribute, from}');
        const attribute = this.required(change, q, 'attribute', (a, r) => this.string(a, r));
        type From = NonNullable<ReportPrompt['attributeMerge']>['changes'][number]['from'];
        const from = this.required(change, q, 'from', (f, r): From | undefined =>
          f === 'customized' || f === 'sourceBase' || f === 'both' || f === 'text-merge'
            ? f
            : this.fail(r, 'bad-value', 'expected one of customized, sourceBase, both, text-merge'),
        );
        return attribute === undefined || from === undefined ? undefined : { attribute, from };
      }),
    );
    if (result === undefined || changes === undefined) return undefined;
    return { result, changes };
  }

  private readAnswer(value: Json, path: Path): Answer | null | undefined {
    if (value === null || value === 'keep' || value === 'replace' || value === 'remove' || value === 'merge') return value;
    if (isJsonObject(value) && Object.keys(value).length === 1 && Object.hasOwn(value, 'edit')) return { edit: value.edit };
    return this.fail(path, 'bad-value', 'expected null, "keep", "replace", "remove", "merge" or {"edit": VALUE}');
  }

  private readTextMerge(value: Json, path: Path): ReportPrompt['textMerge'] {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'expected an object {clean, text, conflicts}');
    const clean = this.required(value, path, 'clean', (v, p) => (typeof v === 'boolean' ? v : this.fail(p, 'bad-type', 'expected true or false')));
    const text = this.required(value, path, 'text', (v, p) => this.string(v, p));
    const conflicts = this.required(value, path, 'conflicts', (v, p) =>
      typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(p, 'bad-type', 'expected a count (an integer, 0 or more)'),
    );
    if (clean === undefined || text === undefined || conflicts === undefined) return undefined;
    return { clean, text, conflicts };
  }

  private readWarning(value: Json, path: Path): ReportWarning | undefined {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'a warning is an object');
    const code = this.required(value, path, 'code', (v, p) => this.string(v, p));
    const message = this.required(value, path, 'message', (v, p) => this.string(v, p));
    const file = this.required(value, path, 'file', (v, p) => this.string(v, p));
    const id = this.optional(value, path, 'id', (v, p) => this.string(v, p));
    if (code === undefined || message === undefined || file === undefined) return undefined;
    return id === undefined ? { code, message, file } : { code, message, file, id };
  }

  private readProblem(value: Json, path: Path): Problem | undefined {
    if (!isJsonObject(value)) return this.fail(path, 'bad-type', 'a problem is an object');
    const code = this.required(value, path, 'code', (v, p) => this.string(v, p));
    const file = this.required(value, path, 'file', (v, p) => this.string(v, p));
    const pointer = this.required(value, path, 'pointer', (v, p) => this.string(v, p));
    const message = this.required(value, path, 'message', (v, p) => this.string(v, p));
    if (code === undefined || file === undefined || pointer === undefined || message === undefined) return undefined;
    return { code, file, pointer, message };
  }

  /** The values a decision or prompt carries, in the order given; each must be present (`null` when absent). */
  private readValues<K extends string>(value: JsonObject, path: Path, keys: readonly K[]): Record<K, Json> | undefined {
    const values = {} as Record<K, Json>;
    let ok = true;
    for (const key of keys) {
      if (Object.hasOwn(value, key)) values[key] = value[key];
      else {
        this.fail([...path, key], 'missing-key', `"${key}" is required (null when absent)`);
        ok = false;
      }
    }
    return ok ? values : undefined;
  }

  private checkUniqueIds(prompts: readonly ReportPrompt[]): void {
    const seen = new Set<string>();
    prompts.forEach((prompt, index) => {
      if (seen.has(prompt.id)) this.fail(['prompts', index, 'id'], 'duplicate-id', `prompt id "${prompt.id}" appears more than once`);
      seen.add(prompt.id);
    });
  }

  private required<T>(object: JsonObject, path: Path, key: string, read: (value: Json, path: Path) => T | undefined): T | undefined {
    if (!Object.hasOwn(object, key)) return this.fail([...path, key], 'missing-key', `"${key}" is required`);
    return read(object[key], [...path, key]);
  }

  private optional<T>(object: JsonObject, path: Path, key: string, read: (value: Json, path: Path) => T | undefined): T | undefined {
    return Object.hasOwn(object, key) ? read(object[key], [...path, key]) : undefined;
  }

  private list<T>(value: Json, path: Path, read: (item: Json, path: Path) => T | undefined): T[] | undefined {
    if (!Array.isArray(value)) return this.fail(path, 'bad-type', 'expected a list');
    const items: T[] = [];
    let ok = true;
    value.forEach((item, index) => {
      const read_ = read(item, [...path, index]);
      if (read_ === undefined) ok = false;
      else items.push(read_);
    });
    return ok ? items : undefined;
  }

  private string(value: Json, path: Path): string | undefined {
    return typeof value === 'string' ? value : this.fail(path, 'bad-type', 'expected a string');
  }

  private fail(path: Path, code: string, message: string): undefined {
    this.problems.push({ code, file: this.file, pointer: jsonPointer(path), message });
    return undefined;
  }
}
