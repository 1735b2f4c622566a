import { describe, expect, it } from 'vitest';
import { parseAnswers } from './parseAnswers.js';

function problemsOf(value: unknown): [string, string][] {
  const result = parseAnswers(typeof value === 'string' ? value : JSON.stringify(value), 'answers.json');
  if (result.ok) throw new Error('expected problems');
  expect(result.problems.every((p) => p.file === 'answers.json')).toBe(true);
  return result.problems.map((p) => [p.code, p.pointer]);
}

describe('parseAnswers', () => {
  it('reads every kind of answer, in file order', () => {
    const result = parseAnswers(
      JSON.stringify({
        answers: {
          'form:Customers@user:B_Smith/components/EmployeesButton/caption': 'keep',
          'form:Customers@site/script': { edit: 'Sub Main()\r\nEnd Sub\r\n' },
          'global:scripts/CustUtils@user:B_Smith': 'merge',
          'form:A@site/components/X': 'remove',
          'form:A@site/attributes/width': 'replace',
          'form:A@site/attributes/height': { edit: null },
          'form:A@site/attributes/list': { edit: [1, { a: 2 }] },
        },
      }),
      'answers.json',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.answers]).toEqual([
      ['form:Customers@user:B_Smith/components/EmployeesButton/caption', 'keep'],
      ['form:Customers@site/script', { edit: 'Sub Main()\r\nEnd Sub\r\n' }],
      ['global:scripts/CustUtils@user:B_Smith', 'merge'],
      ['form:A@site/components/X', 'remove'],
      ['form:A@site/attributes/width', 'replace'],
      ['form:A@site/attributes/height', { edit: null }],
      ['form:A@site/attributes/list', { edit: [1, { a: 2 }] }],
    ]);
  });

  it('accepts an empty answers object', () => {
    const result = parseAnswers('{"answers": {}}', 'a.json');
    expect(result.ok && result.answers.size).toBe(0);
  });

  it('refuses unknown answers, wrong types and malformed edits, with pointers', () => {
    expect(
      problemsOf({
        answers: {
          a: 'Keep',
          b: 'edit',
          c: 1,
          d: null,
          e: ['keep'],
          f: {},
          g: { edit: 1, note: 'x' },
          'h/i': true,
        },
      }),
    ).toEqual([
      ['bad-value', '/answers/a'],
      ['bad-value', '/answers/b'],
      ['wrong-type', '/answers/c'],
      ['wrong-type', '/answers/d'],
      ['wrong-type', '/answers/e'],
      ['missing-key', '/answers/f'],
      ['unknown-key', '/answers/g/note'],
      ['wrong-type', '/answers/h~1i'],
    ]);
  });

  it('refuses a file without answers, with unknown keys, or that is not an object', () => {
    expect(problemsOf({})).toEqual([['missing-key', '']]);
    expect(problemsOf({ answers: {}, prompts: [] })).toEqual([['unknown-key', '/prompts']]);
    expect(problemsOf({ answers: [] })).toEqual([['wrong-type', '/answers']]);
    expect(problemsOf([])).toEqual([['wrong-type', '']]);
  });

  it('refuses an id answered twice and broken JSON', () => {
    expect(problemsOf('{"answers": {"x": "keep", "x": "replace"}}')).toEqual([['duplicate-key', '/answers/x']]);
    expect(problemsOf('{"answers": ')).toEqual([['json-syntax', '/answers']]);
  });
});

describe('parseAnswers values', () => {
  const key = `sha256:${'ab'.repeat(32)}`;

  it('returns the values of the answers that have one, in file order', () => {
    const result = parseAnswers(JSON.stringify({ answers: { a: 'keep', b: 'merge' }, values: { b: key, a: key } }), 'answers.json');
    expect(result.ok && [...result.values]).toEqual([
      ['b', key],
      ['a', key],
    ]);
  });

  it('returns no values for a file without them', () => {
    const result = parseAnswers('{"answers": {"a": "keep"}}', 'a.json');
    expect(result.ok && result.values.size).toBe(0);
  });

  it('refuses values that are not keys, ids without an answer and a values that is no object, with pointers', () => {
    expect(problemsOf({ answers: { a: 'keep' }, values: { a: 'md5:00', b: key, c: 3 } })).toEqual([
      ['bad-value', '/values/a'],
      ['unknown-key', '/values/b'],
      ['bad-value', '/values/c'],
    ]);
    expect(problemsOf({ answers: {}, values: [] })).toEqual([['wrong-type', '/values']]);
    expect(problemsOf({ answers: { a: 'keep' }, values: { a: key.toUpperCase().replace('SHA256', 'sha256') } })).toEqual([['bad-value', '/values/a']]);
  });
});
