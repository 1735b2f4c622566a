import type { Choice } from '../analysis.js';
import { documentsEquivalent, equivalent } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject } from '../json.js';
import type { ObjectRef } from '../model.js';
import { defineKey } from '../serialize.js';
import { hasConflictMarkers } from '../textMerge/index.js';
import { nameProblem } from '../names.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import { textMergeOf } from './mergeValue.js';

/**
 * Applies `globals.mode` to one processed customized version of a global object, handled as one
 * unit (spec/merge-rules.md, "Global objects"). Returns the resulting version, `null` when it is
 * deleted, or `'unresolved'` while its prompt has no valid answer.
 */
export function mergeGlobal(
  ctx: MergeContext,
  id: string,
  object: ObjectRef,
  c: JsonObject,
  t: JsonObject,
  s: JsonObject,
  baseChanged: boolean,
): JsonObject | null | 'unresolved' {
  const globals = ctx.options.globals;
  const ws = ctx.options.merge.ignoreWhitespace;
  const values = { customized: c, targetBase: t, sourceBase: s };
  const label = object.kind === 'global' ? `${object.type}/${object.name}` : id;

  switch (globals.mode) {
    case 'keep':
      ctx.decide(id, 'kept-customization', 'globals.mode keep: customized version kept', { ...values, result: c });
      return c;
    case 'remove': {
      if (!globals.promptBeforeRemoval) {
        ctx.decide(id, 'removed', 'globals.mode remove: customized version deleted', values);
        return null;
      }
      const answer = ctx.ask({
        id,
        question: `globals.mode is remove. Remove this customized version of ${label}?`,
        choices: ['keep', 'remove'],
        values,
        replaceRemoves: true,
      });
      if (answer === null) return 'unresolved';
      if (answer.kind === 'keep') {
        ctx.decide(id, 'kept-customization', `prompt before removal: ${answeredReason(answer)}`, { ...values, result: c });
        return c;
      }
      ctx.decide(id, 'removed', `prompt before removal: ${answeredReason(answer)}`, values);
      return null;
    }
    case 'skip':
      throw new Error('global objects with mode skip are never processed');
    case 'merge':
      break;
  }

  if (!baseChanged) {
    ctx.decide(id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: c });
    return c;
  }
  if (documentsEquivalent(c, t, ws)) {
    const result = { ...s, name: c['name'] } as JsonObject;
    ctx.decide(id, 'took-source', `${label} was not customized; vendor change taken`, { ...values, result });
    return result;
  }
  if (documentsEquivalent(c, s, ws)) {
    ctx.decide(id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: c });
    return c;
  }

  const isScript = object.kind === 'global' && object.type === 'scripts';
  const choices: Choice[] = ['keep', 'replace'];
  let merged: JsonObject | null = null;
  let textMerge;
  if (isScript) {
    choices.push('edit');
    const code = (doc: JsonObject) => (isJsonObject(doc['attributes']) ? doc['attributes']['code'] : undefined);
    textMerge = ctx.options.merge.textMerge ? textMergeOf(code(c), code(t), code(s), ctx.options.merge.diffAlgorithm) : undefined;
    const others = mergeOtherAttributes(c, t, s, ws);
    if (textMerge?.clean && others !== null) {
      defineKey(others, 'code', textMerge.text);
      merged = { name: c['name'], attributes: others } as JsonObject;
      choices.push('merge');
    }
  }
  const answer = ctx.ask({
    id,
    question: `Both the customization and the vendor changed ${label}. Keep the customized version, or replace it with the source base?`,
    choices,
    values,
    replaceRemoves: true,
    textMerge,
    validateEdit: (value) => validateScriptEdit(value),
  });
  if (answer === null) return 'unresolved';
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(id, 'kept-customization', reason, { ...values, result: c });
      return c;
    case 'replace':
      ctx.decide(id, 'took-source', `${reason}: the customized version is deleted, so its users get the source base`, values);
      return null;
    case 'merge':
      ctx.decide(id, 'merged-text', reason, { ...values, result: merged });
      return merged as JsonObject;
    case 'edit': {
      const result = editedGlobal(c, answer.value);
      ctx.decide(id, 'edited', reason, { ...values, result });
      return result;
    }
  }
}

/**
 * The attributes other than `code`, each decided by rules 1–3 (C ≡ T → S; S ≡ T → C; S ≡ C → C);
 * `null` when one of them needs rule 4, so no clean merge is offered.
 */
function mergeOtherAttributes(c: JsonObject, t: JsonObject, s: JsonObject, ws: boolean): JsonObject | null {
  const attrs = (doc: JsonObject): JsonObject => (isJsonObject(doc['attributes']) ? doc['attributes'] : {});
  const [ca, ta, sa] = [attrs(c), attrs(t), attrs(s)];
  const result: JsonObject = {};
  const keys = new Set([...Object.keys(sa), ...Object.keys(ca), ...Object.keys(ta)]);
  for (const key of keys) {
    if (key === 'code') {
      defineKey(result, key, '');
      continue;
    }
    const [cv, tv, sv] = [own(ca, key), own(ta, key), own(sa, key)];
    let value: Json | undefined;
    if (equivalent(cv, tv, ws)) value = sv;
    else if (equivalent(sv, tv, ws) || equivalent(sv, cv, ws)) value = cv;
    else return null;
    if (value !== undefined) defineKey(result, key, value);
  }
  return result;
}

function validateScriptEdit(value: Json): string | null {
  if (typeof value === 'string') return hasConflictMarkers(value) ? 'still contains conflict markers' : null;
  if (isJsonObject(value) && isJsonObject(value['attributes']) && Object.keys(value).every((k) => k === 'name' || k === 'attributes')) {
    for (const key of Object.keys(value['attributes'])) {
      const problem = nameProblem(key);
      if (problem !== null) return `has an attribute with an invalid name: ${problem}`;
    }
    const code = value['attributes']['code'];
    if (typeof code === 'string' && hasConflictMarkers(code)) return 'still contains conflict markers';
    return null;
  }
  return 'must be the script code (a string) or a whole global object ({"attributes": {...}}, no other keys)';
}

/** An edit is the script's code (a string) or a whole object; the name is always the version's. */
function editedGlobal(c: JsonObject, value: Json): JsonObject {
  if (typeof value === 'string') {
    const attributes: JsonObject = { ...(isJsonObject(c['attributes']) ? c['attributes'] : {}) };
    defineKey(attributes, 'code', value);
    return { name: c['name'], attributes } as JsonObject;
  }
  return { ...(value as JsonObject), name: c['name'] } as JsonObject;
}

function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}
