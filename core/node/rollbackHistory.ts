import * as path from 'node:path';
import { previousSync } from './commitInPlace.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { readHistory, type SyncRecord } from './syncHistory.js';
import { resolveTarget } from './targetPaths.js';

/** One in-place sync of a Target, newest first, with what a rollback would do with it. */
export interface RollbackHistoryEntry extends SyncRecord {
  /** Where its backup is now (the recorded path, or the one relative to the Target when both were moved). */
  backupFound: string | null;
  /** True for the newest sync: the one `carryover rollback` undoes next. */
  next: boolean;
}

/**
 * The in-place syncs of a Target, newest first, from its `.carryover/history.json` (see
 * docs/reliability.md, "Rollback history"): `carryover rollback --list`, and the app's commit
 * screen. Rolling back undoes the newest; the restored Target's own history then ends one sync
 * earlier, so rolling back again walks back one sync at a time. Empty when the Target records no
 * in-place sync.
 */
export async function rollbackHistory(targetRoot: string, fs: FsLike = nodeFs): Promise<RollbackHistoryEntry[]> {
  const target = await resolveTarget(fs, targetRoot);
  if ((await fs.lstat(target))?.kind !== 'directory') return [];
  const syncs = await readHistory(fs, target, await previousSync(fs, target));
  const entries: RollbackHistoryEntry[] = [];
  for (const sync of [...syncs].reverse()) {
    let backupFound: string | null = null;
    if ((await fs.lstat(sync.backup)) !== null) backupFound = sync.backup;
    else if (sync.backupRelative !== '') {
      const relative = path.resolve(target, ...sync.backupRelative.split('/'));
      if ((await fs.lstat(relative)) !== null) backupFound = relative;
    }
    entries.push({ ...sync, backupFound, next: entries.length === 0 });
  }
  return entries;
}

/** The text `carryover rollback --list` prints: one line per sync, newest first. */
export function formatRollbackHistory(target: string, entries: readonly RollbackHistoryEntry[]): string {
  if (entries.length === 0) return `The Target ${target} records no in-place sync; there is nothing to roll back.\n`;
  const lines = [`In-place syncs of the Target ${target}, newest first (rollback undoes the first):`];
  entries.forEach((entry, i) => {
    const backup = entry.backupFound === null ? `backup ${entry.backup} (missing)` : `backup ${entry.backupFound}`;
    lines.push(`${i + 1}. ${entry.time}  Source ${entry.source}  ${backup}${entry.next ? '  <- next rollback' : ''}`);
  });
  return lines.join('\n') + '\n';
}
