import { describe, expect, it } from 'vitest';
import { CarryoverBug } from './bug.js';
import { assertNever } from './model.js';

describe('CarryoverBug', () => {
  it('says in its message that it is a bug to report', () => {
    const bug = new CarryoverBug('the plan names a file twice');
    expect(bug).toBeInstanceOf(Error);
    expect(bug.message).toBe('Carryover bug (please report it): the plan names a file twice');
  });

  it('is what assertNever throws for a value the types say cannot exist', () => {
    expect(() => assertNever('surprise' as never)).toThrow(CarryoverBug);
  });
});
