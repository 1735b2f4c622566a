import type { Analysis, Answer, Choice, Prompt } from './analysis.js';
import { CarryoverBug } from './bug.js';
import type { Json } from './json.js';
import { isJsonObject, jsonPointer } from './json.js';
import { baseScopeOf } from './layout.js';
import type { Configuration } from './model.js';
import { objectId, parseVersionId, splitId } from './ids.js';
import type { Options } from './options.js';
import { parseJson } from './parseJson.js';
import type { Problem } from './problems.js';
import { compareStrings } from './problems.js';
import { promptValuesKey } from './promptKey.js';
import { PROMPT_CHOICES } from './report/report.js';

/** The `format` of a pending index (docs/sessions.md, "Pending prompts (phase 1 and phase 2)"). */
export const PENDING_FORMAT = 'carryover-pending/1';

/** Where the pending state lives, relative to the Target's `.carryover/` folder. */
export const PENDING_FOLDER = 'pending';
/** The index, relative to the Target's `.carryover/` folder. */
export const PENDING_INDEX = `${PENDING_FOLDER}/pending.json`;
/** The saved old target bases (a configuration folder of their own), relative to the Target's `.carryover/` folder. */
export const PENDING_BASES = `${PENDING_FOLDER}/base`;

/** One prompt of a deferred version, with what phase 2 needs to ask it again and to check it. */
export interface PendingPrompt {
  id: string;
  question: string;
  choices: Choice[];
  customized: Json | null;
  targetBase: Json | null;
  sourceBase: Json | null;
  /** `promptValuesKey` of the three values: phase 2 asks only while the recomputed prompt has it. */
  key: string;
  /** An answer already given (phase 1's `--answers`, or an interrupted phase 2), or `null`. */
  answer: Answer | null;
}

/** One version phase 1 left as it was because a person must answer some of its prompts. */
export interface PendingVersion {
  /** The version id, `<object>@<scope>`. */
  id: string;
  /** The customized version's file, relative to the Target. */
  path: string;
  /** The old target base's file, relative to the Target (saved under `.carryover/pending/base/`). */
  base: string;
  prompts: PendingPrompt[];
}

/** `.carryover/pending/pending.json`: what phase 1 deferred (docs/sessions.md). */
export interface PendingIndex {
  format: typeof PENDING_FORMAT;
  /** The Source of phase 1, absolute. */
  source: string;
  /** When phase 1 ran (ISO 8601, UTC). */
  time: string;
  /** The resolved options phase 1 ran with: phase 2 merges with the same. */
  options: Json;
  /** Sorted by id. */
  versions: PendingVersion[];
}

/** The number of prompts of an index still without an answer. */
export function openPromptCount(index: PendingIndex): number {
  return index.versions.reduce((sum, version) => sum + version.prompts.filter((p) => p.answer === null).length, 0);
}

/** The number of prompts of an index, answered or not. */
export function pendingPromptCount(index: PendingIndex): number {
  return index.versions.reduce((sum, version) => sum + version.prompts.length, 0);
}

/** The versions with at least one unanswered prompt: the ones phase 1 defers (sorted). */
export function deferredVersions(analysis: Pick<Analysis, 'prompts'>): string[] {
  const ids = new Set<string>();
  for (const prompt of analysis.prompts) if (prompt.answer === null) ids.add(splitId(prompt.id).version);
  return [...ids].sort(compareStrings);
}

/**
 * Builds the index of phase 1 from its analysis (computed with `leave` = the deferred versions):
 * each deferred version with every one of its prompts (answered ones keep their answer, so phase
 * 2 does not ask them again), the three values and their key. `target` is the Target as it was
 * before phase 1 (where the old bases are).
 */
export function buildPendingIndex(input: {
  analysis: Pick<Analysis, 'prompts'>;
  deferred: readonly string[];
  target: Configuration;
  options: Options;
  source: string;
  time: string;
}): PendingIndex {
  const byVersion = new Map<string, Prompt[]>();
  for (const prompt of input.analysis.prompts) {
    const version = splitId(prompt.id).version;
    const list = byVersion.get(version);
    if (list) list.push(prompt);
    else byVersion.set(version, [prompt]);
  }
  const filesById = new Map<string, string>();
  for (const file of input.target.files.values()) filesById.set(`${objectId(file.object)}@${file.scope}`, file.path);
  const versions = [...input.deferred].sort(compareStrings).map((id): PendingVersion => {
    const parsed = parseVersionId(id);
    const path = filesById.get(id);
    const baseScope = parsed === null ? null : baseScopeOf(parsed.scope, input.options.baseLevel, input.target.meta.groups ?? {});
    const base = parsed === null || baseScope === null ? undefined : filesById.get(`${objectId(parsed.object)}@${baseScope}`);
    // Prompts are raised only for a customized version whose Target has a base (docs/merge-behaviour.md).
    if (path === undefined || base === undefined) throw new CarryoverBug(`pending version ${id} has no file or no target base in the Target`);
    return {
      id,
      path,
      base,
      prompts: (byVersion.get(id) ?? []).map((p) => ({
        id: p.id,
        question: p.question,
        choices: [...p.choices],
        customized: p.customized,
        targetBase: p.targetBase,
        sourceBase: p.sourceBase,
        key: promptValuesKey(p),
        answer: p.answer,
      })),
    };
  });
  return { format: PENDING_FORMAT, source: input.source, time: input.time, options: input.options as unknown as Json, versions };
}

/** The index as its file holds it: fixed key order, two-space indent, final line break (same index, same bytes). */
export function serializePendingIndex(index: PendingIndex): string {
  const ordered = {
    format: index.format,
    source: index.source,
    time: index.time,
    options: index.options,
    versions: index.versions.map((v) => ({
      id: v.id,
      path: v.path,
      base: v.base,
      prompts: v.prompts.map((p) => ({
        id: p.id,
        question: p.question,
        choices: p.choices,
        customized: p.customized,
        targetBase: p.targetBase,
        sourceBase: p.sourceBase,
        key: p.key,
        answer: p.answer,
      })),
    })),
  };
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** The index with the answers given so far recorded on its prompts (an interrupted phase 2). */
export function withAnswers(index: PendingIndex, answers: ReadonlyMap<string, Answer>): PendingIndex {
  return {
    ...index,
    versions: index.versions.map((v) => ({ ...v, prompts: v.prompts.map((p) => ({ ...p, answer: answers.get(p.id) ?? p.answer })) })),
  };
}

/** The result of {@link parsePendingIndex}. */
export type ParsePendingIndexResult = { ok: true; index: PendingIndex } | { ok: false; problems: Problem[] };

/**
 * Reads a pending index, checking its whole shape: a problem names the file, the JSON pointer and
 * what is wrong, and every problem is listed (docs/sessions.md).
 */
export function parsePendingIndex(text: string, file: string): ParsePendingIndexResult {
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: Problem[] = [];
  const report = (tokens: readonly (string | number)[], message: string): void => {
    problems.push({ code: 'bad-pending-index', file, pointer: jsonPointer(tokens), message });
  };
  const doc = parsed.value;
  if (!isJsonObject(doc)) {
    report([], 'a pending index must be an object');
    return { ok: false, problems };
  }
  if (doc['format'] !== PENDING_FORMAT) report(['format'], `format must be "${PENDING_FORMAT}"`);
  for (const key of ['source', 'time'] as const) if (typeof doc[key] !== 'string') report([key], `${key} must be a string`);
  if (!isJsonObject(doc['options'])) report(['options'], 'options must be an object');
  const versions: PendingVersion[] = [];
  const list = doc['versions'];
  if (!Array.isArray(list)) report(['versions'], 'versions must be an array');
  else {
    list.forEach((v, i) => {
      if (!isJsonObject(v)) return report(['versions', i], 'a pending version must be an object');
      for (const key of ['id', 'path', 'base'] as const) if (typeof v[key] !== 'string') report(['versions', i, key], `${key} must be a string`);
      if (typeof v['id'] === 'string' && parseVersionId(v['id']) === null) report(['versions', i, 'id'], `${JSON.stringify(v['id'])} is not a version id`);
      const prompts: PendingPrompt[] = [];
      const raw = v['prompts'];
      if (!Array.isArray(raw)) report(['versions', i, 'prompts'], 'prompts must be an array');
      else {
        raw.forEach((p, j) => {
          const at = ['versions', i, 'prompts', j];
          if (!isJsonObject(p)) return report(at, 'a pending prompt must be an object');
          for (const key of ['id', 'question', 'key'] as const) if (typeof p[key] !== 'string') report([...at, key], `${key} must be a string`);
          const choices = p['choices'];
          if (!Array.isArray(choices) || !choices.every((c) => typeof c === 'string' && (PROMPT_CHOICES as readonly string[]).includes(c))) {
            report([...at, 'choices'], `choices must be an array of ${PROMPT_CHOICES.join(', ')}`);
          }
          for (const key of ['customized', 'targetBase', 'sourceBase'] as const) if (!Object.hasOwn(p, key)) report([...at, key], `${key} is missing`);
          const answer = p['answer'];
          const answerOk =
            answer === null ||
            (typeof answer === 'string' && ['keep', 'replace', 'remove', 'merge'].includes(answer)) ||
            (isJsonObject(answer) && Object.keys(answer).length === 1 && Object.hasOwn(answer, 'edit'));
          if (!answerOk) report([...at, 'answer'], 'answer must be null, "keep", "replace", "remove", "merge" or {"edit": VALUE}');
          prompts.push({
            id: String(p['id']),
            question: String(p['question']),
            choices: (Array.isArray(choices) ? choices : []) as Choice[],
            customized: p['customized'] ?? null,
            targetBase: p['targetBase'] ?? null,
            sourceBase: p['sourceBase'] ?? null,
            key: String(p['key']),
            answer: answerOk ? (answer as Answer | null) : null,
          });
        });
      }
      versions.push({ id: String(v['id']), path: String(v['path']), base: String(v['base']), prompts });
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    index: { format: PENDING_FORMAT, source: doc['source'] as string, time: doc['time'] as string, options: doc['options'] as Json, versions },
  };
}
