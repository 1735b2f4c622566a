import { createHash } from 'node:crypto';
import { lstatSync, readdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { joinUnder } from './joinUnder.js';
import { MAX_LAYOUT_DEPTH } from './loadConfiguration.js';

/** Counts fingerprints of folders that could not be read, so that no two are equal. */
let unreadable = 0;

/** Entries looked at between two turns of the event loop (so that a caller's other work, a progress display, goes on). */
const SLICE = 2048;

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
  const paths: string[] = [];
  const kinds: string[] = [];
  // size, inode, modification and change times of each entry, in the order of `paths`.
  const numbers: number[] = [];
  let pending = [''];
  // Synchronous listings and `lstat` calls, in slices between turns of the event loop: one
  // asynchronous `lstat` per entry cost several times more CPU (a trip through the thread pool,
  // a promise) than the system call itself, and a sync fingerprints each folder twice
  // (docs/performance.md, "`sync --out` at the floor").
  let sinceTurn = 0;
  const at = joinUnder(dir);
  try {
    for (let depth = 1; pending.length > 0; depth++) {
      const next: string[] = [];
      for (const relative of pending) {
        const absolute = relative === '' ? dir : at(relative);
        for (const dirent of readdirSync(absolute, { withFileTypes: true })) {
          if (dirent.name.startsWith('.')) continue;
          const entryPath = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
          const stat = lstatSync(at(entryPath));
          const kind = stat.isSymbolicLink() ? 'l' : stat.isDirectory() ? 'd' : stat.isFile() ? 'f' : 'o';
          paths.push(entryPath);
          kinds.push(kind);
          numbers.push(stat.size, stat.ino, stat.mtimeMs, stat.ctimeMs);
          if (kind === 'd' && depth < MAX_LAYOUT_DEPTH) next.push(entryPath);
          if (++sinceTurn === SLICE) {
            sinceTurn = 0;
            await nextTurn();
          }
        }
      }
      pending = next;
    }
  } catch (error) {
    return unusableFingerprint(String(error));
  }
  // The folder itself by its inode: an in-place sync replaces it with another folder.
  const root = await stat(dir).then((s) => `${s.dev}\0${s.ino}`, () => `missing:${++unreadable}`);
  return entriesFingerprint(root, paths, kinds, numbers);
}

/** A fingerprint that equals no other: a folder that could not be read, or a load that could not tell what it read. */
export function unusableFingerprint(reason: string): string {
  return `unreadable:${++unreadable}:${reason}`;
}

/**
 * The digest of {@link folderFingerprint} from its parts: `root` is the folder's `dev` and `ino`
 * joined by a NUL; for each entry (any order), its path, its kind (`f` file, `d` folder, `l`
 * symbolic link, `o` other) and four numbers in `numbers` (size, inode, modification and change
 * times in milliseconds, as `lstat` gives them). A configuration load computes it from its own
 * listing and the `fstat` of each file it reads (loadConfiguration.ts, `onFingerprint`).
 */
export function entriesFingerprint(root: string, paths: readonly string[], kinds: readonly string[], numbers: ArrayLike<number>): string {
  // The entries in path order: each path with its kind (a path holds no NUL), then their numbers
  // as doubles, in one update each (turning every time into text cost more than the walk).
  const order = paths.map((_, i) => i).sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0));
  const values = new Float64Array(order.length * 4);
  const names: string[] = [];
  order.forEach((i, k) => {
    names.push(`${paths[i]}\0${kinds[i]}`);
    for (let n = 0; n < 4; n++) values[k * 4 + n] = numbers[i * 4 + n];
  });
  return createHash('sha256')
    .update(root)
    .update('\n')
    .update(names.join('\0'))
    .update('\n')
    .update(new Uint8Array(values.buffer))
    .digest('hex');
}
