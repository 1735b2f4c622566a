import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DIFF3_BUDGET, mergeText, mergeTextWith } from './mergeText.js';

// The real diff3, watched: which stretches reach it. (The test project does not see the wrapper
// core/types/diff3.d.ts, hence the package's own untyped shape here.)
const diff3 = vi.hoisted(() => vi.fn());
vi.mock('diff3', async (importOriginal) => {
  const actual = await importOriginal<{ default: (...args: unknown[]) => unknown }>();
  diff3.mockImplementation(actual.default);
  return { default: diff3 };
});

const lf = (lines: readonly string[]) => lines.map((l) => l + '\n').join('');

describe('mergeText combines with diff3 where it is cheap (docs/merge-behaviour.md, "The diff algorithm")', () => {
  beforeEach(() => {
    diff3.mockClear();
  });

  it('hands each stretch of an ordinary merge to diff3, on our line matching', () => {
    const base = lf(Array.from({ length: 40 }, (_, i) => `line ${i}`));
    const current = base.replace('line 3\n', 'mine 3\n').replace('line 30\n', 'mine 30\n');
    const other = base.replace('line 4\n', 'theirs 4\n').replace('line 20\n', 'theirs 20\n');
    const result = mergeText({ base, current, other });
    expect(result.conflicts).toBe(1);
    // Lines 3-4 (touching: one conflict), line 20 and line 30: three stretches.
    expect(diff3).toHaveBeenCalledTimes(3);
    expect(result.text).toContain('<<<<<<<\nmine 3\nline 4\n=======\nline 3\ntheirs 4\n>>>>>>>\n');
  });

  it('sends a stretch over the budget to the linear walk, with the same result', () => {
    // Both sides rewrite 2,000 lines: one stretch of 6,000 lines and 8,000 changed lines.
    const n = 2000;
    expect(3 * n * 4 * n).toBeGreaterThan(DIFF3_BUDGET);
    const base = lf(Array.from({ length: n }, (_, i) => `base ${i}`));
    const current = lf(Array.from({ length: n }, (_, i) => `current ${i}`));
    const other = lf(Array.from({ length: n }, (_, i) => `other ${i}`));
    const walked = mergeText({ base, current, other });
    expect(diff3).not.toHaveBeenCalled();
    expect(walked.conflicts).toBe(1);
    const byDiff3 = mergeTextWith({ base, current, other }, Number.POSITIVE_INFINITY);
    expect(diff3).toHaveBeenCalledTimes(1);
    expect(byDiff3.text).toBe(walked.text);
  });

  it('uses no diff3 at all when the budget is negative', () => {
    const base = 'a\nb\nc\n';
    const result = mergeTextWith({ base, current: 'a\nB\nc\n', other: 'a\nb\nC\n' }, -1);
    expect(diff3).not.toHaveBeenCalled();
    expect(result.text).toBe('a\n<<<<<<<\nB\nc\n=======\nb\nC\n>>>>>>>\n');
  });
});
