import { describe, expect, it } from 'vitest';
import { alignThreeWay, wordChanges } from './alignThreeWay.js';

const texts = (rows: ReturnType<typeof alignThreeWay>['rows']) =>
  rows.map((r) => [r.customized?.text ?? null, r.targetBase?.text ?? null, r.sourceBase?.text ?? null]);

describe('alignThreeWay', () => {
  it('pairs unchanged lines and pads the shorter side of a change with gaps', () => {
    const a = alignThreeWay('a\nb\nc\n', 'a\nc\n', 'a\nc\nd\n');
    expect(texts(a.rows)).toEqual([
      ['a', 'a', 'a'],
      ['b', null, null],
      ['c', 'c', 'c'],
      [null, null, 'd'],
    ]);
    expect(a.changedCustomized).toBe(1);
    expect(a.changedSourceBase).toBe(1);
    expect(a.rows[1]?.customized?.changed).toBe(true);
    expect(a.rows[0]?.customized?.changed).toBe(false);
  });

  it('puts both sides of an overlapping change in one stretch beside the target base line', () => {
    const a = alignThreeWay('x\nB1\nz\n', 'x\nb\nz\n', 'x\nB2\nB3\nz\n');
    expect(texts(a.rows)).toEqual([
      ['x', 'x', 'x'],
      ['B1', 'b', 'B2'],
      [null, null, 'B3'],
      ['z', 'z', 'z'],
    ]);
    expect(a.rows[1]?.targetBase?.changed).toBe(true);
  });

  it('marks the words that differ inside a changed line, not the whole line', () => {
    const a = alignThreeWay('Return amt >= 0 AndAlso amt < 100', 'Return amt >= 0', 'Return amt >= 0');
    const cell = a.rows[0]?.customized;
    expect(cell?.changed).toBe(true);
    expect(cell?.words).toEqual([[15, 33]]);
    expect(a.rows[0]?.sourceBase?.changed).toBe(false);
  });

  it('shows JSON values one field per line, so an added list item is its own changed line', () => {
    const a = alignThreeWay(['CustNumValid', 'CustCreditCheck'], ['CustNumValid'], ['CustNumValid', 'CustNumExists']);
    expect(texts(a.rows)).toEqual([
      ['[', '[', '['],
      ['  "CustNumValid",', '  "CustNumValid"', '  "CustNumValid",'],
      ['  "CustCreditCheck"', null, '  "CustNumExists"'],
      [']', ']', ']'],
    ]);
    // Only the comma was added to the first item: only the comma is marked.
    expect(a.rows[1]?.customized?.words).toEqual([[16, 17]]);
  });

  it('shows an absent side as gaps only', () => {
    const a = alignThreeWay({ caption: 'A' }, { caption: 'B' }, null);
    expect(a.rows.every((r) => r.sourceBase === null)).toBe(true);
    expect(a.rows.some((r) => r.customized?.changed)).toBe(true);
  });

  it('aligns separate changes of both sides around lines neither changed', () => {
    const base = Array.from({ length: 10 }, (_, i) => `l${i}`);
    const customized = [...base];
    customized.splice(2, 1);
    const source = [...base];
    source.splice(7, 0, 'new');
    const a = alignThreeWay(customized.join('\n'), base.join('\n'), source.join('\n'));
    for (const row of a.rows) {
      if (row.targetBase && row.customized && !row.customized.changed) expect(row.customized.text).toBe(row.targetBase.text);
      if (row.targetBase && row.sourceBase && !row.sourceBase.changed) expect(row.sourceBase.text).toBe(row.targetBase.text);
    }
    expect(a.rows).toHaveLength(11);
  });
});

describe('wordChanges', () => {
  it('returns nothing for equal lines and the changed word otherwise', () => {
    expect(wordChanges('a b c', 'a b c')).toEqual([]);
    expect(wordChanges('caption Cust', 'caption Customer')).toEqual([[8, 16]]);
  });
});
