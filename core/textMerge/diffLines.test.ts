import { describe, expect, it } from 'vitest';
import { diffLines } from './diffLines.js';

const ids = (text: string) => [...text].map((c) => c.charCodeAt(0));

describe('diffLines', () => {
  it('finds no change between equal sequences', () => {
    expect(diffLines(ids('abc'), ids('abc'))).toEqual([]);
    expect(diffLines([], [])).toEqual([]);
  });

  it('reports an insertion, a deletion and a replacement in order', () => {
    expect(diffLines(ids('abcdef'), ids('aXbcef'))).toEqual([
      { start1: 1, count1: 0, start2: 1, count2: 1 },
      { start1: 3, count1: 1, start2: 4, count2: 0 },
    ]);
    expect(diffLines(ids('abc'), ids('aXc'))).toEqual([{ start1: 1, count1: 1, start2: 1, count2: 1 }]);
  });

  it('places an insertion among repeated lines as low as it goes, as git does', () => {
    // "E N" inserted after "A E" or "N E" after "A": git slides the group down.
    expect(diffLines(ids('AEB'), ids('AENEB'))).toEqual([{ start1: 2, count1: 0, start2: 2, count2: 2 }]);
  });

  it('handles everything changed and one side empty', () => {
    expect(diffLines(ids('abc'), ids('xyz'))).toEqual([{ start1: 0, count1: 3, start2: 0, count2: 3 }]);
    expect(diffLines(ids('abc'), [])).toEqual([{ start1: 0, count1: 3, start2: 0, count2: 0 }]);
    expect(diffLines([], ids('ab'))).toEqual([{ start1: 0, count1: 0, start2: 0, count2: 2 }]);
  });

  it('gives the same changes whether or not an id bound is passed', () => {
    const a = Array.from({ length: 400 }, (_, i) => (i * 7) % 13);
    const b = Array.from({ length: 380 }, (_, i) => (i * 5) % 11);
    expect(diffLines(a, b, 13)).toEqual(diffLines(a, b));
  });

  it('describes a diff that turns the first sequence into the second', () => {
    const a = Array.from({ length: 3000 }, (_, i) => (i * 31) % 17);
    const b = Array.from({ length: 2500 }, (_, i) => (i * 17) % 19);
    const changes = diffLines(a, b);
    const rebuilt: number[] = [];
    let p = 0;
    for (const c of changes) {
      rebuilt.push(...a.slice(p, c.start1));
      rebuilt.push(...b.slice(c.start2, c.start2 + c.count2));
      p = c.start1 + c.count1;
    }
    rebuilt.push(...a.slice(p));
    expect(rebuilt).toEqual(b);
  });
});
