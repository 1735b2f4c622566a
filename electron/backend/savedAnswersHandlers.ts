/**
 * The back end of saved answers in the app (docs/sessions.md, "Saved answers"): every answer is
 * saved as it is given in the Target's session file `.carryover/answers.json`; opening the pair
 * again offers to resume it; "Start over" keeps it aside; a commit retires it. The same core and
 * core/node functions as the CLI's terminal session.
 */
import type { Answer } from '../../core/analysis.js';
import { describeError } from '../../core/node/fsErrors.js';
import { discardSession, finishSession, readSession, sessionFiles, writeSession, type SavedAnswers } from '../../core/node/sessionFile.js';
import type { Problem } from '../../core/problems.js';
import { promptValuesKey } from '../../core/promptKey.js';
import { matchSavedAnswers } from '../../core/savedAnswers.js';
import type { ApiError, RequestOf, ResponseOf, SidedProblem } from '../contract.js';
import type { Session } from './session.js';

type SavedAnswersChannel = 'answers:saved' | 'answers:resume' | 'answers:discard' | 'answers:save' | 'app:unsaved';
type Fail = (code: ApiError['code'], message: string, problems?: SidedProblem[]) => never;

/** What the back end knows of the opened Target's session file. */
interface SavedState {
  targetRoot: string;
  file: string;
  /**
   * Saved answers not (yet) in the renderer's answers: all of the file until it is resumed, then
   * the stale ones and those matching no prompt. Every save writes them along, so none is lost.
   */
  carried: SavedAnswers;
  /** The file breaks the answers-file format: it is left as it is, and nothing is saved over it. */
  problems: Problem[] | null;
  /** The analysis a commit was made from: answers saved after it would be offered again, so none are. */
  committed: unknown;
  /**
   * The analysis `carried` was last matched against. A new analysis starts the renderer's answers
   * afresh, so the file is read again: the answers given before stay in it (and are offered again).
   */
  analysis: unknown;
}

const states = new WeakMap<Session, SavedState>();
/** The key of a prompt's values, computed once per prompt of an analysis (a save follows every answer). */
const keys = new WeakMap<object, string>();
const keyOf = (prompt: Parameters<typeof promptValuesKey>[0]): string => {
  let key = keys.get(prompt);
  if (key === undefined) keys.set(prompt, (key = promptValuesKey(prompt)));
  return key;
};
const unsaved = new WeakMap<Session, boolean>();

/** True when the renderer reported answers or an edit not saved yet (Electron asks before closing). */
export function hasUnsavedWork(session: Session): boolean {
  return unsaved.get(session) === true;
}

/**
 * Whether a window may close: yes without unsaved work; otherwise what the person answers to
 * `confirm` (docs/sessions.md). Electron's main process calls it from the window's `close` event.
 */
export function mayCloseWindow(session: Session, confirm: (message: string) => boolean): boolean {
  if (!hasUnsavedWork(session)) return true;
  return confirm('Some answers or an edit are not saved yet. Close anyway and lose them?');
}

const empty = (): SavedAnswers => ({ answers: new Map(), values: new Map() });

/** Reads the session file of the opened Target into the session's state. */
async function loadState(session: Session, targetRoot: string): Promise<SavedState> {
  const found = await readSession(targetRoot);
  const state: SavedState = {
    targetRoot,
    file: found.file,
    carried: found.kind === 'saved' ? found.saved : empty(),
    problems: found.kind === 'invalid' ? found.problems : null,
    committed: null,
    analysis: session.analysis,
  };
  states.set(session, state);
  return state;
}

/**
 * After a commit: the session file becomes `last-answers.json` and no more answers are saved for
 * this analysis. Returns the new path, or null when there was none.
 */
export async function retireSavedAnswers(session: Session, targetRoot: string): Promise<string | null> {
  const state = states.get(session);
  if (state !== undefined && state.targetRoot === targetRoot) {
    state.committed = session.analysis;
    state.carried = empty();
  }
  return finishSession(targetRoot);
}

/** The handlers of the saved answers' channels; `fail` throws the API error (handlers.ts). */
export function savedAnswersHandlers(fail: Fail): { [C in SavedAnswersChannel]: (session: Session, request: RequestOf<C>) => Promise<ResponseOf<C>> } {
  const pairOf = (session: Session) => session.pair ?? fail('no-configurations', 'Open a Source and a Target first.');
  const stateOf = async (session: Session): Promise<SavedState> => {
    const targetRoot = pairOf(session).targetRoot;
    const state = states.get(session);
    if (state === undefined || state.targetRoot !== targetRoot) return loadState(session, targetRoot);
    if (state.analysis !== session.analysis && state.committed !== session.analysis) {
      const committed = state.committed;
      const fresh = await loadState(session, targetRoot);
      fresh.committed = committed;
      return fresh;
    }
    return state;
  };
  const invalid = (state: SavedState): never =>
    fail(
      'invalid-answers',
      `The saved answers ${state.file} are not a valid answers file; nothing is saved over it. Move it away or fix it, then open the pair again.`,
      (state.problems ?? []).map((p) => ({ side: 'answers' as const, ...p })),
    );

  return {
    'answers:saved': async (session) => {
      // Read afresh: the file may have been written by the CLI, or another window, since.
      const state = await loadState(session, pairOf(session).targetRoot);
      if (state.problems !== null) invalid(state);
      return { file: state.file, count: state.carried.answers.size };
    },

    'answers:resume': async (session) => {
      const analysis = session.analysis ?? fail('no-analysis', 'Analyze first.');
      const state = await stateOf(session);
      if (state.problems !== null) invalid(state);
      const matched = matchSavedAnswers(analysis.view.prompts, state.carried);
      // The applied answers are the renderer's now; the others stay carried, written with every save.
      for (const id of matched.applied.keys()) {
        state.carried.answers.delete(id);
        state.carried.values.delete(id);
      }
      return { applied: Object.fromEntries(matched.applied), stale: matched.stale, unknown: matched.unknown };
    },

    'answers:discard': async (session) => {
      const state = await stateOf(session);
      const keptAs = await discardSession(state.targetRoot);
      state.carried = empty();
      state.problems = null;
      return { keptAs };
    },

    'answers:save': async (session, { answers }) => {
      const state = await stateOf(session);
      if (state.problems !== null) return { file: state.file, saved: false, problem: `${state.file} is not a valid answers file: nothing was saved over it.` };
      if (session.analysis !== null && state.committed === session.analysis) return { file: state.file, saved: false, problem: null };
      const prompts = new Map((session.analysis?.view.prompts ?? []).map((p) => [p.id, p]));
      const saved = empty();
      for (const [id, answer] of Object.entries(answers) as [string, Answer][]) {
        saved.answers.set(id, answer);
        const prompt = prompts.get(id);
        if (prompt !== undefined) saved.values.set(id, keyOf(prompt));
      }
      for (const [id, answer] of state.carried.answers) {
        if (saved.answers.has(id)) continue;
        saved.answers.set(id, answer);
        const key = state.carried.values.get(id);
        if (key !== undefined) saved.values.set(id, key);
      }
      const { file } = sessionFiles(state.targetRoot);
      if (saved.answers.size === 0 && (await readSession(state.targetRoot)).kind === 'none') return { file, saved: true, problem: null };
      try {
        await writeSession(state.targetRoot, saved);
        return { file, saved: true, problem: null };
      } catch (error) {
        // A read-only Target: the answers stay in the app; the renderer says so once.
        return { file, saved: false, problem: `The answers cannot be saved in ${file} (${describeError(error)}); they are kept only while the app is open.` };
      }
    },

    'app:unsaved': async (session, { unsaved: flag }) => {
      unsaved.set(session, flag);
      return {};
    },
  };
}
