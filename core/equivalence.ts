import type { Json, JsonObject } from './json.js';
import { isJsonObject } from './json.js';

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
 * Compares two whole versions of one object with `equivalent`, reading absent form sections as
 * empty and an absent form script as `""`. The form `script` and a global's `attributes.code` are
 * text values.
 */
export function documentsEquivalent(a: JsonObject, b: JsonObject, ignoreWhitespace: boolean): boolean {
  return compareDocuments(a, b, (x, y, text) => equivalent(x, y, ignoreWhitespace, text));
}

/** `strictEqual` over whole versions, reading absent form sections as empty. */
export function documentsStrictlyEqual(a: JsonObject, b: JsonObject): boolean {
  return compareDocuments(a, b, (x, y) => strictEqual(x, y));
}

function compareDocuments(
  a: JsonObject,
  b: JsonObject,
  same: (x: Json | undefined, y: Json | undefined, text: boolean) => boolean,
): boolean {
  // The same document (the loader shares the parse of a file the Source and the Target hold byte
  // for byte): equal under both equalities, without walking it.
  if (a === b) return true;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if ((FORM_SECTIONS as readonly string[]).includes(key)) {
      const x = own(a, key) ?? {};
      const y = own(b, key) ?? {};
      if (key === 'attributes' && isJsonObject(x) && isJsonObject(y)) {
        if (!attributesSame(x, y, same)) return false;
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
  same: (x: Json | undefined, y: Json | undefined, text: boolean) => boolean,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!same(own(a, key), own(b, key), key === 'code')) return false;
  }
  return true;
}
