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
