import { describe, expect, it } from 'vitest';
import { DIFF_ALGORITHMS } from '../../core/textMerge/diffLines.js';
import { mergeTextWith, type MergeTextInput, type TextMergeResult } from '../../core/textMerge/mergeText.js';
import { generateCase, type CaseSize } from './scriptCorpus.js';

/**
 * The two combinations of the text merge's diffs (docs/merge-behaviour.md, "The diff
 * algorithm"): diff3 over each stretch, and git's linear walk for stretches too costly for diff3.
 * Forced one way, the other way, and mixed (a small budget sends the bigger stretches of one
 * merge to the walk and the others to diff3), they must give the same merge byte for byte: same
 * text, same conflicts, same regions. The agreement suites with git (agreement.test.ts) then
 * vouch for both.
 */
const CORPUS: readonly (readonly [CaseSize, number])[] = [
  ['small', 300],
  ['large', 12],
  ['noise', 12],
  ['restructured', 40],
];
const labels = { current: 'current', base: 'base', other: 'other' };
/** Every stretch to the walk, every stretch to diff3, and a mix. */
const BUDGETS = { walk: -1, diff3: Number.POSITIVE_INFINITY, mixed: 400 } as const;

function fingerprint(result: TextMergeResult): string {
  return JSON.stringify({ text: result.text, clean: result.clean, conflicts: result.conflicts, regions: result.regions });
}

describe('diff3 and the linear walk combine the diffs alike', () => {
  for (const [size, cases] of CORPUS) {
    it(`on ${cases} generated ${size} script merges, with every diff algorithm, in both styles`, () => {
      const divergences: string[] = [];
      let merges = 0;
      for (let seed = 1; seed <= cases; seed++) {
        const c = generateCase(seed, size);
        for (const diffAlgorithm of DIFF_ALGORITHMS) {
          for (const style of ['merge', 'diff3'] as const) {
            const input: MergeTextInput = { base: c.base, current: c.current, other: c.other, labels, style, diffAlgorithm };
            const walk = fingerprint(mergeTextWith(input, BUDGETS.walk));
            for (const budget of ['diff3', 'mixed'] as const) {
              if (fingerprint(mergeTextWith(input, BUDGETS[budget])) !== walk) divergences.push(`${size} seed ${seed} ${diffAlgorithm} ${style}: ${budget} differs from walk`);
            }
            merges++;
          }
        }
      }
      expect(divergences).toEqual([]);
      expect(merges).toBe(cases * DIFF_ALGORITHMS.length * 2);
    });
  }

  it('agree on conflicts, identical changes and favor modes of a hand-made merge', () => {
    const base = 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n';
    const current = 'a\nB\nc\nd\nX\nf\ng\nH\ni\nj\n';
    const other = 'a\nB\nc\nD\nY\nf\ng\nh\ni\nj\nk\n';
    for (const favor of [undefined, 'current', 'other', 'union'] as const) {
      const input: MergeTextInput = { base, current, other, labels, favor };
      const walk = mergeTextWith(input, BUDGETS.walk);
      expect(fingerprint(mergeTextWith(input, BUDGETS.diff3))).toBe(fingerprint(walk));
      expect(walk.regions.map((r) => r.kind)).toEqual(['unchanged', 'both-same', 'unchanged', 'conflict', 'unchanged', 'current', 'unchanged', 'other']);
    }
  });
});
