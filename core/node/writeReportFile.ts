import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describeError, errnoCode, WriteError, WriteUsageError } from './fsErrors.js';
import { defaultBackupPrefix, isInside } from './targetPaths.js';

/** The value of `--report` / `--output` that means standard output. */
export const STANDARD_OUTPUT = '-';

/** A folder that a report must not be written into, and how to name it in a message. */
export interface ProtectedFolder {
  /** The folder (as given; resolved here). */
  dir: string;
  /** `the Source`, `the Target`, `the output folder`, `the backup`, ... */
  what: string;
  /**
   * True for a default in-place backup, which is named only once the sync runs: every sibling
   * `<dir>.backup-...` is protected too (see docs/reliability.md, "Report and plan files").
   */
  defaultBackupsOf?: boolean;
}

/** Folders missing between a report path and its nearest existing ancestor, at most this many are created. */
const MAX_NEW_FOLDERS = 32;

/**
 * The absolute form of `file` with the symbolic links of its nearest existing ancestor folder
 * resolved (the file's own name is kept as given: a link there is refused, never followed).
 */
async function resolveReportPath(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const missing: string[] = [path.basename(absolute)];
  let current = path.dirname(absolute);
  for (;;) {
    try {
      return path.join(await realpath(current), ...missing);
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.unshift(path.basename(current));
      current = parent;
    }
  }
}

/** The absolute form of a folder, links resolved where it exists. */
async function resolveFolder(dir: string): Promise<string> {
  return resolveReportPath(dir);
}

/**
 * Checks where a report (`--report FILE`, `analyze --output FILE`) may be written, before anything
 * is read or written: refused with a {@link WriteUsageError} (exit 2) when the file lies inside a
 * protected folder (the Source, the Target, `--out`, the backup), when it is one of them, or when
 * something other than a regular file already exists at its path (a folder, a symbolic link, a
 * named pipe, a device). `-` (standard output) is always accepted. Returns the resolved path, or
 * `-`.
 */
export async function checkReportPath(file: string, flag: string, protectedFolders: readonly ProtectedFolder[]): Promise<string> {
  if (file === STANDARD_OUTPUT) return STANDARD_OUTPUT;
  if (file === '') throw new WriteUsageError('report-refused', `${flag} needs a file name.`, file);
  let resolved: string;
  try {
    resolved = await resolveReportPath(file);
  } catch (error) {
    throw new WriteUsageError('report-refused', `${flag} ${file}: cannot check this path (${describeError(error)}).`, file);
  }
  for (const folder of protectedFolders) {
    const dir = await resolveFolder(folder.dir);
    if (isInside(resolved, dir) || isInside(dir, resolved) || (folder.defaultBackupsOf === true && isDefaultBackupPath(resolved, dir))) {
      throw new WriteUsageError(
        'report-refused',
        `${flag} ${file} lies inside ${folder.what} (${dir}); write the report somewhere else, it would change or be lost with that folder.`,
        file,
      );
    }
  }
  await assertRegularOrMissing(resolved, file, flag);
  return resolved;
}

/** True when `file` lies inside a sibling `<target>.backup-...` of `target` (a default backup's name). */
function isDefaultBackupPath(file: string, target: string): boolean {
  const relative = path.relative(path.dirname(target), file);
  const first = relative.split(path.sep)[0];
  return !path.isAbsolute(relative) && first.startsWith(path.basename(defaultBackupPrefix(target))) && first !== relative;
}

/** Refuses (exit 2) a report path where something other than a regular file exists. */
async function assertRegularOrMissing(resolved: string, file: string, flag: string): Promise<void> {
  let stat;
  try {
    stat = await lstat(resolved);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new WriteUsageError('report-refused', `${flag} ${file}: cannot check this path (${describeError(error)}).`, file);
  }
  if (!stat.isFile()) {
    const kind = stat.isSymbolicLink() ? 'a symbolic link' : stat.isDirectory() ? 'a folder' : 'not a regular file (a device, a named pipe or a socket)';
    throw new WriteUsageError('report-refused', `${flag} ${file} is ${kind}; a report only replaces a regular file. Name another file.`, file);
  }
}

/** Options of {@link writeReportFile}. */
export interface WriteReportOptions {
  /** `--report` or `--output`, for messages. */
  flag: string;
  /** Writes to standard output, for `-`. */
  stdout: (text: string) => void;
  /** The Target was already replaced by an in-place sync whose backup is this folder (the message says so). */
  replacedTargetBackup?: string;
}

/**
 * Writes a report checked by {@link checkReportPath}: missing parent folders are created (a
 * bounded number, one at a time, never a recursive `mkdir`, which loops forever under `/proc`),
 * the text goes to a temporary file with an unpredictable name created exclusively (`O_EXCL`: a
 * planted link is never followed) in the same folder, is flushed, then renamed over the report
 * after checking once more that what is there is a regular file. A failure is a
 * {@link WriteError} (exit 5) naming the file; when the Target was already replaced, the message
 * says so and names its backup. No temporary file is left behind.
 */
export async function writeReportFile(file: string, text: string, options: WriteReportOptions): Promise<void> {
  if (file === STANDARD_OUTPUT) {
    options.stdout(text);
    return;
  }
  let after =
    options.replacedTargetBackup === undefined
      ? ''
      : ` The sync itself succeeded: the Target was updated in place; its backup is in ${options.replacedTargetBackup}.`;
  let temp: string | null = null;
  try {
    const dir = path.dirname(file);
    await makeFolders(dir);
    temp = path.join(dir, `.carryover-report-${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o666);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await assertRegularOrMissing(file, file, options.flag);
    await rename(temp, file);
    temp = null;
  } catch (error) {
    if (temp !== null) {
      const leftover = temp;
      await unlink(leftover).catch((cleanupError: unknown) => {
        if (errnoCode(cleanupError) !== 'ENOENT') after += ` The temporary file ${leftover} could not be removed (${describeError(cleanupError)}); delete it.`;
      });
    }
    if (error instanceof WriteUsageError) {
      if (options.replacedTargetBackup === undefined) throw error;
      throw new WriteError(`${error.message}${after}`, options.replacedTargetBackup, false, error);
    }
    if (errnoCode(error) === undefined) throw error; // a bug (exit 1)
    throw new WriteError(
      `Writing the report ${file} failed: ${describeError(error)}.${options.replacedTargetBackup === undefined ? ' Nothing else was written.' : ''}${after}`,
      options.replacedTargetBackup ?? null,
      options.replacedTargetBackup === undefined,
      error,
    );
  }
}

/** Creates `dir` and its missing parents, at most {@link MAX_NEW_FOLDERS}, one `mkdir` each. */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  let current = path.resolve(dir);
  for (;;) {
    let stat;
    try {
      stat = await lstat(current);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error;
    }
    if (stat !== undefined) {
      if (!stat.isDirectory()) throw Object.assign(new Error(`${current} is not a folder`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(current);
    if (missing.length > MAX_NEW_FOLDERS) {
      throw Object.assign(new Error(`more than ${MAX_NEW_FOLDERS} folders would have to be created for ${dir}`), { code: 'ENAMETOOLONG' });
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
    // Pseudo file systems (/proc, /sys) may accept nothing or pretend: make sure it is a folder now.
    if (!(await lstat(folder)).isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
  }
}
