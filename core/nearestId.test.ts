import { describe, expect, it } from 'vitest';
import { editDistance, nearestId } from './nearestId.js';

describe('editDistance', () => {
  it('counts inserted, deleted and replaced characters', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});

describe('nearestId', () => {
  const ids = ['form:Customers@site/script', 'form:Customers@user:B_Smith/components/EmployeesButton/caption', 'form:Invoices@site/script'];

  it('names the prompt id a mistyped one was meant to be', () => {
    expect(nearestId('form:Customers@site/scrpt', ids)).toBe('form:Customers@site/script');
    expect(nearestId('form:Customers@user:B_Smith/components/EmployeeButton/caption', ids)).toBe(ids[1]);
  });

  it('suggests nothing for an id unlike every prompt id', () => {
    expect(nearestId('global:menus/Main@group:Sales', ids)).toBeNull();
    expect(nearestId('x', [])).toBeNull();
  });

  it('takes the first of equally near ids, whatever else is near', () => {
    expect(nearestId('form:A@site/b', ['form:A@site/c', 'form:A@site/d'])).toBe('form:A@site/c');
  });
});
