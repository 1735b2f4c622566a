import type { Json, JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import type { ObjectRef } from './model.js';
import { standInPair } from './standIns.js';

/**
 * Normalizes a text value for comparison (docs/merge-behaviour.md, "Equality and phantom changes"): CRLF and lone CR
 * become LF; with `ignoreWhitespace`, trailing spaces and tabs on each line and one missing final
 * line break are ignored too.
 */
export function normalizeText(text: string, ignoreWhitespace: boolean): string {
  let normalized = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
  if (ignoreWhitespace) {
    if (/[ \t]\n|[ \t]$/.test(normalized)) normalized = normalized.replace(/[ \t]+(?=\n|$)/g, '');
    if (normalized.endsWith('\n')) normalized = normalized.slice(0, -1);
  }
  return normalized;
}

/** True when a string is a text value by content: it contains a line break. */
function hasLineBreak(value: string): boolean {
  return value.includes('\n') || value.includes('\r');
}

/**
 * Deep JSON equality where object key order does not matter and `null` differs from a missing
 * key. Arrays are compared in order. This is the *strict* equality: a phantom change is a
 * difference under it that disappears under `equivalent`.
 */
export function strictEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!strictEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return objectsEqual(a, b, strictEqual);
}

/**
 * The merge rules' equality ≡: deep equality where key order does not matter, `null` is a value,
 * and text values (strings containing a line break, or any string when `text` is set) are
 * compared after `normalizeText`.
 */
export function equivalent(
  a: Json | undefined,
  b: Json | undefined,
  ignoreWhitespace: boolean,
  text = false,
): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') {
    if (!text && !hasLineBreak(a) && !hasLineBreak(b)) return false;
    return normalizeText(a, ignoreWhitespace) === normalizeText(b, ignoreWhitespace);
  }
  if (a === undefined || b === undefined || a === null || b === null) return false;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  const recurse = (x: Json | undefined, y: Json | undefined) => equivalent(x, y, ignoreWhitespace);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!recurse(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return objectsEqual(a, b, recurse);
}

function objectsEqual(
  a: JsonObject,
  b: JsonObject,
  same: (x: Json | undefined, y: Json | undefined) => boolean,
): boolean {
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  for (const key of keysA) {
    if (!Object.hasOwn(b, key) || !same(a[key], b[key])) return false;
  }
  return true;
}

/** The sections of a form document; absent means empty (docs/configuration.md). */
const FORM_SECTIONS = ['attributes', 'components', 'eventHandlers', 'variables'] as const;

/**
 * The top-level key that names a document's JSON Schema: an editor's aid, not part of the
 * configuration, so the merge never compares it (docs/merge-behaviour.md, "`$schema`").
 */
export const SCHEMA_KEY = '$schema';

/**
 * True when `attributes.code` of a version of `object` is a text value: only a global object of
 * type `scripts` has code. Which strings are text is decided by place, never by name alone
 * (docs/merge-behaviour.md, "Equality and phantom changes"): a form attribute or a validator attribute named
 * `code` is an ordinary string.
 */
export function codeIsText(object: ObjectRef): boolean {
  return object.kind === 'global' && object.type === 'scripts';
}

/**
 * Compares two whole versions of `object` with `equivalent`, reading absent form sections as
 * empty and an absent form script as `""`. The form `script` and the `code` of a `scripts` global
 * are text values; a top-level `$schema` is ignored.
 */
export function documentsEquivalent(a: JsonObject, b: JsonObject, ignoreWhitespace: boolean, object: ObjectRef): boolean {
  // Two paired stand-ins (core/standIns.ts): answered as the two documents were read.
  const paired = standInPair(a, b);
  if (paired !== undefined) return paired.equivalent[ignoreWhitespace ? 1 : 0];
  return compareDocuments(a, b, codeIsText(object), (x, y, text) => equivalent(x, y, ignoreWhitespace, text));
}

/** `strictEqual` over whole versions, reading absent form sections as empty and ignoring `$schema`. */
export function documentsStrictlyEqual(a: JsonObject, b: JsonObject): boolean {
  const paired = standInPair(a, b);
  if (paired !== undefined) return paired.strictlyEqual;
  return compareDocuments(a, b, false, (x, y) => strictEqual(x, y));
}

function compareDocuments(
  a: JsonObject,
  b: JsonObject,
  codeText: boolean,
  same: (x: Json | undefined, y: Json | undefined, text: boolean) => boolean,
): boolean {
  // The same document (the loader shares the parse of a file the Source and the Target hold byte
  // for byte): equal under both equalities, without walking it.
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (key === SCHEMA_KEY) continue;
    if ((FORM_SECTIONS as readonly string[]).includes(key)) {
      const x = own(a, key) ?? {};
      const y = own(b, key) ?? {};
      if (key === 'attributes' && isJsonObject(x) && isJsonObject(y)) {
        if (!attributesSame(x, y, codeText, same)) return false;
      } else if (!same(x, y, false)) return false;
    } else if (key === 'script') {
      if (!same(own(a, key) ?? '', own(b, key) ?? '', true)) return false;
    } else if (!same(own(a, key), own(b, key), false)) return false;
  }
  return true;
}

/** `object[key]` if it is an own key: `__proto__` or `constructor` absent from one side is absent, not inherited. */
function own(object: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

function attributesSame(
  a: JsonObject,
  b: JsonObject,
  codeText: boolean,
  same: (x: Json | undefined, y: Json | undefined, text: boolean) => boolean,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!same(own(a, key), own(b, key), codeText && key === 'code')) return false;
  }
  return true;
}

/**
 * Names what text normalization hid between two values that are ≡ but not strictly equal, for
 * the reason of a `phantom` decision: `line endings`, `trailing whitespace`, `a final line break`,
 * joined with `and`. Walks both values in step (they have the same shape, being ≡).
 */
export function phantomDifference(a: Json | undefined, b: Json | undefined): string {
  const found = new Set<string>();
  collectPhantom(a, b, found);
  const order = ['line endings', 'trailing whitespace', 'a final line break'].filter((what) => found.has(what));
  return order.length === 0 ? 'text normalization' : order.join(' and ');
}

function collectPhantom(a: Json | undefined, b: Json | undefined, found: Set<string>): void {
  if (a === b || a === undefined || b === undefined || a === null || b === null) return;
  if (typeof a === 'string' && typeof b === 'string') {
    if (lineEndings(a) !== lineEndings(b)) found.add('line endings');
    const [x, y] = [a.replace(/\r\n?/g, '\n'), b.replace(/\r\n?/g, '\n')];
    if (x === y) return;
    const trim = (text: string) => text.replace(/[ \t]+(?=\n|$)/g, '');
    const [tx, ty] = [trim(x), trim(y)];
    if (tx !== x || ty !== y) found.add('trailing whitespace');
    if (tx !== ty) found.add('a final line break');
    return;
  }
  if (typeof a !== 'object' || typeof b !== 'object') return;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) collectPhantom(a[i], b[i], found);
    return;
  }
  if (Array.isArray(a) || Array.isArray(b)) return;
  for (const key of Object.keys(a)) if (Object.hasOwn(b, key)) collectPhantom(a[key], b[key], found);
}

/** The line-ending styles a text uses, as a short key: `crlf`, `lf`, `cr`, joined. */
function lineEndings(text: string): string {
  const styles: string[] = [];
  if (text.includes('\r\n')) styles.push('crlf');
  if (/\r(?!\n)/.test(text)) styles.push('cr');
  if (/(^|[^\r])\n/.test(text)) styles.push('lf');
  return styles.join(',');
}
