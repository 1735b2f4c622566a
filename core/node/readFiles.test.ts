import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJson } from '../parseJson.js';
import { isErrorCode } from './loadFile.js';
import { mkdir } from 'node:fs/promises';
import { readFiles, SharedReads, type FileRead, type ReadFilesOptions } from './readFiles.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carryover-read-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** What each path gave: its text, or the error code. */
async function readAll(paths: string[], workerThreshold: number): Promise<string[]> {
  const got = new Array<string>(paths.length);
  let calls = 0;
  await readFiles(
    paths,
    (index: number, read: FileRead) => {
      calls++;
      got[index] = read.ok ? Buffer.from(read.bytes).toString('utf8') : `error ${(read.error as { code?: string }).code}`;
    },
    { concurrency: 4, workerThreshold },
  );
  expect(calls).toBe(paths.length);
  return got;
}

describe('readFiles', () => {
  it('reads every file once, in a worker thread or on the thread pool alike', async () => {
    const paths: string[] = [];
    for (let i = 0; i < 300; i++) {
      const file = path.join(work, `f${i}.json`);
      // Sizes from empty to beyond a batch, so batches split and an empty file comes back empty.
      await writeFile(file, i === 7 ? '' : `{"i": ${i}, "pad": "${'x'.repeat(i === 8 ? 400_000 : i)}"}`);
      paths.push(file);
    }
    const inWorker = await readAll(paths, 0);
    const onPool = await readAll(paths, Infinity);
    expect(inWorker).toEqual(onPool);
    expect(inWorker[7]).toBe('');
    expect(inWorker[8]).toHaveLength(`{"i": 8, "pad": ""}`.length + 400_000);
  });

  it('hands over each file with exactly its bytes, whatever its size and the sizes of the files read before it', async () => {
    // Sizes around those where a reader might share or reuse buffers, seeded.
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const paths: string[] = [];
    const contents: string[] = [];
    for (let i = 0; i < 150; i++) {
      const size = [0, 1, 81_919, 81_920, 81_921, 150_000][i % 6] || next(90_000);
      const content = `${i}:`.padEnd(size, String.fromCharCode(97 + (i % 26)));
      const file = path.join(work, `a${i}.json`);
      await writeFile(file, content);
      paths.push(file);
      contents.push(content);
    }
    const lengths: number[] = [];
    await readFiles(paths, (index, read) => {
      if (read.ok) lengths[index] = read.bytes.byteLength;
    }, { concurrency: 4, workerThreshold: 0 });
    expect(lengths).toEqual(contents.map((c) => Buffer.byteLength(c)));
    expect(await readAll(paths, 0)).toEqual(contents);
  });

  it('reports a missing file and refuses a symbolic link (ELOOP) without following it', async () => {
    await writeFile(path.join(work, 'real.json'), '{}');
    await symlink(path.join(work, 'real.json'), path.join(work, 'link.json'));
    const paths = [path.join(work, 'real.json'), path.join(work, 'missing.json'), path.join(work, 'link.json')];
    for (const threshold of [0, Infinity]) {
      expect(await readAll(paths, threshold)).toEqual(['{}', 'error ENOENT', process.platform === 'win32' ? '{}' : 'error ELOOP']);
    }
  });

  it('hands over errors that isErrorCode recognizes', async () => {
    let error: unknown;
    await readFiles([path.join(work, 'missing.json')], (_, read) => (error = read.ok ? null : read.error), { concurrency: 1, workerThreshold: 0 });
    expect(isErrorCode(error, 'ENOENT')).toBe(true);
    expect(error).toBeInstanceOf(Error);
  });

  it('counts key tokens in the worker exactly as parseJson counts them in the text', async () => {
    const texts = [
      '{"a": 1, "b": {"c": [{"d": "x"}]}}',
      '{"a": 1, "a": 2}',
      '{"k\\"ey": "va\\\\", "s": "\\\\\\"", "t" :\r\n\t 3}',
      '{"caption": "Zoë \\"quoted\\": 😀", "é": {"ü": "\\u0022:"}}',
      '\uFEFF{"bom": true}',
      '["not", "keys"]',
      '{"script": "Sub Main()\\r\\n  x = \\"a\\": 1\\r\\nEnd Sub"}',
    ];
    const paths = texts.map((_, i) => path.join(work, `t${i}.json`));
    for (let i = 0; i < texts.length; i++) await writeFile(paths[i], texts[i]);
    const counted = new Array<number | undefined>(texts.length);
    await readFiles(paths, (index, read) => (counted[index] = read.ok ? read.keyTokens : undefined), { concurrency: 1, workerThreshold: 0 });
    expect(counted).toEqual([4, 2, 3, 3, 1, 0, 1]);
    for (let i = 0; i < texts.length; i++) {
      expect(parseJson(texts[i], paths[i], counted[i])).toEqual(parseJson(texts[i], paths[i]));
    }
    // A wrong count sends a valid text to the precise parser, which still accepts it.
    expect(parseJson(texts[0], paths[0], 99)).toEqual(parseJson(texts[0], paths[0]));
  });

  it('hands over one batch per turn of the event loop, so that waiting requests are served while a slow reader catches up', async () => {
    const paths = Array.from({ length: 1500 }, (_, i) => path.join(work, `e${i}.json`));
    for (const [i, file] of paths.entries()) await writeFile(file, `{"n": ${i}}`);
    let turn = 0;
    let reading = true;
    const ticker = (): void => {
      turn++;
      if (reading) setImmediate(ticker);
    };
    setImmediate(ticker);
    const perTurn = new Map<number, number>();
    await readFiles(
      paths,
      () => {
        // A slow parse: the reader thread gets batches ahead.
        for (const until = performance.now() + 0.2; performance.now() < until; );
        perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
      },
      { concurrency: 1, workerThreshold: 0 },
    );
    reading = false;
    // A batch holds at most 64 files (readFiles.ts).
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(64);
    expect([...perTurn.values()].reduce((a, b) => a + b, 0)).toBe(1500);
  });

  it.each([
    ['in a worker thread', 0],
    ['on the thread pool', Infinity],
  ])('stops reading %s when its signal is aborted, and rejects with the reason', async (_, workerThreshold) => {
    const paths = Array.from({ length: 1500 }, (_, i) => path.join(work, `s${i}.json`));
    for (const [i, file] of paths.entries()) await writeFile(file, `{"n": ${i}}`);
    const stop = new AbortController();
    const reason = new Error('cancelled by the test');
    let handed = 0;
    let afterAbort = 0;
    const reading = readFiles(
      paths,
      () => {
        if (stop.signal.aborted) afterAbort++;
        if (++handed === 100) stop.abort(reason);
      },
      { concurrency: 4, workerThreshold, signal: stop.signal },
    );
    await expect(reading).rejects.toBe(reason);
    expect(afterAbort).toBe(0);
    expect(handed).toBeLessThan(1500);
  });

  it('leaves uncounted a file of the size an earlier reading parsed at its path (knownSizes), and counts the others', async () => {
    const texts = ['{"a": 1, "b": 2}', '{"a": 1, "a": 2}', '{"c": 3}'];
    const paths = texts.map((_, i) => path.join(work, `k${i}.json`));
    for (let i = 0; i < texts.length; i++) await writeFile(paths[i], texts[i]);
    // The first two have the size given (the second's bytes differ from what was parsed: its
    // duplicate key is still found, by parseJson counting on its own); the third does not.
    const knownSizes = Float64Array.from([Buffer.byteLength(texts[0]), Buffer.byteLength(texts[1]), 99]);
    const counted = new Array<number | undefined>(texts.length);
    await readFiles(paths, (index, read) => (counted[index] = read.ok ? read.keyTokens : -1), { concurrency: 1, workerThreshold: 0, knownSizes });
    expect(counted).toEqual([undefined, undefined, 1]);
    expect(parseJson(texts[1], paths[1], counted[1])).toMatchObject({ ok: false });
  });
});

/** Writes `files` (relative path → content) under `root`. */
async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await writeFile(path.join(root, relative), content);
  }
}

/** Reads two folders' files together; what each load got, by relative path. */
async function readTogether(
  source: Record<string, string>,
  target: Record<string, string>,
  workerThreshold: number,
  keys = { source: Object.keys(source).sort(), target: Object.keys(target).sort() },
  options: Partial<ReadFilesOptions> = {},
) {
  await writeTree(path.join(work, 'source'), source);
  await writeTree(path.join(work, 'target'), target);
  const reads = new SharedReads(2, { concurrency: 4, workerThreshold, ...options });
  const got = { source: new Map<string, FileRead>(), target: new Map<string, FileRead>() };
  await Promise.all(
    (['source', 'target'] as const).map((side) =>
      reads.read(
        keys[side],
        keys[side].map((key) => path.join(work, side, key)),
        (index, read) => {
          expect(got[side].has(keys[side][index])).toBe(false);
          got[side].set(keys[side][index], read);
        },
      ),
    ),
  );
  expect([...got.source.keys()].sort()).toEqual(keys.source);
  expect([...got.target.keys()].sort()).toEqual(keys.target);
  return got;
}

const text = (read: FileRead | undefined): string => (read?.ok ? Buffer.from(read.bytes).toString('utf8') : `error ${(read?.error as { code?: string }).code}`);

describe('SharedReads', () => {
  it('hands a file both hold with the same bytes to both as one bytes object, counted once, and reads the rest of each on its own', async () => {
    const source: Record<string, string> = {};
    const target: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      // Sizes up to beyond a batch, so that batches end next to a pair.
      const same = `{"i": ${i}, "pad": "${'x'.repeat(i % 50 === 0 ? 300_000 : i * 37)}"}`;
      source[`vendor/f${String(i).padStart(3, '0')}.json`] = same;
      target[`vendor/f${String(i).padStart(3, '0')}.json`] = i % 3 === 0 ? same.replace('"i"', '"j"') : same;
      if (i % 7 === 0) target[`site/s${i}.json`] = `{"s": ${i}}`;
      if (i % 11 === 0) source[`vendor/new${i}.json`] = `{"n": ${i}}`;
    }
    const inWorker = await readTogether(source, target, 0);
    await rm(path.join(work, 'source'), { recursive: true });
    await rm(path.join(work, 'target'), { recursive: true });
    const onPool = await readTogether(source, target, Infinity);
    for (const got of [inWorker, onPool]) {
      for (const [key, content] of Object.entries(source)) expect(text(got.source.get(key))).toBe(content);
      for (const [key, content] of Object.entries(target)) expect(text(got.target.get(key))).toBe(content);
      for (const key of Object.keys(source)) {
        const s = got.source.get(key);
        expect(s?.ok && s.paired).toBe(key in target);
      }
      for (const key of Object.keys(target)) {
        const t = got.target.get(key);
        expect(t?.ok && t.paired).toBe(key in source);
      }
    }
    for (const key of Object.keys(source)) {
      const s = inWorker.source.get(key);
      const t = inWorker.target.get(key);
      if (!s?.ok || !t?.ok) continue;
      // The reader compared the bytes: the same ones come as the same object, with the same count.
      expect(s.bytes === t.bytes).toBe(source[key] === target[key]);
      expect(t.keyTokens).toBe(source[key] === target[key] ? s.keyTokens : 2);
    }
  });

  it('compares a third configuration\'s file with the bytes last handed over, when the second was the same as the first', async () => {
    // Three loads holding every key: all the same, the first two the same, the last two the same,
    // all different (a reader that reused the space of a file found the same as the one before it
    // would compare the third with itself).
    const patterns = [
      [0, 0, 0],
      [0, 0, 1],
      [0, 1, 1],
      [0, 1, 2],
    ];
    const loads: Record<string, string>[] = [{}, {}, {}];
    for (let i = 0; i < 160; i++) {
      const key = `vendor/f${String(i).padStart(3, '0')}.json`;
      const pattern = patterns[i % 4];
      for (let l = 0; l < 3; l++) loads[l][key] = `{"i": ${i}, "v": ${pattern[l]}, "pad": "${'x'.repeat((i * 997) % 40_000)}"}`;
    }
    const shared = new SharedReads(3, { concurrency: 4, workerThreshold: 0 });
    const got: Map<string, string>[] = [new Map(), new Map(), new Map()];
    await Promise.all(
      loads.map(async (files, l) => {
        const dir = path.join(work, `load${l}`);
        const keys = Object.keys(files).sort();
        for (const key of keys) {
          await mkdir(path.dirname(path.join(dir, key)), { recursive: true });
          await writeFile(path.join(dir, key), files[key]);
        }
        await shared.read(keys, keys.map((key) => path.join(dir, key)), (index, read) => {
          got[l].set(keys[index], read.ok ? Buffer.from(read.bytes).toString('utf8') : 'error');
        });
      }),
    );
    for (let l = 0; l < 3; l++) for (const [key, content] of Object.entries(loads[l])) expect(got[l].get(key), `load ${l}, ${key}`).toBe(content);
  });

  // The reader thread imports the compiled check (core/node/loneBase.js); `npm test` builds it first.
  const loneBaseCheck = path.join(import.meta.dirname, '..', '..', 'build', 'core', 'node', 'loneBase.js');
  const FORM = (name: string, extra = '') => `{"name": "${name}", "attributes": {"caption": "${name}"}${extra}}`;

  it.skipIf(!existsSync(loneBaseCheck))('validates a lone base in the reader thread and hands both files over without bytes; any other file with them (skipped only when the core is not built)', async () => {
    const same: Record<string, string> = {
      'vendor/forms/A.json': FORM('A'),
      'vendor/forms/B.json': '\uFEFF' + FORM('B'),
      'vendor/forms/C.json': FORM('C', ', "colour": "red"'), // invalid: the main thread reports it
      'vendor/forms/D.json': FORM('D', ', "eventHandlers": {"Load": [{"response": "X", "keep": "FIRST"}]}'), // keep: warned about
      'vendor/forms/F.json': '{"name": "F", "name": "F"}', // a key twice
      'vendor/forms/G.json': FORM('G'), // not lone
    };
    const source: Record<string, string> = { ...same, 'vendor/forms/E.json': FORM('E') };
    const target = { ...same, 'vendor/forms/E.json': FORM('E', ', "script": "x"') };
    const lone = new Set(['vendor/forms/A.json', 'vendor/forms/B.json', 'vendor/forms/C.json', 'vendor/forms/D.json', 'vendor/forms/E.json', 'vendor/forms/F.json']);
    const options = { loneBases: () => lone, loneBaseCheck: pathToFileURL(loneBaseCheck).href, loneBaseBehind: 0 };
    const got = await readTogether(source, target, 0, undefined, options);
    for (const side of [got.source, got.target]) {
      for (const [key, bom] of [['vendor/forms/A.json', false], ['vendor/forms/B.json', true]] as const) {
        const read = side.get(key);
        expect(read?.ok && read.loneBase, key).toEqual({ bom });
        expect(read?.ok && read.bytes.length).toBe(0);
        expect(read?.ok && read.paired).toBe(true);
        expect(read?.ok && read.stat.every(Number.isFinite)).toBe(true);
      }
      for (const key of ['C', 'D', 'E', 'F', 'G'].map((name) => `vendor/forms/${name}.json`)) {
        const read = side.get(key);
        expect(read?.ok && read.loneBase, key).toBeUndefined();
      }
    }
    for (const key of ['C', 'D', 'F', 'G'].map((name) => `vendor/forms/${name}.json`)) expect(text(got.target.get(key))).toBe(same[key]);
    expect(text(got.target.get('vendor/forms/E.json'))).toBe(target['vendor/forms/E.json']);

    // Without its check (a bundle, or the sources under a test runner): every file with its bytes.
    await rm(path.join(work, 'source'), { recursive: true });
    await rm(path.join(work, 'target'), { recursive: true });
    const without = await readTogether(source, target, 0, undefined, { ...options, loneBaseCheck: pathToFileURL(path.join(work, 'missing.js')).href });
    for (const key of Object.keys(source)) expect(text(without.source.get(key))).toBe(source[key]);
  });

  it('reads the second of a pair on its own when the first could not be read', async () => {
    await writeTree(path.join(work, 'target'), { 'vendor/a.json': '{"a": 1}' });
    await writeTree(path.join(work, 'source'), { 'vendor/b.json': '{"a": 1}' });
    await symlink(path.join(work, 'source', 'vendor', 'b.json'), path.join(work, 'source', 'vendor', 'a.json'));
    for (const threshold of [0, Infinity]) {
      const got = await readTogether({}, {}, threshold, { source: ['vendor/a.json', 'vendor/c.json'], target: ['vendor/a.json', 'vendor/c.json'] });
      expect(text(got.source.get('vendor/a.json'))).toBe(process.platform === 'win32' ? '{"a": 1}' : 'error ELOOP');
      expect(text(got.target.get('vendor/a.json'))).toBe('{"a": 1}');
      expect(text(got.source.get('vendor/c.json'))).toBe('error ENOENT');
      expect(text(got.target.get('vendor/c.json'))).toBe('error ENOENT');
    }
  });

  it('waits for every load, one with nothing to read included', async () => {
    await writeTree(work, { 'x.json': '{}' });
    const reads = new SharedReads(2, { concurrency: 1, workerThreshold: 0 });
    let got = '';
    const first = reads.read(['x.json'], [path.join(work, 'x.json')], (_, read) => (got = text(read)));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).toBe('');
    await Promise.all([first, reads.read([], [], () => undefined)]);
    expect(got).toBe('{}');
  });
});
