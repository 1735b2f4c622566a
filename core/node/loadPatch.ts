import type { Configuration } from '../model.js';
import { parsePatch, patchObjectIds, patchObjectsMissingFrom, type Patch } from '../parsePatch.js';
import type { Problem } from '../problems.js';
import { readText } from './loadInputs.js';

/** A patch file read and parsed, with the object ids a synchronization processes. */
export interface LoadedPatch {
  file: string;
  patch: Patch;
  /** `objectId`s of the patch's objects: `SyncInput.patch`. */
  ids: ReadonlySet<string>;
}

/** Reads and parses a patch file (docs/patches.md), or returns every problem of it (exit 3). */
export async function loadPatch(file: string, maxFileSize?: number): Promise<{ ok: true; loaded: LoadedPatch } | { ok: false; problems: Problem[] }> {
  const text = await readText(file, maxFileSize);
  if (typeof text !== 'string') return text;
  const parsed = parsePatch(text, file);
  if (!parsed.ok) return parsed;
  return { ok: true, loaded: { file, patch: parsed.patch, ids: patchObjectIds(parsed.patch) } };
}

/** The patch's objects that the Source has no version of, one problem each (exit 3). */
export function missingFromSource(loaded: LoadedPatch, source: Configuration): Problem[] {
  return patchObjectsMissingFrom(loaded.patch, source, loaded.file);
}
