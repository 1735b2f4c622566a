import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CarryoverBug } from '../bug.js';
import { parseJson } from '../parseJson.js';
import { documentsEquivalent, documentsStrictlyEqual } from '../equivalence.js';
import { isStandIn } from '../standIns.js';
import { checkCaseCollisions } from '../validateConfiguration.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfiguration, ReadProgress, readTogether } from './loadConfiguration.js';
import { SharedReads } from './readFiles.js';
import { SharedParses } from './SharedParses.js';

const META = JSON.stringify({ format: 'carryover/1', name: 'test' });
const FORM = '{"name": "Customers", "attributes": {"caption": "Customers"}, "components": {"CustNum": {"x": 1}}}';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carryover-shared-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

async function loadBoth(source: Record<string, string>, target: Record<string, string>) {
  await writeTree(path.join(work, 'source'), source);
  await writeTree(path.join(work, 'target'), target);
  const shared = new SharedParses();
  const [s, t] = await Promise.all([loadConfiguration(path.join(work, 'source'), { shared }), loadConfiguration(path.join(work, 'target'), { shared })]);
  return { s, t, shared };
}

describe('SharedParses', () => {
  it('parses a file once when the Source and the Target hold the same bytes at the same path', async () => {
    const { s, t, shared } = await loadBoth(
      { 'configuration.json': META, 'vendor/forms/Customers.json': FORM },
      { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'site/forms/Customers.json': FORM },
    );
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    const path = 'vendor/forms/Customers.json';
    expect(s.configuration.files.get(path)?.doc).toBe(t.configuration.files.get(path)?.doc);
    // Same bytes at another path are parsed again: each path is its own version.
    expect(t.configuration.files.get('site/forms/Customers.json')?.doc).not.toBe(t.configuration.files.get(path)?.doc);
    expect(t.configuration.files.get('site/forms/Customers.json')?.doc).toEqual(t.configuration.files.get(path)?.doc);
    expect(shared.shared).toBeGreaterThanOrEqual(2); // configuration.json and the vendor form
  });

  it('parses a file once when both are read together by one reader (reads), and keeps no file only one holds', async () => {
    await writeTree(path.join(work, 'source'), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'vendor/forms/Orders.json': FORM.replace('Customers', 'Orders') });
    await writeTree(path.join(work, 'target'), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'site/forms/Customers.json': FORM });
    const shared = new SharedParses();
    const reads = readTogether(2);
    const [s, t] = await Promise.all([loadConfiguration(path.join(work, 'source'), { shared, reads }), loadConfiguration(path.join(work, 'target'), { shared, reads })]);
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    expect(s.configuration.files.get('vendor/forms/Customers.json')?.doc).toBe(t.configuration.files.get('vendor/forms/Customers.json')?.doc);
    expect(shared.shared).toBe(2); // configuration.json and the vendor form
    // Files that only one configuration holds were not offered: a later reader parses its own.
    expect(shared.claim('vendor/forms/Orders.json', new Uint8Array(0))).toBe('first');
    expect(shared.claim('site/forms/Customers.json', new Uint8Array(0))).toBe('first');
  });

  it('parses each side on its own when the bytes differ, even by one byte', async () => {
    const { s, t } = await loadBoth(
      { 'configuration.json': META, 'vendor/forms/Customers.json': FORM },
      { 'configuration.json': META, 'vendor/forms/Customers.json': FORM.replace('"x": 1', '"x": 2') },
    );
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    const path = 'vendor/forms/Customers.json';
    expect(s.configuration.files.get(path)?.doc).toMatchObject({ components: { CustNum: { x: 1 } } });
    expect(t.configuration.files.get(path)?.doc).toMatchObject({ components: { CustNum: { x: 2 } } });
  });

  it('keeps the byte-order mark of each side', async () => {
    const { s, t } = await loadBoth(
      { 'configuration.json': META, 'vendor/forms/Customers.json': '\uFEFF' + FORM },
      { 'configuration.json': META, 'vendor/forms/Customers.json': '\uFEFF' + FORM },
    );
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    expect(s.configuration.files.get('vendor/forms/Customers.json')?.bom).toBe(true);
    expect(t.configuration.files.get('vendor/forms/Customers.json')?.bom).toBe(true);
  });

  it('reports the same broken or invalid file in both configurations, each under its own name', async () => {
    const broken = '{"name": "Customers", "name": "Other"}';
    const invalid = '{"name": "Items", "components": {"bad name": {}}}';
    const files = { 'configuration.json': META, 'vendor/forms/Customers.json': broken, 'vendor/forms/Items.json': invalid };
    const { s, t } = await loadBoth(files, files);
    if (s.ok || t.ok) throw new Error('expected problems on both sides');
    for (const [result, side] of [[s, 'source'], [t, 'target']] as const) {
      expect(result.problems.map((p) => [p.code, path.relative(work, p.file)])).toEqual([
        ['duplicate-key', path.join(side, 'vendor/forms/Customers.json')],
        ['bad-name', path.join(side, 'vendor/forms/Items.json')],
      ]);
    }
  });
});

describe('ReadProgress', () => {
  it('counts the files read by both loads, from the moment both have listed theirs', async () => {
    await writeTree(path.join(work, 'source'), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'notes.txt': 'not read' });
    await writeTree(path.join(work, 'target'), {
      'configuration.json': META,
      'vendor/forms/Customers.json': FORM,
      'site/forms/Customers.json': FORM,
    });
    const reports: [number, number][] = [];
    const progress = new ReadProgress(2, (read, total) => reports.push([read, total]));
    const shared = new SharedParses();
    await Promise.all([
      loadConfiguration(path.join(work, 'source'), { shared, progress }),
      loadConfiguration(path.join(work, 'target'), { shared, progress }),
    ]);
    expect(reports.every(([, total]) => total === 5)).toBe(true);
    expect(reports[reports.length - 1]).toEqual([5, 5]);
    const reads = reports.map(([read]) => read);
    expect(reads).toEqual([...reads].sort((a, b) => a - b));
  });

  it('still finishes the count when a folder is missing', async () => {
    await writeTree(path.join(work, 'target'), { 'configuration.json': META });
    const reports: [number, number][] = [];
    const progress = new ReadProgress(2, (read, total) => reports.push([read, total]));
    await Promise.all([loadConfiguration(path.join(work, 'missing'), { progress }), loadConfiguration(path.join(work, 'target'), { progress })]);
    expect(reports[reports.length - 1]).toEqual([1, 1]);
  });
});

describe('SharedParses after seal (several Targets)', () => {
  it('tells a later reader the size of the parse it would share at a path, only once sealed and only for parses that succeeded', () => {
    const shared = new SharedParses();
    const good = Buffer.from('{"a": 1}');
    const bad = Buffer.from('{"a": ');
    expect(shared.claim('a.json', good)).toBe('first');
    shared.offer('a.json', good, parseJson(good.toString(), 'a.json'));
    expect(shared.claim('b.json', bad)).toBe('first');
    shared.offer('b.json', bad, parseJson(bad.toString(), 'b.json'));
    expect(shared.knownSize('a.json')).toBeNaN();
    shared.seal();
    expect(shared.knownSize('a.json')).toBe(good.length);
    expect(shared.knownSize('b.json')).toBeNaN();
    expect(shared.knownSize('c.json')).toBeNaN();
    // A later Target's own parse of a path, kept for the ones after it, is the likelier match.
    const other = Buffer.from('{"a": 22}');
    expect(shared.claim('a.json', other)).toBe('first');
    shared.offer('a.json', other, parseJson(other.toString(), 'a.json'));
    expect(shared.knownSize('a.json')).toBe(other.length);
  });

  it("shares the Source's parses and the first Target's own with every later Target, and parses what differs", async () => {
    const CUSTOM = '{"name": "Customers", "attributes": {"caption": "Cust"}}';
    await writeTree(path.join(work, 'source'), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM });
    for (const name of ['t1', 't2']) await writeTree(path.join(work, name), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'site/forms/Customers.json': CUSTOM });
    await writeTree(path.join(work, 't3'), { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'site/forms/Customers.json': CUSTOM.replace('"Cust"', '"Kunde"') });
    const shared = new SharedParses();
    const s = await loadConfiguration(path.join(work, 'source'), { shared });
    shared.seal();
    const t1 = await loadConfiguration(path.join(work, 't1'), { shared });
    const t2 = await loadConfiguration(path.join(work, 't2'), { shared });
    const t3 = await loadConfiguration(path.join(work, 't3'), { shared });
    for (const c of [s, t1, t2, t3]) if (!c.ok) throw new Error(JSON.stringify(c.problems));
    if (!s.ok || !t1.ok || !t2.ok || !t3.ok) return;
    const doc = (c: typeof s, file: string) => c.configuration.files.get(file)?.doc;
    expect(doc(t1, 'vendor/forms/Customers.json')).toBe(doc(s, 'vendor/forms/Customers.json'));
    expect(doc(t3, 'vendor/forms/Customers.json')).toBe(doc(s, 'vendor/forms/Customers.json'));
    expect(doc(t2, 'site/forms/Customers.json')).toBe(doc(t1, 'site/forms/Customers.json'));
    expect(doc(t3, 'site/forms/Customers.json')).not.toBe(doc(t1, 'site/forms/Customers.json'));
    expect(doc(t3, 'site/forms/Customers.json')).toMatchObject({ attributes: { caption: 'Kunde' } });
  });
});

describe('SharedParses with standIns (a pair read for one merge)', () => {
  // The reader thread imports the compiled check (core/node/loneBase.js); `npm test` builds it first.
  const loneBaseCheck = path.join(import.meta.dirname, '..', '..', 'build', 'core', 'node', 'loneBase.js');
  const ORDERS = FORM.replaceAll('Customers', 'Orders');
  const STRINGS = '{"name": "Hello", "attributes": {"text": "Hello"}}';

  async function loadForOneMerge(source: Record<string, string>, target: Record<string, string>, standIns = true) {
    await rm(path.join(work, 'source'), { recursive: true, force: true });
    await rm(path.join(work, 'target'), { recursive: true, force: true });
    await writeTree(path.join(work, 'source'), source);
    await writeTree(path.join(work, 'target'), target);
    const shared = new SharedParses({ standIns });
    const reads = readTogether(2);
    const [s, t] = await Promise.all([loadConfiguration(path.join(work, 'source'), { shared, reads, side: 'source' }), loadConfiguration(path.join(work, 'target'), { shared, reads, side: 'target' })]);
    return { s, t, shared };
  }

  it('holds a lone base (same bytes in both, no other version of its object) as one stand-in that throws when read; every other version in full', async () => {
    const { s, t, shared } = await loadForOneMerge(
      { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'vendor/forms/Orders.json': ORDERS, 'vendor/globals/strings/Hello.json': STRINGS, 'vendor/forms/Items.json': FORM.replaceAll('Customers', 'Items') },
      {
        'configuration.json': META,
        'vendor/forms/Customers.json': FORM,
        'vendor/forms/Orders.json': ORDERS,
        'site/forms/Orders.json': ORDERS, // Orders is customized: its base is read in full
        'vendor/globals/strings/Hello.json': STRINGS,
        'vendor/forms/Items.json': FORM.replaceAll('Customers', 'Items').replace('"x": 1', '"x": 2'), // the vendor changed Items,
        'users/U/forms/Items.json': FORM.replaceAll('Customers', 'Items'), // which is customized
      },
    );
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    const doc = (c: typeof s, file: string) => c.configuration.files.get(file)!.doc;
    for (const lone of ['vendor/forms/Customers.json', 'vendor/globals/strings/Hello.json']) {
      expect(doc(s, lone)).toBe(doc(t, lone));
      expect(isStandIn(doc(s, lone)), lone).toBe(true);
      expect(() => doc(s, lone)['components']).toThrow(CarryoverBug);
      expect(() => Object.keys(doc(s, lone))).toThrow(/stand-in/);
      expect(doc(s, lone)['eventHandlers']).toBeUndefined();
    }
    expect(shared.standIns).toBe(2);
    expect(isStandIn(doc(t, 'vendor/forms/Orders.json'))).toBe(false);
    expect(doc(t, 'vendor/forms/Orders.json')).toEqual(JSON.parse(ORDERS));
    expect(doc(s, 'vendor/forms/Items.json')).toEqual(JSON.parse(FORM.replaceAll('Customers', 'Items')));
    expect(isStandIn(doc(t, 'vendor/forms/Items.json'))).toBe(false);
  });

  it('holds a lone base the vendor changed as two paired stand-ins that answer equality, equivalence and case collisions as the documents did', async () => {
    const source = FORM.replace('"caption": "Customers"', '"Caption": "Customers", "width": 10');
    const cases: [string, string][] = [
      [FORM, source], // changed, with an attribute that differs only in case
      [FORM, FORM.replace('{"name"', '{  "name"')], // formatting only: strictly equal
      ['{"name": "Customers", "script": "a\\r\\nb"}', '{"name": "Customers", "script": "a\\nb"}'], // line endings only: equivalent
    ];
    for (const [targetForm, sourceForm] of cases) {
      const files = (form: string) => ({ 'configuration.json': META, 'vendor/forms/Customers.json': form });
      const withStandIns = await loadForOneMerge(files(sourceForm), files(targetForm));
      const full = await loadForOneMerge(files(sourceForm), files(targetForm), false);
      const { s, t, shared } = withStandIns;
      if (!s.ok || !t.ok || !full.s.ok || !full.t.ok) throw new Error(JSON.stringify([s, t, full.s, full.t].map((c) => (c.ok ? 'ok' : c.problems))));
      const doc = (c: typeof s, side: 'vendor/forms/Customers.json') => c.configuration.files.get(side)!.doc;
      const sd = doc(s, 'vendor/forms/Customers.json');
      const td = doc(t, 'vendor/forms/Customers.json');
      expect(isStandIn(sd) && isStandIn(td) && sd !== td, sourceForm).toBe(true);
      expect(shared.standIns).toBe(2);
      const fs = doc(full.s, 'vendor/forms/Customers.json');
      const ft = doc(full.t, 'vendor/forms/Customers.json');
      expect(documentsStrictlyEqual(td, sd)).toBe(documentsStrictlyEqual(ft, fs));
      for (const ws of [false, true]) expect(documentsEquivalent(td, sd, ws, { kind: 'form', name: 'Customers' })).toBe(documentsEquivalent(ft, fs, ws, { kind: 'form', name: 'Customers' }));
      expect(checkCaseCollisions(s.configuration, t.configuration)).toEqual(checkCaseCollisions(full.s.configuration, full.t.configuration));
    }
    // The first case: changed, and one case collision, reported on the Source's side.
    const { s, t } = await loadForOneMerge({ 'configuration.json': META, 'vendor/forms/Customers.json': source }, { 'configuration.json': META, 'vendor/forms/Customers.json': FORM });
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    expect(checkCaseCollisions(s.configuration, t.configuration).map((p) => p.pointer)).toEqual(['/attributes/Caption']);
  });

  it('reads a lone base in full when it is invalid (reported as without stand-ins), keeps its key order as data, or carries keep in a handler', async () => {
    const invalid = '{"name": "Customers", "colour": "red"}';
    const withKeep = '{"name": "Customers", "eventHandlers": {"Load": [{"response": "X", "keep": "FIRST"}]}}';
    const files = (form: string) => ({ 'configuration.json': META, 'vendor/forms/Customers.json': form });
    const withStandIns = await loadForOneMerge(files(invalid), files(invalid));
    const without = await loadForOneMerge(files(invalid), files(invalid), false);
    expect(withStandIns.s.ok).toBe(false);
    expect(withStandIns.shared.standIns).toBe(0);
    if (withStandIns.s.ok || without.s.ok || withStandIns.t.ok || without.t.ok) throw new Error('expected both to be refused');
    expect(withStandIns.s.problems).toEqual(without.s.problems);
    expect(withStandIns.t.problems).toEqual(without.t.problems);
    expect(withStandIns.s.problems.map((p) => p.pointer)).toEqual(['/colour']);

    for (const form of [withKeep, '{"name": "Customers", "attributes": {"2": "b", "1": "a"}}']) {
      const { s, shared } = await loadForOneMerge(files(form), files(form));
      if (!s.ok) throw new Error(JSON.stringify(s.problems));
      expect(isStandIn(s.configuration.files.get('vendor/forms/Customers.json')!.doc), form).toBe(false);
      expect(shared.standIns).toBe(0);
    }
  });

  it.skipIf(!existsSync(loneBaseCheck))('holds a lone base the reader thread validated as one stand-in for both, and parses the rest (skipped only when the core is not built)', async () => {
    const source = { 'configuration.json': META, 'vendor/forms/Customers.json': FORM, 'vendor/forms/Orders.json': ORDERS, 'vendor/globals/strings/Hello.json': '\uFEFF' + STRINGS };
    const target = { ...source, 'site/forms/Orders.json': ORDERS };
    await writeTree(path.join(work, 'source'), source);
    await writeTree(path.join(work, 'target'), target);
    const shared = new SharedParses({ standIns: true });
    const reads = new SharedReads(2, { concurrency: 4, workerThreshold: 0, loneBases: () => shared.loneBases(), loneBaseCheck: pathToFileURL(loneBaseCheck).href, loneBaseBehind: 0 });
    const [s, t] = await Promise.all([loadConfiguration(path.join(work, 'source'), { shared, reads }), loadConfiguration(path.join(work, 'target'), { shared, reads })]);
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    const file = (c: typeof s, name: string) => c.configuration.files.get(name)!;
    for (const lone of ['vendor/forms/Customers.json', 'vendor/globals/strings/Hello.json']) {
      expect(file(s, lone).doc).toBe(file(t, lone).doc);
      expect(isStandIn(file(s, lone).doc), lone).toBe(true);
    }
    expect(file(t, 'vendor/globals/strings/Hello.json').bom).toBe(true);
    expect(file(s, 'vendor/forms/Customers.json').bom).toBe(false);
    expect(shared.standIns).toBe(2);
    expect(file(t, 'vendor/forms/Orders.json').doc).toEqual(JSON.parse(ORDERS));
  });

  it('makes no stand-in without the option, for a Source kept for several Targets, or for a base only one side holds', async () => {
    const files = { 'configuration.json': META, 'vendor/forms/Customers.json': FORM };
    const off = await loadForOneMerge(files, files, false);
    expect(off.shared.standIns).toBe(0);
    const oneSide = await loadForOneMerge(files, { 'configuration.json': META });
    expect(oneSide.shared.standIns).toBe(0);
    const sealed = new SharedParses({ standIns: true });
    await writeTree(path.join(work, 'many'), files);
    const s = await loadConfiguration(path.join(work, 'many'), { shared: sealed });
    sealed.seal();
    const t = await loadConfiguration(path.join(work, 'many'), { shared: sealed });
    if (!s.ok || !t.ok) throw new Error('expected both to load');
    expect(sealed.standIns).toBe(0);
    expect(t.configuration.files.get('vendor/forms/Customers.json')!.doc).toEqual(JSON.parse(FORM));
  });
});
