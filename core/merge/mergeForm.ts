import { SCHEMA_KEY, equivalent, strictEqual } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject, keysOf, orderedObject } from '../json.js';
import { assertNever } from '../model.js';
import type { AttributeRule } from '../options.js';
import { attributeRule } from '../options.js';
import { askRemoval } from './askRemoval.js';
import { findLogicalDuplicates } from './findLogicalDuplicates.js';
import type { MergeContext, Values } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import type { HandlerList } from './mergeEventHandlers.js';
import { mergeEventHandlers } from './mergeEventHandlers.js';
import { mergeValue } from './mergeValue.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';
import { threeWay } from './threeWay.js';

/** The three versions of one form a customized version is merged from. */
export interface FormMergeInput {
  /** The version's id, `form:<Form>@<scope>`: the prefix of every decision and prompt id. */
  id: string;
  customized: JsonObject;
  targetBase: JsonObject;
  sourceBase: JsonObject;
}

/**
 * Merges one customized form version (docs/merge-behaviour.md, "The three-way rule" and "Components, event handlers, order"):
 * attributes, the form script, components (matched by name, with the seven cases of the
 * component table and the component order rule), event handlers and variables. Every key order
 * of the result is explicit (`keysOf`), so that integer-like names keep their place. The
 * version's own top-level `$schema`, if any, is kept as written and never merged.
 */
export function mergeForm(ctx: MergeContext, input: FormMergeInput): Outcome<JsonObject> {
  const { id, customized: c, targetBase: t, sourceBase: s } = input;
  const rules = ctx.options.merge;
  let complete = true;
  const track = <T>(outcome: Outcome<T>): T | undefined => {
    if (outcome.kind === 'unresolved') {
      complete = false;
      return undefined;
    }
    return outcome.value;
  };

  const attributes = mergeMap(section(c, 'attributes'), section(t, 'attributes'), section(s, 'attributes'), (key, cv, tv, sv) =>
    track(mergeValue(ctx, { id: `${id}/attributes/${key}`, label: key, customized: cv, targetBase: tv, sourceBase: sv, rule: attributeRule(rules.formAttributes, key) })),
  );

  const script = track(
    mergeValue(ctx, {
      id: `${id}/script`,
      label: 'the form script',
      customized: textOf(c),
      targetBase: textOf(t),
      sourceBase: textOf(s),
      rule: rules.script,
      text: true,
    }),
  );

  const components = track(mergeComponents(ctx, id, section(c, 'components'), section(t, 'components'), section(s, 'components')));

  const cEvents = section(c, 'eventHandlers');
  const tEvents = section(t, 'eventHandlers');
  const sEvents = section(s, 'eventHandlers');
  const events: [string, Json][] = [];
  for (const event of unionKeys(sEvents, cEvents, tEvents)) {
    const value = track(
      mergeEventHandlers(ctx, `${id}/eventHandlers/${event}`, event, handlers(own(cEvents, event)), handlers(own(tEvents, event)), handlers(own(sEvents, event))),
    );
    if (value !== undefined && value.length > 0) events.push([event, value]);
  }

  const variables = mergeMap(section(c, 'variables'), section(t, 'variables'), section(s, 'variables'), (key, cv, tv, sv) =>
    track(mergeValue(ctx, { id: `${id}/variables/${key}`, label: `variable ${key}`, customized: cv, targetBase: tv, sourceBase: sv, rule: rules.variables })),
  );

  if (!complete || components === undefined) return UNRESOLVED;
  const entries: [string, Json][] = [['name', c['name'] as string]];
  if (keysOf(attributes).length > 0) entries.push(['attributes', attributes]);
  if ((typeof script === 'string' && script !== '') || Object.hasOwn(c, 'script')) entries.push(['script', script ?? '']);
  if (keysOf(components).length > 0) entries.push(['components', components]);
  if (events.length > 0) entries.push(['eventHandlers', orderedObject(events)]);
  if (keysOf(variables).length > 0) entries.push(['variables', variables]);
  // The version's own $schema is an editor's aid: kept as written (first when it was first).
  if (Object.hasOwn(c, SCHEMA_KEY)) {
    const schema: [string, Json] = [SCHEMA_KEY, c[SCHEMA_KEY]];
    if (keysOf(c)[0] === SCHEMA_KEY) entries.unshift(schema);
    else entries.push(schema);
  }
  reportLogicalDuplicates(ctx, id, components, section(s, 'components'));
  return resolved(orderedObject(entries));
}

/**
 * Merges the components of a form by name (the seven rows of the component table) and orders the
 * result: the source base's order, each component only in C placed right after the nearest
 * component that precedes it in C and is in the result (first when there is none).
 */
function mergeComponents(
  ctx: MergeContext,
  id: string,
  cComps: JsonObject,
  tComps: JsonObject,
  sComps: JsonObject,
): Outcome<JsonObject> {
  const ws = ctx.options.merge.ignoreWhitespace;
  const rules = ctx.options.merge;
  const merged = new Map<string, JsonObject>();
  let complete = true;

  for (const name of unionKeys(sComps, cComps, tComps)) {
    // Own keys only: a component named `__proto__` must not read Object.prototype where it is absent.
    const cc = component(own(cComps, name));
    const tc = component(own(tComps, name));
    const sc = component(own(sComps, name));
    const cid = `${id}/components/${name}`;
    const values = { customized: cc, targetBase: tc, sourceBase: sc };

    if (cc && tc && sc) {
      // In all three: attribute by attribute, each by the three-way rule.
      const result = mergeComponentAttributes(ctx, cid, cc, tc, sc, rules.componentAttributes);
      if (result.kind === 'unresolved') complete = false;
      else merged.set(name, result.value);
      continue;
    }
    if (cc && !tc && !sc) {
      // Added by the customizer (non-matching): its own option decides.
      if (rules.nonMatchingComponents === 'keep') {
        ctx.decide(cid, 'kept-customization', `component ${name} was added by the customizer (non-matching); merge.nonMatchingComponents keep`, { ...values, result: cc });
        merged.set(name, cc);
      } else {
        ctx.decide(cid, 'removed', `component ${name} was added by the customizer (non-matching); merge.nonMatchingComponents remove`, { ...values });
      }
      continue;
    }
    // Every other row of the component table is the three-way rule with absent components.
    const outcome = threeWay<JsonObject | undefined>(values, { equivalent: (a, b) => equivalent(a, b, ws), strictlyEqual: strictEqual });
    switch (outcome.kind) {
      case 'not-customized':
      case 'phantom':
        if (sc) {
          ctx.decide(cid, 'added', `vendor added component ${name}`, { ...values, result: sc });
          merged.set(name, sc);
        } else if (cc) {
          ctx.decide(cid, 'removed', `vendor removed component ${name}; it was not customized`, { ...values });
        }
        break;
      case 'vendor-unchanged':
        // Absent in C, unchanged by the vendor: the customizer's deletion stands.
        ctx.decide(cid, 'kept-customization', `the customizer deleted component ${name} and the vendor did not change it: it stays deleted`, { ...values });
        break;
      case 'same-change':
        // Both added it alike (or both removed it): the customized version's stands.
        if (cc) merged.set(name, cc);
        break;
      case 'conflict':
        if (cc && tc) {
          const answer = askRemoval(ctx, {
            id: cid,
            question: `The vendor removed component ${name}, which the customization changed. Keep it?`,
            values,
            why: `vendor removed component ${name}`,
          });
          if (answer.kind === 'unresolved') complete = false;
          else if (answer.value === 'keep') merged.set(name, cc);
        } else if (cc && sc) {
          const result = mergeComponentAttributes(ctx, cid, cc, undefined, sc, rules.componentAttributes);
          if (result.kind === 'unresolved') complete = false;
          else merged.set(name, result.value);
        } else if (tc && sc) {
          const restored = askRestore(ctx, cid, name, values, sc);
          if (restored.kind === 'unresolved') complete = false;
          else if (restored.value !== undefined) merged.set(name, restored.value);
        }
        break;
      default:
        assertNever(outcome);
    }
  }
  if (!complete) return UNRESOLVED;
  return resolved(orderComponents(merged, keysOf(sComps), keysOf(cComps)));
}

/** A component the customizer deleted and the vendor changed: keep it deleted, or restore S's. */
function askRestore(
  ctx: MergeContext,
  cid: string,
  name: string,
  values: Values,
  sc: JsonObject,
): Outcome<JsonObject | undefined> {
  const asked = ctx.ask({
    id: cid,
    question: `The customizer deleted component ${name}, which the vendor changed. Keep it deleted (keep) or restore the source base's (replace)?`,
    choices: ['keep', 'replace'],
    values,
    replaceRemoves: false,
  });
  if (asked.kind === 'unresolved') return UNRESOLVED;
  const answer = asked.value;
  if (answer.kind === 'keep') {
    ctx.decide(cid, 'kept-customization', `the customizer deleted component ${name}; ${answeredReason(answer)}: it stays deleted`, { ...values });
    return resolved(undefined);
  }
  ctx.decide(cid, 'took-source', `the customizer deleted component ${name}; ${answeredReason(answer)}: restored from the source base`, { ...values, result: sc });
  return resolved(sc);
}

/**
 * The result's component order (docs/merge-behaviour.md, "Components, event handlers, order"): the source base's
 * order; each component only in C right after the nearest component that precedes it in C and
 * is in the result, or first when there is none.
 */
function orderComponents(merged: Map<string, JsonObject>, sourceOrder: readonly string[], customizedOrder: readonly string[]): JsonObject {
  const order = sourceOrder.filter((name) => merged.has(name));
  const placed = new Set(order);
  customizedOrder.forEach((name, index) => {
    if (!merged.has(name) || placed.has(name)) return;
    let at = 0;
    for (let i = index - 1; i >= 0; i--) {
      const previous = customizedOrder[i];
      if (placed.has(previous)) {
        at = order.indexOf(previous) + 1;
        break;
      }
    }
    order.splice(at, 0, name);
    placed.add(name);
  });
  return orderedObject(order.map((name) => [name, merged.get(name) as JsonObject]));
}

function mergeComponentAttributes(
  ctx: MergeContext,
  cid: string,
  cc: JsonObject,
  tc: JsonObject | undefined,
  sc: JsonObject,
  rules: Record<string, AttributeRule>,
): Outcome<JsonObject> {
  let complete = true;
  const name = cid.slice(cid.lastIndexOf('/') + 1);
  const result = mergeMap(cc, tc ?? {}, sc, (key, cv, tv, sv) => {
    const outcome = mergeValue(ctx, {
      id: `${cid}/${key}`,
      label: `${key} of component ${name}`,
      customized: cv,
      targetBase: tv,
      sourceBase: sv,
      rule: attributeRule(rules, key),
    });
    if (outcome.kind === 'unresolved') {
      complete = false;
      return undefined;
    }
    return outcome.value;
  });
  return complete ? resolved(result) : UNRESOLVED;
}

/**
 * Merges an object key by key with `merge`; the result has the source base's key order, then keys
 * only in C in their order, then the rest. A key whose merged value is absent is left out.
 */
function mergeMap(
  c: JsonObject,
  t: JsonObject,
  s: JsonObject,
  merge: (key: string, c: Json | undefined, t: Json | undefined, s: Json | undefined) => Json | undefined,
): JsonObject {
  const entries: [string, Json][] = [];
  for (const key of unionKeys(s, c, t)) {
    const value = merge(key, own(c, key), own(t, key), own(s, key));
    if (value !== undefined) entries.push([key, value]);
  }
  return orderedObject(entries);
}

/**
 * Warns about components of one merged form with different names but the same non-empty binding
 * and type (docs/merge-behaviour.md, "Warnings"), unless the source base has both already.
 */
function reportLogicalDuplicates(ctx: MergeContext, id: string, components: JsonObject, sComps: JsonObject): void {
  for (const { first, second, binding, type } of findLogicalDuplicates(components, sComps)) {
    ctx.warn(
      'logical-duplicate',
      `components ${first} and ${second} of ${id} both bind ${binding} as ${String(type ?? 'untyped')}: probably one added by the customizer and one by the vendor`,
      '',
      id,
    );
  }
}

function unionKeys(...objects: JsonObject[]): string[] {
  const keys = new Set<string>();
  for (const object of objects) for (const key of keysOf(object)) keys.add(key);
  return [...keys];
}

function section(doc: JsonObject, key: string): JsonObject {
  const value = doc[key];
  return isJsonObject(value) ? value : {};
}

function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function component(value: Json | undefined): JsonObject | undefined {
  return isJsonObject(value) ? value : undefined;
}

function handlers(value: Json | undefined): HandlerList | undefined {
  return Array.isArray(value) ? (value as HandlerList) : undefined;
}

function textOf(doc: JsonObject): string {
  const script = doc['script'];
  return typeof script === 'string' ? script : '';
}
