import { lstatSync, type Dirent, type Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { parseJson } from '../parseJson.js';
import type { Problem } from '../problems.js';
import { sortProblems } from '../problems.js';
import {
  configurationFilePath,
  validateConfiguration,
  type ConfigurationEntry,
  type ValidateConfigurationResult,
} from '../validateConfiguration.js';
import { joinUnder } from './joinUnder.js';
import { decodeUtf8, describeError, hasBom, isErrorCode } from './loadFile.js';
import { mapLimit } from './mapLimit.js';
import { entriesFingerprint, unusableFingerprint } from './fingerprint.js';
import { readFiles, SharedReads, type FileNumbers, type FileRead } from './readFiles.js';
import type { SharedParses, Side } from './SharedParses.js';

/** How many directory reads or file reads run at once. */
const CONCURRENCY = 64;

/**
 * Nothing in the layout is deeper than `users/<U>/globals/<type>/<Name>.json`: a folder at this
 * depth is already invalid, so its contents are not listed (a stray `node_modules` costs nothing).
 */
export const MAX_LAYOUT_DEPTH = 5;

/**
 * One reader for `loads` configurations loaded together: pass it to each as
 * `LoadConfigurationOptions.reads`. With `shared` making stand-ins (`SharedParses` with
 * `standIns`), the reader thread validates the lone bases itself (readFiles.ts, `loneBases`).
 */
export function readTogether(loads: number, maxFileSize?: number, signal?: AbortSignal, shared?: SharedParses): SharedReads {
  return new SharedReads(loads, {
    concurrency: CONCURRENCY,
    maxBytes: maxFileSize,
    ...(signal !== undefined ? { signal } : {}),
    ...(shared !== undefined ? { loneBases: () => shared.loneBases() } : {}),
  });
}

/**
 * Counts the files read by the configuration loads that share it (the Source and the Target of a
 * synchronization), for a progress display: `report(read, total)` is called for every file read
 * once every load has listed its folder (before that the total is unknown).
 */
export class ReadProgress {
  private listedLoads = 0;
  private total = 0;
  private read = 0;

  constructor(
    private readonly loads: number,
    private readonly report: (read: number, total: number) => void,
  ) {}

  /** One load has listed its folder: `files` files to read. */
  listed(files: number): void {
    this.listedLoads++;
    this.total += files;
    if (this.listedLoads === this.loads) this.report(this.read, this.total);
  }

  /** One file was read (and parsed). */
  fileRead(): void {
    this.read++;
    if (this.listedLoads === this.loads) this.report(this.read, this.total);
  }
}

/** How {@link loadConfiguration} may share work with, and report to, another load. */
export interface LoadConfigurationOptions {
  /** One instance for the Source and the Target loaded together: see {@link SharedParses}. */
  shared?: SharedParses;
  /** One instance for the Source and the Target loaded together: one reader for both (see {@link SharedReads}). */
  reads?: SharedReads;
  /** Counts the files read, for a progress display. */
  progress?: ReadProgress;
  /** Which configuration of a pair this is, for `shared` (a changed lone base: SharedParses.parsedChanged). */
  side?: Side;
  /** Larger files are refused before they are read (`--max-file-size`). Default `DEFAULT_MAX_FILE_SIZE` of loadFile.ts. */
  maxFileSize?: number;
  /**
   * Gets the folder's fingerprint as `folderFingerprint` would have taken it just before the load
   * read each entry, from the load's own listing and the `fstat` of each file it read (one
   * `lstat` more per folder), so that a caller need not walk the folder again first. When the load
   * cannot tell (an entry it could not read or `lstat`), a fingerprint that equals no other.
   */
  onFingerprint?: (fingerprint: string) => void;
}

/**
 * Reads a configuration folder and validates it (docs/configuration.md). Walks with the types
 * `readdir` reports (lstat semantics: a symbolic link is reported as one, never followed), skips
 * dot-entries, reads every `*.json` file in parallel with bounded concurrency, decodes UTF-8
 * strictly, parses each file as it arrives, and hands everything to `validateConfiguration`.
 * Problems name files as `dir` joined with the relative path. The folder `dir` itself may be
 * reached through a link; nothing inside it is. Never throws for bad input: a missing folder, an
 * unreadable file or invalid UTF-8 is a problem.
 *
 * With `options.shared` (one instance for the Source and the Target loaded together), a file with
 * the same bytes at the same path in both is parsed once (see {@link SharedParses}); with
 * `options.progress`, every file read is counted.
 */
export async function loadConfiguration(dir: string, options: LoadConfigurationOptions = {}): Promise<ValidateConfigurationResult> {
  const { shared, progress } = options;
  const rootProblem = await checkRoot(dir);
  if (rootProblem) {
    progress?.listed(0);
    shared?.listed([]);
    await options.reads?.read([], [], () => undefined);
    options.onFingerprint?.(unusableFingerprint(rootProblem.message));
    return { ok: false, problems: [rootProblem] };
  }

  const problems: Problem[] = [];
  const entries: ConfigurationEntry[] = [];
  const at = joinUnder(dir);
  const toRead: ConfigurationEntry[] = [];
  // For `onFingerprint`: each entry's numbers (an entry not read: its `lstat` while listing; a
  // file read: its `fstat` when it was read), and the folder itself by its inode.
  const numbers = options.onFingerprint ? new Map<ConfigurationEntry, FileNumbers>() : null;
  let unprintable: string | null = null;
  const root = numbers ? await stat(dir).then((s) => `${s.dev}\0${s.ino}`, (error: unknown) => ((unprintable = describeError(error)), '')) : '';
  const noteLstat = (entry: ConfigurationEntry, absolute: string): void => {
    if (numbers === null) return;
    const s = lstatSync(absolute, { throwIfNoEntry: false });
    if (s === undefined || kindOfStats(s) !== entry.kind) unprintable = `${entry.path} changed while being listed`;
    else numbers.set(entry, [s.size, s.ino, s.mtimeMs, s.ctimeMs]);
  };

  let pending: string[] = [''];
  for (let depth = 1; pending.length > 0; depth++) {
    const next: string[] = [];
    await mapLimit(pending, CONCURRENCY, async (relative) => {
      let dirents: Dirent[];
      try {
        dirents = await readdir(relative === '' ? dir : at(relative), { withFileTypes: true });
      } catch (error) {
        unprintable = describeError(error);
        problems.push({
          code: 'read-error',
          file: configurationFilePath(dir, relative),
          pointer: '',
          message: `cannot read the folder: ${describeError(error)}`,
        });
        return;
      }
      for (const dirent of dirents) {
        if (dirent.name.startsWith('.')) continue; // not part of the configuration
        const entryPath = relative === '' ? dirent.name : `${relative}/${dirent.name}`;
        const entry: ConfigurationEntry = { path: entryPath, kind: dirent.isSymbolicLink() ? 'symlink' : dirent.isDirectory() ? 'directory' : dirent.isFile() ? 'file' : 'other' };
        entries.push(entry);
        if (entry.kind === 'directory' && depth < MAX_LAYOUT_DEPTH) next.push(entryPath);
        if (entry.kind === 'file' && dirent.name.endsWith('.json')) toRead.push(entry);
        else noteLstat(entry, at(entryPath));
      }
    });
    pending = next;
  }

  // Read in the same order in both configurations of a synchronization, vendor versions first (all
  // that a Source usually holds): read together (`reads`), a file both hold is read for the two
  // one right after the other, and `shared` keeps no bytes waiting for the second reader.
  toRead.sort((a, b) => compareReadOrder(a.path, b.path));
  progress?.listed(toRead.length);
  const onFile = (index: number, read: FileRead): void => {
    progress?.fileRead();
    const entry = toRead[index];
    if (numbers !== null) {
      if (read.ok) numbers.set(entry, read.stat);
      else unprintable = `${entry.path} could not be read`;
    }
    if (!read.ok) {
      if (isErrorCode(read.error, 'ELOOP')) {
        // Replaced by a symbolic link after the folder was listed: O_NOFOLLOW refused it.
        entry.kind = 'symlink';
      } else {
        entry.readError = describeError(read.error);
      }
      return;
    }
    if (read.loneBase !== undefined && shared !== undefined) {
      // A lone base the reader thread found valid: held as a stand-in, never parsed here.
      entry.parsed = shared.validLoneBase(entry.path, read.loneBase.bom);
      entry.bom = read.loneBase.bom;
      return;
    }
    const bytes = read.bytes;
    // The other configuration may have parsed these very bytes at this path already.
    const claim = shared?.claim(entry.path, bytes);
    if (claim !== undefined && claim !== 'first' && claim !== 'parse') {
      entry.parsed = claim;
      entry.bom = hasBom(bytes);
      return;
    }
    const decoded = decodeUtf8(bytes);
    if (typeof decoded === 'string') {
      // Parsed here, while other reads are in flight, rather than after the last one; the text
      // itself is not kept (an unchanged file is later copied byte for byte from disk).
      // decodeUtf8 drops the byte-order mark and parseJson drops one too: give parseJson the mark
      // back, so that a second one (U+FEFF is not JSON whitespace) is refused, not dropped as well.
      const bom = hasBom(bytes);
      entry.parsed = parseJson(bom ? '\uFEFF' + decoded : decoded, configurationFilePath(dir, entry.path), read.keyTokens);
      entry.bom = bom;
      // Read together with the other configuration, a file it does not hold is not offered: its
      // bytes would wait for a reader that never comes.
      if (claim === 'first' && read.paired !== false) shared?.offer(entry.path, bytes, entry.parsed, options.side);
      else if (claim === 'parse') shared?.parsedChanged(entry.path, entry.parsed, options.side);
    } else {
      entry.decodeError = decoded.error;
    }
  };
  const paths = toRead.map((entry) => at(entry.path));
  const relativePaths = toRead.map((entry) => entry.path);
  shared?.listed(relativePaths);
  if (options.reads) await options.reads.read(relativePaths, paths, onFile, compareReadOrder);
  else {
    // Read alone after other configurations (a Target after the first of a run): sizes that an
    // earlier reading already parsed at the same path spare the reader their key counts.
    const knownSizes = shared === undefined ? undefined : Float64Array.from(toRead, (entry) => shared.knownSize(entry.path));
    await readFiles(paths, onFile, { concurrency: CONCURRENCY, maxBytes: options.maxFileSize, ...(knownSizes !== undefined && knownSizes.some((size) => !Number.isNaN(size)) ? { knownSizes } : {}) });
  }

  if (options.onFingerprint) {
    const all = numbers ?? new Map();
    if (unprintable === null && entries.every((entry) => all.has(entry))) {
      const values = new Float64Array(entries.length * 4);
      entries.forEach((entry, i) => values.set(all.get(entry) as FileNumbers, i * 4));
      options.onFingerprint(entriesFingerprint(root, entries.map((entry) => entry.path), entries.map((entry) => FINGERPRINT_KIND[entry.kind]), values));
    } else {
      options.onFingerprint(unusableFingerprint(unprintable ?? 'an entry was not measured'));
    }
  }
  const result = validateConfiguration(dir, entries);
  if (problems.length === 0) return result;
  return { ok: false, problems: sortProblems([...problems, ...(result.ok ? [] : result.problems)]) };
}

/**
 * A folder without `configuration.json` is not a configuration at all: that is the one problem,
 * rather than every file of the folder listed as "not part of a configuration" (a folder opened by
 * mistake, such as a home folder, would otherwise be read and listed whole).
 */
async function checkConfigurationFile(dir: string): Promise<Problem | null> {
  const file = configurationFilePath(dir, 'configuration.json');
  try {
    await lstat(file);
    return null;
  } catch (error) {
    if (!isErrorCode(error, 'ENOENT')) return null; // the validation reports what is wrong with it
    return {
      code: 'missing-configuration',
      file,
      pointer: '',
      message: 'missing configuration.json: this folder is not a configuration (it needs {"format": "carryover/1", "name": "..."})',
    };
  }
}

/** An entry's kind as `folderFingerprint` writes it. */
const FINGERPRINT_KIND: Record<ConfigurationEntry['kind'], string> = { file: 'f', directory: 'd', symlink: 'l', other: 'o' };

/** The kind the listing gives an entry, from its `lstat`. */
function kindOfStats(s: Stats): ConfigurationEntry['kind'] {
  return s.isSymbolicLink() ? 'symlink' : s.isDirectory() ? 'directory' : s.isFile() ? 'file' : 'other';
}

function readOrder(relative: string): number {
  return relative.startsWith('vendor/') ? 0 : 1;
}

/** The order in which a configuration's files are read: vendor versions first, then by path. */
function compareReadOrder(a: string, b: string): number {
  return readOrder(a) - readOrder(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The folder must exist and be a folder. */
async function checkRoot(dir: string): Promise<Problem | null> {
  try {
    const stats = await stat(dir);
    if (stats.isDirectory()) return await checkConfigurationFile(dir);
    return { code: 'missing-configuration', file: dir, pointer: '', message: 'not a folder: a configuration is a folder' };
  } catch (error) {
    if (isErrorCode(error, 'ENOENT') || isErrorCode(error, 'ENOTDIR')) {
      return { code: 'missing-configuration', file: dir, pointer: '', message: 'the configuration folder does not exist' };
    }
    return { code: 'read-error', file: dir, pointer: '', message: `cannot read the configuration folder: ${describeError(error)}` };
  }
}

