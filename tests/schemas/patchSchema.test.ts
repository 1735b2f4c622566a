import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePatch } from '../../core/parsePatch.js';

const schemasDir = path.join(import.meta.dirname, '..', '..', 'schemas');
const BASE = 'https://carryover.invalid/schemas/';

async function patchValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  for (const file of ['defs.schema.json', 'patch.schema.json']) ajv.addSchema(JSON.parse(await readFile(path.join(schemasDir, file), 'utf8')), BASE + file);
  const validate = ajv.getSchema(BASE + 'patch.schema.json');
  if (validate === undefined) throw new Error('patch.schema.json is missing');
  return validate;
}

const CASES: unknown[] = [
  { patch: 'SP1', objects: [{ kind: 'form', name: 'Customers' }, { kind: 'global', type: 'scripts', name: 'CustUtils' }, { kind: 'explorer' }] },
  { $schema: 'schemas/patch.schema.json', patch: 'SP1', objects: [{ kind: 'explorer' }] },
  { patch: 'SP1', objects: [] },
  { patch: '', objects: [{ kind: 'explorer' }] },
  { objects: [{ kind: 'explorer' }] },
  { patch: 'SP1', objects: [{ kind: 'global', name: 'CustUtils' }] },
  { patch: 'SP1', objects: [{ kind: 'global', type: 'macros', name: 'CustUtils' }] },
  { patch: 'SP1', objects: [{ kind: 'form', name: 'Bad name' }] },
  { patch: 'SP1', objects: [{ kind: 'explorer', name: 'x' }] },
  { patch: 'SP1', objects: [{ kind: 'page', name: 'x' }] },
  { patch: 'SP1', objects: ['Customers'], extra: true },
];

describe('schemas/patch.schema.json', () => {
  it.each(CASES.map((c) => [JSON.stringify(c), c]))('agrees with parsePatch on %s', async (_name, value) => {
    const validate = await patchValidator();
    // The schema cannot see an object listed twice; none of these cases lists one.
    expect(validate(value)).toBe(parsePatch(JSON.stringify(value), 'patch.json').ok);
  });
});
