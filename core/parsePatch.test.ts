import { describe, expect, it } from 'vitest';
import { configurationOf } from './testing/configurationOf.js';
import { parsePatch, patchObjectsMissingFrom } from './parsePatch.js';

describe('parsePatch', () => {
  it('reads forms, global objects and the Explorer in file order', () => {
    const parsed = parsePatch(JSON.stringify({ patch: 'SP1', objects: [{ kind: 'form', name: 'Customers' }, { kind: 'global', type: 'scripts', name: 'CustUtils' }, { kind: 'explorer' }] }), 'p.json');
    expect(parsed).toEqual({
      ok: true,
      patch: {
        name: 'SP1',
        objects: [{ kind: 'form', name: 'Customers' }, { kind: 'global', type: 'scripts', name: 'CustUtils' }, { kind: 'explorer' }],
        pointers: ['/objects/0', '/objects/1', '/objects/2'],
      },
    });
  });

  it('lists every problem with its JSON pointer', () => {
    const parsed = parsePatch(JSON.stringify({ objects: [{ kind: 'form' }, { kind: 'global', type: 'macros', name: 'X' }, { kind: 'page' }, 'Customers', { kind: 'explorer', name: 'x' }], extra: 1 }), 'p.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => `${p.file}#${p.pointer} ${p.code}`)).toEqual([
      'p.json#/extra unknown-key',
      'p.json# missing-key',
      'p.json#/objects/0 missing-key',
      'p.json#/objects/1/type bad-value',
      'p.json#/objects/2/kind bad-value',
      'p.json#/objects/3 wrong-type',
      'p.json#/objects/4/name unknown-key',
    ]);
  });

  it('refuses an object listed twice and an empty list', () => {
    const twice = parsePatch(JSON.stringify({ patch: 'x', objects: [{ kind: 'explorer' }, { kind: 'explorer' }] }), 'p.json');
    expect(twice.ok ? [] : twice.problems.map((p) => p.pointer)).toEqual(['/objects/1']);
    const empty = parsePatch(JSON.stringify({ patch: 'x', objects: [] }), 'p.json');
    expect(empty.ok ? [] : empty.problems.map((p) => p.code)).toEqual(['empty']);
  });

  it("reads FormSync's patch list, one Form element per form", () => {
    const xml = '<?xml version="1.0"?>\n<PatchingInformation Version="010000">\n  <Objects>\n    <Forms>\n      <Form>Customers</Form>\n      <!-- a comment -->\n      <Form> Ord&#101;rs </Form>\n    </Forms>\n  </Objects>\n</PatchingInformation>\n';
    const parsed = parsePatch(xml, 'dir/patchInfo.xml');
    expect(parsed.ok ? parsed.patch.objects : parsed.problems).toEqual([
      { kind: 'form', name: 'Customers' },
      { kind: 'form', name: 'Orders' },
    ]);
  });

  it('says where a FormSync patch list breaks', () => {
    const parsed = parsePatch('<PatchingInformation><Objects><Forms><Form>A</Forms></Objects></PatchingInformation>', 'p.xml');
    expect(parsed.ok ? null : parsed.problems[0]?.message).toMatch(/expected <\/Form> at line 1/);
  });
});

describe('patchObjectsMissingFrom', () => {
  it('names each listed object the Source has no version of', () => {
    const source = configurationOf({ 'vendor/forms/Customers.json': { name: 'Customers' } });
    const parsed = parsePatch(JSON.stringify({ patch: 'x', objects: [{ kind: 'form', name: 'Customers' }, { kind: 'form', name: 'Ghost' }, { kind: 'global', type: 'scripts', name: 'Nope' }] }), 'p.json');
    if (!parsed.ok) throw new Error('bad test input');
    expect(patchObjectsMissingFrom(parsed.patch, source, 'p.json').map((p) => `${p.pointer}: ${p.message}`)).toEqual([
      '/objects/1: form "Ghost" is listed in the patch but the Source has no version of it',
      '/objects/2: global scripts "Nope" is listed in the patch but the Source has no version of it',
    ]);
  });
});
