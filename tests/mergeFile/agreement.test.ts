import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMergeFile } from '../../core/node/mergeFileCommand.js';
import { lineEndingOf, mergeScripts, mergeText, type MergeStyle } from '../../core/textMerge/index.js';
import { GitMergeFile } from './gitMergeFile.js';
import { generateCase, prng, type CaseSize } from './scriptCorpus.js';

/**
 * `carryover merge-file` against the real `git merge-file` on generated script merges, on the
 * scripts of the fixtures, and through the command on raw bytes: same clean/conflict verdict,
 * same number of conflicts, same bytes (clean or not).
 *
 * The suite runs a modest corpus. For a bigger one, set AGREEMENT_CASES (the number of small
 * cases; a tenth as many large and noise cases are added) and read the printed rates:
 *
 *   AGREEMENT_CASES=5000 npx vitest run tests/mergeFile/agreement
 */
const gitAvailable = spawnSync('git', ['--version']).status === 0;
const requested = Number(process.env.AGREEMENT_CASES ?? 0);
const SMALL = requested > 0 ? requested : 200;
const LARGE = requested > 0 ? Math.ceil(requested / 10) : 6;
const NOISE = requested > 0 ? Math.ceil(requested / 10) : 6;

interface Agreement {
  runs: number;
  verdict: number;
  count: number;
  bytes: number;
  clean: number;
  cleanBytes: number;
  divergences: string[];
}

function measure(git: GitMergeFile, size: CaseSize, cases: number, style: MergeStyle): Agreement {
  const stats: Agreement = { runs: 0, verdict: 0, count: 0, bytes: 0, clean: 0, cleanBytes: 0, divergences: [] };
  const labels = { current: 'current', base: 'base', other: 'other' };
  for (let seed = 1; seed <= cases; seed++) {
    const c = generateCase(seed, size);
    const theirs = git.run(c.base, c.current, c.other, style === 'diff3');
    const ours = mergeText({ base: c.base, current: c.current, other: c.other, labels, style });
    const gitClean = theirs.status === 0;
    const sameBytes = theirs.stdout.toString('latin1') === ours.text;
    stats.runs++;
    if (gitClean === ours.clean) stats.verdict++;
    if (theirs.status === Math.min(ours.conflicts, 127)) stats.count++;
    if (sameBytes) stats.bytes++;
    if (gitClean) stats.clean++;
    if (gitClean && sameBytes) stats.cleanBytes++;
    if (!sameBytes || theirs.status !== Math.min(ours.conflicts, 127)) {
      stats.divergences.push(`${size} seed ${seed} ${style}: git ${theirs.status} conflict(s), ours ${ours.conflicts}${sameBytes ? '' : ', bytes differ'}`);
    }
  }
  return stats;
}

function report(name: string, s: Agreement): string {
  const pct = (n: number, of: number) => (of === 0 ? 'n/a' : `${((100 * n) / of).toFixed(2)}%`);
  return `${name}: ${s.runs} runs, verdict ${pct(s.verdict, s.runs)}, conflict count ${pct(s.count, s.runs)}, bytes ${pct(s.bytes, s.runs)}, bytes when clean ${pct(s.cleanBytes, s.clean)} (${s.clean} clean)`;
}

describe.skipIf(!gitAvailable)('mergeText against git merge-file (skipped only where git is not installed)', () => {
  const git = gitAvailable ? new GitMergeFile() : undefined;
  afterAll(() => git?.dispose());

  for (const style of ['merge', 'diff3'] as const) {
    for (const [size, cases] of [['small', SMALL], ['large', LARGE], ['noise', NOISE]] as const) {
      it(`agrees with git on ${cases} generated ${size} script merges in the ${style} style`, () => {
        const stats = measure(git as GitMergeFile, size, cases, style);
        if (requested > 0) console.log(report(`${size} ${style}`, stats));
        expect(stats.divergences).toEqual([]);
        expect(stats.verdict).toBe(stats.runs);
      }, requested > 0 ? 3_600_000 : undefined);
    }
  }
});

/** One script merge found in the fixtures: a customized version's script with its target and source base scripts. */
interface FixtureScripts {
  name: string;
  targetBase: string;
  customized: string;
  sourceBase: string;
}

/**
 * Every customized form script and global script code in fixtures/ (sample and scenarios), with
 * the vendor's versions from the same configuration's target and source (an absent one is '').
 */
function fixtureScripts(): FixtureScripts[] {
  const root = join(import.meta.dirname, '..', '..', 'fixtures');
  const found: FixtureScripts[] = [];
  const entries = (dir: string) => readdirSync(dir).map((entry) => join(dir, entry));
  const files = (dir: string): string[] => (existsSync(dir) ? entries(dir).flatMap((p) => (statSync(p).isDirectory() ? files(p) : [p])) : []);
  const configurations = (dir: string): string[] => {
    const subdirs = entries(dir).filter((p) => statSync(p).isDirectory());
    const here = existsSync(join(dir, 'source')) && existsSync(join(dir, 'target')) ? [dir] : [];
    return [...here, ...subdirs.flatMap(configurations)];
  };
  const read = (file: string, pick: (json: Record<string, unknown>) => unknown): string | undefined => {
    if (!existsSync(file)) return '';
    const value = pick(JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as Record<string, unknown>);
    return typeof value === 'string' ? value : value === undefined || value === null ? '' : undefined;
  };
  for (const configuration of configurations(root)) {
    for (const file of files(join(configuration, 'target'))) {
      const path = relative(join(configuration, 'target'), file).split(sep);
      const kind = path.includes('forms') ? 'forms' : path.join('/').includes('globals/scripts/') ? 'globals/scripts' : undefined;
      if (path[0] === 'vendor' || !file.endsWith('.json') || kind === undefined) continue;
      const pick = kind === 'forms' ? (j: Record<string, unknown>) => j.script : (j: Record<string, unknown>) => (j.attributes as Record<string, unknown> | undefined)?.code;
      const name = path[path.length - 1];
      const customized = read(file, pick);
      const targetBase = read(join(configuration, 'target', 'vendor', ...kind.split('/'), name), pick);
      const sourceBase = read(join(configuration, 'source', 'vendor', ...kind.split('/'), name), pick);
      if (customized === undefined || targetBase === undefined || sourceBase === undefined) continue;
      if (customized === '' && targetBase === '' && sourceBase === '') continue;
      found.push({ name: relative(root, file), targetBase, customized, sourceBase });
    }
  }
  return found;
}

describe.skipIf(!gitAvailable)('mergeScripts against git merge-file on the fixtures (skipped only where git is not installed)', () => {
  const git = gitAvailable ? new GitMergeFile() : undefined;
  afterAll(() => git?.dispose());

  it('agrees with git on every script the fixtures customize (on LF copies where line endings are mixed)', () => {
    const scripts = fixtureScripts();
    expect(scripts.length).toBeGreaterThanOrEqual(10);
    for (const s of scripts) {
      for (const style of ['merge', 'diff3'] as const) {
        const ours = mergeScripts(s.targetBase, s.customized, s.sourceBase, { style, diffAlgorithm: 'myers' });
        // mergeScripts normalizes mixed line endings, which git does not: compare on LF copies there.
        const lf = (t: string) => t.replace(/\r\n/g, '\n');
        const endings = new Set([s.targetBase, s.customized, s.sourceBase].map(lineEndingOf).filter((e) => e !== 'none'));
        const mixed = endings.size > 1 || endings.has('mixed');
        const [b, c, o] = mixed ? [lf(s.targetBase), lf(s.customized), lf(s.sourceBase)] : [s.targetBase, s.customized, s.sourceBase];
        const theirs = (git as GitMergeFile).run(b, c, o, style === 'diff3', ['customized', 'target base', 'source base']);
        expect({ name: s.name, style, status: Math.min(ours.conflicts, 127) }).toEqual({ name: s.name, style, status: theirs.status });
        expect(mixed ? lf(ours.text) : ours.text).toBe(theirs.stdout.toString('utf8'));
      }
    }
  });
});

describe.skipIf(!gitAvailable)('runMergeFile against git merge-file (skipped only where git is not installed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carryover-merge-file-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CEILING_DIRECTORIES: tmpdir(), HOME: dir };

  /** Bytes that are not valid UTF-8 (and one Latin-1 letter) sprinkled over a text. */
  function withRawBytes(text: string, seed: number): Buffer {
    const rand = prng(seed);
    const raw = [0xff, 0xfe, 0x80, 0xc3, 0xe9];
    const out: number[] = [];
    for (const byte of Buffer.from(text, 'latin1')) {
      out.push(byte);
      if (byte === 0x20 && rand() < 0.2) out.push(raw[Math.floor(rand() * raw.length)]);
    }
    return Buffer.from(out);
  }

  it('writes the same bytes into CURRENT and exits the same on raw, non-UTF-8 files with default labels', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const c = generateCase(seed * 7919);
      const files = { base: withRawBytes(c.base, seed), current: withRawBytes(c.current, seed + 1), other: withRawBytes(c.other, seed + 2) };
      for (const diff3 of [false, true]) {
        const paths = (who: string) => ({ current: join(dir, `${who}-current.bas`), base: join(dir, `${who}-base.bas`), other: join(dir, `${who}-other.bas`) });
        const mine = paths('ours');
        const theirs = paths('git');
        for (const p of [mine, theirs]) {
          writeFileSync(p.current, files.current);
          writeFileSync(p.base, files.base);
          writeFileSync(p.other, files.other);
        }
        // git runs on names relative to its folder, ours on absolute paths: labels are swapped before comparing.
        const gitRun = spawnSync('git', ['merge-file', ...(diff3 ? ['--diff3'] : []), 'git-current.bas', 'git-base.bas', 'git-other.bas'], { cwd: dir, env });
        const status = await runMergeFile([...(diff3 ? ['--diff3'] : []), mine.current, mine.base, mine.other], { stdout: () => {}, stderr: () => {} });
        expect(status).toBe(gitRun.status);
        const expected = readFileSync(theirs.current).toString('latin1').replaceAll('git-current.bas', mine.current).replaceAll('git-base.bas', mine.base).replaceAll('git-other.bas', mine.other);
        expect(readFileSync(mine.current).toString('latin1')).toBe(expected);
      }
    }
  });
});
