/**
 * Ids, formatted once and parsed once (docs/merge-behaviour.md, "Ids"). A decision or prompt id
 * is `<object>@<scope>[/<path>]`: the object is `form:<Form>`, `global:<type>/<Name>`, `explorer`
 * or `runtime:<Form>`; the scope is `vendor`, `site`, `group:<Group>` or `user:<User>`; the path
 * names a part of the version. Object and scope names never hold `@` and scopes never hold `/`,
 * so the first `@` ends the object and the next `/` ends the scope.
 */
import { assertNever, GLOBAL_TYPES, type GlobalType, type ObjectRef, type Scope, type ScopeId } from './model.js';

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

/** True when `text` is a scope id (`vendor`, `site`, `group:<G>`, `user:<U>`). */
export function isScopeId(text: string): text is ScopeId {
  return text === 'vendor' || text === 'site' || /^(group|user):[^/@]+$/.test(text);
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

/** Parses the object part of an id made by `objectId`, or `null` when it is not one. */
export function parseObjectId(text: string): ObjectRef | null {
  if (text === 'explorer') return { kind: 'explorer' };
  const named = (prefix: string): string | null => (text.startsWith(prefix) && text.length > prefix.length ? text.slice(prefix.length) : null);
  const form = named('form:');
  if (form !== null) return form.includes('/') ? null : { kind: 'form', name: form };
  const runtime = named('runtime:');
  if (runtime !== null) return runtime.includes('/') ? null : { kind: 'runtime', name: runtime };
  const global = named('global:');
  if (global === null) return null;
  const [type, name, ...rest] = global.split('/');
  if (!type || !name || rest.length > 0 || !(GLOBAL_TYPES as readonly string[]).includes(type)) return null;
  return { kind: 'global', type: type as GlobalType, name };
}

/** The stable id of a version, or of a part of it: `form:Customers@user:B_Smith/components/Btn/caption`. */
export function versionId(object: ObjectRef, scope: ScopeId, path?: string): string {
  return `${objectId(object)}@${scope}${path ? '/' + path : ''}`;
}

/** The kind of object an id names, by its prefix; `other` for an id that follows no grammar. */
export type IdKind = 'form' | 'global' | 'explorer' | 'runtime' | 'other';

/** An id split into its parts as text, whether or not each part is valid. */
export interface SplitId {
  /** `form:<Form>`, `global:<type>/<Name>`, `explorer`, `runtime:<Form>`; the whole id when it has no `@`. */
  object: string;
  /** `vendor`, `site`, `group:<G>`, `user:<U>`; `''` when the id has no `@`. */
  scope: string;
  /** The path inside the version; `''` for the whole version. */
  path: string;
  /** `object@scope`: the id of the version (the whole id when it has no `@`). */
  version: string;
  kind: IdKind;
  /** The object's name without its kind: `Customers`, `scripts/CustUtils`; `''` for the explorer. */
  name: string;
}

/**
 * Splits any id into its parts, leniently: an id that does not follow the grammar (a hand-edited
 * report) is kind `other`, whole. For ids that must be valid, use {@link parseVersionId}.
 */
export function splitId(id: string): SplitId {
  const at = id.indexOf('@');
  const object = at < 0 ? id : id.slice(0, at);
  const rest = at < 0 ? '' : id.slice(at + 1);
  const slash = rest.indexOf('/');
  const scope = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '' : rest.slice(slash + 1);
  const version = at < 0 ? id : `${object}@${scope}`;
  if (at >= 0) {
    if (object.startsWith('form:')) return { object, scope, path, version, kind: 'form', name: object.slice(5) };
    if (object.startsWith('global:')) return { object, scope, path, version, kind: 'global', name: object.slice(7) };
    if (object === 'explorer') return { object, scope, path, version, kind: 'explorer', name: '' };
    if (object.startsWith('runtime:')) return { object, scope, path, version, kind: 'runtime', name: object.slice(8) };
  }
  return { object, scope, path, version, kind: 'other', name: object };
}

/** Parses a version id `<object>@<scope>` (no path), strictly, or `null` when it is not one. */
export function parseVersionId(id: string): { object: ObjectRef; scope: ScopeId } | null {
  const split = splitId(id);
  if (split.version !== id || !isScopeId(split.scope)) return null;
  const object = parseObjectId(split.object);
  return object === null ? null : { object, scope: split.scope };
}
