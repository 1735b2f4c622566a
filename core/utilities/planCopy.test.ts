import { describe, expect, it } from 'vitest';
import { configurationOf } from '../testing/configurationOf.js';
import { emptyFilter } from './customizationFilter.js';
import { planCopy } from './planCopy.js';

const from = configurationOf({
  'vendor/forms/Items.json': { name: 'Items', attributes: { caption: 'Items', width: 10 } },
  'site/forms/Items.json': { name: 'Items', attributes: { caption: 'Items (Acme)', width: 10 } },
  'site/forms/Orders.json': { name: 'Orders', attributes: { caption: 'Mine' } },
  'site/forms/Same.json': { name: 'Same' },
});
const to = configurationOf({
  'vendor/forms/Items.json': { name: 'Items', attributes: { caption: 'Items', width: 12 } },
  'site/forms/Orders.json': { name: 'Orders', attributes: { caption: 'Theirs' } },
  'site/forms/Same.json': { name: 'Same' },
});

describe('planCopy', () => {
  it('asks before replacing a different version, and writes nothing while unanswered', () => {
    const copy = planCopy({ from, to, filter: emptyFilter(), answers: new Map() });
    expect(copy.plan).toBeNull();
    expect(copy.prompts.map((p) => [p.id, p.choices])).toEqual([['form:Orders@site', ['keep', 'replace']]]);
    expect(copy.items.map((i) => [i.id, i.action])).toEqual([
      ['form:Items@site', 'copied'],
      ['form:Orders@site', 'unanswered'],
      ['form:Same@site', 'identical'],
    ]);
  });

  it('copies from the origin byte for byte, never a base version, and keeps the destination\'s version when answered keep', () => {
    const copy = planCopy({ from, to, filter: emptyFilter(), answers: new Map([['form:Orders@site', 'keep']]) });
    expect(copy.plan).not.toBeNull();
    expect(Object.fromEntries(copy.plan ?? [])).toEqual({
      'configuration.json': { kind: 'target' },
      'vendor/forms/Items.json': { kind: 'target' },
      'site/forms/Orders.json': { kind: 'target' },
      'site/forms/Same.json': { kind: 'target' },
      'site/forms/Items.json': { kind: 'source' },
    });
  });

  it('warns, naming the attributes, when the copied version\'s base differs in the destination', () => {
    const copy = planCopy({ from, to, filter: emptyFilter(), answers: new Map(), answerDefault: 'replace' });
    expect(copy.plan?.get('site/forms/Orders.json')).toEqual({ kind: 'source' });
    expect(copy.warnings.map((w) => [w.code, w.id])).toEqual([['base-differs', 'form:Items@site']]);
    expect(copy.warnings[0].message).toContain('attributes/width');
  });

  it('refuses an answer the prompt does not offer, and warns about an answer for no prompt', () => {
    const copy = planCopy({ from, to, filter: emptyFilter(), answers: new Map([['form:Orders@site', 'merge'], ['form:Nope@site', 'keep']]), answersFile: 'a.json' });
    expect(copy.plan).toBeNull();
    expect(copy.problems.map((p) => [p.file, p.pointer])).toEqual([['a.json', '/answers/form:Orders@site']]);
    expect(copy.warnings.map((w) => w.code)).toContain('unknown-answer-id');
  });
});
