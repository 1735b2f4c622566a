import type { Json, JsonObject, KeyOrder } from './json.js';
import { applyKeyOrder, keysOf, orderedObject, stringifyJson } from './json.js';

/**
 * Top-level keys written first, in this order; any other keys follow in the order read, except a
 * `$schema` written as the first key, which stays first.
 */
const LEADING_KEYS = ['name', 'attributes', 'script', 'components', 'eventHandlers', 'variables'] as const;

/**
 * Serializes a configuration document deterministically (docs/configuration.md, "Writing"):
 * two-space indentation, a final newline, top-level keys `name`, `attributes`, `script`,
 * `components`, `eventHandlers`, `variables` first, every other key in the order it has (object
 * keys everywhere in document order, `keysOf`; `keyOrder` when the document crossed a boundary).
 * Strings are kept exactly; numbers are written as JavaScript writes them. No byte-order mark.
 */
export function serializeDocument(doc: JsonObject, keyOrder?: KeyOrder): string {
  applyKeyOrder(doc, keyOrder);
  const keys = keysOf(doc);
  const leading = keys[0] === '$schema' ? ['$schema', ...LEADING_KEYS] : LEADING_KEYS;
  const order = leading.filter((key) => Object.hasOwn(doc, key));
  for (const key of keys) if (!order.includes(key)) order.push(key);
  return stringifyJson(orderedObject(order.map((key) => [key, doc[key]])), 2) + '\n';
}

/** Sets a key as an own data property, so that `__proto__` is stored as a key, not a prototype. */
export function defineKey(target: JsonObject, key: string, value: Json): void {
  // Only `__proto__` is an accessor on Object.prototype; for every other key a plain assignment
  // creates the same own, enumerable, writable data property, several times faster (merges set
  // every attribute of every component this way).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
