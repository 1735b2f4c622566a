import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TargetLockedError } from './fsErrors.js';
import { acquireTargetLock } from './lock.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { recoverInterruptedSync } from './recoverInterruptedSync.js';
import { deadPid, lockRecord } from './testing/syncFixture.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function target(): Promise<{ work: string; target: string; lock: string }> {
  const work = await mkdtemp(path.join(tmpdir(), 'carryover-lock-'));
  roots.push(work);
  const t = path.join(work, 'target');
  await mkdir(t);
  return { work, target: t, lock: path.join(work, '.target.carryover-lock') };
}

describe('acquireTargetLock', () => {
  it('creates a sibling lock file naming this process, and removes it on release', async () => {
    const t = await target();
    const lock = await acquireTargetLock(t.target, { command: 'sync' });
    expect(lock).toMatchObject({ target: t.target, path: t.lock, note: null, held: true });
    const record = JSON.parse(await readFile(t.lock, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ format: 'carryover-lock/1', pid: process.pid, hostname: hostname(), command: 'sync' });
    expect(await readdir(t.target)).toEqual([]);
    await lock.release();
    expect(lock.held).toBe(false);
    expect(await readdir(t.work)).toEqual(['target']);
  });

  it('refuses a second lock on the same Target from the same process', async () => {
    const t = await target();
    const lock = await acquireTargetLock(t.target, { command: 'sync' });
    const error = await acquireTargetLock(t.target, { command: 'rollback' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetLockedError);
    expect((error as Error).message).toContain('this process holds it');
    await lock.release();
    await (await acquireTargetLock(t.target, { command: 'rollback' })).release();
  });

  it('does not remove a lock that was taken over from it meanwhile', async () => {
    const t = await target();
    const lock = await acquireTargetLock(t.target, { command: 'sync' });
    const other = lockRecord(deadPid());
    await writeFile(t.lock, other);
    await lock.release();
    expect(await readFile(t.lock, 'utf8')).toBe(other);
  });

  it('takes over a stale lock and says whose it was', async () => {
    const t = await target();
    const pid = deadPid();
    await writeFile(t.lock, lockRecord(pid));
    const lock = await acquireTargetLock(t.target, { command: 'sync' });
    expect(lock.note).toContain(`left by pid ${pid} on host ${hostname()} (sync since 2024-05-01T10:00:00.000Z)`);
    expect(lock.note).toContain('no longer running');
    await lock.release();
    expect(await readdir(t.work)).toEqual(['target']);
  });

  it('locks the same file whether the Target is named relatively, with a trailing slash, or absolutely', async () => {
    const t = await target();
    const lock = await acquireTargetLock(t.target + path.sep, { command: 'sync' });
    const relative = path.relative(process.cwd(), t.target);
    await expect(acquireTargetLock(relative, { command: 'sync' })).rejects.toBeInstanceOf(TargetLockedError);
    await lock.release();
  });

  it('never writes the lock file in place: the whole record is written aside and hard-linked, so a kill leaves no empty lock', async () => {
    const t = await target();
    const writes: string[] = [];
    const links: [string, string][] = [];
    const fs: FsLike = {
      ...nodeFs,
      writeFile: (p, data, options) => (writes.push(p), nodeFs.writeFile(p, data, options)),
      link: (from, to) => (links.push([from, to]), nodeFs.link(from, to)),
    };
    const lock = await acquireTargetLock(t.target, { command: 'sync', fs });
    expect(writes).toHaveLength(1);
    expect(path.basename(writes[0])).toMatch(/^\.target\.carryover-lock\.new-[0-9a-f]{16}$/);
    expect(links).toEqual([[writes[0], t.lock]]);
    expect((await readdir(t.work)).sort()).toEqual(['.target.carryover-lock', 'target']);
    await lock.release();
  });

  it('leaves a live lock alone when its temporary file loses the race, and removes the temporary file', async () => {
    const t = await target();
    const first = await acquireTargetLock(t.target, { command: 'sync' });
    await expect(acquireTargetLock(t.target, { command: 'sync' })).rejects.toBeInstanceOf(TargetLockedError);
    expect((await readdir(t.work)).sort()).toEqual(['.target.carryover-lock', 'target']);
    await first.release();
  });

  it('recovery removes the temporary file of a process killed while taking the lock', async () => {
    const t = await target();
    const temp = path.join(t.work, '.target.carryover-lock.new-0123456789abcdef');
    await writeFile(temp, lockRecord(deadPid()));
    const result = await recoverInterruptedSync(t.target);
    expect(result.notes.join(' ')).toContain(`Removed ${temp}`);
    expect(await readdir(t.work)).toEqual(['target']);
  });

  it('creates the lock with O_EXCL where the file system has no hard links', async () => {
    const t = await target();
    const fs: FsLike = {
      ...nodeFs,
      link: () => Promise.reject(Object.assign(new Error('operation not permitted'), { code: 'EPERM' })),
    };
    const lock = await acquireTargetLock(t.target, { command: 'sync', fs });
    expect(JSON.parse(await readFile(t.lock, 'utf8'))).toMatchObject({ pid: process.pid, command: 'sync' });
    expect((await readdir(t.work)).sort()).toEqual(['.target.carryover-lock', 'target']);
    await expect(acquireTargetLock(t.target, { command: 'sync', fs })).rejects.toBeInstanceOf(TargetLockedError);
    await lock.release();
    expect(await readdir(t.work)).toEqual(['target']);
  });
});
