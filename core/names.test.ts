import { describe, expect, it } from 'vitest';
import { filterProblem, isValidName, matchesNameFilter, nameProblem, windowsFolderKey } from './names.js';

describe('isValidName', () => {
  it('accepts names made of letters, digits and _ . $ -', () => {
    for (const name of ['Customers', 'B_Smith', '_x', '0', 'a.b', 'Cust$1', 'Sales-EU', 'x'.repeat(128), '__proto__', 'constructor']) {
      expect(isValidName(name), name).toBe(true);
    }
  });

  it('refuses the empty name, path separators, dots first, spaces and control characters', () => {
    for (const name of ['', 'a/b', 'a\\b', '../x', '..', '.hidden', 'a b', 'tab\there', 'nl\n', 'nul\u0000', 'é', 'a:b', '-x', '$x', 'a*']) {
      expect(isValidName(name), JSON.stringify(name)).toBe(false);
    }
  });

  it('refuses names longer than 128 characters', () => {
    expect(isValidName('x'.repeat(129))).toBe(false);
    expect(isValidName('x'.repeat(200))).toBe(false);
  });

  it('refuses Windows device names in any case, with or without an extension', () => {
    for (const name of ['CON', 'con', 'Prn', 'AUX', 'nul', 'COM1', 'com9', 'LPT1', 'lpt9', 'CON.json', 'nul.txt', 'Com1.a.b', 'AUX.']) {
      expect(isValidName(name), name).toBe(false);
    }
  });

  it('refuses the console device names CONIN$ and CONOUT$, with or without an extension', () => {
    for (const name of ['CONIN$', 'conout$', 'CONIN$.json', 'Conout$.txt']) {
      expect(isValidName(name), name).toBe(false);
      expect(nameProblem(name), name).toMatch(/reserved device name/);
    }
    for (const name of ['CONIN', 'CONIN$x', 'CONOUT', 'xCONIN$']) expect(isValidName(name), name).toBe(true);
  });

  it('files folder names as Windows does: letter case ignored, trailing dots and spaces dropped', () => {
    expect(windowsFolderKey('B_Smith.')).toBe(windowsFolderKey('B_Smith'));
    expect(windowsFolderKey('b_smith..')).toBe(windowsFolderKey('B_Smith'));
    expect(windowsFolderKey('B.Smith')).not.toBe(windowsFolderKey('BSmith'));
  });

  it('accepts names that only start like a device name', () => {
    for (const name of ['CONSOLE', 'Con1', 'COM0', 'COM10', 'LPT', 'AUXILIARY', 'NULL', 'caption', 'PRN_x', 'xCON']) {
      expect(isValidName(name), name).toBe(true);
    }
  });

  it('gives the same answer when asked twice (the cache never holds an invalid name)', () => {
    expect(isValidName('Repeat')).toBe(true);
    expect(isValidName('Repeat')).toBe(true);
    expect(isValidName('CON')).toBe(false);
    expect(isValidName('CON')).toBe(false);
  });
});

describe('nameProblem', () => {
  it('returns null for a valid name', () => {
    expect(nameProblem('Customers')).toBeNull();
  });

  it('says why a name is invalid', () => {
    expect(nameProblem('')).toMatch(/empty/);
    expect(nameProblem('x'.repeat(200))).toMatch(/at most 128 characters.*200/);
    expect(nameProblem('a/b')).toMatch(/contains '\/'/);
    expect(nameProblem('a\\b')).toMatch(/contains '\\'/);
    expect(nameProblem('../x')).toMatch(/must start with/);
    expect(nameProblem('a\u0007b')).toMatch(/control character U\+0007/);
    expect(nameProblem('a b')).toMatch(/a space/);
    expect(nameProblem('LPT3.json')).toMatch(/reserved device name/);
  });

  it('does not echo a long name in full', () => {
    const message = nameProblem('y'.repeat(500) + '/')!;
    expect(message.length).toBeLessThan(200);
  });
});

describe('matchesNameFilter', () => {
  it('matches exactly without a wildcard, ignoring letter case', () => {
    expect(matchesNameFilter('Customers', 'customers')).toBe(true);
    expect(matchesNameFilter('Customers', 'Customer')).toBe(false);
  });

  it('treats % as any run of characters, including none', () => {
    expect(matchesNameFilter('Customers', 'Cust%')).toBe(true);
    expect(matchesNameFilter('Cust', 'Cust%')).toBe(true);
    expect(matchesNameFilter('Customers', '%ers')).toBe(true);
    expect(matchesNameFilter('Customers', '%tom%')).toBe(true);
    expect(matchesNameFilter('Customers', 'C%s%s')).toBe(true);
    expect(matchesNameFilter('Customers', '%')).toBe(true);
    expect(matchesNameFilter('', '%')).toBe(true);
    expect(matchesNameFilter('Orders', 'Cust%')).toBe(false);
    expect(matchesNameFilter('Customers', '%x%')).toBe(false);
  });

  it('does not let the prefix and the suffix overlap', () => {
    expect(matchesNameFilter('ab', 'ab%b')).toBe(false);
    expect(matchesNameFilter('abb', 'ab%b')).toBe(true);
  });

  it('treats _ and regular-expression characters literally', () => {
    expect(matchesNameFilter('B_Smith', 'B_%')).toBe(true);
    expect(matchesNameFilter('BxSmith', 'B_%')).toBe(false);
    expect(matchesNameFilter('a.b', 'a.b')).toBe(true);
    expect(matchesNameFilter('axb', 'a.b')).toBe(false);
    expect(matchesNameFilter('a$b', 'a$b')).toBe(true);
    expect(matchesNameFilter('aaa', 'a*')).toBe(false);
  });

  it('runs in linear time on adversarial filters', () => {
    const name = 'a'.repeat(100_000);
    const filter = '%a'.repeat(1000) + '%b';
    const started = performance.now();
    expect(matchesNameFilter(name, filter)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('filterProblem', () => {
  it('accepts name characters and %', () => {
    expect(filterProblem('%')).toBeNull();
    expect(filterProblem('Cust%')).toBeNull();
    expect(filterProblem('B_Smith')).toBeNull();
  });

  it('refuses empty filters and other characters, pointing out * as a wildcard', () => {
    expect(filterProblem('')).toMatch(/empty/);
    expect(filterProblem('Cust*')).toMatch(/only wildcard is %/);
    expect(filterProblem('a/b')).toMatch(/'\/'/);
  });
});
