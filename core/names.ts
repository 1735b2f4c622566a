import { CarryoverBug } from './bug.js';

/**
 * The name rules of docs/configuration.md ("Rules") and the `%` name filters of
 * docs/merge-behaviour.md ("Options file").
 */

/** Longest name allowed: one leading character and up to 127 more. */
export const MAX_NAME_LENGTH = 128;

/** Windows device names, in any case, alone or followed by an extension (`con`, `Com1.json`, `CONIN$`). */
const RESERVED_PATTERN = /^(?:CON|PRN|AUX|NUL|COM[1-9]|LPT[1-9]|CONIN\$|CONOUT\$)(?:\.|$)/i;

/**
 * True when `name` may name a form, component, attribute, event, variable, global object, group or
 * user: it matches `^[A-Za-z0-9_][A-Za-z0-9_.$-]{0,127}$` and is not a reserved device name of
 * Windows. Checked with a character loop (this runs for every name of every file).
 */
export function isValidName(name: string): boolean {
  if (knownValid.has(name)) return true;
  const length = name.length;
  if (length === 0 || length > MAX_NAME_LENGTH || !isNameStart(name.charCodeAt(0))) return false;
  for (let i = 1; i < length; i++) {
    if (!isNameChar(name.charCodeAt(i))) return false;
  }
  if (isReservedName(name)) return false;
  // The same few hundred attribute names recur in every file: remember them (bounded).
  if (knownValid.size < KNOWN_VALID_LIMIT) knownValid.add(name);
  return true;
}

/** Names already found valid; a cache, so bounded, and never holding an invalid name. */
const knownValid = new Set<string>();
const KNOWN_VALID_LIMIT = 50_000;

/** `CON`, `nul.txt`, `Com1.json`, ...: reserved on Windows, in any case, with or without an extension. */
function isReservedName(name: string): boolean {
  // Every reserved name starts with c, p, a, n or l, and has 3 or 4 letters (or CONIN$, CONOUT$)
  // before the end or a dot: skip the pattern for all other names. No character past the end is
  // read: V8 drops the optimized code of a function that reads one (docs/performance.md).
  const length = name.length;
  if (length < 3) return false;
  const first = name.charCodeAt(0) | 0x20;
  if (first !== 0x63 && first !== 0x70 && first !== 0x61 && first !== 0x6e && first !== 0x6c) return false;
  const conin = (dollarAt(name, 5) && endOrDotAt(name, 6)) || (dollarAt(name, 6) && endOrDotAt(name, 7));
  if (!endOrDotAt(name, 3) && !endOrDotAt(name, 4) && !conin) return false;
  return RESERVED_PATTERN.test(name);
}

/** `name` ends at `i`, or has a dot there. */
function endOrDotAt(name: string, i: number): boolean {
  return name.length === i || (name.length > i && name.charCodeAt(i) === 0x2e);
}

/** `name` has a `$` at `i`. */
function dollarAt(name: string, i: number): boolean {
  return name.length > i && name.charCodeAt(i) === 0x24;
}

/**
 * The key under which Windows files a folder name: letter case ignored and trailing dots and
 * spaces dropped (Windows strips them, so `users/B_Smith.` is the folder `users/B_Smith`). Two
 * folder names of one folder with the same key collide (docs/configuration.md, "Rules").
 */
export function windowsFolderKey(name: string): string {
  return name.replace(/[. ]+$/, '').toLowerCase();
}

/**
 * Why `name` is not a valid name, as the end of a sentence ("... is not a valid name: ..."),
 * or `null` when it is valid. Never echoes more than a short prefix of a long name.
 */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'a name must not be empty';
  if (name.length > MAX_NAME_LENGTH) return `a name must be at most ${MAX_NAME_LENGTH} characters long (this one has ${name.length})`;
  if (isValidName(name)) return null;
  if (isReservedName(name)) return `${quoteName(name)} is a reserved device name on Windows`;
  const first = name.charCodeAt(0);
  if (!isNameStart(first)) {
    return `${quoteName(name)} must start with a letter, a digit or '_' (it starts with ${describeChar(name, 0)})`;
  }
  for (let i = 1; i < name.length; i++) {
    if (!isNameChar(name.charCodeAt(i))) {
      return `${quoteName(name)} contains ${describeChar(name, i)}; a name may only contain letters, digits and _ . $ -`;
    }
  }
  throw new CarryoverBug(`nameProblem: no problem found with ${quoteName(name)}`);
}

/**
 * True when `name` matches a name filter: `%` matches any run of characters (including none),
 * every other character (`_` included) matches itself, letters case-insensitively.
 * Runs in time linear in the lengths (segment search, no backtracking, no regular expression).
 */
export function matchesNameFilter(name: string, filter: string): boolean {
  const text = name.toLowerCase();
  const segments = filter.toLowerCase().split('%');
  if (segments.length === 1) return text === segments[0];
  const first = segments[0];
  const last = segments[segments.length - 1];
  if (text.length < first.length + last.length) return false;
  if (!text.startsWith(first) || !text.endsWith(last)) return false;
  // Greedy leftmost placement of the middle segments is optimal for `*`-only patterns.
  let position = first.length;
  const end = text.length - last.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (segment === '') continue;
    const found = text.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

/**
 * Why `filter` is not a valid name filter (docs/merge-behaviour.md: `%` is the only wildcard), or
 * `null`. A filter is a non-empty string of name characters and `%`.
 */
export function filterProblem(filter: string): string | null {
  if (filter.length === 0) return 'a name filter must not be empty (use "%" for all names)';
  for (let i = 0; i < filter.length; i++) {
    const c = filter.charCodeAt(i);
    if (c === 0x25 /* % */ || isNameChar(c)) continue;
    const hint = c === 0x2a /* * */ || c === 0x3f /* ? */ ? ' (the only wildcard is %)' : '';
    return `the name filter ${quoteName(filter)} contains ${describeChar(filter, i)}${hint}; a filter may only contain name characters and %`;
  }
  return null;
}

/** Quotes a name for a message, shortening it when long. */
export function quoteName(name: string): string {
  const shown = name.length > 40 ? name.slice(0, 40) + '…' : name;
  return JSON.stringify(shown);
}

/** For each ASCII code: 2 when it may start a name, 1 when it may only continue one, 0 otherwise. */
const NAME_CHARS = (() => {
  const table = new Uint8Array(128);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_') table[c.charCodeAt(0)] = 2;
  for (const c of '.$-') table[c.charCodeAt(0)] = 1;
  return table;
})();

/** Letters and digits (ASCII) and `_`. */
function isNameStart(c: number): boolean {
  return c < 128 && NAME_CHARS[c] === 2;
}

/** A name start, `.`, `$` or `-`. */
function isNameChar(c: number): boolean {
  return c < 128 && NAME_CHARS[c] !== 0;
}

/** Names one character for a message: `'/'`, or `U+0007` for an invisible one. */
function describeChar(text: string, index: number): string {
  const code = text.codePointAt(index) ?? 0;
  if (code === 0x20) return 'a space';
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
    return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}
