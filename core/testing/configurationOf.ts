import type { JsonObject } from '../json.js';
import type { Configuration, ConfigurationMeta, GlobalType, ObjectRef, ScopeId, VersionFile } from '../model.js';

/**
 * Builds an in-memory configuration for tests from documents keyed by relative path
 * (`users/B_Smith/forms/Customers.json`). Paths are trusted: tests of validation use real files.
 */
export function configurationOf(files: Record<string, JsonObject>, meta: Partial<ConfigurationMeta> = {}): Configuration {
  const map = new Map<string, VersionFile>();
  for (const [path, doc] of Object.entries(files)) {
    const { scope, object } = locate(path);
    map.set(path, { path, scope, object, doc, bom: false });
  }
  return { root: 'memory', meta: { format: 'carryover/1', name: 'test', ...meta }, files: map };
}

function locate(path: string): { scope: ScopeId; object: ObjectRef } {
  const parts = path.split('/');
  let scope: ScopeId;
  let rest: string[];
  if (parts[0] === 'vendor' || parts[0] === 'site') {
    scope = parts[0];
    rest = parts.slice(1);
  } else if (parts[0] === 'groups') {
    scope = `group:${parts[1]}`;
    rest = parts.slice(2);
  } else if (parts[0] === 'users') {
    scope = `user:${parts[1]}`;
    rest = parts.slice(2);
  } else throw new Error(`not a version path: ${path}`);
  const name = (file: string) => file.replace(/\.json$/, '');
  if (rest[0] === 'explorer.json') return { scope, object: { kind: 'explorer' } };
  if (rest[0] === 'forms') return { scope, object: { kind: 'form', name: name(rest[1]) } };
  if (rest[0] === 'runtime') return { scope, object: { kind: 'runtime', name: name(rest[1]) } };
  if (rest[0] === 'globals') return { scope, object: { kind: 'global', type: rest[1] as GlobalType, name: name(rest[2]) } };
  throw new Error(`not a version path: ${path}`);
}
