import { describe, expect, it } from 'vitest';
import type { Analysis, Answer, OutputFile } from './analysis.js';
import type { JsonObject } from './json.js';
import { keysOf } from './json.js';
import { parseJson } from './parseJson.js';
import { serializeDocument } from './serialize.js';
import type { Configuration, VersionFile } from './model.js';
import type { Options } from './options.js';
import { defaultOptions } from './options.js';
import { synchronize } from './synchronize.js';
import { configurationOf } from './testing/configurationOf.js';

type Files = Record<string, JsonObject>;

function run(
  source: Files,
  target: Files,
  tweak: (o: Options) => void = () => {},
  answers: Record<string, Answer> = {},
  meta: Parameters<typeof configurationOf>[1] = {},
): Analysis {
  const options = defaultOptions();
  tweak(options);
  return synchronize({
    source: configurationOf(source),
    target: configurationOf(target, meta),
    options,
    answers: new Map(Object.entries(answers)),
  });
}

function decision(analysis: Analysis, id: string) {
  return analysis.decisions.find((d) => d.id === id);
}

function written(analysis: Analysis, path: string): JsonObject | undefined {
  const file: OutputFile | undefined = analysis.plan?.get(path);
  return file?.kind === 'write' ? file.doc : undefined;
}

const form = (name: string, extra: JsonObject = {}): JsonObject => ({ name, ...extra });

describe('synchronize: attribute rules', () => {
  const t = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLCustomers', initialCommand: 'Refresh' } });

  it('takes the source value when the attribute was not customized', () => {
    const s = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLCustomers2', initialCommand: 'Refresh' } });
    const c = form('Customers', { attributes: { caption: 'My customers', dataSource: 'SLCustomers', initialCommand: 'Refresh' } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c });
    expect(decision(a, 'form:Customers@site/attributes/dataSource')?.action).toBe('took-source');
    expect(written(a, 'site/forms/Customers.json')?.attributes).toEqual({ caption: 'My customers', dataSource: 'SLCustomers2', initialCommand: 'Refresh' });
  });

  it('keeps the customized caption when the vendor did not change it', () => {
    const s = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLCustomers2', initialCommand: 'Refresh' } });
    const c = form('Customers', { attributes: { caption: 'My customers', dataSource: 'SLCustomers', initialCommand: 'Refresh' } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c });
    const d = decision(a, 'form:Customers@site/attributes/caption');
    expect(d?.action).toBe('kept-customization');
    expect(d?.reason).toMatch(/vendor did not change caption/);
  });

  it('keeps the customization silently when both made the same change', () => {
    const s = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLCust', initialCommand: 'Refresh' } });
    const c = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLCust', initialCommand: 'Refresh', width: 3 } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c });
    expect(decision(a, 'form:Customers@site/attributes/dataSource')?.reason).toMatch(/same change/);
    expect(a.prompts).toEqual([]);
  });

  it('prompts for a major attribute both sides changed, and keeps a basic one', () => {
    const s = form('Customers', { attributes: { caption: 'Vendor caption', dataSource: 'SLVendor', initialCommand: 'Refresh' } });
    const c = form('Customers', { attributes: { caption: 'Mine', dataSource: 'SLMine', initialCommand: 'Refresh' } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c });
    expect(a.prompts.map((p) => p.id)).toEqual(['form:Customers@site/attributes/dataSource']);
    expect(a.prompts[0].choices).toEqual(['keep', 'replace', 'edit']);
    expect(decision(a, 'form:Customers@site/attributes/caption')?.action).toBe('kept-customization');
    expect(a.plan).toBeNull();
  });

  it('applies the answers replace and edit', () => {
    const s = form('Customers', { attributes: { caption: 'V', dataSource: 'SLVendor', initialCommand: 'Go' } });
    const c = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLMine', initialCommand: 'Mine' } });
    const a = run(
      { 'vendor/forms/Customers.json': s },
      { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c },
      () => {},
      { 'form:Customers@site/attributes/dataSource': 'replace', 'form:Customers@site/attributes/initialCommand': { edit: 'Both' } },
    );
    expect(written(a, 'site/forms/Customers.json')?.attributes).toEqual({ caption: 'V', dataSource: 'SLVendor', initialCommand: 'Both' });
    expect(decision(a, 'form:Customers@site/attributes/initialCommand')?.action).toBe('edited');
  });

  it('follows a replace rule silently and a keep rule for an attribute the options list', () => {
    const s = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLVendor', initialCommand: 'Go' } });
    const c = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLMine', initialCommand: 'Mine' } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c }, (o) => {
      o.merge.formAttributes['dataSource'] = 'replace';
      o.merge.formAttributes['initialCommand'] = 'keep';
    });
    expect(a.prompts).toEqual([]);
    expect(written(a, 'site/forms/Customers.json')?.attributes).toEqual({ caption: 'Customers', dataSource: 'SLVendor', initialCommand: 'Mine' });
  });

  it('refuses an answer that does not fit its prompt', () => {
    const s = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLVendor', initialCommand: 'Refresh' } });
    const c = form('Customers', { attributes: { caption: 'Customers', dataSource: 'SLMine', initialCommand: 'Refresh' } });
    const a = run({ 'vendor/forms/Customers.json': s }, { 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c }, () => {}, {
      'form:Customers@site/attributes/dataSource': 'merge',
    });
    expect(a.answerProblems).toHaveLength(1);
    expect(a.answerProblems[0].pointer).toBe('/answers/form:Customers@site~1attributes~1dataSource');
    expect(a.plan).toBeNull();
  });

  it('warns about an answer whose id matches no prompt', () => {
    const a = run({ 'vendor/forms/Customers.json': t }, { 'vendor/forms/Customers.json': t }, () => {}, { 'form:Nope@site/script': 'keep' });
    expect(a.warnings.map((w) => w.code)).toEqual(['unknown-answer-id']);
  });
});

describe('synchronize: phantom and redundant customizations', () => {
  it('reports a script that differs only in line endings as a phantom change and takes the source', () => {
    const t = form('A', { script: 'Sub Main()\nEnd Sub\n' });
    const s = form('A', { script: 'Sub Main()\n  x = 1\nEnd Sub\n' });
    const c = form('A', { script: 'Sub Main()\r\nEnd Sub\r\n', attributes: { caption: 'Mine' } });
    const a = run({ 'vendor/forms/A.json': s }, { 'vendor/forms/A.json': t, 'site/forms/A.json': c });
    expect(decision(a, 'form:A@site/script')?.action).toBe('phantom');
    expect(written(a, 'site/forms/A.json')?.script).toBe('Sub Main()\n  x = 1\nEnd Sub\n');
  });

  it('drops a customized version identical to the base it would otherwise get', () => {
    const t = form('A', { attributes: { caption: 'A' } });
    const a = run({ 'vendor/forms/A.json': t }, { 'vendor/forms/A.json': t, 'users/U1/forms/A.json': form('A', { attributes: { caption: 'A' }, script: '' }) });
    expect(decision(a, 'form:A@user:U1')?.action).toBe('dropped-redundant');
    expect(a.plan?.has('users/U1/forms/A.json')).toBe(false);
  });

  it('keeps a User version identical to the vendor base when a Site version exists', () => {
    const t = form('A', { attributes: { caption: 'A' } });
    const a = run(
      { 'vendor/forms/A.json': t },
      { 'vendor/forms/A.json': t, 'site/forms/A.json': form('A', { attributes: { caption: 'Site' } }), 'users/U1/forms/A.json': t },
    );
    expect(decision(a, 'form:A@user:U1')?.action).toBe('left-untouched');
    expect(a.plan?.get('users/U1/forms/A.json')).toEqual({ kind: 'target' });
  });

  it('drops a version whose merge result equals the new base', () => {
    const t = form('A', { attributes: { caption: 'A', dataSource: 'X' } });
    const s = form('A', { attributes: { caption: 'B', dataSource: 'X' } });
    const c = form('A', { attributes: { caption: 'B', dataSource: 'X' } });
    const a = run({ 'vendor/forms/A.json': s }, { 'vendor/forms/A.json': t, 'site/forms/A.json': c });
    expect(decision(a, 'form:A@site')?.action).toBe('dropped-redundant');
  });

  it('keeps redundant versions when dropRedundantCustomizations is off', () => {
    const t = form('A', { attributes: { caption: 'A' } });
    const a = run({ 'vendor/forms/A.json': t }, { 'vendor/forms/A.json': t, 'site/forms/A.json': t }, (o) => {
      o.merge.dropRedundantCustomizations = false;
    });
    expect(a.plan?.get('site/forms/A.json')).toEqual({ kind: 'target' });
  });
});

describe('synchronize: components', () => {
  const base = (components: JsonObject) => form('F', { components });
  const btn = { type: 'Button', caption: 'Go', x: 1 };

  it('removes a component the vendor removed when it was not customized', () => {
    const a = run(
      { 'vendor/forms/F.json': base({}) },
      { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': form('F', { components: { B: btn }, attributes: { caption: 'x' } }) },
    );
    expect(decision(a, 'form:F@site/components/B')?.action).toBe('removed');
    expect(written(a, 'site/forms/F.json')?.components).toBeUndefined();
  });

  it('asks keep or remove for a customized component the vendor removed', () => {
    const a = run({ 'vendor/forms/F.json': base({}) }, { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': base({ B: { ...btn, caption: 'Mine' } }) });
    expect(a.prompts.map((p) => [p.id, p.choices])).toEqual([['form:F@site/components/B', ['keep', 'remove']]]);
  });

  it('keeps or removes a non-matching component by merge.nonMatchingComponents', () => {
    const files = { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': base({ B: btn, Mine: { type: 'EditBox' } }) };
    const kept = run({ 'vendor/forms/F.json': base({ B: { ...btn, x: 2 } }) }, files);
    expect(Object.keys(written(kept, 'site/forms/F.json')?.components as JsonObject)).toEqual(['B', 'Mine']);
    const removed = run({ 'vendor/forms/F.json': base({ B: { ...btn, x: 2 } }) }, files, (o) => {
      o.merge.nonMatchingComponents = 'remove';
    });
    expect(decision(removed, 'form:F@site/components/Mine')?.action).toBe('removed');
  });

  it('merges a component both added by attribute with the target base absent', () => {
    const a = run(
      { 'vendor/forms/F.json': base({ N: { type: 'EditBox', binding: 'b', x: 5 } }) },
      { 'vendor/forms/F.json': base({}), 'site/forms/F.json': base({ N: { type: 'EditBox', binding: 'c', x: 1 } }) },
    );
    expect(a.prompts.map((p) => p.id)).toEqual(['form:F@site/components/N/binding']);
    expect(decision(a, 'form:F@site/components/N/x')?.action).toBe('kept-customization');
  });

  it('keeps a deleted component deleted unless the vendor changed it, then asks', () => {
    const same = run({ 'vendor/forms/F.json': base({ B: btn, C: btn }) }, { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': base({}) });
    expect(decision(same, 'form:F@site/components/B')?.action).toBe('kept-customization');
    const changed = run(
      { 'vendor/forms/F.json': base({ B: { ...btn, x: 9 } }) },
      { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': form('F', { attributes: { caption: 'Mine' } }) },
      () => {},
      { 'form:F@site/components/B': 'replace' },
    );
    expect(written(changed, 'site/forms/F.json')?.components).toEqual({ B: { ...btn, x: 9 } });
  });

  it('adds a component the vendor added', () => {
    const a = run({ 'vendor/forms/F.json': base({ B: btn, New: btn }) }, { 'vendor/forms/F.json': base({ B: btn }), 'site/forms/F.json': base({ B: { ...btn, x: 3 } }) });
    expect(decision(a, 'form:F@site/components/New')?.action).toBe('added');
  });

  it("orders the result by the source's order with customer-only components after their predecessor", () => {
    const s = base({ A: btn, X: btn, B: btn, C: { ...btn, x: 4 } });
    const t = base({ A: btn, B: btn, C: btn });
    const c = base({ First: btn, A: btn, Mine1: btn, B: btn, Mine2: btn, C: btn });
    const a = run({ 'vendor/forms/F.json': s }, { 'vendor/forms/F.json': t, 'site/forms/F.json': c });
    expect(Object.keys(written(a, 'site/forms/F.json')?.components as JsonObject)).toEqual(['First', 'A', 'Mine1', 'X', 'B', 'Mine2', 'C']);
  });

  it('warns about a logical duplicate: two components bound to the same field', () => {
    const s = base({ CustNum: { type: 'EditBox', binding: 'object.CustNum' }, Other: btn });
    const t = base({ Other: btn });
    const c = base({ Other: btn, MyCust: { type: 'EditBox', binding: 'object.CustNum' } });
    const a = run({ 'vendor/forms/F.json': s }, { 'vendor/forms/F.json': t, 'site/forms/F.json': c });
    expect(a.warnings.map((w) => w.code)).toContain('logical-duplicate');
  });
});

describe('synchronize: event handlers', () => {
  const h = (response: string, keep?: string): JsonObject => (keep ? { responseType: 'Method', response, keep } : { responseType: 'Method', response });
  const withEvents = (events: JsonObject) => form('F', { eventHandlers: events });

  it('places appended handlers by their keep keywords into the new vendor handlers', () => {
    const t = withEvents({ E: [h('V1'), h('V2')] });
    const s = withEvents({ E: [h('V1'), h('V1b'), h('V2')] });
    const c = withEvents({ E: [h('F1', 'FIRST'), h('V1'), h('A1'), h('B2', 'BEFORE'), h('V2'), h('L1')] });
    const a = run({ 'vendor/forms/F.json': s }, { 'vendor/forms/F.json': t, 'site/forms/F.json': c });
    expect((written(a, 'site/forms/F.json')?.eventHandlers as JsonObject)['E']).toEqual([
      h('F1', 'FIRST'),
      h('V1'),
      h('A1'),
      h('V1b'),
      h('B2', 'BEFORE'),
      h('V2'),
      h('L1'),
    ]);
  });

  it('prompts when the customizer changed a vendor handler', () => {
    const a = run(
      { 'vendor/forms/F.json': withEvents({ E: [h('V2')] }) },
      { 'vendor/forms/F.json': withEvents({ E: [h('V1')] }), 'site/forms/F.json': withEvents({ E: [h('Mine')] }) },
    );
    expect(a.prompts[0].choices).toEqual(['keep', 'replace', 'edit']);
  });

  it('offers keep or remove when the source no longer has the event', () => {
    const a = run(
      { 'vendor/forms/F.json': withEvents({}) },
      { 'vendor/forms/F.json': withEvents({ E: [h('V1')] }), 'site/forms/F.json': withEvents({ E: [h('Mine')] }) },
    );
    expect(a.prompts[0].choices).toEqual(['keep', 'remove']);
  });

  it('warns about a keep keyword in a base version', () => {
    const a = run({ 'vendor/forms/F.json': withEvents({ E: [h('V1', 'LAST')] }) }, { 'vendor/forms/F.json': withEvents({ E: [h('V1')] }) });
    expect(a.warnings.map((w) => w.code)).toEqual(['keep-in-base-ignored']);
  });
});

describe('synchronize: which versions are processed', () => {
  const t = form('A', { attributes: { dataSource: 'X' } });
  const c = form('A', { attributes: { dataSource: 'Mine' } });

  it('leaves customized versions of unchanged objects alone with onlyProcessChangedBase', () => {
    const a = run({ 'vendor/forms/A.json': t }, { 'vendor/forms/A.json': t, 'site/forms/A.json': c });
    expect(decision(a, 'form:A@site')?.action).toBe('left-untouched');
  });

  it('keeps a base with no source counterpart, or deletes it with deleteOnlyMatchingBase off', () => {
    const kept = run({}, { 'vendor/forms/A.json': t });
    expect(decision(kept, 'form:A@vendor')?.action).toBe('kept-base');
    const deleted = run({}, { 'vendor/forms/A.json': t }, (o) => {
      o.deleteOnlyMatchingBase = false;
    });
    expect(decision(deleted, 'form:A@vendor')?.action).toBe('deleted-base');
    expect(deleted.plan?.has('vendor/forms/A.json')).toBe(false);
  });

  it('never touches a customer-made version and warns when the vendor now ships the same name', () => {
    const a = run({ 'vendor/forms/A.json': t }, { 'site/forms/A.json': c });
    expect(decision(a, 'form:A@site')?.action).toBe('left-untouched');
    expect(a.warnings.map((w) => w.code)).toEqual(['shadows-source-base']);
  });

  it('leaves a version of an object the vendor dropped untouched and reports it', () => {
    const a = run({}, { 'vendor/forms/A.json': t, 'site/forms/A.json': c });
    expect(a.warnings.map((w) => w.code)).toEqual(['vendor-dropped-object']);
    expect(a.plan?.get('site/forms/A.json')).toEqual({ kind: 'target' });
  });

  it('does not process forms whose names match no filter', () => {
    const s = form('A', { attributes: { dataSource: 'Y' } });
    const a = run({ 'vendor/forms/A.json': s }, { 'vendor/forms/A.json': t, 'site/forms/A.json': c }, (o) => {
      o.forms.names = ['B%'];
    });
    expect(a.plan?.get('vendor/forms/A.json')).toEqual({ kind: 'target' });
    expect(a.decisions).toEqual([]);
  });

  it('applies forms.mode leave, remove and remove with a prompt', () => {
    const s = form('A', { attributes: { dataSource: 'Y' } });
    const files = { 'vendor/forms/A.json': t, 'site/forms/A.json': c };
    expect(decision(run({ 'vendor/forms/A.json': s }, files, (o) => void (o.forms.mode = 'leave')), 'form:A@site')?.action).toBe('left-untouched');
    expect(decision(run({ 'vendor/forms/A.json': s }, files, (o) => void (o.forms.mode = 'remove')), 'form:A@site')?.action).toBe('removed');
    const asked = run({ 'vendor/forms/A.json': s }, files, (o) => {
      o.forms.mode = 'remove';
      o.forms.promptBeforeRemoval = true;
    });
    expect(asked.prompts.map((p) => [p.id, p.choices])).toEqual([['form:A@site', ['keep', 'remove']]]);
  });

  it('ignores the Source customized versions with a warning', () => {
    const a = run({ 'vendor/forms/A.json': t, 'site/forms/A.json': c }, { 'vendor/forms/A.json': t });
    expect(a.warnings.map((w) => w.code)).toEqual(['source-customization-ignored']);
  });
});

describe('synchronize: global objects', () => {
  const script = (code: string) => ({ name: 'Utils', attributes: { language: 'VB', code } });
  const T = 'Line1\nLine2\nLine3\nLine4\nLine5\n';

  it('offers a clean text merge for a script both sides changed in different places', () => {
    const a = run(
      { 'vendor/globals/scripts/Utils.json': script(T.replace('Line5', 'Vendor5')) },
      { 'vendor/globals/scripts/Utils.json': script(T), 'site/globals/scripts/Utils.json': script(T.replace('Line1', 'Mine1')) },
      () => {},
      { 'global:scripts/Utils@site': 'merge' },
    );
    expect(a.prompts[0].choices).toEqual(['keep', 'replace', 'edit', 'merge']);
    expect((written(a, 'site/globals/scripts/Utils.json')?.attributes as JsonObject)['code']).toBe('Mine1\nLine2\nLine3\nLine4\nVendor5\n');
  });

  it('deletes the customized version when answered replace', () => {
    const a = run(
      { 'vendor/globals/validators/V.json': { name: 'V', attributes: { ido: 'B' } } },
      { 'vendor/globals/validators/V.json': { name: 'V', attributes: { ido: 'A' } }, 'site/globals/validators/V.json': { name: 'V', attributes: { ido: 'C' } } },
      () => {},
      { 'global:validators/V@site': 'replace' },
    );
    expect(a.prompts[0].choices).toEqual(['keep', 'replace']);
    expect(a.plan?.has('site/globals/validators/V.json')).toBe(false);
  });

  it('skips types the globals.types filter does not list', () => {
    const a = run(
      { 'vendor/globals/validators/V.json': { name: 'V', attributes: { ido: 'B' } } },
      { 'vendor/globals/validators/V.json': { name: 'V', attributes: { ido: 'A' } } },
      (o) => void (o.globals.types = { scripts: '%' }),
    );
    expect(a.plan?.get('vendor/globals/validators/V.json')).toEqual({ kind: 'target' });
  });
});

describe('synchronize: explorer and runtime changes', () => {
  const explorer = (forms: string[]) => ({ folders: [{ name: 'Sales', items: forms.map((f) => ({ form: f })) }] });

  it('replaces the Master Explorer and warns about broken and duplicate links', () => {
    const a = run(
      { 'vendor/explorer.json': explorer(['A']), 'vendor/forms/A.json': form('A') },
      { 'vendor/explorer.json': explorer([]), 'vendor/forms/A.json': form('A'), 'site/explorer.json': explorer(['A', 'Gone', 'A']) },
    );
    expect(decision(a, 'explorer@vendor')?.action).toBe('replaced-base');
    expect(a.warnings.map((w) => w.code)).toEqual(['broken-link', 'duplicate-link']);
  });

  it('deletes runtime changes of forms whose base changed', () => {
    const a = run(
      { 'vendor/forms/A.json': form('A', { attributes: { x: 2 } }), 'vendor/forms/B.json': form('B') },
      {
        'vendor/forms/A.json': form('A', { attributes: { x: 1 } }),
        'vendor/forms/B.json': form('B'),
        'users/U/runtime/A.json': { name: 'A', attributes: { width: 3 } },
        'users/U/runtime/B.json': { name: 'B', attributes: { width: 3 } },
      },
    );
    expect(decision(a, 'runtime:A@user:U')?.action).toBe('removed');
    expect(a.plan?.has('users/U/runtime/B.json')).toBe(true);
  });
});

describe('synchronize: protected targets and base levels', () => {
  it('refuses destructive options on a protected Target unless allowed', () => {
    const options = defaultOptions();
    options.merge.script = 'replace';
    const input = { source: configurationOf({}), target: configurationOf({}, { protected: true }), options };
    expect(synchronize(input).refused.length).toBe(1);
    expect(synchronize({ ...input, allowDestructive: true }).refused).toEqual([]);
  });

  it('uses each Group version as the base of its members at base level group', () => {
    const t = form('A', { attributes: { dataSource: 'G' } });
    const s = form('A', { attributes: { dataSource: 'G2' } });
    const a = run(
      { 'groups/Sales/forms/A.json': s },
      { 'groups/Sales/forms/A.json': t, 'users/Ann/forms/A.json': form('A', { attributes: { dataSource: 'G', caption: 'Mine' } }), 'users/Bob/forms/A.json': form('A') },
      (o) => void (o.baseLevel = 'group'),
      {},
      { groups: { Sales: ['Ann'] } },
    );
    expect(written(a, 'users/Ann/forms/A.json')?.attributes).toEqual({ dataSource: 'G2', caption: 'Mine' });
    expect(a.plan?.get('users/Bob/forms/A.json')).toEqual({ kind: 'target' });
  });
});

describe('synchronize: merge correctness (issue 9)', () => {
  const parse = (text: string): JsonObject => {
    const parsed = parseJson(text, 'test.json');
    if (!parsed.ok) throw new Error(parsed.problems[0].message);
    return parsed.value as JsonObject;
  };

  it('keeps the source base order of components whose names are numbers, through parse, merge and serialization', () => {
    const t = parse('{"name": "Orders", "components": {"Header": {"caption": "H"}, "20": {"x": 1}, "3": {"x": 2}}}');
    const s = parse('{"name": "Orders", "components": {"Header": {"caption": "H"}, "20": {"x": 1}, "3": {"x": 2}, "New": {"x": 3}}}');
    const c = parse('{"name": "Orders", "components": {"Header": {"caption": "Mine"}, "20": {"x": 1}, "3": {"x": 2}}}');
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    const file = a.plan?.get('site/forms/Orders.json');
    expect(file?.kind).toBe('write');
    if (file?.kind !== 'write') return;
    expect(keysOf(file.doc['components'] as JsonObject)).toEqual(['Header', '20', '3', 'New']);
    const text = serializeDocument(file.doc);
    expect(text.indexOf('"Header"')).toBeLessThan(text.indexOf('"20"'));
    expect(text.indexOf('"20"')).toBeLessThan(text.indexOf('"3"'));
    expect(text.indexOf('"3"')).toBeLessThan(text.indexOf('"New"'));
  });

  it('keeps the order across a structured clone when the key order travels as data', () => {
    const doc = parse('{"name": "Orders", "components": {"b": {}, "2": {}, "1": {}}}');
    const parsed = parseJson('{"name": "Orders", "components": {"b": {}, "2": {}, "1": {}}}', 'x.json');
    const order = parsed.ok ? parsed.keyOrder : undefined;
    expect(order).toEqual([{ pointer: '/components', keys: ['b', '2', '1'] }]);
    const cloned = structuredClone(doc);
    expect(Object.keys(cloned['components'] as JsonObject)).toEqual(['1', '2', 'b']);
    expect(serializeDocument(cloned, order)).toBe(serializeDocument(doc));
    expect(serializeDocument(doc)).toContain('"b": {},\n    "2": {},\n    "1": {}');
  });

  it('keeps the order through worker threads: configurations in, the plan out, both by structured clone', () => {
    const read = (text: string, path: string): VersionFile => {
      const parsed = parseJson(text, path);
      if (!parsed.ok) throw new Error(parsed.problems[0].message);
      // What a worker thread receives: the data, without anything held beside the objects.
      const file: VersionFile = structuredClone({ path, scope: path.startsWith('vendor/') ? 'vendor' : 'site', object: { kind: 'form', name: 'Orders' }, doc: parsed.value as JsonObject, bom: false, keyOrder: parsed.keyOrder });
      return file;
    };
    const t = '{"name": "Orders", "components": {"Header": {"caption": "H"}, "20": {"x": 1}, "3": {"x": 2}}}';
    const s = '{"name": "Orders", "components": {"Header": {"caption": "H"}, "20": {"x": 1}, "3": {"x": 2}, "New": {"x": 3}}}';
    const c = '{"name": "Orders", "components": {"Header": {"caption": "Mine"}, "20": {"x": 1}, "3": {"x": 2}}}';
    const configuration = (files: VersionFile[]): Configuration => ({ root: 'memory', meta: { format: 'carryover/1', name: 'x' }, files: new Map(files.map((f) => [f.path, f])) });
    const analysis = synchronize({
      source: configuration([read(s, 'vendor/forms/Orders.json')]),
      target: configuration([read(t, 'vendor/forms/Orders.json'), read(c, 'site/forms/Orders.json')]),
      options: defaultOptions(),
    });
    const entry = structuredClone(analysis.plan?.get('site/forms/Orders.json'));
    if (entry?.kind !== 'write') throw new Error('expected a written version');
    const text = serializeDocument(entry.doc, entry.keyOrder);
    expect([...text.matchAll(/^ {4}"([^"]+)": \{/gm)].map((m) => m[1])).toEqual(['Header', '20', '3', 'New']);
  });

  it('treats a form attribute named code as an ordinary string: a trailing space is a customization', () => {
    const t = form('Orders', { attributes: { code: 'X', dataSource: 'SL' } });
    const s = form('Orders', { attributes: { code: 'X', dataSource: 'SL2' } });
    const c = form('Orders', { attributes: { code: 'X ', dataSource: 'SL' } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    expect(written(a, 'site/forms/Orders.json')?.attributes).toEqual({ code: 'X ', dataSource: 'SL2' });
    expect(a.decisions.filter((d) => d.id === 'form:Orders@site').map((d) => d.action)).not.toContain('dropped-redundant');
  });

  it('prompts for a validator whose code both sides changed: code is text only in a scripts global', () => {
    const path = 'globals/validators/Positive.json';
    const t = { name: 'Positive', attributes: { code: 'X', msg: 'Must be positive' } };
    const s = { name: 'Positive', attributes: { code: 'X', msg: 'Must be > 0' } };
    const c = { name: 'Positive', attributes: { code: 'X ', msg: 'Must be positive' } };
    const a = run({ [`vendor/${path}`]: s }, { [`vendor/${path}`]: t, [`site/${path}`]: c });
    expect(a.prompts.map((p) => p.id)).toEqual(['global:validators/Positive@site']);
  });

  it('reports a User version that differs from the target base only in CRLF as phantom, then drops it', () => {
    const t = form('Orders', { script: 'Sub A()\nEnd Sub\n' });
    const c = form('Orders', { script: 'Sub A()\r\nEnd Sub\r\n' });
    const a = run({ 'vendor/forms/Orders.json': t }, { 'vendor/forms/Orders.json': t, 'users/B_Smith/forms/Orders.json': c });
    const actions = a.decisions.filter((d) => d.id === 'form:Orders@user:B_Smith');
    expect(actions.map((d) => d.action)).toEqual(['phantom', 'dropped-redundant']);
    expect(actions[0].reason).toContain('line endings');
  });

  it('reports a script global whose code differs only in line endings as phantom, not as "not customized" alone', () => {
    const path = 'globals/scripts/Calc.json';
    const t = { name: 'Calc', attributes: { code: 'a\nb\n' } };
    const s = { name: 'Calc', attributes: { code: 'a\nc\n' } };
    const c = { name: 'Calc', attributes: { code: 'a\r\nb\r\n' } };
    const a = run({ [`vendor/${path}`]: s }, { [`vendor/${path}`]: t, [`site/${path}`]: c });
    const actions = a.decisions.filter((d) => d.id === 'global:scripts/Calc@site').map((d) => d.action);
    expect(actions).toEqual(['phantom', 'took-source', 'dropped-redundant']);
  });

  it('drops a customer-made version identical to the vendor new base already in the first sync', () => {
    const s = form('Orders', { attributes: { caption: 'Orders' } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'site/forms/Orders.json': form('Orders', { attributes: { caption: 'Orders' } }) });
    expect(decision(a, 'form:Orders@site')?.action).toBe('dropped-redundant');
    expect(a.plan?.has('site/forms/Orders.json')).toBe(false);
    expect(a.warnings.map((w) => w.code)).not.toContain('shadows-source-base');
  });

  it('leaves a customer-made version that differs from the vendor new base, and warns that it shadows it', () => {
    const s = form('Orders', { attributes: { caption: 'Orders' } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'site/forms/Orders.json': form('Orders', { attributes: { caption: 'Ours' } }) });
    expect(decision(a, 'form:Orders@site')?.action).toBe('left-untouched');
    expect(a.warnings.map((w) => w.code)).toContain('shadows-source-base');
  });

  const handler = (name: string, keep?: string): JsonObject => (keep ? { method: name, keep } : { method: name });

  it('finds a BEFORE anchor among equal vendor handlers by occurrence', () => {
    const [A, N] = [handler('A'), handler('N')];
    const t = form('Orders', { eventHandlers: { Load: [A, A] } });
    const s = form('Orders', { eventHandlers: { Load: [A, N, A] } });
    const c = form('Orders', { eventHandlers: { Load: [A, handler('X', 'BEFORE'), A] } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    expect(written(a, 'site/forms/Orders.json')?.eventHandlers).toEqual({ Load: [A, N, handler('X', 'BEFORE'), A] });
  });

  it('does not add twice a handler that both sides added, and says so', () => {
    const [A, N, X] = [handler('A'), handler('N'), handler('X')];
    const t = form('Orders', { eventHandlers: { Load: [A] } });
    const s = form('Orders', { eventHandlers: { Load: [A, N, X] } });
    const c = form('Orders', { eventHandlers: { Load: [A, X] } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    // The result is the source base: the version is redundant.
    expect(decision(a, 'form:Orders@site/eventHandlers/Load')?.reason).toContain('both sides made that change');
    expect(decision(a, 'form:Orders@site')?.action).toBe('dropped-redundant');
    const u = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': { ...c, attributes: { caption: 'Mine' } } });
    expect(written(u, 'site/forms/Orders.json')?.eventHandlers).toEqual({ Load: [A, N, X] });
  });

  it('does not report a logical duplicate that the source base itself contains', () => {
    const comps = { Credit: { type: 'CheckBox', binding: 'object.Credit' }, Credit2: { type: 'CheckBox', binding: 'object.Credit' } };
    const t = form('Orders', { attributes: { caption: 'Orders' }, components: comps });
    const s = form('Orders', { attributes: { caption: 'Orders 2' }, components: comps });
    const c = form('Orders', { attributes: { caption: 'Mine' }, components: comps });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    expect(a.warnings.map((w) => w.code)).not.toContain('logical-duplicate');
  });

  it('takes the source base for a customized global identical to its target base in every mode but skip', () => {
    const path = 'globals/strings/Hello.json';
    const t = { name: 'Hello', attributes: { text: 'Hello' } };
    const s = { name: 'Hello', attributes: { text: 'Hello!' } };
    for (const mode of ['merge', 'keep', 'remove'] as const) {
      const a = run({ [`vendor/${path}`]: s }, { [`vendor/${path}`]: t, [`site/${path}`]: { ...t } }, (o) => (o.globals.mode = mode));
      expect(decision(a, 'global:strings/Hello@site')?.action, mode).toBe('took-source');
      expect(a.plan?.has(`site/${path}`) ? written(a, `site/${path}`) : s, mode).toEqual(s);
    }
  });

  it('leaves customized versions exactly as they are with forms.mode leave, redundant ones included', () => {
    const t = form('Orders', { attributes: { caption: 'Orders' } });
    const s = form('Orders', { attributes: { caption: 'Orders 2' } });
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': { ...s }, 'users/B_Smith/forms/Orders.json': { ...t } }, (o) => (o.forms.mode = 'leave'));
    expect(a.plan?.get('site/forms/Orders.json')).toEqual({ kind: 'target' });
    expect(a.plan?.get('users/B_Smith/forms/Orders.json')).toEqual({ kind: 'target' });
  });

  it('ignores a top-level $schema: no customization, no prompt, and the version keeps its own', () => {
    const t = form('Orders', { attributes: { caption: 'Orders', dataSource: 'SL' } });
    const s = { $schema: 'https://example.com/vendor.json', ...form('Orders', { attributes: { caption: 'Orders', dataSource: 'SL2' } }) };
    const c = { $schema: './schemas/form.json', ...form('Orders', { attributes: { caption: 'Mine', dataSource: 'SL' } }) };
    const a = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'site/forms/Orders.json': c });
    expect(a.prompts).toEqual([]);
    const doc = written(a, 'site/forms/Orders.json') as JsonObject;
    expect(doc['$schema']).toBe('./schemas/form.json');
    expect(serializeDocument(doc).startsWith('{\n  "$schema": "./schemas/form.json",\n  "name": "Orders"')).toBe(true);
    // A version that differs from the base only by $schema is redundant.
    const r = run({ 'vendor/forms/Orders.json': s }, { 'vendor/forms/Orders.json': t, 'users/B_Smith/forms/Orders.json': { $schema: 'x', ...t } });
    expect(decision(r, 'form:Orders@user:B_Smith')?.action).toBe('dropped-redundant');
    expect(r.decisions.some((d) => d.id.includes('$schema'))).toBe(false);
  });

  it('keeps a global version its own $schema when it takes the source base, and never the source base\'s', () => {
    const path = 'globals/strings/Hello.json';
    const t = { name: 'Hello', attributes: { text: 'Hello' } };
    const s = { $schema: 'vendor.json', name: 'Hello', attributes: { text: 'Hello!' } };
    const c = { name: 'Hello', attributes: { text: 'Hello' }, $schema: 'mine.json' };
    const a = run({ [`vendor/${path}`]: s }, { [`vendor/${path}`]: t, [`site/${path}`]: c }, (o) => (o.globals.mode = 'keep'));
    expect(decision(a, 'global:strings/Hello@site')?.action).toBe('took-source');
    expect(serializeDocument(written(a, `site/${path}`) as JsonObject)).toBe('{\n  "name": "Hello",\n  "attributes": {\n    "text": "Hello!"\n  },\n  "$schema": "mine.json"\n}\n');
  });
});
