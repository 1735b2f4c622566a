import { describe, expect, it } from 'vitest';
import { equivalent, strictEqual } from '../equivalence.js';
import type { Json } from '../json.js';
import type { ThreeWay } from './threeWay.js';
import { ruleTakes, threeWay } from './threeWay.js';

const values = { equivalent: (a: Json | undefined, b: Json | undefined) => equivalent(a, b, true), strictlyEqual: strictEqual };
const text = { equivalent: (a: Json | undefined, b: Json | undefined) => equivalent(a, b, true, true), strictlyEqual: strictEqual };

describe('threeWay', () => {
  // Each row reads like docs/merge-behaviour.md, "The three-way rule": C, T, S → outcome → what it takes.
  const rules: [string, Json | undefined, Json | undefined, Json | undefined, ThreeWay['kind'], ReturnType<typeof ruleTakes>][] = [
    ['C is T: not customized, take S', 'Orders', 'Orders', 'Orders 2', 'not-customized', 'sourceBase'],
    ['all three absent: not customized', undefined, undefined, undefined, 'not-customized', 'sourceBase'],
    ['C ≡ T after normalization: phantom, take S', 'a\r\nb', 'a\nb', 'a\nc', 'phantom', 'sourceBase'],
    ['C ≢ T, S ≡ T: the vendor did not change it, keep C', 'Mine', 'Orders', 'Orders', 'vendor-unchanged', 'customized'],
    ['C added, the vendor did not add it: keep C', 'Mine', undefined, undefined, 'vendor-unchanged', 'customized'],
    ['C ≢ T, S ≡ C: both made the same change, keep C', 'Mine', 'Orders', 'Mine', 'same-change', 'customized'],
    ['C and S both removed it: the same change', undefined, 'Orders', undefined, 'same-change', 'customized'],
    ['both changed it differently: a conflict, the rule decides', 'Mine', 'Orders', 'Orders 2', 'conflict', 'rule'],
    ['the customizer removed it, the vendor changed it: a conflict', undefined, 'Orders', 'Orders 2', 'conflict', 'rule'],
    ['key order alone is no change', { a: 1, b: 2 }, { b: 2, a: 1 }, { a: 1, b: 3 }, 'not-customized', 'sourceBase'],
    ['null is a value, unlike absence', null, undefined, undefined, 'vendor-unchanged', 'customized'],
  ];
  for (const [rule, c, t, s, kind, takes] of rules) {
    it(`classifies: ${rule}`, () => {
      const outcome = threeWay({ customized: c, targetBase: t, sourceBase: s }, text);
      expect(outcome.kind).toBe(kind);
      expect(ruleTakes(outcome)).toBe(takes);
    });
  }

  it('treats a one-line string as text only when the caller says it is text (text by place)', () => {
    const triple = { customized: 'X ', targetBase: 'X', sourceBase: 'X' };
    expect(threeWay(triple, values).kind).toBe('vendor-unchanged');
    expect(threeWay(triple, text).kind).toBe('phantom');
  });

  it('treats a string with a line break as text wherever it is', () => {
    expect(threeWay({ customized: 'a\r\n', targetBase: 'a\n', sourceBase: 'b\n' }, values).kind).toBe('phantom');
  });
});
