import * as path from 'node:path';
import type { OutputPlan } from '../analysis.js';
import { CarryoverFsError, describeError, errnoCode, WriteError, WriteUsageError } from './fsErrors.js';
import { progressCounter } from './copyTree.js';
import { materializePlan } from './materializePlan.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { isInside, newOperationId, resolveThroughLinks } from './targetPaths.js';

/** Options of {@link writeOut}. */
export interface WriteOutOptions {
  /** The merged Target (every prompt answered). */
  plan: OutputPlan;
  sourceRoot: string;
  targetRoot: string;
  /** `--out DIR`: must not exist, or be an empty folder. Missing parent folders are created. */
  outDir: string;
  /** The file system (tests inject faults through it). Default: the real one. */
  fs?: FsLike;
  /** File operations in flight at once. Default 16. */
  concurrency?: number;
  /** Make the folder durable before the final rename (one `syncfs` on Linux), so a power loss leaves no half-written folder. Default true. */
  durable?: boolean;
  /** Called after each file written with the count so far and the plan's size (for a progress display). */
  onProgress?: (written: number, total: number) => void;
  /**
   * A check that runs while the files are written (`commitPlan`: are the Source and the Target
   * still what was analyzed?). It must resolve before the folder is made durable and moved into
   * place; when it rejects, nothing is left in DIR's place and its error is thrown as is.
   */
  whileWriting?: () => Promise<void>;
}

/** What {@link writeOut} wrote. */
export interface WriteResult {
  /** The output folder, absolute. */
  outDir: string;
  /** Files written. */
  files: number;
  /** Unfinished output folders of interrupted runs found next to DIR (reported, never removed: a concurrent run may own one). */
  notes: string[];
}

/**
 * Writes the complete merged Target into a new folder (`sync --out DIR`); the Target is not
 * touched. The folder is built as a hidden sibling `.<name>.carryover-tmp-<id>` and renamed into
 * place when complete, so a failure or a crash never leaves a half-written `DIR` (a crash may leave
 * the hidden sibling, which nothing reads).
 *
 * The output is a fresh configuration: only what the plan lists. The Target's dot-entries
 * (`.git`, `.carryover`, ...) are not copied: a copy of a repository's `.git` would describe
 * another folder, and `.carryover` records belong to the Target they were made for. (An in-place
 * sync carries them over; see `commitInPlace`.)
 *
 * Errors: {@link WriteUsageError} (exit 2) `out-dir-not-empty` when DIR exists and is not an empty
 * folder, `inside-input` when DIR lies inside the Source or the Target; {@link WriteError} (exit 5)
 * when writing fails: nothing is left in DIR's place and the Target is unchanged.
 */
export async function writeOut(options: WriteOutOptions): Promise<WriteResult> {
  try {
    return await writeOutUnchecked(options);
  } catch (error) {
    if (error instanceof CarryoverFsError || errnoCode(error) === undefined) throw error; // typed, or a bug (exit 1)
    throw new WriteError(
      `Writing ${options.outDir} failed: ${describeError(error)}. Nothing was written there; the Target is unchanged.`,
      null,
      true,
      error,
    );
  }
}

async function writeOutUnchecked(options: WriteOutOptions): Promise<WriteResult> {
  const fs = options.fs ?? nodeFs;
  const concurrency = options.concurrency ?? 16;
  const durable = options.durable ?? true;
  const outDir = await resolveThroughLinks(fs, options.outDir);
  const existing = await fs.lstat(outDir);
  if (existing !== null && (existing.kind !== 'directory' || (await fs.readdir(outDir)).length > 0)) {
    throw new WriteUsageError(
      'out-dir-not-empty',
      `The output folder ${outDir} ${existing.kind === 'directory' ? 'is not empty' : 'exists and is not a folder'}; name a new or empty folder.`,
      outDir,
    );
  }
  for (const input of [options.sourceRoot, options.targetRoot]) {
    const resolved = await resolveThroughLinks(fs, input);
    if (isInside(outDir, resolved) || isInside(resolved, outDir)) {
      throw new WriteUsageError('inside-input', `The output folder ${outDir} must not be inside, or contain, ${resolved}.`, outDir);
    }
  }

  const parent = path.dirname(outDir);
  const staging = path.join(parent, `.${path.basename(outDir)}.carryover-tmp-${newOperationId()}`);
  let stagingCreated = false;
  let placed = false;
  try {
    await makeParents(fs, parent);
    const notes = await unfinishedSiblings(fs, parent, path.basename(outDir));
    await fs.mkdir(staging);
    stagingCreated = true;
    // The check runs beside the copies, taking turns with them on this thread (both give the event
    // loop a turn every slice), and both end before anything is moved into place.
    const [copied, checked] = await Promise.allSettled([
      materializePlan(fs, options.plan, {
        sourceRoot: path.resolve(options.sourceRoot),
        targetRoot: path.resolve(options.targetRoot),
        into: staging,
        targetFiles: 'copy',
        concurrency,
        onFile: progressCounter(options.plan.size, options.onProgress),
      }),
      options.whileWriting?.(),
    ]);
    if (checked.status === 'rejected') throw checked.reason;
    if (copied.status === 'rejected') throw copied.reason;
    const files = copied.value;
    if (durable) await fs.syncTree(staging);
    try {
      await moveIntoPlace(fs, staging, outDir, existing !== null);
    } catch (error) {
      // An empty mount point cannot be renamed over (EBUSY), and what is built next to it lies on
      // another file system: build inside it instead.
      if (errnoCode(error) !== 'EBUSY' || existing === null) throw error;
      await fs.rm(staging);
      stagingCreated = false;
      await writeInsideFolder(fs, options, outDir, concurrency, durable);
      return { outDir, files, notes };
    }
    placed = true;
    if (durable) await fs.fsyncDir(parent);
    return { outDir, files, notes };
  } catch (error) {
    let leftover = '';
    // Once in place but not durable (its parent could not be fsynced), the folder goes too.
    const unfinished = placed ? outDir : stagingCreated ? staging : null;
    if (unfinished !== null) {
      try {
        await fs.rm(unfinished);
      } catch (cleanupError) {
        leftover = ` The unfinished folder ${unfinished} could not be removed (${describeError(cleanupError)}); delete it.`;
      }
    }
    if (error instanceof CarryoverFsError || errnoCode(error) === undefined) throw error; // typed (a usage error, or the check of `whileWriting`), or a bug (exit 1)
    throw new WriteError(
      `Writing ${outDir} failed: ${describeError(error)}. Nothing was written there; the Target is unchanged.${leftover}`,
      null,
      true,
      error,
    );
  }
}

/** Notes about `.<name>.carryover-tmp-<id>` folders next to DIR: what a killed `sync --out` leaves. */
async function unfinishedSiblings(fs: FsLike, parent: string, name: string): Promise<string[]> {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.carryover-tmp-[0-9a-f]{16}$`);
  return (await fs.readdir(parent))
    .filter((entry) => pattern.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((leftover) => `${path.join(parent, leftover)} looks like an unfinished output folder left by an interrupted carryover run; it was not removed (delete it once no carryover run is writing ${path.join(parent, name)}).`);
}

/** Creates `dir` and its missing parents. */
async function makeParents(fs: FsLike, dir: string): Promise<void> {
  if ((await fs.lstat(dir)) !== null) return;
  await makeParents(fs, path.dirname(dir));
  try {
    await fs.mkdir(dir);
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error; // created meanwhile: fine
  }
}

/** Renames the finished folder into place, over an empty `outDir` when there is one. */
async function moveIntoPlace(fs: FsLike, staging: string, outDir: string, replacesEmptyFolder: boolean): Promise<void> {
  try {
    await fs.rename(staging, outDir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOTEMPTY' || (code === 'EEXIST' && !replacesEmptyFolder)) {
      throw new WriteUsageError('out-dir-not-empty', `The output folder ${outDir} was filled by something else meanwhile.`, outDir);
    }
    // Windows does not rename over a folder, even an empty one: remove it first.
    if (!replacesEmptyFolder || !(code === 'EPERM' || code === 'EEXIST' || code === 'EACCES')) throw error;
    if ((await fs.readdir(outDir)).length > 0) {
      throw new WriteUsageError('out-dir-not-empty', `The output folder ${outDir} was filled by something else meanwhile.`, outDir);
    }
    await fs.rm(outDir);
    await fs.rename(staging, outDir);
  }
}

/**
 * Writes the plan into the empty folder `outDir` itself (a mount point, which cannot be renamed
 * over): built in a hidden `.carryover-tmp-<id>` inside it, made durable, then its entries renamed
 * up one level and the hidden folder removed. A failure empties `outDir` again. (A crash during the
 * renames can leave part of the result and the hidden folder: docs/reliability.md, "Long and odd
 * Targets".)
 */
async function writeInsideFolder(fs: FsLike, options: WriteOutOptions, outDir: string, concurrency: number, durable: boolean): Promise<void> {
  const inner = path.join(outDir, `.carryover-tmp-${newOperationId()}`);
  try {
    await fs.mkdir(inner);
    await materializePlan(fs, options.plan, {
      sourceRoot: path.resolve(options.sourceRoot),
      targetRoot: path.resolve(options.targetRoot),
      into: inner,
      targetFiles: 'copy',
      concurrency,
      onFile: progressCounter(options.plan.size, options.onProgress),
    });
    if (durable) await fs.syncTree(inner);
    for (const entry of await fs.readdir(inner)) await fs.rename(path.join(inner, entry.name), path.join(outDir, entry.name));
    await fs.rm(inner);
    if (durable) await fs.fsyncDir(outDir);
  } catch (error) {
    // The folder was empty: empty it again, so that no half-written output is left.
    const left: string[] = [];
    for (const entry of await fs.readdir(outDir).catch(() => [])) {
      await fs.rm(path.join(outDir, entry.name)).catch(() => left.push(path.join(outDir, entry.name)));
    }
    if (left.length > 0 && errnoCode(error) !== undefined) {
      throw Object.assign(new Error(`${describeError(error)}; could not remove ${left.join(', ')}: delete them`), { code: errnoCode(error) });
    }
    throw error;
  }
}
