import { equivalent } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject } from '../json.js';
import type { AttributeRule } from '../options.js';
import { attributeRule } from '../options.js';
import { defineKey } from '../serialize.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import type { HandlerList } from './mergeEventHandlers.js';
import { mergeEventHandlers } from './mergeEventHandlers.js';
import { mergeValue } from './mergeValue.js';

/** The three versions of one form a customized version is merged from. */
export interface FormMergeInput {
  /** The version's id, `form:<Form>@<scope>`: the prefix of every decision and prompt id. */
  id: string;
  customized: JsonObject;
  targetBase: JsonObject;
  sourceBase: JsonObject;
}

/** The merged customized version, or unresolved while a prompt has no valid answer. */
export type FormOutcome = { resolved: true; doc: JsonObject } | { resolved: false };

/**
 * Merges one customized form version (docs/merge-behaviour.md, "Components, event handlers, order"):
 * attributes, the form script, components (matched by name, with the seven cases of the
 * component table and the component order rule), event handlers and variables.
 */
export function mergeForm(ctx: MergeContext, input: FormMergeInput): FormOutcome {
  const { id, customized: c, targetBase: t, sourceBase: s } = input;
  const rules = ctx.options.merge;
  let resolved = true;
  const track = <T>(outcome: { resolved: true; value: T } | { resolved: false }): T | undefined => {
    if (!outcome.resolved) {
      resolved = false;
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

  const components = mergeComponents(ctx, id, section(c, 'components'), section(t, 'components'), section(s, 'components'), (ok) => {
    if (!ok) resolved = false;
  });

  const eventHandlers: JsonObject = {};
  const cEvents = section(c, 'eventHandlers');
  const tEvents = section(t, 'eventHandlers');
  const sEvents = section(s, 'eventHandlers');
  for (const event of unionKeys(sEvents, cEvents, tEvents)) {
    const value = track(
      mergeEventHandlers(ctx, `${id}/eventHandlers/${event}`, event, handlers(own(cEvents, event)), handlers(own(tEvents, event)), handlers(own(sEvents, event))),
    );
    if (value !== undefined && value.length > 0) defineKey(eventHandlers, event, value);
  }

  const variables = mergeMap(section(c, 'variables'), section(t, 'variables'), section(s, 'variables'), (key, cv, tv, sv) =>
    track(mergeValue(ctx, { id: `${id}/variables/${key}`, label: `variable ${key}`, customized: cv, targetBase: tv, sourceBase: sv, rule: rules.variables })),
  );

  if (!resolved) return { resolved: false };
  const doc: JsonObject = { name: c['name'] as string };
  if (Object.keys(attributes).length > 0) doc['attributes'] = attributes;
  if ((typeof script === 'string' && script !== '') || Object.hasOwn(c, 'script')) doc['script'] = script ?? '';
  if (Object.keys(components).length > 0) doc['components'] = components;
  if (Object.keys(eventHandlers).length > 0) doc['eventHandlers'] = eventHandlers;
  if (Object.keys(variables).length > 0) doc['variables'] = variables;
  reportLogicalDuplicates(ctx, id, components, section(s, 'components'));
  return { resolved: true, doc };
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
  report: (resolved: boolean) => void,
): JsonObject {
  const ws = ctx.options.merge.ignoreWhitespace;
  const rules = ctx.options.merge;
  const merged = new Map<string, JsonObject>();

  for (const name of unionKeys(sComps, cComps, tComps)) {
    // Own keys only: a component named `__proto__` must not read Object.prototype where it is absent.
    const cc = component(own(cComps, name));
    const tc = component(own(tComps, name));
    const sc = component(own(sComps, name));
    const cid = `${id}/components/${name}`;
    const values = { customized: cc, targetBase: tc, sourceBase: sc };

    if (cc && tc && sc) {
      const result = mergeComponentAttributes(ctx, cid, cc, tc, sc, rules.componentAttributes);
      if (result === null) report(false);
      else merged.set(name, result);
    } else if (cc && tc && !sc) {
      if (equivalent(cc, tc, ws)) {
        ctx.decide(cid, 'removed', `vendor removed component ${name}; it was not customized`, { ...values });
        continue;
      }
      const answer = ctx.ask({
        id: cid,
        question: `The vendor removed component ${name}, which the customization changed. Keep it?`,
        choices: ['keep', 'remove'],
        values,
        replaceRemoves: true,
      });
      if (answer === null) {
        report(false);
        continue;
      }
      if (answer.kind === 'keep') {
        ctx.decide(cid, 'kept-customization', `vendor removed component ${name}; ${answeredReason(answer)}`, { ...values, result: cc });
        merged.set(name, cc);
      } else {
        ctx.decide(cid, 'removed', `vendor removed component ${name}; ${answeredReason(answer)}`, { ...values });
      }
    } else if (cc && !tc && !sc) {
      if (rules.nonMatchingComponents === 'keep') {
        ctx.decide(cid, 'kept-customization', `component ${name} was added by the customizer (non-matching); merge.nonMatchingComponents keep`, { ...values, result: cc });
        merged.set(name, cc);
      } else {
        ctx.decide(cid, 'removed', `component ${name} was added by the customizer (non-matching); merge.nonMatchingComponents remove`, { ...values });
      }
    } else if (cc && !tc && sc) {
      if (equivalent(cc, sc, ws)) {
        merged.set(name, cc);
        continue;
      }
      const result = mergeComponentAttributes(ctx, cid, cc, undefined, sc, rules.componentAttributes);
      if (result === null) report(false);
      else merged.set(name, result);
    } else if (!cc && tc && sc) {
      if (equivalent(sc, tc, ws)) {
        ctx.decide(cid, 'kept-customization', `the customizer deleted component ${name} and the vendor did not change it: it stays deleted`, { ...values });
        continue;
      }
      const answer = ctx.ask({
        id: cid,
        question: `The customizer deleted component ${name}, which the vendor changed. Keep it deleted (keep) or restore the source base's (replace)?`,
        choices: ['keep', 'replace'],
        values,
        replaceRemoves: false,
      });
      if (answer === null) {
        report(false);
        continue;
      }
      if (answer.kind === 'keep') {
        ctx.decide(cid, 'kept-customization', `the customizer deleted component ${name}; ${answeredReason(answer)}: it stays deleted`, { ...values });
      } else {
        ctx.decide(cid, 'took-source', `the customizer deleted component ${name}; ${answeredReason(answer)}: restored from the source base`, { ...values, result: sc });
        merged.set(name, sc);
      }
    } else if (!cc && !tc && sc) {
      ctx.decide(cid, 'added', `vendor added component ${name}`, { ...values, result: sc });
      merged.set(name, sc);
    }
    // In T only: the vendor removed it and the customizer deleted it; it stays absent.
  }
  return orderComponents(merged, Object.keys(sComps), Object.keys(cComps));
}

function orderComponents(merged: Map<string, JsonObject>, sourceOrder: string[], customizedOrder: string[]): JsonObject {
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
  const result: JsonObject = {};
  for (const name of order) defineKey(result, name, merged.get(name) as JsonObject);
  return result;
}

function mergeComponentAttributes(
  ctx: MergeContext,
  cid: string,
  cc: JsonObject,
  tc: JsonObject | undefined,
  sc: JsonObject,
  rules: Record<string, AttributeRule>,
): JsonObject | null {
  let resolved = true;
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
    if (!outcome.resolved) {
      resolved = false;
      return undefined;
    }
    return outcome.value;
  });
  return resolved ? result : null;
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
  const result: JsonObject = {};
  for (const key of unionKeys(s, c, t)) {
    const value = merge(key, own(c, key), own(t, key), own(s, key));
    if (value !== undefined) defineKey(result, key, value);
  }
  return result;
}

/**
 * Warns about components of one merged form with different names but the same non-empty binding
 * and type (docs/merge-behaviour.md, "Warnings"), unless the source base has both already.
 */
function reportLogicalDuplicates(ctx: MergeContext, id: string, components: JsonObject, sComps: JsonObject): void {
  const seen = new Map<string, string>();
  for (const [name, value] of Object.entries(components)) {
    if (!isJsonObject(value)) continue;
    const binding = value['binding'];
    const type = value['type'];
    if (typeof binding !== 'string' || binding === '') continue;
    const key = JSON.stringify([binding, type ?? null]);
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, name);
      continue;
    }
    if (Object.hasOwn(sComps, name) && Object.hasOwn(sComps, other)) continue;
    ctx.warn(
      'logical-duplicate',
      `components ${other} and ${name} of ${id} both bind ${binding} as ${String(type ?? 'untyped')}: probably one added by the customizer and one by the vendor`,
      '',
      id,
    );
  }
}

function unionKeys(...objects: JsonObject[]): string[] {
  const keys = new Set<string>();
  for (const object of objects) for (const key of Object.keys(object)) keys.add(key);
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
