import type { Choice } from '../analysis.js';
import { CarryoverBug } from '../bug.js';
import { SCHEMA_KEY, codeIsText, documentsEquivalent, documentsStrictlyEqual, phantomDifference } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject, keysOf, orderedObject } from '../json.js';
import type { ObjectRef } from '../model.js';
import { assertNever } from '../model.js';
import { hasConflictMarkers } from '../textMerge/index.js';
import { nameProblem } from '../names.js';
import { askRemoval } from './askRemoval.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import { textMergeOf, textsOf } from './mergeValue.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';
import { threeWay } from './threeWay.js';
import { mergeAttributes, type AttributeChange } from './mergeAttributes.js';

/**
 * Applies `globals.mode` to one processed customized version of a global object, handled as one
 * unit (docs/merge-behaviour.md, "Global objects"). A version ≡ its target base is not a
 * customization: in every mode it takes the source base (`took-source`; the caller then finds it
 * redundant). Resolves to the resulting version, or `null` when it is deleted.
 */
export function mergeGlobal(
  ctx: MergeContext,
  id: string,
  object: ObjectRef,
  c: JsonObject,
  t: JsonObject,
  s: JsonObject,
  baseChanged: boolean,
): Outcome<JsonObject | null> {
  const globals = ctx.options.globals;
  const ws = ctx.options.merge.ignoreWhitespace;
  const values = { customized: c, targetBase: t, sourceBase: s };
  const label = object.kind === 'global' ? `${object.type}/${object.name}` : id;
  const outcome = threeWay<JsonObject>(values, {
    equivalent: (x, y) => documentsEquivalent(x, y, ws, object),
    strictlyEqual: documentsStrictlyEqual,
  });

  if (outcome.kind === 'not-customized' || outcome.kind === 'phantom') {
    const result = sourceFor(c, s);
    const why =
      outcome.kind === 'phantom'
        ? `${label} differs from the target base only in ${phantomDifference(c, t)}: not a customization; vendor version taken`
        : `${label} was not customized; vendor change taken`;
    ctx.decide(id, 'took-source', why, { ...values, result });
    return resolved(result);
  }

  switch (globals.mode) {
    case 'keep':
      ctx.decide(id, 'kept-customization', 'globals.mode keep: customized version kept', { ...values, result: c });
      return resolved(c);
    case 'remove': {
      if (!globals.promptBeforeRemoval) {
        ctx.decide(id, 'removed', 'globals.mode remove: customized version deleted', values);
        return resolved(null);
      }
      const answer = askRemoval(ctx, {
        id,
        question: `globals.mode is remove. Remove this customized version of ${label}?`,
        values,
        why: 'prompt before removal',
      });
      if (answer.kind === 'unresolved') return UNRESOLVED;
      return resolved(answer.value === 'keep' ? c : null);
    }
    case 'skip':
      throw new CarryoverBug('global objects with mode skip are never processed');
    case 'merge':
      break;
    default:
      return assertNever(globals.mode);
  }

  if (!baseChanged) {
    ctx.decide(id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: c });
    return resolved(c);
  }
  if (outcome.kind === 'same-change') {
    ctx.decide(id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: c });
    return resolved(c);
  }

  const isScript = codeIsText(object);
  const choices: Choice[] = ['keep', 'replace'];
  const textMergeOn = ctx.options.merge.textMerge;
  const mergeText = (x: string, y: string, z: string) => textMergeOf(x, y, z, ctx.options.merge.diffAlgorithm)!;
  let textMerge;
  if (isScript) {
    choices.push('edit');
    textMerge = textMergeOn ? textMergeOf(codeOf(c), codeOf(t), codeOf(s), ctx.options.merge.diffAlgorithm) : undefined;
  }
  // A `scripts` global merges its code line by line and every other attribute by rules 1–3; any
  // other global merges attribute by attribute, a text attribute both changed line by line
  // (docs/merge-behaviour.md, "Merging a global object's attributes").
  const attributeMerge = mergeAttributes(c, t, s, {
    ignoreWhitespace: ws,
    mergeText: textMergeOn ? mergeText : undefined,
    ...(isScript ? { textAttributes: ['code'] } : {}),
  });
  const merged = attributeMerge.kind === 'clean' ? withAttributes(c, attributeMerge.attributes) : null;
  if (merged !== null) choices.push('merge');
  const asked = ctx.ask({
    id,
    question:
      !isScript && merged !== null
        ? `Both the customization and the vendor changed ${label}, but not the same attributes. Keep the customized version, replace it with the source base, or merge the attributes (each side's changes kept)?`
        : `Both the customization and the vendor changed ${label}. Keep the customized version, or replace it with the source base?`,
    choices,
    values,
    replaceRemoves: true,
    textMerge,
    ...(isScript ? textsOf(codeOf(c), codeOf(t), codeOf(s), ctx.options.merge.diffAlgorithm) : {}),
    ...(!isScript && merged !== null && attributeMerge.kind === 'clean' ? { attributeMerge: { result: merged, changes: attributeMerge.changes } } : {}),
    validateEdit: (value) => validateScriptEdit(value),
  });
  if (asked.kind === 'unresolved') return UNRESOLVED;
  const answer = asked.value;
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(id, 'kept-customization', reason, { ...values, result: c });
      return resolved(c);
    case 'replace':
      ctx.decide(id, 'took-source', `${reason}: the customized version is deleted, so its users get the source base`, values);
      return resolved(null);
    case 'merge':
      if (merged === null || attributeMerge.kind !== 'clean') throw new CarryoverBug(`merge answered for ${id}, which offers no clean merge`);
      ctx.decide(id, 'merged-text', isScript ? reason : `answered merge: ${describeAttributeMerge(attributeMerge.changes)}`, { ...values, result: merged });
      return resolved(merged);
    case 'edit': {
      const result = editedGlobal(c, answer.value);
      ctx.decide(id, 'edited', reason, { ...values, result });
      return resolved(result);
    }
    default:
      return assertNever(answer);
  }
}

/**
 * The source base as this customized version: S's keys in S's order, with the version's own name
 * and its own `$schema` (kept as written, never S's).
 */
function sourceFor(c: JsonObject, s: JsonObject): JsonObject {
  const entries: [string, Json][] = keysOf(s)
    .filter((key) => key !== SCHEMA_KEY)
    .map((key) => [key, key === 'name' ? c['name'] : s[key]]);
  if (!Object.hasOwn(s, 'name')) entries.unshift(['name', c['name']]);
  return withSchemaOf(c, entries);
}

/** `entries` with C's `$schema` added where C has it: first when it is C's first key, else last. */
function withSchemaOf(c: JsonObject, entries: [string, Json][]): JsonObject {
  if (Object.hasOwn(c, SCHEMA_KEY)) {
    if (keysOf(c)[0] === SCHEMA_KEY) entries.unshift([SCHEMA_KEY, c[SCHEMA_KEY]]);
    else entries.push([SCHEMA_KEY, c[SCHEMA_KEY]]);
  }
  return orderedObject(entries);
}

/** C's name (and `$schema`) with new attributes. */
function withAttributes(c: JsonObject, attributes: JsonObject): JsonObject {
  return withSchemaOf(c, [
    ['name', c['name']],
    ['attributes', attributes],
  ]);
}

/** The reason of an attribute-wise merge: whose change each changed attribute carries. */
function describeAttributeMerge(changes: readonly AttributeChange[]): string {
  const from: Record<AttributeChange['from'], string> = {
    customized: 'the customization',
    sourceBase: 'the vendor',
    both: 'both sides alike',
    'text-merge': 'both sides, merged line by line',
  };
  const parts = changes.map((change) => `${change.attribute} from ${from[change.from]}`);
  return `each side's change kept, attribute by attribute (${parts.length > 0 ? parts.join('; ') : 'no attribute changed'})`;
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
    const attributes = isJsonObject(c['attributes']) ? c['attributes'] : {};
    const keys = keysOf(attributes).includes('code') ? keysOf(attributes) : [...keysOf(attributes), 'code'];
    return withAttributes(c, orderedObject(keys.map((key) => [key, key === 'code' ? value : attributes[key]])));
  }
  const edited = value as JsonObject;
  return withAttributes(c, isJsonObject(edited['attributes']) ? edited['attributes'] : {});
}

/** A global's `code` attribute, or `undefined`. */
function codeOf(doc: JsonObject): Json | undefined {
  return isJsonObject(doc['attributes']) ? doc['attributes']['code'] : undefined;
}
