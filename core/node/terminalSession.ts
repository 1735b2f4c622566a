/**
 * The session of a `sync` that asks in the terminal (docs/sessions.md, "Saved answers"): it
 * offers to resume the Target's session file, saves each answer as it is given, says where the
 * answers are and how to continue when the run ends without a commit, and retires the file to
 * `last-answers.json` after one.
 */
import * as path from 'node:path';
import type { Answer, Prompt } from '../analysis.js';
import { promptValuesKey } from '../promptKey.js';
import { matchSavedAnswers } from '../savedAnswers.js';
import { describeError } from './fsErrors.js';
import { discardSession, finishSession, readSession, sessionFiles, writeSession, type SavedAnswers, type SavedSession } from './sessionFile.js';

/** Where the session writes its lines, and how it asks its one question. */
export interface SessionIo {
  stderr: (text: string) => void;
  ask: (question: string) => Promise<string | null>;
}

export class TerminalSession {
  /** What the session file holds (and, once anything is saved, what is written to it). */
  private readonly saved: SavedAnswers;
  private written = false;
  private warnedUnwritable = false;

  private constructor(
    readonly targetRoot: string,
    readonly file: string,
    saved: SavedAnswers,
    /** True when the file's answers were resumed (or given with --answers): a commit retires it. */
    private used: boolean,
    private readonly io: SessionIo,
    /** The arguments that, with `--answers <session file>`, continue this sync. */
    private readonly continueArgs: readonly string[],
  ) {
    this.saved = saved;
  }

  /**
   * Opens the session of a Target. When `--answers` names the session file itself (the command
   * printed to continue), its answers are the session's. Otherwise a session file with answers
   * is offered: resumed (its answers are returned, to be applied where their prompt's values are
   * unchanged), or, on "n", kept as `answers.discarded-<UTC>.json` and started over. A session
   * file that breaks the format is returned as such (the caller stops: exit 3).
   */
  static async open(
    targetRoot: string,
    answersFlag: string | undefined,
    io: SessionIo,
    continueArgs: readonly string[],
  ): Promise<{ kind: 'invalid'; found: Extract<SavedSession, { kind: 'invalid' }> } | { kind: 'open'; session: TerminalSession; resumed: SavedAnswers | null }> {
    const { file } = sessionFiles(targetRoot);
    const empty = (): SavedAnswers => ({ answers: new Map(), values: new Map() });
    const found = await readSession(targetRoot);
    if (found.kind === 'invalid') return { kind: 'invalid', found };
    if (found.kind === 'none') return { kind: 'open', session: new TerminalSession(targetRoot, file, empty(), false, io, continueArgs), resumed: null };
    const copy = (): SavedAnswers => ({ answers: new Map(found.saved.answers), values: new Map(found.saved.values) });
    if (answersFlag !== undefined && path.resolve(answersFlag) === path.resolve(file)) {
      return { kind: 'open', session: new TerminalSession(targetRoot, file, copy(), true, io, continueArgs), resumed: null };
    }
    const n = found.saved.answers.size;
    if (n === 0) return { kind: 'open', session: new TerminalSession(targetRoot, file, empty(), false, io, continueArgs), resumed: null };
    io.stderr(`carryover: ${file} holds ${n} saved ${n === 1 ? 'answer' : 'answers'} of an earlier session\n`);
    const reply = (await io.ask(`resume ${n} saved ${n === 1 ? 'answer' : 'answers'}? (y = resume, n = start over; the file is kept aside) [y]: `))?.trim().toLowerCase();
    if (reply === 'n' || reply === 'no') {
      const kept = await discardSession(targetRoot);
      io.stderr(`carryover: starting over; the saved answers are kept in ${kept}\n`);
      return { kind: 'open', session: new TerminalSession(targetRoot, file, empty(), false, io, continueArgs), resumed: null };
    }
    return { kind: 'open', session: new TerminalSession(targetRoot, file, copy(), true, io, continueArgs), resumed: copy() };
  }

  /** How many answers the session holds. */
  get size(): number {
    return this.saved.answers.size;
  }

  /** Says how many resumed answers apply to these prompts, and lists the stale ones and those that match no prompt. */
  reportResumed(prompts: readonly Prompt[], resumed: SavedAnswers): void {
    const matched = matchSavedAnswers(prompts, resumed);
    this.io.stderr(`carryover: resumed ${matched.applied.size} of ${resumed.answers.size} saved answers\n`);
    for (const id of matched.stale) this.io.stderr(`carryover: stale (its prompt's values changed since; asked again): ${id}\n`);
    for (const id of matched.unknown) this.io.stderr(`carryover: saved answer matches no prompt now (kept in the file): ${id}\n`);
  }

  /** Saves one answer as it is given, with the key of its prompt's values. */
  async record(prompt: Prompt, answer: Answer): Promise<void> {
    this.saved.answers.set(prompt.id, answer);
    this.saved.values.set(prompt.id, promptValuesKey(prompt));
    this.used = true;
    try {
      await writeSession(this.targetRoot, this.saved);
      this.written = true;
    } catch (error) {
      // A read-only Target: the run goes on, the answers live only as long as it does. Said once.
      if (!this.warnedUnwritable) {
        this.warnedUnwritable = true;
        this.io.stderr(`carryover: cannot save the answers in ${this.file} (${describeError(error)}); going on without saving them\n`);
      }
    }
  }

  /**
   * The run ends without a commit: says where the answers are and the exact command that goes on
   * from them. Nothing when the session holds no saved file.
   */
  reportKept(): void {
    if (!this.written && !this.used) return;
    const n = this.size;
    this.io.stderr(`carryover: ${n} ${n === 1 ? 'answer is' : 'answers are'} saved in ${this.file}; to continue:\n`);
    this.io.stderr(`  carryover sync ${[...this.continueArgs, '--answers', this.file].map(shellQuote).join(' ')}\n`);
  }

  /** After a commit: the session file becomes `last-answers.json` (when this run used it). */
  async finish(): Promise<string | null> {
    if (!this.used && !this.written) return null;
    return finishSession(this.targetRoot);
  }
}

/**
 * Puts the answers resumed from a session file into `answers`: they are the latest given, so they
 * replace those of `--answers` for the same prompt; `answerValues` gets the key each was saved with
 * (an answer whose prompt's values changed since is then stale: docs/sessions.md).
 */
export function applyResumed(resumed: SavedAnswers | null, answers: Map<string, Answer>, answerValues: Map<string, string>): void {
  for (const [id, given] of resumed?.answers ?? []) {
    answers.set(id, given);
    const key = resumed?.values.get(id);
    if (key === undefined) answerValues.delete(id);
    else answerValues.set(id, key);
  }
}

/**
 * What saves each answer given in the terminal as it is given (`askInTerminal`'s `onAnswer`): it is
 * for the prompt as it is now, so any key it had in `answerValues` goes, and the session (when
 * there is one) records it.
 */
export function answerSaver(session: TerminalSession | null, answerValues: Map<string, string>): (prompt: Prompt, answer: Answer) => Promise<void> {
  return async (prompt, answer) => {
    answerValues.delete(prompt.id);
    await session?.record(prompt, answer);
  };
}

/** An argument as a POSIX shell reads it back: bare when it is plain, else in single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
