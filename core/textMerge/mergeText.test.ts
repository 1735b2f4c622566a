import { describe, expect, it } from 'vitest';
import { generateCase } from '../../tests/mergeFile/scriptCorpus.js';
import { mergeText, type MergeRegion, type MergeTextInput } from './mergeText.js';

const labels = { current: 'current', base: 'base', other: 'other' };
const merge = (base: string, current: string, other: string, extra: Partial<MergeTextInput> = {}) => mergeText({ base, current, other, labels, ...extra });

describe('mergeText', () => {
  it('takes a change made on one side only', () => {
    const result = merge('a\nb\nc\n', 'a\nb\nc\n', 'a\nB\nc\n');
    expect(result).toMatchObject({ clean: true, conflicts: 0, text: 'a\nB\nc\n' });
  });

  it('merges changes of both sides that an unchanged line separates', () => {
    expect(merge('a\nb\nc\nd\n', 'A\nb\nc\nd\n', 'a\nb\nc\nD\n').text).toBe('A\nb\nc\nD\n');
  });

  it('does not count the same change on both sides as a conflict', () => {
    const result = merge('a\nb\nc\n', 'a\nX\nc\n', 'a\nX\nc\n');
    expect(result).toMatchObject({ clean: true, text: 'a\nX\nc\n' });
    expect(result.regions.map((r) => r.kind)).toEqual(['unchanged', 'both-same', 'unchanged']);
  });

  it('marks changes to adjacent lines as one conflict, as git does', () => {
    const result = merge('a\nb\nc\nd\n', 'a\nB\nc\nd\n', 'a\nb\nC\nd\n');
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe('a\n<<<<<<< current\nB\nc\n=======\nb\nC\n>>>>>>> other\nd\n');
  });

  it('marks insertions at the same place as a conflict unless they are equal', () => {
    expect(merge('a\nb\n', 'a\nX\nb\n', 'a\nY\nb\n').text).toBe('a\n<<<<<<< current\nX\n=======\nY\n>>>>>>> other\nb\n');
    expect(merge('a\nb\n', 'a\nX\nb\n', 'a\nX\nb\n')).toMatchObject({ clean: true, text: 'a\nX\nb\n' });
  });

  it('treats a deletion on one side and a change on the other as a conflict', () => {
    const result = merge('a\nb\nc\n', 'a\nc\n', 'a\nB\nc\n');
    expect(result.text).toBe('a\n<<<<<<< current\n=======\nB\n>>>>>>> other\nc\n');
  });

  it('prints bare markers when no label is given', () => {
    expect(mergeText({ base: 'a\n', current: 'b\n', other: 'c\n' }).text).toBe('<<<<<<<\nb\n=======\nc\n>>>>>>>\n');
  });

  it('shows the base lines after ||||||| in the diff3 style', () => {
    const result = merge('a\nb\nc\n', 'a\nX\nc\n', 'a\nY\nc\n', { style: 'diff3' });
    expect(result.text).toBe('a\n<<<<<<< current\nX\n||||||| base\nb\n=======\nY\n>>>>>>> other\nc\n');
  });

  it('narrows a conflict to the lines where the sides differ in the merge style', () => {
    const shared = 'one\ntwo\nthree\nfour\n';
    const result = merge('a\nb\nc\n', `A\n${shared}B\n`, `C\n${shared}D\n`);
    expect(result.conflicts).toBe(2);
    expect(result.text).toBe(`<<<<<<< current\nA\n=======\nC\n>>>>>>> other\n${shared}<<<<<<< current\nB\n=======\nD\n>>>>>>> other\n`);
    expect(result.regions.map((r) => r.kind)).toEqual(['conflict', 'both-same', 'conflict']);
  });

  it('keeps a conflict whole, with its base, in the diff3 style', () => {
    const shared = 'one\ntwo\nthree\nfour\n';
    const result = merge('a\nb\nc\n', `A\n${shared}B\n`, `C\n${shared}D\n`, { style: 'diff3' });
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe(`<<<<<<< current\nA\n${shared}B\n||||||| base\na\nb\nc\n=======\nC\n${shared}D\n>>>>>>> other\n`);
  });

  it('joins conflicts that three lines or fewer separate', () => {
    const shared = 'one\ntwo\nthree\n';
    const result = merge('a\nb\nc\n', `A\n${shared}B\n`, `C\n${shared}D\n`);
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe(`<<<<<<< current\nA\n${shared}B\n=======\nC\n${shared}D\n>>>>>>> other\n`);
  });

  it('joins conflicts that only lines without a letter or digit separate', () => {
    const shared = '}\n\n  }\n\n\n';
    expect(merge('a\nb\nc\n', `A\n${shared}B\n`, `C\n${shared}D\n`).conflicts).toBe(1);
  });

  it('joins conflicts of different places that few unchanged lines separate', () => {
    const result = merge('a\nb\nc\nd\n', 'A\nb\nc\nD\n', 'X\nb\nc\nY\n');
    expect(result.conflicts).toBe(1);
    expect(result.text).toBe('<<<<<<< current\nA\nb\nc\nD\n=======\nX\nb\nc\nY\n>>>>>>> other\n');
  });

  it('adds a newline after a conflicting side whose last line has none', () => {
    expect(merge('a\n', 'b', 'c').text).toBe('<<<<<<< current\nb\n=======\nc\n>>>>>>> other\n');
  });

  it('keeps a missing final newline when the merge is clean', () => {
    expect(merge('a\nb\nc', 'A\nb\nc', 'a\nb\nC').text).toBe('A\nb\nC');
  });

  it('counts a missing final newline as a change of the last line', () => {
    expect(merge('a\nb\n', 'a\nb', 'a\nb\n')).toMatchObject({ clean: true, text: 'a\nb' });
    expect(merge('a\nb\n', 'a\nb', 'a\nB\n').conflicts).toBe(1);
  });

  it('writes markers with CRLF in a CRLF file', () => {
    const result = merge('a\r\nb\r\nc\r\n', 'a\r\nX\r\nc\r\n', 'a\r\nY\r\nc\r\n');
    expect(result.text).toBe('a\r\n<<<<<<< current\r\nX\r\n=======\r\nY\r\n>>>>>>> other\r\nc\r\n');
  });

  it('writes markers with LF when the base starts with an LF line', () => {
    const result = merge('a\nb\r\nc\r\n', 'a\nX\r\nc\r\n', 'a\nY\r\nc\r\n');
    expect(result.text).toBe('a\n<<<<<<< current\nX\r\n=======\nY\r\n>>>>>>> other\nc\r\n');
  });

  it('sees lines that differ only in their line ending as different', () => {
    expect(merge('a\nx\nb\n', 'a\r\nx\nb\n', 'a\nx\nb\r\n').text).toBe('a\r\nx\nb\r\n');
    expect(merge('a\nb\n', 'a\r\nb\n', 'a\nb\r\n').conflicts).toBe(1);
    expect(merge('a\n', 'a\r\n', 'a \n').conflicts).toBe(1);
  });

  it('keeps characters it does not interpret (lone CR, non-ASCII) as they are', () => {
    expect(merge('x\ry\né\n', 'x\ry\né\nz\n', 'w\nx\ry\né\n').text).toBe('w\nx\ry\né\nz\n');
  });

  it('returns the changed side when the other is unchanged', () => {
    expect(merge('a\nb\n', 'a\nb\n', 'q\r\nr').text).toBe('q\r\nr');
    expect(merge('a\nb\n', 'q\r\nr', 'a\nb\n').text).toBe('q\r\nr');
  });

  it('merges empty texts', () => {
    expect(merge('', '', '')).toMatchObject({ clean: true, text: '', regions: [] });
    expect(merge('', 'a\n', '')).toMatchObject({ clean: true, text: 'a\n' });
    expect(merge('', 'a\n', 'b\n').conflicts).toBe(1);
  });

  it('uses the marker size for every marker', () => {
    const result = merge('a\n', 'b\n', 'c\n', { markerSize: 3, style: 'diff3' });
    expect(result.text).toBe('<<< current\nb\n||| base\na\n===\nc\n>>> other\n');
  });

  it('refuses a marker size that is not a positive integer', () => {
    expect(() => merge('a\n', 'b\n', 'c\n', { markerSize: 0 })).toThrow(RangeError);
  });

  it('counts every conflict', () => {
    const base = 'a\nx1\nx2\nx3\nx4\nb\nx5\nx6\nx7\nx8\nc\n';
    const result = merge(base, base.replace(/^([abc])$/gm, '$1-current'), base.replace(/^([abc])$/gm, '$1-other'));
    expect(result.conflicts).toBe(3);
    expect(result.regions.filter((r) => r.kind === 'conflict').map((r) => (r.kind === 'conflict' ? r.index : -1))).toEqual([0, 1, 2]);
  });

  it('describes each stretch as a region with its lines in each file', () => {
    const result = merge('a\nb\nc\nd\ne\n', 'a\nB\nc\nd\ne\n', 'a\nb\nc\nd\nE\nf\n');
    const simple = result.regions.map((r) => ({ kind: r.kind, base: [r.base.start, r.base.count], current: [r.current.start, r.current.count], other: [r.other.start, r.other.count] }));
    expect(simple).toEqual([
      { kind: 'unchanged', base: [0, 1], current: [0, 1], other: [0, 1] },
      { kind: 'current', base: [1, 1], current: [1, 1], other: [1, 1] },
      { kind: 'unchanged', base: [2, 2], current: [2, 2], other: [2, 2] },
      { kind: 'other', base: [4, 1], current: [4, 1], other: [4, 2] },
    ]);
    const other = result.regions[3] as Extract<MergeRegion, { kind: 'other' }>;
    expect(other.other.lines).toEqual(['E\n', 'f\n']);
    expect(other.result).toEqual(['E\n', 'f\n']);
    expect(other.base.lines).toEqual(['e\n']);
  });

  it('gives a conflict region both sides and the base', () => {
    const result = merge('a\nb\nc\n', 'a\nX\nc\n', 'a\nY\nZ\nc\n');
    const conflict = result.regions.find((r) => r.kind === 'conflict');
    expect(conflict).toMatchObject({ index: 0, base: { start: 1, count: 1, lines: ['b\n'] }, current: { start: 1, count: 1, lines: ['X\n'] }, other: { start: 1, count: 2, lines: ['Y\n', 'Z\n'] } });
  });

  it('partitions each file into its regions, and a clean text is their results in order', () => {
    for (let seed = 1; seed <= 150; seed++) {
      const c = generateCase(seed);
      for (const style of ['merge', 'diff3'] as const) {
        const result = mergeText({ ...c, style });
        for (const file of ['base', 'current', 'other'] as const) {
          let next = 0;
          for (const region of result.regions) {
            expect(region[file].start).toBe(next);
            expect(region[file].lines).toHaveLength(region[file].count);
            next += region[file].count;
          }
          expect(result.regions.flatMap((r) => r[file].lines).join('')).toBe(c[file]);
        }
        if (result.clean) expect(result.regions.flatMap((r) => (r.kind === 'conflict' ? [] : r.result)).join('')).toBe(result.text);
        expect(result.clean).toBe(result.conflicts === 0);
      }
    }
  });

  it('is deterministic and leaves a merge of a text with itself unchanged', () => {
    for (let seed = 200; seed <= 260; seed++) {
      const c = generateCase(seed);
      expect(mergeText(c)).toEqual(mergeText(c));
      expect(mergeText({ base: c.base, current: c.current, other: c.current })).toMatchObject({ clean: true, text: c.current });
      expect(mergeText({ base: c.base, current: c.base, other: c.other })).toMatchObject({ clean: true, text: c.other });
    }
  });
});
