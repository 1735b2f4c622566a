import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../core/node/cli.js';
import { loadInputs } from '../../core/node/loadInputs.js';
import { serializeDocument } from '../../core/serialize.js';
import { synchronize } from '../../core/synchronize.js';
import { isStandIn } from '../../core/standIns.js';

/**
 * `sync --out` writes the same bytes as before the work on its speed (docs/performance.md,
 * "`sync --out` at the floor"): the digests below were recorded with the code before that work,
 * on the bundled sample and on two small pairs from the benchmark's generator (bench/generate.mjs,
 * seeded: the same seed gives the same bytes). The scenarios of fixtures/ compare whole trees
 * with their expected/ folders (tests/fixtures/fixtures.test.ts).
 */

const root = join(import.meta.dirname, '..', '..');
const scratch: string[] = [];

afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The number of files below `dir`, and a digest of their relative paths and bytes. */
async function treeDigest(dir: string): Promise<{ files: number; digest: string }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file}\0${createHash('sha256').update(await readFile(join(dir, file))).digest('hex')}\n`);
  return { files: files.length, digest: hash.digest('hex') };
}

async function syncOut(args: string[]): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'carryover-sync-unchanged-'));
  scratch.push(work);
  const out = join(work, 'out');
  let stderr = '';
  const code = await main(['sync', ...args, '--out', out], { stdout: () => {}, stderr: (s) => void (stderr += s), interactive: false });
  expect(code, stderr).toBe(0);
  return out;
}

describe('sync --out writes the bytes it wrote before', () => {
  it('on the bundled sample', async () => {
    const sample = join(root, 'fixtures', 'sample');
    // The sample's answers as they were when the digest was recorded: the sample now answers
    // CustNumValid with `merge` (its attributes merged), which changes that one file on purpose.
    const answers = JSON.parse(await readFile(join(sample, 'answers.json'), 'utf8')) as { answers: Record<string, unknown> };
    answers.answers['global:validators/CustNumValid@site'] = 'keep';
    const answersFile = join(await mkdtemp(join(tmpdir(), 'carryover-sync-unchanged-answers-')), 'answers.json');
    scratch.push(dirname(answersFile));
    await writeFile(answersFile, JSON.stringify(answers));
    const out = await syncOut(['--source', join(sample, 'source'), '--target', join(sample, 'target'), '--answers', answersFile]);
    expect(await treeDigest(out)).toEqual({ files: 46, digest: '47fc240f262ff8cb8faa0efca8e0c02312b6d9e9178f27a86c24f019a9fe1206' });
  });

  const generated: [number, number, string][] = [
    [1, 99, '24e1100f17585be7299104aac5643199aa1451d39731d360dadaf5d64c6ce150'],
    [2, 101, '2196023958beee81998952db1b5e04ef63935d863a2588f9716a1fd15b6b4f93'],
  ];
  for (const [seed, files, digest] of generated) {
    it(`on a generated pair of 60 forms, seed ${seed}`, async () => {
      const pair = await mkdtemp(join(tmpdir(), 'carryover-sync-unchanged-pair-'));
      scratch.push(pair);
      execFileSync(process.execPath, [join(root, 'bench', 'generate.mjs'), '--forms', '60', '--seed', String(seed), '--out', pair, '--force']);
      const out = await syncOut(['--source', join(pair, 'source'), '--target', join(pair, 'target'), '--answer', 'keep']);
      expect(await treeDigest(out)).toEqual({ files, digest });
    });
  }

  it('with lone bases held as stand-ins (sync and analyze), the same analysis and plan as with every document read in full', async () => {
    const pair = await mkdtemp(join(tmpdir(), 'carryover-sync-unchanged-pair-'));
    scratch.push(pair);
    execFileSync(process.execPath, [join(root, 'bench', 'generate.mjs'), '--forms', '60', '--seed', '3', '--out', pair, '--force']);
    const analyses = [];
    for (const standIns of [true, false]) {
      const loaded = await loadInputs({ source: join(pair, 'source'), target: join(pair, 'target'), standIns });
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      const docs = [...loaded.inputs.source.files.values()].map((file) => file.doc);
      expect(docs.filter(isStandIn).length > 20, `stand-ins: ${standIns}`).toBe(standIns);
      const analysis = synchronize({ ...loaded.inputs, answerDefault: 'keep' });
      const plan = [...(analysis.plan ?? [])].map(([file, output]) => [file, output.kind === 'write' ? serializeDocument(output.doc, output.keyOrder) : output.kind]);
      analyses.push(JSON.stringify({ ...analysis, plan }));
    }
    expect(analyses[0]).toBe(analyses[1]);
  });

  it.skipIf(!existsSync(join(root, 'build', 'core', 'node', 'cli.js')))('the compiled CLI, whose reader thread checks lone bases, writes what the sources in process write (skipped only when the core is not built)', async () => {
    // 500 forms: over 1,000 files, read by the reader thread; in process, under the test runner, the
    // reader cannot import the compiled check, so the main thread checks every lone base.
    const pair = await mkdtemp(join(tmpdir(), 'carryover-sync-unchanged-pair-'));
    scratch.push(pair);
    execFileSync(process.execPath, [join(root, 'bench', 'generate.mjs'), '--forms', '500', '--seed', '4', '--out', pair, '--force']);
    const args = ['--source', join(pair, 'source'), '--target', join(pair, 'target'), '--answer', 'keep'];
    const inProcess = await syncOut(args);
    const compiled = join(pair, 'compiled-out');
    execFileSync(process.execPath, [join(root, 'bin', 'carryover.mjs'), 'sync', ...args, '--out', compiled], { stdio: 'ignore' });
    const digest = await treeDigest(compiled);
    expect(digest.files).toBeGreaterThan(500);
    expect(digest).toEqual(await treeDigest(inProcess));
  });
});

