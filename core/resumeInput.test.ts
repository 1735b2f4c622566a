import { describe, expect, it } from 'vitest';
import type { Answer, OutputPlan } from './analysis.js';
import type { JsonObject } from './json.js';
import type { Configuration } from './model.js';
import { defaultOptions } from './options.js';
import { buildPendingIndex, deferredVersions, openPromptCount, parsePendingIndex, serializePendingIndex, withAnswers } from './pendingIndex.js';
import { changedPendingVersions, resumeInput, resumePlan } from './resumeInput.js';
import { synchronize } from './synchronize.js';
import { configurationOf } from './testing/configurationOf.js';

const form = (name: string, attributes: JsonObject): JsonObject => ({ name, attributes });

const targetBase = {
  'vendor/forms/Customers.json': form('Customers', { caption: 'Customers', dataSource: 'A' }),
  'vendor/forms/Items.json': form('Items', { caption: 'Items', dataSource: 'A' }),
};
const sourceBase = {
  'vendor/forms/Customers.json': form('Customers', { caption: 'Customers 2', dataSource: 'B' }),
  'vendor/forms/Items.json': form('Items', { caption: 'Items', dataSource: 'B' }),
};
const customized = {
  // Both changed the data source (a major attribute): a prompt.
  'site/forms/Customers.json': form('Customers', { caption: 'My customers', dataSource: 'C' }),
  // A clean merge: no prompt.
  'site/forms/Items.json': form('Items', { caption: 'My items', dataSource: 'A' }),
  // A User version of Customers with no prompt of its own.
  'users/U/forms/Customers.json': form('Customers', { caption: 'Customers', dataSource: 'A', initialCommand: 'Refresh' }),
};
const options = defaultOptions();
const answer: Record<string, Answer> = { 'form:Customers@site/attributes/dataSource': 'keep' };

/** The Target as phase 1 leaves it: the plan applied to the in-memory configurations. */
function applyPlan(plan: OutputPlan, source: Configuration, target: Configuration): Configuration {
  const files = new Map();
  for (const [path, output] of plan) {
    if (path === 'configuration.json') continue;
    const from = output.kind === 'source' ? source.files.get(path) : target.files.get(path);
    if (output.kind === 'write') files.set(path, { ...(target.files.get(path) as object), doc: output.doc });
    else files.set(path, from);
  }
  return { ...target, files };
}

describe('synchronize with leave', () => {
  it('defers a version with an open prompt: its file stays the Target\'s, one decision says so, and the plan exists', () => {
    const source = configurationOf(sourceBase);
    const target = configurationOf({ ...targetBase, ...customized });
    const first = synchronize({ source, target, options });
    expect(first.plan).toBeNull();
    expect(deferredVersions(first)).toEqual(['form:Customers@site']);
    const phase1 = synchronize({ source, target, options, leave: new Map([['form:Customers@site', 'defer']]) });
    expect(phase1.plan?.get('site/forms/Customers.json')).toEqual({ kind: 'target' });
    expect(phase1.plan?.get('site/forms/Items.json')?.kind).toBe('write');
    expect(phase1.plan?.get('vendor/forms/Customers.json')).toEqual({ kind: 'source' });
    expect(phase1.decisions.filter((d) => d.id.startsWith('form:Customers@site'))).toEqual([
      expect.objectContaining({ id: 'form:Customers@site', action: 'left-untouched', reason: expect.stringMatching(/^deferred: 1 prompt pending/) }),
    ]);
    expect(phase1.prompts.map((p) => p.id)).toEqual(['form:Customers@site/attributes/dataSource']);
  });

  it('still reports the warnings of a deferred version', () => {
    const withComponents = (doc: JsonObject, components: JsonObject): JsonObject => ({ ...doc, components });
    const t = withComponents(targetBase['vendor/forms/Customers.json'], {});
    const s = withComponents(sourceBase['vendor/forms/Customers.json'], { VendorCust: { type: 'edit', binding: 'CustNum' } });
    const c = withComponents(customized['site/forms/Customers.json'], { MyCust: { type: 'edit', binding: 'CustNum' } });
    const source = configurationOf({ 'vendor/forms/Customers.json': s });
    const target = configurationOf({ 'vendor/forms/Customers.json': t, 'site/forms/Customers.json': c });
    // Warnings about a merged result need every prompt of the version answered: one is here, and
    // the version is deferred all the same (the engine's input allows it).
    const phase1 = synchronize({ source, target, options, answers: new Map(Object.entries(answer)), leave: new Map([['form:Customers@site', 'defer']]) });
    expect(phase1.plan?.get('site/forms/Customers.json')).toEqual({ kind: 'target' });
    expect(phase1.warnings).toContainEqual(expect.objectContaining({ code: 'logical-duplicate', id: 'form:Customers@site' }));
  });

  it('does not process a settled version at all', () => {
    const source = configurationOf(sourceBase);
    const target = configurationOf({ ...targetBase, ...customized });
    const a = synchronize({ source, target, options, answers: new Map(Object.entries(answer)), leave: new Map([['form:Items@site', 'settled']]) });
    expect(a.plan?.get('site/forms/Items.json')).toEqual({ kind: 'target' });
    expect(a.decisions.some((d) => d.id.startsWith('form:Items@site'))).toBe(false);
  });
});

describe('phase 1 then phase 2 (resumeInput, resumePlan)', () => {
  const source = configurationOf(sourceBase);
  const target = configurationOf({ ...targetBase, ...customized });
  const first = synchronize({ source, target, options });
  const deferred = deferredVersions(first);
  const phase1 = synchronize({ source, target, options, leave: new Map(deferred.map((id) => [id, 'defer' as const])) });
  const index = buildPendingIndex({ analysis: phase1, deferred, target, options, source: '/S', time: '2026-12-03T20:00:00Z' });
  const afterPhase1 = applyPlan(phase1.plan!, source, target);
  const savedBases = configurationOf({ 'vendor/forms/Customers.json': targetBase['vendor/forms/Customers.json'] });

  it('records each deferred version with its old base and the key of each prompt', () => {
    expect(index.versions).toEqual([
      expect.objectContaining({ id: 'form:Customers@site', path: 'site/forms/Customers.json', base: 'vendor/forms/Customers.json' }),
    ]);
    expect(index.versions[0]!.prompts[0]).toMatchObject({ customized: 'C', targetBase: 'A', sourceBase: 'B', answer: null });
    expect(openPromptCount(index)).toBe(1);
  });

  it('asks again the very prompts of phase 1 and, answered, writes what one sitting writes', () => {
    const input = resumeInput(afterPhase1, savedBases, index, options);
    if ('missing' in input) throw new Error('missing');
    expect(input.leave).toEqual(new Map([['form:Customers@user:U', 'settled']]));
    const unanswered = synchronize({ ...input, options });
    expect(changedPendingVersions(index, unanswered)).toEqual([]);
    const answered = synchronize({ ...input, options, answers: new Map(Object.entries(answer)) });
    const plan = resumePlan(afterPhase1, answered.plan!, index);
    const final = applyPlan(plan, afterPhase1, afterPhase1);
    const oneSitting = applyPlan(synchronize({ source, target, options, answers: new Map(Object.entries(answer)) }).plan!, source, target);
    for (const path of oneSitting.files.keys()) expect(final.files.get(path)?.doc, path).toEqual(oneSitting.files.get(path)?.doc);
    expect([...final.files.keys()].sort()).toEqual([...oneSitting.files.keys()].sort());
  });

  it('names a pending version whose prompt no longer has the saved values', () => {
    const edited = configurationOf({
      ...Object.fromEntries([...afterPhase1.files].map(([p, f]) => [p, f.doc])),
      'site/forms/Customers.json': form('Customers', { caption: 'My customers', dataSource: 'Changed by hand' }),
    });
    const input = resumeInput(edited, savedBases, index, options);
    if ('missing' in input) throw new Error('missing');
    expect(changedPendingVersions(index, synchronize({ ...input, options }))).toEqual(['form:Customers@site']);
  });

  it('names a pending version the Target no longer has', () => {
    const without = configurationOf(Object.fromEntries([...afterPhase1.files].filter(([p]) => p !== 'site/forms/Customers.json').map(([p, f]) => [p, f.doc])));
    expect(resumeInput(without, savedBases, index, options)).toEqual({ missing: ['form:Customers@site'] });
  });
});

describe('parsePendingIndex', () => {
  const index = buildPendingIndex({
    analysis: {
      prompts: [
        { id: 'form:A@site/attributes/caption', question: 'q', choices: ['keep', 'replace', 'edit'], answer: null, customized: 'c', targetBase: 't', sourceBase: 's' },
        { id: 'form:A@site/attributes/dataSource', question: 'q', choices: ['keep', 'replace', 'edit'], answer: 'replace', customized: 'c', targetBase: 't', sourceBase: 's' },
      ],
    },
    deferred: ['form:A@site'],
    target: configurationOf({ 'vendor/forms/A.json': form('A', {}), 'site/forms/A.json': form('A', {}) }),
    options,
    source: '/S',
    time: '2026-12-03T20:00:00Z',
  });

  it('reads back what serializePendingIndex wrote, and the same index gives the same bytes', () => {
    const text = serializePendingIndex(index);
    const parsed = parsePendingIndex(text, 'pending.json');
    expect(parsed.ok && parsed.index).toEqual(index);
    expect(serializePendingIndex(withAnswers(index, new Map()))).toBe(text);
  });

  it('keeps the answer already given to a prompt of a deferred version, so that phase 2 does not ask it again', () => {
    expect(index.versions[0]!.prompts.map((p) => p.answer)).toEqual([null, 'replace']);
    expect(openPromptCount(index)).toBe(1);
  });

  it('keeps answers given later on their prompts', () => {
    const answered = withAnswers(index, new Map([['form:A@site/attributes/caption', 'keep']]));
    expect(openPromptCount(answered)).toBe(0);
  });

  it('names the file, the JSON pointer and the problem of a broken index', () => {
    const doc = JSON.parse(serializePendingIndex(index)) as { versions: { id: string; prompts: { answer: unknown }[] }[] };
    doc.versions[0]!.id = 'not an id';
    doc.versions[0]!.prompts[0]!.answer = 'maybe';
    const parsed = parsePendingIndex(JSON.stringify(doc), 'pending.json');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => `${p.file}#${p.pointer}`)).toEqual(['pending.json#/versions/0/id', 'pending.json#/versions/0/prompts/0/answer']);
  });
});
