import { describe, expect, it } from 'vitest';
import { changedRows, formatCell, versionRows } from './versionRows.js';

const targetBase = { name: 'Customers', attributes: { caption: 'Customers' }, components: { CustNum: { type: 'EditBox', caption: 'sCustomer' }, FaxButton: { type: 'Button' } } };
const sourceBase = { name: 'Customers', attributes: { caption: 'Customers' }, components: { CustNum: { type: 'EditBox', caption: 'sCustomer', validators: ['V'] } } };
const customized = { name: 'Customers', attributes: { caption: 'Customers' }, components: { CustNum: { type: 'EditBox', caption: 'Cust #' }, FaxButton: { type: 'Button' } } };
const result = { name: 'Customers', attributes: { caption: 'Customers' }, components: { CustNum: { type: 'EditBox', caption: 'Cust #', validators: ['V'] } } };

const decision = (action: 'kept-customization' | 'removed' | 'took-source', values: object = {}) => ({
  action,
  reason: `${action} because`,
  customized: null,
  targetBase: null,
  sourceBase: null,
  result: null,
  ...values,
});

describe('versionRows', () => {
  const rows = versionRows(
    { customized, targetBase, sourceBase, result },
    [
      { path: 'components/CustNum/caption', decision: decision('kept-customization') },
      { path: 'components/FaxButton', decision: decision('removed') },
    ],
    [],
    {},
  );
  const row = (p: string) => rows.find((r) => r.path === p);

  it('has a row per attribute, component attribute and section, in document order', () => {
    expect(rows.map((r) => r.path)).toEqual([
      'attributes',
      'attributes/caption',
      'components',
      'components/CustNum',
      'components/CustNum/type',
      'components/CustNum/caption',
      'components/CustNum/validators',
      'components/FaxButton',
      'components/FaxButton/type',
    ]);
  });

  it('puts the four values side by side, with the decision and what differs', () => {
    expect(row('components/CustNum/caption')).toMatchObject({
      customized: { present: true, value: 'Cust #' },
      targetBase: { value: 'sCustomer' },
      result: { value: 'Cust #' },
      decision: { action: 'kept-customization', inherited: false },
      changed: { customized: true, sourceBase: false, result: false },
    });
    expect(row('components/CustNum/validators')).toMatchObject({ customized: { present: false }, changed: { sourceBase: true, result: true } });
  });

  it('keeps only the rows where something differs, with their headings, for "Changes only"', () => {
    expect(changedRows(rows).map((r) => r.path)).toEqual([
      'components',
      'components/CustNum',
      'components/CustNum/caption',
      'components/CustNum/validators',
      'components/FaxButton',
      'components/FaxButton/type',
    ]);
  });

  it("lets a component's decision cover its attributes", () => {
    expect(row('components/FaxButton/type')?.decision).toMatchObject({ action: 'removed', inherited: true });
    expect(row('components/FaxButton')).toMatchObject({ customized: { value: 'Button' }, result: { present: false } });
  });

  it('shows a saved report from its decisions alone', () => {
    const fromReport = versionRows(
      { customized: null, targetBase: null, sourceBase: null, result: undefined },
      [{ path: 'attributes/caption', decision: decision('took-source', { customized: 'A', targetBase: 'A', sourceBase: 'B', result: 'B' }) }],
      [{ path: 'script', prompt: { id: 'form:X@site/script', answer: 'keep', customized: 'c', targetBase: 't', sourceBase: 's' } }],
      null,
    );
    expect(fromReport.map((r) => [r.path, r.result.value, r.prompt?.answer ?? null])).toEqual([
      ['attributes/caption', 'B', null],
      ['script', undefined, 'keep'],
    ]);
  });
});

describe('versionRows of a version dropped as redundant', () => {
  it('does not say kept-customization beside an absent result', () => {
    const rows = versionRows(
      { customized: null, targetBase: null, sourceBase: null, result: undefined },
      [
        { path: '', decision: decision('kept-customization', { action: 'dropped-redundant' as never }) },
        { path: 'components/CustNum/caption', decision: decision('kept-customization', { customized: 'Cust #', result: 'Cust #' }) },
      ],
      [],
      null,
    );
    const caption = rows.find((r) => r.path === 'components/CustNum/caption');
    expect(caption?.decision?.action).toBe('dropped-redundant');
    expect(caption?.decision?.reason).toMatch(/kept-customization/);
    expect(caption?.result.present).toBe(false);
  });
});

describe('formatCell', () => {
  it('shortens multi-line text and shows JSON for the rest', () => {
    expect(formatCell({ present: true, value: 'Sub Main()\r\n  x\r\nEnd Sub\r\n' })).toBe('Sub Main() … (3 lines)');
    expect(formatCell({ present: true, value: ['A', 'B'] })).toBe('["A","B"]');
    expect(formatCell({ present: false, value: undefined })).toBe('absent');
    expect(formatCell({ present: true, value: { type: 'EditBox', caption: 'x' } })).toBe('EditBox · 2 attributes');
  });
});
