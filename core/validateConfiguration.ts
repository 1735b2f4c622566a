import { CarryoverBug } from './bug.js';
import { isJsonObject, jsonPointer, type Json, type JsonObject, type KeyOrder } from './json.js';
import {
  assertNever,
  GLOBAL_TYPES,
  type Configuration,
  type ConfigurationMeta,
  type GlobalType,
  type ObjectRef,
  type ScopeId,
  type VersionFile,
} from './model.js';
import { isValidName, nameProblem, quoteName, windowsFolderKey } from './names.js';
import { parseJson, type ParseJsonResult } from './parseJson.js';
import { compareStrings, sortProblems, type Problem } from './problems.js';
import { defineKey } from './serialize.js';
import { makeStandIn, standInPair, isStandIn, type NameCollision } from './standIns.js';

/**
 * One entry of a configuration folder, as the loader found it (without following symbolic links).
 * `text` is the decoded content of a file that may be part of the layout (`*.json`), or `parsed`
 * its parse (the loader parses while other files are still being read); `bom` says
 * the bytes started with a UTF-8 byte-order mark (the text may also keep it as U+FEFF);
 * `decodeError` / `readError` say why there is no text.
 */
export interface ConfigurationEntry {
  /** Relative to the configuration root, `/`-separated, no leading or trailing `/`. */
  path: string;
  kind: 'file' | 'directory' | 'symlink' | 'other';
  text?: string;
  /** `parseJson(text, <display path>)`, when the loader already parsed it (instead of `text`). */
  parsed?: ParseJsonResult;
  bom?: boolean;
  decodeError?: string;
  readError?: string;
}

/** The result of validating a configuration: the model, or every problem found. */
export type ValidateConfigurationResult =
  | { ok: true; configuration: Configuration }
  | { ok: false; problems: Problem[] };

/** The only `format` this version reads and writes. */
export const CONFIGURATION_FORMAT = 'carryover/1';

/**
 * `$schema` names the file's JSON Schema for an editor (docs/configuration.md, "JSON Schemas"): a
 * string, allowed at the top of every file a person edits, and no part of the configuration.
 */
const SCHEMA_KEY = '$schema';
const META_KEYS = ['format', 'name', 'groups', 'protected', SCHEMA_KEY] as const;
const FORM_KEYS = ['name', 'attributes', 'script', 'components', 'eventHandlers', 'variables', SCHEMA_KEY] as const;
const GLOBAL_KEYS = ['name', 'attributes', SCHEMA_KEY] as const;
const RUNTIME_KEYS = ['name', 'attributes', SCHEMA_KEY] as const;
const EXPLORER_KEYS = ['folders', SCHEMA_KEY] as const;
const EXPLORER_FOLDER_KEYS = ['name', 'items'] as const;
const EXPLORER_LINK_KEYS = ['form', 'caption'] as const;
const KEEP_KEYWORDS = ['FIRST', 'LAST', 'AFTER', 'BEFORE'] as const;
const GLOBAL_TYPE_SET: ReadonlySet<string> = new Set(GLOBAL_TYPES);

/**
 * The path a user reads in a problem: the configuration folder as given, joined with the
 * relative path (with the folder's own separator when it only uses `\`).
 */
export function configurationFilePath(root: string, relative: string): string {
  if (root === '' || root === '.') return relative;
  const separator = root.includes('\\') && !root.includes('/') ? '\\' : '/';
  const rel = separator === '/' ? relative : relative.split('/').join('\\');
  if (rel === '') return root;
  return root.endsWith('/') || root.endsWith('\\') ? root + rel : root + separator + rel;
}

/** True when a relative path is (inside) a dot-entry, which is not part of a configuration. */
export function isDotPath(path: string): boolean {
  return path.startsWith('.') || path.includes('/.');
}

/** What the layout says an entry is. */
type Role =
  | { readonly kind: 'meta' }
  | { readonly kind: 'folder'; readonly collision?: Collision }
  | { readonly kind: 'version'; readonly scope: ScopeId; readonly object: Readonly<ObjectRef>; readonly collision?: Collision }
  | { readonly kind: 'unknown'; readonly message: string };

/** Where a name must not differ only in case from another (a role's `collision`). */
type Collision = { readonly folder: string; readonly what: string; readonly name: string };

/**
 * Validates a configuration against every rule of docs/configuration.md and builds its model.
 * `root` is the folder as the user gave it (for messages and `Configuration.root`); `entries`
 * are every entry under it. Dot-entries are ignored. Problems are sorted and complete: nothing
 * stops at the first one. Pure: reads nothing but its arguments.
 */
export function validateConfiguration(root: string, entries: readonly ConfigurationEntry[]): ValidateConfigurationResult {
  const problems: Problem[] = [];
  const display = (relative: string): string => configurationFilePath(root, relative);
  const report = (code: string, relative: string, pointer: string, message: string): void => {
    problems.push({ code, file: display(relative), pointer, message });
  };

  const byPath = new Map<string, ConfigurationEntry>();
  for (const entry of entries) {
    if (!isDotPath(entry.path)) byPath.set(entry.path, entry);
  }
  // A caller may list only files: every ancestor folder still goes through the layout rules.
  for (const path of [...byPath.keys()]) {
    for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
      const ancestor = path.slice(0, slash);
      if (!byPath.has(ancestor)) byPath.set(ancestor, { path: ancestor, kind: 'directory' });
    }
  }
  const paths = [...byPath.keys()].sort(compareStrings);

  const rejected = new Set<string>();
  const foldersSeen = new Map<string, Map<string, string>>();
  const files = new Map<string, VersionFile>();
  let meta: ConfigurationMeta | null = null;
  let metaSeen = false;

  for (const path of paths) {
    const entry = byPath.get(path)!;
    if (hasRejectedAncestor(path, rejected)) continue;
    if (path === 'configuration.json') metaSeen = true; // whatever it is, it is not missing
    if (entry.kind === 'symlink') {
      report('symlink', path, '', 'symbolic links are not allowed in a configuration (the tool never follows one)');
      rejected.add(path);
      continue;
    }
    if (entry.kind === 'other') {
      report('unknown-entry', path, '', 'not a regular file or folder (a device, socket or pipe)');
      continue;
    }
    const role = classify(path);
    if (role.kind === 'unknown') {
      report('unknown-entry', path, '', role.message);
      if (entry.kind === 'directory') rejected.add(path);
      continue;
    }
    const wantsFile = role.kind !== 'folder';
    if (wantsFile && entry.kind !== 'file') {
      report('unknown-entry', path, '', 'expected a file, found a folder');
      rejected.add(path);
      continue;
    }
    if (!wantsFile && entry.kind !== 'directory') {
      report('unknown-entry', path, '', 'expected a folder, found a file');
      continue;
    }
    const collision = role.kind === 'meta' ? undefined : role.collision;
    if (collision) {
      const problem = nameProblem(collision.name);
      if (problem !== null) {
        report('bad-name', path, '', `invalid ${collision.what} name: ${problem}`);
        if (role.kind === 'folder') {
          rejected.add(path);
          continue;
        }
      } else {
        const key = collision.folder + '\0' + collision.what;
        let seen = foldersSeen.get(key);
        if (!seen) foldersSeen.set(key, (seen = new Map()));
        // Folders (groups, users) also collide when they differ only in trailing dots (Windows drops them).
        const lower = role.kind === 'folder' ? windowsFolderKey(collision.name) : collision.name.toLowerCase();
        const other = seen.get(lower);
        if (other !== undefined) {
          report(
            'case-collision',
            path,
            '',
            role.kind !== 'folder' || other.toLowerCase() === collision.name.toLowerCase()
              ? `the ${collision.what} name ${quoteName(collision.name)} differs only in letter case from ${quoteName(other)} in the same folder (they would collide on a case-insensitive file system)`
              : `the ${collision.what} name ${quoteName(collision.name)} differs only in letter case or trailing dots from ${quoteName(other)} in the same folder (they would be one folder on Windows, which drops trailing dots)`,
          );
        } else {
          seen.set(lower, collision.name);
        }
      }
    }
    if (role.kind === 'folder') continue;

    const doc = readDocument(entry, display(path), problems);
    if (doc === null) continue;
    const file = display(path);
    if (role.kind === 'meta') {
      meta = validateMeta(doc.value, file, problems);
      continue;
    }
    const before = problems.length;
    // A document already found valid at this same path (the loader shares the parse of a file the
    // Source and the Target hold byte for byte) is valid again: validation depends only on the
    // path's object and the document, and documents are never mutated.
    if (validAtPath.get(doc.value) !== path) {
      validateVersion(role.object, doc.value, file, problems);
      if (problems.length === before) validAtPath.set(doc.value, path);
    }
    if (problems.length === before) {
      const file: VersionFile = { path, scope: role.scope, object: role.object, doc: doc.value, bom: doc.bom };
      if (doc.keyOrder) file.keyOrder = doc.keyOrder;
      files.set(path, file);
    }
  }

  if (!metaSeen) {
    report(
      'missing-configuration',
      'configuration.json',
      '',
      `missing configuration.json: this folder is not a configuration (it needs {"format": "${CONFIGURATION_FORMAT}", "name": "..."})`,
    );
  }
  if (problems.length > 0 || meta === null) return { ok: false, problems: sortProblems(problems) };
  return { ok: true, configuration: { root, meta, files } };
}


/** Parsed documents found valid, with the relative path they were validated at (a memo by identity). */
const validAtPath = new WeakMap<JsonObject, string>();

/**
 * True when `doc`, read at `path`, is a valid version (every rule `validateConfiguration` checks of
 * a version on its own) whose handlers carry no `keep`: a lone base that may be held as a stand-in.
 * The reader thread asks this too (core/node/loneBase.ts).
 */
export function isValidLoneBase(path: string, doc: Json): boolean {
  const role = classify(path);
  if (role.kind !== 'version' || !isJsonObject(doc)) return false;
  const events = doc['eventHandlers'];
  if (isJsonObject(events)) {
    for (const list of Object.values(events)) if (Array.isArray(list) && list.some((handler) => isJsonObject(handler) && handler['keep'] !== undefined)) return false;
  }
  const problems: Problem[] = [];
  validateVersion(role.object, doc, path, problems);
  return problems.length === 0;
}

/**
 * A stand-in (core/standIns.ts) for a lone base found valid at `path` (`isValidLoneBase`, here or
 * in the reader thread), which `validateConfiguration` then takes as valid at that path.
 */
export function standIn(path: string): JsonObject {
  const made = makeStandIn(path);
  validAtPath.set(made, path);
  return made;
}

/** The object of a version file at `path` (its place in the layout), or null for any other file. */
export function versionObject(path: string): ObjectRef | null {
  const role = classify(path);
  return role.kind === 'version' ? role.object : null;
}

function hasRejectedAncestor(path: string, rejected: ReadonlySet<string>): boolean {
  if (rejected.size === 0) return false;
  for (let slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
    if (rejected.has(path.slice(0, slash))) return true;
  }
  return false;
}

/**
 * The roles of the paths placed so far, by path: a cache, so bounded. A sync places each path of
 * its two configurations some four times (the lone bases, the validation of each, the reader
 * thread's check): at 2,000 forms, some 14,000 times for 3,300 paths. Nothing changes a role, nor
 * the object it names, once made.
 */
const roles = new Map<string, Role>();
const ROLES_LIMIT = 50_000;

/** Places a path in the layout of docs/configuration.md ("Layout"). */
function classify(path: string): Role {
  let role = roles.get(path);
  if (role === undefined) {
    role = placeInLayout(path);
    if (roles.size >= ROLES_LIMIT) roles.clear();
    roles.set(path, role);
  }
  return role;
}

/** What `classify` says of a path it has not placed before. */
function placeInLayout(path: string): Role {
  const segments = path.split('/');
  const [top] = segments;
  if (segments.length === 1) {
    if (top === 'configuration.json') return { kind: 'meta' };
    if (top === 'vendor' || top === 'site' || top === 'groups' || top === 'users') return { kind: 'folder' };
    return {
      kind: 'unknown',
      message: 'not part of a configuration (expected configuration.json, vendor/, site/, groups/ or users/)',
    };
  }
  let scope: ScopeId;
  let rest: string[];
  let scopeKind: 'vendor' | 'site' | 'group' | 'user';
  if (top === 'vendor' || top === 'site') {
    scope = top;
    scopeKind = top;
    rest = segments.slice(1);
  } else if (top === 'groups' || top === 'users') {
    const name = segments[1];
    scopeKind = top === 'groups' ? 'group' : 'user';
    if (segments.length === 2) {
      return { kind: 'folder', collision: { folder: top, what: scopeKind, name } };
    }
    scope = `${scopeKind}:${name}`;
    rest = segments.slice(2);
  } else {
    return { kind: 'unknown', message: 'not part of a configuration' };
  }
  const scopeFolder = segments.slice(0, segments.length - rest.length).join('/');
  const [area] = rest;
  switch (area) {
    case 'forms':
      if (rest.length === 1) return { kind: 'folder' };
      if (rest.length === 2) {
        const name = jsonFileName(rest[1]);
        if (name === null) return { kind: 'unknown', message: 'only <Form>.json files belong in forms/' };
        return { kind: 'version', scope, object: { kind: 'form', name }, collision: { folder: `${scopeFolder}/forms`, what: 'form', name } };
      }
      break;
    case 'globals':
      if (rest.length === 1) return { kind: 'folder' };
      if (!GLOBAL_TYPE_SET.has(rest[1])) {
        return {
          kind: 'unknown',
          message: `unknown global object type ${quoteName(rest[1])} (expected one of ${GLOBAL_TYPES.join(', ')})`,
        };
      }
      if (rest.length === 2) return { kind: 'folder' };
      if (rest.length === 3) {
        const type = rest[1] as GlobalType;
        const name = jsonFileName(rest[2]);
        if (name === null) return { kind: 'unknown', message: `only <Name>.json files belong in globals/${type}/` };
        return {
          kind: 'version',
          scope,
          object: { kind: 'global', type, name },
          collision: { folder: `${scopeFolder}/globals/${type}`, what: `${type} global object`, name },
        };
      }
      break;
    case 'explorer.json':
      if (rest.length === 1) {
        if (scopeKind === 'group') {
          return { kind: 'unknown', message: 'explorer.json is not allowed in a group folder (only vendor/, site/ and users/<User>/)' };
        }
        return { kind: 'version', scope, object: { kind: 'explorer' } };
      }
      break;
    case 'runtime':
      if (scopeKind !== 'user') {
        return { kind: 'unknown', message: 'runtime/ is only allowed in a user folder (users/<User>/runtime/)' };
      }
      if (rest.length === 1) return { kind: 'folder' };
      if (rest.length === 2) {
        const name = jsonFileName(rest[1]);
        if (name === null) return { kind: 'unknown', message: 'only <Form>.json files belong in runtime/' };
        return {
          kind: 'version',
          scope,
          object: { kind: 'runtime', name },
          collision: { folder: `${scopeFolder}/runtime`, what: 'runtime form', name },
        };
      }
      break;
    default:
      break;
  }
  return {
    kind: 'unknown',
    message:
      scopeKind === 'user'
        ? 'not part of a configuration (a user folder holds forms/, globals/, runtime/ and explorer.json)'
        : scopeKind === 'group'
          ? 'not part of a configuration (a group folder holds forms/ and globals/)'
          : 'not part of a configuration (a scope folder holds forms/, globals/ and explorer.json)',
  };
}

/** `Customers.json` → `Customers`; `null` when the name does not end with `.json`. */
function jsonFileName(fileName: string): string | null {
  return fileName.endsWith('.json') ? fileName.slice(0, -'.json'.length) : null;
}

/** Decodes and parses one file, reporting why it cannot be read. `null` when it cannot. */
function readDocument(entry: ConfigurationEntry, file: string, problems: Problem[]): { value: JsonObject; bom: boolean; keyOrder?: KeyOrder } | null {
  if (entry.readError !== undefined) {
    problems.push({ code: 'read-error', file, pointer: '', message: `cannot read the file: ${entry.readError}` });
    return null;
  }
  if (entry.decodeError !== undefined) {
    problems.push({ code: 'encoding', file, pointer: '', message: entry.decodeError });
    return null;
  }
  let parsed = entry.parsed;
  if (parsed === undefined) {
    if (entry.text === undefined) throw new CarryoverBug(`validateConfiguration: no text for ${entry.path}`);
    parsed = parseJson(entry.text, file);
  }
  if (!parsed.ok) {
    problems.push(...parsed.problems);
    return null;
  }
  if (!isJsonObject(parsed.value)) {
    problems.push({ code: 'wrong-type', file, pointer: '', message: `expected a JSON object, found ${describeType(parsed.value)}` });
    return null;
  }
  const read = { value: parsed.value, bom: parsed.bom || entry.bom === true };
  return parsed.keyOrder ? { ...read, keyOrder: parsed.keyOrder } : read;
}

/** Collects problems of one document, with the file and a pointer built from tokens. */
class Checker {
  constructor(
    readonly file: string,
    readonly problems: Problem[],
  ) {}

  report(code: string, tokens: readonly (string | number)[], message: string): void {
    this.problems.push({ code, file: this.file, pointer: jsonPointer(tokens), message });
  }

  /** Reports keys outside `allowed`, suggesting the allowed key that differs only in case. */
  keys(object: JsonObject, tokens: readonly (string | number)[], allowed: readonly string[], where: string): void {
    for (const key of Object.keys(object)) {
      if (allowed.includes(key)) continue;
      const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
      const hint = near ? `; did you mean ${JSON.stringify(near)}?` : ` (allowed: ${allowed.join(', ')})`;
      this.report('unknown-key', [...tokens, key], `unknown key ${quoteName(key)} in ${where}${hint}`);
    }
  }

  /** Reports `key` when it is missing. */
  required(object: JsonObject, tokens: readonly (string | number)[], key: string, where: string): boolean {
    if (Object.hasOwn(object, key)) return true;
    this.report('missing-key', tokens, `${where} has no ${JSON.stringify(key)} key, which is required`);
    return false;
  }

  object(value: Json, tokens: readonly (string | number)[]): value is JsonObject {
    if (isJsonObject(value)) return true;
    this.report('wrong-type', tokens, `expected an object, found ${describeType(value)}`);
    return false;
  }

  array(value: Json, tokens: readonly (string | number)[]): value is Json[] {
    if (Array.isArray(value)) return true;
    this.report('wrong-type', tokens, `expected an array, found ${describeType(value)}`);
    return false;
  }

  string(value: Json, tokens: readonly (string | number)[]): value is string {
    if (typeof value === 'string') return true;
    this.report('wrong-type', tokens, `expected a string, found ${describeType(value)}`);
    return false;
  }

  boolean(value: Json, tokens: readonly (string | number)[]): value is boolean {
    if (typeof value === 'boolean') return true;
    this.report('wrong-type', tokens, `expected true or false, found ${describeType(value)}`);
    return false;
  }

  /** Checks one name (the value at `tokens`, or the last token when it is a key). */
  name(name: string, tokens: readonly (string | number)[], what: string): boolean {
    const problem = nameProblem(name);
    if (problem === null) return true;
    this.report('bad-name', tokens, `invalid ${what} name: ${problem}`);
    return false;
  }

  /**
   * Checks the keys of an object as names of one kind: each valid, and no two differing only in
   * letter case. This runs for every attribute of every component, so it allocates nothing
   * unless there is a problem.
   */
  names(object: JsonObject, tokens: readonly (string | number)[], what: string): void {
    const keys = Object.keys(object);
    let allValid = true;
    for (let i = 0; i < keys.length; i++) {
      if (!isValidName(keys[i])) {
        allValid = false;
        this.name(keys[i], [...tokens, keys[i]], what);
      }
    }
    if (keys.length < 2) return;
    if (keys.length > 16 && allValid) {
      // Many valid (ASCII) names: each name's letter-case-folded hash finds the first name it may
      // collide with, without a lower-case copy of every name.
      const first = new Map<number, number>();
      for (let j = 0; j < keys.length; j++) {
        const key = keys[j];
        const hash = foldedHash(key);
        const i = first.get(hash);
        if (i === undefined) first.set(hash, j);
        else if (differOnlyInCase(keys[i], key)) this.caseCollision(key, keys[i], tokens, what);
        else {
          // Two names with one hash that are not the same name: the earlier names one by one.
          for (let m = 0; m < j; m++) {
            if (keys[m].length === key.length && differOnlyInCase(keys[m], key)) {
              this.caseCollision(key, keys[m], tokens, what);
              break;
            }
          }
        }
      }
      return;
    }
    if (!allValid) {
      const seen = new Map<string, string>();
      for (const key of keys) {
        if (!isValidName(key)) continue;
        const lower = key.toLowerCase();
        const other = seen.get(lower);
        if (other === undefined) seen.set(lower, key);
        else this.caseCollision(key, other, tokens, what);
      }
      return;
    }
    // Few valid (ASCII) names: compare pairs of equal length, no allocation.
    for (let j = 1; j < keys.length; j++) {
      const key = keys[j];
      for (let i = 0; i < j; i++) {
        if (keys[i].length === key.length && differOnlyInCase(keys[i], key)) {
          this.caseCollision(key, keys[i], tokens, what);
          break;
        }
      }
    }
  }

  caseCollision(key: string, other: string, tokens: readonly (string | number)[], what: string): void {
    this.report(
      'case-collision',
      [...tokens, key],
      `the ${what} name ${quoteName(key)} differs only in letter case from ${quoteName(other)}`,
    );
  }

  /** Checks a caption of an Explorer folder: a non-empty string without `/` or control characters. */
  caption(value: Json, tokens: readonly (string | number)[], what: string, allowSlash: boolean): void {
    if (!this.string(value, tokens)) return;
    if (value.length === 0) {
      this.report('bad-name', tokens, `${what} must not be empty`);
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
        this.report('bad-name', tokens, `${what} must not contain control characters (found U+${c.toString(16).toUpperCase().padStart(4, '0')})`);
        return;
      }
      if (c === 0x2f && !allowSlash) {
        this.report('bad-name', tokens, `${what} must not contain '/'`);
        return;
      }
    }
  }
}

/** Validates `configuration.json` and returns the meta, or `null` when it has problems. */
function validateMeta(doc: JsonObject, file: string, problems: Problem[]): ConfigurationMeta | null {
  const check = new Checker(file, problems);
  const before = problems.length;
  const where = 'configuration.json';
  check.keys(doc, [], META_KEYS, where);
  if (Object.hasOwn(doc, SCHEMA_KEY)) check.string(doc[SCHEMA_KEY], [SCHEMA_KEY]);
  if (check.required(doc, [], 'format', where) && check.string(doc.format, ['format']) && doc.format !== CONFIGURATION_FORMAT) {
    check.report(
      'bad-value',
      ['format'],
      `unsupported format ${quoteName(doc.format)}: this version reads ${JSON.stringify(CONFIGURATION_FORMAT)}`,
    );
  }
  if (check.required(doc, [], 'name', where)) check.string(doc.name, ['name']);
  if (Object.hasOwn(doc, 'protected')) check.boolean(doc.protected, ['protected']);
  const groups: Record<string, string[]> = {};
  if (Object.hasOwn(doc, 'groups') && check.object(doc.groups, ['groups'])) {
    check.names(doc.groups, ['groups'], 'group');
    const groupOfUser = new Map<string, { group: string; user: string }>();
    for (const group of Object.keys(doc.groups)) {
      const members = doc.groups[group];
      if (!check.array(members, ['groups', group])) continue;
      const users: string[] = [];
      members.forEach((user, index) => {
        const tokens = ['groups', group, index];
        if (!check.string(user, tokens) || !check.name(user, tokens, 'user')) return;
        users.push(user);
        const other = groupOfUser.get(user.toLowerCase());
        if (other === undefined) {
          groupOfUser.set(user.toLowerCase(), { group, user });
        } else if (other.user !== user) {
          check.report(
            'case-collision',
            tokens,
            `the user name ${quoteName(user)} differs only in letter case from ${quoteName(other.user)} (group ${quoteName(other.group)})`,
          );
        } else if (other.group === group) {
          check.report('duplicate-member', tokens, `the user ${quoteName(user)} is listed twice in group ${quoteName(group)}`);
        } else {
          check.report(
            'user-in-two-groups',
            tokens,
            `the user ${quoteName(user)} is already a member of group ${quoteName(other.group)}; a user may belong to one group only`,
          );
        }
      });
      defineKey(groups as JsonObject, group, users);
    }
  }
  if (problems.length > before) return null;
  const meta: ConfigurationMeta = { format: CONFIGURATION_FORMAT, name: doc.name as string };
  if (Object.hasOwn(doc, 'groups')) meta.groups = groups;
  if (Object.hasOwn(doc, 'protected')) meta.protected = doc.protected as boolean;
  return meta;
}

/** Validates one version document by the kind of object it is a version of. */
function validateVersion(object: ObjectRef, doc: JsonObject, file: string, problems: Problem[]): void {
  const check = new Checker(file, problems);
  if (Object.hasOwn(doc, SCHEMA_KEY)) check.string(doc[SCHEMA_KEY], [SCHEMA_KEY]);
  switch (object.kind) {
    case 'form':
      check.keys(doc, [], FORM_KEYS, 'a form');
      checkNameField(check, doc, object.name, 'form');
      validateFormBody(check, doc);
      return;
    case 'global':
      check.keys(doc, [], GLOBAL_KEYS, 'a global object');
      checkNameField(check, doc, object.name, `${object.type} global object`);
      validateAttributes(check, doc, 'attribute');
      return;
    case 'runtime':
      check.keys(doc, [], RUNTIME_KEYS, 'a runtime changes file');
      checkNameField(check, doc, object.name, 'form');
      validateAttributes(check, doc, 'attribute');
      return;
    case 'explorer':
      validateExplorer(check, doc);
      return;
    default:
      return assertNever(object);
  }
}

/**
 * The problems of one version document of `object`, as the loader would report them in `file`
 * (unknown keys, wrong types, invalid names, `keep` keywords): how an edited value is checked
 * once put in place in a version (core/checkEditedValue.ts).
 */
export function validateVersionDocument(object: ObjectRef, doc: JsonObject, file: string): Problem[] {
  const problems: Problem[] = [];
  validateVersion(object, doc, file, problems);
  return sortProblems(problems);
}

/** `name` is required, a string, and equal to the file name (which was checked as a name already). */
function checkNameField(check: Checker, doc: JsonObject, fileName: string, what: string): void {
  if (!check.required(doc, [], 'name', `a ${what} file`) || !check.string(doc.name, ['name'])) return;
  if (doc.name === fileName) return;
  if (!check.name(doc.name, ['name'], what)) return;
  check.report(
    'name-mismatch',
    ['name'],
    `the name ${quoteName(doc.name)} does not match the file name ${quoteName(fileName + '.json')}; the file must be named ${quoteName(doc.name + '.json')}`,
  );
}

function validateAttributes(check: Checker, doc: JsonObject, what: string): void {
  if (Object.hasOwn(doc, 'attributes') && check.object(doc.attributes, ['attributes'])) {
    check.names(doc.attributes, ['attributes'], what);
  }
}

function validateFormBody(check: Checker, doc: JsonObject): void {
  validateAttributes(check, doc, 'attribute');
  if (Object.hasOwn(doc, 'script')) check.string(doc.script, ['script']);
  if (Object.hasOwn(doc, 'components') && check.object(doc.components, ['components'])) {
    const components = doc.components;
    check.names(components, ['components'], 'component');
    for (const component of Object.keys(components)) {
      const tokens = ['components', component];
      if (check.object(components[component], tokens)) check.names(components[component], tokens, 'attribute');
    }
  }
  if (Object.hasOwn(doc, 'eventHandlers') && check.object(doc.eventHandlers, ['eventHandlers'])) {
    const events = doc.eventHandlers;
    check.names(events, ['eventHandlers'], 'event');
    for (const event of Object.keys(events)) {
      const list = events[event];
      if (!check.array(list, ['eventHandlers', event])) continue;
      list.forEach((handler, index) => {
        const tokens = ['eventHandlers', event, index];
        if (!check.object(handler, tokens)) return;
        check.names(handler, tokens, 'attribute');
        if (Object.hasOwn(handler, 'keep')) {
          const keep = handler.keep;
          if (typeof keep !== 'string' || !(KEEP_KEYWORDS as readonly string[]).includes(keep)) {
            check.report(
              'bad-value',
              [...tokens, 'keep'],
              `keep must be one of ${KEEP_KEYWORDS.map((k) => JSON.stringify(k)).join(', ')}, found ${describeValue(keep)}`,
            );
          }
        }
      });
    }
  }
  if (Object.hasOwn(doc, 'variables') && check.object(doc.variables, ['variables'])) {
    check.names(doc.variables, ['variables'], 'variable');
  }
}

function validateExplorer(check: Checker, doc: JsonObject): void {
  check.keys(doc, [], EXPLORER_KEYS, 'an explorer file');
  if (!check.required(doc, [], 'folders', 'an explorer file') || !check.array(doc.folders, ['folders'])) return;
  doc.folders.forEach((folder, index) => {
    const tokens = ['folders', index];
    if (check.object(folder, tokens)) validateExplorerFolder(check, folder, tokens);
  });
}

function validateExplorerFolder(check: Checker, folder: JsonObject, tokens: (string | number)[]): void {
  check.keys(folder, tokens, EXPLORER_FOLDER_KEYS, 'an explorer folder');
  if (check.required(folder, tokens, 'name', 'an explorer folder')) {
    check.caption(folder.name, [...tokens, 'name'], 'an explorer folder name', false);
  }
  if (!check.required(folder, tokens, 'items', 'an explorer folder') || !check.array(folder.items, [...tokens, 'items'])) return;
  folder.items.forEach((item, index) => {
    const itemTokens = [...tokens, 'items', index];
    if (!check.object(item, itemTokens)) return;
    if (Object.hasOwn(item, 'form')) {
      check.keys(item, itemTokens, EXPLORER_LINK_KEYS, 'an explorer link');
      if (check.string(item.form, [...itemTokens, 'form'])) check.name(item.form, [...itemTokens, 'form'], 'form');
      if (Object.hasOwn(item, 'caption')) check.caption(item.caption, [...itemTokens, 'caption'], 'a link caption', true);
    } else if (Object.hasOwn(item, 'name') || Object.hasOwn(item, 'items')) {
      validateExplorerFolder(check, item, itemTokens);
    } else {
      check.report(
        'bad-value',
        itemTokens,
        'an explorer item is either a link {"form": ..., "caption": ...} or a folder {"name": ..., "items": [...]}',
      );
    }
  });
}

/**
 * True when two valid names differ, but only in letter case. Valid names are ASCII letters, digits
 * and `_ . $ -`; setting bit 0x20 folds the letters and maps no two of the other characters
 * together (`_` becomes DEL, which no name holds). Names of different lengths never do (two that
 * share a folded hash, one the start of the other, once did: a false collision).
 */
function differOnlyInCase(a: string, b: string): boolean {
  if (a === b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if ((a.charCodeAt(i) | 0x20) !== (b.charCodeAt(i) | 0x20)) return false;
  }
  return true;
}

/** A hash of a valid name with its letters folded as `differOnlyInCase` folds them. */
function foldedHash(name: string): number {
  let hash = name.length;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + (name.charCodeAt(i) | 0x20)) | 0;
  return hash;
}

/** `a string`, `an object`, ... for messages. */
export function describeType(value: Json | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    default:
      return 'an object';
  }
}

/** A short rendering of a value for messages: the string quoted, else its type. */
function describeValue(value: Json): string {
  return typeof value === 'string' ? quoteName(value) : describeType(value);
}

/**
 * Names that differ only in letter case between Source and Target (docs/configuration.md,
 * "Identity and names"): object names of the same kind at any scope (forms, runtime files, global
 * objects of one type, groups, users) and, between versions of the same object, the names inside
 * them (attributes, components, component attributes, events, variables): the merged Target would
 * otherwise hold both spellings. One problem per name on the Source's side, naming the Target's
 * spelling and where it is.
 */
export function checkCaseCollisions(source: Configuration, target: Configuration): Problem[] {
  const problems: Problem[] = [];
  const reported = new Set<string>();
  const report = (file: string, pointer: string, what: string, name: string, other: string, otherWhere: string): void => {
    const key = `${file}#${pointer}`;
    if (reported.has(key)) return;
    reported.add(key);
    problems.push({
      code: 'case-collision',
      file,
      pointer,
      message: `the ${what} name ${quoteName(name)} in the Source differs only in letter case from ${quoteName(other)} in the Target (${otherWhere}); rename one so that they match exactly`,
    });
  };

  // Object, group and user names.
  const sourceNames = objectNames(source);
  const targetNames = objectNames(target);
  for (const [slot, { names }] of sourceNames) {
    const others = targetNames.get(slot);
    if (!others) continue;
    let byLower: Map<string, string> | null = null;
    for (const [name, where] of names) {
      if (others.names.has(name)) continue;
      byLower ??= lowerIndex(others.names.keys());
      const other = byLower.get(name.toLowerCase());
      if (other !== undefined) report(where.file, where.pointer, slotWhat(slot), name, other, formatWhere(others.names.get(other)!));
    }
  }

  // Names inside documents, between versions of the same object (same kind, same exact name).
  const targetObjects = groupByObject(target);
  for (const [key, sourceFiles] of groupByObject(source)) {
    const targetFiles = targetObjects.get(key);
    if (!targetFiles) continue;
    for (const sourceFile of sourceFiles) {
      const file = configurationFilePath(source.root, sourceFile.path);
      for (const targetFile of targetFiles) {
        // One shared document (identical files): every name of one is a name of the other.
        if (sourceFile.doc === targetFile.doc) continue;
        const otherFile = configurationFilePath(target.root, targetFile.path);
        // Two stand-ins (core/standIns.ts): their names were compared as they were read.
        const standing = isStandIn(sourceFile.doc) || isStandIn(targetFile.doc);
        const paired = standing ? standInPair(sourceFile.doc, targetFile.doc) : undefined;
        if (standing && paired === undefined) throw new CarryoverBug(`a stand-in for ${sourceFile.path} met a version it was not paired with`);
        const collisions = paired?.nameCollisions ?? nameCollisions(sourceFile.doc, targetFile.doc, sourceFile.object);
        for (const { tokens, what, name, other } of collisions) {
          report(file, jsonPointer([...tokens, name]), what, name, other, `${otherFile}#${jsonPointer([...tokens, other])}`);
        }
      }
    }
  }
  return sortProblems(problems);
}

/**
 * The names inside version `a` (the Source's) that differ only in letter case from a name inside
 * version `b` (the Target's) of the same object, where `b` lacks `a`'s spelling: attributes, and
 * for a form variables, events, components and each component's attributes.
 */
export function nameCollisions(a: JsonObject, b: JsonObject, object: ObjectRef): NameCollision[] {
  const found: NameCollision[] = [];
  const compare = (x: Json | undefined, y: Json | undefined, tokens: string[], what: string): void => {
    if (!isJsonObject(x) || !isJsonObject(y)) return;
    let byLower: Map<string, string> | null = null;
    for (const name of Object.keys(x)) {
      if (Object.hasOwn(y, name)) continue;
      byLower ??= lowerIndex(Object.keys(y));
      const other = byLower.get(name.toLowerCase());
      if (other !== undefined) found.push({ tokens, what, name, other });
    }
  };
  compare(a.attributes, b.attributes, ['attributes'], 'attribute');
  if (object.kind !== 'form') return found;
  compare(a.variables, b.variables, ['variables'], 'variable');
  compare(a.eventHandlers, b.eventHandlers, ['eventHandlers'], 'event');
  compare(a.components, b.components, ['components'], 'component');
  if (isJsonObject(a.components) && isJsonObject(b.components)) {
    const bComponents = b.components;
    for (const component of Object.keys(a.components)) {
      if (!Object.hasOwn(bComponents, component)) continue;
      compare(a.components[component], bComponents[component], ['components', component], 'component attribute');
    }
  }
  return found;
}

interface NameWhere {
  file: string;
  pointer: string;
}

function formatWhere(where: NameWhere): string {
  return where.pointer ? `${where.file}#${where.pointer}` : where.file;
}

function slotWhat(slot: string): string {
  if (slot.startsWith('global\0')) return `${slot.slice('global\0'.length)} global object`;
  return slot === 'runtime' ? 'runtime form' : slot;
}

function lowerIndex(names: Iterable<string>): Map<string, string> {
  const byLower = new Map<string, string>();
  for (const name of names) {
    const lower = name.toLowerCase();
    if (!byLower.has(lower)) byLower.set(lower, name);
  }
  return byLower;
}

/** Object, group and user names of a configuration by slot (`form`, `runtime`, `global\0<type>`, `group`, `user`). */
function objectNames(configuration: Configuration): Map<string, { names: Map<string, NameWhere> }> {
  const slots = new Map<string, { names: Map<string, NameWhere> }>();
  const add = (slot: string, name: string, file: string, pointer: string): void => {
    let entry = slots.get(slot);
    if (!entry) slots.set(slot, (entry = { names: new Map() }));
    if (!entry.names.has(name)) entry.names.set(name, { file, pointer });
  };
  const display = (path: string): string => configurationFilePath(configuration.root, path);
  for (const file of configuration.files.values()) {
    if (file.scope.startsWith('group:')) {
      const group = file.scope.slice('group:'.length);
      add('group', group, display(`groups/${group}`), '');
    } else if (file.scope.startsWith('user:')) {
      const user = file.scope.slice('user:'.length);
      add('user', user, display(`users/${user}`), '');
    }
    const object = file.object;
    if (object.kind === 'form') add('form', object.name, display(file.path), '');
    else if (object.kind === 'runtime') add('runtime', object.name, display(file.path), '');
    else if (object.kind === 'global') add(`global\0${object.type}`, object.name, display(file.path), '');
  }
  const groups = configuration.meta.groups ?? {};
  const metaFile = display('configuration.json');
  for (const group of Object.keys(groups)) {
    add('group', group, metaFile, jsonPointer(['groups', group]));
    groups[group].forEach((user, index) => add('user', user, metaFile, jsonPointer(['groups', group, index])));
  }
  return slots;
}

/** Versions by object (kind, type and exact name); the Explorer is not named, so not compared. */
function groupByObject(configuration: Configuration): Map<string, VersionFile[]> {
  const byObject = new Map<string, VersionFile[]>();
  for (const file of configuration.files.values()) {
    const object = file.object;
    let key: string;
    switch (object.kind) {
      case 'form':
        key = `form\0${object.name}`;
        break;
      case 'global':
        key = `global\0${object.type}\0${object.name}`;
        break;
      case 'runtime':
        key = `runtime\0${object.name}`;
        break;
      case 'explorer':
        continue;
      default:
        return assertNever(object);
    }
    const list = byObject.get(key);
    if (list) list.push(file);
    else byObject.set(key, [file]);
  }
  return byObject;
}
