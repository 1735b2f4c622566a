import type { Json, JsonObject } from '../json.js';
import { isJsonObject, keysOf } from '../json.js';

/** Two components of one form version that bind the same data the same way. */
export interface LogicalDuplicate {
  /** The component met first, in the version's key order. */
  first: string;
  second: string;
  binding: string;
  /** The components' `type`, or `null` when they have none. */
  type: Json;
}

/**
 * Components with different names but the same non-empty `binding` and `type`, except pairs that
 * the base has both of (the vendor's own design): usually one added by the customizer and one by
 * the vendor for the same field (docs/merge-behaviour.md, "Warnings"). Used by the merge's
 * `logical-duplicate` warning and by `carryover check`.
 */
export function findLogicalDuplicates(components: JsonObject, baseComponents: JsonObject): LogicalDuplicate[] {
  const found: LogicalDuplicate[] = [];
  const seen = new Map<string, string>();
  for (const name of keysOf(components)) {
    const value = components[name];
    if (!isJsonObject(value)) continue;
    const binding = value['binding'];
    if (typeof binding !== 'string' || binding === '') continue;
    const type = value['type'] ?? null;
    const key = JSON.stringify([binding, type]);
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, name);
      continue;
    }
    if (Object.hasOwn(baseComponents, name) && Object.hasOwn(baseComponents, other)) continue;
    found.push({ first: other, second: name, binding, type });
  }
  return found;
}
