import { describe, expect, it } from 'vitest';
import type { Answer } from './analysis.js';
import { checkEditedValue, formatEditProblem, parseEditedValue } from './checkEditedValue.js';
import type { Json, JsonObject } from './json.js';
import { defaultOptions } from './options.js';
import { synchronize } from './synchronize.js';
import { configurationOf } from './testing/configurationOf.js';

const handlers = { id: 'form:CustomerOrders@group:Sales/eventHandlers/StdFormPredisplay', customized: [] };
const validators = { id: 'form:Customers@user:C_Jones/components/CustNum/validators', customized: ['CustNumValid'] };

describe('checkEditedValue', () => {
  it('accepts any JSON value for a component attribute, a form attribute or a variable', () => {
    for (const value of [['CustNumValid', 'CustCreditCheck'], 'x', 12, null, { nested: [1] }]) {
      expect(checkEditedValue(validators, value)).toBeNull();
      expect(checkEditedValue({ id: 'form:Vendors@group:Purchasing/variables/PageSize', customized: 25 }, value)).toBeNull();
      expect(checkEditedValue({ id: 'form:Items@site/attributes/caption', customized: 'Items' }, value)).toBeNull();
    }
  });

  it('refuses a handler list that is not a list of handler objects, with the pointer of what is wrong', () => {
    expect(checkEditedValue(handlers, [{ responseType: 'Method', response: 'InitForm()', keep: 'LAST' }])).toBeNull();
    expect(checkEditedValue(handlers, { response: 'x' })).toEqual({
      pointer: '',
      versionPointer: '/eventHandlers/StdFormPredisplay',
      message: 'expected an array, found an object',
    });
    expect(checkEditedValue(handlers, [{ response: 'x' }, { response: 'y', keep: 'SOMETIMES' }])).toMatchObject({
      pointer: '/1/keep',
      versionPointer: '/eventHandlers/StdFormPredisplay/1/keep',
    });
    expect(checkEditedValue(handlers, ['InitForm()'])).toMatchObject({ pointer: '/0', message: 'expected an object, found a string' });
  });

  it('refuses a form script that is not text, and a text that still has conflict markers', () => {
    const script = { id: 'form:Invoices@site/script', customized: 'Sub Main()\r\nEnd Sub\r\n', texts: { customized: '', targetBase: '', sourceBase: '', diffAlgorithm: 'histogram' as const } };
    expect(checkEditedValue(script, 'Sub Main()\r\nEnd Sub\r\n')).toBeNull();
    expect(checkEditedValue(script, 42)).toMatchObject({ pointer: '', message: 'expected a string, found a number' });
    expect(checkEditedValue(script, '<<<<<<< customized\nA\n=======\nB\n>>>>>>> source base\n')?.message).toMatch(/conflict markers/);
  });

  it('refuses a whole component that is not an object, or has an attribute with an invalid name', () => {
    const component = { id: 'form:Items@site/components/ProductCode', customized: { type: 'EditBox' } };
    expect(checkEditedValue(component, { type: 'EditBox', binding: 'object.Item' })).toBeNull();
    expect(checkEditedValue(component, [1])).toMatchObject({ pointer: '', message: 'expected an object, found an array' });
    expect(checkEditedValue(component, { 'bad name': 1 })).toMatchObject({ pointer: '/bad name' });
  });

  it('takes a scripts global edit as its code or as a whole object with attributes only', () => {
    const global = { id: 'global:scripts/CustUtils@site', customized: { name: 'CustUtils', attributes: { language: 'VB', code: 'a' } } };
    expect(checkEditedValue(global, 'Function F()\nEnd Function\n')).toBeNull();
    expect(checkEditedValue(global, { attributes: { language: 'VB', code: 'b' } })).toBeNull();
    expect(checkEditedValue(global, { attributes: { code: 'b' }, extra: 1 })).toMatchObject({ pointer: '/extra', message: expect.stringMatching(/unknown key/) });
    expect(checkEditedValue(global, { $schema: 'x', attributes: { code: 'b' } })).toMatchObject({ pointer: '/$schema' });
    expect(checkEditedValue(global, { attributes: { code: '<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n' } })).toMatchObject({ pointer: '/attributes/code' });
    expect(checkEditedValue(global, { code: 'b' })).toMatchObject({ pointer: '/attributes' });
    expect(checkEditedValue(global, 7)?.message).toMatch(/script code/);
  });
});

describe('parseEditedValue', () => {
  it('parses a valid value', () => {
    expect(parseEditedValue(validators, '["CustNumValid", "CustNumExists"]')).toEqual({ ok: true, value: ['CustNumValid', 'CustNumExists'] });
  });

  it('says where the JSON text breaks', () => {
    const parsed = parseEditedValue(validators, '["CustNumValid",\n  "CustNumExists"');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.message).toMatch(/line 2/);
  });

  it('refuses a number a double cannot hold and a key given twice, as the loader does', () => {
    expect(parseEditedValue(validators, '1e400').ok).toBe(false);
    expect(parseEditedValue(validators, '{"a": 1, "a": 2}').ok).toBe(false);
  });

  it('formats a problem with its pointer', () => {
    const parsed = parseEditedValue(handlers, '[{"keep": "NEVER"}]');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(formatEditProblem(parsed.problem)).toMatch(/^at \/0\/keep: keep must be one of/);
  });
});

describe('checkEditedValue and the engine', () => {
  // Every prompt that offers edit, and values of every shape: an edit the app or the terminal
  // accepts must be accepted by the engine too, or the answer would be refused only at commit.
  const handler = (response: string) => ({ responseType: 'Method', response });
  const form = (extra: JsonObject): JsonObject => ({ name: 'Orders', ...extra });
  const script = (code: string): JsonObject => ({ name: 'Utils', attributes: { language: 'VB', code } });
  const source = {
    'vendor/forms/Orders.json': form({ script: 'a\nB\nc\n', components: { Total: { binding: 'object.Total2' } }, eventHandlers: { Load: [handler('Init(True)')] } }),
    'vendor/globals/scripts/Utils.json': script('x\nY\nz\n'),
  };
  const target = {
    'vendor/forms/Orders.json': form({ script: 'a\nb\nc\n', components: { Total: { binding: 'object.Total' } }, eventHandlers: { Load: [handler('Init()')] } }),
    'site/forms/Orders.json': form({ script: 'a\nb\nC2\n', components: { Total: { binding: 'object.MyTotal' } }, eventHandlers: { Load: [handler('MyInit()')] } }),
    'vendor/globals/scripts/Utils.json': script('x\ny\nz\n'),
    'site/globals/scripts/Utils.json': script('x\ny\nZ2\n'),
  };
  const values: Json[] = [
    'text',
    '<<<<<<< a\nx\n=======\ny\n>>>>>>> b\n',
    7,
    null,
    [],
    [handler('X')],
    [{ ...handler('X'), keep: 'LAST' }],
    [{ ...handler('X'), keep: 'NEVER' }],
    [{ 'bad name': 1 }],
    ['X'],
    { attributes: { language: 'VB', code: 'x\n' } },
    { attributes: { 'bad name': 1 } },
    { attributes: { code: 'x\n' }, other: 1 },
    { code: 'x\n' },
  ];
  const analyze = (answers: Record<string, Answer> = {}) =>
    synchronize({ source: configurationOf(source), target: configurationOf(target), options: defaultOptions(), answers: new Map(Object.entries(answers)) });

  it('accepts in the engine every edit it accepts, for every prompt that offers edit', () => {
    const prompts = analyze().prompts.filter((p) => p.choices.includes('edit'));
    expect(prompts.map((p) => p.id).sort()).toEqual([
      'form:Orders@site/components/Total/binding',
      'form:Orders@site/eventHandlers/Load',
      'form:Orders@site/script',
      'global:scripts/Utils@site',
    ]);
    for (const prompt of prompts) {
      for (const value of values) {
        if (checkEditedValue(prompt, value) !== null) continue;
        const analysis = analyze({ [prompt.id]: { edit: value } });
        expect(analysis.answerProblems, `${prompt.id} edited to ${JSON.stringify(value)}`).toEqual([]);
      }
    }
  });
});
