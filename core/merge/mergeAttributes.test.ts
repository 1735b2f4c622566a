import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.js';
import { keysOf } from '../json.js';
import { mergeScripts } from '../textMerge/index.js';
import { mergeAttributes, type AttributeMergeRules } from './mergeAttributes.js';

const version = (attributes: JsonObject): JsonObject => ({ name: 'CustNumValid', attributes });
const rules: AttributeMergeRules = {
  ignoreWhitespace: true,
  mergeText: (c, t, s) => mergeScripts(t, c, s),
};

const targetBase = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mInvalidCustomer' });

describe('mergeAttributes', () => {
  it("takes the customer's message and the vendor's filter when each side changed its own attribute", () => {
    const customized = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mCustomerNotFoundCallAR' });
    const sourceBase = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mInvalidCustomer', filter: "Stat <> 'I'" });
    const merged = mergeAttributes(customized, targetBase, sourceBase, rules);
    expect(merged).toEqual({
      kind: 'clean',
      attributes: { type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mCustomerNotFoundCallAR', filter: "Stat <> 'I'" },
      changes: [
        { attribute: 'message', from: 'customized' },
        { attribute: 'filter', from: 'sourceBase' },
      ],
    });
    if (merged.kind === 'clean') expect(keysOf(merged.attributes)).toEqual(['type', 'ido', 'property', 'message', 'filter']);
  });

  it('reports the attributes both sides changed differently as an overlap', () => {
    const customized = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mCustomerNotFoundCallAR', severity: 'Warning' });
    const sourceBase = version({ type: 'InIdoCollection', ido: 'SLCustomers2', property: 'CustNum', message: 'mCustomerInvalid' });
    expect(mergeAttributes(customized, targetBase, sourceBase, rules)).toEqual({ kind: 'overlap', overlapping: ['message'] });
  });

  it('counts the same change made by both sides as no overlap', () => {
    const customized = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mCustomerNotFound', severity: 'Warning' });
    const sourceBase = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNumber', message: 'mCustomerNotFound' });
    const merged = mergeAttributes(customized, targetBase, sourceBase, rules);
    expect(merged.kind).toBe('clean');
    if (merged.kind !== 'clean') return;
    expect(merged.attributes).toEqual({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNumber', message: 'mCustomerNotFound', severity: 'Warning' });
    expect(merged.changes).toEqual([
      { attribute: 'property', from: 'sourceBase' },
      { attribute: 'message', from: 'both' },
      { attribute: 'severity', from: 'customized' },
    ]);
  });

  it('removes an attribute one side removed and the other did not change', () => {
    const customized = version({ type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mOwn' });
    const sourceBase = version({ type: 'InIdoCollection', ido: 'SLCustomers', message: 'mInvalidCustomer' });
    const merged = mergeAttributes(customized, targetBase, sourceBase, rules);
    expect(merged).toEqual({
      kind: 'clean',
      attributes: { type: 'InIdoCollection', ido: 'SLCustomers', message: 'mOwn' },
      changes: [
        { attribute: 'message', from: 'customized' },
        { attribute: 'property', from: 'sourceBase' },
      ],
    });
  });

  it('merges a text attribute both sides changed line by line when the merge is clean', () => {
    const text = (first: string, last: string) => version({ text: `${first}\nUse the lookup.\n${last}\n` });
    const merged = mergeAttributes(text('Acme number.', 'Call AR.'), text('Number.', 'Call AR.'), text('Number.', 'Call Accounts Receivable.'), rules);
    expect(merged).toEqual({ kind: 'clean', attributes: { text: 'Acme number.\nUse the lookup.\nCall Accounts Receivable.\n' }, changes: [{ attribute: 'text', from: 'text-merge' }] });
  });

  it('reports a text attribute whose line merge conflicts, or with text merging off, as an overlap', () => {
    const text = (line: string) => version({ text: `${line}\nUse the lookup.\n` });
    expect(mergeAttributes(text('Acme'), text('Base'), text('Vendor'), rules)).toEqual({ kind: 'overlap', overlapping: ['text'] });
    const disjoint = [version({ text: 'A\nb\nc\n' }), version({ text: 'a\nb\nc\n' }), version({ text: 'a\nb\nC\n' })] as const;
    expect(mergeAttributes(...disjoint, { ignoreWhitespace: true })).toEqual({ kind: 'overlap', overlapping: ['text'] });
  });

  it('never merges a one-line string both sides changed, even with text merging on', () => {
    expect(mergeAttributes(version({ caption: 'Acme' }), version({ caption: 'Base' }), version({ caption: 'Vendor' }), rules)).toEqual({
      kind: 'overlap',
      overlapping: ['caption'],
    });
  });

  it('with textAttributes, merges only those line by line, and always', () => {
    const code = (body: string, other: string) => ({ name: 'CustUtils', attributes: { language: 'VB', code: body, note: other } });
    const merged = mergeAttributes(code('A\nb\nc\n', 'x\ny\n'), code('a\nb\nc\n', 'x\ny\n'), code('a\nb\nC\n', 'x\ny\n'), { ...rules, textAttributes: ['code'] });
    expect(merged).toEqual({ kind: 'clean', attributes: { language: 'VB', code: 'A\nb\nC\n', note: 'x\ny\n' }, changes: [{ attribute: 'code', from: 'text-merge' }] });
    // `note` is text by content, but only `code` may be merged line by line here.
    expect(mergeAttributes(code('a\n', 'X\ny\n'), code('a\n', 'x\ny\n'), code('a\n', 'x\nY\n'), { ...rules, textAttributes: ['code'] })).toEqual({
      kind: 'overlap',
      overlapping: ['note'],
    });
  });
});
