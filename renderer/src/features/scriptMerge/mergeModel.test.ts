import { describe, expect, it } from 'vitest';
import { mergeScripts, scriptLineEnding } from '../../../../core/textMerge/index.js';
import { buildMergeModel, conflictBlock, finalText, markedChanges, resolutionLines, resolutionOf, sideChanges, wordChanges } from './mergeModel.js';

const base = 'Sub Main()\r\n  a = 1\r\n  b = 2\r\n  c = 3\r\nEnd Sub\r\n';
const customized = 'Sub Main()\r\n  a = 10\r\n  b = 2\r\n  c = 3\r\nEnd Sub\r\n';
const source = 'Sub Main()\r\n  a = 100\r\n  b = 2\r\n  c = 30\r\nEnd Sub\r\n';

describe('buildMergeModel', () => {
  it("starts the Result from core's merge, with the conflicts marked", () => {
    const model = buildMergeModel(base, customized, source);
    expect(model.eol).toBe('\r\n');
    expect(model.conflicts).toHaveLength(1);
    const [conflict] = model.conflicts;
    expect(conflict).toMatchObject({ customized: ['  a = 10\n'], sourceBase: ['  a = 100\n'], targetBase: ['  a = 1\n'], customizedStart: 1 });
    expect(model.initialText).toBe('Sub Main()\n<<<<<<< customized\n  a = 10\n=======\n  a = 100\n>>>>>>> source base\n  b = 2\n  c = 30\nEnd Sub\n');
    expect(model.conflictRanges).toEqual([{ start: 1, count: 5 }]);
    expect(model.changes).toEqual([{ side: 'source', start: 7, count: 1 }]);
    // The same text as core's own rendering of the merge, line endings aside.
    expect(model.initialText).toBe(mergeScripts(base, customized, source).text.replace(/\r\n/g, '\n'));
  });

  it('has no conflicts when the sides merge cleanly', () => {
    const model = buildMergeModel(base, customized, 'Sub Main()\r\n  a = 1\r\n  b = 2\r\n  c = 30\r\nEnd Sub\r\n');
    expect(model.conflicts).toEqual([]);
    expect(finalText(model.initialText, model.eol)).toBe('Sub Main()\r\n  a = 10\r\n  b = 2\r\n  c = 30\r\nEnd Sub\r\n');
  });

  it('ends a conflicting side that has no final line break before the marker', () => {
    const model = buildMergeModel('x\n', 'y', 'z');
    expect(model.initialText).toBe('<<<<<<< customized\ny\n=======\nz\n>>>>>>> source base\n');
    expect(resolutionLines(model.conflicts[0]!, 'customized')).toEqual(['y']);
  });
});

describe('resolutions', () => {
  const [conflict] = buildMergeModel(base, customized, source).conflicts;
  if (!conflict) throw new Error('expected a conflict');

  it('takes either side, both in either order, or the base', () => {
    expect(resolutionLines(conflict, 'customized')).toEqual(['  a = 10\n']);
    expect(resolutionLines(conflict, 'source')).toEqual(['  a = 100\n']);
    expect(resolutionLines(conflict, 'both')).toEqual(['  a = 10\n', '  a = 100\n']);
    expect(resolutionLines(conflict, 'both-source-first')).toEqual(['  a = 100\n', '  a = 10\n']);
    expect(resolutionLines(conflict, 'base')).toEqual(['  a = 1\n']);
  });

  it('recognizes a resolution from the text, and hand edits as manual', () => {
    expect(resolutionOf(conflict, conflictBlock(conflict).join(''))).toBe('unresolved');
    expect(resolutionOf(conflict, '  a = 10\n')).toBe('customized');
    expect(resolutionOf(conflict, '  a = 100\n  a = 10\n')).toBe('both-source-first');
    expect(resolutionOf(conflict, '  a = 42\n')).toBe('manual');
  });
});

describe('line endings', () => {
  it("gives the Result the customized version's line ending", () => {
    // scriptLineEnding(targetBase, customized, sourceBase): core decides, the model takes it.
    expect(scriptLineEnding('a\nb\n', 'a\r\nb\r\n', 'a\n')).toBe('\r\n');
    expect(scriptLineEnding('a\r\n', 'a\nb\n', 'a\r\n')).toBe('\n');
    expect(scriptLineEnding('a\r\n', 'no break', 'b\n')).toBe('\r\n');
    expect(buildMergeModel('a\n', 'a\r\nb\r\n', 'a\n').eol).toBe('\r\n');
    expect(finalText('a\nb', '\r\n')).toBe('a\r\nb');
  });
});

describe('sideChanges', () => {
  it('finds the lines a side changed against the base', () => {
    expect(sideChanges(['a\n', 'b\n', 'c\n'], ['a\n', 'B\n', 'c\n', 'd\n'])).toEqual([
      { baseStart: 1, baseCount: 1, start: 1, count: 1 },
      { baseStart: 3, baseCount: 0, start: 3, count: 1 },
    ]);
  });
});

describe('markedChanges', () => {
  it("gives each changed line's changed words, as offsets from the change's first line", () => {
    const base = ['Sub A()\n', '  x = 1\n', '  y = 2\n', 'End Sub\n'];
    const side = ['Sub A()\n', '  x = 1\n', '  y = Max(2, n)\n', '  z = 3\n', 'End Sub\n'];
    const changes = markedChanges(base, side);
    expect(changes).toHaveLength(1);
    const [change] = changes;
    expect(change).toMatchObject({ baseStart: 2, baseCount: 1, start: 2, count: 2 });
    const text = side.slice(2, 4).join('');
    expect(change!.words.map(([a, b]) => text.slice(a, b))).toEqual(['Max(', ', n)\n  z = 3']);
  });

  it('marks no words in an insertion or a deletion', () => {
    expect(markedChanges(['a\n', 'c\n'], ['a\n', 'b\n', 'c\n'])).toEqual([{ baseStart: 1, baseCount: 0, start: 1, count: 1, words: [] }]);
    expect(markedChanges(['a\n', 'b\n', 'c\n'], ['a\n', 'c\n'])).toEqual([{ baseStart: 1, baseCount: 1, start: 1, count: 0, words: [] }]);
  });

  it("is what the model holds for each side, and the model survives a worker's structured clone", () => {
    const model = buildMergeModel(base, customized, source);
    expect(model.customizedChanges).toEqual(markedChanges(['Sub Main()\n', '  a = 1\n', '  b = 2\n', '  c = 3\n', 'End Sub\n'], ['Sub Main()\n', '  a = 10\n', '  b = 2\n', '  c = 3\n', 'End Sub\n']));
    expect(model.sourceChanges.map((c) => c.words.length)).toEqual([1, 1]);
    expect(structuredClone(model)).toEqual(model);
  });
});

describe('wordChanges', () => {
  it('highlights the changed words only', () => {
    const side = '  If total > CDec(Limit) Then\n';
    const ranges = wordChanges('  If total > 5000 Then\n', side);
    expect(ranges.map(([a, b]) => side.slice(a, b))).toEqual(['CDec(Limit)']);
  });

  it('gives up on huge hunks rather than freeze', () => {
    const big = 'x '.repeat(5000);
    expect(wordChanges(big, `${big}y`)).toEqual([]);
  });
});

describe('buildMergeModel with a diff algorithm', () => {
  it('merges with the line matching core used: histogram merges git t6403 f, g, h cleanly, myers does not', async () => {
    const t6403 = await import('../../../../tests/mergeFile/t6403Inputs.js');
    expect(buildMergeModel(t6403.baseC, t6403.oursC, t6403.theirsC, 'histogram').conflicts).toHaveLength(0);
    expect(buildMergeModel(t6403.baseC, t6403.oursC, t6403.theirsC, 'myers').conflicts.length).toBeGreaterThan(0);
  });
});
