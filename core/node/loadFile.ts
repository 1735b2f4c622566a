import { close, constants, fstat, open, readFile, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Problem } from '../problems.js';

/**
 * The default largest input file (configuration, options and answers files): 64 MiB, far above any
 * real form, and small enough that reading and parsing stay within memory. `--max-file-size`
 * raises it (docs/reliability.md, "Size limits").
 */
export const DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024;

/** A file above the size limit, or not a regular file: refused before it is read. */
export function tooLargeError(file: string, size: number, limit: number): Error {
  return Object.assign(new Error(`the file has ${size} bytes, more than the limit of ${formatSize(limit)} (raise it with --max-file-size)`), { code: 'EFBIG', path: file });
}

/** `64 MiB`, `1.5 GiB`, `900 bytes`. */
export function formatSize(bytes: number): string {
  const units: [number, string][] = [[1024 ** 3, 'GiB'], [1024 ** 2, 'MiB'], [1024, 'KiB']];
  for (const [unit, name] of units) if (bytes >= unit) return `${Number((bytes / unit).toFixed(2))} ${name}`;
  return `${bytes} bytes`;
}

/**
 * Parses a `--max-file-size` value: bytes, or a number with `K`, `M`, `G` (binary: KiB, MiB, GiB;
 * `KiB`, `MB` and friends accepted), or `null` when it is not one.
 */
export function parseSize(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  if (!match) return null;
  const factor = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  const bytes = Math.floor(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : null;
}

/** Opens without following a symbolic link in the last component (where the platform has it). */
const NO_FOLLOW_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Reads a whole file. Unless `followLinks`, a symbolic link in its last component is refused
 * (`ELOOP`). Uses the callback API: for thousands of small files it is several times faster than
 * `fs/promises`. `onStat` gets the open file's `fstat` before it is read.
 */
export function readBytes(file: string, followLinks = false, maxBytes = DEFAULT_MAX_FILE_SIZE, onStat?: (stats: Stats) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    // O_NONBLOCK: a named pipe opens at once (and is refused below) instead of waiting for a writer.
    open(file, (followLinks ? constants.O_RDONLY : NO_FOLLOW_FLAGS) | (constants.O_NONBLOCK ?? 0), (openError, fd) => {
      if (openError) {
        reject(openError);
        return;
      }
      fstat(fd, (statError, stats) => {
        // Checked before reading: a device (`/dev/zero`) or a pipe never ends, a huge file would
        // exhaust memory (docs/reliability.md, "Size limits").
        const refused = statError ?? (!stats.isFile() ? Object.assign(new Error('this is not a regular file'), { code: 'ENOTREG', path: file }) : stats.size > maxBytes ? tooLargeError(file, stats.size, maxBytes) : null);
        if (refused) {
          close(fd, () => reject(refused));
          return;
        }
        onStat?.(stats);
        readOpen(fd, resolve, reject);
      });
    });
  });
}

/** Reads the rest of an open file, then closes it. */
function readOpen(fd: number, resolve: (bytes: Uint8Array) => void, reject: (error: unknown) => void): void {
  readFile(fd, (readError, bytes) => {
    close(fd, (closeError) => {
      if (readError) reject(readError);
      else if (closeError) reject(closeError);
      else resolve(bytes);
    });
  });
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes start with the UTF-8 byte-order mark EF BB BF. */
export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Decodes UTF-8 strictly: the text (without a leading byte-order mark), or why it is not UTF-8,
 * naming the byte offset of the first invalid sequence.
 */
export function decodeUtf8(bytes: Uint8Array): string | { error: string } {
  try {
    return decoder.decode(bytes);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return { error: `the file is not valid UTF-8 (invalid byte sequence at byte ${firstInvalidUtf8(bytes)})` };
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = b === 0xe0 ? 0xa0 : 0x80;
      if (b === 0xed) max = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f; // nothing above U+10FFFF
    } else {
      return i;
    }
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < min || c > max : c < 0x80 || c > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}

/**
 * Reads a user's text file (an options or answers file, which may be reached through a link) as
 * strict UTF-8: the text without a byte-order mark, or a problem naming `file` as the user gave
 * it. Never throws for bad input.
 */
export async function readTextFile(file: string, maxBytes = DEFAULT_MAX_FILE_SIZE): Promise<{ ok: true; text: string; bom: boolean } | { ok: false; problem: Problem }> {
  let bytes: Uint8Array;
  try {
    // Reading a folder's descriptor yields no bytes rather than an error on some systems.
    if ((await stat(file)).isDirectory()) {
      return { ok: false, problem: { code: 'read-error', file, pointer: '', message: 'this is a folder, not a file' } };
    }
    bytes = await readBytes(file, true, maxBytes);
  } catch (error) {
    const message = isErrorCode(error, 'ENOENT') ? 'the file does not exist' : `cannot read the file: ${describeError(error)}`;
    return { ok: false, problem: { code: 'read-error', file, pointer: '', message } };
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') return { ok: false, problem: { code: 'encoding', file, pointer: '', message: decoded.error } };
  return { ok: true, text: decoded, bom: hasBom(bytes) };
}

/** True when `error` is a Node.js system error with this `code` (`ENOENT`, ...). */
export function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/** A short readable reason for a file-system error: `permission denied`, ... */
export function describeError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      switch (code) {
        case 'EACCES':
        case 'EPERM':
          return 'permission denied';
        case 'ENOENT':
          return 'it disappeared while being read';
        case 'EISDIR':
          return 'it is a folder';
        case 'ENOTREG':
          return 'it is not a regular file (a device, a named pipe or a socket)';
        default:
          return typeof message === 'string' ? message : code;
      }
    }
    if (typeof message === 'string') return message;
  }
  return String(error);
}
