import fc from 'fast-check';
import type { Answer, Prompt } from '../../core/analysis.js';
import type { Json, JsonObject } from '../../core/json.js';
import { keysOf, orderedObject, setKeyOrder } from '../../core/json.js';
import type { Configuration, ConfigurationMeta } from '../../core/model.js';
import type { AttributeRule, Options } from '../../core/options.js';
import { defaultOptions } from '../../core/options.js';
import { defineKey } from '../../core/serialize.js';
import { configurationOf } from '../../core/testing/configurationOf.js';

/**
 * fast-check arbitraries for the engine's properties: small Source and Target configurations
 * whose versions are derived from one another by a few edits, so that every case of the merge
 * rules (C ≡ T, S ≡ T, S ≡ C, both changed, phantom changes, versions present or absent at each
 * scope) comes up often. Names include `constructor`, `toString` and `__proto__`: valid names that
 * collide with properties every JavaScript object inherits, and integer-like names (`20`, `3`),
 * which JavaScript would enumerate first: documents keep their order explicitly (`keysOf`).
 * Attributes named like text fields (`code`, `script`) appear where they are not text.
 */

/** An object with own keys only (`__proto__` included), in the order given, kept for integer-like keys too. */
export function objectOf(entries: readonly (readonly [string, Json])[]): JsonObject {
  return orderedObject(entries);
}

/** A deep copy that keeps `__proto__` keys as own keys and the key order. */
export function clone<T extends Json>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => clone(v)) as T;
  if (value !== null && typeof value === 'object') {
    const object = value as JsonObject;
    return objectOf(keysOf(object).map((k) => [k, clone(object[k])])) as T;
  }
  return value;
}

export const FORM_NAMES = ['Customers', 'Orders', 'constructor'] as const;
export const GLOBALS = [
  ['scripts', 'CustUtils'],
  ['strings', 'sHello'],
  ['validators', 'toString'],
] as const;
export const GROUPS = ['Sales', 'toString'] as const;
export const USERS = ['B_Smith', 'J_Doe', '__proto__'] as const;
/** Scope folders of the Target, base levels first. */
export const TARGET_SCOPES = ['vendor', 'site', ...GROUPS.map((g) => `groups/${g}`), ...USERS.map((u) => `users/${u}`)] as const;
/** Scope folders of the Source: its base levels, and one User (a customized version the engine ignores). */
export const SOURCE_SCOPES = ['vendor', 'site', ...GROUPS.map((g) => `groups/${g}`), 'users/B_Smith'] as const;

const ATTRIBUTE_NAMES = ['caption', 'dataSource', 'width', 'initialCommand', 'hasOwnProperty', '__proto__', 'code'] as const;
const COMPONENT_NAMES = ['CustNum', 'Name', 'OkButton', '__proto__', '20', '3', '0', '007'] as const;
const COMPONENT_ATTRIBUTES = ['type', 'caption', 'x', 'binding', 'valueOf', 'code', 'script'] as const;
const EVENTS = ['StdFormPredisplay', 'Save', 'constructor'] as const;
const VARIABLES = ['InitialFilter', 'Mode', '__proto__'] as const;

/** Values that attributes take: strings, numbers, null, booleans, and texts in several line-ending and whitespace variants. */
const VALUES: readonly Json[] = [
  'Customers',
  'Customers ',
  'Kunden',
  'Größe 名前 ✓',
  'object.CustNum',
  1,
  2,
  80,
  null,
  true,
  'first line\nsecond line\n',
  'first line\r\nsecond line\r\n',
  'first line  \nsecond line',
  'first line\nchanged line\n',
  {},
  { columns: [14, 20] },
  [],
];

/** Form scripts: one script in several variants (phantom changes), and edits of different lines. */
const SCRIPTS: readonly string[] = [
  '',
  'Option Explicit\r\nSub Main()\r\n  ThisForm.Refresh()\r\nEnd Sub\r\n',
  'Option Explicit\nSub Main()\n  ThisForm.Refresh()\nEnd Sub\n',
  'Option Explicit\r\nSub Main()  \r\n  ThisForm.Refresh()\r\nEnd Sub',
  'Option Explicit\r\nSub Main()\r\n  ThisForm.Refresh()\r\n  ThisForm.Validate()\r\nEnd Sub\r\n',
  'Option Strict\r\nSub Main()\r\n  ThisForm.Refresh()\r\nEnd Sub\r\n',
  'Option Explicit\r\nSub Main()\r\n  ThisForm.Reload()\r\nEnd Sub\r\n',
];

const HANDLERS: readonly JsonObject[] = [
  { responseType: 'Method', response: 'InitForm()' },
  { responseType: 'Script', response: 'SetDefaults' },
  { responseType: 'Method', response: 'Audit()', keep: 'LAST' },
  { responseType: 'Method', response: 'First()', keep: 'FIRST' },
  { responseType: 'Script', response: 'After', keep: 'AFTER' },
  { responseType: 'Script', response: 'Before', keep: 'BEFORE' },
  { responseType: 'Script', response: 'Multi\r\nLine\r\n' },
  { responseType: 'Script', response: 'Multi\nLine' },
];

const CODES: readonly string[] = [
  'Public Function Ok() As Boolean\r\n  Return True\r\nEnd Function\r\n',
  'Public Function Ok() As Boolean\n  Return True\nEnd Function\n',
  'Public Function Ok() As Boolean\r\n  Return False\r\nEnd Function\r\n',
  "' header\r\nPublic Function Ok() As Boolean\r\n  Return True\r\nEnd Function\r\n",
  'Public Function Ok() As Boolean\r\n  Return True\r\nEnd Function\r\nPublic Sub Log()\r\nEnd Sub\r\n',
];

const value = fc.constantFrom(...VALUES);
const absentOr = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

/** One edit of a form version. */
type FormEdit =
  | { kind: 'attribute'; key: string; value: Json | undefined }
  | { kind: 'script'; value: string | undefined }
  | { kind: 'component'; name: string; attributes: JsonObject | undefined }
  | { kind: 'componentAttribute'; name: string; key: string; value: Json | undefined }
  | { kind: 'reorderComponents'; by: number }
  | { kind: 'event'; event: string; handlers: JsonObject[] | undefined }
  | { kind: 'addHandler'; event: string; at: number; handler: JsonObject }
  | { kind: 'variable'; key: string; value: Json | undefined };

const componentAttributes: fc.Arbitrary<JsonObject> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...COMPONENT_ATTRIBUTES), value), { selector: ([k]) => k, maxLength: 4 })
  .map((entries) => objectOf(entries));

const handlerList: fc.Arbitrary<JsonObject[]> = fc.array(fc.constantFrom(...HANDLERS), { maxLength: 3 }).map((list) => list.map((h) => clone(h)));

const formEdit: fc.Arbitrary<FormEdit> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('attribute' as const), key: fc.constantFrom(...ATTRIBUTE_NAMES), value: absentOr(value) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('script' as const), value: absentOr(fc.constantFrom(...SCRIPTS)) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('component' as const), name: fc.constantFrom(...COMPONENT_NAMES), attributes: absentOr(componentAttributes) }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('componentAttribute' as const),
      name: fc.constantFrom(...COMPONENT_NAMES),
      key: fc.constantFrom(...COMPONENT_ATTRIBUTES),
      value: absentOr(value),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('reorderComponents' as const), by: fc.nat(3) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('event' as const), event: fc.constantFrom(...EVENTS), handlers: absentOr(handlerList) }), weight: 2 },
  {
    arbitrary: fc.record({ kind: fc.constant('addHandler' as const), event: fc.constantFrom(...EVENTS), at: fc.nat(3), handler: fc.constantFrom(...HANDLERS) }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('variable' as const), key: fc.constantFrom(...VARIABLES), value: absentOr(value) }), weight: 2 },
);

/** Sets or removes `key` of `object` (absent `value` removes it). */
function put(object: JsonObject, key: string, value: Json | undefined): void {
  // The object's key order is explicit: update it with the keys (a new key goes last).
  const keys = keysOf(object).filter((k) => k !== key || value !== undefined);
  if (value !== undefined && !Object.hasOwn(object, key)) keys.push(key);
  if (value === undefined) delete object[key];
  else defineKey(object, key, clone(value));
  setKeyOrder(object, keys);
}

function sectionOf(doc: JsonObject, key: string): JsonObject {
  const existing = doc[key];
  if (existing !== null && typeof existing === 'object' && !Array.isArray(existing)) return existing;
  const created: JsonObject = {};
  defineKey(doc, key, created);
  return created;
}

/** Drops empty sections, so that a form's file holds only what it has. */
function tidyForm(doc: JsonObject): JsonObject {
  for (const key of ['attributes', 'components', 'eventHandlers', 'variables']) {
    const section = doc[key];
    if (section !== undefined && section !== null && typeof section === 'object' && Object.keys(section).length === 0) delete doc[key];
  }
  return doc;
}

/** Applies edits to a copy of a form version. */
export function editForm(base: JsonObject, edits: readonly FormEdit[]): JsonObject {
  const doc = clone(base);
  for (const edit of edits) {
    switch (edit.kind) {
      case 'attribute':
        put(sectionOf(doc, 'attributes'), edit.key, edit.value);
        break;
      case 'script':
        put(doc, 'script', edit.value);
        break;
      case 'component':
        put(sectionOf(doc, 'components'), edit.name, edit.attributes);
        break;
      case 'componentAttribute': {
        const components = sectionOf(doc, 'components');
        const component = components[edit.name];
        if (component !== null && typeof component === 'object' && !Array.isArray(component) && Object.hasOwn(components, edit.name)) {
          put(component, edit.key, edit.value);
        }
        break;
      }
      case 'reorderComponents': {
        const components = sectionOf(doc, 'components');
        const entries = keysOf(components).map((k) => [k, components[k]] as const);
        const rotated = entries.slice(edit.by % Math.max(entries.length, 1)).concat(entries.slice(0, edit.by % Math.max(entries.length, 1)));
        defineKey(doc, 'components', objectOf(rotated));
        break;
      }
      case 'event':
        put(sectionOf(doc, 'eventHandlers'), edit.event, edit.handlers);
        break;
      case 'addHandler': {
        const events = sectionOf(doc, 'eventHandlers');
        const list = Array.isArray(events[edit.event]) && Object.hasOwn(events, edit.event) ? [...(events[edit.event] as Json[])] : [];
        list.splice(Math.min(edit.at, list.length), 0, clone(edit.handler));
        defineKey(events, edit.event, list);
        break;
      }
      case 'variable':
        put(sectionOf(doc, 'variables'), edit.key, edit.value);
        break;
    }
  }
  return tidyForm(doc);
}

/** A form version from scratch (the first version of a form, which others are edits of). */
const formRoot: fc.Arbitrary<(name: string) => JsonObject> = fc.array(formEdit, { minLength: 2, maxLength: 10 }).map(
  (edits) => (name) => editForm({ name }, edits),
);

type GlobalEdit = { key: 'code' | 'language' | 'text' | 'hasOwnProperty' | '__proto__'; value: Json | undefined };

const globalEdit: fc.Arbitrary<GlobalEdit> = fc.oneof(
  fc.record({ key: fc.constant('code' as const), value: absentOr(fc.constantFrom(...CODES)) }),
  fc.record({ key: fc.constantFrom('language' as const, 'text' as const, 'hasOwnProperty' as const, '__proto__' as const), value: absentOr(value) }),
);

function editGlobal(base: JsonObject, edits: readonly GlobalEdit[]): JsonObject {
  const doc = clone(base);
  for (const edit of edits) put(sectionOf(doc, 'attributes'), edit.key, edit.value);
  const attributes = doc['attributes'];
  if (attributes !== undefined && attributes !== null && typeof attributes === 'object' && Object.keys(attributes).length === 0 && edits.length % 2 === 0) {
    delete doc['attributes'];
  }
  return doc;
}

const EXPLORERS: readonly JsonObject[] = [
  { folders: [{ name: 'Sales', items: [{ form: 'Customers' }, { form: 'Orders', caption: 'Orders/All' }] }] },
  { folders: [{ name: 'Sales', items: [{ form: 'Customers' }, { name: 'Reports', items: [{ form: 'constructor' }] }] }] },
  { folders: [{ name: 'Mine', items: [{ form: 'Customers' }, { form: 'Customers' }, { form: 'Missing' }] }] },
  { folders: [] },
];

/** How one version is made: present or not, and the edits applied to the version it derives from. */
interface VersionPlan<E> {
  present: boolean;
  edits: E[];
}

const versionPlan = <E>(edit: fc.Arbitrary<E>, presence: number): fc.Arbitrary<VersionPlan<E>> =>
  fc.record({
    // Shrinks towards absence: a counterexample keeps only the versions it needs.
    present: fc.integer({ min: 1, max: 100 }).map((n) => n > 100 - presence),
    edits: fc.oneof({ arbitrary: fc.constant([] as E[]), weight: 2 }, { arbitrary: fc.array(edit, { minLength: 1, maxLength: 3 }), weight: 3 }),
  });

/** Per object: a root version, and for each scope of Target and Source whether a version exists there and how it differs. */
interface ObjectPlan<E> {
  root: (name: string) => JsonObject;
  target: VersionPlan<E>[];
  source: VersionPlan<E>[];
  /** Customized versions (Target scopes below vendor) start from the Source's version of their base instead of the Target's, so they share the vendor's change. */
  fromSource: boolean[];
}

const objectPlan = <E>(root: fc.Arbitrary<(name: string) => JsonObject>, edit: fc.Arbitrary<E>): fc.Arbitrary<ObjectPlan<E>> =>
  fc.record({
    root,
    target: fc.tuple(versionPlan(edit, 85), ...TARGET_SCOPES.slice(1).map(() => versionPlan(edit, 35))),
    source: fc.tuple(versionPlan(edit, 85), ...SOURCE_SCOPES.slice(1).map((_, i) => versionPlan(edit, i === SOURCE_SCOPES.length - 2 ? 10 : 30))),
    fromSource: fc.array(fc.boolean(), { minLength: TARGET_SCOPES.length, maxLength: TARGET_SCOPES.length }),
  });

const globalRoot: fc.Arbitrary<(name: string) => JsonObject> = fc.array(globalEdit, { minLength: 1, maxLength: 4 }).map(
  (edits) => (name) => editGlobal({ name, attributes: {} }, edits),
);

/** The scope whose version a customized version at `scope` derives from (its nearest base candidate). */
function parentScope(scope: string): string {
  if (scope === 'vendor') return 'vendor';
  if (scope === 'site') return 'vendor';
  if (scope.startsWith('groups/')) return 'site';
  return 'groups/Sales';
}

/** Builds the Target's and the Source's versions of one object from its plan. */
function realize<E>(
  plan: ObjectPlan<E>,
  name: string,
  edit: (base: JsonObject, edits: readonly E[]) => JsonObject,
): { target: Map<string, JsonObject>; source: Map<string, JsonObject> } {
  const root = plan.root(name);
  const target = new Map<string, JsonObject>();
  const derived = new Map<string, JsonObject>();
  const source = new Map<string, JsonObject>();
  // Source versions derive from the Target's version at the same scope (or the root).
  const baseAt = (scope: string): JsonObject => {
    const t = derived.get(scope);
    return t ?? (scope === 'vendor' ? root : baseAt(parentScope(scope)));
  };
  TARGET_SCOPES.forEach((scope, i) => {
    const from = scope === 'vendor' ? root : baseAt(parentScope(scope));
    const doc = edit(from, plan.target[i].edits);
    derived.set(scope, doc);
    if (plan.target[i].present) target.set(scope, doc);
  });
  SOURCE_SCOPES.forEach((scope, i) => {
    const doc = edit(derived.get(scope) ?? root, plan.source[i].edits);
    if (plan.source[i].present) source.set(scope, doc);
  });
  // A customized version that also carries the vendor's change (rule 3: both made the same change).
  TARGET_SCOPES.forEach((scope, i) => {
    if (i === 0 || !plan.fromSource[i] || !target.has(scope)) return;
    const vendorNew = source.get('vendor');
    if (vendorNew) target.set(scope, edit(vendorNew, plan.target[i].edits));
  });
  return { target, source };
}

const runtimeDoc = (name: string, width: number): JsonObject => ({ name, attributes: { width, splitters: [30] } });

/** Group membership in the Target's configuration.json: each user in at most one group. */
const membership: fc.Arbitrary<Record<string, string[]> | undefined> = fc.option(
  fc.array(fc.constantFrom<string | null>(null, ...GROUPS), { minLength: USERS.length, maxLength: USERS.length }).map((assigned) => {
    const groups = objectOf(GROUPS.map((g) => [g, []])) as Record<string, string[]>;
    assigned.forEach((group, i) => {
      if (group !== null) groups[group].push(USERS[i]);
    });
    return groups;
  }),
  { nil: undefined },
);

/** A Source and a Target configuration, as documents keyed by relative path, and the Target's meta. */
export interface ConfigurationPair {
  source: Record<string, JsonObject>;
  target: Record<string, JsonObject>;
  targetMeta: Partial<ConfigurationMeta>;
}

/** Small Source and Target configurations derived from one another (see the module comment). */
export const configurationPair: fc.Arbitrary<ConfigurationPair> = fc
  .record({
    forms: fc.tuple(...FORM_NAMES.map(() => objectPlan(formRoot, formEdit))),
    globals: fc.tuple(...GLOBALS.map(() => objectPlan(globalRoot, globalEdit))),
    explorer: fc.record({
      vendorTarget: fc.option(fc.nat(EXPLORERS.length - 1), { nil: undefined, freq: 4 }),
      vendorSource: fc.option(fc.nat(EXPLORERS.length - 1), { nil: undefined, freq: 4 }),
      site: fc.option(fc.nat(EXPLORERS.length - 1), { nil: undefined }),
      user: fc.option(fc.nat(EXPLORERS.length - 1), { nil: undefined }),
    }),
    runtime: fc.array(fc.tuple(fc.constantFrom(...USERS), fc.constantFrom(...FORM_NAMES), fc.integer({ min: 10, max: 12 })), { maxLength: 3 }),
    groups: membership,
    protected: fc.option(fc.boolean(), { nil: undefined, freq: 4 }),
  })
  .map((plan) => {
    const source: Record<string, JsonObject> = {};
    const target: Record<string, JsonObject> = {};
    FORM_NAMES.forEach((name, i) => {
      const versions = realize(plan.forms[i], name, editForm);
      for (const [scope, doc] of versions.target) target[`${scope}/forms/${name}.json`] = doc;
      for (const [scope, doc] of versions.source) source[`${scope}/forms/${name}.json`] = doc;
    });
    GLOBALS.forEach(([type, name], i) => {
      const versions = realize(plan.globals[i], name, editGlobal);
      for (const [scope, doc] of versions.target) target[`${scope}/globals/${type}/${name}.json`] = doc;
      for (const [scope, doc] of versions.source) source[`${scope}/globals/${type}/${name}.json`] = doc;
    });
    const explorer = (n: number | undefined) => (n === undefined ? undefined : clone(EXPLORERS[n]));
    const e = plan.explorer;
    if (e.vendorTarget !== undefined) target['vendor/explorer.json'] = explorer(e.vendorTarget) as JsonObject;
    if (e.vendorSource !== undefined) source['vendor/explorer.json'] = explorer(e.vendorSource) as JsonObject;
    if (e.site !== undefined) target['site/explorer.json'] = explorer(e.site) as JsonObject;
    if (e.user !== undefined) target['users/J_Doe/explorer.json'] = explorer(e.user) as JsonObject;
    for (const [user, form, width] of plan.runtime) target[`users/${user}/runtime/${form}.json`] = runtimeDoc(form, width);
    const targetMeta: Partial<ConfigurationMeta> = { name: 'Production' };
    if (plan.groups !== undefined) targetMeta.groups = plan.groups;
    if (plan.protected !== undefined) targetMeta.protected = plan.protected;
    return { source: objectOf(Object.entries(source).sort(([a], [b]) => (a < b ? -1 : 1))) as Record<string, JsonObject>, target, targetMeta };
  });

/** The in-memory configurations of a pair. */
export function configurationsOf(pair: ConfigurationPair): { source: Configuration; target: Configuration } {
  return {
    source: configurationOf(pair.source, { name: 'Vendor' }),
    target: configurationOf(pair.target, pair.targetMeta),
  };
}

const rule: fc.Arbitrary<AttributeRule> = fc.constantFrom('keep', 'prompt', 'replace');

/** Options: every option varied, rules per attribute included. */
export const optionsArbitrary: fc.Arbitrary<Options> = fc
  .record({
    baseLevel: fc.constantFrom('vendor', 'vendor', 'vendor', 'site', 'group') as fc.Arbitrary<Options['baseLevel']>,
    onlyProcessChangedBase: fc.boolean(),
    deleteOnlyMatchingBase: fc.boolean(),
    removeRuntimeChanges: fc.boolean(),
    formsMode: fc.constantFrom('merge', 'merge', 'merge', 'leave', 'remove', 'skip') as fc.Arbitrary<Options['forms']['mode']>,
    formsPrompt: fc.boolean(),
    formNames: fc.constantFrom([], [], ['cust%'], ['%o%', 'Orders']),
    formAttributes: fc.option(fc.dictionary(fc.constantFrom('*', ...ATTRIBUTE_NAMES), rule, { maxKeys: 3 }), { nil: undefined }),
    componentAttributes: fc.option(fc.dictionary(fc.constantFrom('*', ...COMPONENT_ATTRIBUTES), rule, { maxKeys: 3 }), { nil: undefined }),
    script: rule,
    eventHandlers: rule,
    variables: rule,
    nonMatchingComponents: fc.constantFrom('keep', 'remove') as fc.Arbitrary<'keep' | 'remove'>,
    textMerge: fc.boolean(),
    ignoreWhitespace: fc.boolean(),
    dropRedundantCustomizations: fc.boolean(),
    globalsMode: fc.constantFrom('merge', 'merge', 'keep', 'remove', 'skip') as fc.Arbitrary<Options['globals']['mode']>,
    globalsPrompt: fc.boolean(),
    globalTypes: fc.constantFrom<Record<string, string>>({}, {}, { scripts: '%' }, { strings: 's%', validators: 'TOSTRING' }),
    explorerUpdate: fc.boolean(),
    keepExplorer: fc.boolean(),
    verifyLinks: fc.boolean(),
  })
  .map((o) => {
    const options = defaultOptions();
    options.baseLevel = o.baseLevel;
    options.onlyProcessChangedBase = o.onlyProcessChangedBase;
    options.deleteOnlyMatchingBase = o.deleteOnlyMatchingBase;
    options.removeRuntimeChanges = o.removeRuntimeChanges;
    options.forms = { mode: o.formsMode, promptBeforeRemoval: o.formsPrompt, names: [...o.formNames] };
    for (const [k, v] of Object.entries(o.formAttributes ?? {})) defineKey(options.merge.formAttributes as JsonObject, k, v);
    for (const [k, v] of Object.entries(o.componentAttributes ?? {})) defineKey(options.merge.componentAttributes as JsonObject, k, v);
    options.merge.script = o.script;
    options.merge.eventHandlers = o.eventHandlers;
    options.merge.variables = o.variables;
    options.merge.nonMatchingComponents = o.nonMatchingComponents;
    options.merge.textMerge = o.textMerge;
    options.merge.ignoreWhitespace = o.ignoreWhitespace;
    options.merge.dropRedundantCustomizations = o.dropRedundantCustomizations;
    options.globals = { mode: o.globalsMode, promptBeforeRemoval: o.globalsPrompt, types: { ...o.globalTypes } };
    options.explorer = { update: o.explorerUpdate, keepCustomizations: o.keepExplorer, verifyLinks: o.verifyLinks };
    return options;
  });

/** How prompts get answered: one pick per prompt (by position, modulo its choices) and a default for the rest. */
export interface AnswerPlan {
  picks: number[];
  answerDefault: 'keep' | 'replace' | undefined;
  allowDestructive: boolean;
}

export const answerPlan: fc.Arbitrary<AnswerPlan> = fc.record({
  picks: fc.array(fc.nat(7), { maxLength: 24 }),
  answerDefault: fc.constantFrom<'keep' | 'replace' | undefined>(undefined, 'keep', 'replace'),
  allowDestructive: fc.boolean(),
});

/** An edit answer that fits the prompt: the value a user would plausibly type. */
function editValue(prompt: Prompt): Json {
  if (prompt.id.includes('/eventHandlers/')) return [{ responseType: 'Script', response: 'Edited' }];
  if (prompt.id.startsWith('global:') && !prompt.id.slice(prompt.id.indexOf('@')).includes('/')) return 'Edited code\r\n';
  if (prompt.id.endsWith('/script') || typeof prompt.customized === 'string' || prompt.textMerge !== undefined) return 'edited\r\ntext\r\n';
  return 'Edited';
}

/** Answers for the prompts of a first analysis, chosen by the plan's picks. */
export function answersFor(prompts: readonly Prompt[], plan: AnswerPlan): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  if (plan.picks.length === 0) return answers;
  prompts.forEach((prompt, i) => {
    const pick = plan.picks[i % plan.picks.length];
    if (pick === 7) return; // left to the default answer
    const choice = prompt.choices[pick % prompt.choices.length];
    answers.set(prompt.id, choice === 'edit' ? { edit: editValue(prompt) } : choice);
  });
  return answers;
}
