import { isJsonObject, jsonPointer, type Json } from './json.js';
import { assertNever, GLOBAL_TYPES, type Configuration, type GlobalType } from './model.js';
import { objectId } from './ids.js';
import { nameProblem, quoteName } from './names.js';
import { parseJson } from './parseJson.js';
import type { Problem } from './problems.js';
import { describeType } from './validateConfiguration.js';

/** One object a patch lists: a form, a global object (type and name), or the Explorer. */
export type PatchObject = { kind: 'form'; name: string } | { kind: 'global'; type: GlobalType; name: string } | { kind: 'explorer' };

/** A patch file, parsed (docs/patches.md): its name and the objects it touches, in file order. */
export interface Patch {
  name: string;
  objects: PatchObject[];
  /** Where each object is in the file (a JSON pointer, or the element path in a FormSync list), for messages. */
  pointers: string[];
}

/** The result of {@link parsePatch}: the patch, or every problem of the file. */
export type ParsePatchResult = { ok: true; patch: Patch } | { ok: false; problems: Problem[] };

/**
 * Parses a patch file (docs/patches.md): Carryover's JSON format
 * `{"patch": NAME, "objects": [{"kind": "form", "name": N} | {"kind": "global", "type": T, "name": N} | {"kind": "explorer"}]}`,
 * or FormSync's patch list (`<PatchingInformation>`, `<Objects>`, `<Forms>`, one `<Form>` per form
 * name), recognised by its first character `<`. Every problem is collected, with the file and the
 * JSON pointer (for the XML list: the path of the element).
 */
export function parsePatch(text: string, file: string): ParsePatchResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trimStart().startsWith('<')) return parseFormSyncPatch(body, file);
  const parsed = parseJson(text, file);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const problems: Problem[] = [];
  const report = (code: string, tokens: readonly (string | number)[], message: string): void => {
    problems.push({ code, file, pointer: jsonPointer(tokens), message });
  };
  const doc = parsed.value;
  if (!isJsonObject(doc)) {
    report('wrong-type', [], `a patch file must be an object {"patch": NAME, "objects": [...]}, found ${describeType(doc)}`);
    return { ok: false, problems };
  }
  for (const key of Object.keys(doc)) {
    if (key === '$schema') {
      if (typeof doc[key] !== 'string') report('wrong-type', [key], `$schema must be a string, found ${describeType(doc[key])}`);
    } else if (key !== 'patch' && key !== 'objects') {
      report('unknown-key', [key], `unknown key ${quoteName(key)} in a patch file (allowed: patch, objects, $schema)`);
    }
  }
  let name = '';
  if (!Object.hasOwn(doc, 'patch')) report('missing-key', [], 'a patch file has no "patch" key (its name), which is required');
  else if (typeof doc.patch !== 'string' || doc.patch === '') report('wrong-type', ['patch'], `"patch" must be the patch's name, a non-empty string, found ${describeType(doc.patch)}`);
  else name = doc.patch;
  const objects: PatchObject[] = [];
  const pointers: string[] = [];
  if (!Object.hasOwn(doc, 'objects')) report('missing-key', [], 'a patch file has no "objects" key (the objects it touches), which is required');
  else if (!Array.isArray(doc.objects)) report('wrong-type', ['objects'], `"objects" must be an array, found ${describeType(doc.objects)}`);
  else if (doc.objects.length === 0) report('empty', ['objects'], '"objects" lists no object: a patch touches at least one');
  else {
    doc.objects.forEach((entry: Json, index: number) => {
      const object = patchObjectOf(entry, ['objects', index], report);
      if (object !== null) {
        objects.push(object);
        pointers.push(jsonPointer(['objects', index]));
      }
    });
  }
  checkDuplicates(objects, pointers, file, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, patch: { name, objects, pointers } };
}

/** The objects of `patch` that the Source has no version of, as problems naming each (exit 3). */
export function patchObjectsMissingFrom(patch: Patch, source: Configuration, file: string): Problem[] {
  const present = new Set<string>();
  for (const version of source.files.values()) present.add(objectId(version.object));
  const problems: Problem[] = [];
  patch.objects.forEach((object, index) => {
    if (!present.has(objectId(object))) {
      problems.push({ code: 'not-in-source', file, pointer: patch.pointers[index] ?? '', message: `${describePatchObject(object)} is listed in the patch but the Source has no version of it` });
    }
  });
  return problems;
}

/** The object ids (`objectId`) a patch lets a synchronization process. */
export function patchObjectIds(patch: Patch): Set<string> {
  return new Set(patch.objects.map((object) => objectId(object)));
}

/** How a message names a patch object: `form "Customers"`, `global scripts "CustUtils"`, `the Explorer`. */
export function describePatchObject(object: PatchObject): string {
  switch (object.kind) {
    case 'form':
      return `form ${quoteName(object.name)}`;
    case 'global':
      return `global ${object.type} ${quoteName(object.name)}`;
    case 'explorer':
      return 'the Explorer';
    default:
      return assertNever(object);
  }
}

type Report = (code: string, tokens: readonly (string | number)[], message: string) => void;

function patchObjectOf(entry: Json, tokens: readonly (string | number)[], report: Report): PatchObject | null {
  if (!isJsonObject(entry)) {
    report('wrong-type', tokens, `an object of a patch must be an object with "kind", found ${describeType(entry)}`);
    return null;
  }
  const kind = entry.kind;
  const allowed = kind === 'form' ? ['kind', 'name'] : kind === 'global' ? ['kind', 'type', 'name'] : kind === 'explorer' ? ['kind'] : null;
  if (allowed === null) {
    report(Object.hasOwn(entry, 'kind') ? 'bad-value' : 'missing-key', [...tokens, ...(Object.hasOwn(entry, 'kind') ? ['kind'] : [])], `"kind" must be "form", "global" or "explorer", found ${typeof kind === 'string' ? quoteName(kind) : describeType(kind)}`);
    return null;
  }
  let ok = true;
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) {
      report('unknown-key', [...tokens, key], `unknown key ${quoteName(key)} in a ${String(kind)} object of a patch (allowed: ${allowed.join(', ')})`);
      ok = false;
    }
  }
  const name = (): string | null => {
    if (!Object.hasOwn(entry, 'name')) {
      report('missing-key', tokens, `a ${String(kind)} object of a patch needs "name"`);
      return null;
    }
    if (typeof entry.name !== 'string') {
      report('wrong-type', [...tokens, 'name'], `"name" must be a string, found ${describeType(entry.name)}`);
      return null;
    }
    const problem = nameProblem(entry.name);
    if (problem !== null) {
      report('bad-name', [...tokens, 'name'], problem);
      return null;
    }
    return entry.name;
  };
  if (kind === 'explorer') return ok ? { kind: 'explorer' } : null;
  if (kind === 'form') {
    const formName = name();
    return ok && formName !== null ? { kind: 'form', name: formName } : null;
  }
  let type: GlobalType | null = null;
  if (!Object.hasOwn(entry, 'type')) report('missing-key', tokens, 'a global object of a patch needs "type" (its folder name, such as "scripts")');
  else if (typeof entry.type !== 'string' || !(GLOBAL_TYPES as readonly string[]).includes(entry.type)) {
    report('bad-value', [...tokens, 'type'], `"type" must be one of ${GLOBAL_TYPES.join(', ')}, found ${typeof entry.type === 'string' ? quoteName(entry.type) : describeType(entry.type)}`);
  } else type = entry.type as GlobalType;
  const globalName = name();
  return ok && type !== null && globalName !== null ? { kind: 'global', type, name: globalName } : null;
}

function checkDuplicates(objects: readonly PatchObject[], pointers: readonly string[], file: string, problems: Problem[]): void {
  const seen = new Map<string, number>();
  objects.forEach((object, index) => {
    const id = objectId(object);
    const first = seen.get(id);
    if (first === undefined) seen.set(id, index);
    else problems.push({ code: 'duplicate', file, pointer: pointers[index] ?? '', message: `${describePatchObject(object)} is listed twice (first at ${pointers[first] ?? ''})` });
  });
}

/** One XML element: its name, attributes, child elements and text. */
interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  text: string;
}

/**
 * FormSync's patch list (docs/patches.md, "FormSync's patch list"): `PatchingInformation` >
 * `Objects` > `Forms` > one `Form` element per form, its text the form's name.
 */
function parseFormSyncPatch(text: string, file: string): ParsePatchResult {
  const problems: Problem[] = [];
  const root = parseXml(text);
  if (typeof root === 'string') return { ok: false, problems: [{ code: 'xml-syntax', file, pointer: '', message: root }] };
  if (root.name !== 'PatchingInformation') {
    return { ok: false, problems: [{ code: 'wrong-type', file, pointer: `/${root.name}`, message: `a FormSync patch list has the root element PatchingInformation, found ${quoteName(root.name)}` }] };
  }
  const objects: PatchObject[] = [];
  const pointers: string[] = [];
  const objectsElements = root.children.filter((c) => c.name === 'Objects');
  if (objectsElements.length === 0) problems.push({ code: 'missing-key', file, pointer: '/PatchingInformation', message: 'a FormSync patch list needs an Objects element' });
  objectsElements.forEach((objectsElement) => {
    for (const group of objectsElement.children) {
      if (group.name !== 'Forms') {
        problems.push({ code: 'unknown-key', file, pointer: `/PatchingInformation/Objects/${group.name}`, message: `only Forms is read from a FormSync patch list, found ${quoteName(group.name)}` });
        continue;
      }
      group.children.forEach((form, index) => {
        const pointer = `/PatchingInformation/Objects/Forms/${form.name}/${index}`;
        if (form.name !== 'Form') {
          problems.push({ code: 'unknown-key', file, pointer, message: `Forms holds one Form element per form, found ${quoteName(form.name)}` });
          return;
        }
        const name = form.text.trim();
        const problem = nameProblem(name);
        if (problem !== null) {
          problems.push({ code: 'bad-name', file, pointer, message: problem });
          return;
        }
        objects.push({ kind: 'form', name });
        pointers.push(pointer);
      });
    }
  });
  if (problems.length === 0 && objects.length === 0) problems.push({ code: 'empty', file, pointer: '/PatchingInformation/Objects', message: 'the patch list names no form' });
  checkDuplicates(objects, pointers, file, problems);
  const name = root.attributes.get('Name') ?? file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  return problems.length > 0 ? { ok: false, problems } : { ok: true, patch: { name, objects, pointers } };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The root element of a small XML document (no DTD), or a message saying where it broke. */
function parseXml(text: string): XmlElement | string {
  let i = 0;
  const lineOf = (at: number): string => {
    const before = text.slice(0, at);
    return `line ${before.split('\n').length}, column ${at - before.lastIndexOf('\n')}`;
  };
  const decode = (raw: string): string | null => {
    let bad = false;
    const out = raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (match, entity: string | undefined) => {
      if (entity === undefined) {
        bad = true;
        return match;
      }
      if (entity.startsWith('#')) {
        const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        if (code > 0x10ffff) bad = true;
        return bad ? match : String.fromCodePoint(code);
      }
      const value = ENTITIES[entity];
      if (value === undefined) bad = true;
      return value ?? match;
    });
    return bad ? null : out;
  };
  const skipMisc = (): string | null => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) return `unterminated <? at ${lineOf(i)}`;
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) return `unterminated comment at ${lineOf(i)}`;
        i = end + 3;
      } else if (text.startsWith('<!', i)) return `a DTD or CDATA section is not read, at ${lineOf(i)}`;
      else return null;
    }
  };
  const element = (): XmlElement | string => {
    const start = i;
    const open = /^<([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 200));
    if (open === null) return `expected an element at ${lineOf(i)}`;
    const node: XmlElement = { name: open[1]!, attributes: new Map(), children: [], text: '' };
    i += open[0].length;
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('/>', i)) {
        i += 2;
        return node;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      const attribute = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i, i + 10000));
      if (attribute === null) return `malformed attribute in <${node.name}> at ${lineOf(i)}`;
      const value = decode(attribute[3] ?? attribute[4] ?? '');
      if (value === null) return `malformed entity in an attribute of <${node.name}> at ${lineOf(i)}`;
      node.attributes.set(attribute[1]!, value);
      i += attribute[0].length;
    }
    for (;;) {
      const next = text.indexOf('<', i);
      if (next < 0) return `<${node.name}> opened at ${lineOf(start)} is never closed`;
      const raw = text.slice(i, next);
      const decoded = decode(raw);
      if (decoded === null) return `malformed entity at ${lineOf(i)}`;
      node.text += decoded;
      i = next;
      if (text.startsWith('</', i)) {
        const close = /^<\/([A-Za-z_][\w.-]*)\s*>/.exec(text.slice(i, i + 200));
        if (close === null || close[1] !== node.name) return `expected </${node.name}> at ${lineOf(i)}`;
        i += close[0].length;
        return node;
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) return `unterminated comment at ${lineOf(i)}`;
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) return `unterminated CDATA section at ${lineOf(i)}`;
        node.text += text.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      const child = element();
      if (typeof child === 'string') return child;
      node.children.push(child);
    }
  };
  const before = skipMisc();
  if (before !== null) return before;
  const root = element();
  if (typeof root === 'string') return root;
  const after = skipMisc();
  if (after !== null) return after;
  if (i < text.length) return `unexpected text after the root element at ${lineOf(i)}`;
  return root;
}
