import type { JsonObject } from '../json.js';
import type { ConfigurationMeta } from '../model.js';

/**
 * A seeded generator of a large, realistic Source and Target pair, for the crash harness and
 * benchmarks: vendor forms with components, scripts (CRLF), event handlers and variables; global
 * objects; a Master Explorer; Site, Group and User customizations of a share of the forms; runtime
 * changes; group membership. The Source is the next vendor release: most forms unchanged, some
 * changed (captions, sizes, a component added, a script line), a few dropped, a few new. Pure: the
 * same seed and size give the same documents.
 */
export interface GeneratedPair {
  source: Record<string, JsonObject>;
  target: Record<string, JsonObject>;
  sourceMeta: Partial<ConfigurationMeta>;
  targetMeta: Partial<ConfigurationMeta>;
}

/** Options of {@link generateConfigurationPair}. */
export interface GenerateOptions {
  seed: number;
  /** About how many version files the Target holds (at least 20). */
  files: number;
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Customer', 'Order', 'Item', 'Vendor', 'Invoice', 'Shipment', 'Price', 'Credit', 'Account', 'Ledger', 'Project', 'Job'];
const SUFFIXES = ['s', 'Lines', 'Maint', 'Inquiry', 'Report', 'Query', 'Setup', 'History'];
const TYPES = ['EditBox', 'Button', 'ComboBox', 'CheckBox', 'Label', 'Grid'];

/** A Source and Target pair of about `files` Target versions (see the interface comment). */
export function generateConfigurationPair(options: GenerateOptions): GeneratedPair {
  const random = seededRandom(options.seed);
  const int = (n: number) => Math.floor(random() * n);
  const chance = (p: number) => random() < p;
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const files = Math.max(20, options.files);

  const target: Record<string, JsonObject> = {};
  const source: Record<string, JsonObject> = {};

  const formCount = Math.max(5, Math.round(files * 0.4));
  const forms: string[] = [];
  for (let i = 0; forms.length < formCount; i++) forms.push(`${WORDS[i % WORDS.length]}${SUFFIXES[Math.floor(i / WORDS.length) % SUFFIXES.length]}${i >= WORDS.length * SUFFIXES.length ? i : ''}`);

  const form = (name: string): JsonObject => {
    const components: JsonObject = {};
    const count = 3 + int(8);
    for (let c = 0; c < count; c++) {
      const component: JsonObject = { type: pick(TYPES), x: 1 + int(40), y: 1 + c, width: 5 + int(20), height: 1 };
      if (chance(0.6)) component.binding = `object.${pick(WORDS)}${c}`;
      if (chance(0.5)) component.caption = `s${pick(WORDS)}${c}`;
      components[`${pick(WORDS)}${c}`] = component;
    }
    const doc: JsonObject = {
      name,
      attributes: { caption: `${name}`, dataSource: `SL${name}`, width: 60 + int(60), height: 20 + int(20) },
      script: `Option Explicit\r\nSub Main()\r\n  ThisForm.Refresh()\r\n  ' ${name}\r\nEnd Sub\r\n`,
      components,
    };
    if (chance(0.5)) doc.eventHandlers = { StdFormPredisplay: [{ responseType: 'Method', response: 'InitForm()' }] };
    if (chance(0.3)) doc.variables = { InitialFilter: `Stat='${pick(['A', 'I', 'H'])}'` };
    return doc;
  };

  /** A customized version: the base with a few changes a customer makes. */
  const customize = (base: JsonObject, who: string): JsonObject => {
    const doc = JSON.parse(JSON.stringify(base)) as JsonObject;
    const attributes = doc.attributes as JsonObject;
    if (chance(0.7)) attributes.caption = `${String(attributes.caption)} (${who})`;
    if (chance(0.3)) attributes.width = Number(attributes.width) + 10;
    const components = doc.components as JsonObject;
    const names = Object.keys(components);
    if (chance(0.6)) (components[pick(names)] as JsonObject).x = 50 + int(10);
    if (chance(0.3)) components[`ue${who}Field`] = { type: 'EditBox', binding: `object.ue${who}`, x: 2, y: 30, width: 10, height: 1 };
    if (chance(0.2)) doc.script = String(doc.script).replace('End Sub', `  ue${who}Init()\r\nEnd Sub`);
    if (chance(0.2)) {
      const handlers = (doc.eventHandlers as JsonObject | undefined) ?? {};
      handlers.StdFormPredisplay = [...((handlers.StdFormPredisplay as JsonObject[] | undefined) ?? []), { responseType: 'Script', response: `ue${who}Defaults`, keep: 'LAST' }];
      doc.eventHandlers = handlers;
    }
    return doc;
  };

  /** The vendor's next version of a form: mostly small changes. */
  const nextRelease = (base: JsonObject): JsonObject => {
    const doc = JSON.parse(JSON.stringify(base)) as JsonObject;
    const attributes = doc.attributes as JsonObject;
    if (chance(0.5)) attributes.caption = `${String(attributes.caption)} 11`;
    if (chance(0.3)) attributes.width = Number(attributes.width) + 5;
    if (chance(0.4)) (doc.components as JsonObject)[`New${int(1000)}`] = { type: pick(TYPES), x: 1, y: 40, width: 8, height: 1 };
    if (chance(0.3)) doc.script = `' release 11\r\n${String(doc.script)}`;
    return doc;
  };

  const users = Array.from({ length: Math.max(2, Math.round(files / 150)) }, (_, i) => `User${String(i + 1).padStart(3, '0')}`);
  const groups = ['Sales', 'Finance'];
  const membership: Record<string, string[]> = { Sales: [], Finance: [] };
  users.forEach((user, i) => {
    if (i % 3 !== 2) membership[groups[i % 2]].push(user);
  });

  let written = 0;
  for (const name of forms) {
    const base = form(name);
    target[`vendor/forms/${name}.json`] = base;
    written++;
    const roll = random();
    if (roll < 0.6) source[`vendor/forms/${name}.json`] = base;
    else if (roll < 0.92) source[`vendor/forms/${name}.json`] = nextRelease(base);
    // else: the vendor dropped it.
    if (chance(0.15)) {
      target[`site/forms/${name}.json`] = customize(base, 'Site');
      written++;
    }
    for (const group of groups) {
      if (chance(0.05)) {
        target[`groups/${group}/forms/${name}.json`] = customize(base, group);
        written++;
      }
    }
  }
  // New vendor forms.
  for (let i = 0; i < Math.max(1, Math.round(formCount * 0.05)); i++) source[`vendor/forms/NewForm${i}.json`] = form(`NewForm${i}`);

  const globalTypes = ['scripts', 'strings', 'validators'] as const;
  const globalCount = Math.max(3, Math.round(files * 0.08));
  const globals: [string, string][] = [];
  for (let i = 0; i < globalCount; i++) {
    const type = globalTypes[i % globalTypes.length];
    const name = `${type === 'scripts' ? 'Utils' : type === 'strings' ? 's' : 'Valid'}${pick(WORDS)}${i}`;
    globals.push([type, name]);
    const doc: JsonObject =
      type === 'scripts'
        ? { name, attributes: { language: 'VB', code: `Public Function ${name}() As Boolean\r\n  Return True\r\nEnd Function\r\n` } }
        : type === 'strings'
          ? { name, attributes: { text: `${pick(WORDS)} text ${i}` } }
          : { name, attributes: { type: 'IDO', ido: `SL${pick(WORDS)}s`, message: `Invalid ${i}` } };
    target[`vendor/globals/${type}/${name}.json`] = doc;
    written++;
    if (chance(0.85)) {
      const next = JSON.parse(JSON.stringify(doc)) as JsonObject;
      if (chance(0.3)) (next.attributes as JsonObject).revision = 11;
      source[`vendor/globals/${type}/${name}.json`] = next;
    }
    if (chance(0.1)) {
      const mine = JSON.parse(JSON.stringify(doc)) as JsonObject;
      (mine.attributes as JsonObject).customized = true;
      target[`site/globals/${type}/${name}.json`] = mine;
      written++;
    }
  }

  const explorer = (title: string, count: number): JsonObject => ({
    folders: [{ name: title, items: forms.slice(0, count).map((form) => ({ form })) }],
  });
  target['vendor/explorer.json'] = explorer('Vendor', Math.min(forms.length, 30));
  source['vendor/explorer.json'] = explorer('Vendor', Math.min(forms.length, 32));
  target['site/explorer.json'] = explorer('Public', Math.min(forms.length, 10));
  written += 2;

  // User customizations fill the rest.
  for (let u = 0; written < files; u = (u + 1) % users.length) {
    const user = users[u];
    const name = pick(forms);
    const path = `users/${user}/forms/${name}.json`;
    if (target[path] !== undefined) {
      const runtime = `users/${user}/runtime/${name}.json`;
      if (target[runtime] === undefined) {
        target[runtime] = { name, attributes: { width: 100 + int(40), splitters: [20 + int(20)] } };
        written++;
      } else if (chance(0.05)) {
        const [type, global] = pick(globals);
        target[`users/${user}/globals/${type}/${global}.json`] = {
          name: global,
          attributes: { language: 'VB', code: `Public Function ${global}() As Boolean\r\n  Return False ' ${user}\r\nEnd Function\r\n` },
        };
        written++;
      }
      continue;
    }
    target[path] = customize(target[`vendor/forms/${name}.json`], user);
    written++;
    if (chance(0.05)) {
      target[`users/${user}/explorer.json`] = explorer(`${user}'s`, 3);
      written++;
    }
  }

  return {
    source,
    target,
    sourceMeta: { name: 'Vendor release 11' },
    targetMeta: { name: 'Production', groups: membership },
  };
}
