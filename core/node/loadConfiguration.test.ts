import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Problem } from '../problems.js';
import { loadConfiguration } from './loadConfiguration.js';

const META = JSON.stringify({ format: 'carryover/1', name: 'test' });

let work: string;

beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'carryover-load-'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Writes files (path → text or bytes) under `root`, creating folders. */
async function writeTree(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

async function problemsOf(dir: string): Promise<Problem[]> {
  const result = await loadConfiguration(dir);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

const summary = (problems: Problem[]) => problems.map((p) => [p.code, p.file, p.pointer]);

describe('loadConfiguration', () => {
  it('says only that a folder without configuration.json is not a configuration, instead of listing its files', async () => {
    const root = path.join(work, 'home');
    await writeTree(root, { 'notes.txt': 'x', 'a/b/c.json': '{}', 'vendor/forms/X.json': '{"name": "X"}' });
    expect(summary(await problemsOf(root))).toEqual([['missing-configuration', path.join(root, 'configuration.json'), '']]);
  });

  it('loads a valid configuration with every kind of file', async () => {
    const root = path.join(work, 'target');
    await writeTree(root, {
      'configuration.json': META,
      'vendor/forms/Customers.json': '{"name": "Customers", "components": {"B": {}, "A": {}}}',
      'site/forms/Customers.json': '\uFEFF{"name": "Customers"}',
      'groups/Sales/globals/scripts/U.json': '{"name": "U", "attributes": {"code": "x"}}',
      'users/B_Smith/runtime/Customers.json': '{"name": "Customers", "attributes": {"width": 110}}',
      'users/B_Smith/explorer.json': '{"folders": [{"name": "Mine", "items": [{"form": "Customers"}]}]}',
    });
    const result = await loadConfiguration(root);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { configuration } = result;
    expect(configuration.root).toBe(root);
    expect([...configuration.files.keys()].sort()).toEqual([
      'groups/Sales/globals/scripts/U.json',
      'site/forms/Customers.json',
      'users/B_Smith/explorer.json',
      'users/B_Smith/runtime/Customers.json',
      'vendor/forms/Customers.json',
    ]);
    expect(Object.keys(configuration.files.get('vendor/forms/Customers.json')!.doc.components as object)).toEqual(['B', 'A']);
    expect(configuration.files.get('site/forms/Customers.json')!.bom).toBe(true);
    expect(configuration.files.get('vendor/forms/Customers.json')!.bom).toBe(false);
    expect(configuration.files.get('groups/Sales/globals/scripts/U.json')!.scope).toBe('group:Sales');
  });

  it('reports a missing folder, naming it', async () => {
    const missing = path.join(work, 'nope');
    expect(summary(await problemsOf(missing))).toEqual([['missing-configuration', missing, '']]);
  });

  it('reports a file given as the folder', async () => {
    const file = path.join(work, 'file');
    await writeFile(file, 'x');
    const problems = await problemsOf(file);
    expect(summary(problems)).toEqual([['missing-configuration', file, '']]);
    expect(problems[0].message).toMatch(/not a folder/);
  });

  it('reports a folder without configuration.json, naming the file', async () => {
    await writeTree(work, { 'vendor/forms/A.json': '{"name": "A"}' });
    expect(summary(await problemsOf(work))).toEqual([['missing-configuration', `${work}/configuration.json`, '']]);
  });

  it('names files as the folder given joined with the relative path', async () => {
    const cwd = process.cwd();
    process.chdir(work);
    try {
      await writeTree(work, { 'x/target/configuration.json': META, 'x/target/site/forms/A.json': '{"name": "B"}' });
      expect(summary(await problemsOf('x/target'))).toEqual([['name-mismatch', 'x/target/site/forms/A.json', '/name']]);
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses symbolic links to files and folders, inside or outside, without following them', async () => {
    const root = path.join(work, 'cfg');
    const outside = path.join(work, 'outside');
    await writeTree(outside, { 'forms/Bad.json': '{ broken', 'A.json': '{ broken' });
    await writeTree(root, { 'configuration.json': META, 'vendor/forms/Real.json': '{"name": "Real"}', 'site/globals/menus/M.json': '{"name": "M"}' });
    await symlink(path.join(root, 'vendor/forms/Real.json'), path.join(root, 'vendor/forms/InsideFile.json'));
    await symlink(path.join(outside, 'A.json'), path.join(root, 'vendor/forms/OutsideFile.json'));
    await symlink(path.join(root, 'site/globals/menus'), path.join(root, 'site/globals/strings'));
    await mkdir(path.join(root, 'users/U'), { recursive: true });
    await symlink(path.join(outside, 'forms'), path.join(root, 'users/U/forms'));
    await symlink(path.join(work, 'nowhere'), path.join(root, 'groups'));
    const problems = await problemsOf(root);
    expect(summary(problems)).toEqual([
      ['symlink', `${root}/groups`, ''],
      ['symlink', `${root}/site/globals/strings`, ''],
      ['symlink', `${root}/users/U/forms`, ''],
      ['symlink', `${root}/vendor/forms/InsideFile.json`, ''],
      ['symlink', `${root}/vendor/forms/OutsideFile.json`, ''],
    ]);
  });

  it('accepts a configuration folder that is itself reached through a link', async () => {
    const real = path.join(work, 'real');
    await writeTree(real, { 'configuration.json': META });
    await symlink(real, path.join(work, 'link'));
    expect((await loadConfiguration(path.join(work, 'link'))).ok).toBe(true);
  });

  it('ignores dot-entries, even broken or linked ones', async () => {
    await writeTree(work, {
      'configuration.json': META,
      '.git/HEAD': 'ref: x',
      '.carryover/journal.json': '{ broken',
      'vendor/forms/.Draft.json': '{ broken',
      'site/.DS_Store': new Uint8Array([0xff, 0xfe]),
    });
    await symlink('/', path.join(work, '.link'));
    expect((await loadConfiguration(work)).ok).toBe(true);
  });

  it('reports invalid UTF-8 with the byte offset', async () => {
    const bytes = new Uint8Array([...Buffer.from('{"name": "A", "x": "'), 0xc3, 0x28, ...Buffer.from('"}')]);
    await writeTree(work, { 'configuration.json': META, 'vendor/forms/A.json': bytes });
    const problems = await problemsOf(work);
    expect(summary(problems)).toEqual([['encoding', `${work}/vendor/forms/A.json`, '']]);
    expect(problems[0].message).toMatch(/not valid UTF-8.*byte 20/);
  });

  it('decodes multi-byte UTF-8 and a byte-order mark', async () => {
    await writeTree(work, {
      'configuration.json': META,
      'vendor/forms/A.json': new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"name": "A", "attributes": {"caption": "Grüße 😀"}}')]),
    });
    const result = await loadConfiguration(work);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const file = result.configuration.files.get('vendor/forms/A.json')!;
    expect(file.doc.attributes).toEqual({ caption: 'Grüße 😀' });
    expect(file.bom).toBe(true);
  });

  it('lists every problem of every file at once, with pointers', async () => {
    await writeTree(work, {
      'configuration.json': '{"format": "carryover/2", "name": "x"}',
      'vendor/forms/A.json': '{"name": "A", "name": "A"}',
      'vendor/forms/B.json': '{"name": "B", "attributes": {"id": 99999999999999999999}}',
      'site/forms/C.json': '{"name": "C", "components": {"X": {"x": 1,}}}',
      'site/notes.txt': 'x',
      'groups/G/explorer.json': '{"folders": []}',
    });
    expect(summary(await problemsOf(work))).toEqual([
      ['bad-value', `${work}/configuration.json`, '/format'],
      ['unknown-entry', `${work}/groups/G/explorer.json`, ''],
      ['json-syntax', `${work}/site/forms/C.json`, '/components/X'],
      ['unknown-entry', `${work}/site/notes.txt`, ''],
      ['duplicate-key', `${work}/vendor/forms/A.json`, '/name'],
      ['unsafe-integer', `${work}/vendor/forms/B.json`, '/attributes/id'],
    ]);
  });

  it('reports a deeply nested file as a problem, not a crash', async () => {
    await writeTree(work, { 'configuration.json': META, 'vendor/forms/A.json': `{"name": "A", "attributes": {"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}}` });
    expect((await problemsOf(work)).map((p) => p.code)).toEqual(['json-depth']);
  });

  it('does not list the contents of folders deeper than the layout', async () => {
    await writeTree(work, { 'configuration.json': META, 'users/U/globals/scripts/sub/deeper/x.json': '{' });
    expect(summary(await problemsOf(work))).toEqual([['unknown-entry', `${work}/users/U/globals/scripts/sub`, '']]);
  });

  it.skipIf(process.platform === 'win32')('refuses a named pipe (skipped on Windows, which has no FIFOs)', async () => {
    await writeTree(work, { 'configuration.json': META });
    await mkdir(path.join(work, 'vendor/forms'), { recursive: true });
    execFileSync('mkfifo', [path.join(work, 'vendor/forms/P.json')]);
    expect(summary(await problemsOf(work))).toEqual([['unknown-entry', `${work}/vendor/forms/P.json`, '']]);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)('reports an unreadable file (skipped as root, who can read any file, and on Windows)', async () => {
    await writeTree(work, { 'configuration.json': META, 'vendor/forms/A.json': '{"name": "A"}' });
    execFileSync('chmod', ['000', path.join(work, 'vendor/forms/A.json')]);
    const problems = await problemsOf(work);
    expect(summary(problems)).toEqual([['read-error', `${work}/vendor/forms/A.json`, '']]);
    expect(problems[0].message).toMatch(/permission denied/);
  });

  it('loads hundreds of files quickly', async () => {
    const files: Record<string, string> = { 'configuration.json': META };
    const components: Record<string, object> = {};
    for (let c = 0; c < 40; c++) components[`C${c}`] = { type: 'EditBox', binding: `object.P${c}`, caption: `s${c}`, x: c, y: 1, width: 12, height: 1 };
    for (let f = 0; f < 500; f++) files[`vendor/forms/F${f}.json`] = JSON.stringify({ name: `F${f}`, components }, null, 2);
    await mkdir(path.join(work, 'vendor/forms'), { recursive: true });
    await Promise.all(Object.entries(files).map(([relative, text]) => writeFile(path.join(work, relative), text)));
    const started = performance.now();
    const result = await loadConfiguration(work);
    const elapsed = performance.now() - started;
    expect(result.ok && result.configuration.files.size).toBe(500);
    expect(elapsed).toBeLessThan(5_000); // generous for a shared machine; typically about 100 ms
  });
});
