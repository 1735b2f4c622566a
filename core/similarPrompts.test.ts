import { describe, expect, it } from 'vitest';
import { answerFits, scopelessId, similarityClass, similarPrompts } from './similarPrompts.js';

const values = { customized: 'Cust #', targetBase: 'Customer', sourceBase: 'Customer number' };

describe('similarityClass', () => {
  it('keeps the attribute name of a component but not the component or the form', () => {
    expect(similarityClass('form:Customers@user:B_Smith/components/CustNum/caption')).toBe(similarityClass('form:Orders@site/components/OrderNum/caption'));
    expect(similarityClass('form:Customers@user:B_Smith/components/CustNum/caption')).not.toBe(similarityClass('form:Customers@user:B_Smith/components/CustNum/validators'));
  });

  it('tells a form attribute, a script, a variable and a whole version apart', () => {
    const classes = ['form:A@site/attributes/caption', 'form:A@site/script', 'form:A@site/variables/X', 'form:A@site', 'global:scripts/A@site', 'global:strings/A@site'].map(similarityClass);
    expect(new Set(classes).size).toBe(classes.length);
  });
});

describe('scopelessId', () => {
  it('is the same for the same part of the same object in two scopes', () => {
    expect(scopelessId('form:Customers@user:B_Smith/script')).toBe(scopelessId('form:Customers@group:Sales/script'));
    expect(scopelessId('form:Customers@user:B_Smith/script')).not.toBe(scopelessId('form:Orders@user:B_Smith/script'));
  });
});

describe('similarPrompts', () => {
  const prompt = { id: 'form:Customers@user:B_Smith/components/CustNum/caption', ...values };
  it('finds the prompts of the same kind with the same three values, in any scope and object, but not the prompt itself', () => {
    const among = [
      prompt,
      { id: 'form:Customers@user:C_Jones/components/CustNum/caption', ...values },
      { id: 'form:Orders@site/components/OrderCust/caption', ...values },
      { id: 'form:Customers@user:D_Lee/components/CustNum/caption', ...values, customized: 'Cust no.' },
      { id: 'form:Customers@user:E_Park/components/CustNum/hint', ...values },
    ];
    expect(similarPrompts(prompt, among).map((p) => p.id)).toEqual(['form:Customers@user:C_Jones/components/CustNum/caption', 'form:Orders@site/components/OrderCust/caption']);
  });

  it('compares values as JSON, whatever their key order', () => {
    const a = { id: 'global:validators/A@site', customized: { x: 1, y: 2 }, targetBase: null, sourceBase: { x: 0 } };
    const b = { id: 'global:validators/B@user:U', customized: { y: 2, x: 1 }, targetBase: null, sourceBase: { x: 0 } };
    expect(similarPrompts(a, [b])).toEqual([b]);
  });
});

describe('answerFits', () => {
  it('takes replace for remove and the reverse, merge only when clean, edit only where offered', () => {
    expect(answerFits('remove', ['keep', 'replace'], false)).toBe(true);
    expect(answerFits('replace', ['keep', 'remove'], false)).toBe(true);
    expect(answerFits('merge', ['keep', 'replace', 'merge'], false)).toBe(false);
    expect(answerFits('merge', ['keep', 'replace', 'merge'], true)).toBe(true);
    expect(answerFits({ edit: 'x' }, ['keep', 'replace'], false)).toBe(false);
    expect(answerFits('keep', ['keep', 'replace'], false)).toBe(true);
  });
});
