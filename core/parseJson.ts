import { isIndexKey, jsonPointer, setKeyOrder, type Json, type JsonObject, type KeyOrder } from './json.js';
import type { Problem } from './problems.js';
import { defineKey } from './serialize.js';

/**
 * Deepest nesting of arrays and objects accepted. Deeper documents are invalid input: every later
 * stage (equality, the merge, serialization) may recurse over a document, and a 100,000-deep
 * array would overflow its stack. Real configurations nest a handful of levels.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * Texts longer than this are checked for density before they are parsed: at most one object or
 * array per `MIN_CHARS_PER_CONTAINER` characters. An empty `[]` costs a few characters of input
 * but tens of bytes in memory, so a file of nothing but `[],` would make the process grow to many
 * times its size; real configuration files hold one container per hundreds of characters
 * (docs/reliability.md, "Size limits").
 */
export const DENSITY_CHECK_FROM = 1 << 20;
export const MIN_CHARS_PER_CONTAINER = 16;

/** The result of `parseJson`. `bom` says whether the text started with a byte-order mark. */
export type ParseJsonResult =
  | { ok: true; value: Json; bom: boolean; keyOrder?: KeyOrder }
  | { ok: false; problems: Problem[]; bom: boolean };

/**
 * Parses JSON strictly (docs/configuration.md, "Files"): RFC 8259 syntax, no key repeated inside
 * one object, no integer literal beyond 2^53 and no number beyond the range of a double (both
 * would be written back changed), at most `MAX_JSON_DEPTH` levels; a leading
 * byte-order mark is tolerated and reported as `bom`. Every key, `__proto__` included, is an own
 * data property. Problems carry `file`, the JSON pointer of where the text broke, and (for syntax
 * errors) the line and column in the message. Never throws on bad input.
 *
 * Fast path: `JSON.parse`, then one linear scan that counts the keys in the text and one walk
 * of the value; only when they disagree (or `JSON.parse` fails) does the precise parser run, to
 * say what is wrong and where. A caller that already counted the key tokens of exactly this
 * text (the loader does, on the file's bytes, in its reading thread) passes `keyTokens`, and the
 * scan is skipped.
 */
export function parseJson(text: string, file: string, keyTokens?: number): ParseJsonResult {
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  if (body.length > DENSITY_CHECK_FROM) {
    const containers = countContainers(body);
    if (containers > body.length / MIN_CHARS_PER_CONTAINER) {
      const message = `too many objects and arrays for its size (${containers} in ${body.length} characters; at most one per ${MIN_CHARS_PER_CONTAINER} characters in a file over ${DENSITY_CHECK_FROM / (1 << 20)} MiB): refused before parsing, as reading it would take many times its size in memory`;
      return { ok: false, problems: [{ code: 'json-too-dense', file, pointer: '', message }], bom };
    }
  }
  let value: Json;
  try {
    value = JSON.parse(body) as Json;
  } catch (error) {
    // Not swallowed: the precise parser says what is wrong and where. `error` only backs it up.
    return preciseParse(body, file, bom, error instanceof Error ? error.message : String(error));
  }
  // JSON.parse cannot keep the order of integer-like keys, nor tell `1e-400` from `0`: a document
  // that may hold either goes to the precise parser too.
  if (passesFastChecks(body, value, keyTokens) && !(sawZero && /[eE]-0*[1-9][0-9]{2}|\.0{100}/.test(body))) return { ok: true, value, bom };
  return preciseParse(body, file, bom, null);
}

/**
 * True when `value` (just parsed from `text` by `JSON.parse`) has as many keys as `text` has key
 * tokens (so no key was repeated), no container deeper than `MAX_JSON_DEPTH`, and no number that
 * could come from an integer literal beyond 2^53.
 */
function passesFastChecks(text: string, value: Json, keyTokens: number | undefined): boolean {
  sawZero = false;
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && Math.abs(value) < MIN_NORMAL) sawZero = true;
    return typeof value !== 'number' || !mayLosePrecision(value);
  }
  const keys = countKeys(value, 1);
  return keys >= 0 && (keyTokens ?? countKeyTokens(text)) === keys;
}

/**
 * The number of object keys in `node` and below, or -1 when a container is deeper than
 * `MAX_JSON_DEPTH` or a number may be an unsafe integer. Recursion is bounded by the depth check.
 * `for...in` avoids allocating key arrays; an enumerable property inherited from a polluted
 * `Object.prototype` would only make the count disagree, which sends the text to the precise parser.
 */
/** Set by `countKeys` when it met a zero or subnormal number, which may be an underflowed literal. */
let sawZero = false;

function countKeys(node: Json[] | JsonObject, depth: number): number {
  if (depth > MAX_JSON_DEPTH) return -1;
  let keys = 0;
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const child = node[i];
      if (typeof child === 'object') {
        if (child === null) continue;
        const below = countKeys(child, depth + 1);
        if (below < 0) return -1;
        keys += below;
      } else if (typeof child === 'number') {
        if (mayLosePrecision(child)) return -1;
        if (Math.abs(child) < MIN_NORMAL) sawZero = true;
      }
    }
    return keys;
  }
  let own = 0;
  let indexKey = false;
  for (const key in node) {
    keys++;
    own++;
    // An integer-like key (JavaScript lists those first) in an object of two keys or more: only the
    // precise parser can say the order it was written in.
    if (!indexKey && isIndexKey(key)) indexKey = true;
    if (indexKey && own > 1) return -1;
    const child = node[key];
    if (typeof child === 'object') {
      if (child === null) continue;
      const below = countKeys(child, depth + 1);
      if (below < 0) return -1;
      keys += below;
    } else if (typeof child === 'number') {
      if (mayLosePrecision(child)) return -1;
      if (Math.abs(child) < MIN_NORMAL) sawZero = true;
    }
  }
  return keys;
}

/** The smallest normal double, 2^-1022: below it a double keeps fewer significant digits. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * An integer-valued number outside the safe range (maybe an integer literal beyond 2^53; `1e300`
 * is not one, the precise parser tells), or a literal too large for a double (`1e400` would be
 * written back as `null`).
 */
function mayLosePrecision(n: number): boolean {
  return !Number.isSafeInteger(n) && (Number.isInteger(n) || !Number.isFinite(n));
}

/**
 * Counts the object keys of a valid JSON text: strings followed (after whitespace) by `:`.
 * Jumps from quote to quote with `indexOf`, so the cost is per string, not per character.
 * (core/node/readFiles.ts counts the same way on a file's UTF-8 bytes, for `keyTokens`.)
 */
function countKeyTokens(text: string): number {
  let count = 0;
  let position = 0;
  for (;;) {
    const open = text.indexOf('"', position);
    if (open < 0) return count;
    let close = open + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) return count; // cannot happen in valid JSON
      let backslash = close - 1;
      while (text.charCodeAt(backslash) === 0x5c) backslash--;
      if ((close - 1 - backslash) % 2 === 0) break; // an even run of backslashes: the quote closes
      close++;
    }
    let next = close + 1;
    let c = text.charCodeAt(next);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++next);
    if (c === 0x3a /* : */) count++;
    position = close + 1;
  }
}

/** The number of `[` and `{` outside strings (a string's escaped quote does not end it). */
function countContainers(text: string): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* backslash */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) count++;
  }
  return count;
}

/** Thrown inside the precise parser to stop at a syntax error; never escapes `preciseParse`. */
class StopParsing {}

/**
 * The precise parser: recursive descent (depth bounded by `MAX_JSON_DEPTH`), collecting every
 * repeated key and unsafe integer, stopping at the first syntax error or excessive depth.
 */
function preciseParse(text: string, file: string, bom: boolean, fallbackMessage: string | null): ParseJsonResult {
  const problems: Problem[] = [];
  const path: (string | number)[] = [];
  const keyOrder: KeyOrder = [];
  let pos = 0;

  const problem = (code: string, pointer: string, message: string): void => {
    problems.push({ code, file, pointer, message });
  };

  const syntaxError = (what: string, at: number = pos): never => {
    problem('json-syntax', jsonPointer(path), `invalid JSON at ${lineColumn(text, at)}: ${what}`);
    throw new StopParsing();
  };

  const skipWhitespace = (): void => {
    let c = text.charCodeAt(pos);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++pos);
  };

  const found = (): string => describeAt(text, pos);

  const parseValue = (depth: number): Json => {
    skipWhitespace();
    const c = text.charCodeAt(pos);
    switch (c) {
      case 0x7b /* { */:
        return parseObject(depth + 1);
      case 0x5b /* [ */:
        return parseArray(depth + 1);
      case 0x22 /* " */:
        return parseString();
      case 0x74 /* t */:
        return parseLiteral('true', true);
      case 0x66 /* f */:
        return parseLiteral('false', false);
      case 0x6e /* n */:
        return parseLiteral('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return parseNumber();
        return syntaxError(`expected a value, found ${found()}`);
    }
  };

  const checkDepth = (depth: number): void => {
    if (depth > MAX_JSON_DEPTH) {
      problem(
        'json-depth',
        jsonPointer(path),
        `arrays and objects are nested more than ${MAX_JSON_DEPTH} levels deep, which is not supported`,
      );
      throw new StopParsing();
    }
  };

  const parseObject = (depth: number): JsonObject => {
    checkDepth(depth);
    pos++; // {
    const object: JsonObject = {};
    const keys: string[] = [];
    let indexKey = false;
    // The order written, recorded where JavaScript would not keep it (integer-like keys).
    const done = (): JsonObject => {
      if (indexKey && keys.length > 1) {
        setKeyOrder(object, keys);
        if (Object.keys(object).some((key, i) => key !== keys[i])) keyOrder.push({ pointer: jsonPointer(path), keys });
      }
      return object;
    };
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x7d /* } */) {
      pos++;
      return object;
    }
    for (;;) {
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x22) {
        syntaxError(`expected a double-quoted property name, found ${found()}`);
      }
      const key = parseString();
      skipWhitespace();
      if (text.charCodeAt(pos) !== 0x3a /* : */) syntaxError(`expected ':' after a property name, found ${found()}`);
      pos++;
      path.push(key);
      const duplicate = Object.hasOwn(object, key);
      if (duplicate) {
        problem('duplicate-key', jsonPointer(path), `the key ${JSON.stringify(key)} is repeated in this object`);
      }
      const value = parseValue(depth);
      path.pop();
      if (!duplicate) {
        defineKey(object, key, value);
        keys.push(key);
        if (!indexKey && isIndexKey(key)) indexKey = true;
      }
      skipWhitespace();
      const c = text.charCodeAt(pos);
      if (c === 0x2c /* , */) {
        pos++;
        continue;
      }
      if (c === 0x7d /* } */) {
        pos++;
        return done();
      }
      path.push(key);
      syntaxError(`expected ',' or '}' after a property value, found ${found()}`);
    }
  };

  const parseArray = (depth: number): Json[] => {
    checkDepth(depth);
    pos++; // [
    const array: Json[] = [];
    skipWhitespace();
    if (text.charCodeAt(pos) === 0x5d /* ] */) {
      pos++;
      return array;
    }
    for (;;) {
      path.push(array.length);
      array.push(parseValue(depth));
      path.pop();
      skipWhitespace();
      const c = text.charCodeAt(pos);
      if (c === 0x2c) {
        pos++;
        continue;
      }
      if (c === 0x5d) {
        pos++;
        return array;
      }
      path.push(array.length - 1);
      syntaxError(`expected ',' or ']' after an array element, found ${found()}`);
    }
  };

  const parseString = (): string => {
    const start = pos;
    pos++; // "
    let result = '';
    let chunkStart = pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        result += text.slice(chunkStart, pos);
        pos++;
        return result;
      }
      if (Number.isNaN(c)) syntaxError('unterminated string (it starts at ' + lineColumn(text, start) + ')');
      if (c < 0x20) {
        syntaxError(
          `a control character (U+${c.toString(16).toUpperCase().padStart(4, '0')}) must be escaped inside a string`,
        );
      }
      if (c === 0x5c /* \ */) {
        result += text.slice(chunkStart, pos);
        const e = text.charCodeAt(pos + 1);
        switch (e) {
          case 0x22:
            result += '"';
            break;
          case 0x5c:
            result += '\\';
            break;
          case 0x2f:
            result += '/';
            break;
          case 0x62:
            result += '\b';
            break;
          case 0x66:
            result += '\f';
            break;
          case 0x6e:
            result += '\n';
            break;
          case 0x72:
            result += '\r';
            break;
          case 0x74:
            result += '\t';
            break;
          case 0x75 /* u */: {
            const hex = text.slice(pos + 2, pos + 6);
            if (!/^[0-9A-Fa-f]{4}$/.test(hex)) syntaxError('expected four hexadecimal digits after \\u');
            result += String.fromCharCode(parseInt(hex, 16));
            pos += 4;
            break;
          }
          default:
            pos++;
            syntaxError(`invalid escape sequence '\\${Number.isNaN(e) ? '' : String.fromCharCode(e)}' in a string`);
        }
        pos += 2;
        chunkStart = pos;
        continue;
      }
      pos++;
    }
  };

  const parseNumber = (): number => {
    const start = pos;
    let integer = true;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    const first = text.charCodeAt(pos);
    if (first === 0x30) {
      pos++;
      if (isDigit(text.charCodeAt(pos))) syntaxError('a number must not have a leading zero');
    } else if (isDigit(first)) {
      while (isDigit(text.charCodeAt(pos))) pos++;
    } else {
      syntaxError(`expected a digit after '-', found ${found()}`);
    }
    if (text.charCodeAt(pos) === 0x2e /* . */) {
      integer = false;
      pos++;
      if (!isDigit(text.charCodeAt(pos))) syntaxError(`expected a digit after the decimal point, found ${found()}`);
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      integer = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) pos++;
      if (!isDigit(text.charCodeAt(pos))) syntaxError(`expected a digit in the exponent, found ${found()}`);
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const literal = text.slice(start, pos);
    const value = Number(literal);
    if (!Number.isFinite(value)) {
      problem(
        'unsafe-number',
        jsonPointer(path),
        `numbers beyond ±1.8e308 are not supported (${shorten(literal)} cannot be represented); write it as a string`,
      );
    } else if (Math.abs(value) < MIN_NORMAL && /[1-9]/.test(literal.replace(/[eE].*$/, ''))) {
      // Too close to zero for a double: it would be written back as 0 (1e-400) or with fewer digits.
      problem(
        'unsafe-number',
        jsonPointer(path),
        `numbers closer to zero than ±2.2e-308 are not supported (${shorten(literal)} would be written back as ${String(value)}); write it as a string`,
      );
    } else if (integer && !Number.isSafeInteger(value)) {
      problem(
        'unsafe-integer',
        jsonPointer(path),
        `integers beyond 2^53 are not supported (${shorten(literal)} would lose precision); write it as a string`,
      );
    }
    return value;
  };

  const parseLiteral = <T extends Json>(word: string, value: T): T => {
    if (text.startsWith(word, pos)) {
      pos += word.length;
      return value;
    }
    return syntaxError(`expected a value, found ${found()}`);
  };

  let value: Json = null;
  try {
    skipWhitespace();
    if (pos >= text.length) syntaxError('the file is empty; expected a JSON value');
    value = parseValue(0);
    skipWhitespace();
    if (pos < text.length) syntaxError(`unexpected ${found()} after the JSON value`);
  } catch (error) {
    if (!(error instanceof StopParsing)) throw error;
  }
  if (problems.length === 0 && fallbackMessage !== null) {
    // JSON.parse refused what this parser accepted: a bug in this parser, but the input is still
    // refused rather than silently accepted.
    problems.push({ code: 'json-syntax', file, pointer: '', message: `invalid JSON: ${fallbackMessage}` });
  }
  if (problems.length > 0) return { ok: false, problems, bom };
  return keyOrder.length > 0 ? { ok: true, value, bom, keyOrder } : { ok: true, value, bom };
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function shorten(text: string): string {
  return text.length > 40 ? text.slice(0, 40) + '…' : text;
}

/** Describes the character at `pos` for a syntax error: `'x'`, `end of file`, `U+0007`. */
function describeAt(text: string, pos: number): string {
  if (pos >= text.length) return 'the end of the file';
  const code = text.codePointAt(pos)!;
  if (code < 0x20 || code === 0x7f || code === 0xfeff) {
    return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(code)}'`;
}

/** `line L, column C` (both 1-based; CRLF, LF and CR end a line; columns count UTF-16 code units). */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}
