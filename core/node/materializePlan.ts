import * as path from 'node:path';
import type { OutputFile, OutputPlan } from '../analysis.js';
import { assertNever } from '../model.js';
import { serializeDocument } from '../serialize.js';
import { ancestorFolders, createFolders, linkOrCopy, type FileTransfer } from './copyTree.js';
import { joinUnder } from './joinUnder.js';
import { mapLimit } from './mapLimit.js';
import type { FsLike } from './nodeFs.js';
import { CarryoverBug } from '../bug.js';

/** Options of {@link materializePlan}. */
export interface MaterializePlanOptions {
  sourceRoot: string;
  targetRoot: string;
  /** The existing (empty) folder to write the configuration into. */
  into: string;
  /** How the Target's unchanged files are reproduced: `link` only when the Target is replaced by the result. */
  targetFiles: FileTransfer;
  concurrency: number;
  /** Called after each file written (for a progress display). */
  onFile?: () => void;
}

/**
 * Checks that a plan path is a plain relative path inside the configuration: `/`-separated
 * segments, none empty, `.`, `..` or starting with a dot (dot-entries are not part of a
 * configuration), no backslash. A plan that breaks this is a bug, never user input.
 */
export function assertPlanPath(relative: string): void {
  const segments = relative.split('/');
  const bad = segments.some((s) => s === '' || s.startsWith('.') || s.includes('\\') || s.includes('\0'));
  if (bad || path.isAbsolute(relative) || /^[A-Za-z]:/.test(relative)) {
    throw new CarryoverBug(`invalid path in the output plan: ${JSON.stringify(relative)}`);
  }
}

/**
 * Writes the configuration an output plan describes into `into`: the Target's and the Source's
 * unchanged files byte for byte (a byte-order mark included), new and changed documents with
 * `serializeDocument` as UTF-8 without a byte-order mark. Folders are created parents first, then
 * files `concurrency` at a time. Nothing is fsynced: callers make the whole tree durable at once
 * (`FsLike.syncTree`). Returns the number of files written.
 */
export async function materializePlan(
  fs: FsLike,
  plan: OutputPlan,
  options: MaterializePlanOptions,
): Promise<number> {
  const paths = [...plan.keys()].sort();
  for (const relative of paths) assertPlanPath(relative);
  await createFolders(fs, options.into, ancestorFolders(paths), options.concurrency);
  // Unchanged files are copied by `fs.copyFiles` where it exists (on a thread of its own), while
  // this thread writes the changed documents; both end before this returns or throws.
  const copies: [from: string, to: string][] = [];
  const rest: [relative: string, file: OutputFile][] = [];
  const inSource = joinUnder(options.sourceRoot);
  const inTarget = joinUnder(options.targetRoot);
  const into = joinUnder(options.into);
  for (const relative of paths) {
    const file = plan.get(relative);
    if (file === undefined) throw new CarryoverBug(`output plan lost ${relative}`);
    const copyFrom = file.kind === 'source' ? inSource : file.kind === 'target' && options.targetFiles === 'copy' ? inTarget : null;
    if (fs.copyFiles !== undefined && copyFrom !== null) copies.push([copyFrom(relative), into(relative)]);
    else rest.push([relative, file]);
  }
  const stop = new AbortController();
  const [copied, written] = await Promise.allSettled([
    copies.length > 0 && fs.copyFiles !== undefined ? fs.copyFiles(copies, { onFile: options.onFile, signal: stop.signal }) : Promise.resolve(),
    mapLimit(rest, options.concurrency, async ([relative, file]) => {
      const to = into(relative);
      switch (file.kind) {
        case 'target': {
          const from = inTarget(relative);
          if (options.targetFiles === 'link') await linkOrCopy(fs, from, to);
          else await fs.copyFile(from, to);
          break;
        }
        case 'source':
          await fs.copyFile(inSource(relative), to);
          break;
        case 'write':
          await fs.writeFile(to, Buffer.from(serializeDocument(file.doc, file.keyOrder), 'utf8'), { exclusive: true, durable: false });
          break;
        default:
          assertNever(file);
      }
      options.onFile?.();
    }).catch((error: unknown) => {
      stop.abort(error);
      throw error;
    }),
  ]);
  if (written.status === 'rejected') throw written.reason;
  if (copied.status === 'rejected') throw copied.reason;
  return paths.length;
}
