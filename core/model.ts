import { CarryoverBug } from './bug.js';
import { parseScopeId as parseScope } from './ids.js';
import type { JsonObject, KeyOrder } from './json.js';

/** The global object types of `carryover/1`, as folder names under `globals/`. */
export const GLOBAL_TYPES = [
  'componentClasses',
  'propertyClassExtensions',
  'validators',
  'scripts',
  'variables',
  'strings',
  'menus',
  'images',
  'themes',
  'webUserControls',
  'webUserControlElements',
] as const;

/** One of the 11 global object types. */
export type GlobalType = (typeof GLOBAL_TYPES)[number];

/**
 * A scope id, as used in prompt and decision ids: `vendor`, `site`, `group:<Group>`, `user:<User>`.
 * `vendor` is the vendor's base level.
 */
export type ScopeId = 'vendor' | 'site' | `group:${string}` | `user:${string}`;

/** A scope, parsed. */
export type Scope =
  | { kind: 'vendor' }
  | { kind: 'site' }
  | { kind: 'group'; name: string }
  | { kind: 'user'; name: string };

/** The thing a version is a version of. */
export type ObjectRef =
  | { kind: 'form'; name: string }
  | { kind: 'global'; type: GlobalType; name: string }
  | { kind: 'explorer' }
  | { kind: 'runtime'; name: string };

/**
 * The parsed `configuration.json`.
 * `groups` maps a group name to its member users; `protected` refuses destructive options.
 */
export interface ConfigurationMeta {
  format: 'carryover/1';
  name: string;
  groups?: Record<string, string[]>;
  protected?: boolean;
}

/** One validated file of a configuration: one version of one object at one scope. */
export interface VersionFile {
  /** Path relative to the configuration root, `/`-separated: `users/B_Smith/forms/Customers.json`. */
  path: string;
  scope: ScopeId;
  object: ObjectRef;
  /** The parsed document, keys in the order read. */
  doc: JsonObject;
  /** True when the file started with a UTF-8 byte-order mark. */
  bom: boolean;
  /** The key order of `doc`'s objects that JavaScript would not keep (integer-like keys), as read. */
  keyOrder?: KeyOrder;
}

/**
 * A configuration read into memory and validated: its `configuration.json` and every version file,
 * keyed by relative path. Dot-entries are not part of it.
 */
export interface Configuration {
  /** The folder it was read from, as given by the user (for messages only). */
  root: string;
  meta: ConfigurationMeta;
  /** Every version file, keyed by `VersionFile.path`. */
  files: Map<string, VersionFile>;
}

// Ids are formatted and parsed in ids.ts, paths in layout.ts; re-exported here for the modules that import them from the model.
export { objectId, parseScopeId, scopeId, versionId } from './ids.js';
export { scopeFolder, versionPath } from './layout.js';

/**
 * The customized scopes between `scope` and the base, nearest first (docs/merge-behaviour.md):
 * for a User, the Group it belongs to (when `configuration.json` names one) and the Site; for a
 * Group, the Site; nothing for the Site or the base. What a User or Group would otherwise get is
 * the first of these that has a version, else the base.
 */
export function scopesAbove(scope: ScopeId, configuration: Configuration): ScopeId[] {
  const parsed = parseScope(scope);
  const chain: ScopeId[] = [];
  if (parsed.kind === 'user') {
    const groups = configuration.meta.groups ?? {};
    const group = Object.keys(groups).find((name) => groups[name].includes(parsed.name));
    if (group !== undefined) chain.push(`group:${group}`);
  }
  if (parsed.kind === 'user' || parsed.kind === 'group') chain.push('site');
  return chain;
}

/** Marks a branch that the type system proves unreachable; reaching it is a bug. */
export function assertNever(value: never): never {
  throw new CarryoverBug(`unexpected value: ${JSON.stringify(value)}`);
}
