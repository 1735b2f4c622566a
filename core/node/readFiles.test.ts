import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseJson } from '../parseJson.js';
import { isErrorCode } from './loadFile.js';
import { readFiles, type FileRead } from './readFiles.js';

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
});
