import { GLOBAL_TYPES, parseScopeId, type Configuration, type GlobalType, type VersionFile } from '../model.js';
import { filterProblem, matchesNameFilter } from '../names.js';
import { compareStrings } from '../problems.js';

/** The kinds of customized versions the utilities work on (runtime changes are not versions). */
export const UTILITY_KINDS = ['form', 'global', 'explorer'] as const;
export type UtilityKind = (typeof UTILITY_KINDS)[number];

/** The scope types below the vendor's base level. */
export const UTILITY_SCOPES = ['site', 'group', 'user'] as const;
export type UtilityScope = (typeof UTILITY_SCOPES)[number];

/**
 * Which customized versions a utility works on (docs/utilities.md, "Filters"). Every list is a
 * choice of alternatives (empty: no restriction); the lists are combined with "and".
 */
export interface CustomizationFilter {
  kinds: UtilityKind[];
  types: GlobalType[];
  /** Name patterns (`%` is the only wildcard, letters match case-insensitively). */
  names: string[];
  scopes: UtilityScope[];
  /** Scope name patterns (group and user names). */
  scopeNames: string[];
}

/** The filter flags as given (`--kind`, `--type`, `--name`, `--scope`, `--scope-name`, `--name-file`). */
export interface FilterInput {
  kind?: readonly string[];
  type?: readonly string[];
  name?: readonly string[];
  scope?: readonly string[];
  scopeName?: readonly string[];
  /** The contents of `--name-file`: one pattern a line; blank lines and lines starting with `#` are skipped. */
  nameFile?: { file: string; text: string };
}

/** The filter, or every problem with the flags (each one sentence naming the flag or the file and line). */
export type ParseFilterResult = { ok: true; filter: CustomizationFilter } | { ok: false; problems: string[] };

/** A filter that selects every customized version. */
export function emptyFilter(): CustomizationFilter {
  return { kinds: [], types: [], names: [], scopes: [], scopeNames: [] };
}

/**
 * Checks and parses the filter flags shared by every utility. A value may also be a
 * comma-separated list (`--scope group,user`). Problems are collected, not thrown one at a time.
 */
export function parseCustomizationFilter(input: FilterInput): ParseFilterResult {
  const problems: string[] = [];
  const split = (values: readonly string[] | undefined): string[] => (values ?? []).flatMap((v) => v.split(','));
  const choices = <T extends string>(flag: string, values: readonly string[] | undefined, allowed: readonly T[]): T[] => {
    const chosen: T[] = [];
    for (const value of split(values)) {
      if ((allowed as readonly string[]).includes(value)) {
        if (!chosen.includes(value as T)) chosen.push(value as T);
      } else problems.push(`--${flag} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
    }
    return chosen;
  };
  const patterns = (flag: string, values: readonly string[] | undefined): string[] => {
    const list: string[] = [];
    for (const value of split(values)) {
      const problem = filterProblem(value);
      if (problem !== null) problems.push(`--${flag}: ${problem}`);
      else list.push(value);
    }
    return list;
  };

  const kinds = choices('kind', input.kind, UTILITY_KINDS);
  const types = choices('type', input.type, GLOBAL_TYPES);
  const scopes = choices('scope', input.scope, UTILITY_SCOPES);
  const names = patterns('name', input.name);
  const scopeNames = patterns('scope-name', input.scopeName);
  if (types.length > 0 && kinds.length > 0 && !kinds.includes('global')) {
    problems.push('--type chooses global object types, but --kind leaves out global objects');
  }
  if (scopeNames.length > 0 && scopes.length > 0 && !scopes.some((s) => s !== 'site')) {
    problems.push('--scope-name chooses group and user names, but --scope site has no scope name');
  }
  if (input.nameFile !== undefined) {
    const { file, text } = input.nameFile;
    let count = 0;
    text.split('\n').forEach((raw, index) => {
      const line = raw.replace(/\r$/, '').trim();
      if (line === '' || line.startsWith('#')) return;
      const problem = filterProblem(line);
      if (problem !== null) problems.push(`${file}:${index + 1}: ${problem}`);
      else names.push(line);
      count++;
    });
    if (count === 0) problems.push(`${file}: the name file lists no name (one pattern a line)`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, filter: { kinds, types, names, scopes, scopeNames } };
}

/** True when a version is a customized version the utilities work on: a form, global object or explorer file below the vendor scope. */
export function isCustomizedVersion(version: VersionFile): boolean {
  return version.scope !== 'vendor' && version.object.kind !== 'runtime';
}

/**
 * True when a customized version passes the filter. A version without a name (an explorer file)
 * fails a name filter, and the Site (which has no scope name) fails a scope-name filter.
 */
export function matchesCustomization(filter: CustomizationFilter, version: VersionFile): boolean {
  const { object } = version;
  if (object.kind === 'runtime' || version.scope === 'vendor') return false;
  if (filter.kinds.length > 0 && !filter.kinds.includes(object.kind)) return false;
  if (filter.types.length > 0 && (object.kind !== 'global' || !filter.types.includes(object.type))) return false;
  if (filter.names.length > 0) {
    if (object.kind === 'explorer') return false;
    if (!filter.names.some((pattern) => matchesNameFilter(object.name, pattern))) return false;
  }
  const scope = parseScopeId(version.scope);
  if (scope.kind === 'vendor') return false;
  if (filter.scopes.length > 0 && !filter.scopes.includes(scope.kind)) return false;
  if (filter.scopeNames.length > 0) {
    if (scope.kind === 'site') return false;
    if (!filter.scopeNames.some((pattern) => matchesNameFilter(scope.name, pattern))) return false;
  }
  return true;
}

/** The customized versions of a configuration that pass the filter, ordered by file path (deterministic). */
export function selectCustomizations(configuration: Configuration, filter: CustomizationFilter): VersionFile[] {
  return [...configuration.files.values()]
    .filter((version) => matchesCustomization(filter, version))
    .sort((a, b) => compareStrings(a.path, b.path));
}
