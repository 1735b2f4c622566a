import { describe, expect, it } from 'vitest';
import { defaultOptions, type Options } from './options.js';
import { parseOptions, protectedRefusals } from './parseOptions.js';

function optionsOf(value: unknown): Options {
  const result = parseOptions(typeof value === 'string' ? value : JSON.stringify(value), 'options.json');
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.pointer}: ${p.message}`).join('\n'));
  return result.options;
}

function problemsOf(value: unknown): [string, string][] {
  const result = parseOptions(typeof value === 'string' ? value : JSON.stringify(value), 'options.json');
  if (result.ok) throw new Error('expected problems');
  expect(result.problems.every((p) => p.file === 'options.json')).toBe(true);
  return result.problems.map((p) => [p.code, p.pointer]);
}

describe('parseOptions', () => {
  it('gives the defaults for an empty object', () => {
    expect(optionsOf({})).toEqual(defaultOptions());
  });

  it('accepts the defaults written out in full, as merge-rules.md lists them', () => {
    expect(optionsOf(defaultOptions())).toEqual(defaultOptions());
  });

  it('lays the file over the defaults key by key at every depth', () => {
    const options = optionsOf({ merge: { componentAttributes: { binding: 'keep' }, script: 'keep' }, forms: { mode: 'leave' } });
    const expected = defaultOptions();
    expected.merge.componentAttributes.binding = 'keep';
    expected.merge.script = 'keep';
    expected.forms.mode = 'leave';
    expect(options).toEqual(expected);
    expect(options.merge.componentAttributes.caption).toBe('keep');
    expect(options.forms.promptBeforeRemoval).toBe(false);
  });

  it('merges attribute rule maps per key, including *', () => {
    const options = optionsOf({ merge: { formAttributes: { '*': 'keep', caption: 'prompt', dataSource: 'replace' } } });
    expect(options.merge.formAttributes).toEqual({ ...defaultOptions().merge.formAttributes, '*': 'keep', caption: 'prompt', dataSource: 'replace' });
  });

  it('replaces forms.names and merges globals.types', () => {
    const options = optionsOf({ forms: { names: ['Cust%', 'Orders'] }, globals: { types: { scripts: '%', validators: 'Cust%' } } });
    expect(options.forms.names).toEqual(['Cust%', 'Orders']);
    expect(options.globals.types).toEqual({ scripts: '%', validators: 'Cust%' });
  });

  it('accepts every value of every enumerated option', () => {
    for (const baseLevel of ['vendor', 'site', 'group']) expect(optionsOf({ baseLevel }).baseLevel).toBe(baseLevel);
    for (const mode of ['merge', 'leave', 'remove', 'skip']) expect(optionsOf({ forms: { mode } }).forms.mode).toBe(mode);
    for (const mode of ['merge', 'keep', 'remove', 'skip']) expect(optionsOf({ globals: { mode } }).globals.mode).toBe(mode);
    for (const rule of ['keep', 'prompt', 'replace']) expect(optionsOf({ merge: { variables: rule } }).merge.variables).toBe(rule);
    expect(optionsOf({ merge: { nonMatchingComponents: 'remove' } }).merge.nonMatchingComponents).toBe('remove');
  });

  it('does not share state between calls (the defaults are never mutated)', () => {
    optionsOf({ merge: { componentAttributes: { binding: 'replace' } }, forms: { names: ['X'] } });
    expect(defaultOptions().merge.componentAttributes.binding).toBeUndefined();
    expect(optionsOf({}).forms.names).toEqual([]);
  });

  it('refuses unknown keys at every level, suggesting the right spelling', () => {
    expect(problemsOf({ baselevel: 'site', extra: 1, forms: { Mode: 'merge' }, merge: { scripts: 'keep' }, globals: { x: 1 }, explorer: { update: true, y: 2 } })).toEqual([
      ['unknown-key', '/baselevel'],
      ['unknown-key', '/extra'],
      ['unknown-key', '/forms/Mode'],
      ['unknown-key', '/merge/scripts'],
      ['unknown-key', '/globals/x'],
      ['unknown-key', '/explorer/y'],
    ]);
    const result = parseOptions('{"baselevel": "site"}', 'o.json');
    expect(!result.ok && result.problems[0].message).toMatch(/did you mean "baseLevel"/);
  });

  it('refuses unknown values of enumerated options', () => {
    expect(
      problemsOf({
        baseLevel: 'user',
        forms: { mode: 'keep' },
        globals: { mode: 'leave' },
        merge: { script: 'ask', eventHandlers: 'Keep', nonMatchingComponents: 'prompt', componentAttributes: { binding: 'merge' } },
      }),
    ).toEqual([
      ['bad-value', '/baseLevel'],
      ['bad-value', '/forms/mode'],
      ['bad-value', '/globals/mode'],
      ['bad-value', '/merge/script'],
      ['bad-value', '/merge/eventHandlers'],
      ['bad-value', '/merge/nonMatchingComponents'],
      ['bad-value', '/merge/componentAttributes/binding'],
    ]);
  });

  it('refuses wrong types at every level', () => {
    expect(problemsOf([])).toEqual([['wrong-type', '']]);
    expect(
      problemsOf({
        onlyProcessChangedBase: 'true',
        deleteOnlyMatchingBase: 1,
        removeRuntimeChanges: null,
        forms: { promptBeforeRemoval: 'no', names: 'Cust%' },
        merge: { formAttributes: [], textMerge: 0, ignoreWhitespace: 'yes', dropRedundantCustomizations: [] },
        globals: { promptBeforeRemoval: {}, types: ['scripts'] },
        explorer: [],
      }),
    ).toEqual([
      ['wrong-type', '/onlyProcessChangedBase'],
      ['wrong-type', '/deleteOnlyMatchingBase'],
      ['wrong-type', '/removeRuntimeChanges'],
      ['wrong-type', '/forms/promptBeforeRemoval'],
      ['wrong-type', '/forms/names'],
      ['wrong-type', '/merge/formAttributes'],
      ['wrong-type', '/merge/textMerge'],
      ['wrong-type', '/merge/ignoreWhitespace'],
      ['wrong-type', '/merge/dropRedundantCustomizations'],
      ['wrong-type', '/globals/promptBeforeRemoval'],
      ['wrong-type', '/globals/types'],
      ['wrong-type', '/explorer'],
    ]);
  });

  it('refuses invalid attribute names in rule maps', () => {
    expect(problemsOf({ merge: { componentAttributes: { 'a/b': 'keep', '': 'keep', '**': 'keep' } } })).toEqual([
      ['bad-name', '/merge/componentAttributes/a~1b'],
      ['bad-name', '/merge/componentAttributes/'],
      ['bad-name', '/merge/componentAttributes/**'],
    ]);
  });

  it('refuses invalid name filters and unknown global types', () => {
    expect(problemsOf({ forms: { names: ['Cust*', '', 3, 'ok%'] }, globals: { types: { Scripts: '%', scripts: 'a b', menus: 1, validators: '' } } })).toEqual([
      ['bad-value', '/forms/names/0'],
      ['bad-value', '/forms/names/1'],
      ['wrong-type', '/forms/names/2'],
      ['unknown-key', '/globals/types/Scripts'],
      ['bad-value', '/globals/types/scripts'],
      ['wrong-type', '/globals/types/menus'],
      ['bad-value', '/globals/types/validators'],
    ]);
  });

  it('reports JSON problems of the file', () => {
    expect(problemsOf('{"baseLevel": "site", "baseLevel": "group"}')).toEqual([['duplicate-key', '/baseLevel']]);
    expect(problemsOf('{')).toEqual([['json-syntax', '']]);
  });

  it('tolerates a byte-order mark', () => {
    expect(optionsOf('\uFEFF{"baseLevel": "site"}').baseLevel).toBe('site');
  });

  it('keeps __proto__ as an attribute rule without touching prototypes', () => {
    const options = optionsOf('{"merge": {"componentAttributes": {"__proto__": "replace"}}}');
    expect(Object.hasOwn(options.merge.componentAttributes, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(options.merge.componentAttributes)).toBe(Object.prototype);
  });
});

describe('protectedRefusals', () => {
  it('refuses nothing with the defaults', () => {
    expect(protectedRefusals(defaultOptions())).toEqual([]);
    expect(protectedRefusals(defaultOptions(), 'keep')).toEqual([]);
    expect(protectedRefusals(defaultOptions(), 'fail')).toEqual([]);
  });

  it('names every destructive option by its dotted path', () => {
    const options = optionsOf({
      deleteOnlyMatchingBase: false,
      forms: { mode: 'remove' },
      globals: { mode: 'remove', promptBeforeRemoval: false },
      explorer: { keepCustomizations: false },
      merge: {
        nonMatchingComponents: 'remove',
        formAttributes: { '*': 'replace' },
        componentAttributes: { binding: 'replace', caption: 'replace' },
        script: 'replace',
        eventHandlers: 'replace',
        variables: 'replace',
      },
    });
    const refusals = protectedRefusals(options, 'replace');
    expect(refusals.map((p) => p.message.split(':')[0])).toEqual([
      'forms.mode',
      'globals.mode',
      'deleteOnlyMatchingBase',
      'explorer.keepCustomizations',
      'merge.nonMatchingComponents',
      'merge.formAttributes.*',
      'merge.componentAttributes.binding',
      'merge.componentAttributes.caption',
      'merge.script',
      'merge.eventHandlers',
      'merge.variables',
      '--answer',
    ]);
    expect(refusals.every((p) => p.code === 'protected-target' && p.file === 'options')).toBe(true);
    expect(refusals[0].pointer).toBe('/forms/mode');
    expect(refusals[6].pointer).toBe('/merge/componentAttributes/binding');
    expect(refusals[0].message).toMatch(/--allow-destructive/);
  });

  it('allows removal modes that prompt first', () => {
    const options = optionsOf({ forms: { mode: 'remove', promptBeforeRemoval: true }, globals: { mode: 'remove' } });
    expect(protectedRefusals(options)).toEqual([]);
  });

  it('does not protect runtime changes', () => {
    expect(protectedRefusals(optionsOf({ removeRuntimeChanges: true }))).toEqual([]);
  });
});
