import type { Analysis, Answer, OutputPlan } from './analysis.js';
import { CarryoverBug } from './bug.js';
import { documentsEquivalent, documentsStrictlyEqual, phantomDifference } from './equivalence.js';
import type { Json, JsonObject } from './json.js';
import { applyKeyOrder, isJsonObject, keyOrderOf, keysOf } from './json.js';
import { askRemoval } from './merge/askRemoval.js';
import { MergeContext } from './merge/MergeContext.js';
import { mergeForm } from './merge/mergeForm.js';
import { mergeGlobal } from './merge/mergeGlobal.js';
import type { Outcome } from './merge/Outcome.js';
import { UNRESOLVED, resolved } from './merge/Outcome.js';
import { processExplorer } from './merge/processExplorer.js';
import type { Configuration, ObjectRef, ScopeId, VersionFile } from './model.js';
import { assertNever, objectId, parseScopeId, scopesAbove, versionId } from './model.js';
import { matchesNameFilter } from './names.js';
import type { Options } from './options.js';
import { protectedRefusals } from './parseOptions.js';
import { compareStrings } from './problems.js';

/** Everything one synchronization reads. */
export interface SyncInput {
  /** The vendor's new release; only its base level is read. */
  source: Configuration;
  /** The customer's configuration: the old base level and the customized versions. */
  target: Configuration;
  options: Options;
  /** Answers by prompt id (an answers file, the terminal, the app). */
  answers?: ReadonlyMap<string, Answer>;
  /** The answer for prompts the answers leave open (`--answer keep|replace`). */
  answerDefault?: 'keep' | 'replace';
  /** Lifts the protection of a protected Target (`--allow-destructive`). */
  allowDestructive?: boolean;
  /** Names the answers file in problems; default `answers`. */
  answersFile?: string;
  /**
   * The answers file's `values` (prompt id → `promptValuesKey`): an answer with an entry applies
   * only to a prompt whose three values have that key; otherwise it is stale (docs/sessions.md).
   */
  answerValues?: ReadonlyMap<string, string>;
  /** Called after each object, with the number of objects done and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Customized versions left exactly as they are in the Target, by version id (docs/sessions.md,
   * "Pending prompts (phase 1 and phase 2)"). `defer` (phase 1) still merges the version, so that
   * its prompts and warnings are reported, but its result is the customized version as it is, its
   * decisions give way to one `left-untouched`, and its unanswered prompts do not hold the plan
   * back. `settled` (phase 2, for the versions phase 1 merged) does not process the version at all.
   */
  leave?: ReadonlyMap<string, LeaveVersion>;
  /**
   * A patch's objects (`objectId`s, parsePatch.ts): only these are processed; every other file of
   * the Target, base versions included, is left as it is (docs/patches.md).
   */
  patch?: ReadonlySet<string>;
}

/** How {@link SyncInput.leave} leaves a version: merged for its prompts only, or not processed. */
export type LeaveVersion = 'defer' | 'settled';

/** One base level and the scopes whose versions are customized versions of it. */
interface Unit {
  base: ScopeId;
  customized: ScopeId[];
}

/** The configuration's versions indexed by scope, then by object id. */
type Index = Map<ScopeId, Map<string, VersionFile>>;

/**
 * Computes a synchronization (docs/merge-behaviour.md): every decision, prompt and warning, and,
 * once every prompt has a valid answer, the plan of the merged Target. Pure: reads its input,
 * writes nothing. The same input gives the same output, in the same order.
 */
export function synchronize(input: SyncInput): Analysis {
  const { source, target, options } = input;
  const ctx = new MergeContext(options, input.answers ?? new Map(), input.answerDefault, input.answersFile ?? 'answers', input.answerValues);
  const refused =
    target.meta.protected === true && input.allowDestructive !== true ? protectedRefusals(options, input.answerDefault) : [];
  for (const problem of refused) ctx.warn('protected-option-refused', problem.message, 'configuration.json');

  const plan: OutputPlan = new Map();
  plan.set('configuration.json', { kind: 'target' });
  for (const path of target.files.keys()) plan.set(path, { kind: 'target' });

  // Documents that crossed a thread or process boundary carry their key order as data; the merge
  // reads it through keysOf (docs/merge-behaviour.md, "Key order").
  for (const file of [...source.files.values(), ...target.files.values()]) applyKeyOrder(file.doc, file.keyOrder);
  const sourceIndex = indexOf(source);
  const targetIndex = indexOf(target);
  const units = unitsOf(options, target, source, targetIndex);
  warnAboutSourceCustomizations(ctx, source, units);

  const work: { unit: Unit; object: ObjectRef }[] = [];
  for (const unit of units) for (const object of objectsOf(unit, sourceIndex, targetIndex)) work.push({ unit, object });

  const replacedForms = new Set<string>();
  const engine = new Engine(ctx, plan, sourceIndex, targetIndex, target, replacedForms, input.leave ?? new Map());
  work.forEach(({ unit, object }, index) => {
    if (input.patch === undefined || input.patch.has(objectId(object))) engine.processObject(unit, object);
    input.onProgress?.(index + 1, work.length);
  });

  if (options.baseLevel === 'vendor') {
    // A patch that does not list the Explorer leaves it as it is (docs/patches.md).
    if (input.patch === undefined || input.patch.has('explorer')) processExplorer(ctx, plan, source, target, sourceIndex, targetIndex);
    removeRuntimeChanges(ctx, plan, targetIndex, replacedForms);
  }
  ctx.reportUnusedAnswers();

  const answered = ctx.prompts.filter((p) => p.answer !== null).length;
  return {
    decisions: ctx.decisions,
    prompts: ctx.prompts,
    warnings: ctx.warnings,
    refused,
    answerProblems: ctx.answerProblems,
    summary: {
      decisions: ctx.decisions.length,
      prompts: ctx.prompts.length,
      answered,
      unanswered: ctx.prompts.length - answered,
      warnings: ctx.warnings.length,
    },
    plan: ctx.unresolved === 0 && refused.length === 0 ? plan : null,
  };
}

/** Processes objects: replaces base versions and handles their customized versions. */
class Engine {
  constructor(
    private readonly ctx: MergeContext,
    private readonly plan: OutputPlan,
    private readonly sourceIndex: Index,
    private readonly targetIndex: Index,
    private readonly target: Configuration,
    private readonly replacedForms: Set<string>,
    private readonly leave: ReadonlyMap<string, LeaveVersion>,
  ) {}

  processObject(unit: Unit, object: ObjectRef): void {
    const { ctx } = this;
    const options = ctx.options;
    if (!isProcessed(options, object)) return;
    const oid = objectId(object);
    const t = this.targetIndex.get(unit.base)?.get(oid);
    const s = this.sourceIndex.get(unit.base)?.get(oid);
    const ws = options.merge.ignoreWhitespace;
    const baseId = versionId(object, unit.base);
    const label = describe(object);

    if (object.kind === 'form') {
      if (t) warnKeepInBase(ctx, t, 'target');
      if (s) warnKeepInBase(ctx, s, 'source');
    }

    // Base versions are always replaced by the Source's, byte for byte.
    let resultBase: JsonObject | null = null;
    if (s) {
      this.plan.set(s.path, { kind: 'source' });
      resultBase = s.doc;
      if (!t) ctx.decide(baseId, 'added', `vendor added ${label}`, {});
      else if (!documentsStrictlyEqual(t.doc, s.doc)) {
        const phantomOnly = documentsEquivalent(t.doc, s.doc, ws, object);
        ctx.decide(baseId, 'replaced-base', phantomOnly ? `source base replaces target base (they differ only in line endings or whitespace)` : `vendor changed ${label}; source base replaces target base`, {});
      }
    } else if (t) {
      if (options.deleteOnlyMatchingBase) {
        resultBase = t.doc;
        ctx.decide(baseId, 'kept-base', `the Source has no ${label}; deleteOnlyMatchingBase keeps the target base`, {});
      } else {
        this.plan.delete(t.path);
        ctx.decide(baseId, 'deleted-base', `the Source has no ${label}; deleteOnlyMatchingBase is false: target base deleted`, { targetBase: t.doc });
      }
    }
    const baseChanged = t !== undefined && (s === undefined ? !options.deleteOnlyMatchingBase : !documentsEquivalent(t.doc, s.doc, ws, object));
    if (object.kind === 'form' && unit.base === 'vendor' && baseChanged) this.replacedForms.add(object.name);

    // Results per scope, for "the version its users would otherwise get".
    const results = new Map<ScopeId, JsonObject | null>([[unit.base, resultBase]]);
    const otherwise = (scope: ScopeId): JsonObject | null => {
      for (const candidate of fallbackChain(scope, unit, options, this.target)) {
        const found = results.get(candidate);
        if (found) return found;
      }
      return null;
    };

    for (const scope of this.scopesWithVersions(unit, oid)) {
      const c = this.targetIndex.get(scope)?.get(oid);
      if (!c) continue;
      const id = versionId(object, scope);
      const leave = this.leave.get(id);
      if (leave === 'settled') {
        results.set(scope, c.doc);
        continue;
      }
      const mark = { decisions: ctx.decisions.length, prompts: ctx.prompts.length, unresolved: ctx.unresolved };
      try {
        const merging = (object.kind === 'form' ? options.forms.mode : options.globals.mode) === 'merge';
        // Redundant versions are dropped only in mode merge ("leave", "keep" and "remove" act on
        // versions exactly as they are), processed or not: dropping unprocessed ones in the other modes
        // would let a second sync drop a version the first one kept (docs/merge-behaviour.md, "Versions").
        const dropsRedundant = options.merge.dropRedundantCustomizations && merging;
        const redundant = (doc: JsonObject): boolean => {
          const fallback = otherwise(scope);
          return fallback !== null && dropsRedundant && documentsEquivalent(doc, fallback, ws, object);
        };
        if (!t) {
          // A customer-made version is never merged. When the Source now ships a base, the next sync
          // will see one; a version that is redundant against it is dropped already now, so that
          // syncing the result again changes nothing (docs/merge-behaviour.md, "Versions").
          if (s && redundant(c.doc)) {
            this.drop(id, c, `it was made by the customer and is identical to the version its users now get (the vendor's new ${label})`);
            results.set(scope, null);
            continue;
          }
          ctx.decide(id, 'left-untouched', `customer-made version: the Target has no base version of ${label}`, {});
          if (s) ctx.warn('shadows-source-base', `${id} was made by the customer and now shadows the vendor's new ${label}`, c.path, id);
          results.set(scope, c.doc);
          continue;
        }
        if (!s) {
          ctx.decide(id, 'left-untouched', `the vendor dropped ${label}: the customized version is left untouched`, {});
          ctx.warn('vendor-dropped-object', `the Source no longer has ${label}; ${id} was left untouched`, c.path, id);
          results.set(scope, c.doc);
          continue;
        }
        const processed = !options.onlyProcessChangedBase || baseChanged;
        const phantom = !documentsStrictlyEqual(c.doc, t.doc) && documentsEquivalent(c.doc, t.doc, ws, object);
        const redundantAsIs = redundant(c.doc);
        // A phantom change is reported as such, then whatever else happens to the version
        // (docs/merge-behaviour.md, "Equality and phantom changes").
        if (phantom && (processed || redundantAsIs)) {
          ctx.decide(id, 'phantom', `differs from the target base only in ${phantomDifference(c.doc, t.doc)}: not a customization`, {});
        }
        if (redundantAsIs) {
          this.drop(id, c, 'it is identical to the version its users would otherwise get');
          results.set(scope, null);
          continue;
        }
        if (!processed) {
          if (phantom) {
            ctx.decide(id, 'phantom', `differs from the target base only in ${phantomDifference(c.doc, t.doc)}: not a customization; left untouched (vendor did not change ${label})`, {});
          } else if (object.kind === 'global' && options.globals.mode !== 'remove') {
            // The global objects table: "S ≡ T: keep C" in modes merge and keep.
            ctx.decide(id, 'kept-customization', `vendor did not change ${label}; customization kept`, {});
          } else {
            ctx.decide(id, 'left-untouched', `vendor did not change ${label}: not processed (onlyProcessChangedBase)`, {});
          }
          results.set(scope, c.doc);
          continue;
        }
        const outcome = object.kind === 'form' ? this.processForm(id, c, t, s) : mergeGlobal(ctx, id, object, c.doc, t.doc, s.doc, baseChanged);
        if (outcome.kind === 'unresolved') {
          results.set(scope, c.doc);
          continue;
        }
        const merged = outcome.value;
        if (merged === null) {
          this.plan.delete(c.path);
          results.set(scope, null);
          continue;
        }
        if (redundant(merged)) {
          this.drop(id, c, 'its merge result is identical to the version its users would otherwise get');
          results.set(scope, null);
          continue;
        }
        if (!documentsStrictlyEqual(merged, c.doc) || !sameComponentOrder(merged, c.doc)) {
          const keyOrder = keyOrderOf(merged);
          this.plan.set(c.path, keyOrder ? { kind: 'write', doc: merged, keyOrder } : { kind: 'write', doc: merged });
        }
        results.set(scope, merged);
      } finally {
        if (leave === 'defer') this.defer(id, c, mark, () => results.set(scope, c.doc));
      }
    }
  }

  /** Per unit: for each object, the customized scopes holding a version of it, in the unit's order. */
  private readonly versionScopes = new Map<Unit, Map<string, ScopeId[]>>();

  /**
   * The scopes of `unit.customized` (in that order) where the Target has a version of the object
   * `oid`. Built once per unit: with hundreds of users, looking up every scope for every object
   * would cost more than the merge itself.
   */
  private scopesWithVersions(unit: Unit, oid: string): readonly ScopeId[] {
    let byObject = this.versionScopes.get(unit);
    if (byObject === undefined) {
      byObject = new Map();
      for (const scope of unit.customized) {
        for (const id of this.targetIndex.get(scope)?.keys() ?? []) {
          const scopes = byObject.get(id);
          if (scopes) scopes.push(scope);
          else byObject.set(id, [scope]);
        }
      }
      this.versionScopes.set(unit, byObject);
    }
    return byObject.get(oid) ?? [];
  }

  /** Applies `forms.mode` to one processed customized form version: its result, or `null` when it is deleted. */
  private processForm(id: string, c: VersionFile, t: VersionFile, s: VersionFile): Outcome<JsonObject | null> {
    const { ctx } = this;
    const forms = ctx.options.forms;
    switch (forms.mode) {
      case 'leave':
        ctx.decide(id, 'left-untouched', 'forms.mode leave: customized versions are left as they are', {});
        return resolved(c.doc);
      case 'remove': {
        if (!forms.promptBeforeRemoval) {
          ctx.decide(id, 'removed', 'forms.mode remove: customized version deleted', { customized: c.doc });
          return resolved(null);
        }
        const answer = askRemoval(ctx, {
          id,
          question: `forms.mode is remove. Remove this customized version of ${c.object.kind === 'form' ? c.object.name : id}?`,
          values: { customized: c.doc, targetBase: t.doc, sourceBase: s.doc },
          why: 'prompt before removal',
        });
        if (answer.kind === 'unresolved') return UNRESOLVED;
        return resolved(answer.value === 'keep' ? c.doc : null);
      }
      case 'merge':
        return mergeForm(ctx, { id, customized: c.doc, targetBase: t.doc, sourceBase: s.doc });
      case 'skip':
        throw new CarryoverBug('forms with mode skip are never processed');
      default:
        return assertNever(forms.mode);
    }
  }

  /**
   * Leaves a deferred version as the Target has it (SyncInput.leave): its file stays the Target's,
   * its result is the customized version (what users of the scopes below get until phase 2), the
   * decisions its merge made are replaced by one, and its open prompts are pending, not unresolved.
   */
  private defer(id: string, c: VersionFile, mark: { decisions: number; prompts: number; unresolved: number }, keepResult: () => void): void {
    const { ctx } = this;
    this.plan.set(c.path, { kind: 'target' });
    keepResult();
    const open = ctx.prompts.slice(mark.prompts).filter((p) => p.answer === null).length;
    ctx.decisions.splice(mark.decisions);
    ctx.unresolved = mark.unresolved;
    const prompts = `${open} ${open === 1 ? 'prompt' : 'prompts'}`;
    ctx.decide(id, 'left-untouched', `deferred: ${prompts} pending for phase 2 (carryover resume); the customized version is left as it is`, {});
  }

  private drop(id: string, c: VersionFile, why: string): void {
    this.plan.delete(c.path);
    this.ctx.decide(id, 'dropped-redundant', `redundant customization: ${why}; deleted (merge.dropRedundantCustomizations)`, { customized: c.doc });
  }
}

/** True when `forms.mode`, `forms.names`, `globals.mode` and `globals.types` let an object be processed. */
function isProcessed(options: Options, object: ObjectRef): boolean {
  if (object.kind === 'form') {
    if (options.forms.mode === 'skip') return false;
    return options.forms.names.length === 0 || options.forms.names.some((filter) => matchesNameFilter(object.name, filter));
  }
  if (object.kind === 'global') {
    if (options.globals.mode === 'skip') return false;
    const types = options.globals.types;
    if (Object.keys(types).length === 0) return true;
    return Object.hasOwn(types, object.type) && matchesNameFilter(object.name, types[object.type]);
  }
  return false;
}

/**
 * The scopes whose versions a user of `scope` would otherwise get, nearest first: for a User its
 * Group (base level vendor, membership known), the Site, the base; for a Group the Site, the base.
 */
function fallbackChain(scope: ScopeId, unit: Unit, options: Options, target: Configuration): ScopeId[] {
  return [...(options.baseLevel === 'vendor' ? scopesAbove(scope, target) : []), unit.base];
}

function indexOf(configuration: Configuration): Index {
  const index: Index = new Map();
  for (const file of configuration.files.values()) {
    let scope = index.get(file.scope);
    if (!scope) index.set(file.scope, (scope = new Map()));
    scope.set(objectId(file.object), file);
  }
  return index;
}

/** Scopes of a kind present in the index, sorted by name. */
function scopesOf(index: Index, kind: 'group' | 'user'): ScopeId[] {
  return [...index.keys()].filter((scope) => scope.startsWith(kind + ':')).sort(compareStrings);
}

function unitsOf(options: Options, target: Configuration, source: Configuration, targetIndex: Index): Unit[] {
  const groups = scopesOf(targetIndex, 'group');
  const users = scopesOf(targetIndex, 'user');
  switch (options.baseLevel) {
    case 'vendor':
      return [{ base: 'vendor', customized: ['site', ...groups, ...users] }];
    case 'site':
      return [{ base: 'site', customized: [...groups, ...users] }];
    case 'group': {
      const membership = target.meta.groups ?? {};
      const names = new Set<string>(Object.keys(membership));
      for (const scope of [...groups, ...scopesOf(indexOf(source), 'group')]) names.add(scope.slice('group:'.length));
      return [...names].sort(compareStrings).map((group) => ({
        base: `group:${group}` as ScopeId,
        // Own keys only: a group folder named `toString` or `constructor` that configuration.json
        // does not list has no members (not Object.prototype's function).
        customized: [...(Object.hasOwn(membership, group) ? membership[group] : [])].sort(compareStrings).map((user) => `user:${user}` as ScopeId),
      }));
    }
  }
}

/** The form and global objects of one unit, sorted by id. */
function objectsOf(unit: Unit, sourceIndex: Index, targetIndex: Index): ObjectRef[] {
  const objects = new Map<string, ObjectRef>();
  const add = (files: Map<string, VersionFile> | undefined) => {
    for (const [oid, file] of files ?? []) {
      if (file.object.kind === 'form' || file.object.kind === 'global') objects.set(oid, file.object);
    }
  };
  add(targetIndex.get(unit.base));
  add(sourceIndex.get(unit.base));
  for (const scope of unit.customized) add(targetIndex.get(scope));
  return [...objects.keys()].sort(compareStrings).map((oid) => objects.get(oid) as ObjectRef);
}

/** The Source's customized versions are not read: each is reported once (docs/merge-behaviour.md). */
function warnAboutSourceCustomizations(ctx: MergeContext, source: Configuration, units: Unit[]): void {
  const bases = new Set(units.map((unit) => unit.base));
  const below = (scope: ScopeId): boolean => {
    const kind = parseScopeId(scope).kind;
    switch (ctx.options.baseLevel) {
      case 'vendor':
        return kind !== 'vendor';
      case 'site':
        return kind === 'group' || kind === 'user';
      case 'group':
        return kind === 'user';
    }
  };
  const paths = [...source.files.values()].filter((file) => !bases.has(file.scope) && below(file.scope)).map((file) => file.path);
  for (const path of paths.sort(compareStrings)) {
    ctx.warn('source-customization-ignored', `the Source's customized version ${path} is ignored: only the Source's base level is read`, `source:${path}`);
  }
}

function warnKeepInBase(ctx: MergeContext, file: VersionFile, side: 'source' | 'target'): void {
  const events = file.doc['eventHandlers'];
  if (!isJsonObject(events)) return;
  for (const [event, list] of Object.entries(events)) {
    if (Array.isArray(list) && list.some((h: Json) => isJsonObject(h) && h['keep'] !== undefined)) {
      ctx.warn('keep-in-base-ignored', `a handler of ${event} in the ${side} base has a keep keyword; keep is meaningful only in customized versions and is ignored`, `${side}:${file.path}`, versionId(file.object, file.scope));
    }
  }
}

/** With `removeRuntimeChanges`, deletes users' runtime changes of every form whose base changed or was deleted. */
function removeRuntimeChanges(ctx: MergeContext, plan: OutputPlan, targetIndex: Index, replacedForms: Set<string>): void {
  if (!ctx.options.removeRuntimeChanges) return;
  for (const scope of scopesOf(targetIndex, 'user')) {
    // By path, as the loader orders files: the decisions do not depend on how the map was built.
    const files = [...(targetIndex.get(scope)?.values() ?? [])].sort((a, b) => compareStrings(a.path, b.path));
    for (const file of files) {
      if (file.object.kind !== 'runtime' || !replacedForms.has(file.object.name)) continue;
      plan.delete(file.path);
      ctx.decide(versionId(file.object, scope), 'removed', `the base of form ${file.object.name} was replaced with a different version; runtime changes removed (removeRuntimeChanges)`, { customized: file.doc });
    }
  }
}

function sameComponentOrder(a: JsonObject, b: JsonObject): boolean {
  const ka = keysOf(isJsonObject(a['components']) ? a['components'] : {});
  const kb = keysOf(isJsonObject(b['components']) ? b['components'] : {});
  return ka.length === kb.length && ka.every((key, i) => key === kb[i]);
}

function describe(object: ObjectRef): string {
  switch (object.kind) {
    case 'form':
      return `form ${object.name}`;
    case 'global':
      return `global object ${object.type}/${object.name}`;
    case 'explorer':
      return 'the Explorer';
    case 'runtime':
      return `runtime changes of ${object.name}`;
  }
}

