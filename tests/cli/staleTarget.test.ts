import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Answer, Prompt } from '../../core/analysis.js';
import { main } from '../../core/node/cli.js';

/**
 * An interactive sync reads the Target, then waits for a person to answer its prompts; meanwhile
 * another process may change the Target. The commit must refuse (exit 5, nothing written) rather
 * than overwrite that change with a plan computed from the Target as it was.
 */

const meanwhile: { change: (() => Promise<void>) | null } = { change: null };

vi.mock('../../core/node/askInTerminal.js', () => ({
  askInTerminal: async (prompts: readonly Prompt[], answers: Map<string, Answer>) => {
    await meanwhile.change?.();
    for (const prompt of prompts) answers.set(prompt.id, 'keep');
    return prompts.length;
  },
}));

const sample = join(import.meta.dirname, '..', '..', 'fixtures', 'sample');
let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-stale-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function copyOfSample(name: string): Promise<{ source: string; target: string }> {
  const source = join(work, name, 'source');
  const target = join(work, name, 'target');
  await cp(join(sample, 'source'), source, { recursive: true });
  await cp(join(sample, 'target'), target, { recursive: true });
  return { source, target };
}

async function interactiveSync(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(['sync', ...argv], { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), interactive: true });
  return { code, stdout, stderr };
}

describe('sync when the Target changes while the prompts are asked', () => {
  it('in place: exits 5 with "analyze again", and the changed Target stays as it is', async () => {
    const { source, target } = await copyOfSample('in-place');
    const file = join(target, 'site', 'forms', 'Customers.json');
    const changed = (await readFile(file, 'utf8')).replace('"caption": "Customers"', '"caption": "Clients"');
    meanwhile.change = () => writeFile(file, changed);
    const r = await interactiveSync(['--source', source, '--target', target, '--in-place']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('the Target changed since it was analyzed: analyze again');
    expect(await readFile(file, 'utf8')).toBe(changed);
    expect((await readdir(join(work, 'in-place'))).sort()).toEqual(['source', 'target']);
  });

  it('to a new folder: exits 5 and writes no folder', async () => {
    const { source, target } = await copyOfSample('out');
    meanwhile.change = () => writeFile(join(target, 'site', 'forms', 'Items.json'), '{ "name": "Items" }\n');
    const out = join(work, 'out', 'merged');
    const r = await interactiveSync(['--source', source, '--target', target, '--out', out]);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain('the Target changed since it was analyzed: analyze again');
    expect(existsSync(out)).toBe(false);
  });

  it('commits when nothing changed meanwhile', async () => {
    const { source, target } = await copyOfSample('unchanged');
    meanwhile.change = null;
    const out = join(work, 'unchanged', 'merged');
    const r = await interactiveSync(['--source', source, '--target', target, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'configuration.json'))).toBe(true);
  });
});
