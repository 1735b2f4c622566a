import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeUtf8, firstInvalidUtf8, hasBom, readBytes, readTextFile } from './loadFile.js';

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carryover-file-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and drops a leading byte-order mark', () => {
    expect(decodeUtf8(Buffer.from('Grüße 😀'))).toBe('Grüße 😀');
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))).toBe('{}');
  });

  it('refuses invalid sequences, naming the offset', () => {
    const cases: [number[], number][] = [
      [[0x61, 0xff], 1], // never valid
      [[0x61, 0x62, 0xc3, 0x28], 2], // bad continuation
      [[0xc0, 0x80], 0], // overlong
      [[0xe0, 0x80, 0x80], 0], // overlong
      [[0xed, 0xa0, 0x80], 0], // surrogate
      [[0xf4, 0x90, 0x80, 0x80], 0], // above U+10FFFF
      [[0x61, 0xe2, 0x82], 1], // truncated
      [[0x80], 0], // lone continuation
    ];
    for (const [bytes, offset] of cases) {
      const decoded = decodeUtf8(new Uint8Array(bytes));
      expect(decoded, bytes.join(',')).toEqual({ error: `the file is not valid UTF-8 (invalid byte sequence at byte ${offset})` });
    }
  });
});

describe('firstInvalidUtf8', () => {
  it('agrees with a strict TextDecoder on arbitrary bytes', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false; // the property under test: the offset is the length exactly when valid
        }
        expect(firstInvalidUtf8(bytes) === bytes.length).toBe(valid);
        if (!valid) {
          // Everything before the offset is valid UTF-8.
          expect(() => strict.decode(bytes.subarray(0, firstInvalidUtf8(bytes)))).not.toThrow();
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('hasBom', () => {
  it('recognizes EF BB BF only at the start', () => {
    expect(hasBom(new Uint8Array([0xef, 0xbb, 0xbf]))).toBe(true);
    expect(hasBom(new Uint8Array([0xef, 0xbb]))).toBe(false);
    expect(hasBom(new Uint8Array([0x20, 0xef, 0xbb, 0xbf]))).toBe(false);
  });
});

describe('readBytes', () => {
  it('refuses a symbolic link unless asked to follow it', async () => {
    await writeFile(path.join(work, 'real'), 'x');
    await symlink(path.join(work, 'real'), path.join(work, 'link'));
    await expect(readBytes(path.join(work, 'link'))).rejects.toMatchObject({ code: 'ELOOP' });
    expect(Buffer.from(await readBytes(path.join(work, 'link'), true)).toString()).toBe('x');
  });
});

describe('readTextFile', () => {
  it('reads UTF-8 text, reporting a byte-order mark', async () => {
    await writeFile(path.join(work, 'a.json'), new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x7d]));
    expect(await readTextFile(path.join(work, 'a.json'))).toEqual({ ok: true, text: '{}', bom: true });
  });

  it('follows a link given by the user', async () => {
    await writeFile(path.join(work, 'real.json'), '{}');
    await symlink(path.join(work, 'real.json'), path.join(work, 'link.json'));
    expect(await readTextFile(path.join(work, 'link.json'))).toEqual({ ok: true, text: '{}', bom: false });
  });

  it('reports a missing file, a folder and invalid UTF-8 as problems naming the file', async () => {
    const missing = path.join(work, 'missing.json');
    expect(await readTextFile(missing)).toEqual({
      ok: false,
      problem: { code: 'read-error', file: missing, pointer: '', message: 'the file does not exist' },
    });
    const folder = await readTextFile(work);
    expect(folder.ok === false && folder.problem).toMatchObject({ code: 'read-error', message: 'this is a folder, not a file' });
    await writeFile(path.join(work, 'bad.json'), new Uint8Array([0x7b, 0xff, 0x7d]));
    const bad = await readTextFile(path.join(work, 'bad.json'));
    expect(bad.ok === false && bad.problem).toMatchObject({ code: 'encoding', message: expect.stringMatching(/byte 1/) });
  });
});
