import * as path from 'node:path';
import { describeError, errnoCode, WriteUsageError } from './fsErrors.js';
import type { EntryKind, FsLike } from './nodeFs.js';
import { walkTree, type TreeEntry } from './walkTree.js';

/**
 * The file written last into a backup folder: its presence says the copy is complete, and its
 * manifest (every entry with its kind and size) lets `rollback` check that nothing went missing
 * since. It is not part of the backed-up Target and is never restored.
 */
export const BACKUP_MARKER = '.carryover-backup-complete';

/** The content of {@link BACKUP_MARKER}. */
export interface BackupManifest {
  format: 'carryover-backup/1';
  /** The Target that was backed up, absolute. */
  target: string;
  /** When the backup was made (ISO 8601, UTC). */
  createdAt: string;
  /** Every entry below the backup root except the marker, sorted by path; `size` of folders is 0. */
  entries: { path: string; kind: EntryKind; size: number }[];
}

/**
 * The manifest entries for a tree listing: folder sizes (which file systems report differently) as
 * 0; named pipes and sockets left out (a backup cannot copy them: see `copyTree`).
 */
function manifestEntries(entries: readonly TreeEntry[]): BackupManifest['entries'] {
  return entries
    .filter((e) => e.path !== BACKUP_MARKER && e.kind !== 'other')
    .map((e) => ({ path: e.path, kind: e.kind, size: e.kind === 'directory' ? 0 : e.size }));
}

/** Writes the completion marker with its manifest into a finished backup copy (durably). */
export async function writeBackupManifest(
  fs: FsLike,
  backupRoot: string,
  target: string,
  entries: readonly TreeEntry[],
  now: Date,
): Promise<void> {
  const manifest: BackupManifest = {
    format: 'carryover-backup/1',
    target,
    createdAt: now.toISOString(),
    entries: manifestEntries(entries),
  };
  await fs.writeFile(path.join(backupRoot, BACKUP_MARKER), JSON.stringify(manifest, null, 1) + '\n', {
    exclusive: false,
    durable: true,
  });
}

/**
 * Checks that `backupRoot` is a complete backup: it exists, holds the marker, and its entries are
 * exactly those of the manifest, with the same kinds and file sizes. Returns the entries to restore
 * (the marker excluded). Otherwise throws a {@link WriteUsageError} (`backup-missing`,
 * `backup-incomplete`) naming what differs.
 */
export async function verifyBackup(fs: FsLike, backupRoot: string, concurrency: number): Promise<TreeEntry[]> {
  const root = await fs.lstat(backupRoot);
  if (root?.kind !== 'directory') {
    throw new WriteUsageError('backup-missing', `The backup ${backupRoot} does not exist (or is not a folder).`, backupRoot);
  }
  const incomplete = (why: string): WriteUsageError =>
    new WriteUsageError('backup-incomplete', `The backup ${backupRoot} ${why}; it cannot be restored.`, backupRoot);
  let text: string;
  try {
    text = (await fs.readFile(path.join(backupRoot, BACKUP_MARKER))).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') throw incomplete(`has no ${BACKUP_MARKER} marker: it was not completed`);
    throw error;
  }
  let manifest: BackupManifest | null;
  try {
    manifest = JSON.parse(text) as BackupManifest | null;
  } catch (error) {
    throw incomplete(`has an unreadable ${BACKUP_MARKER} marker (${describeError(error)})`);
  }
  if (manifest?.format !== 'carryover-backup/1' || !Array.isArray(manifest.entries)) {
    throw incomplete(`has a ${BACKUP_MARKER} marker this version does not understand`);
  }
  const entries = (await walkTree(fs, backupRoot, concurrency)).filter((e) => e.path !== BACKUP_MARKER);
  const actual = new Map(manifestEntries(entries).map((e) => [e.path, e]));
  const differences: string[] = [];
  for (const expected of manifest.entries) {
    const found = actual.get(expected.path);
    if (found === undefined) differences.push(`${expected.path} is missing`);
    else if (found.kind !== expected.kind) differences.push(`${expected.path} is a ${found.kind}, not a ${expected.kind}`);
    else if (found.size !== expected.size) differences.push(`${expected.path} has ${found.size} bytes, not ${expected.size}`);
    actual.delete(expected.path);
  }
  for (const extra of actual.keys()) differences.push(`${extra} was added`);
  if (differences.length > 0) {
    const shown = differences.slice(0, 5).join('; ') + (differences.length > 5 ? `; and ${differences.length - 5} more` : '');
    throw incomplete(`no longer matches the manifest written when it was made (${shown})`);
  }
  return entries;
}
