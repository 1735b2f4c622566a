import { mkdtemp, mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RecoveryError } from './fsErrors.js';
import { advanceJournal, createJournal, readJournal, removeJournal, writeJournal } from './journal.js';
import { nodeFs } from './nodeFs.js';
import { faultyFs } from './testing/faultyFs.js';
import { classifySibling, targetPaths } from './targetPaths.js';

const roots: string[] = [];
afterEach(async () => {
  await Promise.all(roots.splice(0).map((root) => rm(root, { recursive: true, force: true })));
});

async function paths() {
  const work = await mkdtemp(path.join(tmpdir(), 'carryover-journal-'));
  roots.push(work);
  await mkdir(path.join(work, 'target'));
  return targetPaths(path.join(work, 'target'));
}

describe('writeJournal', () => {
  it('writes a journal that reads back, advances it, and removes it', async () => {
    const p = await paths();
    expect(await readJournal(nodeFs, p)).toBeNull();
    const journal = createJournal(p, 'sync', { dir: path.join(p.parent, 'b'), staging: path.join(p.parent, '.b.carryover-tmp-1') }, new Date(0));
    await writeJournal(nodeFs, p, journal);
    expect(await readJournal(nodeFs, p)).toEqual(journal);
    const next = await advanceJournal(nodeFs, p, journal, 'swapping');
    expect(await readJournal(nodeFs, p)).toEqual({ ...journal, phase: 'swapping' });
    expect(next.phase).toBe('swapping');
    await removeJournal(nodeFs, p);
    expect(await readdir(p.parent)).toEqual(['target']);
  });

  it('keeps the previous journal and no temporary file when writing the next one fails', async () => {
    const p = await paths();
    const journal = createJournal(p, 'rollback', null, new Date(0));
    await writeJournal(nodeFs, p, journal);
    await expect(advanceJournal(faultyFs({ failAt: 2 }), p, journal, 'swapping')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readJournal(nodeFs, p)).toEqual(journal);
    expect((await readdir(p.parent)).sort()).toEqual(['.target.carryover-journal.json', 'target']);
  });
});

describe('readJournal', () => {
  it('refuses a journal for another Target or naming folders that are not its hidden siblings', async () => {
    const p = await paths();
    const journal = createJournal(p, 'sync', null, new Date(0));
    for (const damaged of [
      { ...journal, target: '/elsewhere/target' },
      { ...journal, old: path.join(p.parent, 'precious') },
      { ...journal, staging: p.staging('0000000000000000') },
      { ...journal, phase: 'finishing' },
      { ...journal, backup: '/x/b', backupStaging: '/y/.b.carryover-tmp-1' },
    ]) {
      await writeFile(p.journal, JSON.stringify(damaged));
      await expect(readJournal(nodeFs, p)).rejects.toBeInstanceOf(RecoveryError);
    }
  });
});

describe('classifySibling', () => {
  it('recognizes only the hidden entries of this Target', () => {
    expect(classifySibling('.target.carryover-lock', 'target')).toBe('lock');
    expect(classifySibling('.target.carryover-journal.json', 'target')).toBe('journal');
    expect(classifySibling('.target.carryover-new-0123456789abcdef', 'target')).toBe('staging');
    expect(classifySibling('.target.carryover-old-0123456789abcdef', 'target')).toBe('old');
    expect(classifySibling('.target.carryover-lock.stale-0123456789abcdef', 'target')).toBe('stale-lock');
    expect(classifySibling('.target.carryover-journal.json.tmp-0123456789abcdef', 'target')).toBe('journal-temp');
    expect(classifySibling('.target.carryover-lock.new-0123456789abcdef', 'target')).toBe('lock-temp');
    expect(classifySibling('.target.carryover-new-x.carryover-lock', 'target')).toBeNull();
    expect(classifySibling('.targetX.carryover-lock', 'target')).toBeNull();
    expect(classifySibling('.a.b.carryover-lock', 'a.b')).toBe('lock');
    expect(classifySibling('.aXb.carryover-lock', 'a.b')).toBeNull();
  });
});
