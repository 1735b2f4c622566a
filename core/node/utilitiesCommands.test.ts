import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './cli.js';
import { isCarryoverFsError, WriteError } from './fsErrors.js';
import { mapLimit } from './mapLimit.js';
import { faultyFs, noFlushFs } from './testing/faultyFs.js';
import { snapshotTree } from './testing/snapshotTree.js';
import { undoDecision } from './utilitiesCommands.js';

const repo = join(import.meta.dirname, '..', '..');
const sample = join(repo, 'fixtures', 'sample');
const DECISION = 'form:Items@site/components/Description/width';
const NOW = new Date('2026-01-02T03:04:05Z');
let work: string;
let synced: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'carryover-undo-'));
  synced = join(work, 'synced', 'target');
  await cp(join(sample, 'target'), synced, { recursive: true });
  const quiet = { stdout: () => undefined, stderr: () => undefined, interactive: false };
  const code = await main(['sync', '--source', join(sample, 'source'), '--target', synced, '--options', join(sample, 'options.json'), '--answers', join(sample, 'answers.json'), '--in-place'], quiet);
  expect(code).toBe(0);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A copy of the synchronized Target in a folder of its own (its record still names the sync's backup). */
async function syncedCopy(name: string): Promise<string> {
  const dir = join(work, name, 'target');
  await cp(synced, dir, { recursive: true });
  return dir;
}

describe('undoDecision under failures', () => {
  it('leaves the Target as the commit left it, or undone, whichever step fails (the first steps, then one in four)', { timeout: 300_000 }, async () => {
    const probe = await syncedCopy('probe');
    const before = await snapshotTree(probe);
    const counting = faultyFs({}, noFlushFs);
    await undoDecision({ targetRoot: probe, decisionId: DECISION, fs: counting, now: NOW, concurrency: 1 });
    const undone = await snapshotTree(probe);
    expect(undone.get('site/forms/Items.json')).not.toEqual(before.get('site/forms/Items.json'));
    const steps = counting.calls.length;
    expect(steps).toBeGreaterThan(20);

    let failures = 0;
    // The steps of commitInPlace itself are each tested in commitInPlace.test.ts: here, the undo's
    // own steps (lock, recovery, reading the record) and one step in four of the commit.
    const chosen = Array.from({ length: steps }, (_, i) => i + 1).filter((n) => n <= 12 || n % 4 === 0 || n > steps - 4);
    await mapLimit(chosen, 2, async (n) => {
      const target = await syncedCopy(`step-${n}`);
      const label = `step ${n} (${counting.calls[n - 1]?.op} ${counting.calls[n - 1]?.path})`;
      let error: unknown;
      try {
        await undoDecision({ targetRoot: target, decisionId: DECISION, fs: faultyFs({ failAt: n, failCode: 'ENOSPC' }, noFlushFs), now: NOW, concurrency: 1 });
      } catch (e) {
        error = e;
      }
      const after = await snapshotTree(target);
      const items = after.get('site/forms/Items.json');
      if (error === undefined) {
        expect(items, label).toEqual(undone.get('site/forms/Items.json'));
        return;
      }
      failures++;
      expect(isCarryoverFsError(error), `${label}: ${String(error)}`).toBe(true);
      expect(error, label).toBeInstanceOf(WriteError);
      expect((error as WriteError).targetUnchanged, label).toBe(true);
      // Unchanged: every file of the configuration and its records as the commit left them.
      for (const [file, bytes] of before) if (!file.startsWith('.carryover/')) expect(after.get(file), `${label}: ${file}`).toEqual(bytes);
      expect(after.get('.carryover/last-commit.json'), label).toEqual(before.get('.carryover/last-commit.json'));
    });
    expect(failures).toBeGreaterThan(0);
  });
});
