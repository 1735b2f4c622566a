import { CarryoverBug } from './bug.js';
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

/** Formats a scope as its id. */
export function scopeId(scope: Scope): ScopeId {
  switch (scope.kind) {
    case 'vendor':
      return 'vendor';
    case 'site':
      return 'site';
    case 'group':
      return `group:${scope.name}`;
    case 'user':
      return `user:${scope.name}`;
    default:
      return assertNever(scope);
  }
}

/** Parses a scope id produced by `scopeId`. */
export function parseScopeId(id: ScopeId): Scope {
  if (id === 'vendor' || id === 'site') return { kind: id };
  if (id.startsWith('group:')) return { kind: 'group', name: id.slice('group:'.length) };
  return { kind: 'user', name: id.slice('user:'.length) };
}

/** The folder of a scope inside a configuration: `vendor`, `site`, `groups/<G>`, `users/<U>`. */
export function scopeFolder(scope: ScopeId): string {
  const parsed = parseScopeId(scope);
  switch (parsed.kind) {
    case 'vendor':
      return 'vendor';
    case 'site':
      return 'site';
    case 'group':
      return `groups/${parsed.name}`;
    case 'user':
      return `users/${parsed.name}`;
    default:
      return assertNever(parsed);
  }
}

/** The object part of an id: `form:<Form>`, `global:<type>/<Name>`, `explorer`, `runtime:<Form>`. */
export function objectId(object: ObjectRef): string {
  switch (object.kind) {
    case 'form':
      return `form:${object.name}`;
    case 'global':
      return `global:${object.type}/${object.name}`;
    case 'explorer':
      return 'explorer';
    case 'runtime':
      return `runtime:${object.name}`;
    default:
      return assertNever(object);
  }
}

/** The path of a version file relative to the configuration root. */
export function versionPath(scope: ScopeId, object: ObjectRef): string {
  const folder = scopeFolder(scope);
  switch (object.kind) {
    case 'form':
      return `${folder}/forms/${object.name}.json`;
    case 'global':
      return `${folder}/globals/${object.type}/${object.name}.json`;
    case 'explorer':
      return `${folder}/explorer.json`;
    case 'runtime':
      return `${folder}/runtime/${object.name}.json`;
    default:
      return assertNever(object);
  }
}

/** The stable id of a version, or of a part of it: `form:Customers@user:B_Smith/components/Btn/caption`. */
export function versionId(object: ObjectRef, scope: ScopeId, path?: string): string {
  return `${objectId(object)}@${scope}${path ? '/' + path : ''}`;
}

/** Marks a branch that the type system proves unreachable; reaching it is a bug. */
export function assertNever(value: never): never {
  throw new CarryoverBug(`unexpected value: ${JSON.stringify(value)}`);
}
