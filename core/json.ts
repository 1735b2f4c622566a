import { CarryoverBug } from './bug.js';

/** A JSON value as read from a configuration file. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A JSON object. Key order is the order read (or written) and is significant only for output. */
export interface JsonObject {
  [key: string]: Json;
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Builds a JSON pointer from reference tokens: `['components', 'CustNum', 'x']` → `/components/CustNum/x`. */
export function jsonPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

/**
 * The key order of the objects of one document that JavaScript would not keep by itself, as plain
 * data: for each such object, its JSON pointer and its keys in document order. JavaScript
 * enumerates integer-like keys (`"3"`, `"20"`) before all others, ascending, whatever the order
 * they were written in; a form whose components are named `Header`, `20`, `3` would otherwise be
 * written back as `3`, `20`, `Header` (docs/merge-behaviour.md, "Key order"). Plain data survives
 * every boundary a document crosses (structured clone to and from worker threads, JSON).
 */
export type KeyOrder = { pointer: string; keys: string[] }[];

/** Objects whose key order differs from `Object.keys`: their keys in document order. */
const explicitOrder = new WeakMap<JsonObject, readonly string[]>();
/** False until one object has an explicit order: until then `stringifyJson` is `JSON.stringify`. */
let anyExplicitOrder = false;

/** True for a key that JavaScript enumerates first, in ascending order: a canonical array index. */
export function isIndexKey(key: string): boolean {
  const first = key.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return false;
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4294967295;
}

/**
 * The keys of a JSON object in document order: the order read, or the order a merge built. Use it
 * (never `Object.keys`) wherever the order is written out or decides an order.
 */
export function keysOf(object: JsonObject): readonly string[] {
  return explicitOrder.get(object) ?? Object.keys(object);
}

/**
 * Records the document order of an object's own keys (`keys` holds each own key once). Nothing is
 * recorded when it is the order JavaScript enumerates anyway.
 */
export function setKeyOrder(object: JsonObject, keys: readonly string[]): void {
  const natural = Object.keys(object);
  if (natural.length === keys.length && natural.every((key, i) => key === keys[i])) {
    explicitOrder.delete(object);
    return;
  }
  explicitOrder.set(object, [...keys]);
  anyExplicitOrder = true;
}

/** Builds an object from entries in order, keeping that order even for integer-like keys. */
export function orderedObject(entries: Iterable<readonly [string, Json]>): JsonObject {
  const object: JsonObject = {};
  const keys: string[] = [];
  let indexKey = false;
  for (const [key, value] of entries) {
    if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
    else object[key] = value;
    keys.push(key);
    if (!indexKey && isIndexKey(key)) indexKey = true;
  }
  if (indexKey) setKeyOrder(object, keys);
  return object;
}

/** The explicit key orders inside `value` (depth first, document order), or `undefined` when there are none. */
export function keyOrderOf(value: Json): KeyOrder | undefined {
  if (!anyExplicitOrder) return undefined;
  const order: KeyOrder = [];
  const walk = (node: Json, tokens: (string | number)[]): void => {
    if (node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((child, i) => walk(child, [...tokens, i]));
      return;
    }
    const explicit = explicitOrder.get(node);
    if (explicit) order.push({ pointer: jsonPointer(tokens), keys: [...explicit] });
    for (const key of keysOf(node)) walk(node[key], [...tokens, key]);
  };
  walk(value, []);
  return order.length > 0 ? order : undefined;
}

/**
 * Gives the objects of `value` the key orders of `order` (from `keyOrderOf` or the parser), after
 * `value` crossed a boundary that kept only the data. A pointer that does not lead to an object
 * with exactly those keys is a bug of whoever paired them.
 */
export function applyKeyOrder(value: Json, order: KeyOrder | undefined): void {
  if (order === undefined) return;
  for (const { pointer, keys } of order) {
    let node: Json = value;
    for (const token of pointer === '' ? [] : pointer.slice(1).split('/')) {
      const key = token.replace(/~1/g, '/').replace(/~0/g, '~');
      node = Array.isArray(node) ? node[Number(key)] : isJsonObject(node) && Object.hasOwn(node, key) ? node[key] : null;
    }
    if (!isJsonObject(node) || Object.keys(node).length !== keys.length || !keys.every((key) => Object.hasOwn(node, key))) {
      throw new CarryoverBug(`applyKeyOrder: ${pointer} is not an object with the keys ${JSON.stringify(keys)}`);
    }
    setKeyOrder(node, keys);
  }
}

/**
 * `JSON.stringify(value, null, indent)` that writes every object's keys in document order
 * (`keysOf`). Same bytes as `JSON.stringify` for values without explicit orders.
 */
export function stringifyJson(value: Json, indent = 0): string {
  if (!anyExplicitOrder) return JSON.stringify(value, null, indent);
  const pad = ' '.repeat(indent);
  const write = (node: Json, current: string): string => {
    if (node === null || typeof node !== 'object') return JSON.stringify(node);
    const inner = current + pad;
    const open = indent > 0 ? '\n' + inner : '';
    const close = indent > 0 ? '\n' + current : '';
    const separator = indent > 0 ? ',\n' + inner : ',';
    if (Array.isArray(node)) {
      if (node.length === 0) return '[]';
      // As JSON.stringify: an array element that is not JSON (undefined) is written as null.
      return '[' + open + node.map((child) => (child === undefined ? 'null' : write(child, inner))).join(separator) + close + ']';
    }
    // As JSON.stringify: a key whose value is undefined is left out.
    const keys = keysOf(node).filter((key) => node[key] !== undefined);
    if (keys.length === 0) return '{}';
    const colon = indent > 0 ? ': ' : ':';
    return '{' + open + keys.map((key) => JSON.stringify(key) + colon + write(node[key], inner)).join(separator) + close + '}';
  };
  return write(value, '');
}
