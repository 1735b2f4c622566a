/**
 * Where a version lives in a configuration folder, and which scope holds its base
 * (docs/configuration.md, "Layout"; docs/merge-behaviour.md, "Base levels").
 */
import { parseScopeId } from './ids.js';
import { assertNever, type ObjectRef, type ScopeId } from './model.js';
import type { Options } from './options.js';

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

/**
 * The scope holding the base of the versions at `scope`, under the base level of the options, or
 * `null` when versions at `scope` are themselves a base (or their user is in no group, at base
 * level `group`). `groups` is the Target's membership (`configuration.json`).
 */
export function baseScopeOf(scope: ScopeId, baseLevel: Options['baseLevel'], groups: Readonly<Record<string, readonly string[]>> = {}): ScopeId | null {
  switch (baseLevel) {
    case 'vendor':
      return 'vendor';
    case 'site':
      return scope === 'vendor' ? null : 'site';
    case 'group': {
      const parsed = parseScopeId(scope);
      if (parsed.kind === 'group') return scope;
      if (parsed.kind !== 'user') return null;
      const group = Object.keys(groups).find((name) => Object.hasOwn(groups, name) && groups[name].includes(parsed.name));
      return group === undefined ? null : `group:${group}`;
    }
    default:
      return assertNever(baseLevel);
  }
}
