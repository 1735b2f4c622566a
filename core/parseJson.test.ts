import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysOf, stringifyJson, type JsonObject } from './json.js';
import { DENSITY_CHECK_FROM, MAX_JSON_DEPTH, parseJson } from './parseJson.js';

function problemsOf(text: string) {
  const result = parseJson(text, 'f.json');
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

function valueOf(text: string) {
  const result = parseJson(text, 'f.json');
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('; '));
  return result.value;
}

describe('parseJson', () => {
  it('parses every kind of JSON value, keeping key order', () => {
    const value = valueOf('{"b": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "a": {}}');
    expect(value).toEqual({ b: [1, -2500, true, false, null, 'xé\n'], a: {} });
    expect(Object.keys(value as object)).toEqual(['b', 'a']);
  });

  it('reports a BOM and tolerates it', () => {
    const result = parseJson('\uFEFF{"a":1}', 'f.json');
    expect(result).toEqual({ ok: true, value: { a: 1 }, bom: true });
    expect(parseJson('{"a":1}', 'f.json')).toMatchObject({ ok: true, bom: false });
  });

  it('keeps __proto__ as a plain key', () => {
    const value = valueOf('{"__proto__": {"polluted": true}, "x": 1}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps __proto__ as a plain key on the precise path too', () => {
    // An unsafe-looking number sends the text to the precise parser, which must build the same objects.
    const value = valueOf('{"__proto__": {"polluted": true}, "big": 1e300}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__', 'big']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reports a syntax error with the pointer, the line and the column', () => {
    const problems = problemsOf('{\n  "components": {\n    "CustNum": { "x": 1,, }\n  }\n}');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'json-syntax', file: 'f.json', pointer: '/components/CustNum' });
    expect(problems[0].message).toMatch(/line 3, column 25/);
  });

  it('points at the member after which the text broke', () => {
    const problems = problemsOf('{"a": {"b": 1 "c": 2}}');
    expect(problems[0].pointer).toBe('/a/b');
    expect(problems[0].message).toMatch(/expected ',' or '}'/);
  });

  it('points at the array element being parsed', () => {
    expect(problemsOf('{"list": [1, 2, tru]}')[0].pointer).toBe('/list/2');
  });

  it('reports trailing commas, comments, single quotes, NaN, leading zeros and bare words', () => {
    for (const text of ['[1,]', '{"a":1,}', '// c\n{}', "{'a':1}", '[NaN]', '[01]', '[1.]', '[.5]', '[-]', '[1e]', '{a:1}', '[Infinity]', '["\\x"]', '["\\u12"]']) {
      expect(problemsOf(text)[0].code, text).toBe('json-syntax');
    }
  });

  it('reports raw control characters inside strings', () => {
    expect(problemsOf('["a\nb"]')[0].message).toMatch(/control character/);
  });

  it('reports an empty file, an unterminated string and text after the value', () => {
    expect(problemsOf('')[0].message).toMatch(/empty/);
    expect(problemsOf('  \n ')[0].message).toMatch(/empty/);
    expect(problemsOf('{"a": "x')[0].message).toMatch(/unterminated string/);
    expect(problemsOf('{} {}')[0].message).toMatch(/after the JSON value/);
    expect(problemsOf('{"a": 1')[0].message).toMatch(/end of the file/);
  });

  it('counts columns on the line where the error is, with CRLF line endings', () => {
    expect(problemsOf('{\r\n"a": x}')[0].message).toMatch(/line 2, column 6/);
  });

  it('reports a repeated key with the pointer of the repetition', () => {
    const problems = problemsOf('{"components": {"A": {"x": 1, "y": 2, "x": 3}}}');
    expect(problems).toEqual([
      { code: 'duplicate-key', file: 'f.json', pointer: '/components/A/x', message: expect.stringMatching(/"x" is repeated/) },
    ]);
  });

  it('reports every repeated key, at every level', () => {
    const problems = problemsOf('{"a": 1, "a": 2, "b": {"c": [{"d": 1, "d": 1}]}, "b": 0}');
    expect(problems.map((p) => p.pointer)).toEqual(['/a', '/b/c/0/d', '/b']);
  });

  it('reports repeated keys written with different escapes', () => {
    expect(problemsOf('{"a": 1, "\\u0061": 2}')[0].code).toBe('duplicate-key');
  });

  it('does not mistake strings containing quotes and colons for keys', () => {
    expect(valueOf('{"a": "x\\":", "b": ["\\\\", ":"], "c\\\\": "\\\\\\":"}')).toEqual({ a: 'x":', b: ['\\', ':'], 'c\\': '\\":' });
  });

  it('reports integers beyond 2^53 with their pointer', () => {
    const problems = problemsOf('{"a": {"id": 9007199254740993}, "b": [-9007199254740993]}');
    expect(problems.map((p) => [p.code, p.pointer])).toEqual([
      ['unsafe-integer', '/a/id'],
      ['unsafe-integer', '/b/0'],
    ]);
    expect(problems[0].message).toMatch(/integers beyond 2\^53 are not supported/);
  });

  it('accepts the largest safe integers and non-integer literals of any size', () => {
    expect(valueOf('[9007199254740991, -9007199254740991, 1e300, 1.5e20, 12345678901234567890.5]')).toEqual([
      9007199254740991, -9007199254740991, 1e300, 1.5e20, Number('12345678901234567890.5'),
    ]);
  });

  it('reports numbers too large for a double, which would be written back as null', () => {
    expect(problemsOf('{"a": [1e400, -1E+999, 1.5]}').map((p) => [p.code, p.pointer])).toEqual([
      ['unsafe-number', '/a/0'],
      ['unsafe-number', '/a/1'],
    ]);
  });

  it('reports numbers too close to zero for a double, which would be written back changed', () => {
    expect(problemsOf('{"a": [1e-400, -0.5e-330, 1e-320, 0, 0.0, 0e-999, 2.5e-308]}').map((p) => [p.code, p.pointer])).toEqual([
      ['unsafe-number', '/a/0'],
      ['unsafe-number', '/a/1'],
      ['unsafe-number', '/a/2'],
    ]);
    expect(problemsOf('{"width": 1e-400}')[0].message).toContain('would be written back as 0');
    expect(valueOf('{"a": [0, -0.0, 0e-999, 1e-300]}')).toEqual({ a: [0, -0, 0, 1e-300] });
  });

  it('keeps the written order of integer-like keys and reports it as data', () => {
    const text = '{"name": "Orders", "components": {"Header": {}, "20": {"1": 1, "b": 2}, "3": {}}}';
    const result = parseJson(text, 'f.json');
    if (!result.ok) throw new Error('expected a value');
    const components = (result.value as JsonObject)['components'] as JsonObject;
    expect(Object.keys(components)).toEqual(['3', '20', 'Header']);
    expect(keysOf(components)).toEqual(['Header', '20', '3']);
    expect(result.keyOrder).toEqual([{ pointer: '/components', keys: ['Header', '20', '3'] }]);
    expect(stringifyJson(result.value)).toBe(text.replace(/ /g, ''));
  });

  it('reports no key order for documents whose order JavaScript keeps', () => {
    const result = parseJson('{"components": {"1": {}, "2": {}, "a": {}}, "x": {"9": 1}}', 'f.json');
    expect(result.ok && result.keyOrder).toBeUndefined();
  });

  it('reports an unsafe integer at the top level', () => {
    expect(problemsOf('18446744073709551616')[0].code).toBe('unsafe-integer');
  });

  it('reports nesting deeper than the limit as a problem, not a stack overflow', () => {
    const depth = 100_000;
    const problems = problemsOf('['.repeat(depth) + ']'.repeat(depth));
    expect(problems).toHaveLength(1);
    expect(problems[0].code).toBe('json-depth');
    expect(problems[0].message).toMatch(/nested more than 1000 levels/);
  });

  it('reports deep nesting even when the text is also broken', () => {
    const problems = problemsOf('{"a":'.repeat(100_000));
    expect(problems[0].code).toBe('json-depth');
  });

  it('accepts nesting up to the limit', () => {
    const ok = parseJson('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH), 'f.json');
    expect(ok.ok).toBe(true);
    const tooDeep = parseJson('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1), 'f.json');
    expect(tooDeep.ok).toBe(false);
  });

  it('counts the depth of objects as well as arrays', () => {
    const depth = MAX_JSON_DEPTH + 1;
    expect(parseJson('{"a":'.repeat(depth) + '1' + '}'.repeat(depth), 'f.json').ok).toBe(false);
  });

  it('agrees with JSON.parse on what is valid for a variety of texts', () => {
    const texts = ['{}', '[]', '"x"', '1', '-0', 'true', ' null ', '{"a":[{"b":{"c":"\\ud83d\\ude00"}}]}', '\t[1,\r\n2]'];
    for (const text of texts) {
      expect(valueOf(text), text).toEqual(JSON.parse(text));
    }
  });

  it('finds a repeated key exactly when there is one, whatever the strings hold (property)', () => {
    type Tree = { kind: 'leaf'; value: unknown } | { kind: 'array'; items: Tree[] } | { kind: 'object'; entries: [string, Tree][] };
    const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.oneof(fc.string({ unit: fc.constantFrom('a', '"', '\\', ':', ' ', ',', '{', 'é') }), fc.integer(), fc.boolean(), fc.constant(null)).map(
          (value): Tree => ({ kind: 'leaf', value }),
        ),
        fc.array(tie('tree'), { maxLength: 4 }).map((items): Tree => ({ kind: 'array', items })),
        fc
          .array(fc.tuple(fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', ':'), maxLength: 3 }), tie('tree')), { maxLength: 4 })
          .map((entries): Tree => ({ kind: 'object', entries })),
      ),
    }));
    const space = ['', ' ', '\n  ', '\t'];
    const serialize = (t: Tree, n: number): string => {
      const ws = space[n % space.length];
      if (t.kind === 'leaf') return JSON.stringify(t.value);
      if (t.kind === 'array') return `[${ws}${t.items.map((item, i) => serialize(item, n + i)).join(`,${ws}`)}]`;
      return `{${t.entries.map(([k, v], i) => `${ws}${JSON.stringify(k)}${space[(n + i + 1) % space.length]}:${ws}${serialize(v, n + i)}`).join(',')}}`;
    };
    const hasRepeat = (t: Tree): boolean => {
      if (t.kind === 'leaf') return false;
      if (t.kind === 'array') return t.items.some(hasRepeat);
      const keys = t.entries.map(([k]) => k);
      return new Set(keys).size !== keys.length || t.entries.some(([, v]) => hasRepeat(v));
    };
    fc.assert(
      fc.property(tree, fc.nat(7), (t, n) => {
        const text = serialize(t, n);
        const result = parseJson(text, 'f.json');
        expect(result.ok).toBe(!hasRepeat(t));
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
        else expect(result.problems.every((p) => p.code === 'duplicate-key')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('parseJson density check', () => {
  it('refuses a large file of nothing but empty arrays before parsing it', () => {
    const text = `[${'[],'.repeat(DENSITY_CHECK_FROM / 3 + 10)}[]]`;
    const result = parseJson(text, 'dense.json');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toHaveLength(1);
      expect(result.problems[0]).toMatchObject({ code: 'json-too-dense', file: 'dense.json', pointer: '' });
    }
  });

  it('parses a large file of ordinary objects, and counts no bracket inside a string', () => {
    const item = { name: 'Component', caption: 'A caption with [brackets] and {braces} \\" inside', x: 12, y: 34 };
    const items = Array.from({ length: Math.ceil(DENSITY_CHECK_FROM / 80) }, (_, i) => ({ ...item, name: `C${i}` }));
    const text = JSON.stringify({ components: items });
    expect(text.length).toBeGreaterThan(DENSITY_CHECK_FROM);
    const result = parseJson(text, 'big.json');
    expect(result.ok).toBe(true);
    const brackets = `["${'[{'.repeat(DENSITY_CHECK_FROM)}"]`;
    expect(parseJson(brackets, 'strings.json').ok).toBe(true);
  });
});
