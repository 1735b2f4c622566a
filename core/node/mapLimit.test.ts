import { describe, expect, it } from 'vitest';
import { mapLimit } from './mapLimit.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapLimit', () => {
  it('runs every task with at most `limit` in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const done: number[] = [];
    await mapLimit([...Array(20).keys()], 3, async (i) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await tick(i % 4);
      inFlight--;
      done.push(i);
    });
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('rejects with the first error only after the tasks in flight have settled, and starts no more', async () => {
    const settled: number[] = [];
    const started: number[] = [];
    const error = await mapLimit([0, 1, 2, 3, 4, 5], 3, async (i) => {
      started.push(i);
      if (i === 0) throw new Error('first');
      await tick(20);
      settled.push(i);
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('first');
    expect(settled.sort()).toEqual([1, 2]);
    expect(started.sort()).toEqual([0, 1, 2]);
  });

  it('does nothing for no items', async () => {
    await mapLimit([], 4, () => Promise.reject(new Error('never called')));
  });
});
