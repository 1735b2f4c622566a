import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { assertNever } from '../model.js';
import { errnoCode } from './fsErrors.js';
import { mapLimit } from './mapLimit.js';
import type { FsLike } from './nodeFs.js';
import { walkTree } from './walkTree.js';

/** Where a Target keeps the history of its in-place syncs, relative to the Target. */
export const HISTORY_PATH = '.carryover/history.json';

/** One in-place sync of a Target, as its history records it. */
export interface SyncRecord {
  /** When the sync was written (ISO 8601, UTC). */
  time: string;
  /** The Source it was synchronized with, absolute. */
  source: string;
  /** The backup of the Target made before the sync, absolute. */
  backup: string;
  /** The same backup relative to the Target, for when the folders were moved together. */
  backupRelative: string;
}

/** The content of {@link HISTORY_PATH}: every in-place sync of the Target, oldest first. */
export interface SyncHistory {
  format: 'carryover-history/1';
  syncs: SyncRecord[];
}

/**
 * What the Target looked like when a sync left it: for each entry below the Target (dot-entries
 * included, the `.carryover/` folder excluded), `d` for a folder, `f:<size>:<sha-256 of the
 * bytes>` for a file, `l:<link text>` for a symbolic link, `o` for anything else. By content, not
 * by modification time: a rolled-back Target is a copy of its backup (new times, same bytes) and
 * must still match the fingerprint its own sync recorded.
 */
export type TargetFingerprint = Record<string, string>;

/** True for the `.carryover/` folder and what it holds (carryover's own records, not the user's work). */
function isCarryoverRecord(relative: string): boolean {
  return relative === '.carryover' || relative.startsWith('.carryover/');
}

/** The fingerprint of the tree at `root` (see {@link TargetFingerprint}), keys sorted. */
export async function takeFingerprint(fs: FsLike, root: string, concurrency: number): Promise<TargetFingerprint> {
  const entries = (await walkTree(fs, root, concurrency)).filter((entry) => !isCarryoverRecord(entry.path));
  const values = new Map<string, string>();
  await mapLimit(entries, concurrency, async (entry) => {
    const absolute = path.join(root, ...entry.path.split('/'));
    switch (entry.kind) {
      case 'directory':
        values.set(entry.path, 'd');
        return;
      case 'file': {
        const bytes = await fs.readFile(absolute);
        values.set(entry.path, `f:${bytes.length}:${createHash('sha256').update(bytes).digest('hex')}`);
        return;
      }
      case 'symlink':
        values.set(entry.path, `l:${await fs.readlink(absolute)}`);
        return;
      case 'other':
        // A named pipe or a socket (inside `.git`, say): never opened, it would block.
        values.set(entry.path, 'o');
        return;
      default:
        assertNever(entry.kind);
    }
  });
  const fingerprint: TargetFingerprint = {};
  for (const entry of entries) fingerprint[entry.path] = values.get(entry.path) ?? 'o';
  return fingerprint;
}

/** The entries (relative paths, sorted) added, removed or changed between two fingerprints. */
export function changedEntries(recorded: TargetFingerprint, current: TargetFingerprint): string[] {
  const changed: string[] = [];
  for (const [entry, value] of Object.entries(current)) if (recorded[entry] !== value) changed.push(entry);
  for (const entry of Object.keys(recorded)) if (!(entry in current)) changed.push(entry);
  return changed.sort();
}

/** True when `value` is a fingerprint as {@link takeFingerprint} writes it. */
export function isFingerprint(value: unknown): value is TargetFingerprint {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isSyncRecord(value: unknown): value is SyncRecord {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return ['time', 'source', 'backup', 'backupRelative'].every((key) => typeof record[key] === 'string');
}

/**
 * The history of the Target at `root`, oldest first. A Target synchronized before histories were
 * kept has only its last sync's record (`lastSync`, from `.carryover/last-sync.json`), which
 * starts the history. A missing or unreadable history file gives what is known from `lastSync`.
 */
export async function readHistory(fs: FsLike, root: string, lastSync: SyncRecord | null): Promise<SyncRecord[]> {
  let text: string;
  try {
    text = (await fs.readFile(path.join(root, ...HISTORY_PATH.split('/')))).toString('utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') throw error;
    return lastSync === null ? [] : [lastSync];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not ours any more (edited by hand): what `last-sync.json` says is still known.
    return lastSync === null ? [] : [lastSync];
  }
  const syncs = (parsed as Partial<SyncHistory> | null)?.syncs;
  if (!Array.isArray(syncs) || !syncs.every(isSyncRecord)) return lastSync === null ? [] : [lastSync];
  return syncs.map(({ time, source, backup, backupRelative }) => ({ time, source, backup, backupRelative }));
}

/** The text of a history file for `syncs` (oldest first). */
export function serializeHistory(syncs: readonly SyncRecord[]): string {
  const history: SyncHistory = { format: 'carryover-history/1', syncs: [...syncs] };
  return JSON.stringify(history, null, 2) + '\n';
}
