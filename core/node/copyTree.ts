import { assertNever } from '../model.js';
import { errnoCode } from './fsErrors.js';
import { joinUnder } from './joinUnder.js';
import { mapLimit } from './mapLimit.js';
import type { FsLike } from './nodeFs.js';
import type { TreeEntry } from './walkTree.js';

/** How {@link copyTree} reproduces a file. */
export type FileTransfer =
  /** An independent copy (a copy-on-write clone where the file system offers one). */
  | 'copy'
  /** A hard link to the same file where possible, else a copy (see {@link linkOrCopy}). */
  | 'link';

/** Options of {@link copyTree}. Nothing is fsynced here: callers make a whole tree durable at once (`FsLike.syncTree`). */
export interface CopyTreeOptions {
  transfer: FileTransfer;
  concurrency: number;
  /** Called after each file or link copied (for a progress display). */
  onFile?: () => void;
}

/** Errors of `link` that mean "this file system or file cannot be linked": copy instead. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EACCES']);

/**
 * Hard-links `from` to `to`, or copies it when the file system refuses the link. Used only for a
 * Target's own files going into the new Target: the old Target is deleted after the swap, so the
 * shared file is never reachable from two configurations, and the backup is always a real copy.
 */
export async function linkOrCopy(fs: FsLike, from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (error) {
    const code = errnoCode(error);
    if (code === undefined || !LINK_UNSUPPORTED.has(code)) throw error;
    await fs.copyFile(from, to);
  }
}

/** The error for an entry that is not a file, a folder or a symbolic link (a socket, a device). */
export function unsupportedEntry(where: string): Error {
  return Object.assign(new Error(`cannot copy ${where}: it is not a file, a folder or a symbolic link`), {
    code: 'EUNSUPPORTED',
    path: where,
  });
}

/** Creates the folder `absolute` unless it already is one. */
async function ensureFolder(fs: FsLike, absolute: string): Promise<void> {
  try {
    await fs.mkdir(absolute);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST' || (await fs.lstat(absolute))?.kind !== 'directory') throw error;
  }
}

/** Every folder (relative, `/`-separated) that holds one of `paths`, parents first. */
export function ancestorFolders(paths: Iterable<string>): string[] {
  const folders = new Set<string>();
  for (const p of paths) {
    const segments = p.split('/');
    for (let i = 1; i < segments.length; i++) folders.add(segments.slice(0, i).join('/'));
  }
  return [...folders].sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Creates the relative folders `folders` below `root`, parents first (folders that exist are
 * kept), one depth level at a time.
 */
export async function createFolders(fs: FsLike, root: string, folders: readonly string[], concurrency: number): Promise<void> {
  const byDepth = new Map<number, string[]>();
  for (const folder of folders) {
    const depth = folder.split('/').length;
    const list = byDepth.get(depth);
    if (list) list.push(folder);
    else byDepth.set(depth, [folder]);
  }
  const at = joinUnder(root);
  for (const depth of [...byDepth.keys()].sort((a, b) => a - b)) {
    await mapLimit(byDepth.get(depth) ?? [], concurrency, (folder) => ensureFolder(fs, at(folder)));
  }
}

/**
 * Copies the listed entries of the tree `fromRoot` (from {@link walkTree}, parents before their
 * contents) into the existing folder `toRoot`: folders (created if missing, then given their
 * permission bits once filled), files byte for byte with their mode, symbolic links as links
 * (never followed), named pipes and sockets hard-linked (`link`) or left out (`copy`), never read.
 */
export async function copyTree(
  fs: FsLike,
  fromRoot: string,
  toRoot: string,
  entries: readonly TreeEntry[],
  options: CopyTreeOptions,
): Promise<void> {
  const inFrom = joinUnder(fromRoot);
  const inTo = joinUnder(toRoot);
  const listedFolders = entries.filter((e) => e.kind === 'directory');
  const folders = [...new Set([...ancestorFolders(entries.map((e) => e.path)), ...listedFolders.map((e) => e.path)])];
  folders.sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : a > b ? 1 : 0));
  await createFolders(fs, toRoot, folders, options.concurrency);
  await mapLimit(
    entries.filter((e) => e.kind !== 'directory'),
    options.concurrency,
    async (entry) => {
      const from = inFrom(entry.path);
      const to = inTo(entry.path);
      switch (entry.kind) {
        case 'file':
          if (options.transfer === 'link') await linkOrCopy(fs, from, to);
          else await fs.copyFile(from, to);
          options.onFile?.();
          return;
        case 'symlink':
          await fs.symlink(await fs.readlink(from), to);
          options.onFile?.();
          return;
        case 'other':
          // A named pipe or a socket (inside `.git`, say) holds no bytes and must never be opened
          // (it would block): the new Target gets the same entry by a hard link; a copy (a backup)
          // leaves it out, as its manifest does (docs/reliability.md, "Long and odd Targets").
          if (options.transfer === 'copy') return;
          try {
            await fs.link(from, to);
          } catch (error) {
            throw errnoCode(error) === undefined ? error : unsupportedEntry(from);
          }
          return;
        case 'directory':
          return;
        default:
          assertNever(entry.kind);
      }
    },
  );
  // Permission bits last, deepest first, so a read-only folder is filled before it is closed.
  const deepestFirst = [...listedFolders].sort((a, b) => b.path.split('/').length - a.path.split('/').length);
  await mapLimit(deepestFirst, options.concurrency, (entry) => fs.chmod(inTo(entry.path), entry.mode));
}

/** A callback for each file done that reports `(done, total)` to `report`, or nothing without one. */
export function progressCounter(total: number, report: ((done: number, total: number) => void) | undefined): (() => void) | undefined {
  if (report === undefined) return undefined;
  let done = 0;
  report(0, total);
  return () => report(++done, total);
}
