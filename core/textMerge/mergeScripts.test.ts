import { describe, expect, it } from 'vitest';
import { lineEndingOf, mergeScripts } from './mergeScripts.js';

describe('mergeScripts', () => {
  it('keeps the customized change and takes the vendor change to another line', () => {
    const targetBase = 'Sub Main()\n  x = 1\n  y = 2\n  z = 3\nEnd Sub\n';
    const customized = 'Sub Main()\n  x = 10\n  y = 2\n  z = 3\nEnd Sub\n';
    const sourceBase = 'Sub Main()\n  x = 1\n  y = 2\n  z = 30\nEnd Sub\n';
    expect(mergeScripts(targetBase, customized, sourceBase)).toMatchObject({
      clean: true,
      conflicts: 0,
      text: 'Sub Main()\n  x = 10\n  y = 2\n  z = 30\nEnd Sub\n',
    });
  });

  it('labels a conflict customized, target base and source base, the customized side first', () => {
    const result = mergeScripts('a\nb\nc\n', 'a\nC\nc\n', 'a\nS\nc\n', { style: 'diff3' });
    expect(result.text).toBe('a\n<<<<<<< customized\nC\n||||||| target base\nb\n=======\nS\n>>>>>>> source base\nc\n');
    expect(result.regions.find((r) => r.kind === 'conflict')).toMatchObject({ current: { lines: ['C\n'] }, other: { lines: ['S\n'] }, base: { lines: ['b\n'] } });
  });

  it('merges texts with different line endings after normalizing them, in the customized CRLF ending', () => {
    const targetBase = 'a\nb\nc\nd\n';
    const customized = 'A\r\nb\r\nc\r\nd\r\n';
    const sourceBase = 'a\nb\nc\nD\n';
    const result = mergeScripts(targetBase, customized, sourceBase);
    expect(result).toMatchObject({ clean: true, text: 'A\r\nb\r\nc\r\nD\r\n' });
    expect(result.regions.flatMap((r) => (r.kind === 'conflict' ? [] : r.result)).join('')).toBe(result.text);
    expect(result.regions[result.regions.length - 1]).toMatchObject({ kind: 'other', other: { lines: ['D\r\n'] }, base: { lines: ['d\r\n'] } });
  });

  it('gives the merge of mixed line endings LF when the customized version uses LF', () => {
    const result = mergeScripts('a\r\nb\r\nc\r\nd\r\n', 'A\nb\nc\nd\n', 'a\r\nb\r\nc\r\nD\r\n');
    expect(result).toMatchObject({ clean: true, text: 'A\nb\nc\nD\n' });
  });

  it('writes conflict markers in the customized line ending too', () => {
    const result = mergeScripts('a\nb\nc\n', 'a\r\nC\r\nc\r\n', 'a\nS\nc\n');
    expect(result.text).toBe('a\r\n<<<<<<< customized\r\nC\r\n=======\r\nS\r\n>>>>>>> source base\r\nc\r\n');
  });

  it('normalizes a customized version that mixes line endings, to its more frequent one', () => {
    const result = mergeScripts('a\r\nb\r\nc\r\nd\r\n', 'a\r\nb\nc\r\nd\r\nE\r\n', 'A\r\nb\r\nc\r\nd\r\n');
    expect(result).toMatchObject({ clean: true, text: 'A\r\nb\r\nc\r\nd\r\nE\r\n' });
  });

  it('merges texts that share their line ending as they are, like merge-file', () => {
    const result = mergeScripts('a\r\nb\r\nc\r\n', 'a\r\nb\r\nc\r\nd', 'Z\r\na\r\nb\r\nc\r\n');
    expect(result).toMatchObject({ clean: true, text: 'Z\r\na\r\nb\r\nc\r\nd' });
  });

  it('takes the line ending of another text when the customized one has no line break', () => {
    const fromTargetBase = mergeScripts('x\r\ny\r\n', 'x', 'x\ny\nz\n').text;
    expect(fromTargetBase).toContain('\r\n');
    expect(fromTargetBase).not.toMatch(/(^|[^\r])\n/);
    const fromSourceBase = mergeScripts('x', 'y', 'x\r\nz\n\r\n').text;
    expect(fromSourceBase).toBe('<<<<<<< customized\r\ny\r\n=======\r\nx\r\nz\r\n\r\n>>>>>>> source base\r\n');
  });
});

describe('lineEndingOf', () => {
  it('tells none, LF, CRLF and mixed apart', () => {
    expect(lineEndingOf('')).toBe('none');
    expect(lineEndingOf('abc')).toBe('none');
    expect(lineEndingOf('a\nb')).toBe('lf');
    expect(lineEndingOf('a\r\nb\r\n')).toBe('crlf');
    expect(lineEndingOf('a\r\nb\n')).toBe('mixed');
    expect(lineEndingOf('a\rb')).toBe('none');
  });
});
