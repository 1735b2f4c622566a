import { describe, expect, it } from 'vitest';
import { configurationOf } from '../testing/configurationOf.js';
import { emptyFilter, parseCustomizationFilter, selectCustomizations } from './customizationFilter.js';

const config = configurationOf(
  {
    'vendor/forms/APInvoices.json': { name: 'APInvoices' },
    'site/forms/APInvoices.json': { name: 'APInvoices' },
    'site/forms/Customers.json': { name: 'Customers' },
    'site/explorer.json': { folders: [] },
    'site/globals/scripts/APUtils.json': { name: 'APUtils' },
    'groups/Sales/forms/apPayments.json': { name: 'apPayments' },
    'users/B_Smith/forms/Customers.json': { name: 'Customers' },
    'users/B_Smith/runtime/Customers.json': { name: 'Customers' },
  },
  { groups: { Sales: ['B_Smith'] } },
);

function select(input: Parameters<typeof parseCustomizationFilter>[0]): string[] {
  const parsed = parseCustomizationFilter(input);
  if (!parsed.ok) throw new Error(parsed.problems.join('; '));
  return selectCustomizations(config, parsed.filter).map((v) => v.path);
}

describe('parseCustomizationFilter', () => {
  it('matches names with % case-insensitively, as FormSync filters do', () => {
    expect(select({ name: ['AP%'] })).toEqual(['groups/Sales/forms/apPayments.json', 'site/forms/APInvoices.json', 'site/globals/scripts/APUtils.json']);
  });

  it('combines flags with "and" and the values of one flag with "or" (commas too)', () => {
    expect(select({ name: ['AP%'], kind: ['form'], scope: ['site,group'] })).toEqual(['groups/Sales/forms/apPayments.json', 'site/forms/APInvoices.json']);
    expect(select({ scope: ['user'], scopeName: ['b_%'] })).toEqual(['users/B_Smith/forms/Customers.json']);
  });

  it('never selects base versions or runtime changes, and leaves explorer files out of a name filter', () => {
    const all = selectCustomizations(config, emptyFilter()).map((v) => v.path);
    expect(all).not.toContain('vendor/forms/APInvoices.json');
    expect(all).not.toContain('users/B_Smith/runtime/Customers.json');
    expect(all).toContain('site/explorer.json');
    expect(select({ name: ['%'] })).not.toContain('site/explorer.json');
  });

  it('chooses global objects by type', () => {
    expect(select({ type: ['scripts'] })).toEqual(['site/globals/scripts/APUtils.json']);
  });

  it('adds the patterns of a name file, skipping blank lines and comments', () => {
    expect(select({ nameFile: { file: 'names.txt', text: '# forms\r\nCustomers\r\n\r\napp%\r\n' } })).toEqual([
      'groups/Sales/forms/apPayments.json',
      'site/forms/Customers.json',
      'users/B_Smith/forms/Customers.json',
    ]);
  });

  it('lists every problem of bad filters, naming the flag or the file and line', () => {
    const parsed = parseCustomizationFilter({ kind: ['forms'], name: ['Cu*'], scope: ['vendor'], type: ['script'], nameFile: { file: 'n.txt', text: 'ok\nbad/name\n' } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      '--kind must be one of form, global, explorer (got "forms")',
      '--type must be one of componentClasses, propertyClassExtensions, validators, scripts, variables, strings, menus, images, themes, webUserControls, webUserControlElements (got "script")',
      '--scope must be one of site, group, user (got "vendor")',
      expect.stringMatching(/^--name: .*'\*' \(the only wildcard is %\)/),
      expect.stringMatching(/^n\.txt:2: .*'\/'/),
    ]);
  });

  it('refuses --type with a --kind that leaves out global objects', () => {
    expect(parseCustomizationFilter({ kind: ['form'], type: ['scripts'] })).toEqual({ ok: false, problems: ['--type chooses global object types, but --kind leaves out global objects'] });
  });
});
