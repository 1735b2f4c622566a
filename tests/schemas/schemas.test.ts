import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GLOBAL_TYPES } from '../../core/model.js';
import { loadConfiguration } from '../../core/node/loadConfiguration.js';
import { parseAnswers } from '../../core/parseAnswers.js';
import { parseOptions } from '../../core/parseOptions.js';
import type { Problem } from '../../core/problems.js';
import { configurationPair } from '../reliability/arbitraries.js';
import { hostileCases, reliabilitySeed } from '../reliability/budget.js';
import { CORRUPTION_KINDS, OPTIONS_FILE, corrupt, type Corruption } from '../reliability/corrupt.js';
import { writeConfiguration } from '../reliability/onDisk.js';

/**
 * The JSON Schemas of schemas/ (docs/configuration.md, "JSON Schemas") against the validator,
 * which stays the authority: the bundled sample and every fixture pass both, and files generated
 * by the hostile-input generators get the same verdict from both, apart from the rules a schema
 * of one file cannot state (below).
 */

const repo = path.join(import.meta.dirname, '..', '..');
const schemasDir = path.join(repo, 'schemas');
/** Where the schemas live for ajv; their relative `$ref`s resolve against it, as an editor resolves them against the folder. */
const BASE = 'https://carryover.invalid/schemas/';

/**
 * Problem codes of rules no schema of one file can state: the file's name or place, other files,
 * the other configuration, letter case across names, and what the JSON reader refuses before any
 * structure is checked (a schema sees only the parsed value).
 */
const CROSS_FILE_CODES = new Set([
  'name-mismatch', // `name` against the file name
  'case-collision', // names differing only in letter case (in one object, one folder, or Source against Target)
  'user-in-two-groups', // the same user in two groups of configuration.json
  'symlink',
  'unknown-entry',
  'missing-configuration',
  'read-error',
]);
const READER_CODES = new Set(['json-syntax', 'encoding', 'duplicate-key', 'unsafe-number', 'json-depth', 'bom']);

/** Scenarios whose input is invalid on purpose (each has at least one file the schemas refuse). */
const INVALID_ON_PURPOSE = new Set(['66-invalid-configuration', '67-invalid-options']);

let ajv: Ajv2020;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'carryover-schemas-'));
  ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of await readdir(schemasDir, { recursive: true })) {
    if (!file.endsWith('.schema.json')) continue;
    ajv.addSchema(JSON.parse(await readFile(path.join(schemasDir, file), 'utf8')), BASE + file.split(path.sep).join('/'));
  }
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
}, 60_000);

/** The schema for a file of a configuration (by its path inside it), an options file or an answers file. */
function schemaFor(relative: string): string | undefined {
  const parts = relative.split('/');
  const name = parts[parts.length - 1];
  if (relative === 'configuration.json') return 'configuration.schema.json';
  if (name === 'explorer.json') return 'explorer.schema.json';
  if (parts.includes('runtime')) return 'runtime.schema.json';
  if (parts.includes('forms')) return 'form.schema.json';
  const at = parts.indexOf('globals');
  if (at >= 0) return `globals/${parts[at + 1]}.schema.json`;
  if (name === 'options.json') return 'options.schema.json';
  if (name === 'answers.json') return 'answers.schema.json';
  return undefined;
}

function validator(schema: string): ValidateFunction {
  const validate = ajv.getSchema(BASE + schema);
  if (validate === undefined) throw new Error(`schema ${schema} is missing`);
  return validate;
}

function schemaErrors(schema: string | undefined, value: unknown): string {
  if (schema === undefined) throw new Error('no schema for this file');
  const validate = validator(schema);
  return validate(value) ? '' : ajv.errorsText(validate.errors);
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

describe('the schemas', () => {
  it('exist for every global object type, and the options schema names exactly those types', async () => {
    for (const type of GLOBAL_TYPES) expect(() => validator(`globals/${type}.schema.json`)).not.toThrow();
    const options = JSON.parse(await readFile(path.join(schemasDir, 'options.schema.json'), 'utf8'));
    expect(options.properties.globals.properties.types.propertyNames.enum).toEqual([...GLOBAL_TYPES]);
  });

  it('validate every file of the bundled sample', async () => {
    const sample = path.join(repo, 'fixtures', 'sample');
    const files = await jsonFilesUnder(sample);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const inside = file.replace(/^(source|target)\//, '');
      const value = JSON.parse(await readFile(path.join(sample, file), 'utf8'));
      expect(schemaErrors(schemaFor(inside), value), file).toBe('');
    }
  });

  it('validate every fixture under fixtures/scenarios, apart from those invalid on purpose', async () => {
    const scenarios = path.join(repo, 'fixtures', 'scenarios');
    let checked = 0;
    const refused = new Set<string>();
    for (const file of await jsonFilesUnder(scenarios)) {
      const [scenario, ...rest] = file.split('/');
      if (rest[0] === 'case.json') continue; // the fixture's description, not a file a person edits for Carryover
      const inside = /^(source|target|expected)\//.test(rest.join('/')) ? rest.slice(1).join('/') : rest.join('/');
      // A byte-order mark is tolerated (docs/configuration.md); an editor reads past it too.
      const errors = schemaErrors(schemaFor(inside), JSON.parse((await readFile(path.join(scenarios, file), 'utf8')).replace(/^\ufeff/, '')));
      if (INVALID_ON_PURPOSE.has(scenario)) {
        if (errors !== '') refused.add(scenario);
      } else {
        expect(errors, file).toBe('');
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(300);
    expect([...refused].sort()).toEqual([...INVALID_ON_PURPOSE].sort());
  });

  it('accept "$schema" in every file, as the validator does', async () => {
    const root = path.join(scratch, 'with-schema');
    const files = {
      'vendor/forms/Customers.json': { $schema: '../../schemas/form.schema.json', name: 'Customers' },
      'vendor/globals/scripts/CustUtils.json': { $schema: 'x', name: 'CustUtils', attributes: { code: '' } },
      'vendor/explorer.json': { $schema: 'x', folders: [] },
      'users/B_Smith/runtime/Customers.json': { $schema: 'x', name: 'Customers' },
    };
    await writeConfiguration(root, files, { $schema: '../schemas/configuration.schema.json' } as never);
    const loaded = await loadConfiguration(root);
    expect(loaded.ok ? [] : loaded.problems).toEqual([]);
    for (const [file, doc] of Object.entries(files)) expect(schemaErrors(schemaFor(file), doc), file).toBe('');
    const options = { $schema: 'schemas/options.schema.json', baseLevel: 'site' };
    expect(parseOptions(JSON.stringify(options), 'options.json').ok).toBe(true);
    expect(schemaErrors('options.schema.json', options)).toBe('');
    const answers = { $schema: 'schemas/answers.schema.json', answers: {} };
    expect(parseAnswers(JSON.stringify(answers), 'answers.json').ok).toBe(true);
    expect(schemaErrors('answers.schema.json', answers)).toBe('');
    // Not a string: both refuse it.
    expect(parseAnswers(JSON.stringify({ $schema: 1, answers: {} }), 'answers.json').ok).toBe(false);
    expect(schemaErrors('answers.schema.json', { $schema: 1, answers: {} })).not.toBe('');
    expect(parseOptions(JSON.stringify({ $schema: true }), 'options.json').ok).toBe(false);
  });
});

/** The validator's problems with one file of a case, and the file's parsed value when JSON.parse reads it. */
async function validatorVerdict(root: string, file: string): Promise<{ problems: Problem[]; value: unknown } | null> {
  let value: unknown;
  // Not a JSON file (an unknown entry), or not a file (a folder renamed, a link): a layout matter, no schema applies.
  if (!file.endsWith('.json')) return null;
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return { problems: [], value: undefined };
  }
  const name = path.basename(file);
  if (file === path.join(root, 'options.json')) {
    const parsed = parseOptions(text, file);
    return { problems: parsed.ok ? [] : parsed.problems, value };
  }
  if (file === path.join(root, 'answers.json') && name === 'answers.json') {
    const parsed = parseAnswers(text, file);
    return { problems: parsed.ok ? [] : parsed.problems, value };
  }
  const side = path.join(root, path.relative(root, file).split(path.sep)[0]);
  const loaded = await loadConfiguration(side);
  const problems = loaded.ok ? [] : loaded.problems.filter((p) => path.resolve(p.file) === path.resolve(file));
  return { problems, value };
}

const corruption: fc.Arbitrary<Corruption> = fc.record({
  kind: fc.constantFrom(...CORRUPTION_KINDS),
  side: fc.constantFrom('source' as const, 'target' as const),
  file: fc.nat(1000),
  slot: fc.nat(1000),
  value: fc.nat(1000),
  position: fc.nat(100_000),
});

describe('the schemas and the validator', () => {
  let caseNumber = 0;

  it('give the same verdict on generated valid files and on files broken by the hostile-input generators', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(configurationPair, corruption, async (pair, broken) => {
        const root = path.join(scratch, `case-${++caseNumber}`);
        await mkdir(root, { recursive: true });
        await writeConfiguration(path.join(root, 'source'), pair.source, { name: 'Vendor' });
        await writeConfiguration(path.join(root, 'target'), pair.target, pair.targetMeta);
        await writeFile(path.join(root, 'options.json'), JSON.stringify(OPTIONS_FILE));
        await writeFile(path.join(root, 'answers.json'), JSON.stringify({ answers: {} }));
        // Valid files: both accept each of them.
        for (const [side, files] of [['source', pair.source], ['target', pair.target]] as const) {
          for (const [relative, doc] of Object.entries(files)) expect(schemaErrors(schemaFor(relative), doc), `${side}/${relative}`).toBe('');
        }
        const expectation = await corrupt(root, broken);
        const verdict = await validatorVerdict(root, expectation.file);
        if (verdict === null || verdict.value === undefined) return; // not JSON at all: no schema applies
        const codes = new Set(verdict.problems.map((p) => p.code));
        if ([...codes].some((c) => READER_CODES.has(c))) return; // refused before its structure was read
        if (codes.has('unknown-entry')) return; // a file where the layout allows none: its kind, so its schema, is unknown
        const relative = path.relative(root, expectation.file).split(path.sep).join('/');
        const inside = relative.replace(/^(source|target)\//, '');
        const schema = schemaFor(inside);
        if (schema === undefined) return; // a JSON file where the layout has none: unknown-entry, a layout matter
        const errors = schemaErrors(schema, verdict.value);
        // A bad name at the top of a file (no pointer) is the file's or a folder's name, not its content.
        const structural = verdict.problems.filter((p) => !CROSS_FILE_CODES.has(p.code) && !(p.code === 'bad-name' && p.pointer === ''));
        const context = `${expectation.what}\nvalidator: ${verdict.problems.map((p) => `${p.code} ${p.pointer} ${p.message}`).join('; ')}\nschema: ${errors}`;
        if (structural.length > 0) expect(errors, context).not.toBe('');
        else expect(errors, context).toBe('');
        compared += 1;
        await rm(root, { recursive: true, force: true });
      }),
      { numRuns: Math.max(40, Math.floor(hostileCases() / 2)), seed: reliabilitySeed() },
    );
    expect(compared).toBeGreaterThan(20);
  });
});
