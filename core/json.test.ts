import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json, JsonObject } from './json.js';
import { applyKeyOrder, keyOrderOf, keysOf, orderedObject, setKeyOrder, stringifyJson } from './json.js';

describe('stringifyJson', () => {
  it('writes the same bytes as JSON.stringify for values without explicit key orders', () => {
    // An explicit order exists in this process, so the ordered writer is in use, not JSON.stringify.
    setKeyOrder(orderedObject([['b', 1], ['2', 2]]), ['b', '2']);
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2, 4), (value, indent) => {
        expect(stringifyJson(value as Json, indent)).toBe(JSON.stringify(value, null, indent));
      }),
      { numRuns: 300 },
    );
  });

  it('writes integer-like keys in the order recorded', () => {
    const object = orderedObject([['Header', 1], ['20', { z: 1, '1': 2 }], ['3', []]]);
    setKeyOrder(object['20'] as JsonObject, ['z', '1']);
    expect(stringifyJson(object)).toBe('{"Header":1,"20":{"z":1,"1":2},"3":[]}');
    expect(stringifyJson(object, 2)).toBe('{\n  "Header": 1,\n  "20": {\n    "z": 1,\n    "1": 2\n  },\n  "3": []\n}');
  });
});

describe('keyOrderOf and applyKeyOrder', () => {
  it('carry the order of every object that needs one as data, and give it back after a structured clone', () => {
    const doc = orderedObject([['name', 'Orders'], ['components', orderedObject([['b/x', orderedObject([['a', 1], ['9', 2]])], ['10', {}], ['2', {}]])]]);
    const order = keyOrderOf(doc);
    expect(order).toEqual([
      { pointer: '/components', keys: ['b/x', '10', '2'] },
      { pointer: '/components/b~1x', keys: ['a', '9'] },
    ]);
    const cloned = structuredClone(doc);
    expect(keysOf(cloned['components'] as JsonObject)).toEqual(['2', '10', 'b/x']);
    applyKeyOrder(cloned, order);
    expect(stringifyJson(cloned)).toBe(stringifyJson(doc));
  });

  it('refuses an order that does not fit the document: a bug of whoever paired them', () => {
    expect(() => applyKeyOrder({ a: 1 }, [{ pointer: '', keys: ['a', '2'] }])).toThrow(/Carryover bug/);
  });
});
