import * as path from 'node:path';
import { mapLimit } from './mapLimit.js';
import type { EntryKind, FsLike } from './nodeFs.js';

/** One entry of a folder tree, below its root. */
export interface TreeEntry {
  /** Relative path with `/` separators. */
  path: string;
  kind: EntryKind;
  /** Size in bytes (files; a symbolic link's is the length of its text; meaningless for folders). */
  size: number;
  /** Permission bits. */
  mode: number;
}

/**
 * Lists every entry below `root` (not `root` itself), without following symbolic links, sorted
 * by path (code units) so parents come before their contents. Folders are read `concurrency` at a time.
 */
export async function walkTree(fs: FsLike, root: string, concurrency: number): Promise<TreeEntry[]> {
  const entries: TreeEntry[] = [];
  let level = [''];
  while (level.length > 0) {
    const children: { relative: string; absolute: string }[] = [];
    await mapLimit(level, concurrency, async (relativeDir) => {
      const absoluteDir = relativeDir === '' ? root : path.join(root, ...relativeDir.split('/'));
      for (const child of await fs.readdir(absoluteDir)) {
        children.push({
          relative: relativeDir === '' ? child.name : `${relativeDir}/${child.name}`,
          absolute: path.join(absoluteDir, child.name),
        });
      }
    });
    const nextLevel: string[] = [];
    await mapLimit(children, concurrency, async (child) => {
      const stat = await fs.lstat(child.absolute);
      if (stat === null) return; // removed while listing: no longer part of the tree
      entries.push({ path: child.relative, kind: stat.kind, size: stat.size, mode: stat.mode });
      if (stat.kind === 'directory') nextLevel.push(child.relative);
    });
    level = nextLevel.sort();
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
