import type { Decision } from '../analysis.js';
import { strictEqual } from '../equivalence.js';
import { isJsonObject, type Json, type JsonObject } from '../json.js';
import { versionPath, type ConfigurationMeta, type ObjectRef, type ScopeId, type VersionFile } from '../model.js';
import { parseVersionId, splitId } from '../ids.js';
import { isValidName } from '../names.js';
import type { Problem } from '../problems.js';
import { serializeDocument } from '../serialize.js';
import { validateConfiguration, type ConfigurationEntry } from '../validateConfiguration.js';

/**
 * The Target's record of its last in-place commit, `.carryover/last-commit.json`: what `undo`
 * reads (docs/utilities.md, "undo").
 */
export interface CommitRecord {
  format: 'carryover-last-commit/1';
  /** When the commit was written (ISO 8601, UTC). */
  time: string;
  /** The backup made before the commit, absolute, and relative to the Target. */
  backup: string;
  backupRelative: string;
  /** Every decision of the commit. */
  decisions: Decision[];
  /** The version files the commit changed: SHA-256 (hex) of the bytes it wrote, `null` where it deleted the file. */
  files: Record<string, string | null>;
  /** Decisions undone since, in order. */
  undone: { id: string; time: string; backup: string }[];
}

/** Where the last in-place commit is recorded, relative to the Target. */
export const LAST_COMMIT_PATH = '.carryover/last-commit.json';

/** Parses a commit record, or says why it cannot be used. */
export function parseCommitRecord(text: string): CommitRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `it is not JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isJsonObject(value as Json) || (value as JsonObject)['format'] !== 'carryover-last-commit/1') return 'its format is not carryover-last-commit/1';
  const record = value as unknown as CommitRecord;
  if (typeof record.backup !== 'string' || !Array.isArray(record.decisions) || !isJsonObject(record.files as unknown as Json) || !Array.isArray(record.undone)) {
    return 'it lacks backup, decisions, files or undone';
  }
  return record;
}

/** What undoing one decision changes in the Target. */
export type UndoChange =
  /** Put the backup's file back, byte for byte. */
  | { kind: 'restore-file'; path: string }
  /** Delete the file (the commit added it). */
  | { kind: 'delete-file'; path: string }
  /** Write the version with one value put back. */
  | { kind: 'write'; path: string; doc: JsonObject };

/** What {@link planUndo} reads. */
export interface UndoInput {
  decisionId: string;
  record: CommitRecord;
  meta: ConfigurationMeta;
  /** The version file as it is now in the Target (`undefined`: there is none). */
  current: VersionFile | undefined;
  /** The version file in the backup made before the commit. */
  before: VersionFile | undefined;
  /** True when the version file's bytes are still those the commit wrote (or it is still deleted). */
  fileUnchanged: boolean;
}

/** The change, with a sentence saying what it does, or the reason undo is refused. */
export type UndoPlan = { ok: true; change: UndoChange; summary: string } | { ok: false; reason: string; problems?: Problem[] };

/** The thing a decision id names: the version's object, scope and file, and the path inside it. */
export function parseDecisionId(id: string): { object: ObjectRef; scope: ScopeId; file: string; path: string[] } | null {
  const split = splitId(id);
  const version = parseVersionId(split.version);
  if (version === null) return null;
  const { object, scope } = version;
  if ((scope.startsWith('group:') || scope.startsWith('user:')) && !isValidName(scope.slice(scope.indexOf(':') + 1))) return null;
  if (object.kind !== 'explorer' && !isValidName(object.name)) return null;
  const path = id === split.version ? [] : split.path.split('/');
  if (path.some((segment) => segment === '')) return null;
  return { object, scope, file: versionPath(scope, object), path };
}

/**
 * Plans undoing one decision of the last in-place commit (`carryover undo`, docs/utilities.md):
 * puts back, from the backup made before the commit, the one thing the decision changed (a value
 * inside a version, or a whole version file), leaving every other decision in place. Refused, with
 * the reason, when the decision is unknown or already undone, when it changed nothing, when the
 * thing was changed again since the commit, or when the version would no longer be valid.
 */
export function planUndo(input: UndoInput): UndoPlan {
  const { decisionId, record, current, before } = input;
  const decision = record.decisions.find((d) => d.id === decisionId);
  if (decision === undefined) return { ok: false, reason: `the last in-place commit (${record.time}) made no decision ${decisionId}` };
  const undone = record.undone.find((u) => u.id === decisionId);
  if (undone !== undefined) return { ok: false, reason: `${decisionId} was already undone at ${undone.time}` };
  const target = parseDecisionId(decisionId);
  if (target === null) return { ok: false, reason: `${decisionId} names no version of a configuration` };
  const { file, path } = target;

  if (path.length === 0) {
    if (!Object.hasOwn(record.files, file)) return { ok: false, reason: `${decisionId} (${decision.action}) did not change ${file}: there is nothing to undo` };
    if (!input.fileUnchanged) return { ok: false, reason: `${file} was changed again since the commit of ${record.time}; undoing ${decisionId} would lose that change` };
    if (before !== undefined) return { ok: true, change: { kind: 'restore-file', path: file }, summary: `${file} restored from the backup` };
    if (current === undefined) return { ok: false, reason: `${decisionId} (${decision.action}): ${file} is absent both before and after the commit; there is nothing to undo` };
    return { ok: true, change: { kind: 'delete-file', path: file }, summary: `${file} deleted (the commit added it)` };
  }

  if (current === undefined) return { ok: false, reason: `${file} no longer exists; undo the whole version's decision or roll back instead` };
  const now = valueAt(current.doc, path);
  const committed = decision.result;
  const unchanged = committed === null ? now === undefined || now === null : strictEqual(now, committed);
  if (!unchanged) return { ok: false, reason: `${decisionId} was changed again since the commit of ${record.time}; undoing it would lose that change` };
  const previous = before === undefined ? undefined : valueAt(before.doc, path);
  if (strictEqual(previous, now)) return { ok: false, reason: `${decisionId} (${decision.action}) did not change the value: there is nothing to undo` };
  const doc = withValue(current.doc, path, previous, before?.doc);
  if (doc === null) return { ok: false, reason: `${decisionId}: ${path.slice(0, -1).join('/')} no longer exists in ${file}` };
  const problems = revalidate(input.meta, file, doc);
  if (problems.length > 0) return { ok: false, reason: `undoing ${decisionId} would leave ${file} invalid`, problems };
  const summary = previous === undefined ? `${decisionId} removed (it was absent before the commit)` : `${decisionId} restored to its value before the commit`;
  return { ok: true, change: { kind: 'write', path: file, doc }, summary };
}

/** The value at a path inside a document, `undefined` when absent. */
export function valueAt(doc: JsonObject, path: readonly string[]): Json | undefined {
  let value: Json | undefined = doc;
  for (const segment of path) {
    if (!isJsonObject(value ?? null) || !Object.hasOwn(value as JsonObject, segment)) return undefined;
    value = (value as JsonObject)[segment];
  }
  return value;
}

/**
 * A copy of `doc` with the value at `path` set (or removed when `value` is undefined). A key put
 * back goes after the key that preceded it in `before`, so the order read is kept where possible.
 * `null` when a parent on the path is missing (other than a top-level section, which is created).
 */
function withValue(doc: JsonObject, path: readonly string[], value: Json | undefined, before: JsonObject | undefined): JsonObject | null {
  const [head, ...rest] = path;
  const existing = Object.hasOwn(doc, head) ? doc[head] : undefined;
  let next: Json | undefined;
  if (rest.length === 0) next = value;
  else {
    const beforeChild = before !== undefined && isJsonObject(before[head] ?? null) ? (before[head] as JsonObject) : undefined;
    if (existing === undefined && path.length === 2) next = withValue({}, rest, value, beforeChild) ?? undefined;
    else if (!isJsonObject(existing ?? null)) return null;
    else {
      const child = withValue(existing as JsonObject, rest, value, beforeChild);
      if (child === null) return null;
      next = child;
    }
  }
  return setKey(doc, head, next, before === undefined ? [] : Object.keys(before));
}

function setKey(object: JsonObject, key: string, value: Json | undefined, beforeOrder: readonly string[]): JsonObject {
  const keys = Object.keys(object);
  if (value !== undefined && !keys.includes(key)) {
    const index = beforeOrder.indexOf(key);
    const previous = index > 0 ? beforeOrder.slice(0, index).reverse().find((k) => keys.includes(k)) : undefined;
    keys.splice(previous === undefined ? (index === 0 ? 0 : keys.length) : keys.indexOf(previous) + 1, 0, key);
  }
  const result: JsonObject = {};
  for (const k of keys) {
    const v = k === key ? value : object[k];
    if (v !== undefined) Object.defineProperty(result, k, { value: v, enumerable: true, writable: true, configurable: true });
  }
  return result;
}

/** Validates one version as `validateConfiguration` would, inside a configuration holding only it. */
function revalidate(meta: ConfigurationMeta, file: string, doc: JsonObject): Problem[] {
  const entries: ConfigurationEntry[] = [{ path: 'configuration.json', kind: 'file', text: JSON.stringify(meta) }];
  const segments = file.split('/');
  for (let i = 1; i < segments.length; i++) entries.push({ path: segments.slice(0, i).join('/'), kind: 'directory' });
  entries.push({ path: file, kind: 'file', text: serializeDocument(doc) });
  const result = validateConfiguration('', entries);
  return result.ok ? [] : result.problems;
}
