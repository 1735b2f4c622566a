import { assertNever } from '../model.js';

/**
 * What the three-way rule (docs/merge-behaviour.md, "The three-way rule") says about one thing
 * (a value, a list of handlers, a component, a whole version) given its customized version C,
 * target base T and source base S:
 *
 * - `not-customized`: C is T exactly; the result is S.
 * - `phantom`: C ≡ T only after text normalization (line endings, trailing whitespace, a final
 *   line break): not a customization; the result is S, and the difference is reported as phantom.
 * - `vendor-unchanged`: C ≢ T and S ≡ T; the result is C.
 * - `same-change`: C ≢ T and S ≡ C (both made the same change); the result is C.
 * - `conflict`: both changed it differently; the thing's own rule decides (keep, replace, prompt).
 */
export type ThreeWay =
  | { kind: 'not-customized' }
  | { kind: 'phantom' }
  | { kind: 'vendor-unchanged' }
  | { kind: 'same-change' }
  | { kind: 'conflict' };

/** The two equalities the rule is written with, for one kind of thing. */
export interface Equalities<V> {
  /** ≡: the merge rules' equality (key order ignored, text values normalized). */
  equivalent: (a: V, b: V) => boolean;
  /** Equality without text normalization; a difference only it sees is a phantom change. */
  strictlyEqual: (a: V, b: V) => boolean;
}

/** The three versions of one thing; any may be absent (`undefined`), as the caller's type allows. */
export interface Triple<V> {
  customized: V;
  targetBase: V;
  sourceBase: V;
}

/**
 * Classifies a (customized, target base, source base) triple by the three-way rule. The one place
 * the rule is written: every merger (attributes, the form script, variables, components, event
 * handlers, global objects) asks it and then acts on the outcome.
 */
export function threeWay<V>(triple: Triple<V>, eq: Equalities<V>): ThreeWay {
  const { customized: c, targetBase: t, sourceBase: s } = triple;
  if (eq.equivalent(c, t)) return eq.strictlyEqual(c, t) ? { kind: 'not-customized' } : { kind: 'phantom' };
  if (eq.equivalent(s, t)) return { kind: 'vendor-unchanged' };
  if (eq.equivalent(s, c)) return { kind: 'same-change' };
  return { kind: 'conflict' };
}

/** Which version the rule's outcome takes, or `rule` when the thing's own rule must decide. */
export function ruleTakes(outcome: ThreeWay): 'sourceBase' | 'customized' | 'rule' {
  switch (outcome.kind) {
    case 'not-customized':
    case 'phantom':
      return 'sourceBase';
    case 'vendor-unchanged':
    case 'same-change':
      return 'customized';
    case 'conflict':
      return 'rule';
    default:
      return assertNever(outcome);
  }
}
