import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runMergeFile } from './mergeFileCommand.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'carryover-merge-file-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes the three files (named current, base, other) and runs merge-file in `dir` with the arguments. */
async function run(files: { current: string | Buffer; base: string | Buffer; other: string | Buffer }, args: (paths: { current: string; base: string; other: string }) => string[]) {
  const paths = { current: join(dir, 'current'), base: join(dir, 'base'), other: join(dir, 'other') };
  await writeFile(paths.current, files.current);
  await writeFile(paths.base, files.base);
  await writeFile(paths.other, files.other);
  const stdout: Buffer[] = [];
  const stderr: string[] = [];
  const status = await runMergeFile(args(paths), {
    stdout: (data) => stdout.push(Buffer.from(data)),
    stderr: (text) => stderr.push(text),
  });
  return { status, stdout: Buffer.concat(stdout), stderr: stderr.join(''), current: await readFile(paths.current), paths };
}

const conflicting = { base: 'a\nb\nc\n', current: 'a\nX\nc\n', other: 'a\nY\nc\n' };

describe('runMergeFile', () => {
  it('writes the merge into CURRENT and exits with 0 when it is clean', async () => {
    const result = await run({ base: 'a\nb\nc\n', current: 'A\nb\nc\n', other: 'a\nb\nC\n' }, (p) => [p.current, p.base, p.other]);
    expect(result.status).toBe(0);
    expect(result.current.toString()).toBe('A\nb\nC\n');
    expect(result.stdout.length).toBe(0);
  });

  it('exits with the number of conflicts and names the sides after the files as given', async () => {
    const result = await run(conflicting, (p) => [p.current, p.base, p.other]);
    expect(result.status).toBe(1);
    expect(result.current.toString()).toBe(`a\n<<<<<<< ${result.paths.current}\nX\n=======\nY\n>>>>>>> ${result.paths.other}\nc\n`);
  });

  it('prints the merge with -p and leaves CURRENT alone', async () => {
    const result = await run(conflicting, (p) => ['-p', p.current, p.base, p.other]);
    expect(result.status).toBe(1);
    expect(result.stdout.toString()).toContain('<<<<<<< ');
    expect(result.current.toString()).toBe(conflicting.current);
  });

  it('uses the -L labels for current, base and other in that order, with --diff3', async () => {
    const result = await run(conflicting, (p) => ['-p', '--diff3', '-L', 'mine', '-L', 'older', '-Ltheirs', p.current, p.base, p.other]);
    expect(result.stdout.toString()).toBe('a\n<<<<<<< mine\nX\n||||||| older\nb\n=======\nY\n>>>>>>> theirs\nc\n');
  });

  it('names the remaining sides after their files when fewer than three labels are given', async () => {
    const result = await run(conflicting, (p) => ['-p', '-L', 'mine', p.current, p.base, p.other]);
    expect(result.stdout.toString()).toBe(`a\n<<<<<<< mine\nX\n=======\nY\n>>>>>>> ${result.paths.other}\nc\n`);
  });

  it('writes labels in UTF-8 and keeps bytes that are not valid UTF-8 as they are', async () => {
    const invalid = Buffer.from([0xff, 0xfe, 0x80, 0x0a]);
    const base = Buffer.concat([Buffer.from('a\n'), invalid, Buffer.from('b\n')]);
    const current = Buffer.concat([Buffer.from('A\xe9\n', 'latin1'), invalid, Buffer.from('b\n')]);
    const other = Buffer.concat([Buffer.from('a\n'), invalid, Buffer.from('B\n')]);
    const clean = await run({ base, current, other }, (p) => [p.current, p.base, p.other]);
    expect(clean.status).toBe(0);
    expect(clean.current.equals(Buffer.concat([Buffer.from('A\xe9\n', 'latin1'), invalid, Buffer.from('B\n')]))).toBe(true);

    const labelled = await run({ base: invalid, current: Buffer.from('x\n'), other: Buffer.from('y\n') }, (p) => ['-p', '-L', 'café', '-L', 'b', '-L', 'ü', p.current, p.base, p.other]);
    expect(labelled.stdout.equals(Buffer.from('<<<<<<< café\nx\n=======\ny\n>>>>>>> ü\n', 'utf8'))).toBe(true);
  });

  it('caps the exit status at 127 conflicts', async () => {
    const lines = (tag: string) => Array.from({ length: 130 }, (_, i) => `${tag}${i}\nkeep${i}a\nkeep${i}b\nkeep${i}c\nkeep${i}d\n`).join('');
    const result = await run({ base: lines('base'), current: lines('current'), other: lines('other') }, (p) => ['-p', p.current, p.base, p.other]);
    expect(result.stdout.toString().match(/^<<<<<<< /gm)).toHaveLength(130);
    expect(result.status).toBe(127);
  });

  it('exits 255 with one line on standard error when a file cannot be read', async () => {
    const result = await run(conflicting, (p) => [p.current, join(dir, 'missing'), p.other]);
    expect(result.status).toBe(255);
    expect(result.stderr).toBe(`carryover merge-file: cannot read ${join(dir, 'missing')}: no such file\n`);
    expect(result.current.toString()).toBe(conflicting.current);
  });

  it('exits 255 on bad usage: a missing file argument, an unknown option, a fourth label', async () => {
    for (const args of [(p: Record<string, string>) => [p.current, p.base], (p: Record<string, string>) => ['--zdiff3', p.current, p.base, p.other], (p: Record<string, string>) => ['-L', 'a', '-L', 'b', '-L', 'c', '-L', 'd', p.current, p.base, p.other], () => ['-L']]) {
      const result = await run(conflicting, args);
      expect(result.status).toBe(255);
      expect(result.stderr.split('\n')).toHaveLength(2);
      expect(result.stderr).toMatch(/^carryover merge-file: .*usage: carryover merge-file/);
    }
  });

  it('takes arguments after -- as files', async () => {
    const result = await run(conflicting, (p) => ['-p', '--', p.current, p.base, p.other]);
    expect(result.status).toBe(1);
  });

  it('refuses a binary file as git does', async () => {
    const result = await run({ ...conflicting, other: Buffer.from([0x61, 0x00, 0x0a]) }, (p) => [p.current, p.base, p.other]);
    expect(result.status).toBe(255);
    expect(result.stderr).toBe(`carryover merge-file: cannot merge binary files: ${result.paths.other}\n`);
  });
});
