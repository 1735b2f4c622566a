import type { Json, JsonObject, KeyOrder } from './json.js';
import type { Problem } from './problems.js';
import type { DiffAlgorithm } from './textMerge/index.js';

/** What happened to one thing (docs/cli.md, "Report"). */
export type DecisionAction =
  | 'kept-customization'
  | 'took-source'
  | 'added'
  | 'removed'
  | 'left-untouched'
  | 'edited'
  | 'merged-text'
  | 'dropped-redundant'
  | 'phantom'
  | 'replaced-base'
  | 'kept-base'
  | 'deleted-base';

/**
 * One decision: what happened to one thing, with the rule that decided it.
 * Values are the JSON values at the decision's path; `null` where absent or (for whole base
 * versions, which can be large) not repeated in the report.
 */
export interface Decision {
  /** Stable id, `<object>@<scope>[/<path>]` (docs/merge-behaviour.md, "Ids"). */
  id: string;
  action: DecisionAction;
  /** Which rule decided, as a sentence: "vendor did not change caption; customization kept". */
  reason: string;
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  result: Json | null;
}

/** An answer to a prompt (docs/cli.md, "Answers file"). */
export type Answer = 'keep' | 'replace' | 'remove' | 'merge' | { edit: Json };

/** The answers a prompt offers. `edit` is answered as `{ "edit": VALUE }`. */
export type Choice = 'keep' | 'replace' | 'remove' | 'merge' | 'edit';

/** A question the rules cannot answer. */
export interface Prompt {
  id: string;
  /** What is being asked, as a sentence. */
  question: string;
  choices: Choice[];
  /** The answer given (answers file, `--answer`, the terminal, the app), or `null`. */
  answer: Answer | null;
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  /**
   * For text values with `merge.textMerge`: the three-way merge of the three texts. `clean` says
   * whether it merged without conflicts; `text` is the merged text (with conflict markers when not).
   */
  textMerge?: { clean: boolean; text: string; conflicts: number };
  /**
   * For a prompt about text (a form script, a string with a line break, the `code` of a `scripts`
   * global; docs/merge-behaviour.md, "Equality and phantom changes"): the three texts, an absent side as `''`. Core
   * decides what is text; the app's text views and merge editor read this and decide nothing.
   */
  texts?: PromptTexts;
  /**
   * For a global object whose attributes merge one by one without overlap (docs/merge-behaviour.md,
   * "Merging a global object's attributes"): what the answer `merge` gives, and whose change each
   * changed attribute carries. Absent for `scripts` globals, whose `merge` is described by `textMerge`.
   */
  attributeMerge?: PromptAttributeMerge;
}

/** The merged version a global object's `merge` answer gives, with the attributes it changed. */
export interface PromptAttributeMerge {
  /** The whole merged version (the customized version's name and `$schema`, the merged attributes). */
  result: JsonObject;
  /** Each attribute whose merged value differs from the target base, in the result's key order. */
  changes: { attribute: string; from: 'customized' | 'sourceBase' | 'both' | 'text-merge' }[];
}

/** The three texts of a prompt about text. */
export interface PromptTexts {
  customized: string;
  targetBase: string;
  sourceBase: string;
  /** The line matching core merges them with (the options' `merge.diffAlgorithm`): the app's editor merges with the same. */
  diffAlgorithm: DiffAlgorithm;
}

/** A warning: something a reviewer should look at, that did not stop the merge. */
export interface Warning {
  /** Stable code, e.g. `logical-duplicate`, `broken-link`, `shadows-source-base`. */
  code: string;
  message: string;
  /** The configuration file it concerns (relative path, prefixed `source:` or `target:` when ambiguous), or `''`. */
  file: string;
  /** The id of the version it concerns, when there is one. */
  id?: string;
}

/** What the merged Target holds at one path. */
export type OutputFile =
  /** The Target's file, byte for byte. */
  | { kind: 'target' }
  /** The Source's file at the same path, byte for byte. */
  | { kind: 'source' }
  /**
   * A new or changed document, serialized deterministically; `keyOrder` (when `doc` has objects
   * with integer-like keys) is their order, as data, for a writer in another thread.
   */
  | { kind: 'write'; doc: JsonObject; keyOrder?: KeyOrder };

/**
 * The merged Target as a map from relative path to content. A Target file whose path is not in the
 * map is deleted. `configuration.json` is always `{ kind: 'target' }`.
 */
export type OutputPlan = Map<string, OutputFile>;

/** Counts at the top of every report. */
export interface Summary {
  decisions: number;
  prompts: number;
  answered: number;
  unanswered: number;
  warnings: number;
}

/** The result of analysing (and, once every prompt is answered, applying) a synchronization. */
export interface Analysis {
  decisions: Decision[];
  prompts: Prompt[];
  warnings: Warning[];
  /** Options a protected Target refuses, each named by its dotted path (empty when allowed). */
  refused: Problem[];
  /** Answers that do not fit their prompt (invalid input: exit 3). */
  answerProblems: Problem[];
  summary: Summary;
  /** The merged Target; `null` while a prompt is unanswered or an answer is invalid. */
  plan: OutputPlan | null;
}
