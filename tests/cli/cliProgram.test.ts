import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../core/node/cli.js';
import { COMMANDS, parseCommandLine, synopsisBlock } from '../../core/node/cliProgram.js';
import { flagValue } from '../../core/node/parseArgs.js';
import { cli } from './runCli.js';

const repo = join(import.meta.dirname, '..', '..');

/** The flags a synopsis or an option declaration names (`--source`, `-p`), without help's. */
function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])(--?[a-zA-Z][\w-]*)/g)].map((m) => m[1]).filter((f) => f !== '-h' && f !== '--help');
}

function declaredFlags(name: string): string[] {
  const declaration = COMMANDS.find((c) => c.name === name);
  if (declaration === undefined) throw new Error(`no command ${name}`);
  return declaration.options.flatMap((o) => flagsIn(o.flags.replace(/<[^>]*>/g, '')));
}

/** The fenced block that follows a heading of a Markdown file. */
async function blockAfter(file: string, heading: string): Promise<string> {
  const text = await readFile(join(repo, file), 'utf8');
  const from = text.indexOf(`\n${heading}\n`);
  expect(from, `${file} has a "${heading}" section`).toBeGreaterThan(0);
  const open = text.indexOf('```\n', from);
  return text.slice(open + 4, text.indexOf('```', open + 4));
}

describe('carryover --help and help <command>', () => {
  it('lists every command with its summary and the usage of each, on standard output, exit 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) {
      expect(r.stdout).toContain(c.name);
      expect(r.stdout).toContain(c.summary.split(' ').slice(0, 4).join(' '));
    }
    expect(r.stdout).toContain(synopsisBlock(COMMANDS, '  '));
    expect((await cli(['-h'])).stdout).toBe(r.stdout);
    expect((await cli(['help'])).stdout).toBe(r.stdout);
  });

  it.each(COMMANDS.map((c) => c.name))('prints each option of %s with its meaning, the same for --help, -h and help', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code, r.stderr).toBe(0);
    const declaration = COMMANDS.find((c) => c.name === name)!;
    for (const option of declaration.options) {
      const line = r.stdout.split('\n').find((l) => l.trimStart().startsWith(option.flags));
      expect(line, `${name} --help shows ${option.flags}`).toBeDefined();
      expect(line).toContain(option.description.split(' ').slice(0, 3).join(' '));
    }
    expect((await cli([name, '-h'])).stdout).toBe(r.stdout);
    expect((await cli(['help', name])).stdout).toBe(r.stdout);
  });

  it('prints the version with --version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `carryover ${VERSION}\n`, stderr: '' });
  });

  it('prints the overview on standard error and exits 2 without a command', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('carryover sync     --source DIR');
  });
});

describe('carryover usage errors', () => {
  it('suggests the nearest command for a mistyped one, exit 2', async () => {
    for (const argv of [['snyc'], ['help', 'snyc']]) {
      const r = await cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^carryover: unknown command 'snyc'\n\(Did you mean sync\?\)/);
    }
  });

  it('suggests the nearest option for a mistyped one and points at the command\'s help, exit 2', async () => {
    const r = await cli(['sync', '--sourc', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--sourc'\n(Did you mean --source?)");
    expect(r.stderr).toContain("carryover help sync");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses an option given twice, a value outside its choices, a missing value and a stray argument', async () => {
    for (const argv of [
      ['analyze', '--source', 'a', '--source', 'b', '--target', 't'],
      ['analyze', '--source', 'a', '--target', 't', '--format', 'xml'],
      ['rollback', '--target'],
      ['rollback', '--target', 't', 'extra'],
    ]) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^carryover: /);
    }
  });
});

describe('parseCommandLine', () => {
  it('gives a command its values, switches and positional arguments by flag name', () => {
    const line = parseCommandLine(['sync', '--source=s', '--target', 't', '--in-place', '--report', '-'], { version: VERSION });
    expect(line.kind).toBe('run');
    if (line.kind !== 'run') return;
    expect(line.command).toBe('sync');
    expect(flagValue(line.args, 'source')).toBe('s');
    expect(flagValue(line.args, 'report')).toBe('-');
    expect([...line.args.switches]).toEqual(['in-place']);
    const validate = parseCommandLine(['validate', 'a', '--options', 'o.json', 'b'], { version: VERSION });
    expect(validate.kind === 'run' && validate.args.positional).toEqual(['a', 'b']);
  });

  it('passes merge-file its arguments untouched, git\'s own flags and -- included', async () => {
    const raw = ['-p', '--diff3', '-L', 'a', '--', '-x', 'b', 'c'];
    const line = parseCommandLine(['merge-file', ...raw], { version: VERSION });
    expect(line.kind === 'run' && line.rest).toEqual(raw);
    // Its errors are git's (255), not the CLI's usage error: the arguments reached it.
    const r = await cli(['merge-file', '--', '-x', 'b', 'c']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^carryover merge-file: .*-x/);
  });
});

describe('the README and docs/cli.md', () => {
  it('show the usage block made from the commands\' declarations', async () => {
    expect(await blockAfter('README.md', '## The CLI')).toBe(synopsisBlock(COMMANDS));
  });

  it.each(COMMANDS.map((c) => c.name))('name in the synopsis of %s exactly the options it declares', (name) => {
    const declaration = COMMANDS.find((c) => c.name === name)!;
    expect([...new Set(flagsIn(declaration.synopsis.join(' ')))].sort()).toEqual([...new Set(declaredFlags(name))].sort());
  });

  it('describe every command and every option in docs/cli.md', async () => {
    const doc = await readFile(join(repo, 'docs', 'cli.md'), 'utf8');
    for (const c of COMMANDS) {
      expect(doc, c.name).toContain(`### carryover ${c.name}`);
      const section = doc.slice(doc.indexOf(`### carryover ${c.name}`)).split('\n### ')[0];
      for (const flag of declaredFlags(c.name)) expect(section, `${c.name} ${flag}`).toContain(`\`${flag}`);
    }
  });
});
