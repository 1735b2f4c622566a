import fc from 'fast-check';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { configurationPair } from './arbitraries.js';
import { hostileCases, reliabilitySeed } from './budget.js';
import { CORRUPTION_KINDS, HOSTILE_NAMES, OPTIONS_FILE, corrupt, makeFifo, type Corruption, type Expectation } from './corrupt.js';
import { badErrorOutput, runCli, runInProcess, writeConfiguration, type CliRun } from './onDisk.js';

/**
 * Hostile and broken input (docs/configuration.md, "Invalid input"; docs/cli.md, exit code 3):
 * every case exits 3, names the file and the JSON pointer, prints no stack trace and writes
 * nothing. Hand-made cases first, then `HOSTILE_CASES` generated ones (fast-check: a valid
 * generated Source and Target, one thing broken, one of the commands run on it).
 */

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'carryover-hostile-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

let caseNumber = 0;
async function newCase(): Promise<string> {
  const root = path.join(scratch, `case-${++caseNumber}`);
  await mkdir(root, { recursive: true });
  return root;
}

/**
 * A small valid pair: a form with every section, a global script, an Explorer, runtime changes and
 * group membership; its prompts are the Site's script and handlers and B_Smith's CustUtils.
 */
const TARGET: Record<string, JsonObject> = {
  'vendor/forms/Customers.json': {
    name: 'Customers',
    attributes: { caption: 'Customers', width: 80 },
    script: 'Sub Main()\r\nEnd Sub\r\n',
    components: { CustNum: { type: 'EditBox', binding: 'object.CustNum', x: 1 }, OkButton: { type: 'Button', caption: 'OK' } },
    eventHandlers: { StdFormPredisplay: [{ responseType: 'Method', response: 'InitForm()' }] },
    variables: { InitialFilter: "Stat='A'" },
  },
  'site/forms/Customers.json': {
    name: 'Customers',
    attributes: { caption: 'Kunden', width: 80 },
    script: 'Sub Main()\r\n  Foo()\r\nEnd Sub\r\n',
    components: { CustNum: { type: 'EditBox', binding: 'object.CustNum', x: 2 }, OkButton: { type: 'Button', caption: 'OK' } },
    eventHandlers: { StdFormPredisplay: [{ responseType: 'Script', response: 'Mine', keep: 'LAST' }] },
  },
  'vendor/globals/scripts/CustUtils.json': { name: 'CustUtils', attributes: { code: 'Sub A()\r\nEnd Sub\r\n' } },
  'users/B_Smith/globals/scripts/CustUtils.json': { name: 'CustUtils', attributes: { code: 'Sub A()\r\n  B()\r\nEnd Sub\r\n' } },
  'vendor/explorer.json': { folders: [{ name: 'Sales', items: [{ form: 'Customers', caption: 'All customers' }] }] },
  'users/B_Smith/explorer.json': { folders: [{ name: 'Mine', items: [{ form: 'Customers' }, { name: 'Sub', items: [] }] }] },
  'users/B_Smith/runtime/Customers.json': { name: 'Customers', attributes: { width: 110 } },
  'groups/Sales/forms/Customers.json': { name: 'Customers', attributes: { caption: 'Sales customers' } },
};
const SOURCE: Record<string, JsonObject> = {
  'vendor/forms/Customers.json': {
    ...TARGET['vendor/forms/Customers.json'],
    attributes: { caption: 'Customers 11', width: 90 },
    script: "' v11\r\nSub Main()\r\nEnd Sub\r\n",
    eventHandlers: { StdFormPredisplay: [{ responseType: 'Method', response: 'InitForm2()' }] },
  },
  'vendor/globals/scripts/CustUtils.json': { name: 'CustUtils', attributes: { code: "' v11\r\nSub A()\r\nEnd Sub\r\n" } },
  'vendor/explorer.json': { folders: [{ name: 'Sales', items: [{ form: 'Customers' }] }] },
};

/** Writes the valid pair (or the given one) into a new case folder. */
async function validCase(pair: { source: Record<string, JsonObject>; target: Record<string, JsonObject>; meta?: JsonObject } = { source: SOURCE, target: TARGET }): Promise<string> {
  const root = await newCase();
  await writeConfiguration(path.join(root, 'source'), pair.source, { name: 'Vendor 11' });
  await writeConfiguration(path.join(root, 'target'), pair.target, { name: 'Production', groups: { Sales: ['B_Smith'] }, ...(pair.meta ?? {}) });
  return root;
}

type Command = 'analyze' | 'sync-in-place' | 'sync-out' | 'validate';
const COMMANDS: readonly Command[] = ['analyze', 'sync-in-place', 'sync-out', 'validate'];

/** The command line for a case folder. */
function argv(root: string, command: Command, extra: { options?: boolean; answers?: boolean } = {}): string[] {
  const source = path.join(root, 'source');
  const target = path.join(root, 'target');
  const files = [...(extra.options ? ['--options', path.join(root, 'options.json')] : []), ...(extra.answers ? ['--answers', path.join(root, 'answers.json')] : [])];
  switch (command) {
    case 'analyze':
      return ['analyze', '--source', source, '--target', target, ...files];
    case 'sync-in-place':
      return ['sync', '--source', source, '--target', target, '--in-place', '--answer', 'keep', ...files];
    case 'sync-out':
      return ['sync', '--source', source, '--target', target, '--out', path.join(root, 'out'), '--answer', 'keep', ...files];
    case 'validate':
      return ['validate', source, target, ...(extra.options ? ['--options', path.join(root, 'options.json')] : [])];
  }
}

/** Why a run does not meet the expectation, or `null`. */
function verdict(run: CliRun, expectation: Expectation, before: Map<string, string>, after: Map<string, string>): string | null {
  const context = `${expectation.what}\nexit ${run.code}\n${run.stderr}`;
  if (run.code !== expectation.exit) return `expected exit ${expectation.exit}: ${context}`;
  if (expectation.exit === 0) return null;
  const bad = badErrorOutput(run.stderr);
  if (bad !== null) return `${bad}\n(${expectation.what})`;
  const where = expectation.pointer ? `${expectation.file}#${expectation.pointer}: ` : expectation.file;
  if (!run.stderr.includes(`carryover: ${where}`)) return `no problem names ${JSON.stringify(where)}: ${context}`;
  if (!sameSnapshot(before, after)) return `the case folder changed: ${context}\n${describeChange(before, after)}`;
  return null;
}

function sameSnapshot(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

function describeChange(before: Map<string, string>, after: Map<string, string>): string {
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
  return changed.slice(0, 10).join('\n');
}

/** Runs one command on a case folder and checks it against the expectation (snapshotting the whole case folder around it). */
async function check(root: string, command: Command, expectation: Expectation, extra: { options?: boolean; answers?: boolean } = {}): Promise<CliRun> {
  const before = await snapshotTree(root);
  const run = await runInProcess(argv(root, command, extra));
  const after = await snapshotTree(root);
  const problem = verdict(run, expectation, before, after);
  expect(problem, problem ?? '').toBeNull();
  return run;
}

describe('hostile input (hand-made)', () => {
  it('accepts the valid case the others break', async () => {
    const root = await validCase();
    for (const command of ['analyze', 'validate'] as const) {
      const run = await runInProcess(argv(root, command));
      expect(run.code, run.stderr).toBe(0);
    }
  });

  it('refuses a file cut at every byte (a runtime file), or every 23rd (a form), naming the file', async () => {
    const root = await validCase();
    for (const [relative, step] of [['users/B_Smith/runtime/Customers.json', 1], ['site/forms/Customers.json', 23]] as const) {
      const file = path.join(root, 'target', ...relative.split('/'));
      const bytes = await readFile(file);
      for (let cut = 0; cut < bytes.length - 1; cut += step) {
        await writeFile(file, bytes.subarray(0, cut));
        await check(root, cut % 2 === 0 ? 'analyze' : 'validate', { exit: 3, file, what: `cut at ${cut}` });
      }
      await writeFile(file, bytes);
    }
  });

  it('refuses invalid UTF-8 in a configuration file, naming the file and the byte', async () => {
    const root = await validCase();
    const file = path.join(root, 'target', 'vendor', 'forms', 'Customers.json');
    const bytes = await readFile(file);
    for (const bad of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xff]]) {
      await writeFile(file, Buffer.concat([bytes.subarray(0, 30), Buffer.from(bad), bytes.subarray(30)]));
      const run = await check(root, 'sync-in-place', { exit: 3, file, what: `bytes ${bad}` });
      expect(run.stderr).toMatch(/not valid UTF-8 \(invalid byte sequence at byte 30\)/);
    }
  });

  it('refuses invalid UTF-8 in an options file', async () => {
    const root = await validCase();
    const file = path.join(root, 'options.json');
    await writeFile(file, Buffer.concat([Buffer.from('{"forms": {"names": ["Cust'), Buffer.from([0xff]), Buffer.from('%"]}}')]));
    await check(root, 'sync-in-place', { exit: 3, file, what: 'invalid UTF-8 in a name filter' }, { options: true });
  });

  it('refuses invalid UTF-8 in an answers file instead of writing U+FFFD into the Target', async () => {
    const root = await validCase();
    const file = path.join(root, 'answers.json');
    const id = 'form:Customers@site/script';
    await writeFile(file, Buffer.concat([Buffer.from(`{"answers": {"${id}": {"edit": "Sub Main()\\r\\n  Gr`), Buffer.from([0xfc]), Buffer.from('n()\\r\\nEnd Sub\\r\\n"}}}')]));
    await check(root, 'sync-out', { exit: 3, file, what: 'invalid UTF-8 in an edited script' }, { answers: true });
  });

  it('tolerates a byte-order mark and keeps it in a file the merge did not change', async () => {
    const root = await validCase();
    const file = path.join(root, 'target', 'users', 'B_Smith', 'runtime', 'Customers.json');
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(file)]);
    await writeFile(file, withBom);
    const groupFile = path.join(root, 'target', 'groups', 'Sales', 'forms', 'Customers.json');
    await writeFile(groupFile, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), await readFile(groupFile)]));
    const run = await runInProcess(argv(root, 'sync-out'));
    expect(run.code, run.stderr).toBe(0);
    // The runtime file is removed (its form's base changed); the group version is kept byte for byte.
    expect(await readFile(path.join(root, 'out', 'groups', 'Sales', 'forms', 'Customers.json'))).toEqual(await readFile(groupFile));
  });

  it('refuses two byte-order marks', async () => {
    const root = await validCase();
    const file = path.join(root, 'target', 'vendor', 'forms', 'Customers.json');
    await writeFile(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf]), await readFile(file)]));
    await check(root, 'analyze', { exit: 3, file, what: 'two BOMs' });
  });

  it('refuses hostile names as keys, one readable line per problem', async () => {
    for (const name of HOSTILE_NAMES) {
      const root = await validCase();
      const file = path.join(root, 'target', 'site', 'forms', 'Customers.json');
      const doc = JSON.parse(await readFile(file, 'utf8')) as JsonObject;
      (doc.components as JsonObject)[name] = { type: 'Label' };
      await writeFile(file, JSON.stringify(doc));
      const pointer = `/components/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      await check(root, 'analyze', { exit: 3, file, pointer: pointerAsShown(pointer), what: `component ${JSON.stringify(name)}` });
    }
  });

  it('refuses hostile file and folder names, one readable line per problem', async () => {
    for (const name of ['a\\b', 'x\u0001y', 'x\ny', 'B'.repeat(200), 'CON', 'nul.txt', ' lead', 'Kunden\u00e9', '-dash']) {
      const root = await validCase({ source: SOURCE, target: { ...TARGET, [`site/forms/${name}.json`]: { name } } });
      await check(root, 'validate', { exit: 3, file: pathAsShown(path.join(root, 'target', 'site', 'forms', `${name}.json`)), what: `form file ${JSON.stringify(name)}` });
      const userRoot = await validCase({ source: SOURCE, target: { ...TARGET, [`users/${name}/forms/Customers.json`]: { name: 'Customers' } } });
      await check(userRoot, 'analyze', { exit: 3, file: pathAsShown(path.join(userRoot, 'target', 'users', name)), what: `user folder ${JSON.stringify(name)}` });
    }
  });

  it('accepts a name of 128 characters and refuses one of 129 or 200', async () => {
    const ok = await validCase({ source: SOURCE, target: { ...TARGET, [`site/forms/${'A'.repeat(128)}.json`]: { name: 'A'.repeat(128) } } });
    expect((await runInProcess(argv(ok, 'validate'))).code).toBe(0);
    for (const length of [129, 200]) {
      const root = await validCase({ source: SOURCE, target: { ...TARGET, [`site/forms/${'A'.repeat(length)}.json`]: { name: 'A'.repeat(length) } } });
      const run = await check(root, 'analyze', { exit: 3, file: path.join(root, 'target', 'site', 'forms', `${'A'.repeat(length)}.json`), what: `${length} characters` });
      expect(run.stderr).toContain(`at most 128 characters long (this one has ${length})`);
    }
  });

  it('refuses names that differ only in letter case, in one folder and between Source and Target', async () => {
    const inFolder = await validCase({ source: SOURCE, target: { ...TARGET, 'site/forms/customers.json': { name: 'customers' } } });
    await check(inFolder, 'validate', { exit: 3, file: path.join(inFolder, 'target', 'site', 'forms', 'customers.json'), what: 'Customers and customers' });
    const { ['vendor/forms/Customers.json']: _customers, ...otherSource } = SOURCE;
    const between = await validCase({ source: { ...otherSource, 'vendor/forms/CUSTOMERS.json': { name: 'CUSTOMERS' } }, target: TARGET });
    await check(between, 'sync-in-place', { exit: 3, file: path.join(between, 'source', 'vendor', 'forms', 'CUSTOMERS.json'), what: 'CUSTOMERS in the Source' });
    const inside = await validCase({ source: SOURCE, target: TARGET });
    const file = path.join(inside, 'target', 'site', 'forms', 'Customers.json');
    await writeFile(file, JSON.stringify({ name: 'Customers', components: { OkButton: {}, okbutton: {} } }));
    await check(inside, 'analyze', { exit: 3, file, pointer: '/components/okbutton', what: 'OkButton and okbutton' });
  });

  it('refuses user and group folders that differ only in trailing dots, and CONIN$ and CONOUT$ (Windows cannot hold them apart)', async () => {
    const dotted = await validCase({ source: SOURCE, target: { ...TARGET, 'users/B_Smith./explorer.json': { folders: [] } } });
    const run = await check(dotted, 'validate', { exit: 3, file: path.join(dotted, 'target', 'users', 'B_Smith.'), what: 'B_Smith and B_Smith.' });
    expect(run.stderr).toContain('trailing dots');
    for (const name of ['CONIN$', 'CONOUT$']) {
      const device = await validCase({ source: SOURCE, target: { ...TARGET, [`users/${name}/explorer.json`]: { folders: [] } } });
      await check(device, 'analyze', { exit: 3, file: path.join(device, 'target', 'users', name), what: `user ${name}` });
    }
  });

  it('refuses symbolic links to files and folders, inside and outside, without following them', async () => {
    const outside = await newCase();
    await writeFile(path.join(outside, 'Secret.json'), '{"name": "Secret"}');
    const links: [string, (root: string) => string][] = [
      ['site/forms/Orders.json', (root) => path.join(root, 'target', 'vendor', 'forms', 'Customers.json')],
      ['site/forms/Outside.json', () => path.join(outside, 'Secret.json')],
      ['users/J_Doe', (root) => path.join(root, 'target', 'users', 'B_Smith')],
      ['users/Mallory', () => outside],
      ['site/forms/Gone.json', (root) => path.join(root, 'nowhere.json')],
      ['vendor/globals', () => '/'],
    ];
    for (const [link, to] of links) {
      const root = await validCase();
      const full = path.join(root, 'target', ...link.split('/'));
      await mkdir(path.dirname(full), { recursive: true });
      await rm(full, { recursive: true, force: true });
      await symlink(to(root), full);
      const run = await check(root, 'sync-in-place', { exit: 3, file: path.join(root, 'target', ...link.split('/')), what: `link ${link}` });
      expect(run.stderr).toContain('symbolic links are not allowed');
      expect(run.stderr).not.toContain('Secret');
    }
  });

  it('refuses a named pipe without waiting on it', async () => {
    const root = await validCase();
    const fifo = path.join(root, 'target', 'site', 'forms', 'Pipe.json');
    if (!makeFifo(fifo)) return; // no mkfifo on this platform
    await check(root, 'analyze', { exit: 3, file: fifo, what: 'a FIFO' });
  });

  it('refuses integers beyond 2^53 and numbers beyond a double, naming the pointer', async () => {
    for (const literal of ['9007199254740993', '-9007199254740993', '1e400', '123456789012345678901234567890']) {
      const root = await validCase();
      const file = path.join(root, 'target', 'site', 'forms', 'Customers.json');
      await writeFile(file, `{"name": "Customers", "attributes": {"caption": "Kunden", "width": ${literal}}}`);
      await check(root, 'analyze', { exit: 3, file, pointer: '/attributes/width', what: literal });
    }
  });

  it('refuses nesting 100,000 deep and reads a 40 MB value without a crash', async () => {
    const deep = await validCase();
    const file = path.join(deep, 'target', 'site', 'forms', 'Customers.json');
    await writeFile(file, `{"name": "Customers", "attributes": {"caption": ${'['.repeat(100_000)}1${']'.repeat(100_000)}}}`);
    const run = await check(deep, 'sync-in-place', { exit: 3, file, what: 'nested 100,000 deep' });
    expect(run.stderr).toMatch(/#\/attributes\/caption(\/0)*/);
    const huge = await validCase();
    const hugeFile = path.join(huge, 'target', 'site', 'forms', 'Customers.json');
    await writeFile(hugeFile, JSON.stringify({ name: 'Customers', attributes: { caption: 'x'.repeat(40 * 1024 * 1024) } }));
    expect((await runInProcess(argv(huge, 'validate'))).code).toBe(0);
    await writeFile(hugeFile, `{"name": "Customers", "attributes": {"caption": "${'x'.repeat(40 * 1024 * 1024)}`);
    await check(huge, 'analyze', { exit: 3, file: hugeFile, what: '40 MB, cut' });
  });

  it('refuses wrong types at every level of a form, naming the pointer', async () => {
    const places: [string, unknown][] = [
      ['', []],
      ['/name', 7],
      ['/attributes', []],
      ['/script', { text: 'x' }],
      ['/components', 'x'],
      ['/components/CustNum', null],
      ['/eventHandlers', []],
      ['/eventHandlers/StdFormPredisplay', {}],
      ['/eventHandlers/StdFormPredisplay/0', 'InitForm()'],
      ['/eventHandlers/StdFormPredisplay/0/keep', 'last'],
      ['/variables', 1],
    ];
    for (const [pointer, value] of places) {
      const root = await validCase();
      const file = path.join(root, 'target', 'site', 'forms', 'Customers.json');
      const doc = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      const tokens = pointer.split('/').slice(1);
      let holder: Record<string, unknown> = doc;
      for (const token of tokens.slice(0, -1)) holder = holder[token] as Record<string, unknown>;
      if (tokens.length === 0) await writeFile(file, JSON.stringify(value));
      else {
        holder[tokens[tokens.length - 1]] = value;
        await writeFile(file, JSON.stringify(doc));
      }
      await check(root, 'sync-out', { exit: 3, file, pointer, what: `${pointer} = ${JSON.stringify(value)}` });
    }
  });

  it('refuses unknown keys and values in an options file, naming the pointer', async () => {
    const cases: [JsonObject, string][] = [
      [{ nonsense: true }, '/nonsense'],
      [{ forms: { mode: 'delete' } }, '/forms/mode'],
      [{ merge: { componentAttributes: { 'a/b': 'keep' } } }, '/merge/componentAttributes/a~1b'],
      [{ merge: { formAttributes: { caption: 'Keep' } } }, '/merge/formAttributes/caption'],
      [{ globals: { types: { macros: '%' } } }, '/globals/types/macros'],
      [JSON.parse('{"globals": {"types": {"__proto__": "%"}}}') as JsonObject, '/globals/types/__proto__'],
      [{ forms: { names: ['Cust*'] } }, '/forms/names/0'],
      [{ explorer: { update: 'yes' } }, '/explorer/update'],
    ];
    for (const [options, pointer] of cases) {
      const root = await validCase();
      const file = path.join(root, 'options.json');
      await writeFile(file, JSON.stringify(options));
      await check(root, 'sync-in-place', { exit: 3, file, pointer, what: JSON.stringify(options) }, { options: true });
    }
    const root = await validCase();
    await writeFile(path.join(root, 'options.json'), JSON.stringify(OPTIONS_FILE));
    expect((await runInProcess([...argv(root, 'analyze'), '--options', path.join(root, 'options.json')])).code).toBe(0);
  });

  it('refuses an answers file with unknown keys or answers that do not fit their prompt', async () => {
    const id = 'form:Customers@site/script';
    const escaped = id.replace(/\//g, '~1');
    const cases: [string, string][] = [
      [JSON.stringify({ answers: { [id]: 'maybe' } }), `/answers/${escaped}`],
      [JSON.stringify({ answers: { [id]: { edit: 'x', by: 'me' } } }), `/answers/${escaped}/by`],
      [JSON.stringify({ answers: {}, version: 2 }), '/version'],
      [JSON.stringify({ answers: { [id]: 'remove' } }), `/answers/${escaped}`],
      [JSON.stringify({ answers: { 'global:scripts/CustUtils@user:B_Smith': { edit: 5 } } }), '/answers/global:scripts~1CustUtils@user:B_Smith'],
      [JSON.stringify({ answers: { [id]: { edit: 'Sub Main()\r\n<<<<<<< ours\r\nEnd Sub\r\n' } } }), `/answers/${escaped}`],
    ];
    for (const [text, pointer] of cases) {
      const root = await validCase();
      const file = path.join(root, 'answers.json');
      await writeFile(file, text);
      await check(root, 'sync-out', { exit: 3, file, pointer: pointer || undefined, what: text }, { answers: true });
    }
  });

  it('refuses an edit answer whose value does not fit what it replaces, instead of writing an invalid Target', async () => {
    const cases: [string, unknown][] = [
      ['form:Customers@site/script', 5],
      ['form:Customers@site/script', ['Sub Main()']],
      ['form:Customers@site/eventHandlers/StdFormPredisplay', [{ 'bad name': 1 }]],
      ['global:scripts/CustUtils@user:B_Smith', { attributes: { '../x': 1 } }],
      ['global:scripts/CustUtils@user:B_Smith', { attributes: { code: 'x' }, extra: 1 }],
    ];
    for (const [id, edit] of cases) {
      const root = await validCase();
      const file = path.join(root, 'answers.json');
      await writeFile(file, JSON.stringify({ answers: { [id]: { edit } } }));
      await check(root, 'sync-out', { exit: 3, file, pointer: `/answers/${id.replace(/\//g, '~1')}`, what: `${id}: ${JSON.stringify(edit)}` }, { answers: true });
    }
  });

  it('reports missing or misplaced inputs as input problems', async () => {
    const root = await validCase();
    await rm(path.join(root, 'source'), { recursive: true });
    await check(root, 'analyze', { exit: 3, file: path.join(root, 'source'), what: 'no Source' });
    const asFile = await validCase();
    await rm(path.join(asFile, 'target'), { recursive: true });
    await writeFile(path.join(asFile, 'target'), 'not a folder');
    await check(asFile, 'sync-in-place', { exit: 3, file: path.join(asFile, 'target'), what: 'Target is a file' });
    const folderOptions = await validCase();
    await mkdir(path.join(folderOptions, 'options.json'));
    await check(folderOptions, 'analyze', { exit: 3, file: path.join(folderOptions, 'options.json'), what: 'options is a folder' }, { options: true });
  });

  it('prints no stack trace from the real command either', async () => {
    const root = await validCase();
    await writeFile(path.join(root, 'target', 'site', 'forms', 'Customers.json'), `{"name": "Customers", "attributes": {"caption": ${'['.repeat(50_000)}`);
    await symlink('/etc/hostname', path.join(root, 'target', 'site', 'forms', 'Host.json'));
    await writeFile(path.join(root, 'options.json'), '{"forms": {"mode": "delete"}, "extra": 1}');
    const before = await snapshotTree(root);
    const run = await runCli(argv(root, 'sync-in-place', { options: true }));
    expect(run.code, run.stderr).toBe(3);
    expect(badErrorOutput(run.stderr)).toBeNull();
    expect(run.stderr).toContain(`${path.join(root, 'options.json')}#/forms/mode: `);
    expect(run.stderr).toContain(`${path.join(root, 'options.json')}#/extra: `);
    expect(run.stderr).toContain(path.join(root, 'target', 'site', 'forms', 'Host.json'));
    expect(run.stderr).toContain(path.join(root, 'target', 'site', 'forms', 'Customers.json'));
    expect(sameSnapshot(before, await snapshotTree(root))).toBe(true);
  });
});

/**
 * How a path appears in a problem line: control characters (a line break in a file name) are
 * shown escaped, so that each problem stays on one line.
 */
function pathAsShown(file: string): string {
  return escapeControls(file);
}

function pointerAsShown(pointer: string): string {
  return escapeControls(pointer);
}

function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Figures of the generated run, printed at the end (docs/reliability.md quotes the full run's). */
const tried = new Map<string, number>();

describe('hostile input (generated)', () => {
  const runs = hostileCases();
  it(`exits 3 naming file and pointer, with no stack trace and no write, for ${runs} generated broken inputs`, { timeout: Math.max(60_000, runs * 400) }, async () => {
    const corruption: fc.Arbitrary<Corruption> = fc.record({
      kind: fc.constantFrom(...CORRUPTION_KINDS),
      side: fc.constantFrom('source' as const, 'target' as const),
      file: fc.nat(200),
      slot: fc.nat(200),
      value: fc.nat(200),
      position: fc.nat(100_000),
    });
    await fc.assert(
      fc.asyncProperty(configurationPair, corruption, fc.constantFrom(...COMMANDS), async (pair, broken, command) => {
        const root = await newCase();
        try {
          await writeConfiguration(path.join(root, 'source'), pair.source, { name: 'Vendor' });
          await writeConfiguration(path.join(root, 'target'), pair.target, { ...pair.targetMeta, protected: undefined });
          const expectation = await corrupt(root, broken);
          const usesOptions = broken.kind === 'options';
          const usesAnswers = broken.kind === 'answers';
          // A tolerated input is only analysed (a sync would write); validate sees neither answers
          // nor problems between Source and Target.
          let run: Command = command;
          if (expectation.exit === 0) run = command === 'validate' ? 'validate' : 'analyze';
          if (run === 'validate' && (usesAnswers || expectation.validateSeesIt === false)) run = 'analyze';
          tried.set(broken.kind, (tried.get(broken.kind) ?? 0) + 1);
          const before = await snapshotTree(root);
          const result = await runInProcess(argv(root, run, { options: usesOptions, answers: usesAnswers }));
          const after = await snapshotTree(root);
          const expectationShown = { ...expectation, file: pathAsShown(expectation.file), pointer: expectation.pointer === undefined ? undefined : pointerAsShown(expectation.pointer) };
          const problem = verdict(result, expectationShown, before, after);
          if (problem !== null) throw new Error(`${run}: ${problem}`);
        } finally {
          await rm(root, { recursive: true, force: true });
        }
      }),
      { numRuns: runs, seed: reliabilitySeed(), endOnFailure: true },
    );
    console.log(`hostile input: ${runs} generated cases, by kind: ${[...tried].sort().map(([k, n]) => `${k} ${n}`).join(', ')}`);
  });
});
