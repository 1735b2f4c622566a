/**
 * What the reader thread (readFiles.ts) imports to validate a lone base itself, so that the main
 * thread neither parses nor validates it (docs/performance.md, "Lone bases held as stand-ins"):
 * the very decoding, parse and validation the main thread would run on the same bytes.
 */
import { parseJson } from '../parseJson.js';
import { isValidLoneBase } from '../validateConfiguration.js';
import { decodeUtf8, hasBom } from './loadFile.js';

/**
 * True when `bytes`, read at the relative `path`, decode as strict UTF-8, parse as strict JSON
 * with no key order kept as data, and make a valid version whose handlers carry no `keep`: the
 * main thread may then hold the file as a stand-in without reading it. `keyTokens`: the key tokens
 * the reader counted in these bytes (parseJson.ts).
 */
export function checkLoneBase(path: string, bytes: Uint8Array, keyTokens: number): boolean {
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') return false;
  // As loadConfiguration.ts does: the byte-order mark goes back in, so that a second one is refused.
  const parsed = parseJson(hasBom(bytes) ? '\uFEFF' + decoded : decoded, path, keyTokens);
  return parsed.ok && parsed.keyOrder === undefined && isValidLoneBase(path, parsed.value);
}
