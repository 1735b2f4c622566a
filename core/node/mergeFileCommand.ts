import { readFile, writeFile } from 'node:fs/promises';
import { DIFF_ALGORITHMS, mergeText, type DiffAlgorithm, type MergeFavor, type MergeStyle } from '../textMerge/index.js';

/** Where `merge-file` writes: the merged bytes (with `-p`) and one line per error. */
export interface MergeFileIo {
  stdout: (data: string | Uint8Array) => void;
  stderr: (text: string) => void;
}

/** git's exit status for an error (its `return -1`). */
const EXIT_ERROR = 255;
/** git truncates the conflict count to this. */
const MAX_CONFLICTS_STATUS = 127;
/** git's buffer_is_binary looks for a NUL byte in this many first bytes. */
const BINARY_PROBE = 8000;

const USAGE =
  'usage: carryover merge-file [-p] [--diff3] [--ours|--theirs|--union] [--marker-size=N] [--diff-algorithm=myers|minimal|patience|histogram] [-q] [-L LABEL]... CURRENT BASE OTHER';
/** git's default conflict marker size, also used for a size of zero or less. */
const DEFAULT_MARKER_SIZE = 7;

class MergeFileError extends Error {}

interface MergeFileArgs {
  toStdout: boolean;
  style: MergeStyle;
  favor: MergeFavor | undefined;
  markerSize: number;
  diffAlgorithm: DiffAlgorithm;
  labels: string[];
  paths: [current: string, base: string, other: string];
}

/**
 * `carryover merge-file [-p] [--diff3] [-L LABEL]... CURRENT BASE OTHER` (docs/cli.md): merges the changes
 * from BASE to OTHER into CURRENT with the conventions of `git merge-file`, writing the result
 * into CURRENT, or to standard output with `-p`. Up to three `-L` name CURRENT, BASE and OTHER
 * in the conflict markers (default: the file names as given). git's other options
 * (docs/merge-behaviour.md, "merge-file's options"): `--ours`, `--theirs` and `--union` resolve
 * every conflict with current's lines, other's, or both (the last one given wins; exit 0);
 * `--marker-size=N` sets the length of the markers (N of zero or less: 7, as git);
 * `--diff-algorithm=A` picks the line matching (default myers, as git merge-file); `-q` is
 * accepted and changes nothing (nothing is printed about conflicts anyway).
 *
 * Files are raw bytes, as for git: each byte is read as one Latin-1 character, so any content
 * (invalid UTF-8 included) comes back byte for byte; a label is written in UTF-8. A file with a
 * NUL byte in its first 8,000 bytes is refused as binary, as git does.
 *
 * Returns git's exit status: the number of conflicts (at most 127), or 255 after an error (bad
 * usage, an unreadable or binary file, a failed write), reported in one line on standard error.
 */
export async function runMergeFile(argv: readonly string[], io: MergeFileIo): Promise<number> {
  try {
    const args = parseMergeFileArgs(argv);
    // Read together, but a failure is reported for the first file in argument order, whichever
    // read failed first: the same arguments always give the same message.
    const reads = await Promise.allSettled(args.paths.map(readInput));
    const failed = reads.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    const [current, base, other] = reads.map((r) => (r as PromiseFulfilledResult<Buffer>).value);
    const label = (k: number) => latin1(Buffer.from(args.labels[k] ?? args.paths[k], 'utf8'));
    const merged = mergeText({
      base: latin1(base),
      current: latin1(current),
      other: latin1(other),
      labels: { current: label(0), base: label(1), other: label(2) },
      style: args.style,
      favor: args.favor,
      markerSize: args.markerSize,
      diffAlgorithm: args.diffAlgorithm,
    });
    const bytes = Buffer.from(merged.text, 'latin1');
    if (args.toStdout) io.stdout(bytes);
    else await writeOutput(args.paths[0], bytes);
    return Math.min(merged.conflicts, MAX_CONFLICTS_STATUS);
  } catch (error) {
    if (!(error instanceof MergeFileError)) throw error;
    io.stderr(`carryover merge-file: ${error.message}\n`);
    return EXIT_ERROR;
  }
}

/**
 * Parses merge-file's command line as git's parse-options does for these flags: `--flag=value`
 * or `--flag value`, the last of repeated switches wins, `--` ends the options.
 */
function parseMergeFileArgs(argv: readonly string[]): MergeFileArgs {
  let toStdout = false;
  let style: MergeStyle = 'merge';
  let favor: MergeFavor | undefined;
  let markerSize = DEFAULT_MARKER_SIZE;
  let diffAlgorithm: DiffAlgorithm = 'myers';
  const labels: string[] = [];
  const positional: string[] = [];
  const addLabel = (label: string) => {
    if (labels.length === 3) throw new MergeFileError(`too many labels (at most three -L); ${USAGE}`);
    labels.push(label);
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq === -1 ? arg : arg.slice(0, eq);
    /** The value of a long option that takes one: after `=`, else the next argument. */
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) throw new MergeFileError(`${name} needs a value; ${USAGE}`);
      return argv[++i];
    };
    const noValue = () => {
      if (eq !== -1) throw new MergeFileError(`${name} takes no value; ${USAGE}`);
    };
    switch (name) {
      case '-p':
      case '--stdout':
        noValue();
        toStdout = true;
        break;
      case '--diff3':
        noValue();
        style = 'diff3';
        break;
      case '--ours':
      case '--theirs':
      case '--union':
        noValue();
        favor = name === '--ours' ? 'current' : name === '--theirs' ? 'other' : 'union';
        break;
      case '--no-ours':
      case '--no-theirs':
      case '--no-union':
        noValue();
        favor = undefined;
        break;
      case '-q':
      case '--quiet':
        noValue();
        break;
      case '--marker-size': {
        const text = value();
        if (!/^[+-]?\d+$/.test(text)) throw new MergeFileError(`--marker-size expects a whole number, got ${JSON.stringify(text)}; ${USAGE}`);
        const size = Number(text);
        if (!Number.isSafeInteger(size)) throw new MergeFileError(`--marker-size ${text} is too large; ${USAGE}`);
        markerSize = size > 0 ? size : DEFAULT_MARKER_SIZE;
        break;
      }
      case '--diff-algorithm':
        diffAlgorithm = parseDiffAlgorithm(value());
        break;
      case '-L':
        if (i + 1 >= argv.length) throw new MergeFileError(`-L needs a label; ${USAGE}`);
        addLabel(argv[++i]);
        break;
      default:
        if (arg.startsWith('-L')) addLabel(arg.slice(2));
        else if (arg.startsWith('-') && arg !== '-') throw new MergeFileError(`unknown option ${JSON.stringify(arg)}; ${USAGE}`);
        else positional.push(arg);
    }
  }
  if (positional.length !== 3) throw new MergeFileError(`expected CURRENT BASE OTHER, got ${positional.length} file(s); ${USAGE}`);
  return { toStdout, style, favor, markerSize, diffAlgorithm, labels, paths: [positional[0], positional[1], positional[2]] };
}

/** git's parse_algorithm_value: the names in any case, and `default` for myers. */
function parseDiffAlgorithm(text: string): DiffAlgorithm {
  const lower = text.toLowerCase();
  if (lower === 'default') return 'myers';
  const found = DIFF_ALGORITHMS.find((a) => a === lower);
  if (found === undefined) throw new MergeFileError(`--diff-algorithm accepts ${DIFF_ALGORITHMS.map((a) => `"${a}"`).join(', ')}, got ${JSON.stringify(text)}; ${USAGE}`);
  return found;
}

async function readInput(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new MergeFileError(`cannot read ${path}: ${reason(error)}`);
  }
  if (bytes.subarray(0, BINARY_PROBE).includes(0)) throw new MergeFileError(`cannot merge binary files: ${path}`);
  return bytes;
}

async function writeOutput(path: string, bytes: Buffer): Promise<void> {
  try {
    await writeFile(path, bytes);
  } catch (error) {
    throw new MergeFileError(`cannot write ${path}: ${reason(error)}`);
  }
}

function latin1(bytes: Buffer): string {
  return bytes.toString('latin1');
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
