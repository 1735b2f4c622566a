import type { Json, JsonObject } from './json.js';

/** Top-level keys written first, in this order; any other keys follow in the order read. */
const LEADING_KEYS = ['name', 'attributes', 'script', 'components', 'eventHandlers', 'variables'] as const;

/**
 * Serializes a configuration document deterministically (docs/configuration.md, "Writing"):
 * two-space indentation, a final newline, top-level keys `name`, `attributes`, `script`,
 * `components`, `eventHandlers`, `variables` first, every other key in the order it has.
 * Strings are kept exactly; numbers are written as JavaScript writes them. No byte-order mark.
 */
export function serializeDocument(doc: JsonObject): string {
  const ordered: JsonObject = {};
  for (const key of LEADING_KEYS) {
    if (Object.hasOwn(doc, key)) defineKey(ordered, key, doc[key]);
  }
  for (const key of Object.keys(doc)) {
    if (!Object.hasOwn(ordered, key)) defineKey(ordered, key, doc[key]);
  }
  return JSON.stringify(ordered, null, 2) + '\n';
}

/** Sets a key as an own data property, so that `__proto__` is stored as a key, not a prototype. */
export function defineKey(target: JsonObject, key: string, value: Json): void {
  // Only `__proto__` is an accessor on Object.prototype; for every other key a plain assignment
  // creates the same own, enumerable, writable data property, several times faster (merges set
  // every attribute of every component this way).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
