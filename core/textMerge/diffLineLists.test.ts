import { describe, expect, it } from 'vitest';
import { diffLineLists } from './diffLineLists.js';

describe('diffLineLists', () => {
  it('reports the changed run of lines between two lists, compared exactly', () => {
    expect(diffLineLists(['a', 'b', 'c'], ['a', 'B', 'c', 'd'])).toEqual([
      { start1: 1, count1: 1, start2: 1, count2: 1 },
      { start1: 3, count1: 0, start2: 3, count2: 1 },
    ]);
    expect(diffLineLists(['a ', 'b'], ['a', 'b'])).toHaveLength(1);
    expect(diffLineLists(['x'], ['x'])).toEqual([]);
  });
});
