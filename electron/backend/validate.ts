/**
 * Payload validation for the API: every request that crosses IPC or HTTP is untrusted until it
 * passes its channel's validator. A validator returns the typed request or throws
 * `InvalidRequest`, which `dispatch` turns into `{ ok: false, error: { code: 'invalid-request' } }`.
 */
import type { Answer } from '../../core/analysis.js';
import type { Json } from '../../core/json.js';
import type { AnswerMap, Channel, CommitTarget, FolderPurpose, RequestOf, UtilityFilter } from '../contract.js';

/** A request that does not have its channel's shape. Never leaves the back end as a throw. */
export class InvalidRequest extends Error {
  constructor(
    readonly at: string,
    readonly expected: string,
  ) {
    super(`${at || 'request'}: expected ${expected}`);
    this.name = 'InvalidRequest';
  }
}

/** Longest path accepted (generous: Windows long paths are 32,767 UTF-16 units). */
export const MAX_PATH_LENGTH = 32_767;
/** Largest text accepted in one request (an options file, a report, an edited script). */
export const MAX_TEXT_LENGTH = 64 * 1024 * 1024;
/** Most answers in one request. */
export const MAX_ANSWERS = 1_000_000;
/** Deepest JSON accepted inside an answer. */
const MAX_JSON_DEPTH = 64;

type Obj = Record<string, unknown>;

function object(value: unknown, at: string, keys: readonly string[], optional: readonly string[] = []): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(at, 'an object');
  const allowed = new Set([...keys, ...optional]);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) throw new InvalidRequest(`${at}/${key}`, 'no such key');
  }
  for (const key of keys) {
    if (!Object.hasOwn(value, key)) throw new InvalidRequest(`${at}/${key}`, 'a value');
  }
  return value as Obj;
}

function string(value: unknown, at: string, max = MAX_TEXT_LENGTH): string {
  if (typeof value !== 'string') throw new InvalidRequest(at, 'a string');
  if (value.length > max) throw new InvalidRequest(at, `at most ${max} characters`);
  return value;
}

function path(value: unknown, at: string): string {
  const text = string(value, at, MAX_PATH_LENGTH);
  if (text.length === 0) throw new InvalidRequest(at, 'a non-empty path');
  if (text.includes('\0')) throw new InvalidRequest(at, 'a path without NUL characters');
  return text;
}

function boolean(value: unknown, at: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidRequest(at, 'true or false');
  return value;
}

function oneOf<T extends string>(value: unknown, at: string, options: readonly T[]): T {
  if (typeof value !== 'string' || !(options as readonly string[]).includes(value)) {
    throw new InvalidRequest(at, `one of ${options.join(', ')}`);
  }
  return value as T;
}

function empty(value: unknown, at: string): Record<string, never> {
  // `undefined` is what a call without argument sends over IPC.
  if (value === undefined) return {};
  object(value, at, []);
  return {};
}

/** Checks that `value` is plain JSON (no undefined, functions, non-finite numbers, cycles, depth bomb). */
export function json(value: unknown, at: string, depth = 0): Json {
  if (depth > MAX_JSON_DEPTH) throw new InvalidRequest(at, `JSON at most ${MAX_JSON_DEPTH} levels deep`);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidRequest(at, 'a finite number');
    return value;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => json(item, `${at}/${i}`, depth + 1));
    return value as Json;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [key, item] of Object.entries(value)) json(item, `${at}/${key}`, depth + 1);
    return value as Json;
  }
  throw new InvalidRequest(at, 'a JSON value');
}

function answer(value: unknown, at: string): Answer {
  if (value === 'keep' || value === 'replace' || value === 'remove' || value === 'merge') return value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const o = object(value, at, ['edit']);
    return { edit: json(o.edit, `${at}/edit`) };
  }
  throw new InvalidRequest(at, 'keep, replace, remove, merge or {"edit": value}');
}

/** Validates an answer map: prompt id → answer. */
export function answers(value: unknown, at: string): AnswerMap {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(at, 'an object');
  const entries = Object.entries(value);
  if (entries.length > MAX_ANSWERS) throw new InvalidRequest(at, `at most ${MAX_ANSWERS} answers`);
  const result: AnswerMap = {};
  for (const [id, item] of entries) {
    string(id, `${at}/${id}`, 4096);
    Object.defineProperty(result, id, { value: answer(item, `${at}/${id}`), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

function jobId(value: unknown, at: string): string {
  const text = string(value, at, 64);
  if (!/^[A-Za-z0-9-]+$/.test(text)) throw new InvalidRequest(at, 'a job id');
  return text;
}

function commitTarget(value: unknown, at: string): CommitTarget {
  const mode = oneOf(object(value, at, ['mode'], ['outDir', 'backupDir']).mode, `${at}/mode`, ['new-folder', 'in-place']);
  if (mode === 'new-folder') {
    const o = object(value, at, ['mode', 'outDir']);
    return { mode, outDir: path(o.outDir, `${at}/outDir`) };
  }
  const o = object(value, at, ['mode'], ['backupDir']);
  return o.backupDir === undefined ? { mode } : { mode, backupDir: path(o.backupDir, `${at}/backupDir`) };
}

const PURPOSES: readonly FolderPurpose[] = ['source', 'target', 'output', 'backup'];

/**
 * Options are validated twice: here for their outer shape (an object of JSON), then by core's
 * `parseOptions`, the same validation an options file gets.
 */
function optionsShape(value: unknown, at: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(at, 'an options object');
  json(value, at);
  return value as Obj;
}

function utilityFilter(value: unknown, at: string): UtilityFilter {
  const o = object(value, at, ['kind', 'type', 'name', 'scope', 'scopeName']);
  const field = (key: keyof UtilityFilter) => string(o[key], `${at}/${key}`, 64 * 1024);
  return { kind: field('kind'), type: field('type'), name: field('name'), scope: field('scope'), scopeName: field('scopeName') };
}

function copyAnswers(value: unknown, at: string): Record<string, 'keep' | 'replace'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InvalidRequest(at, 'an object');
  const result: Record<string, 'keep' | 'replace'> = {};
  for (const [id, item] of Object.entries(value)) {
    string(id, `${at}/${id}`, 4096);
    Object.defineProperty(result, id, { value: oneOf(item, `${at}/${id}`, ['keep', 'replace']), enumerable: true, writable: true, configurable: true });
  }
  return result;
}

type Validators = { [C in Channel]: (payload: unknown) => RequestOf<C> };

/** One validator per channel. Options come back shape-checked only: see `optionsShape`. */
export const validators: Validators = {
  'app:info': (p) => empty(p, ''),
  'folders:pick': (p) => {
    const o = object(p, '', ['purpose'], ['path']);
    const purpose = oneOf(o.purpose, '/purpose', PURPOSES);
    return o.path === undefined ? { purpose } : { purpose, path: path(o.path, '/path') };
  },
  'folders:complete': (p) => ({ partial: string(object(p, '', ['partial']).partial, '/partial', MAX_PATH_LENGTH) }),
  'configurations:open': (p) => {
    const o = object(p, '', ['source', 'target']);
    return { source: path(o.source, '/source'), target: path(o.target, '/target') };
  },
  'configurations:openSample': (p) => empty(p, ''),
  'configurations:recent': (p) => empty(p, ''),
  'options:parse': (p) => {
    const o = object(p, '', ['text', 'file']);
    return { text: string(o.text, '/text'), file: string(o.file, '/file', MAX_PATH_LENGTH) };
  },
  'options:check': (p) => {
    const o = object(p, '', ['options']);
    return { options: optionsShape(o.options, '/options') as never };
  },
  'analysis:start': (p) => {
    const o = object(p, '', ['options', 'allowDestructive']);
    return { options: optionsShape(o.options, '/options') as never, allowDestructive: boolean(o.allowDestructive, '/allowDestructive') };
  },
  'analysis:result': (p) => ({ jobId: jobId(object(p, '', ['jobId']).jobId, '/jobId') }),
  'analysis:version': (p) => ({ versionId: string(object(p, '', ['versionId']).versionId, '/versionId', 4096) }),
  'analysis:versionResult': (p) => {
    const o = object(p, '', ['versionId', 'answers']);
    return { versionId: string(o.versionId, '/versionId', 4096), answers: answers(o.answers, '/answers') };
  },
  'analysis:warnings': (p) => ({ answers: answers(object(p, '', ['answers']).answers, '/answers') }),
  'jobs:status': (p) => ({ jobId: jobId(object(p, '', ['jobId']).jobId, '/jobId') }),
  'jobs:cancel': (p) => ({ jobId: jobId(object(p, '', ['jobId']).jobId, '/jobId') }),
  'commit:start': (p) => {
    const o = object(p, '', ['target', 'answers', 'allowDestructive']);
    return { target: commitTarget(o.target, '/target'), answers: answers(o.answers, '/answers'), allowDestructive: boolean(o.allowDestructive, '/allowDestructive') };
  },
  'commit:result': (p) => ({ jobId: jobId(object(p, '', ['jobId']).jobId, '/jobId') }),
  'commit:rollback': (p) => empty(p, ''),
  'report:export': (p) => {
    const o = object(p, '', ['format', 'answers']);
    return { format: oneOf(o.format, '/format', ['html', 'json']), answers: answers(o.answers, '/answers') };
  },
  'report:last': (p) => empty(p, ''),
  'upgrade:open': (p) => empty(p, ''),
  'report:open': (p) => {
    const o = object(p, '', ['text', 'file']);
    return { text: string(o.text, '/text'), file: string(o.file, '/file', MAX_PATH_LENGTH) };
  },
  'utilities:list': (p) => {
    const o = object(p, '', ['side', 'filter']);
    return { side: oneOf(o.side, '/side', ['source', 'target']), filter: utilityFilter(o.filter, '/filter') };
  },
  'utilities:check': (p) => ({ side: oneOf(object(p, '', ['side']).side, '/side', ['source', 'target']) }),
  'utilities:copy': (p) => {
    const o = object(p, '', ['filter', 'answers', 'allowDestructive']);
    return { filter: utilityFilter(o.filter, '/filter'), answers: copyAnswers(o.answers, '/answers'), allowDestructive: boolean(o.allowDestructive, '/allowDestructive') };
  },
  'utilities:remove': (p) => {
    const o = object(p, '', ['filter', 'confirmed', 'allowDestructive']);
    return { filter: utilityFilter(o.filter, '/filter'), confirmed: boolean(o.confirmed, '/confirmed'), allowDestructive: boolean(o.allowDestructive, '/allowDestructive') };
  },
  'commit:undo': (p) => ({ decisionId: string(object(p, '', ['decisionId']).decisionId, '/decisionId', 4096) }),
  'answers:saved': (p) => empty(p, ''),
  'answers:resume': (p) => empty(p, ''),
  'answers:discard': (p) => empty(p, ''),
  'answers:save': (p) => ({ answers: answers(object(p, '', ['answers']).answers, '/answers') }),
  'app:unsaved': (p) => ({ unsaved: boolean(object(p, '', ['unsaved']).unsaved, '/unsaved') }),
};
