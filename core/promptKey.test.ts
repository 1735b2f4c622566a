import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, promptValuesKey, sha256Hex } from './promptKey.js';

describe('sha256Hex', () => {
  it('agrees with node:crypto on empty, short, block-boundary and non-ASCII texts', () => {
    const texts = ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'Sub Main()\r\nEnd Sub ✓ 日本 😀 é'];
    for (const text of texts) expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });
});

describe('promptValuesKey', () => {
  it('ignores object key order but not array order, null or value', () => {
    const base = { customized: { a: 1, b: [1, 2] }, targetBase: null, sourceBase: 'x' };
    expect(promptValuesKey(base)).toBe(promptValuesKey({ ...base, customized: { b: [1, 2], a: 1 } }));
    expect(promptValuesKey(base)).not.toBe(promptValuesKey({ ...base, customized: { a: 1, b: [2, 1] } }));
    expect(promptValuesKey(base)).not.toBe(promptValuesKey({ ...base, targetBase: 'x', sourceBase: null }));
    expect(promptValuesKey(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it('serializes canonically', () => {
    expect(canonicalJson({ b: 1, a: { d: null, c: 'x' } })).toBe('{"a":{"c":"x","d":null},"b":1}');
  });
});
