import { describe, expect, it } from 'vitest';
import { configurationOf } from '../testing/configurationOf.js';
import { checkConfiguration } from './checkConfiguration.js';

describe('checkConfiguration', () => {
  it('reports each kind of finding once, ordered by file', () => {
    const handler = { responseType: 'Method', response: 'Init()' };
    const config = configurationOf({
      'vendor/forms/Orders.json': { name: 'Orders', components: { Cust: { type: 'EditBox', binding: 'object.Cust' } }, eventHandlers: { Load: [handler] } },
      'site/forms/Orders.json': {
        name: 'Orders',
        script: 'Sub Main()\n<<<<<<< customized\nx\n=======\ny\n>>>>>>> source\nEnd Sub\n',
        components: { Cust: { type: 'EditBox', binding: 'object.Cust' }, uCust: { type: 'EditBox', binding: 'object.Cust' } },
        eventHandlers: { Load: [{ responseType: 'Method', response: 'Old()' }, { response: 'Mine', keep: 'AFTER' }] },
      },
      'site/forms/Mine.json': { name: 'Mine' },
      'site/explorer.json': { folders: [{ name: 'Acme', items: [{ form: 'Orders' }, { form: 'Gone' }] }] },
      'vendor/forms/Plain.json': { name: 'Plain', attributes: { caption: 'Plain' } },
      'users/B_Smith/forms/Plain.json': { name: 'Plain', attributes: { caption: 'Plain' } },
      // Its users would otherwise get the Site's version, which differs: not a shadow.
      'users/B_Smith/forms/Orders.json': { name: 'Orders', components: { Cust: { type: 'EditBox', binding: 'object.Cust' } }, eventHandlers: { Load: [handler] } },
    });
    expect(checkConfiguration(config).map((f) => [f.code, f.file])).toEqual([
      ['broken-link', 'site/explorer.json'],
      ['base-missing', 'site/forms/Mine.json'],
      ['conflict-markers', 'site/forms/Orders.json'],
      ['keep-anchor-missing', 'site/forms/Orders.json'],
      ['logical-duplicate', 'site/forms/Orders.json'],
      ['shadows-base', 'users/B_Smith/forms/Plain.json'],
    ]);
  });

  it('finds nothing in a customization that changes something and keeps its anchors', () => {
    const handler = { responseType: 'Method', response: 'Init()' };
    const config = configurationOf({
      'vendor/forms/Orders.json': { name: 'Orders', eventHandlers: { Load: [handler] } },
      'site/forms/Orders.json': { name: 'Orders', eventHandlers: { Load: [handler, { response: 'Mine', keep: 'AFTER' }] } },
    });
    expect(checkConfiguration(config)).toEqual([]);
  });
});
