import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sha256, snapshotTree } from './snapshotTree.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

describe('snapshotTree', () => {
  it('maps files to their sha256, folders (empty ones too) to dir, links to their text, sorted by path', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'carryover-snapshot-'));
    roots.push(root);
    await mkdir(path.join(root, 'b/empty'), { recursive: true });
    await writeFile(path.join(root, 'b/file.json'), '\uFEFF{}');
    await writeFile(path.join(root, 'a.txt'), 'x');
    await symlink('b/file.json', path.join(root, 'link'));
    expect([...(await snapshotTree(root))]).toEqual([
      ['a.txt', sha256('x')],
      ['b', 'dir'],
      ['b/empty', 'dir'],
      ['b/file.json', sha256(Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d]))],
      ['link', 'symlink:b/file.json'],
    ]);
  });
});
