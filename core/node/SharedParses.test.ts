import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseJson } from '../parseJson.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfiguration, ReadProgress, readTogether } from './loadConfiguration.js';
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
