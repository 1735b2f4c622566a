import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * A byte-level picture of a folder tree for tests: every entry below `dir` (relative path with
 * `/` separators, sorted) mapped to the sha256 of a file's bytes, `dir` for a folder (so empty
 * folders count), `symlink:<text>` for a symbolic link (never followed), or `other`. Two trees are
 * byte-identical exactly when their snapshots are equal (`expect(a).toEqual(b)`).
 */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const entries: [string, string][] = [];
  const walk = async (absolute: string, relative: string): Promise<void> => {
    for (const entry of await readdir(absolute, { withFileTypes: true })) {
      const childAbsolute = path.join(absolute, entry.name);
      const childRelative = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const stat = await lstat(childAbsolute);
      if (stat.isDirectory()) {
        entries.push([childRelative, 'dir']);
        await walk(childAbsolute, childRelative);
      } else if (stat.isFile()) {
        entries.push([childRelative, createHash('sha256').update(await readFile(childAbsolute)).digest('hex')]);
      } else if (stat.isSymbolicLink()) {
        entries.push([childRelative, `symlink:${await readlink(childAbsolute)}`]);
      } else {
        entries.push([childRelative, 'other']);
      }
    }
  };
  await walk(dir, '');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(entries);
}

/** The sha256 (hex) of some bytes or text, to build an expected {@link snapshotTree}. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
