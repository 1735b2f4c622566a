import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JsonObject } from '../../core/json.js';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import { BIN, REPO, ensureCliBuilt, runInProcess, writeConfiguration } from './onDisk.js';

/**
 * A sync must hold the Target's lock from before it reads the Target until it has written it:
 * otherwise another sync that runs in between is overwritten by a result computed from the Target
 * as it was before (a lost update). The hook runs a whole second sync (the real command, another
 * process) right after this one has read its inputs.
 */

const hook: { afterLoad: (() => void) | null } = { afterLoad: null };

vi.mock('../../core/node/loadInputs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../core/node/loadInputs.js')>();
  return {
    ...real,
    loadInputs: async (...args: Parameters<typeof real.loadInputs>) => {
      const loaded = await real.loadInputs(...args);
      const run = hook.afterLoad;
      hook.afterLoad = null;
      run?.();
      return loaded;
    },
  };
});

let root: string;
beforeAll(async () => {
  ensureCliBuilt();
  root = await mkdtemp(path.join(tmpdir(), 'carryover-race-'));
}, 300_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const form = (caption: string, extra: JsonObject = {}): JsonObject => ({ name: 'Customers', attributes: { caption, width: 80 }, ...extra });

describe('sync --in-place and a concurrent sync', () => {
  it('never lets a sync that ran in between be overwritten by a result computed from the Target before it', async () => {
    const target = path.join(root, 'work', 'target');
    const sourceA = path.join(root, 'sourceA');
    const sourceB = path.join(root, 'sourceB');
    await writeConfiguration(target, {
      'vendor/forms/Customers.json': form('Customers 10'),
      'site/forms/Customers.json': form('Kunden'),
      'vendor/forms/Orders.json': { name: 'Orders', attributes: { caption: 'Orders 10' } },
    });
    await writeConfiguration(sourceA, {
      'vendor/forms/Customers.json': form('Customers 11', { variables: { A: 1 } }),
      'vendor/forms/Orders.json': { name: 'Orders', attributes: { caption: 'Orders 11' } },
    });
    await writeConfiguration(sourceB, {
      'vendor/forms/Customers.json': form('Customers 12', { variables: { B: 1 } }),
      'vendor/forms/Invoices.json': { name: 'Invoices' },
    });

    let other: { code: number | null; stderr: string } | null = null;
    hook.afterLoad = () => {
      const run = spawnSync(process.execPath, [BIN, 'sync', '--in-place', '--source', sourceA, '--target', target, '--answer', 'keep'], { cwd: REPO, encoding: 'utf8' });
      other = { code: run.status, stderr: run.stderr };
    };
    const mine = await runInProcess(['sync', '--in-place', '--source', sourceB, '--target', target, '--answer', 'keep']);
    const first = other as { code: number | null; stderr: string } | null;
    expect(first, 'the hook ran').not.toBeNull();
    // One of them must have been refused by the lock.
    expect([first?.code, mine.code].sort(), `the other sync: ${first?.stderr}\nthis sync: ${mine.stderr}`).toEqual([0, 5]);
    const refused = first?.code === 5 ? first.stderr : mine.stderr;
    expect(refused).toContain('is locked by another carryover process');

    // The Target is exactly what the sync that won makes of the original Target.
    const winner = mine.code === 0 ? sourceB : sourceA;
    const expected = path.join(root, 'expected', 'target');
    await writeConfiguration(expected, {
      'vendor/forms/Customers.json': form('Customers 10'),
      'site/forms/Customers.json': form('Kunden'),
      'vendor/forms/Orders.json': { name: 'Orders', attributes: { caption: 'Orders 10' } },
    });
    const clean = await runInProcess(['sync', '--in-place', '--source', winner, '--target', expected, '--answer', 'keep']);
    expect(clean.code, clean.stderr).toBe(0);
    const strip = (snapshot: Map<string, string>) => {
      snapshot.delete('.carryover/last-sync.json');
      snapshot.delete('.carryover/last-commit.json');
      snapshot.delete('.carryover/history.json');
      return snapshot;
    };
    expect(strip(await snapshotTree(target))).toEqual(strip(await snapshotTree(expected)));
  });
});
