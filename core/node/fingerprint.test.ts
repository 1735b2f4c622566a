import { mkdir, mkdtemp, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { folderFingerprint } from './fingerprint.js';
import { loadConfiguration } from './loadConfiguration.js';
import { SharedReads } from './readFiles.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carryover-fingerprint-'));
  await mkdir(path.join(work, 'vendor', 'forms'), { recursive: true });
  await writeFile(path.join(work, 'configuration.json'), '{"format": "carryover/1", "name": "t"}');
  await writeFile(path.join(work, 'vendor', 'forms', 'A.json'), '{"name": "A"}');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('folderFingerprint', () => {
  it('is the same while nothing changes, and ignores dot-entries as the loader does', async () => {
    const first = await folderFingerprint(work);
    expect(await folderFingerprint(work)).toBe(first);
    await writeFile(path.join(work, '.notes'), 'not part of the configuration');
    expect(await folderFingerprint(work)).toBe(first);
  });

  it('changes when a file is rewritten with the same size, added, removed or renamed', async () => {
    const form = path.join(work, 'vendor', 'forms', 'A.json');
    const seen = new Set([await folderFingerprint(work)]);
    const changes: [string, () => Promise<void>][] = [
      ['rewritten, same size', () => writeFile(form, '{"name": "B"}')],
      ['added', () => writeFile(path.join(work, 'vendor', 'forms', 'C.json'), '{"name": "C"}')],
      ['renamed', () => rename(path.join(work, 'vendor', 'forms', 'C.json'), path.join(work, 'vendor', 'forms', 'D.json'))],
      ['removed', () => unlink(path.join(work, 'vendor', 'forms', 'D.json'))],
    ];
    for (const [what, change] of changes) {
      await change();
      const now = await folderFingerprint(work);
      expect(seen.has(now), what).toBe(false);
      seen.add(now);
    }
  });

  it('covers every entry of a folder longer than one slice of the walk', async () => {
    const forms = path.join(work, 'vendor', 'forms');
    // More entries than the walk looks at between two turns of the event loop (2,048).
    await Promise.all(Array.from({ length: 2100 }, (_, i) => writeFile(path.join(forms, `F${String(i).padStart(4, '0')}.json`), `{"name": "F${i}"}`)));
    const first = await folderFingerprint(work);
    expect(await folderFingerprint(work)).toBe(first);
    await writeFile(path.join(forms, 'F2099.json'), '{"name": "G2099"}');
    expect(await folderFingerprint(work)).not.toBe(first);
  });

  it('never matches for a folder that cannot be read', async () => {
    const missing = path.join(work, 'missing');
    expect(await folderFingerprint(missing)).not.toBe(await folderFingerprint(missing));
  });
});

describe('loadConfiguration onFingerprint', () => {
  /** The fingerprint a load takes as it reads, in a worker thread or on the thread pool. */
  async function printOfLoad(workerThreshold: number, between?: () => Promise<void>): Promise<string> {
    let print = '';
    const reads = new SharedReads(1, { concurrency: 4, workerThreshold });
    await loadConfiguration(work, { reads, onFingerprint: (p) => (print = p) });
    await between?.();
    return print;
  }

  it("equals the folder's walk when nothing changed: files read, folders, files not read, links and dot-entries", async () => {
    await mkdir(path.join(work, 'site', 'forms'), { recursive: true });
    await writeFile(path.join(work, 'site', 'forms', 'A.json'), '{"name": "A", "caption": "é"}');
    await writeFile(path.join(work, 'site', 'notes.txt'), 'not a configuration file');
    await writeFile(path.join(work, '.hidden.json'), '{}');
    if (process.platform !== 'win32') await symlink(path.join(work, 'vendor', 'forms', 'A.json'), path.join(work, 'site', 'forms', 'L.json'));
    for (const threshold of [0, Infinity]) expect(await printOfLoad(threshold)).toBe(await folderFingerprint(work));
  });

  it('differs from a walk taken after a file was rewritten once read, so that the commit refuses', async () => {
    for (const threshold of [0, Infinity]) {
      const form = path.join(work, 'vendor', 'forms', 'A.json');
      const print = await printOfLoad(threshold, () => writeFile(form, `{"name": "${threshold === 0 ? 'W' : 'P'}"}`));
      expect(print).not.toBe(await folderFingerprint(work));
    }
  });

  it('never matches when the load could not read its folder', async () => {
    let print = '';
    await loadConfiguration(path.join(work, 'missing'), { onFingerprint: (p) => (print = p) });
    expect(print).not.toBe(await folderFingerprint(path.join(work, 'missing')));
  });
});

describe('openSource and openPairWith fingerprints (a run into several Targets)', () => {
  it("are the folders' walks when nothing changed, so that the commit's check compares like with like", async () => {
    const { openPairWith, openSource } = await import('./openPair.js');
    const sample = path.join(import.meta.dirname, '..', '..', 'fixtures', 'sample');
    const opened = await openSource(path.join(sample, 'source'));
    if (!opened.ok) throw new Error(JSON.stringify(opened.problems));
    expect(opened.opened.fingerprint).toBe(await folderFingerprint(path.join(sample, 'source')));
    const pair = await openPairWith(opened.opened, path.join(sample, 'target'));
    if (!pair.ok) throw new Error(JSON.stringify(pair.problems));
    expect(pair.pair.fingerprints).toEqual({ source: await folderFingerprint(path.join(sample, 'source')), target: await folderFingerprint(path.join(sample, 'target')) });
  });
});
