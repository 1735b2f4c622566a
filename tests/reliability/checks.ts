import type { Analysis, Decision, DecisionAction, OutputPlan } from '../../core/analysis.js';
import type { Json, JsonObject } from '../../core/json.js';
import type { Configuration } from '../../core/model.js';
import type { Options } from '../../core/options.js';
import { parseJson } from '../../core/parseJson.js';
import { serializeDocument } from '../../core/serialize.js';
import { configurationOf } from '../../core/testing/configurationOf.js';
import { validateConfiguration, type ConfigurationEntry } from '../../core/validateConfiguration.js';
import { objectOf } from './arbitraries.js';

/**
 * Checks of the guarantees of docs/merge-behaviour.md ("Guarantees"), written from the spec, not from
 * the engine: their own equality, their own reading of what a customization is. Each returns the
 * list of violations (empty when the guarantee holds), so a failing property prints all of them.
 */

/** Text comparison of docs/merge-behaviour.md ("Equality and phantom changes"): CRLF ≡ LF; with ignoreWhitespace, trailing blanks and one final line break too. */
function normalize(text: string, ignoreWhitespace: boolean): string {
  let t = text.replace(/\r\n?/g, '\n');
  if (ignoreWhitespace) {
    t = t
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n');
    if (t.endsWith('\n')) t = t.slice(0, -1);
  }
  return t;
}

/** ≡: deep equality, key order ignored, `null` ≠ absent; strings with a line break (or any, for text values) compared normalized. */
export function same(a: Json | undefined, b: Json | undefined, ignoreWhitespace: boolean, text = false): boolean {
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return true;
    const isText = text || /[\r\n]/.test(a) || /[\r\n]/.test(b);
    return isText && normalize(a, ignoreWhitespace) === normalize(b, ignoreWhitespace);
  }
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i], ignoreWhitespace));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && same(ao[k], bo[k], ignoreWhitespace));
}

/** Strict equality with key order ignored (`same` without any text normalization). */
export function strictlySame(a: Json | undefined, b: Json | undefined): boolean {
  if (a === undefined || b === undefined || a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => strictlySame(x, b[i]));
  const ao = a as JsonObject;
  const bo = b as JsonObject;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && strictlySame(ao[k], bo[k]));
}

/**
 * ≡ for whole versions (configuration.md: absent sections mean empty; the form script and a
 * script's `code` are text values).
 */
export function sameVersion(a: JsonObject, b: JsonObject, ignoreWhitespace: boolean): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b), 'attributes']);
  for (const key of keys) {
    if (['attributes', 'components', 'eventHandlers', 'variables'].includes(key)) {
      const x = section(a, key);
      const y = section(b, key);
      const inner = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of inner) if (!same(own(x, k), own(y, k), ignoreWhitespace, key === 'attributes' && k === 'code')) return false;
    } else if (key === 'script') {
      if (!same(own(a, key) ?? '', own(b, key) ?? '', ignoreWhitespace, true)) return false;
    } else if (!same(own(a, key), own(b, key), ignoreWhitespace)) return false;
  }
  return true;
}

function own(object: Json | undefined, key: string): Json | undefined {
  return object !== null && typeof object === 'object' && !Array.isArray(object) && Object.hasOwn(object, key) ? object[key] : undefined;
}

function section(doc: JsonObject | undefined, key: string): JsonObject {
  const value = own(doc, key);
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

/** The merged Target's documents, keyed by path (`configuration.json` left out). */
export function resultDocuments(plan: OutputPlan, source: Configuration, target: Configuration): Map<string, JsonObject> {
  const documents = new Map<string, JsonObject>();
  for (const [path, file] of plan) {
    if (path === 'configuration.json') continue;
    const doc = file.kind === 'write' ? file.doc : (file.kind === 'source' ? source : target).files.get(path)?.doc;
    if (doc === undefined) throw new Error(`the plan names ${path} (${file.kind}), which that configuration does not have`);
    documents.set(path, doc);
  }
  return documents;
}

/** The bytes each file of the merged Target would have (in memory: a document's file is its serialization). */
export function resultBytes(plan: OutputPlan, source: Configuration, target: Configuration): Map<string, string> {
  const bytes = new Map<string, string>();
  for (const [path, doc] of [...resultDocuments(plan, source, target)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    bytes.set(path, serializeDocument(doc));
  }
  return bytes;
}

/** The merged Target as a configuration, to synchronize again. */
export function resultConfiguration(plan: OutputPlan, source: Configuration, target: Configuration): Configuration {
  const documents = resultDocuments(plan, source, target);
  return configurationOf(objectOf([...documents]) as Record<string, JsonObject>, target.meta);
}

/** Problems of the merged Target read back as a configuration (it must be valid input again). */
export function resultProblems(plan: OutputPlan, source: Configuration, target: Configuration): string[] {
  const entries: ConfigurationEntry[] = [];
  const meta = JSON.stringify({ ...target.meta, format: 'carryover/1' });
  entries.push({ path: 'configuration.json', kind: 'file', parsed: parseJson(meta, 'configuration.json') });
  for (const [path, doc] of resultDocuments(plan, source, target)) {
    entries.push({ path, kind: 'file', parsed: parseJson(serializeDocument(doc), path) });
  }
  const result = validateConfiguration('result', entries);
  return result.ok ? [] : result.problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`);
}

/** Decisions that say why a customization is not in the result. */
const EXPLAINS_A_LOSS: ReadonlySet<DecisionAction> = new Set<DecisionAction>([
  'took-source',
  'removed',
  'dropped-redundant',
  'edited',
  'merged-text',
  'phantom',
]);

/** The scope id of a scope folder: `vendor`, `site`, `group:G`, `user:U`. */
function scopeIdOf(path: string): string {
  const [top, name] = path.split('/');
  return top === 'groups' ? `group:${name}` : top === 'users' ? `user:${name}` : top;
}

/** The object id and the path inside the scope of a version file: `form:X`, `global:scripts/Y`, `explorer`, `runtime:X`. */
function objectIdOf(path: string): { objectId: string; scopeFolder: string; rest: string } {
  const parts = path.split('/');
  const scopeLength = parts[0] === 'groups' || parts[0] === 'users' ? 2 : 1;
  const scopeFolder = parts.slice(0, scopeLength).join('/');
  const rest = parts.slice(scopeLength).join('/');
  const name = (file: string) => file.replace(/\.json$/, '');
  const r = rest.split('/');
  if (r[0] === 'forms') return { objectId: `form:${name(r[1])}`, scopeFolder, rest };
  if (r[0] === 'globals') return { objectId: `global:${r[1]}/${name(r[2])}`, scopeFolder, rest };
  if (r[0] === 'runtime') return { objectId: `runtime:${name(r[1])}`, scopeFolder, rest };
  return { objectId: 'explorer', scopeFolder, rest };
}

/** One customization: a place where C ≢ T, with C's value there. */
interface Customization {
  /** Path below the version id (`attributes/caption`, `components/Btn/x`, ... or `` for the whole version). */
  path: string;
  value: Json | undefined;
  kind: 'value' | 'present' | 'handlers' | 'whole';
  targetValue?: Json | undefined;
}

/** Every C ≢ T difference of a form version, at the granularity the merge rules work at. */
function formCustomizations(c: JsonObject, t: JsonObject, ws: boolean): Customization[] {
  const found: Customization[] = [];
  const compareMap = (name: string, cm: JsonObject, tm: JsonObject, text = false) => {
    for (const key of new Set([...Object.keys(cm), ...Object.keys(tm)])) {
      if (!same(own(cm, key), own(tm, key), ws, text)) found.push({ path: `${name}/${key}`, value: own(cm, key), kind: 'value' });
    }
  };
  compareMap('attributes', section(c, 'attributes'), section(t, 'attributes'));
  const cs = own(c, 'script') ?? '';
  const ts = own(t, 'script') ?? '';
  if (!same(cs, ts, ws, true)) found.push({ path: 'script', value: own(c, 'script'), kind: 'value' });
  const cc = section(c, 'components');
  const tc = section(t, 'components');
  for (const name of new Set([...Object.keys(cc), ...Object.keys(tc)])) {
    const cv = own(cc, name);
    const tv = own(tc, name);
    if (cv === undefined && tv !== undefined) found.push({ path: `components/${name}`, value: undefined, kind: 'value' });
    else if (cv !== undefined && tv === undefined) {
      // An added component: it is in the result, and so is each of its attributes.
      found.push({ path: `components/${name}`, value: cv, kind: 'present' });
      compareMap(`components/${name}`, section(cc, name), {});
    } else compareMap(`components/${name}`, section(cc, name), section(tc, name));
  }
  const ce = section(c, 'eventHandlers');
  const te = section(t, 'eventHandlers');
  for (const event of new Set([...Object.keys(ce), ...Object.keys(te)])) {
    const cl = own(ce, event) ?? [];
    const tl = own(te, event) ?? [];
    if (!same(cl, tl, ws)) found.push({ path: `eventHandlers/${event}`, value: cl, kind: 'handlers', targetValue: tl });
  }
  compareMap('variables', section(c, 'variables'), section(t, 'variables'));
  return found;
}

/** The value at a customization's path in a form version (absent version: everything absent). */
function valueAt(doc: JsonObject | undefined, path: string): Json | undefined {
  if (doc === undefined) return undefined;
  let value: Json | undefined = doc;
  for (const token of path.split('/')) value = own(value, token);
  return value;
}

/** Handlers of `cl` that are not in `tl` (multiset difference by ≡). */
function addedHandlers(cl: Json[], tl: Json[], ws: boolean): Json[] {
  const remaining = [...tl];
  const added: Json[] = [];
  for (const handler of cl) {
    const at = remaining.findIndex((h) => same(h, handler, ws));
    if (at >= 0) remaining.splice(at, 1);
    else added.push(handler);
  }
  return added;
}

/** The base-level scope folder whose version is the target base of a customized version, or `null` when the folder is not below the base level. */
function baseFolderOf(scopeFolder: string, options: Options, target: Configuration): string | null | 'unprocessed' {
  const [top, name] = scopeFolder.split('/');
  switch (options.baseLevel) {
    case 'vendor':
      return top === 'vendor' ? null : 'vendor';
    case 'site':
      return top === 'vendor' || top === 'site' ? null : 'site';
    case 'group': {
      if (top !== 'users') return null;
      const groups = target.meta.groups ?? {};
      const group = Object.keys(groups).find((g) => groups[g].includes(name));
      return group === undefined ? 'unprocessed' : `groups/${group}`;
    }
  }
}

/**
 * Nothing is lost silently (docs/merge-behaviour.md, "Guarantees"): every C ≢ T difference of every
 * customized version ends up in the result, or a decision on it (or on what holds it: its
 * component, its version) says it was replaced or removed and why. Base-level versions above the
 * base level are never touched.
 */
export function lostCustomizations(analysis: Analysis, source: Configuration, target: Configuration, options: Options): string[] {
  const plan = analysis.plan;
  if (plan === null) return [];
  const ws = options.merge.ignoreWhitespace;
  const result = resultDocuments(plan, source, target);
  const byId = new Map<string, Decision[]>();
  for (const decision of analysis.decisions) {
    const list = byId.get(decision.id);
    if (list) list.push(decision);
    else byId.set(decision.id, [decision]);
  }
  /**
   * The decision on the thing itself or on anything that holds it. A version dropped as redundant
   * explains nothing unless what its users now get holds the customization (checked by the caller
   * through `fallbackHas`).
   */
  const explained = (id: string, fallbackHas: () => boolean): boolean => {
    for (let cut = id.length; cut > 0; cut = id.lastIndexOf('/', cut - 1)) {
      for (const d of byId.get(id.slice(0, cut)) ?? []) {
        if (d.action === 'dropped-redundant' ? fallbackHas() : EXPLAINS_A_LOSS.has(d.action)) return true;
      }
    }
    return false;
  };
  /** The version users of a scope get in the result when theirs is gone: nearest of Group (vendor base level), Site, base. */
  const fallbackOf = (scopeFolder: string, rest: string, baseFolder: string): JsonObject | undefined => {
    const [top, name] = scopeFolder.split('/');
    const chain: string[] = [];
    if (options.baseLevel === 'vendor' && top === 'users') {
      const groups = target.meta.groups ?? {};
      const group = Object.keys(groups).find((g) => groups[g].includes(name));
      if (group !== undefined) chain.push(`groups/${group}`);
    }
    if (options.baseLevel === 'vendor' && (top === 'users' || top === 'groups')) chain.push('site');
    chain.push(baseFolder);
    for (const folder of chain) {
      const doc = result.get(`${folder}/${rest}`);
      if (doc !== undefined) return doc;
    }
    return undefined;
  };
  const violations: string[] = [];
  for (const file of target.files.values()) {
    const { objectId, scopeFolder, rest } = objectIdOf(file.path);
    const baseFolder = baseFolderOf(scopeFolder, options, target);
    const r = result.get(file.path);
    const versionId = `${objectId}@${scopeIdOf(file.path)}`;
    if (baseFolder === null) {
      // A base version (replaced by the rules) or a version above the base level (never touched).
      const isBase =
        (options.baseLevel === 'vendor' && scopeFolder === 'vendor') ||
        (options.baseLevel === 'site' && scopeFolder === 'site') ||
        (options.baseLevel === 'group' && scopeFolder.startsWith('groups/'));
      if (!isBase && (r === undefined || !strictlySame(r, file.doc))) violations.push(`${file.path}: above the base level, yet changed`);
      continue;
    }
    const t = baseFolder === 'unprocessed' ? undefined : target.files.get(`${baseFolder}/${rest}`)?.doc;
    const customizations: Customization[] =
      t === undefined || !objectId.startsWith('form:') ? (t !== undefined && sameVersion(file.doc, t, ws) ? [] : [{ path: '', value: file.doc, kind: 'whole' }]) : formCustomizations(file.doc, t, ws);
    for (const customization of customizations) {
      const id = customization.path === '' ? versionId : `${versionId}/${customization.path}`;
      if (customization.kind === 'whole') {
        if (r !== undefined && strictlySame(r, file.doc)) continue;
      } else if (customization.kind === 'handlers') {
        const inResult = (valueAt(r, customization.path) ?? []) as Json[];
        if (r !== undefined && same(inResult, customization.value, ws)) continue;
        // Added handlers placed into the new vendor handlers by their keep keywords: each is in the result.
        const added = addedHandlers(customization.value as Json[], (customization.targetValue ?? []) as Json[], ws);
        const kept = r !== undefined && (byId.get(id) ?? []).some((d) => d.action === 'kept-customization');
        if (kept && added.every((h) => inResult.some((x) => same(x, h, ws)))) continue;
      } else if (customization.kind === 'present') {
        if (valueAt(r, customization.path) !== undefined) continue;
      } else if (r !== undefined && same(valueAt(r, customization.path), customization.value, ws, customization.path === 'script')) {
        continue;
      }
      const fallbackHas = (): boolean => {
        const fallback = baseFolder === 'unprocessed' ? undefined : fallbackOf(scopeFolder, rest, baseFolder);
        if (fallback === undefined) return false;
        if (customization.kind === 'whole') return sameVersion(fallback, file.doc, ws);
        if (customization.kind === 'present') return valueAt(fallback, customization.path) !== undefined;
        const value = valueAt(fallback, customization.path);
        return same(customization.kind === 'handlers' && value === undefined ? [] : value, customization.value, ws, customization.path === 'script');
      };
      if (!explained(id, fallbackHas)) {
        violations.push(`${id}: the customization ${JSON.stringify(customization.value)} is not in the result (${r === undefined ? 'version gone' : JSON.stringify(valueAt(r, customization.path))}) and no decision says why`);
      }
    }
  }
  return violations;
}

/** A deep copy of a configuration's documents and meta, to check that nothing changed them. */
export function snapshotConfiguration(configuration: Configuration): string {
  return JSON.stringify({
    meta: configuration.meta,
    files: [...configuration.files].map(([path, file]) => [path, file.path, file.scope, file.object, file.bom, pairs(file.doc)]),
  });
}

/** A rendering of a value that keeps `__proto__` keys (JSON.stringify does too, but this also shows key order). */
function pairs(value: Json): Json {
  if (Array.isArray(value)) return value.map(pairs);
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => [k, pairs(v)]);
  return value;
}

/** Freezes a value deeply (a `Map`'s values too; a `Map` itself cannot be frozen). */
export function deepFreeze<T>(value: T): T {
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v);
    return value;
  }
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/** Everything an analysis tells, as one string (the plan as the bytes it would write). */
export function renderAnalysis(analysis: Analysis, source: Configuration, target: Configuration): string {
  return JSON.stringify({
    decisions: analysis.decisions,
    prompts: analysis.prompts,
    warnings: analysis.warnings,
    refused: analysis.refused,
    answerProblems: analysis.answerProblems,
    summary: analysis.summary,
    // The plan's order is not output (files are written by path): compare it sorted.
    plan: analysis.plan === null ? null : [...analysis.plan].map(([path, file]) => [path, file.kind]).sort(([a], [b]) => (a < b ? -1 : 1)),
    bytes: analysis.plan === null ? null : [...resultBytes(analysis.plan, source, target)],
  });
}
