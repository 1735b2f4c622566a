import { describe, expect, it } from 'vitest';
import { LineInterner, linesOf, textOf } from './LineInterner.js';

describe('LineInterner', () => {
  it('gives equal lines the same id across texts', () => {
    const interner = new LineInterner();
    const a = interner.split('x\ny\nx\n');
    const b = interner.split('y\nz');
    expect(linesOf(a, 0, a.count)).toEqual(['x\n', 'y\n', 'x\n']);
    expect([...a.ids]).toEqual([0, 1, 0]);
    expect([...b.ids]).toEqual([1, 2]);
    expect(interner.size).toBe(3);
  });

  it('cuts lines as splitLines does, keeping a last line without newline', () => {
    const index = new LineInterner().split('a\r\n\nb');
    expect(index.count).toBe(3);
    expect([...index.starts]).toEqual([0, 3, 4, 5]);
    expect(linesOf(index, 0, 3)).toEqual(['a\r\n', '\n', 'b']);
    expect(textOf(index, 1, 2)).toBe('\nb');
    expect(new LineInterner().split('')).toMatchObject({ count: 0 });
  });

  it('tells lines apart by their line ending', () => {
    const interner = new LineInterner();
    const { ids } = interner.split('a\na\r\na');
    expect(new Set(ids).size).toBe(3);
  });

  it('keeps ids exact when its tables grow', () => {
    const interner = new LineInterner();
    const text = Array.from({ length: 20_000 }, (_, i) => `line ${i % 7_000}\n`).join('');
    const { ids } = interner.split(text);
    expect(interner.size).toBe(7_000);
    expect(ids.every((id, i) => id === ids[i % 7_000])).toBe(true);
    expect(new Set(ids.subarray(0, 7_000)).size).toBe(7_000);
  });
});
