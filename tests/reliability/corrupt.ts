import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Json, JsonObject } from '../../core/json.js';
import { jsonPointer } from '../../core/json.js';

/**
 * Ways to break a valid configuration, an options file or an answers file on disk, each with what
 * the tool must then say: the file (as the user gave its folder, joined with the relative path)
 * and, where the break has one, the JSON pointer. Numbers choose among the possibilities, so that
 * fast-check can generate and shrink them.
 */

/** What the user must be told about a broken input. */
export interface Expectation {
  /** The exit code: 3 for invalid input, 0 when the input is tolerated (a byte-order mark). */
  exit: 0 | 3;
  /** The file (or folder, or link) a problem line must name. */
  file: string;
  /** The JSON pointer that line must give after `#`, when the break has one. */
  pointer?: string;
  /** False when `validate` cannot see the problem (it checks each configuration alone). */
  validateSeesIt?: boolean;
  /** What was done, for the failure message. */
  what: string;
}

/** The choices of one corruption (all plain numbers and names: fast-check generates and shrinks them). */
export interface Corruption {
  kind: CorruptionKind;
  side: 'source' | 'target';
  file: number;
  slot: number;
  value: number;
  position: number;
}

export const CORRUPTION_KINDS = [
  'truncate',
  'invalid-utf8',
  'control-char',
  'wrong-type',
  'unknown-key',
  'duplicate-key',
  'bad-name-key',
  'bad-name-value',
  'bad-file-name',
  'bad-folder-name',
  'unknown-entry',
  'symlink',
  'case-collision',
  'case-collision-sides',
  'unsafe-number',
  'deep-nesting',
  'bom',
  'double-bom',
  'options',
  'answers',
] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

/** Names that break the name rules: separators, dots, control characters, length, Windows device names, non-ASCII. */
export const HOSTILE_NAMES = [
  '',
  'a/b',
  'a\\b',
  '..',
  '../etc/passwd',
  '.hidden',
  'x\u0000y',
  'x\u0001y',
  'x\ny',
  'x\u007fy',
  'A'.repeat(129),
  'B'.repeat(200),
  'CON',
  'com1.txt',
  'Lpt9',
  ' lead',
  'trail ',
  'Kunden\u00e9',
  '\u65e5\u672c',
  '-dash',
  '$dollar',
  'star*',
  'emoji\ud83d\ude00',
  'lone\ud800surrogate',
];

/** Names that may not be a file or folder name (no `/`, no NUL, no leading dot: those are not configuration entries at all). */
const HOSTILE_FILE_NAMES = HOSTILE_NAMES.filter((n) => n !== '' && !n.includes('/') && !n.includes('\u0000') && !n.startsWith('.') && !/[\ud800-\udfff]/.test(n.replace(/\ud83d\ude00/g, '')));

/** Invalid UTF-8: a stray continuation byte, an overlong encoding, a surrogate, a truncated sequence, bytes never used. */
const INVALID_UTF8: readonly number[][] = [[0x80], [0xc0, 0xaf], [0xc1, 0xbf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe, 0xff]];

const BOM = [0xef, 0xbb, 0xbf];

/** A JSON value of another type than `kind`. */
function wrongValue(kind: Slot['kind'], choice: number): Json {
  const candidates: Record<typeof kind, Json[]> = {
    object: [[], 'text', 1, null, true],
    array: [{}, 'text', 2, null, false],
    string: [1, null, true, [], { text: 'x' }],
    boolean: ['true', 1, null, []],
    keep: ['first', 'NONE', 1, null, []],
    name: [1, null, [], '', 'a/b', 'x\u0001'],
    caption: [1, null, '', 'a/b', 'tab\tinside'],
    linkCaption: [1, null, '', 'tab\tinside', 'bell\u0007'],
  };
  const list = candidates[kind];
  return list[choice % list.length];
}

/** A place in a document, by the path of tokens to it. */
interface Slot {
  tokens: (string | number)[];
  kind: 'object' | 'array' | 'string' | 'boolean' | 'keep' | 'name' | 'caption' | 'linkCaption';
  /** The object's keys are a closed set (unknown keys are invalid). */
  closed?: boolean;
  /** The object's keys are names (a bad key is a bad name). */
  namedKeys?: boolean;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The structural places of a configuration file, by what kind of file it is. */
function slotsOf(relative: string, doc: Json): Slot[] {
  const slots: Slot[] = [{ tokens: [], kind: 'object', closed: true }];
  if (!isObject(doc)) return slots;
  const add = (tokens: (string | number)[], kind: Slot['kind'], extra: Partial<Slot> = {}) => slots.push({ tokens, kind, ...extra });
  if (relative === 'configuration.json') {
    add(['format'], 'string');
    add(['name'], 'string');
    if (Object.hasOwn(doc, 'protected')) add(['protected'], 'boolean');
    if (isObject(doc.groups)) {
      add(['groups'], 'object', { namedKeys: true });
      for (const [group, members] of Object.entries(doc.groups)) {
        add(['groups', group], 'array');
        if (Array.isArray(members)) members.forEach((_, i) => add(['groups', group, i], 'name'));
      }
    }
    return slots;
  }
  if (relative.endsWith('explorer.json')) {
    add(['folders'], 'array');
    const walk = (items: Json | undefined, tokens: (string | number)[]) => {
      if (!Array.isArray(items)) return;
      items.forEach((item, i) => {
        const at = [...tokens, i];
        add(at, 'object', { closed: true });
        if (!isObject(item)) return;
        if (Object.hasOwn(item, 'form')) {
          add([...at, 'form'], 'name');
          if (Object.hasOwn(item, 'caption')) add([...at, 'caption'], 'linkCaption');
        } else {
          add([...at, 'name'], 'caption');
          add([...at, 'items'], 'array');
          walk(item.items, [...at, 'items']);
        }
      });
    };
    walk(doc.folders, ['folders']);
    return slots;
  }
  add(['name'], 'string');
  if (isObject(doc.attributes)) add(['attributes'], 'object', { namedKeys: true });
  if (!relative.includes('/forms/')) return slots;
  if (Object.hasOwn(doc, 'script')) add(['script'], 'string');
  if (isObject(doc.components)) {
    add(['components'], 'object', { namedKeys: true });
    for (const [name, component] of Object.entries(doc.components)) add(['components', name], 'object', { namedKeys: isObject(component) });
  }
  if (isObject(doc.eventHandlers)) {
    add(['eventHandlers'], 'object', { namedKeys: true });
    for (const [event, list] of Object.entries(doc.eventHandlers)) {
      add(['eventHandlers', event], 'array');
      if (!Array.isArray(list)) continue;
      list.forEach((handler, i) => {
        add(['eventHandlers', event, i], 'object', { namedKeys: true });
        if (isObject(handler) && Object.hasOwn(handler, 'keep')) add(['eventHandlers', event, i, 'keep'], 'keep');
      });
    }
  }
  if (isObject(doc.variables)) add(['variables'], 'object', { namedKeys: true });
  return slots;
}

function getAt(doc: Json, tokens: (string | number)[]): Json | undefined {
  let value: Json | undefined = doc;
  for (const token of tokens) value = Array.isArray(value) ? value[token as number] : isObject(value) && Object.hasOwn(value, token) ? value[token] : undefined;
  return value;
}

/** Sets the value at `tokens` (own keys only, `__proto__` included). */
function setAt(doc: Json, tokens: (string | number)[], value: Json): Json {
  if (tokens.length === 0) return value;
  const parent = getAt(doc, tokens.slice(0, -1));
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[last as number] = value;
  else if (isObject(parent)) Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  return doc;
}

/** Every file and folder below `dir` (relative, `/`-separated), without following links. */
async function listTree(dir: string): Promise<{ files: string[]; folders: string[] }> {
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (entry.isFile()) files.push(relative);
    else if (entry.isDirectory()) folders.push(relative);
  }
  return { files: files.sort(), folders: folders.sort() };
}

const display = (dir: string, relative: string) => `${dir}/${relative}`;

/**
 * Breaks one thing in the case folder `root` (holding `source/`, `target/`, `options.json`,
 * `answers.json`) as `corruption` says, and returns what the tool must report.
 */
export async function corrupt(root: string, corruption: Corruption): Promise<Expectation> {
  const dir = path.join(root, corruption.side);
  const { files, folders } = await listTree(dir);
  const jsonFiles = files.filter((f) => f.endsWith('.json'));
  const versionFiles = jsonFiles.filter((f) => f !== 'configuration.json');
  const relative = jsonFiles[corruption.file % jsonFiles.length];
  const file = path.join(dir, ...relative.split('/'));
  const bytes = await readFile(file);
  const text = bytes.toString('utf8');
  const doc = JSON.parse(text) as Json;
  const slots = slotsOf(relative, doc);
  const shown = display(dir, relative);
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

  switch (corruption.kind) {
    case 'truncate': {
      const cut = corruption.position % (bytes.length - 1);
      await writeFile(file, bytes.subarray(0, cut));
      return { exit: 3, file: shown, what: `${relative} cut after ${cut} of ${bytes.length} bytes` };
    }
    case 'invalid-utf8': {
      const at = corruption.position % (bytes.length + 1);
      const bad = pick(INVALID_UTF8, corruption.value);
      await writeFile(file, Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]));
      return { exit: 3, file: shown, what: `${relative} with bytes ${bad.map((b) => b.toString(16))} at ${at}` };
    }
    case 'control-char': {
      const at = corruption.position % (bytes.length + 1);
      const c = pick([0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f], corruption.value);
      await writeFile(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([c]), bytes.subarray(at)]));
      return { exit: 3, file: shown, what: `${relative} with control character ${c} at ${at}` };
    }
    case 'wrong-type': {
      const slot = pick(slots, corruption.slot);
      const value = wrongValue(slot.kind, corruption.value);
      await writeFile(file, JSON.stringify(setAt(doc, slot.tokens, value), null, 2) + '\n');
      return { exit: 3, file: shown, pointer: jsonPointer(slot.tokens), what: `${relative}#${jsonPointer(slot.tokens)} set to ${JSON.stringify(value)}` };
    }
    case 'unknown-key': {
      const closed = slots.filter((s) => s.closed && isObject(getAt(doc, s.tokens)));
      if (closed.length === 0) return corrupt(root, { ...corruption, kind: 'truncate' });
      const slot = pick(closed, corruption.slot);
      const key = pick(['Name', 'nmae', 'extra', '__proto__', 'constructor', 'toString', 'x'.repeat(300)], corruption.value);
      setAt(doc, [...slot.tokens, key], 1);
      await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
      const pointer = jsonPointer([...slot.tokens, key]);
      return { exit: 3, file: shown, pointer, what: `${relative}#${pointer} added` };
    }
    case 'duplicate-key': {
      if (!isObject(doc) || Object.keys(doc).length === 0) return corrupt(root, { ...corruption, kind: 'truncate' });
      const key = pick(Object.keys(doc), corruption.slot);
      const duplicate = `{${JSON.stringify(key)}: ${JSON.stringify(doc[key])},` + text.trimStart().slice(1);
      await writeFile(file, duplicate);
      return { exit: 3, file: shown, pointer: jsonPointer([key]), what: `${relative} with key ${key} twice` };
    }
    case 'bad-name-key': {
      const named = slots.filter((s) => s.namedKeys && isObject(getAt(doc, s.tokens)));
      if (named.length === 0) return corrupt(root, { ...corruption, kind: 'wrong-type' });
      const slot = pick(named, corruption.slot);
      const name = pick(HOSTILE_NAMES, corruption.value);
      const target = getAt(doc, slot.tokens) as JsonObject;
      // Rename an existing key (keeping its value, so only the name is wrong) or add one.
      const keys = Object.keys(target);
      const value: Json = keys.length > 0 ? target[keys[corruption.position % keys.length]] : slot.tokens[0] === 'eventHandlers' && slot.tokens.length === 1 ? [] : slot.tokens[0] === 'components' && slot.tokens.length === 1 ? {} : 1;
      setAt(doc, [...slot.tokens, name], value);
      await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
      const pointer = jsonPointer([...slot.tokens, name]);
      return { exit: 3, file: shown, pointer, what: `${relative}#${pointer} (a bad name as a key)` };
    }
    case 'bad-name-value': {
      const named = slots.filter((s) => s.kind === 'name' || (s.tokens.length === 1 && s.tokens[0] === 'name' && relative !== 'configuration.json'));
      if (named.length === 0) return corrupt(root, { ...corruption, kind: 'bad-name-key' });
      const slot = pick(named, corruption.slot);
      const name = pick(HOSTILE_NAMES, corruption.value);
      await writeFile(file, JSON.stringify(setAt(doc, slot.tokens, name), null, 2) + '\n');
      const pointer = jsonPointer(slot.tokens);
      return { exit: 3, file: shown, pointer, what: `${relative}#${pointer} set to ${JSON.stringify(name)}` };
    }
    case 'bad-file-name': {
      if (versionFiles.length === 0) return corrupt(root, { ...corruption, kind: 'unknown-entry' });
      const from = pick(versionFiles, corruption.file);
      if (from.endsWith('explorer.json')) return corrupt(root, { ...corruption, kind: 'symlink' });
      const name = pick(HOSTILE_FILE_NAMES, corruption.value);
      const to = `${path.posix.dirname(from)}/${name}.json`;
      await rename(path.join(dir, ...from.split('/')), path.join(dir, ...to.split('/')));
      return { exit: 3, file: display(dir, to), what: `${from} renamed to ${JSON.stringify(to)}` };
    }
    case 'bad-folder-name': {
      const scopes = folders.filter((f) => /^(users|groups)\/[^/]+$/.test(f));
      if (scopes.length === 0) return corrupt(root, { ...corruption, kind: 'bad-file-name' });
      const from = pick(scopes, corruption.slot);
      const name = pick(HOSTILE_FILE_NAMES, corruption.value);
      const to = `${from.split('/')[0]}/${name}`;
      await rename(path.join(dir, ...from.split('/')), path.join(dir, ...to.split('/')));
      return { exit: 3, file: display(dir, to), what: `${from} renamed to ${JSON.stringify(to)}` };
    }
    case 'unknown-entry': {
      const places = ['README.md', 'vendor/notes.txt', 'vendor/forms/Customers.json.bak', 'site/extra/x.json', 'users/B_Smith/explorer', 'groups/Sales/explorer.json', 'site/runtime/X.json', 'vendor/globals/macros/M.json', 'vendor/globals/scripts/deeper/S.json'];
      const place = pick(places, corruption.slot);
      const full = path.join(dir, ...place.split('/'));
      await mkdir(path.dirname(full), { recursive: true });
      if (place === 'users/B_Smith/explorer') await mkdir(full, { recursive: true });
      else await writeFile(full, '{"name": "x"}\n');
      // The problem names the entry, or the first folder on its way that the layout does not allow.
      const reported: Record<string, string> = {
        'vendor/globals/macros/M.json': 'vendor/globals/macros',
        'site/extra/x.json': 'site/extra',
        'vendor/globals/scripts/deeper/S.json': 'vendor/globals/scripts/deeper',
        'site/runtime/X.json': 'site/runtime',
      };
      return { exit: 3, file: display(dir, reported[place] ?? place), what: `${place} added` };
    }
    case 'symlink': {
      // Links to files and folders, inside the configuration (to a dot-entry, which is itself
      // ignored) and outside it, dangling, and to themselves.
      const outside = path.join(root, 'outside');
      await mkdir(outside, { recursive: true });
      await writeFile(path.join(outside, 'Secret.json'), '{"name": "Secret"}\n');
      const variant = pick(['file-inside', 'file-outside', 'folder-inside', 'folder-outside', 'dangling', 'self'], corruption.value);
      if (variant.startsWith('folder')) {
        const scopeFolders = folders.filter((f) => /^(site|vendor|users\/[^/]+|groups\/[^/]+)(\/forms)?$/.test(f));
        const from = pick(scopeFolders.length > 0 ? scopeFolders : ['site'], corruption.slot);
        const full = path.join(dir, ...from.split('/'));
        const inside = path.join(dir, '.inside-copy');
        if (variant === 'folder-inside') await cp(full, inside, { recursive: true }).catch(() => mkdir(inside, { recursive: true }));
        await rm(full, { recursive: true, force: true });
        await mkdir(path.dirname(full), { recursive: true });
        await symlink(variant === 'folder-inside' ? path.relative(path.dirname(full), inside) : outside, full);
        return { exit: 3, file: display(dir, from), what: `${from} replaced by a link to a folder (${variant})` };
      }
      const from = versionFiles.length > 0 ? pick(versionFiles, corruption.file) : 'site/forms/Linked.json';
      const full = path.join(dir, ...from.split('/'));
      await mkdir(path.dirname(full), { recursive: true });
      const inside = path.join(dir, '.inside-copy.json');
      if (variant === 'file-inside') await cp(full, inside).catch(() => writeFile(inside, '{}'));
      await rm(full, { force: true });
      const linkText =
        variant === 'file-inside'
          ? path.relative(path.dirname(full), inside)
          : variant === 'file-outside'
            ? path.join(outside, 'Secret.json')
            : variant === 'dangling'
              ? path.join(root, 'nowhere.json')
              : path.basename(full);
      await symlink(linkText, full);
      return { exit: 3, file: display(dir, from), what: `${from} replaced by a link (${variant})` };
    }
    case 'case-collision': {
      const candidates = versionFiles.filter((f) => /\/(forms|runtime|globals\/[^/]+)\/[^/]+\.json$/.test(f));
      if (candidates.length === 0) return corrupt(root, { ...corruption, kind: 'unknown-entry' });
      const from = pick(candidates, corruption.file);
      const name = path.posix.basename(from, '.json');
      const other = name === name.toUpperCase() ? name.toLowerCase() : name.toUpperCase();
      const to = `${path.posix.dirname(from)}/${other}.json`;
      const copy = JSON.parse(await readFile(path.join(dir, ...from.split('/')), 'utf8')) as JsonObject;
      copy.name = other;
      await writeFile(path.join(dir, ...to.split('/')), JSON.stringify(copy, null, 2) + '\n');
      // Whichever of the two sorts second is reported.
      const second = to < from ? from : to;
      return { exit: 3, file: display(dir, second), what: `${to} added next to ${from}` };
    }
    case 'case-collision-sides': {
      const otherDir = path.join(root, corruption.side === 'source' ? 'target' : 'source');
      const otherFiles = new Set((await listTree(otherDir)).files);
      const sourceDir = path.join(root, 'source');
      const sourceFiles = corruption.side === 'source' ? versionFiles : (await listTree(sourceDir)).files.filter((f) => f.endsWith('.json') && f !== 'configuration.json');
      const shared = sourceFiles.filter((f) => /\/forms\/[^/]+\.json$/.test(f) && (corruption.side === 'source' ? otherFiles.has(f) : true));
      if (shared.length === 0) return corrupt(root, { ...corruption, kind: 'case-collision' });
      const from = pick(shared, corruption.file);
      const name = path.posix.basename(from, '.json');
      const other = name.toUpperCase() === name ? name.toLowerCase() : name.toUpperCase();
      const to = `${path.posix.dirname(from)}/${other}.json`;
      const full = path.join(sourceDir, ...from.split('/'));
      const copy = JSON.parse(await readFile(full, 'utf8')) as JsonObject;
      copy.name = other;
      await rm(full);
      await writeFile(path.join(sourceDir, ...to.split('/')), JSON.stringify(copy, null, 2) + '\n');
      // The Target must hold the other spelling somewhere for a collision between them.
      const targetDir = path.join(root, 'target');
      const targetFull = path.join(targetDir, ...from.split('/'));
      await mkdir(path.dirname(targetFull), { recursive: true });
      await writeFile(targetFull, JSON.stringify({ name }, null, 2) + '\n');
      return { exit: 3, file: display(sourceDir, to), validateSeesIt: false, what: `source ${from} renamed to ${to}, the Target keeps ${name}` };
    }
    case 'unsafe-number': {
      const literal = pick(['9007199254740993', '-9007199254740993', '1e400', '-1e400', '123456789012345678901234567890'], corruption.value);
      await writeFile(file, `{"n": ${literal},` + text.trimStart().slice(1));
      return { exit: 3, file: shown, what: `${relative} with the number ${literal}` };
    }
    case 'deep-nesting': {
      const depth = pick([1001, 5000, 100_000], corruption.value);
      const open = corruption.position % 2 === 0 ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      await writeFile(file, `{"deep": ${open.repeat(depth)}1${close.repeat(depth)},` + text.trimStart().slice(1));
      return { exit: 3, file: shown, what: `${relative} nested ${depth} deep` };
    }
    case 'bom':
      await writeFile(file, Buffer.concat([Buffer.from(BOM), bytes]));
      return { exit: 0, file: shown, what: `${relative} with a byte-order mark` };
    case 'double-bom':
      await writeFile(file, Buffer.concat([Buffer.from(BOM), Buffer.from(BOM), bytes]));
      return { exit: 3, file: shown, what: `${relative} with two byte-order marks` };
    case 'options':
      return corruptOptions(root, corruption);
    case 'answers':
      return corruptAnswers(root, corruption);
  }
}

/** A valid options file that sets a bit of everything. */
export const OPTIONS_FILE: JsonObject = {
  baseLevel: 'vendor',
  onlyProcessChangedBase: true,
  forms: { mode: 'merge', promptBeforeRemoval: false, names: ['Cust%', 'Orders'] },
  merge: { formAttributes: { '*': 'prompt', caption: 'keep' }, componentAttributes: { binding: 'keep' }, script: 'prompt', textMerge: true },
  globals: { mode: 'merge', types: { scripts: '%' } },
  explorer: { update: true, keepCustomizations: true, verifyLinks: true },
};

async function corruptOptions(root: string, corruption: Corruption): Promise<Expectation> {
  const file = path.join(root, 'options.json');
  const doc = JSON.parse(JSON.stringify(OPTIONS_FILE)) as JsonObject;
  const places: { tokens: (string | number)[]; value: Json }[] = [
    { tokens: ['baseLevel'], value: pick(['Vendor', 'user', 1, null], corruption.value) },
    { tokens: ['onlyProcessChangedBase'], value: pick(['true', 1, null, {}], corruption.value) },
    { tokens: ['forms'], value: pick([[], 'merge', 1], corruption.value) },
    { tokens: ['forms', 'mode'], value: pick(['Merge', 'delete', 0, true], corruption.value) },
    { tokens: ['forms', 'names'], value: pick(['Cust%', {}, 1], corruption.value) },
    { tokens: ['forms', 'names', 0], value: pick(['Cust*', '', 'a/b', 5, null, 'x\u0001'], corruption.value) },
    { tokens: ['merge', 'formAttributes'], value: pick([[], 'keep', true], corruption.value) },
    { tokens: ['merge', 'formAttributes', 'caption'], value: pick(['Keep', 'ask', 1, null], corruption.value) },
    { tokens: ['merge', 'componentAttributes', pick(['a/b', '', '..', 'x\ny', 'CON'], corruption.value)], value: 'keep' },
    { tokens: ['merge', 'textMerge'], value: pick(['yes', 0, null], corruption.value) },
    { tokens: ['merge', 'nonMatchingComponents'], value: 'prompt' },
    { tokens: ['globals', 'types', pick(['macros', 'Scripts', '__proto__', 'constructor'], corruption.value)], value: '%' },
    { tokens: ['globals', 'types', 'scripts'], value: pick([1, '', 'a*', null], corruption.value) },
    { tokens: ['explorer', 'verifyLinks'], value: pick(['false', 0], corruption.value) },
    { tokens: [pick(['unknown', 'BaseLevel', '__proto__', 'constructor'], corruption.value)], value: true },
    { tokens: ['merge', pick(['ignoreWhiteSpace', 'textmerge', '__proto__'], corruption.value)], value: true },
    { tokens: ['explorer', 'update', 'deeper'], value: true },
  ];
  const place = pick(places, corruption.slot);
  if (place.tokens.length === 3 && place.tokens[2] === 'deeper') {
    setAt(doc, ['explorer', 'update'], { deeper: true });
    await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
    return { exit: 3, file, pointer: '/explorer/update', what: 'options.json#/explorer/update made an object' };
  }
  setAt(doc, place.tokens, place.value);
  const pointer = jsonPointer(place.tokens);
  if (corruption.position % 5 === 0) {
    const bytes = Buffer.from(JSON.stringify(doc, null, 2) + '\n');
    await writeFile(file, bytes.subarray(0, corruption.position % (bytes.length - 1)));
    return { exit: 3, file, what: 'options.json truncated' };
  }
  if (corruption.position % 5 === 1) {
    const bytes = Buffer.from(JSON.stringify(OPTIONS_FILE, null, 2) + '\n');
    const at = corruption.position % bytes.length;
    await writeFile(file, Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(INVALID_UTF8, corruption.value)), bytes.subarray(at)]));
    return { exit: 3, file, what: 'options.json with invalid UTF-8' };
  }
  await writeFile(file, JSON.stringify(doc, null, 2) + '\n');
  return { exit: 3, file, pointer, what: `options.json#${pointer} set to ${JSON.stringify(place.value)}` };
}

async function corruptAnswers(root: string, corruption: Corruption): Promise<Expectation> {
  const file = path.join(root, 'answers.json');
  const id = 'form:Customers@site/attributes/caption';
  const variants: { text: string | Buffer; pointer?: string }[] = [
    { text: JSON.stringify({ answers: { [id]: 'Keep' } }), pointer: `/answers/${id.replace(/~/g, '~0').replace(/\//g, '~1')}` },
    { text: JSON.stringify({ answers: { [id]: 1 } }), pointer: `/answers/${id.replace(/\//g, '~1')}` },
    { text: JSON.stringify({ answers: { [id]: { edit: 'x', keep: true } } }), pointer: `/answers/${id.replace(/\//g, '~1')}/keep` },
    { text: JSON.stringify({ answers: { [id]: { Edit: 'x' } } }), pointer: `/answers/${id.replace(/\//g, '~1')}/Edit` },
    { text: JSON.stringify({ answers: { [id]: null } }), pointer: `/answers/${id.replace(/\//g, '~1')}` },
    { text: JSON.stringify({ answers: [] }), pointer: '/answers' },
    { text: JSON.stringify({ answer: {} }), pointer: '/answer' },
    { text: JSON.stringify({ answers: {}, extra: 1 }), pointer: '/extra' },
    { text: JSON.stringify([]) },
    { text: `{"answers": {"${id}": "keep", "${id}": "replace"}}`, pointer: `/answers/${id.replace(/\//g, '~1')}` },
    { text: '{"answers": {' },
    { text: Buffer.concat([Buffer.from('{"answers": {"x": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]) },
    { text: '\ufeff\ufeff{"answers": {}}' },
  ];
  const variant = pick(variants, corruption.slot + corruption.value);
  await writeFile(file, variant.text);
  return { exit: 3, file, pointer: variant.pointer, validateSeesIt: false, what: `answers.json: ${variant.text.toString().slice(0, 80)}` };
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length];
}

/** Creates a FIFO (named pipe) where the platform has `mkfifo`; false when it cannot. */
export function makeFifo(file: string): boolean {
  try {
    execFileSync('mkfifo', [file]);
    return true;
  } catch {
    return false;
  }
}
