#!/usr/bin/env node
// `npm run bench:generate -- [--forms 8000] [--seed 1] [--changed 0.15] [--out DIR] [--force]`
//
// Writes a seeded, realistic pair of configurations the size of a SyteLine forms database
// (docs/configuration.md), for `npm run bench`:
//
//   DIR/source   the vendor's new release (base level only): release N with ~15% of its forms
//                changed (attributes, added and removed components, script edits, handlers)
//                and ~2% new forms, ~10% of its global objects changed and ~2% new ones, and a
//                new Master Explorer.
//   DIR/target   the customer's configuration: release N at vendor level (forms with ~40
//                components each, a third with scripts; global objects; Master Explorer) and
//                1,500 customized form versions over Site, 5 groups and 200 users (basic and
//                major attribute changes, added components, script edits, appended handlers;
//                a few redundant, phantom and customer-made versions), customized global
//                objects, Public folders, My Folders and users' runtime changes.
//
// Counts scale with --forms (8,000 is the reference size). The same seed gives the same bytes.
// Generated data never goes into git (bench/out/ is ignored).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clone, Random } from './random.mjs';
import { editScript, scriptText } from './scripts.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------------------------------------------------------------------------------------------
// Vocabulary

const NOUNS = [
  'Customer', 'Order', 'Item', 'Vendor', 'Invoice', 'Shipment', 'Job', 'Routing', 'Operation', 'Material',
  'Warehouse', 'Location', 'Lot', 'Serial', 'Employee', 'Payroll', 'Ledger', 'Account', 'Journal', 'Budget',
  'Project', 'Task', 'Estimate', 'Quote', 'Contract', 'Service', 'Return', 'Credit', 'Debit', 'Payment',
  'Receipt', 'Bank', 'Currency', 'Tax', 'Price', 'Discount', 'Commission', 'Salesperson', 'Territory', 'Region',
  'Product', 'Unit', 'Reason', 'Terms', 'Carrier', 'Freight', 'Bill', 'Planning', 'Forecast', 'Schedule',
  'Shift', 'Resource', 'Department', 'Cost', 'Center', 'Asset', 'Depreciation', 'Transfer', 'Consignment', 'Kanban',
  'Backflush', 'Certificate', 'Inspection', 'Quality', 'Defect', 'Supplier', 'Requisition', 'Purchase', 'Blanket', 'Release',
  'Contact', 'Address', 'Portal', 'Workflow', 'Event', 'Alert', 'Approval', 'Labor', 'Attendance', 'Container',
  'Package', 'Pallet', 'Dock', 'Route', 'Stop', 'Vehicle', 'Driver', 'Rate', 'Fee', 'Allowance',
  'Rebate', 'Promotion', 'Campaign', 'Lead', 'Opportunity', 'Prospect', 'Case', 'Incident', 'Warranty', 'Claim',
];
const SUFFIXES = ['', 's', 'Lines', 'Inquiry', 'Report', 'Maintenance', 'Setup', 'Utility', 'History', 'Detail', 'Summary', 'Workbench', 'Query', 'Entry', 'Browse'];
const FIELDS = [
  'CustNum', 'Name', 'Addr1', 'Addr2', 'City', 'State', 'Zip', 'Country', 'Phone', 'Fax',
  'Email', 'Contact', 'Stat', 'Type', 'Code', 'Description', 'Qty', 'QtyOrdered', 'QtyShipped', 'QtyReceived',
  'Price', 'Cost', 'Amount', 'Discount', 'TaxCode', 'TermsCode', 'CurrCode', 'ExchRate', 'DueDate', 'OrderDate',
  'ShipDate', 'Whse', 'Loc', 'Lot', 'Item', 'UM', 'Job', 'Suffix', 'OperNum', 'Wc',
  'VendNum', 'PoNum', 'CoNum', 'CoLine', 'InvNum', 'Slsman', 'Territory', 'Region', 'Carrier', 'ShipVia',
  'Weight', 'Volume', 'CreditLimit', 'CreditHold', 'Balance', 'LastPaid', 'Notes', 'Priority', 'Reason', 'Reference',
  'Account', 'Unit1', 'Unit2', 'Unit3', 'Unit4', 'Project', 'Task', 'Employee', 'Shift', 'Resource',
  'StartDate', 'EndDate', 'Revision', 'Drawing', 'Serial', 'Batch', 'Container', 'Pallet', 'Approved', 'ApprovedBy',
];
const FIELD_SUFFIXES = ['', 'Ext', 'Desc', 'Total', 'Orig', 'Conv', 'Display', 'Sub'];
const COMPONENT_TYPES = [
  ['EditBox', 40], ['StaticText', 15], ['ComboBox', 10], ['CheckBox', 8], ['Button', 8], ['GroupBox', 4],
  ['RadioButton', 3], ['Grid', 3], ['ListBox', 2], ['DatePicker', 4], ['ProgressBar', 1], ['Image', 2],
];
const EVENTS = [
  'StdFormPredisplay', 'StdObjectSelectCurrent', 'StdObjectNew', 'StdObjectSave', 'StdObjectDelete', 'StdObjectRefresh',
  'StdFormClose', 'StdValidateForm', 'StdObjectCopy', 'ValidateCustNum', 'ItemChanged', 'PrintReport', 'CalcTotals',
];
const RESPONSE_TYPES = ['Method', 'Script', 'Form', 'Generate Event', 'IDO Method', 'Set Values'];
const FIRST = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'T', 'V', 'W'];
const LAST = [
  'Smith', 'Jones', 'Lee', 'Park', 'Garcia', 'Miller', 'Davis', 'Lopez', 'Wilson', 'Moore', 'Taylor', 'Thomas',
  'White', 'Harris', 'Martin', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green',
];
const GROUPS = ['Sales', 'Purchasing', 'Finance', 'Production', 'Warehouse'];
const GLOBAL_MIX = [
  ['strings', 0.5], ['validators', 0.16], ['scripts', 0.1], ['componentClasses', 0.08], ['propertyClassExtensions', 0.05],
  ['menus', 0.03], ['images', 0.025], ['variables', 0.025], ['themes', 0.01], ['webUserControls', 0.01], ['webUserControlElements', 0.01],
];
const BASIC_FORM_ATTRIBUTES = ['caption', 'width', 'height'];
const BASIC_COMPONENT_ATTRIBUTES = ['caption', 'x', 'y', 'width', 'height', 'hidden', 'readOnly', 'defaultValue'];
const MAJOR_COMPONENT_ATTRIBUTES = ['binding', 'listSource', 'validators', 'format', 'maxLength', 'font'];

// ---------------------------------------------------------------------------------------------
// Documents

function uniqueNames(rand, count, make) {
  const names = [];
  const seen = new Set();
  for (let tries = 0; names.length < count; tries++) {
    let name = make(tries);
    if (tries > count * 20) name = `${name}${tries}`;
    const key = name.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(name);
  }
  return names;
}

function fieldName(rand) {
  return rand.pick(FIELDS) + rand.pick(FIELD_SUFFIXES) + (rand.chance(0.15) ? rand.pick(FIELDS) : '');
}

function makeComponent(rand, name, index) {
  const type = rand.weighted(COMPONENT_TYPES);
  const c = { type };
  if (['EditBox', 'ComboBox', 'CheckBox', 'RadioButton', 'ListBox', 'DatePicker'].includes(type)) c.binding = `object.${name}`;
  if (type !== 'Image' && type !== 'ProgressBar') c.caption = `s${name.replace(/[0-9]+$/, '')}`;
  c.x = 1 + (index % 3) * 30 + rand.int(3);
  c.y = 1 + Math.floor(index / 3);
  c.width = rand.pick([8, 10, 12, 15, 20, 30, 40]);
  c.height = type === 'Grid' ? rand.between(8, 20) : 1;
  c.tabOrder = index + 1;
  if (type === 'ComboBox' || type === 'ListBox') c.listSource = `LIST ${rand.pick(['Open,Closed', 'Regular,Distributor,Retail', 'A,B,C', 'Yes,No'])}`;
  if (type === 'EditBox' && rand.chance(0.3)) c.validators = [`${name.replace(/[0-9]+$/, '')}Valid`];
  if (type === 'EditBox' && rand.chance(0.25)) c.maxLength = rand.pick([7, 10, 15, 30, 40, 60]);
  if (type === 'EditBox' && rand.chance(0.15)) c.format = rand.pick(['>', '#,##0.00', 'yyyy-MM-dd', '0000']);
  if (rand.chance(0.1)) c.readOnly = true;
  if (rand.chance(0.05)) c.hidden = true;
  if (type === 'Grid') c.columns = Array.from({ length: rand.between(4, 10) }, () => fieldName(rand));
  if (type === 'Button') c.onClick = `Generate${name}`;
  return c;
}

function makeForm(rand, name) {
  const count = rand.between(24, 56);
  const componentNames = uniqueNames(rand, count, (tries) => fieldName(rand) + (tries > 200 ? tries : ''));
  const components = {};
  componentNames.forEach((c, i) => (components[c] = makeComponent(rand, c, i)));
  const doc = {
    name,
    attributes: {
      caption: `f${name}`,
      dataSource: `SL${name.replace(/(Lines|Inquiry|Report|Maintenance|Setup|Utility|History|Detail|Summary|Workbench|Query|Entry|Browse)$/, '')}`,
      initialCommand: rand.pick(['Refresh', 'None', 'Refresh', 'New']),
      width: rand.between(60, 140),
      height: rand.between(20, 50),
      formType: rand.pick(['Normal', 'Normal', 'Normal', 'Dialog', 'Query']),
      helpFile: 'SyteLine.chm',
      helpContext: rand.between(1000, 99999),
      ...(rand.chance(0.3) ? { filterForm: `${name}Filter` } : {}),
      ...(rand.chance(0.5) ? { primaryCollectionCaps: rand.pick(['Read,Insert,Update,Delete', 'Read', 'Read,Update']) } : {}),
    },
  };
  if (rand.chance(1 / 3)) doc.script = scriptText(rand, componentNames, rand.between(60, 500));
  doc.components = components;
  const eventHandlers = {};
  for (const event of rand.sample(EVENTS, rand.between(2, 7))) {
    eventHandlers[event] = Array.from({ length: rand.between(1, 3) }, () => handler(rand, componentNames));
  }
  doc.eventHandlers = eventHandlers;
  if (rand.chance(0.6)) {
    const variables = {};
    for (let i = rand.between(1, 6); i > 0; i--) variables[`v${fieldName(rand)}`] = rand.pick(['', '0', '1', "Stat='A'", 'Default', String(rand.int(1000))]);
    doc.variables = variables;
  }
  return doc;
}

function handler(rand, fields) {
  const responseType = rand.pick(RESPONSE_TYPES);
  const h = { responseType, response: `${rand.pick(['Init', 'Set', 'Check', 'Load', 'Post'])}${rand.pick(fields)}()` };
  if (rand.chance(0.2)) h.synchronous = true;
  return h;
}

function makeGlobal(rand, type, name) {
  switch (type) {
    case 'strings':
      return { name, attributes: { text: `${name.slice(1).replace(/([a-z])([A-Z])/g, '$1 $2')}` } };
    case 'validators':
      return { name, attributes: { type: rand.pick(['InIdoCollection', 'Range', 'Script', 'InList']), ido: `SL${rand.pick(NOUNS)}s`, property: rand.pick(FIELDS), message: `mInvalid${rand.pick(NOUNS)}`, ...(rand.chance(0.4) ? { filter: "Stat <> 'I'" } : {}) } };
    case 'scripts':
      return { name, attributes: { language: rand.pick(['VB', 'VB', 'CSharp']), code: scriptText(rand, FIELDS, rand.between(40, 400)) } };
    case 'images':
      return { name, attributes: { mimeType: 'image/png', data: Buffer.from(Array.from({ length: rand.between(200, 3000) }, () => rand.int(256))).toString('base64') } };
    case 'menus':
      return { name, attributes: { items: Array.from({ length: rand.between(3, 15) }, () => ({ caption: `s${rand.pick(FIELDS)}`, form: `${rand.pick(NOUNS)}s` })) } };
    default:
      return { name, attributes: { description: `${type} ${name}`, value: rand.pick(['True', 'False', '0', 'Default', 'Blue']), kind: rand.pick(['A', 'B', 'C']), order: rand.int(100) } };
  }
}

// ---------------------------------------------------------------------------------------------
// Changes

function componentNamesOf(doc) {
  return Object.keys(doc.components ?? {});
}

/** Inserts `[key, value]` into an object at a position, keeping the other keys' order. */
function insertAt(object, position, key, value) {
  const entries = Object.entries(object);
  entries.splice(position, 0, [key, value]);
  return Object.fromEntries(entries);
}

/** The vendor's changes between releases: attributes, components added and removed, script, handlers. */
function vendorChange(rand, doc) {
  const names = componentNamesOf(doc);
  const changes = rand.between(1, 4);
  for (let k = 0; k < changes; k++) {
    switch (rand.int(6)) {
      case 0: {
        const c = doc.components[rand.pick(names)];
        if (!c) break;
        const attribute = rand.pick(['caption', 'width', 'x', 'y', 'binding', 'listSource', 'maxLength', 'font', 'tabOrder']);
        c[attribute] = typeof c[attribute] === 'number' || ['width', 'x', 'y', 'maxLength', 'tabOrder'].includes(attribute) ? rand.between(1, 80) : `${attribute}V${rand.int(1000)}`;
        break;
      }
      case 1: {
        for (let i = rand.between(1, 3); i > 0; i--) {
          const name = `${fieldName(rand)}New${rand.int(100)}`;
          doc.components = insertAt(doc.components, rand.int(names.length + 1), name, makeComponent(rand, name, names.length + i));
        }
        break;
      }
      case 2:
        for (const name of rand.sample(names, rand.between(1, 2))) delete doc.components[name];
        break;
      case 3:
        if (typeof doc.script === 'string') doc.script = editScript(rand, doc.script, names, rand.between(1, 8));
        else doc.attributes.width = rand.between(60, 140);
        break;
      case 4: {
        const events = Object.keys(doc.eventHandlers);
        const event = rand.chance(0.7) && events.length > 0 ? rand.pick(events) : rand.pick(EVENTS);
        doc.eventHandlers[event] = [...(doc.eventHandlers[event] ?? []), handler(rand, names)];
        break;
      }
      default:
        doc.attributes[rand.pick(['caption', 'initialCommand', 'helpContext', 'width', 'height'])] = rand.chance(0.5) ? rand.between(20, 99999) : `v${rand.int(1000)}`;
    }
  }
  return doc;
}

/** A customizer's changes to a copy of the version its users would otherwise get. */
function customize(rand, doc, scopeTag) {
  const names = componentNamesOf(doc);
  const changes = rand.between(1, 4);
  for (let k = 0; k < changes; k++) {
    const kind = rand.weighted([['basic', 40], ['major', 15], ['add', 20], ['script', 10], ['handler', 10], ['variable', 5]]);
    switch (kind) {
      case 'basic': {
        if (rand.chance(0.2)) {
          const attribute = rand.pick(BASIC_FORM_ATTRIBUTES);
          doc.attributes[attribute] = attribute === 'caption' ? `${doc.name} (${scopeTag})` : rand.between(30, 160);
          break;
        }
        for (const name of rand.sample(names, rand.between(1, 5))) {
          const c = doc.components[name];
          if (!c) continue;
          const attribute = rand.pick(BASIC_COMPONENT_ATTRIBUTES);
          c[attribute] = ['x', 'y', 'width', 'height'].includes(attribute) ? rand.between(1, 90) : attribute === 'caption' ? `s${name}${scopeTag}` : attribute === 'defaultValue' ? String(rand.int(100)) : !c[attribute];
        }
        break;
      }
      case 'major': {
        const c = doc.components[rand.pick(names)];
        if (!c) break;
        const attribute = rand.pick(MAJOR_COMPONENT_ATTRIBUTES);
        c[attribute] = attribute === 'validators' ? [...(c.validators ?? []), `ue_${rand.pick(FIELDS)}Valid`] : attribute === 'maxLength' ? rand.between(5, 80) : `ue_${attribute}${rand.int(100)}`;
        break;
      }
      case 'add': {
        for (let i = rand.between(1, 3); i > 0; i--) {
          const name = `ue_${fieldName(rand)}${rand.int(100)}`;
          doc.components = insertAt(doc.components, rand.int(names.length + 1), name, makeComponent(rand, name, names.length + i));
        }
        break;
      }
      case 'script':
        if (typeof doc.script === 'string') doc.script = editScript(rand, doc.script, names, rand.between(1, 5));
        else doc.attributes.initialCommand = 'None';
        break;
      case 'handler': {
        const events = Object.keys(doc.eventHandlers ?? {});
        const event = events.length > 0 && rand.chance(0.8) ? rand.pick(events) : `ue_${rand.pick(EVENTS)}`;
        const added = { responseType: 'Script', response: `ue_${rand.pick(['Check', 'Set', 'Log'])}${rand.pick(names)}` };
        const keep = rand.weighted([['LAST', 5], ['FIRST', 2], [null, 3]]);
        if (keep) added.keep = keep;
        doc.eventHandlers = doc.eventHandlers ?? {};
        doc.eventHandlers[event] = keep === 'FIRST' ? [added, ...(doc.eventHandlers[event] ?? [])] : [...(doc.eventHandlers[event] ?? []), added];
        break;
      }
      case 'variable':
        doc.variables = { ...(doc.variables ?? {}), [`ue_v${rand.pick(FIELDS)}`]: String(rand.int(100)) };
        break;
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Explorer

function masterExplorer(rand, formNames) {
  const byNoun = new Map();
  for (const form of formNames) {
    const noun = NOUNS.find((n) => form.startsWith(n)) ?? 'Other';
    if (!byNoun.has(noun)) byNoun.set(noun, []);
    byNoun.get(noun).push(form);
  }
  const modules = ['Customer', 'Vendor', 'Inventory', 'Production', 'Finance', 'Service', 'Projects', 'Logistics', 'Quality', 'CRM'];
  const folders = modules.map((name) => ({ name, items: [] }));
  for (const [noun, forms] of byNoun) {
    const folder = folders[NOUNS.indexOf(noun) % modules.length] ?? folders[0];
    const sub = { name: noun === 'Other' ? 'Other' : `${noun}s`, items: [] };
    for (const form of forms) sub.items.push(rand.chance(0.1) ? { form, caption: form.replace(/([a-z])([A-Z])/g, '$1 $2') } : { form });
    folder.items.push(sub);
  }
  return { folders };
}

function myFolders(rand, formNames, folderName, count) {
  const forms = rand.sample(formNames, count);
  const folders = [{ name: folderName, items: forms.slice(0, Math.ceil(count / 2)).map((form) => ({ form })) }];
  if (count > 1) folders.push({ name: 'Daily', items: forms.slice(Math.ceil(count / 2)).map((form) => (rand.chance(0.3) ? { form, caption: `My ${form}` } : { form })) });
  return { folders };
}

// ---------------------------------------------------------------------------------------------
// Writing

const LEADING_KEYS = ['name', 'attributes', 'script', 'components', 'eventHandlers', 'variables'];

/** Serializes like Carryover does (docs/configuration.md, "Writing"). */
function serialize(doc) {
  const ordered = {};
  for (const key of LEADING_KEYS) if (key in doc) ordered[key] = doc[key];
  for (const key of Object.keys(doc)) if (!(key in ordered)) ordered[key] = doc[key];
  return JSON.stringify(ordered, null, 2) + '\n';
}

class Writer {
  constructor(root) {
    this.root = root;
    this.folders = new Set();
    this.files = 0;
    this.bytes = 0;
  }

  write(relative, doc, bom = false) {
    const file = path.join(this.root, relative);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    const text = (bom ? '\uFEFF' : '') + (typeof doc === 'string' ? doc : serialize(doc));
    writeFileSync(file, text);
    this.files++;
    this.bytes += Buffer.byteLength(text);
  }
}

// ---------------------------------------------------------------------------------------------
// The pair

/**
 * Generates the pair into `out` (which is replaced). Returns what it made, also written to
 * `out/generated.json`.
 */
export function generate({ forms: formCount = 8000, seed = 1, changed: changedShare = 0.15, out }) {
  const rand = new Random(seed);
  const scale = formCount / 8000;
  const counts = {
    forms: formCount,
    changedForms: Math.round(formCount * changedShare),
    addedForms: Math.round(formCount * 0.02),
    customizedForms: Math.max(10, Math.round(1500 * scale)),
    groups: GROUPS.length,
    users: Math.max(4, Math.round(200 * Math.min(1, scale * 4))),
    globals: Math.max(12, Math.round(600 * scale)),
    customizedGlobals: Math.max(4, Math.round(300 * scale)),
    runtimeFiles: Math.max(2, Math.round(400 * scale)),
    myFolders: 0,
  };

  rmSync(out, { recursive: true, force: true });
  const source = new Writer(path.join(out, 'source'));
  const target = new Writer(path.join(out, 'target'));

  // Release N: the vendor's forms and global objects.
  const allFormNames = uniqueNames(rand, formCount + counts.addedForms, () => rand.pick(NOUNS) + rand.pick(NOUNS) + rand.pick(SUFFIXES));
  const formNames = allFormNames.slice(0, formCount);
  const newFormNames = allFormNames.slice(formCount);
  const vendorN = new Map();
  for (const name of formNames) vendorN.set(name, makeForm(rand, name));

  const globalsN = new Map(); // `${type}/${name}` -> doc
  for (const [type, share] of GLOBAL_MIX) {
    const n = Math.max(1, Math.round(counts.globals * share));
    const prefix = type === 'strings' ? 's' : type === 'validators' ? '' : type === 'scripts' ? '' : `${type.slice(0, 3)}`;
    const names = uniqueNames(rand, n, () => prefix + rand.pick(FIELDS) + rand.pick(['', 'Valid', 'Utils', 'Ext', 'Check', 'Format', 'Default']) + (type === 'validators' ? 'Valid' : ''));
    for (const name of names) globalsN.set(`${type}/${name}`, makeGlobal(rand, type, name));
  }

  // Release N+1: ~15% of forms changed, ~2% added; ~10% of globals changed, ~2% added.
  const vendorN1 = new Map();
  // Forms customers customize most are the busiest ones, which vendors also change more often.
  const popular = rand.sample(formNames, Math.max(5, Math.round(counts.customizedForms * 0.5)));
  const changed = new Set(rand.sample(popular, Math.round(popular.length * 0.3)));
  for (const name of rand.sample(formNames, counts.changedForms)) if (changed.size < counts.changedForms) changed.add(name);
  for (const [name, doc] of vendorN) vendorN1.set(name, changed.has(name) ? vendorChange(rand, clone(doc)) : doc);
  for (const name of newFormNames) vendorN1.set(name, makeForm(rand, name));
  const globalsN1 = new Map();
  const changedGlobals = new Set(rand.sample([...globalsN.keys()], Math.round(globalsN.size * 0.1)));
  for (const [key, doc] of globalsN) {
    if (!changedGlobals.has(key)) {
      globalsN1.set(key, doc);
      continue;
    }
    const next = clone(doc);
    if (typeof next.attributes.code === 'string') next.attributes.code = editScript(rand, next.attributes.code, FIELDS, rand.between(1, 6));
    else if (typeof next.attributes.text === 'string') next.attributes.text += ' (new)';
    else next.attributes.revision = rand.between(2, 9);
    globalsN1.set(key, next);
  }
  for (let i = Math.round(globalsN.size * 0.02); i > 0; i--) globalsN1.set(`strings/sNew${FIELDS[i % FIELDS.length]}${i}`, makeGlobal(rand, 'strings', `sNew${FIELDS[i % FIELDS.length]}${i}`));

  // Users and groups: 5 groups of users; a quarter of the users in no group.
  const users = uniqueNames(rand, counts.users, (tries) => `${rand.pick(FIRST)}_${rand.pick(LAST)}${tries > 300 ? tries : ''}`);
  const membership = Object.fromEntries(GROUPS.map((g) => [g, []]));
  users.forEach((user, i) => {
    if (i % 4 !== 3) membership[GROUPS[i % GROUPS.length]].push(user);
  });
  const groupOf = new Map(Object.entries(membership).flatMap(([g, members]) => members.map((u) => [u, g])));

  // Which (scope, form) pairs are customized: popular forms are customized at several scopes.
  const pairs = new Map(); // scope folder -> Set(form)
  const customerMade = Math.round(counts.customizedForms * 0.03);
  let made = 0;
  while (made < counts.customizedForms - customerMade) {
    const r = rand.next();
    const scope = r < 0.35 ? 'site' : r < 0.55 ? `groups/${rand.pick(GROUPS)}` : `users/${rand.pick(users)}`;
    const form = popular[Math.floor(popular.length * rand.next() ** 2)];
    if (!pairs.has(scope)) pairs.set(scope, new Set());
    if (pairs.get(scope).has(form)) continue;
    pairs.get(scope).add(form);
    made++;
  }

  // Write the Target: release N at vendor level...
  target.write('configuration.json', { name: `Acme production forms (SyteLine, ${formCount} forms)`, format: 'carryover/1', groups: membership });
  for (const [name, doc] of vendorN) target.write(`vendor/forms/${name}.json`, doc, rand.chance(0.01));
  for (const [key, doc] of globalsN) target.write(`vendor/globals/${key}.json`, doc);
  target.write('vendor/explorer.json', masterExplorer(rand, formNames));

  // ...then the customized versions, Site first so Groups and Users can derive from it.
  const stats = { redundant: 0, phantom: 0, customerMade: 0, customized: 0 };
  const versions = new Map(); // `${scope}/${form}` -> doc
  const scopeOrder = [...pairs.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  function rank(scope) {
    return scope === 'site' ? 0 : scope.startsWith('groups/') ? 1 : 2;
  }
  for (const scope of scopeOrder) {
    for (const form of [...pairs.get(scope)].sort()) {
      const user = scope.startsWith('users/') ? scope.slice('users/'.length) : null;
      const group = user ? groupOf.get(user) : null;
      // A version is a complete copy of the one its users would otherwise get: Group, Site, vendor.
      const parent =
        (group ? versions.get(`groups/${group}/${form}`) : undefined) ??
        (scope !== 'site' ? versions.get(`site/${form}`) : undefined) ??
        vendorN.get(form);
      let doc = clone(parent);
      const r = rand.next();
      if (r < 0.02) stats.redundant++; // an unchanged copy: a redundant customization
      else if (r < 0.03 && typeof doc.script === 'string') {
        doc.script = doc.script.replace(/\r\n/g, '\n'); // only line endings differ: a phantom change
        stats.phantom++;
      } else doc = customize(rand, doc, scope.replace(/^.*\//, ''));
      versions.set(`${scope}/${form}`, doc);
      target.write(`${scope}/forms/${form}.json`, doc);
      stats.customized++;
    }
  }
  // Forms the customer made (no vendor base): user-exit forms.
  for (let i = 0; i < customerMade; i++) {
    const scope = i % 3 === 0 ? `users/${rand.pick(users)}` : 'site';
    const name = `ue_${rand.pick(NOUNS)}${rand.pick(['Dashboard', 'Lookup', 'Entry', 'Review'])}${i}`;
    target.write(`${scope}/forms/${name}.json`, makeForm(rand, name));
    stats.customerMade++;
    stats.customized++;
  }

  // Customized global objects: mostly Site, some Groups and Users.
  const globalKeys = [...globalsN.keys()];
  const customizedGlobals = new Set();
  while (customizedGlobals.size < Math.min(counts.customizedGlobals, globalKeys.length * 3)) {
    const key = rand.pick(globalKeys);
    const r = rand.next();
    const scope = r < 0.6 ? 'site' : r < 0.8 ? `groups/${rand.pick(GROUPS)}` : `users/${rand.pick(users)}`;
    const id = `${scope}/globals/${key}`;
    if (customizedGlobals.has(id)) continue;
    customizedGlobals.add(id);
    const doc = clone(globalsN.get(key));
    if (typeof doc.attributes.code === 'string') doc.attributes.code = editScript(rand, doc.attributes.code, FIELDS, rand.between(1, 4));
    else if (typeof doc.attributes.text === 'string') doc.attributes.text = `${doc.attributes.text} (Acme)`;
    else doc.attributes.ue_note = `customized at ${scope}`;
    target.write(`${id}.json`, doc);
  }

  // Public folders, My Folders and runtime changes.
  target.write('site/explorer.json', myFolders(rand, formNames, 'Acme', 60));
  for (const user of users.filter((_, i) => i % 3 === 0)) {
    target.write(`users/${user}/explorer.json`, myFolders(rand, formNames, 'Favorites', rand.between(3, 20)));
    counts.myFolders++;
  }
  const runtime = new Set();
  while (runtime.size < counts.runtimeFiles) {
    const id = `users/${rand.pick(users)}/runtime/${rand.pick(formNames)}.json`;
    if (runtime.has(id)) continue;
    runtime.add(id);
    target.write(id, { name: path.basename(id, '.json'), attributes: { width: rand.between(60, 160), height: rand.between(20, 60), ...(rand.chance(0.5) ? { splitters: [rand.between(10, 40)] } : {}) } });
  }

  // The Source: release N+1, base level only.
  source.write('configuration.json', { name: `SyteLine release N+1 (${vendorN1.size} forms)`, format: 'carryover/1' });
  for (const [name, doc] of vendorN1) source.write(`vendor/forms/${name}.json`, doc);
  for (const [key, doc] of globalsN1) source.write(`vendor/globals/${key}.json`, doc);
  source.write('vendor/explorer.json', masterExplorer(rand, [...vendorN1.keys()]));

  const summary = {
    format: 'carryover-bench/1',
    seed,
    changed: changedShare,
    counts: { ...counts, ...stats, customizedGlobals: customizedGlobals.size, sourceGlobals: globalsN1.size, changedGlobals: changedGlobals.size },
    source: { files: source.files, bytes: source.bytes },
    target: { files: target.files, bytes: target.bytes },
  };
  writeFileSync(path.join(out, 'generated.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** The folder of a generated pair, and whether it is complete (same parameters). */
export function pairFolder(forms, seed, changed = 0.15) {
  return path.join(HERE, 'out', `forms-${forms}-seed-${seed}${changed === 0.15 ? '' : `-changed-${changed}`}`);
}

export function isGenerated(out, forms, seed, changed = 0.15) {
  const file = path.join(out, 'generated.json');
  if (!existsSync(file)) return false;
  try {
    const summary = JSON.parse(readFileSync(file, 'utf8'));
    return summary.format === 'carryover-bench/1' && summary.seed === seed && summary.counts.forms === forms && (summary.changed ?? 0.15) === changed;
  } catch {
    return false;
  }
}

function parseFlags(argv) {
  const flags = { forms: 8000, seed: 1, changed: 0.15, out: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--force') flags.force = true;
    else if (arg === '--forms' || arg === '--seed' || arg === '--changed') flags[arg.slice(2)] = Number(argv[++i]);
    else if (arg === '--out') flags.out = argv[++i];
    else throw new Error(`unknown argument ${arg}; usage: generate.mjs [--forms N] [--seed N] [--changed SHARE] [--out DIR] [--force]`);
  }
  if (!Number.isInteger(flags.forms) || flags.forms < 10) throw new Error('--forms needs an integer of at least 10');
  if (!(flags.changed >= 0 && flags.changed <= 1)) throw new Error('--changed needs a share between 0 and 1');
  return flags;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flags = parseFlags(process.argv.slice(2));
  const out = flags.out ?? pairFolder(flags.forms, flags.seed, flags.changed);
  if (!flags.force && isGenerated(out, flags.forms, flags.seed, flags.changed)) {
    console.log(`${out}: already generated (use --force to regenerate)`);
  } else {
    const start = Date.now();
    const summary = generate({ forms: flags.forms, seed: flags.seed, changed: flags.changed, out });
    const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(`generated ${out} in ${((Date.now() - start) / 1000).toFixed(1)} s`);
    console.log(`  source: ${summary.source.files} files, ${mb(summary.source.bytes)}`);
    console.log(`  target: ${summary.target.files} files, ${mb(summary.target.bytes)}`);
    console.log(`  ${JSON.stringify(summary.counts)}`);
  }
}
