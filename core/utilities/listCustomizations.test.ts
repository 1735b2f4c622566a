import { describe, expect, it } from 'vitest';
import { configurationOf } from '../testing/configurationOf.js';
import { emptyFilter } from './customizationFilter.js';
import { countChanges, listCustomizations, renderRowsCsv } from './listCustomizations.js';

describe('countChanges', () => {
  it('counts attributes, components, events, variables and script lines that differ from the base', () => {
    const base = {
      name: 'F',
      attributes: { caption: 'F', width: 10 },
      script: 'a\nb\nc\n',
      components: { A: { type: 'Button' }, B: { type: 'EditBox' } },
      eventHandlers: { Load: [{ response: 'x' }] },
      variables: { V: 1 },
    };
    const customized = {
      name: 'F',
      attributes: { width: 10, caption: 'F2', height: 3 },
      script: 'a\nB\nc\nd\n',
      components: { A: { type: 'Button' }, C: { type: 'Label' } },
      eventHandlers: { Load: [{ response: 'x' }] },
      variables: { V: 1 },
    };
    expect(countChanges(customized, base, false)).toEqual({ attributes: 2, components: 2, eventHandlers: 0, variables: 0, scriptLines: 3 });
  });

  it('counts a script global object\'s code as script lines, not as an attribute', () => {
    expect(countChanges({ name: 'S', attributes: { code: 'x\ny\n' } }, { name: 'S', attributes: { code: 'x\n' } }, true)).toEqual({
      attributes: 0, components: 0, eventHandlers: 0, variables: 0, scriptLines: 1,
    });
  });
});

describe('listCustomizations', () => {
  const config = configurationOf({
    'vendor/forms/Items.json': { name: 'Items', attributes: { caption: 'Items' } },
    'site/forms/Items.json': { name: 'Items', attributes: { caption: 'Items, Acme' } },
    'users/B_Smith/forms/Mine.json': { name: 'Mine', attributes: { caption: 'x, "y"' } },
  });

  it('gives one row per customized version, ordered by file, with its base or none', () => {
    const rows = listCustomizations(config, emptyFilter());
    expect(rows.map((r) => [r.id, r.base, r.changes.attributes])).toEqual([
      ['form:Items@site', 'vendor/forms/Items.json', 1],
      ['form:Mine@user:B_Smith', null, 1],
    ]);
  });

  it('renders CSV with a header and CRLF line ends', () => {
    expect(renderRowsCsv(listCustomizations(config, emptyFilter()))).toBe(
      'id,kind,type,name,scopeType,scopeName,file,base,attributes,components,eventHandlers,variables,scriptLines\r\n' +
        'form:Items@site,form,,Items,site,,site/forms/Items.json,vendor/forms/Items.json,1,0,0,0,0\r\n' +
        'form:Mine@user:B_Smith,form,,Mine,user,B_Smith,users/B_Smith/forms/Mine.json,,1,0,0,0,0\r\n',
    );
  });
});
