import { describe, expect, it } from 'vitest';
import type { Configuration } from './model.js';
import { parseJson } from './parseJson.js';
import type { Problem } from './problems.js';
import {
  checkCaseCollisions,
  configurationFilePath,
  isDotPath,
  validateConfiguration,
  type ConfigurationEntry,
} from './validateConfiguration.js';

const META = { format: 'carryover/1', name: 'test' };

/** Entries for files given as path → JSON value (or raw text), plus any extra entries. */
function entriesOf(files: Record<string, unknown>, extra: ConfigurationEntry[] = []): ConfigurationEntry[] {
  return [
    ...Object.entries(files).map(
      ([path, content]): ConfigurationEntry => ({
        path,
        kind: 'file',
        text: typeof content === 'string' ? content : JSON.stringify(content),
      }),
    ),
    ...extra,
  ];
}

function validate(files: Record<string, unknown>, extra: ConfigurationEntry[] = []) {
  return validateConfiguration('cfg', entriesOf({ 'configuration.json': META, ...files }, extra));
}

function configurationOf(files: Record<string, unknown>, meta: object = META): Configuration {
  const result = validateConfiguration('cfg', entriesOf({ 'configuration.json': meta, ...files }));
  if (!result.ok) throw new Error(result.problems.map((p) => `${p.file}#${p.pointer}: ${p.message}`).join('\n'));
  return result.configuration;
}

function problemsOf(files: Record<string, unknown>, extra: ConfigurationEntry[] = []): Problem[] {
  const result = validate(files, extra);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

/** `[code, file, pointer]` of each problem, for compact assertions. */
function summary(problems: Problem[]): [string, string, string][] {
  return problems.map((p) => [p.code, p.file, p.pointer]);
}

const form = (name: string, body: object = {}) => ({ name, ...body });

describe('validateConfiguration', () => {
  describe('layout', () => {
    it('reads every kind of version at every scope into the model', () => {
      const configuration = configurationOf({
        'vendor/forms/Customers.json': form('Customers', { attributes: { caption: 'Customers' } }),
        'site/forms/Customers.json': form('Customers'),
        'groups/Sales/forms/Customers.json': form('Customers'),
        'users/B_Smith/forms/Customers.json': form('Customers'),
        'vendor/globals/scripts/CustUtils.json': { name: 'CustUtils', attributes: { code: 'x' } },
        'users/B_Smith/globals/validators/V.json': { name: 'V' },
        'vendor/explorer.json': { folders: [] },
        'site/explorer.json': { folders: [] },
        'users/B_Smith/explorer.json': { folders: [] },
        'users/B_Smith/runtime/Customers.json': { name: 'Customers', attributes: { width: 110 } },
      });
      expect(configuration.root).toBe('cfg');
      expect(configuration.meta).toEqual(META);
      expect([...configuration.files.keys()].sort()).toEqual([
        'groups/Sales/forms/Customers.json',
        'site/explorer.json',
        'site/forms/Customers.json',
        'users/B_Smith/explorer.json',
        'users/B_Smith/forms/Customers.json',
        'users/B_Smith/globals/validators/V.json',
        'users/B_Smith/runtime/Customers.json',
        'vendor/explorer.json',
        'vendor/forms/Customers.json',
        'vendor/globals/scripts/CustUtils.json',
      ]);
      expect(configuration.files.get('vendor/forms/Customers.json')).toEqual({
        path: 'vendor/forms/Customers.json',
        scope: 'vendor',
        object: { kind: 'form', name: 'Customers' },
        doc: { name: 'Customers', attributes: { caption: 'Customers' } },
        bom: false,
      });
      expect(configuration.files.get('groups/Sales/forms/Customers.json')!.scope).toBe('group:Sales');
      expect(configuration.files.get('users/B_Smith/globals/validators/V.json')).toMatchObject({
        scope: 'user:B_Smith',
        object: { kind: 'global', type: 'validators', name: 'V' },
      });
      expect(configuration.files.get('site/explorer.json')).toMatchObject({ scope: 'site', object: { kind: 'explorer' } });
      expect(configuration.files.get('users/B_Smith/runtime/Customers.json')).toMatchObject({
        scope: 'user:B_Smith',
        object: { kind: 'runtime', name: 'Customers' },
      });
    });

    it('accepts a configuration with only configuration.json, and empty scope folders', () => {
      const result = validate({}, [
        { path: 'vendor', kind: 'directory' },
        { path: 'site/forms', kind: 'directory' },
        { path: 'users/B_Smith', kind: 'directory' },
        { path: 'vendor/globals/menus', kind: 'directory' },
      ]);
      expect(result.ok).toBe(true);
    });

    it('reports a missing configuration.json, naming it', () => {
      const result = validateConfiguration('fixtures/x/target', entriesOf({ 'vendor/forms/A.json': form('A') }));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(summary(result.problems)).toEqual([['missing-configuration', 'fixtures/x/target/configuration.json', '']]);
      expect(result.problems[0].message).toMatch(/not a configuration/);
    });

    it('reports configuration.json that is a folder or a link, once', () => {
      const folder = validateConfiguration('cfg', [{ path: 'configuration.json', kind: 'directory' }]);
      expect(folder.ok ? [] : summary(folder.problems)).toEqual([['unknown-entry', 'cfg/configuration.json', '']]);
      const link = validateConfiguration('cfg', [{ path: 'configuration.json', kind: 'symlink' }]);
      expect(link.ok ? [] : summary(link.problems)).toEqual([['symlink', 'cfg/configuration.json', '']]);
    });

    it('reports unknown top-level files and folders, but not their contents one by one', () => {
      const problems = problemsOf({ 'README.md': 'x', 'notes/a.json': {}, 'notes/b/c.json': {}, 'Vendor/forms/A.json': form('A') });
      expect(summary(problems)).toEqual([
        ['unknown-entry', 'cfg/README.md', ''],
        ['unknown-entry', 'cfg/Vendor', ''],
        ['unknown-entry', 'cfg/notes', ''],
      ]);
    });

    it('reports files and folders a scope folder does not define', () => {
      const problems = problemsOf({
        'vendor/reports/A.json': {},
        'site/Forms/A.json': form('A'),
        'site/readme.txt': 'x',
        'vendor/forms/readme.txt': 'x',
        'vendor/forms/A.JSON': '{}',
        'vendor/forms/sub/A.json': form('A'),
        'vendor/globals/x.json': {},
        'vendor/globals/Scripts/X.json': { name: 'X' },
        'vendor/globals/scripts/sub/X.json': { name: 'X' },
        'groups/readme.txt': 'x',
      });
      expect(summary(problems)).toEqual([
        ['unknown-entry', 'cfg/groups/readme.txt', ''],
        ['unknown-entry', 'cfg/site/Forms', ''],
        ['unknown-entry', 'cfg/site/readme.txt', ''],
        ['unknown-entry', 'cfg/vendor/forms/A.JSON', ''],
        ['unknown-entry', 'cfg/vendor/forms/readme.txt', ''],
        ['unknown-entry', 'cfg/vendor/forms/sub', ''],
        ['unknown-entry', 'cfg/vendor/globals/Scripts', ''],
        ['unknown-entry', 'cfg/vendor/globals/scripts/sub', ''],
        ['unknown-entry', 'cfg/vendor/globals/x.json', ''],
        ['unknown-entry', 'cfg/vendor/reports', ''],
      ]);
      expect(problems.find((p) => p.file.endsWith('Scripts'))!.message).toMatch(/unknown global object type "Scripts"/);
    });

    it('accepts every global type folder name', () => {
      const files: Record<string, unknown> = {};
      for (const type of ['componentClasses', 'propertyClassExtensions', 'validators', 'scripts', 'variables', 'strings', 'menus', 'images', 'themes', 'webUserControls', 'webUserControlElements']) {
        files[`site/globals/${type}/X.json`] = { name: 'X' };
      }
      expect(configurationOf(files).files.size).toBe(11);
    });

    it('refuses explorer.json in a group folder', () => {
      const problems = problemsOf({ 'groups/Sales/explorer.json': { folders: [] } });
      expect(summary(problems)).toEqual([['unknown-entry', 'cfg/groups/Sales/explorer.json', '']]);
      expect(problems[0].message).toMatch(/not allowed in a group folder/);
    });

    it('refuses runtime/ outside a user folder', () => {
      const problems = problemsOf({
        'vendor/runtime/A.json': { name: 'A' },
        'site/runtime/A.json': { name: 'A' },
        'groups/G/runtime/A.json': { name: 'A' },
      });
      expect(summary(problems)).toEqual([
        ['unknown-entry', 'cfg/groups/G/runtime', ''],
        ['unknown-entry', 'cfg/site/runtime', ''],
        ['unknown-entry', 'cfg/vendor/runtime', ''],
      ]);
    });

    it('refuses a scope folder that is a file, and a file where a folder belongs', () => {
      const problems = problemsOf({ vendor: 'x', 'site/forms': 'x', 'users/U': 'x' }, [{ path: 'site/explorer.json', kind: 'directory' }]);
      expect(summary(problems)).toEqual([
        ['unknown-entry', 'cfg/site/explorer.json', ''],
        ['unknown-entry', 'cfg/site/forms', ''],
        ['unknown-entry', 'cfg/users/U', ''],
        ['unknown-entry', 'cfg/vendor', ''],
      ]);
    });

    it('ignores dot-entries entirely, at any depth', () => {
      const result = validate(
        { '.git/config': 'x', '.carryover/journal.json': '{bad', 'vendor/forms/.A.json': '{bad', 'vendor/.DS_Store': 'x', 'users/.x/forms/A.json': '{' },
        [{ path: '.git', kind: 'directory' }, { path: 'site/.link', kind: 'symlink' }],
      );
      expect(result.ok).toBe(true);
      expect(isDotPath('a/.b/c')).toBe(true);
      expect(isDotPath('.a')).toBe(true);
      expect(isDotPath('a.b/c.json')).toBe(false);
    });

    it('refuses symbolic links to files and to folders, and does not look inside them', () => {
      const problems = problemsOf({ 'site/forms/Inside.json': form('Inside') }, [
        { path: 'vendor/forms/A.json', kind: 'symlink' },
        { path: 'site/forms', kind: 'directory' },
        { path: 'users', kind: 'symlink' },
        { path: 'users/U/forms/A.json', kind: 'file', text: '{' },
        { path: 'notes', kind: 'symlink' },
      ]);
      expect(summary(problems)).toEqual([
        ['symlink', 'cfg/notes', ''],
        ['symlink', 'cfg/users', ''],
        ['symlink', 'cfg/vendor/forms/A.json', ''],
      ]);
      expect(problems[0].message).toMatch(/symbolic links are not allowed/);
    });

    it('refuses devices, sockets and pipes', () => {
      expect(summary(problemsOf({}, [{ path: 'vendor/forms/A.json', kind: 'other' }]))).toEqual([
        ['unknown-entry', 'cfg/vendor/forms/A.json', ''],
      ]);
    });

    it('works from files alone, checking the folders they imply', () => {
      const problems = problemsOf({ 'groups/a b/forms/A.json': form('A') });
      expect(summary(problems)).toEqual([['bad-name', 'cfg/groups/a b', '']]);
    });
  });

  describe('names', () => {
    it('refuses invalid form file names: reserved, too long, spaces, backslashes, control characters', () => {
      const long = 'x'.repeat(200);
      const problems = problemsOf({
        'vendor/forms/CON.json': form('CON'),
        'vendor/forms/lpt1.json': form('lpt1'),
        'vendor/forms/nul.txt.json': form('nul.txt'),
        [`vendor/forms/${long}.json`]: form(long),
        'vendor/forms/a b.json': form('a b'),
        'vendor/forms/a\\b.json': form('a\\b'),
        'vendor/forms/a\u0001.json': form('a\u0001'),
        'vendor/forms/-x.json': form('-x'),
        'vendor/forms/.json': form(''),
      });
      expect(problems.every((p) => p.code === 'bad-name' && p.pointer === '')).toBe(true);
      expect(problems).toHaveLength(8);
      expect(problems.map((p) => p.message).join('\n')).toMatch(/reserved device name[\s\S]*at most 128/);
    });

    it('refuses invalid names of global objects and runtime files', () => {
      const problems = problemsOf({
        'vendor/globals/scripts/AUX.json': { name: 'AUX' },
        'users/U/runtime/a$b c.json': { name: 'a$b c' },
      });
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/users/U/runtime/a$b c.json', ''],
        ['bad-name', 'cfg/vendor/globals/scripts/AUX.json', ''],
      ]);
    });

    it('refuses invalid group and user folder names and skips their contents', () => {
      const problems = problemsOf({ 'groups/COM1/forms/A.json': '{', 'users/x y/forms/A.json': '{' });
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/groups/COM1', ''],
        ['bad-name', 'cfg/users/x y', ''],
      ]);
      expect(problems[0].message).toMatch(/invalid group name/);
      expect(problems[1].message).toMatch(/invalid user name/);
    });

    it('requires the name field to equal the file name', () => {
      const problems = problemsOf({
        'vendor/forms/A.json': form('B'),
        'vendor/forms/C.json': form('c'),
        'vendor/globals/menus/M.json': { name: 'N' },
        'users/U/runtime/R.json': { name: 'S' },
      });
      expect(summary(problems)).toEqual([
        ['name-mismatch', 'cfg/users/U/runtime/R.json', '/name'],
        ['name-mismatch', 'cfg/vendor/forms/A.json', '/name'],
        ['name-mismatch', 'cfg/vendor/forms/C.json', '/name'],
        ['name-mismatch', 'cfg/vendor/globals/menus/M.json', '/name'],
      ]);
      expect(problems[1].message).toMatch(/file must be named "B.json"/);
    });

    it('reports an invalid name field rather than a mismatch', () => {
      const problems = problemsOf({ 'vendor/forms/A.json': form('../x') });
      expect(summary(problems)).toEqual([['bad-name', 'cfg/vendor/forms/A.json', '/name']]);
    });

    it('requires a string name field', () => {
      const problems = problemsOf({ 'vendor/forms/A.json': {}, 'vendor/forms/B.json': { name: 1 }, 'vendor/globals/menus/M.json': {} });
      expect(summary(problems)).toEqual([
        ['missing-key', 'cfg/vendor/forms/A.json', ''],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/name'],
        ['missing-key', 'cfg/vendor/globals/menus/M.json', ''],
      ]);
    });

    it('refuses same-kind names that differ only in case within one folder', () => {
      const problems = problemsOf({
        'vendor/forms/Customers.json': form('Customers'),
        'vendor/forms/customers.json': form('customers'),
        'site/globals/scripts/U.json': { name: 'U' },
        'site/globals/scripts/u.json': { name: 'u' },
        'groups/Sales/forms/A.json': form('A'),
        'groups/sales/forms/A.json': form('A'),
        'users/B_Smith/forms/A.json': form('A'),
        'users/b_smith/forms/A.json': form('A'),
        'users/U/runtime/R.json': { name: 'R' },
        'users/U/runtime/r.json': { name: 'r' },
      });
      expect(summary(problems)).toEqual([
        ['case-collision', 'cfg/groups/sales', ''],
        ['case-collision', 'cfg/site/globals/scripts/u.json', ''],
        ['case-collision', 'cfg/users/U/runtime/r.json', ''],
        ['case-collision', 'cfg/users/b_smith', ''],
        ['case-collision', 'cfg/vendor/forms/customers.json', ''],
      ]);
      expect(problems[4].message).toMatch(/"customers" differs only in letter case from "Customers"/);
    });

    it('accepts names that differ only in case in different folders or of different kinds', () => {
      expect(
        validate({
          'vendor/forms/Customers.json': form('Customers'),
          'site/forms/customers.json': form('customers'),
          'site/globals/scripts/Customers.json': { name: 'Customers' },
          'site/globals/menus/customers.json': { name: 'customers' },
          'groups/X/forms/A.json': form('A'),
          'users/x/forms/A.json': form('A'),
        }).ok,
      ).toBe(true);
    });

    it('checks every name inside a form: attributes, components, component attributes, events, handler attributes, variables', () => {
      const problems = problemsOf({
        'vendor/forms/A.json': form('A', {
          attributes: { 'a/b': 1, ok: 1 },
          components: { CON: {}, Good: { 'x y': 1 } },
          eventHandlers: { '': [], Ev: [{ '..': 1 }] },
          variables: { 'v\u0000': 1 },
        }),
      });
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/vendor/forms/A.json', '/attributes/a~1b'],
        ['bad-name', 'cfg/vendor/forms/A.json', '/components/CON'],
        ['bad-name', 'cfg/vendor/forms/A.json', '/components/Good/x y'],
        ['bad-name', 'cfg/vendor/forms/A.json', '/eventHandlers/'],
        ['bad-name', 'cfg/vendor/forms/A.json', '/eventHandlers/Ev/0/..'],
        ['bad-name', 'cfg/vendor/forms/A.json', '/variables/v\u0000'],
      ]);
      expect(problems[1].message).toMatch(/invalid component name/);
      expect(problems[4].message).toMatch(/invalid attribute name/);
    });

    it('checks attribute names of global objects and runtime files, but not keys inside attribute values', () => {
      const problems = problemsOf({
        'vendor/globals/strings/S.json': { name: 'S', attributes: { 'bad name': 1, ok: { 'any key / at all': [1] } } },
        'users/U/runtime/R.json': { name: 'R', attributes: { gridColumns: { 'Cust Num': { width: 14 } }, 'x/y': 1 } },
      });
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/users/U/runtime/R.json', '/attributes/x~1y'],
        ['bad-name', 'cfg/vendor/globals/strings/S.json', '/attributes/bad name'],
      ]);
    });

    it('refuses names that differ only in case inside one document, at every level', () => {
      const components: Record<string, object> = {};
      for (let i = 0; i < 20; i++) components[`C${i}`] = {};
      components.c7 = {}; // beyond 16 keys: the map path
      const problems = problemsOf({
        'vendor/forms/A.json': form('A', {
          attributes: { Caption: 1, caption: 2 },
          components: { ...components, Small: { X: 1, x: 2, Width: 1, wIDTH: 2 } },
          eventHandlers: { Ev: [], ev: [{ Keep: 1, keep: 'LAST' }] },
          variables: { V: 1, v: 2 },
        }),
      });
      expect(summary(problems)).toEqual([
        ['case-collision', 'cfg/vendor/forms/A.json', '/attributes/caption'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/components/Small/wIDTH'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/components/Small/x'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/components/c7'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/eventHandlers/ev'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/eventHandlers/ev/0/keep'],
        ['case-collision', 'cfg/vendor/forms/A.json', '/variables/v'],
      ]);
    });

    it('finds a case collision among many names although another name has the same folded hash', () => {
      const components: Record<string, object> = {};
      for (let i = 0; i < 20; i++) components[`Comp${i}`] = {};
      // "c0" and "an" fold to one hash (validateConfiguration.ts, foldedHash): "AN" still meets "an".
      Object.assign(components, { c0: {}, an: {}, AN: {} });
      const problems = problemsOf({ 'vendor/forms/A.json': form('A', { components }) });
      expect(summary(problems)).toEqual([
        ['case-collision', 'cfg/vendor/forms/A.json', '/components/AN'],
      ]);
      expect(problems[0].message).toMatch(/"AN" differs only in letter case from "an"/);
      delete components.AN;
      expect(validate({ 'vendor/forms/A.json': form('A', { components }) }).ok).toBe(true);
    });

    it('finds no case collision between two names of different lengths that share a folded hash', () => {
      const components: Record<string, object> = {};
      for (let i = 0; i < 20; i++) components[`Comp${i}`] = {};
      // "fecaanfolo" and "fecaanfoloa" fold to one hash, and the shorter is the start of the longer.
      Object.assign(components, { fecaanfolo: {}, fecaanfoloa: {} });
      expect(validate({ 'vendor/forms/A.json': form('A', { components }) }).ok).toBe(true);
    });

    it('does not confuse _, ., $ and - with letters when comparing case', () => {
      expect(validate({ 'vendor/forms/A.json': form('A', { attributes: { a_b: 1, aAb: 3, 'a-b': 4, 'a.b': 5, 'a$b': 6 } }) }).ok).toBe(true);
    });
  });

  describe('documents', () => {
    it('refuses unknown keys at the top of every kind of file, suggesting the right spelling', () => {
      const problems = problemsOf({
        'configuration.json': { ...META, protect: true },
        'vendor/forms/A.json': form('A', { Attributes: {}, extra: 1 }),
        'vendor/globals/menus/M.json': { name: 'M', script: 'x' },
        'users/U/runtime/R.json': { name: 'R', components: {} },
        'vendor/explorer.json': { folders: [], name: 'x' },
      });
      expect(summary(problems)).toEqual([
        ['unknown-key', 'cfg/configuration.json', '/protect'],
        ['unknown-key', 'cfg/users/U/runtime/R.json', '/components'],
        ['unknown-key', 'cfg/vendor/explorer.json', '/name'],
        ['unknown-key', 'cfg/vendor/forms/A.json', '/Attributes'],
        ['unknown-key', 'cfg/vendor/forms/A.json', '/extra'],
        ['unknown-key', 'cfg/vendor/globals/menus/M.json', '/script'],
      ]);
      expect(problems[3].message).toMatch(/did you mean "attributes"/);
    });

    it('refuses wrong types at every level of a form', () => {
      const problems = problemsOf({
        'vendor/forms/A.json': form('A', { attributes: [], script: 1, components: [], eventHandlers: [], variables: 'x' }),
        'vendor/forms/B.json': form('B', {
          components: { C: 'x', D: null, E: [] },
          eventHandlers: { E1: {}, E2: ['x', null, { keep: 'last' }, { keep: 1 }, { keep: 'AFTER' }] },
        }),
      });
      expect(summary(problems)).toEqual([
        ['wrong-type', 'cfg/vendor/forms/A.json', '/attributes'],
        ['wrong-type', 'cfg/vendor/forms/A.json', '/components'],
        ['wrong-type', 'cfg/vendor/forms/A.json', '/eventHandlers'],
        ['wrong-type', 'cfg/vendor/forms/A.json', '/script'],
        ['wrong-type', 'cfg/vendor/forms/A.json', '/variables'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/components/C'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/components/D'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/components/E'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/eventHandlers/E1'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/eventHandlers/E2/0'],
        ['wrong-type', 'cfg/vendor/forms/B.json', '/eventHandlers/E2/1'],
        ['bad-value', 'cfg/vendor/forms/B.json', '/eventHandlers/E2/2/keep'],
        ['bad-value', 'cfg/vendor/forms/B.json', '/eventHandlers/E2/3/keep'],
      ]);
      expect(problems.find((p) => p.pointer === '/eventHandlers/E2/2/keep')!.message).toMatch(/"FIRST", "LAST", "AFTER", "BEFORE", found "last"/);
    });

    it('accepts any JSON value as an attribute or variable value, null included', () => {
      const configuration = configurationOf({
        'vendor/forms/A.json': form('A', {
          attributes: { a: null, b: [1, { c: 'd' }], e: false, f: 1.5 },
          components: { C: { binding: null, nested: { deep: [[]] } } },
          eventHandlers: { E: [{ responseType: 'Method', response: 'x', keep: 'FIRST' }, {}] },
          variables: { v: { any: ['thing'] } },
          script: '',
        }),
      });
      expect(configuration.files.get('vendor/forms/A.json')!.doc.attributes).toEqual({ a: null, b: [1, { c: 'd' }], e: false, f: 1.5 });
    });

    it('refuses wrong types in global objects and runtime files', () => {
      const problems = problemsOf({
        'vendor/globals/images/I.json': { name: 'I', attributes: 'x' },
        'users/U/runtime/R.json': { name: 'R', attributes: null },
      });
      expect(summary(problems)).toEqual([
        ['wrong-type', 'cfg/users/U/runtime/R.json', '/attributes'],
        ['wrong-type', 'cfg/vendor/globals/images/I.json', '/attributes'],
      ]);
    });

    it('refuses a document that is not an object', () => {
      const problems = problemsOf({ 'vendor/forms/A.json': [], 'configuration.json': '"x"' });
      expect(summary(problems)).toEqual([
        ['wrong-type', 'cfg/configuration.json', ''],
        ['wrong-type', 'cfg/vendor/forms/A.json', ''],
      ]);
    });

    it('reports JSON syntax errors, repeated keys and unsafe integers with the file and pointer', () => {
      const problems = problemsOf({
        'vendor/forms/A.json': '{"name": "A", "components": {"C": {"x": 1, "x": 2}}}',
        'vendor/forms/B.json': '{"name": "B", "attributes": {"id": 12345678901234567890}}',
        'vendor/forms/C.json': '{"name": "C",',
      });
      expect(summary(problems)).toEqual([
        ['duplicate-key', 'cfg/vendor/forms/A.json', '/components/C/x'],
        ['unsafe-integer', 'cfg/vendor/forms/B.json', '/attributes/id'],
        ['json-syntax', 'cfg/vendor/forms/C.json', ''],
      ]);
    });

    it('reports deep nesting inside an attribute as a problem', () => {
      const deep = '['.repeat(100_000) + ']'.repeat(100_000);
      const problems = problemsOf({ 'vendor/forms/A.json': `{"name": "A", "attributes": {"x": ${deep}}}` });
      expect(problems.map((p) => p.code)).toEqual(['json-depth']);
    });

    it('reports decoding and reading failures given by the loader', () => {
      const problems = problemsOf({}, [
        { path: 'vendor/forms/A.json', kind: 'file', decodeError: 'the file is not valid UTF-8 (invalid byte sequence at byte 3)' },
        { path: 'vendor/forms/B.json', kind: 'file', readError: 'permission denied' },
      ]);
      expect(summary(problems)).toEqual([
        ['encoding', 'cfg/vendor/forms/A.json', ''],
        ['read-error', 'cfg/vendor/forms/B.json', ''],
      ]);
    });

    it('records a byte-order mark, from the text or from the loader', () => {
      const configuration = validateConfiguration('cfg', [
        ...entriesOf({ 'configuration.json': '\uFEFF' + JSON.stringify(META), 'vendor/forms/A.json': '\uFEFF{"name": "A"}' }),
        { path: 'vendor/forms/B.json', kind: 'file', text: '{"name": "B"}', bom: true },
        { path: 'vendor/forms/C.json', kind: 'file', text: '{"name": "C"}' },
      ]);
      if (!configuration.ok) throw new Error('expected ok');
      const files = configuration.configuration.files;
      expect([files.get('vendor/forms/A.json')!.bom, files.get('vendor/forms/B.json')!.bom, files.get('vendor/forms/C.json')!.bom]).toEqual([
        true,
        true,
        false,
      ]);
    });

    it('uses a parse the loader already made', () => {
      const parsed = parseJson('{"name": "A", "attributes": {"x": 1}}', 'cfg/vendor/forms/A.json');
      const result = validateConfiguration('cfg', [...entriesOf({ 'configuration.json': META }), { path: 'vendor/forms/A.json', kind: 'file', parsed }]);
      expect(result.ok && result.configuration.files.get('vendor/forms/A.json')!.doc).toEqual({ name: 'A', attributes: { x: 1 } });
    });

    it('throws on a file entry without text: a bug in the caller, not bad input', () => {
      expect(() => validateConfiguration('cfg', [...entriesOf({ 'configuration.json': META }), { path: 'vendor/forms/A.json', kind: 'file' }])).toThrow(
        /no text/,
      );
    });

    it('lists every problem of every file, sorted, never only the first', () => {
      const problems = problemsOf({
        'vendor/forms/Z.json': form('Z', { script: 1, extra: 2 }),
        'vendor/forms/A.json': '{',
        'site/forms/CON.json': form('CON'),
      });
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/site/forms/CON.json', ''],
        ['json-syntax', 'cfg/vendor/forms/A.json', ''],
        ['unknown-key', 'cfg/vendor/forms/Z.json', '/extra'],
        ['wrong-type', 'cfg/vendor/forms/Z.json', '/script'],
      ]);
    });
  });

  describe('explorer.json', () => {
    const explorer = (folders: unknown) => ({ 'vendor/explorer.json': { folders } });

    it('accepts links and nested folders', () => {
      expect(
        validate(
          explorer([
            { name: 'Sales', items: [{ form: 'Customers' }, { form: 'CustomerOrders', caption: 'Orders / Invoices' }, { name: 'Reports', items: [{ form: 'R' }] }] },
            { name: 'Empty folder, with punctuation: ok!', items: [] },
          ]),
        ).ok,
      ).toBe(true);
    });

    it('requires folders, and folders to have a name and items', () => {
      expect(summary(problemsOf({ 'vendor/explorer.json': {} }))).toEqual([['missing-key', 'cfg/vendor/explorer.json', '']]);
      expect(summary(problemsOf(explorer({})))).toEqual([['wrong-type', 'cfg/vendor/explorer.json', '/folders']]);
      expect(summary(problemsOf(explorer([{ name: 'A' }, { items: [] }, 'x', { form: 'A' }])))).toEqual([
        ['missing-key', 'cfg/vendor/explorer.json', '/folders/0'],
        ['missing-key', 'cfg/vendor/explorer.json', '/folders/1'],
        ['wrong-type', 'cfg/vendor/explorer.json', '/folders/2'],
        ['missing-key', 'cfg/vendor/explorer.json', '/folders/3'],
        ['missing-key', 'cfg/vendor/explorer.json', '/folders/3'],
        ['unknown-key', 'cfg/vendor/explorer.json', '/folders/3/form'],
      ]);
    });

    it('refuses folder names that are empty, contain / or control characters, or are not strings', () => {
      const problems = problemsOf(
        explorer([
          { name: '', items: [] },
          { name: 'a/b', items: [] },
          { name: 'tab\there', items: [] },
          { name: 'c1\u0085', items: [] },
          { name: 3, items: [] },
        ]),
      );
      expect(summary(problems)).toEqual([
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/0/name'],
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/1/name'],
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/2/name'],
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/3/name'],
        ['wrong-type', 'cfg/vendor/explorer.json', '/folders/4/name'],
      ]);
    });

    it('refuses items of any other shape, unknown keys, and invalid links', () => {
      const problems = problemsOf(
        explorer([
          {
            name: 'A',
            items: [{}, { caption: 'x' }, { form: 'F', extra: 1 }, { form: 'a/b' }, { form: 1 }, { form: 'F', caption: '' }, { name: 'B', items: 'x', icon: 1 }, 7],
            extra: true,
          },
        ]),
      );
      expect(summary(problems)).toEqual([
        ['unknown-key', 'cfg/vendor/explorer.json', '/folders/0/extra'],
        ['bad-value', 'cfg/vendor/explorer.json', '/folders/0/items/0'],
        ['bad-value', 'cfg/vendor/explorer.json', '/folders/0/items/1'],
        ['unknown-key', 'cfg/vendor/explorer.json', '/folders/0/items/2/extra'],
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/0/items/3/form'],
        ['wrong-type', 'cfg/vendor/explorer.json', '/folders/0/items/4/form'],
        ['bad-name', 'cfg/vendor/explorer.json', '/folders/0/items/5/caption'],
        ['unknown-key', 'cfg/vendor/explorer.json', '/folders/0/items/6/icon'],
        ['wrong-type', 'cfg/vendor/explorer.json', '/folders/0/items/6/items'],
        ['wrong-type', 'cfg/vendor/explorer.json', '/folders/0/items/7'],
      ]);
    });

    it('checks deeply nested folders', () => {
      let folder: object = { name: 'leaf', items: [{ form: 'x y' }] };
      for (let i = 0; i < 200; i++) folder = { name: `F${i}`, items: [folder] };
      const problems = problemsOf(explorer([folder]));
      expect(problems).toHaveLength(1);
      expect(problems[0].pointer).toBe('/folders/0' + '/items/0'.repeat(201) + '/form');
    });
  });

  describe('configuration.json', () => {
    const meta = (value: unknown) => validateConfiguration('cfg', entriesOf({ 'configuration.json': value }));
    const metaProblems = (value: unknown) => {
      const result = meta(value);
      if (result.ok) throw new Error('expected problems');
      return summary(result.problems).map(([code, , pointer]) => [code, pointer]);
    };

    it('keeps groups and protected', () => {
      const result = meta({ ...META, groups: { Sales: ['B_Smith', 'J_Doe'], Empty: [] }, protected: true });
      expect(result.ok && result.configuration.meta).toEqual({ ...META, groups: { Sales: ['B_Smith', 'J_Doe'], Empty: [] }, protected: true });
    });

    it('requires format carryover/1 and a name', () => {
      expect(metaProblems({})).toEqual([
        ['missing-key', ''],
        ['missing-key', ''],
      ]);
      expect(metaProblems({ format: 'carryover/2', name: 'x' })).toEqual([['bad-value', '/format']]);
      expect(metaProblems({ format: 1, name: 2 })).toEqual([
        ['wrong-type', '/format'],
        ['wrong-type', '/name'],
      ]);
    });

    it('refuses a protected flag that is not a boolean, and unknown keys', () => {
      expect(metaProblems({ ...META, protected: 'yes', extra: 1 })).toEqual([
        ['unknown-key', '/extra'],
        ['wrong-type', '/protected'],
      ]);
    });

    it('checks group membership: types, names, and a user in one group only', () => {
      expect(metaProblems({ ...META, groups: [] })).toEqual([['wrong-type', '/groups']]);
      expect(
        metaProblems({
          ...META,
          groups: { 'a b': [], Sales: 'x', Ops: [1, 'CON', 'B_Smith', 'B_Smith'], Admins: ['B_Smith', 'b_smith'], sales: [] },
        }),
      ).toEqual([
        ['user-in-two-groups', '/groups/Admins/0'],
        ['case-collision', '/groups/Admins/1'],
        ['wrong-type', '/groups/Ops/0'],
        ['bad-name', '/groups/Ops/1'],
        ['duplicate-member', '/groups/Ops/3'],
        ['wrong-type', '/groups/Sales'],
        ['bad-name', '/groups/a b'],
        ['case-collision', '/groups/sales'],
      ]);
    });
  });

  describe('configurationFilePath', () => {
    it('joins the folder as given with the relative path', () => {
      expect(configurationFilePath('fixtures/x/target', 'site/forms/A.json')).toBe('fixtures/x/target/site/forms/A.json');
      expect(configurationFilePath('target/', 'configuration.json')).toBe('target/configuration.json');
      expect(configurationFilePath('.', 'vendor')).toBe('vendor');
      expect(configurationFilePath('C:\\work\\target', 'site/forms/A.json')).toBe('C:\\work\\target\\site\\forms\\A.json');
      expect(configurationFilePath('target', '')).toBe('target');
    });
  });
});

describe('checkCaseCollisions', () => {
  it('finds no problem between configurations that spell every name the same way', () => {
    const source = configurationOf({ 'vendor/forms/Customers.json': form('Customers', { components: { A: { x: 1 } } }) });
    const target = configurationOf({
      'vendor/forms/Customers.json': form('Customers', { components: { A: { x: 2 }, B: {} } }),
      'site/forms/Orders.json': form('Orders'),
    });
    expect(checkCaseCollisions(source, target)).toEqual([]);
  });

  it('reports a form named with different case in the Source and the Target, at any scope', () => {
    const source = configurationOf({ 'vendor/forms/Customers.json': form('Customers') });
    const target = configurationOf({ 'users/U/forms/customers.json': form('customers') });
    const problems = checkCaseCollisions(source, target);
    expect(summary(problems)).toEqual([['case-collision', 'cfg/vendor/forms/Customers.json', '']]);
    expect(problems[0].message).toMatch(/form name "Customers" in the Source differs only in letter case from "customers" in the Target \(cfg\/users\/U\/forms\/customers.json\)/);
  });

  it('compares global objects within one type only', () => {
    const source = configurationOf({ 'vendor/globals/scripts/Utils.json': { name: 'Utils' }, 'vendor/globals/menus/Main.json': { name: 'Main' } });
    const target = configurationOf({ 'vendor/globals/scripts/UTILS.json': { name: 'UTILS' }, 'vendor/globals/strings/main.json': { name: 'main' } });
    expect(summary(checkCaseCollisions(source, target))).toEqual([['case-collision', 'cfg/vendor/globals/scripts/Utils.json', '']]);
  });

  it('reports runtime files, group and user names', () => {
    const source = configurationOf(
      { 'users/B_Smith/runtime/R.json': { name: 'R' }, 'groups/Sales/forms/A.json': form('A') },
      { ...META, groups: { Ops: ['J_Doe'] } },
    );
    const target = configurationOf({ 'users/b_smith/runtime/r.json': { name: 'r' }, 'groups/sales/forms/A.json': form('A') }, { ...META, groups: { ops: ['j_doe'] } });
    expect(summary(checkCaseCollisions(source, target))).toEqual([
      ['case-collision', 'cfg/configuration.json', '/groups/Ops'],
      ['case-collision', 'cfg/configuration.json', '/groups/Ops/0'],
      ['case-collision', 'cfg/groups/Sales', ''],
      ['case-collision', 'cfg/users/B_Smith', ''],
      ['case-collision', 'cfg/users/B_Smith/runtime/R.json', ''],
    ]);
  });

  it('reports names inside versions of the same object: components, their attributes, form attributes, events, variables', () => {
    const source = configurationOf({
      'vendor/forms/A.json': form('A', {
        attributes: { Caption: 'x' },
        components: { CustNum: { Binding: 'x', y: 1 }, Other: {} },
        eventHandlers: { StdFormPredisplay: [] },
        variables: { Filter: 1 },
      }),
      'vendor/globals/scripts/S.json': { name: 'S', attributes: { Code: 'x' } },
    });
    const target = configurationOf({
      'vendor/forms/A.json': form('A', { attributes: { caption: 'x' }, components: { custnum: {}, Other: {} } }),
      'site/forms/A.json': form('A', {
        components: { CustNum: { binding: 'x', y: 2 } },
        eventHandlers: { stdFormPredisplay: [] },
        variables: { filter: 1 },
      }),
      'vendor/globals/scripts/S.json': { name: 'S', attributes: { code: 'x' } },
    });
    const problems = checkCaseCollisions(source, target);
    expect(summary(problems)).toEqual([
      ['case-collision', 'cfg/vendor/forms/A.json', '/attributes/Caption'],
      ['case-collision', 'cfg/vendor/forms/A.json', '/components/CustNum'],
      ['case-collision', 'cfg/vendor/forms/A.json', '/components/CustNum/Binding'],
      ['case-collision', 'cfg/vendor/forms/A.json', '/eventHandlers/StdFormPredisplay'],
      ['case-collision', 'cfg/vendor/forms/A.json', '/variables/Filter'],
      ['case-collision', 'cfg/vendor/globals/scripts/S.json', '/attributes/Code'],
    ]);
    expect(problems[2].message).toMatch(/component attribute name "Binding".*"binding" in the Target \(cfg\/site\/forms\/A.json#\/components\/CustNum\/binding\)/);
  });
});
