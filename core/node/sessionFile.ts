/**
 * The session file `<Target>/.carryover/answers.json` (docs/sessions.md, "Saved answers"): every
 * answer a person gives, in the CLI's terminal or in the app, saved as it is given, so that a
 * reload, a crash or Ctrl+C loses none of them. It is an answers file with `values` (replayable
 * with `--answers`).
 */
import * as path from 'node:path';
import type { Answer } from '../analysis.js';
import { parseAnswers } from '../parseAnswers.js';
import type { Problem } from '../problems.js';
import { backupStamp } from './commitInPlace.js';
import { errnoCode } from './fsErrors.js';
import { nodeFs, type FsLike } from './nodeFs.js';
import { newOperationId } from './targetPaths.js';

/** Saved answers: answers by prompt id in the order given, and the key of each one's prompt values. */
export interface SavedAnswers {
  answers: Map<string, Answer>;
  values: Map<string, string>;
}

/** What a Target's session file holds: nothing, saved answers, or a file that breaks the format. */
export type SavedSession =
  | { kind: 'none'; file: string }
  | { kind: 'saved'; file: string; saved: SavedAnswers }
  | { kind: 'invalid'; file: string; problems: Problem[] };

/** The session file of a Target, and where a committed session goes. */
export function sessionFiles(targetRoot: string): { dir: string; file: string; last: string } {
  const dir = path.join(targetRoot, '.carryover');
  return { dir, file: path.join(dir, 'answers.json'), last: path.join(dir, 'last-answers.json') };
}

/** Reads a Target's session file. */
export async function readSession(targetRoot: string, fs: FsLike = nodeFs): Promise<SavedSession> {
  const { file } = sessionFiles(targetRoot);
  let text: string;
  try {
    text = (await fs.readFile(file)).toString('utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return { kind: 'none', file };
    throw error;
  }
  const parsed = parseAnswers(text, file);
  if (!parsed.ok) return { kind: 'invalid', file, problems: parsed.problems };
  return { kind: 'saved', file, saved: { answers: parsed.answers, values: parsed.values } };
}

/**
 * The bytes of a session file: `{"answers": ..., "values": ...}`, answers in the order given,
 * `values` in the same order (only answers that have one). Same answers, same bytes.
 */
export function serializeSession(saved: SavedAnswers): string {
  const answers: Record<string, Answer> = {};
  const values: Record<string, string> = {};
  for (const [id, answer] of saved.answers) {
    answers[id] = answer;
    const key = saved.values.get(id);
    if (key !== undefined) values[id] = key;
  }
  return `${JSON.stringify({ answers, values }, null, 2)}\n`;
}

/**
 * Writes a Target's session file atomically: a temporary file beside it, fsynced, renamed over
 * it, as the other `.carryover/` records are written. A crash leaves the previous file or the new
 * one, never a torn one. Throws when the Target cannot be written (read-only); the caller says so.
 */
export async function writeSession(targetRoot: string, saved: SavedAnswers, fs: FsLike = nodeFs): Promise<string> {
  const { dir, file } = sessionFiles(targetRoot);
  if ((await fs.lstat(dir)) === null) {
    await fs.mkdir(dir).catch((error: unknown) => {
      if (errnoCode(error) !== 'EEXIST') throw error;
    });
  }
  const temporary = `${file}.tmp-${newOperationId()}`;
  try {
    await fs.writeFile(temporary, serializeSession(saved), { exclusive: true, durable: true });
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary).catch(() => undefined);
    throw error;
  }
  return file;
}

/**
 * After a successful commit: renames the session file to `last-answers.json` (replacing an older
 * one), so that the next session does not offer answers already committed, while they stay
 * replayable with `--answers`. Returns the new path, or `null` when there was no session file.
 */
export async function finishSession(targetRoot: string, fs: FsLike = nodeFs): Promise<string | null> {
  const { file, last } = sessionFiles(targetRoot);
  if ((await fs.lstat(file)) === null) return null;
  await fs.rename(file, last);
  return last;
}

/**
 * "Start over": keeps the session file as `answers.discarded-<YYYYMMDDTHHMMSSZ>.json` (UTC; `-2`,
 * `-3`, ... on a collision), never deleting a person's answers. Returns the new path, or `null`
 * when there was no session file.
 */
export async function discardSession(targetRoot: string, now: Date = new Date(), fs: FsLike = nodeFs): Promise<string | null> {
  const { dir, file } = sessionFiles(targetRoot);
  if ((await fs.lstat(file)) === null) return null;
  const stamp = backupStamp(now);
  for (let n = 1; ; n++) {
    const kept = path.join(dir, `answers.discarded-${stamp}${n === 1 ? '' : `-${n}`}.json`);
    if ((await fs.lstat(kept)) !== null) continue;
    await fs.rename(file, kept);
    return kept;
  }
}
