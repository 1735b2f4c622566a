import { CarryoverBug } from '../bug.js';

/**
 * Calls `task` on every item with at most `limit` calls in flight, and resolves when all are
 * done. On the first failure no further task starts; the returned promise rejects with that first
 * error only once every task already started has settled, so a caller's clean-up never races a
 * write still in flight.
 */
export async function mapLimit<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  if (!(limit >= 1)) throw new CarryoverBug(`mapLimit: limit must be at least 1, got ${limit}`);
  let next = 0;
  let failed = false;
  let firstError: unknown;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await task(item);
      } catch (error) {
        if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let i = 0; i < Math.min(limit, items.length); i++) workers.push(worker());
  await Promise.all(workers);
  if (failed) throw firstError;
}
