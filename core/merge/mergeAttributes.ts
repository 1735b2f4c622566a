import type { PromptAttributeMerge } from '../analysis.js';
import { equivalent, strictEqual } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject, keysOf, orderedObject } from '../json.js';
import { assertNever } from '../model.js';
import { threeWay } from './threeWay.js';

/**
 * One attribute whose merged value differs from the target base, and whose change it carries: the
 * customizer's, the vendor's, the same change made by both, or a clean line-level merge of both
 * sides' changes to a text (the `changes` of a prompt's `attributeMerge`).
 */
export type AttributeChange = PromptAttributeMerge['changes'][number];

/** What merging the attributes of a global object one by one gives. */
export type AttributeMerge =
  /** Every attribute was changed by at most one side (or alike by both, or as text that merges cleanly). */
  | { kind: 'clean'; attributes: JsonObject; changes: AttributeChange[] }
  /** Both sides changed these attributes differently: no merge without losing one side's change. */
  | { kind: 'overlap'; overlapping: string[] };

/** How `mergeAttributes` compares and merges values. */
export interface AttributeMergeRules {
  /** `merge.ignoreWhitespace`, for text values. */
  ignoreWhitespace: boolean;
  /**
   * The line-level three-way merge of three texts (absent read as `""`), or `undefined` when text
   * merging is off (`merge.textMerge` false): a text both sides changed then overlaps.
   */
  mergeText?: (customized: string, targetBase: string, sourceBase: string) => { clean: boolean; text: string };
  /**
   * When given, the only attributes merged line by line, and always, whoever changed them: a
   * `scripts` global's `code`, text by place, whose merge the prompt offers while every other
   * attribute must be decided by the three-way rule alone (docs/merge-behaviour.md, "Global
   * objects"). When absent, any attribute that is text by content (a string with a line break)
   * and that both sides changed is merged line by line.
   */
  textAttributes?: readonly string[];
}

/**
 * Merges the `attributes` of three versions of a global object (customized, target base, source
 * base) attribute by attribute, by the three-way rule (docs/merge-behaviour.md, "Merging a global
 * object's attributes"): an attribute the customizer did not change takes the source base's value
 * (absent when the source base has none), one the vendor did not change keeps the customized value,
 * one both changed alike keeps it; one both changed differently is an overlap, unless it is text
 * and its line-level merge is clean. The result keeps no side's change out: either every change
 * is in it, or the merge reports the attributes that overlap. Keys follow the source base's order,
 * then those only in the customized version, then those only in the target base (which, being
 * absent from both other sides by then, are dropped unless one side kept them).
 */
export function mergeAttributes(c: JsonObject, t: JsonObject, s: JsonObject, rules: AttributeMergeRules): AttributeMerge {
  const [ca, ta, sa] = [attributesOf(c), attributesOf(t), attributesOf(s)];
  const entries: [string, Json][] = [];
  const changes: AttributeChange[] = [];
  const overlapping: string[] = [];
  const keys = new Set([...keysOf(sa), ...keysOf(ca), ...keysOf(ta)]);
  for (const key of keys) {
    const triple = { customized: own(ca, key), targetBase: own(ta, key), sourceBase: own(sa, key) };
    const forced = rules.textAttributes?.includes(key) === true;
    const byContent = [triple.customized, triple.targetBase, triple.sourceBase].some(isMultiline);
    const text = forced || byContent;
    const mayTextMerge = rules.textAttributes === undefined ? byContent : forced;
    const outcome = threeWay<Json | undefined>(triple, {
      equivalent: (x, y) => equivalent(x, y, rules.ignoreWhitespace, text),
      strictlyEqual: strictEqual,
    });
    let value: Json | undefined;
    let from: AttributeChange['from'] | null;
    switch (outcome.kind) {
      case 'not-customized':
      case 'phantom':
        value = triple.sourceBase;
        from = strictEqual(triple.sourceBase, triple.targetBase) ? null : 'sourceBase';
        break;
      case 'vendor-unchanged':
        value = triple.customized;
        from = 'customized';
        break;
      case 'same-change':
        value = triple.customized;
        from = 'both';
        break;
      case 'conflict':
        value = undefined;
        from = 'text-merge';
        break;
      default:
        return assertNever(outcome);
    }
    if (forced || outcome.kind === 'conflict') {
      const merged = mayTextMerge ? textMerge(triple, rules) : null;
      if (merged === null) {
        overlapping.push(key);
        continue;
      }
      value = merged;
      if (outcome.kind === 'conflict') from = 'text-merge';
    }
    if (value !== undefined) entries.push([key, value]);
    if (from !== null) changes.push({ attribute: key, from });
  }
  if (overlapping.length > 0) return { kind: 'overlap', overlapping };
  return { kind: 'clean', attributes: orderedObject(entries), changes };
}

/** The clean line-level merge of a text attribute, or `null` (not all strings, text merge off, or conflicts). */
function textMerge(triple: { customized: Json | undefined; targetBase: Json | undefined; sourceBase: Json | undefined }, rules: AttributeMergeRules): string | null {
  if (rules.mergeText === undefined) return null;
  const asText = (v: Json | undefined): string | null => (v === undefined ? '' : typeof v === 'string' ? v : null);
  const [c, t, s] = [asText(triple.customized), asText(triple.targetBase), asText(triple.sourceBase)];
  if (c === null || t === null || s === null) return null;
  const merged = rules.mergeText(c, t, s);
  return merged.clean ? merged.text : null;
}

function attributesOf(doc: JsonObject): JsonObject {
  return isJsonObject(doc['attributes']) ? doc['attributes'] : {};
}

function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function isMultiline(value: Json | undefined): boolean {
  return typeof value === 'string' && (value.includes('\n') || value.includes('\r'));
}
