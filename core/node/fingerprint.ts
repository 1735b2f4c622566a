import { createHash } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_LAYOUT_DEPTH } from './loadConfiguration.js';
import { mapLimit } from './mapLimit.js';

/** Counts fingerprints of folders that could not be read, so that no two are equal. */
let unreadable = 0;

/** Directory listings and `lstat` calls in flight at once. */
const CONCURRENCY = 64;

/**
 * A fingerprint of what `loadConfiguration(dir)` would read: every entry it would see (the same
 * walk: dot-entries skipped, symbolic links not followed, no deeper than the layout allows) with
 * its kind, size, inode, and modification and change times. Two equal fingerprints mean that
 * nothing was added, removed, replaced or written in between, so a configuration read after the
 * first one was taken is still what the folder holds: the app uses it to skip reading a pair
 * again when nothing changed. (The change time is set by the kernel on every write, rename and
 * metadata change, and cannot be set back by a program.) Costs a listing and an `lstat` per
 * entry, a small part of reading and parsing the files. A folder that cannot be read gives a
 * fingerprint that equals no other, so the caller reads it and reports the problem.
 */
export async function folderFingerprint(dir: string): Promise<string> {
  const lines: string[] = [];
  let pending = [''];
  try {
    for (let depth = 1; pending.length > 0; depth++) {
      const next: string[] = [];
      await mapLimit(pending, CONCURRENCY, async (relative) => {
        const absolute = relative === '' ? dir : path.join(dir, relative);
        const dirents: Dirent[] = await readdir(absolute, { withFileTypes: true });
        await mapLimit(dirents, CONCURRENCY, async (dirent) => {
          if (dirent.name.startsWith('.')) return;
          const entryPath = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
          const stat = await lstat(path.join(absolute, dirent.name));
          const kind = stat.isSymbolicLink() ? 'l' : stat.isDirectory() ? 'd' : stat.isFile() ? 'f' : 'o';
          lines.push(`${entryPath}\0${kind}\0${stat.size}\0${stat.ino}\0${stat.mtimeMs}\0${stat.ctimeMs}`);
          if (kind === 'd' && depth < MAX_LAYOUT_DEPTH) next.push(entryPath);
        });
      });
      pending = next;
    }
  } catch (error) {
    return `unreadable:${++unreadable}:${String(error)}`;
  }
  // The folder itself by its inode: an in-place sync replaces it with another folder.
  const root = await stat(dir).then((s) => `${s.dev}\0${s.ino}`, () => `missing:${++unreadable}`);
  const hash = createHash('sha256').update(root);
  for (const line of lines.sort()) hash.update(line).update('\n');
  return hash.digest('hex');
}
