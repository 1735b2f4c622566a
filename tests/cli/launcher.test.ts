import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript, without declarations
import { BUILD_RECORDS, bundleCli } from '../../scripts/bundleCli.mjs';

/**
 * bin/carryover.mjs runs the bundle in build/cli/ when it was made from the compiled build as it
 * is now, and the compiled modules otherwise (scripts/bundleCli.mjs; docs/performance.md, "One
 * file to start"). Checked on a copy of the launcher beside two small CLIs that say which ran.
 */

const root = join(import.meta.dirname, '..', '..');
const scratch: string[] = [];

afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

/** A repository with the real launcher, a compiled CLI and a bundled CLI that print which they are, and the bundle's record of the build. */
function fakeRepository(): string {
  const repo = tempDir('carryover-launcher-');
  mkdirSync(join(repo, 'bin'));
  cpSync(join(root, 'bin', 'carryover.mjs'), join(repo, 'bin', 'carryover.mjs'));
  const cli = (which: string): string => `export async function main(args) { process.stdout.write('${which} ' + args.join(' ')); return 0; }\n`;
  mkdirSync(join(repo, 'build', 'core', 'node'), { recursive: true });
  writeFileSync(join(repo, 'build', 'core', 'node', 'cli.js'), cli('compiled'));
  mkdirSync(join(repo, 'build', 'cli'));
  writeFileSync(join(repo, 'build', 'cli', 'cli.js'), cli('bundled'));
  mkdirSync(join(repo, 'build', 'tsbuildinfo'));
  const stamp: Record<string, number> = {};
  for (const file of BUILD_RECORDS as string[]) {
    writeFileSync(join(repo, file), '{}');
    utimesSync(join(repo, file), 1_700_000_000, 1_700_000_000);
    stamp[file] = 1_700_000_000_000;
  }
  writeFileSync(join(repo, 'build', 'cli', 'inputs.json'), JSON.stringify(stamp));
  return repo;
}

const run = (repo: string): string => execFileSync(process.execPath, [join(repo, 'bin', 'carryover.mjs'), 'validate', 'x'], { encoding: 'utf8' });

describe('bin/carryover.mjs', () => {
  it('runs the bundle while it was made from the compiled build as it is now', () => {
    expect(run(fakeRepository())).toBe('bundled validate x');
  });

  it('runs the compiled modules once they were compiled again after the bundle was made', () => {
    const repo = fakeRepository();
    utimesSync(join(repo, (BUILD_RECORDS as string[])[0]), 1_700_000_100, 1_700_000_100);
    expect(run(repo)).toBe('compiled validate x');
  });

  it('runs the compiled modules when there is no bundle, or its record is unreadable', () => {
    const repo = fakeRepository();
    writeFileSync(join(repo, 'build', 'cli', 'inputs.json'), '{');
    expect(run(repo)).toBe('compiled validate x');
    rmSync(join(repo, 'build', 'cli'), { recursive: true });
    expect(run(repo)).toBe('compiled validate x');
  });

  it('says how to build the CLI when neither is there', () => {
    const repo = fakeRepository();
    rmSync(join(repo, 'build'), { recursive: true });
    expect(() => execFileSync(process.execPath, [join(repo, 'bin', 'carryover.mjs'), '--version'], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/not built yet; run `npm run build:core`/);
  });
});

describe('scripts/bundleCli.mjs', () => {
  it('writes the same bytes twice from the same compiled build, with the reader thread’s module beside the CLI', async () => {
    const [a, b] = [tempDir('carryover-bundle-a-'), tempDir('carryover-bundle-b-')];
    await bundleCli(a);
    await bundleCli(b);
    const files = readdirSync(a).sort();
    expect(files).toEqual(readdirSync(b).sort());
    expect(files).toEqual(expect.arrayContaining(['cli.js', 'loneBase.js', 'inputs.json']));
    for (const file of files) expect(readFileSync(join(a, file)).equals(readFileSync(join(b, file))), file).toBe(true);
    // Nothing of the machine that made it: no absolute path.
    for (const file of files) expect(readFileSync(join(a, file), 'utf8'), file).not.toContain(root);
  }, 60_000);
});
