import type { Analysis, OutputPlan } from './analysis.js';
import { CarryoverBug } from './bug.js';
import { objectId, parseScopeId, splitId } from './ids.js';
import type { Configuration, ScopeId, VersionFile } from './model.js';
import { assertNever } from './model.js';
import type { Options } from './options.js';
import type { PendingIndex } from './pendingIndex.js';
import { compareStrings } from './problems.js';
import { promptValuesKey } from './promptKey.js';
import type { LeaveVersion } from './synchronize.js';

/** What phase 2 merges: the pending objects only, with the old target base put back. */
export interface ResumeInput {
  /** The pending objects' current base versions (phase 1 installed them): the source base. */
  source: Configuration;
  /** The pending objects: their old target bases (saved by phase 1) and their customized versions as the Target has them now. */
  target: Configuration;
  /** Every customized version of those objects that is not pending: phase 1 merged it already. */
  leave: ReadonlyMap<string, LeaveVersion>;
}

/** True when versions at `scope` are base versions under the base level (what the Source replaces). */
function isBaseScope(scope: ScopeId, baseLevel: Options['baseLevel']): boolean {
  const kind = parseScopeId(scope).kind;
  switch (baseLevel) {
    case 'vendor':
      return kind === 'vendor';
    case 'site':
      return kind === 'vendor' || kind === 'site';
    case 'group':
      return kind !== 'user';
    default:
      return assertNever(baseLevel);
  }
}

/**
 * The synchronization input of phase 2 (docs/sessions.md, "Pending prompts (phase 1 and phase
 * 2)"): for each pending version, customized = the version now in the Target, target base = the
 * old base phase 1 saved, source base = the Target's current base. Only the pending objects take
 * part; their other customized versions are `settled` (left as they are, but still what the users
 * below them would otherwise get, so redundancy is judged as in one sitting). Returns the ids of
 * pending versions the Target or the saved bases no longer hold, when there are any.
 */
export function resumeInput(current: Configuration, savedBases: Configuration, index: PendingIndex, options: Options): ResumeInput | { missing: string[] } {
  const pendingIds = new Set(index.versions.map((v) => v.id));
  const objects = new Set(index.versions.map((v) => splitId(v.id).object));
  const savedPaths = new Set(index.versions.map((v) => v.base));
  const missing: string[] = [];
  for (const version of index.versions) {
    const file = current.files.get(version.path);
    if (file === undefined || `${objectId(file.object)}@${file.scope}` !== version.id || !savedBases.files.has(version.base)) missing.push(version.id);
  }
  if (missing.length > 0) return { missing: missing.sort(compareStrings) };

  const sourceFiles = new Map<string, VersionFile>();
  const targetFiles = new Map<string, VersionFile>();
  const leave = new Map<string, LeaveVersion>();
  for (const file of current.files.values()) {
    if (!objects.has(objectId(file.object))) continue;
    if (isBaseScope(file.scope, options.baseLevel)) {
      sourceFiles.set(file.path, file);
      targetFiles.set(file.path, savedPaths.has(file.path) ? (savedBases.files.get(file.path) as VersionFile) : file);
    } else {
      targetFiles.set(file.path, file);
      const id = `${objectId(file.object)}@${file.scope}`;
      if (!pendingIds.has(id)) leave.set(id, 'settled');
    }
  }
  // An old base whose object the vendor dropped at phase 1 has no current base: the target keeps it.
  for (const path of savedPaths) if (!targetFiles.has(path)) targetFiles.set(path, savedBases.files.get(path) as VersionFile);
  return {
    source: { root: current.root, meta: current.meta, files: sourceFiles },
    target: { root: current.root, meta: current.meta, files: targetFiles },
    leave,
  };
}

/**
 * The pending versions whose prompts no longer have the three values phase 1 saved (the version,
 * its base or the new base changed by hand since), or whose prompts are not the same ones: phase 2
 * must not ask about values nobody saw. Sorted.
 */
export function changedPendingVersions(index: PendingIndex, analysis: Pick<Analysis, 'prompts'>): string[] {
  const now = new Map<string, Map<string, string>>();
  for (const prompt of analysis.prompts) {
    const version = splitId(prompt.id).version;
    let keys = now.get(version);
    if (!keys) now.set(version, (keys = new Map()));
    keys.set(prompt.id, promptValuesKey(prompt));
  }
  const changed: string[] = [];
  for (const version of index.versions) {
    const keys = now.get(version.id) ?? new Map<string, string>();
    const same = keys.size === version.prompts.length && version.prompts.every((p) => keys.get(p.id) === p.key);
    if (!same) changed.push(version.id);
  }
  return changed.sort(compareStrings);
}

/**
 * The plan of phase 2: the Target as it is, except each pending version's file, which takes what
 * the merge of {@link resumeInput} gives it (written, kept, or deleted). Base files are never
 * touched: the Target's are already the Source's.
 */
export function resumePlan(current: Configuration, merged: OutputPlan, index: PendingIndex): OutputPlan {
  const plan: OutputPlan = new Map();
  plan.set('configuration.json', { kind: 'target' });
  for (const path of current.files.keys()) plan.set(path, { kind: 'target' });
  for (const version of index.versions) {
    const output = merged.get(version.path);
    if (output === undefined) plan.delete(version.path);
    else if (output.kind === 'source') throw new CarryoverBug(`phase 2 planned the source base for the customized version ${version.path}`);
    else plan.set(version.path, output);
  }
  return plan;
}
