import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { promisify } from 'node:util';
import { copyFiles, copyOneSync, type CopyFilesOptions } from './copyFiles.js';
import { errnoCode } from './fsErrors.js';
import { mapLimit } from './mapLimit.js';

const execFileAsync = promisify(execFile);

/** The kind of a directory entry; symbolic links are never followed. */
export type EntryKind = 'file' | 'directory' | 'symlink' | 'other';

/** One entry of a folder. */
export interface DirEntry {
  name: string;
  kind: EntryKind;
}

/** What `lstat` tells about an entry (symbolic links are not followed). */
export interface EntryStat {
  kind: EntryKind;
  /** Size in bytes. */
  size: number;
  /** Permission bits (`mode & 0o7777`). */
  mode: number;
  /** Last modification, milliseconds since the epoch. */
  mtimeMs: number;
}

/**
 * The file-system operations that writing a Target uses, one call per step. Everything goes
 * through this facade so tests can inject a failure (ENOSPC, EIO, ...) or a crash at any step
 * deterministically (see `testing/faultyFs.ts`). Paths are absolute.
 */
export interface FsLike {
  readFile(path: string): Promise<Buffer>;
  /**
   * Writes a whole file. `exclusive` fails with EEXIST when the path exists (O_EXCL); `durable`
   * fsyncs the file before closing it.
   */
  writeFile(path: string, data: string | Uint8Array, options: { exclusive?: boolean; durable: boolean }): Promise<void>;
  /** Copies a file byte for byte (a copy-on-write clone where the file system offers one), with its mode. */
  copyFile(from: string, to: string): Promise<void>;
  /**
   * Copies many files as `copyFile` does each (`to` must not exist), possibly on another thread;
   * rejects with the first failure once no copy is in flight. Optional: without it, callers call
   * `copyFile` per file (so a fault-injecting wrapper, which has no `copyFiles`, sees every copy).
   */
  copyFiles?(pairs: readonly (readonly [from: string, to: string])[], options: CopyFilesOptions): Promise<void>;
  /** Creates a hard link `newPath` to `existing`. */
  link(existing: string, newPath: string): Promise<void>;
  symlink(linkText: string, path: string): Promise<void>;
  readlink(path: string): Promise<string>;
  /** Creates one folder (its parent must exist); EEXIST when it exists. */
  mkdir(path: string, mode?: number): Promise<void>;
  readdir(path: string): Promise<DirEntry[]>;
  /** The entry at `path`, or `null` when there is none (ENOENT, or a parent is not a folder). */
  lstat(path: string): Promise<EntryStat | null>;
  /** The canonical absolute path (symbolic links resolved). */
  realpath(path: string): Promise<string>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** Removes a file or a whole folder tree; nothing when absent. */
  rm(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
  /** Makes a folder's entries (creations, renames, removals) durable. */
  fsyncDir(path: string): Promise<void>;
  /**
   * Makes everything written below `root` durable (files and folders). On Linux one `syncfs` of
   * the file system (`sync -f`), far cheaper than an fsync per file; elsewhere, or when that is
   * unavailable, an fsync of every file and folder.
   */
  syncTree(root: string): Promise<void>;
}

function entryKind(entry: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (entry.isFile()) return 'file';
  if (entry.isDirectory()) return 'directory';
  if (entry.isSymbolicLink()) return 'symlink';
  return 'other';
}

async function fsyncPath(file: string): Promise<void> {
  const handle = await fsp.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies made since the last turn of the event loop (see {@link copyFileNoFollow}). */
let copiesSinceTurn = 0;
/** Copies between two turns of the event loop: a progress display, and the app's messages, go on meanwhile. */
const COPIES_PER_TURN = 64;

/**
 * Copies one file as {@link copyOneSync} does (never through a symbolic link).
 *
 * The system calls are synchronous: for thousands of small files, four trips through the thread
 * pool per file (open, stat, copy, close) cost more CPU than the copies themselves, the pool's
 * threads contending for the cores (docs/performance.md, "`sync --out` at the floor"). The event
 * loop gets a turn every {@link COPIES_PER_TURN} copies.
 */
async function copyFileNoFollow(from: string, to: string): Promise<void> {
  if (++copiesSinceTurn >= COPIES_PER_TURN) {
    copiesSinceTurn = 0;
    await nextTurn();
  }
  copyOneSync(fs, process.platform, from, to);
}

/** {@link FsLike} on the real file system (`node:fs/promises`). */
export const nodeFs: FsLike = {
  readFile: (path) => fsp.readFile(path),

  async writeFile(path, data, options) {
    const handle = await fsp.open(path, options.exclusive ? 'wx' : 'w');
    try {
      await handle.writeFile(data);
      if (options.durable) await handle.sync();
    } finally {
      await handle.close();
    }
  },

  copyFile: copyFileNoFollow,
  copyFiles,

  link: (existing, newPath) => fsp.link(existing, newPath),
  symlink: (linkText, path) => fsp.symlink(linkText, path),
  readlink: (path) => fsp.readlink(path),

  async mkdir(path, mode) {
    await fsp.mkdir(path, mode === undefined ? undefined : { mode });
  },

  async readdir(path) {
    const entries = await fsp.readdir(path, { withFileTypes: true });
    return entries.map((entry) => ({ name: entry.name, kind: entryKind(entry) }));
  },

  async lstat(path) {
    try {
      const stat = await fsp.lstat(path);
      return { kind: entryKind(stat), size: stat.size, mode: stat.mode & 0o7777, mtimeMs: stat.mtimeMs };
    } catch (error) {
      const code = errnoCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw error;
    }
  },

  realpath: (path) => fsp.realpath(path),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),

  async rm(path) {
    await fsp.rm(path, { recursive: true, force: true, maxRetries: 3 });
  },

  chmod: (path, mode) => fsp.chmod(path, mode),

  fsyncDir,

  async syncTree(root) {
    if (process.platform === 'linux') {
      try {
        await execFileAsync('sync', ['-f', root], { timeout: 600_000 });
        return;
      } catch (error) {
        // No coreutils `sync` (or one without -f): fall back to an fsync per entry below.
        if (errnoCode(error) !== 'ENOENT' && !(typeof error === 'object' && error !== null && 'stderr' in error)) throw error;
      }
    }
    await fsyncEach(root);
  },
};

async function fsyncDir(folder: string): Promise<void> {
  try {
    await fsyncPath(folder);
  } catch (error) {
    // Windows cannot open or fsync a folder; its renames are durable through the journal of NTFS.
    const code = errnoCode(error);
    if (process.platform === 'win32' && (code === 'EPERM' || code === 'EISDIR' || code === 'EACCES')) return;
    throw error;
  }
}

/** fsyncs every file and folder below `root` (and `root`), 16 at a time. */
async function fsyncEach(root: string): Promise<void> {
  const entries = await fsp.readdir(root, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  const folders = [root, ...entries.filter((e) => e.isDirectory()).map((e) => path.join(e.parentPath, e.name))];
  await mapLimit(files, 16, fsyncPath);
  await mapLimit(folders, 16, fsyncDir);
}
