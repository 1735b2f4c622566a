import { renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Answer } from '../analysis.js';
import type { Configuration } from '../model.js';
import {
  PENDING_BASES,
  PENDING_FOLDER,
  PENDING_INDEX,
  parsePendingIndex,
  pendingPromptCount,
  serializePendingIndex,
  withAnswers,
  type PendingIndex,
} from '../pendingIndex.js';
import type { Problem } from '../problems.js';
import { errnoCode } from './fsErrors.js';
import { loadConfiguration } from './loadConfiguration.js';
import { newOperationId } from './targetPaths.js';

/** The pending state of a Target, as read from its `.carryover/pending/` folder. */
export type PendingState = { kind: 'none' } | { kind: 'pending'; index: PendingIndex; file: string } | { kind: 'invalid'; problems: Problem[] };

/** The pending index's file of a Target. */
export function pendingIndexFile(targetRoot: string): string {
  return path.join(targetRoot, '.carryover', ...PENDING_INDEX.split('/'));
}

/** Reads a Target's pending state (docs/sessions.md, "Pending prompts (phase 1 and phase 2)"). */
export async function readPendingState(targetRoot: string): Promise<PendingState> {
  const file = pendingIndexFile(targetRoot);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'none' };
    return { kind: 'invalid', problems: [{ code: 'unreadable', file, pointer: '', message: `cannot be read (${code ?? String(error)})` }] };
  }
  const parsed = parsePendingIndex(text, file);
  return parsed.ok ? { kind: 'pending', index: parsed.index, file } : { kind: 'invalid', problems: parsed.problems };
}

/**
 * Why a sync must not run on this Target, or `null`: its pending prompts are answered by
 * `carryover resume` first, since a new sync would replace the base they were asked against.
 */
export function pendingRefusal(state: PendingState, targetRoot: string): string | null {
  switch (state.kind) {
    case 'none':
      return null;
    case 'invalid':
      return `this Target has a pending state from an upgrade (${pendingIndexFile(targetRoot)}) that cannot be read: run carryover resume --target ${targetRoot} to see why`;
    case 'pending': {
      const n = pendingPromptCount(state.index);
      return `this Target has ${n} pending ${n === 1 ? 'prompt' : 'prompts'} from an upgrade on ${state.index.time}: run carryover resume --target ${targetRoot} first`;
    }
  }
}

/** Reads the old target bases phase 1 saved, as the configuration they form. */
export async function loadSavedBases(targetRoot: string, maxFileSize?: number): Promise<{ ok: true; configuration: Configuration } | { ok: false; problems: Problem[] }> {
  const loaded = await loadConfiguration(path.join(targetRoot, '.carryover', ...PENDING_BASES.split('/')), { maxFileSize });
  return loaded.ok ? { ok: true, configuration: loaded.configuration } : { ok: false, problems: loaded.problems };
}

/**
 * The files of the pending state, relative to `.carryover/`, for the in-place commit of phase 1
 * (so that the Target and its pending state are replaced together): the index, and the old base
 * of each pending version byte for byte with the Target's `configuration.json`, as a configuration
 * folder of their own. Read from the Target as it is before phase 1 (the caller holds its lock).
 */
export async function pendingRecords(index: PendingIndex, targetRoot: string): Promise<Map<string, string>> {
  const records = new Map<string, string>();
  records.set(PENDING_INDEX, serializePendingIndex(index));
  const bases = [...new Set(['configuration.json', ...index.versions.map((v) => v.base)])].sort();
  for (const relative of bases) {
    // Configuration files are strict UTF-8 (they were validated), so the text gives back the same bytes.
    records.set(`${PENDING_BASES}/${relative}`, await readFile(path.join(targetRoot, ...relative.split('/')), 'utf8'));
  }
  return records;
}

/** The folder of `.carryover/` that holds the pending state (dropped by phase 2's commit). */
export const PENDING_RECORDS_FOLDER = PENDING_FOLDER;

/**
 * Answers of phase 2 that are saved into the pending index as each is given (docs/sessions.md):
 * Ctrl+C, an error or a closed terminal loses none of them. Each save replaces the index
 * atomically (a temporary file renamed over it).
 */
export class SavedAnswers extends Map<string, Answer> {
  constructor(
    entries: Iterable<readonly [string, Answer]>,
    private readonly index: PendingIndex,
    private readonly file: string,
  ) {
    super();
    for (const [id, answer] of entries) super.set(id, answer);
    this.saving = true;
  }

  private saving = false;

  override set(id: string, answer: Answer): this {
    super.set(id, answer);
    if (this.saving) {
      const temporary = `${this.file}.${newOperationId()}.tmp`;
      writeFileSync(temporary, serializePendingIndex(withAnswers(this.index, this)));
      renameSync(temporary, this.file);
    }
    return this;
  }
}
