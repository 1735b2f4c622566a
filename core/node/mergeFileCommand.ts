import { readFile, writeFile } from 'node:fs/promises';
import { mergeText, type MergeStyle } from '../textMerge/index.js';

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

const USAGE = 'usage: carryover merge-file [-p] [--diff3] [-L LABEL]... CURRENT BASE OTHER';

class MergeFileError extends Error {}

interface MergeFileArgs {
  toStdout: boolean;
  style: MergeStyle;
  labels: string[];
  paths: [current: string, base: string, other: string];
}

/**
 * `carryover merge-file [-p] [--diff3] [-L LABEL]... CURRENT BASE OTHER` (docs/cli.md): merges
 * the changes from BASE to OTHER into CURRENT with the conventions of `git merge-file`, writing
 * the result into CURRENT, or to standard output with `-p`. Up to three `-L` name CURRENT, BASE
 * and OTHER in the conflict markers (default: the file names as given).
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
    const [current, base, other] = await Promise.all(args.paths.map(readInput));
    const label = (k: number) => latin1(Buffer.from(args.labels[k] ?? args.paths[k], 'utf8'));
    const merged = mergeText({
      base: latin1(base),
      current: latin1(current),
      other: latin1(other),
      labels: { current: label(0), base: label(1), other: label(2) },
      style: args.style,
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

function parseMergeFileArgs(argv: readonly string[]): MergeFileArgs {
  let toStdout = false;
  let style: MergeStyle = 'merge';
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
    if (arg === '-p' || arg === '--stdout') toStdout = true;
    else if (arg === '--diff3') style = 'diff3';
    else if (arg === '-L') {
      if (i + 1 >= argv.length) throw new MergeFileError(`-L needs a label; ${USAGE}`);
      addLabel(argv[++i]);
    } else if (arg.startsWith('-L')) addLabel(arg.slice(2));
    else if (arg.startsWith('-') && arg !== '-') throw new MergeFileError(`unknown option ${JSON.stringify(arg)}; ${USAGE}`);
    else positional.push(arg);
  }
  if (positional.length !== 3) throw new MergeFileError(`expected CURRENT BASE OTHER, got ${positional.length} file(s); ${USAGE}`);
  return { toStdout, style, labels, paths: [positional[0], positional[1], positional[2]] };
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
