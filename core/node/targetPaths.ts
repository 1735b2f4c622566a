import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { errnoCode, WriteUsageError } from './fsErrors.js';
import type { FsLike } from './nodeFs.js';

/**
 * The files and folders that writing a Target in place keeps next to it, in its parent folder
 * (never inside it: the Target folder itself is swapped). All are dot-entries of the parent, named
 * after the Target, so every carryover command finds them from the Target path alone.
 */
export interface TargetPaths {
  /** The Target, absolute, symbolic links of it and its parents resolved. */
  target: string;
  /** The Target's parent folder. */
  parent: string;
  /** The Target's folder name. */
  name: string;
  /** `.<name>.carryover-lock`: who is writing the Target (see `lock.ts`). */
  lock: string;
  /** `.<name>.carryover-journal.json`: the interrupted operation, if any (see `journal.ts`). */
  journal: string;
  /** `.<name>.carryover-new-<id>`: the new Target being built. */
  staging(id: string): string;
  /** `.<name>.carryover-old-<id>`: the old Target, between the two renames of the swap. */
  old(id: string): string;
}

/** What a dot-entry of the parent folder is to the Target `name`, or `null` when it is not ours. */
export type SiblingKind = 'lock' | 'lock-temp' | 'journal' | 'journal-temp' | 'stale-lock' | 'staging' | 'old';

/** A random operation id: 16 lowercase hex digits. */
export function newOperationId(): string {
  return randomBytes(8).toString('hex');
}

/** Longest name a file system takes for one entry (bytes; ext4, XFS, APFS, NTFS in UTF-16 units). */
export const MAX_ENTRY_NAME = 255;

/** The longest suffix added to a sibling's stem: `.carryover-journal.json.tmp-<16 hex>`. */
const LONGEST_SIBLING_SUFFIX = '.carryover-journal.json.tmp-'.length + 16;

/**
 * The stem of the names kept next to the Target `name`: `.<name>`, or, when the longest of those
 * names would exceed {@link MAX_ENTRY_NAME}, the short fixed `.carryover-<16 hex of the name's
 * SHA-256>` (a Target folder name of 236 characters must work; docs/reliability.md, "Long and odd
 * Targets").
 */
export function siblingStem(name: string): string {
  if (Buffer.byteLength(name) + 1 + LONGEST_SIBLING_SUFFIX <= MAX_ENTRY_NAME) return `.${name}`;
  return `.carryover-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/**
 * `name` cut (at a character boundary) so that it takes at most `bytes` bytes in UTF-8: for
 * derived names (a default backup folder) of a long Target name.
 */
export function shortenName(name: string, bytes: number): string {
  if (Buffer.byteLength(name) <= bytes) return name;
  let cut = '';
  for (const char of name) {
    if (Buffer.byteLength(cut + char) > bytes) break;
    cut += char;
  }
  return cut;
}

/**
 * The start of the default backup folder names of the Target `target`: `<target>.backup-`, the
 * Target's name shortened so that `<name>.backup-<stamp>-<n>` and its hidden building folder
 * `.<that>.carryover-tmp-<id>` still fit in {@link MAX_ENTRY_NAME}.
 */
export function defaultBackupPrefix(target: string): string {
  return path.join(path.dirname(target), `${shortenName(path.basename(target), 190)}.backup-`);
}

/** The paths kept next to the (already resolved) Target folder `target`. */
export function targetPaths(target: string): TargetPaths {
  const parent = path.dirname(target);
  const name = path.basename(target);
  const stem = siblingStem(name);
  const sibling = (suffix: string): string => path.join(parent, `${stem}.carryover-${suffix}`);
  return {
    target,
    parent,
    name,
    lock: sibling('lock'),
    journal: sibling('journal.json'),
    staging: (id) => sibling(`new-${id}`),
    old: (id) => sibling(`old-${id}`),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Classifies an entry of the Target's parent folder: one of ours (and which), or `null`. */
export function classifySibling(entryName: string, targetName: string): SiblingKind | null {
  const prefix = `^${escapeRegExp(siblingStem(targetName))}\\.carryover-`;
  const id = '[0-9a-f]{16}';
  const patterns: [SiblingKind, RegExp][] = [
    ['lock', new RegExp(`${prefix}lock$`)],
    ['journal', new RegExp(`${prefix}journal\\.json$`)],
    ['journal-temp', new RegExp(`${prefix}journal\\.json\\.tmp-${id}$`)],
    ['stale-lock', new RegExp(`${prefix}lock\\.stale-${id}$`)],
    ['lock-temp', new RegExp(`${prefix}lock\\.new-${id}$`)],
    ['staging', new RegExp(`${prefix}new-${id}$`)],
    ['old', new RegExp(`${prefix}old-${id}$`)],
  ];
  for (const [kind, pattern] of patterns) if (pattern.test(entryName)) return kind;
  return null;
}

/**
 * Resolves a Target path to the real folder that the swap renames: absolute, the parent's symbolic
 * links resolved, and a Target that is itself a symbolic link followed (renaming the link would
 * swap the link, not the folder). Works while the Target is missing (in the middle of a swap).
 */
export async function resolveTarget(fs: FsLike, targetRoot: string): Promise<string> {
  let current = path.resolve(targetRoot);
  for (let hops = 0; hops < 40; hops++) {
    const parent = path.dirname(current);
    if (parent === current) {
      throw new WriteUsageError('target-missing', `The Target cannot be a file-system root: ${current}`, current);
    }
    let realParent: string;
    try {
      realParent = await fs.realpath(parent);
    } catch (error) {
      const code = errnoCode(error);
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      throw new WriteUsageError('target-missing', `The Target's parent folder does not exist: ${parent}`, current);
    }
    const resolved = path.join(realParent, path.basename(current));
    const stat = await fs.lstat(resolved);
    if (stat?.kind !== 'symlink') return resolved;
    current = path.resolve(path.dirname(resolved), await fs.readlink(resolved));
  }
  throw new Error(`too many symbolic links resolving the Target: ${targetRoot}`);
}

/** True when `inner` is `outer` or lies inside it (both absolute and normalized). */
export function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith('..' + path.sep) && !path.isAbsolute(relative));
}

/**
 * The absolute form of a path that may not exist yet, with the symbolic links of its deepest
 * existing ancestor resolved, so that "is this inside that" checks are not fooled by links.
 */
export async function resolveThroughLinks(fs: FsLike, p: string): Promise<string> {
  const absolute = path.resolve(p);
  const missing: string[] = [];
  let current = absolute;
  while ((await fs.lstat(current)) === null) {
    const parent = path.dirname(current);
    if (parent === current) return absolute;
    missing.unshift(path.basename(current));
    current = parent;
  }
  return path.join(await fs.realpath(current), ...missing);
}
