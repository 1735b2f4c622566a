import type { StateCreator } from 'zustand';
import type { CarryoverApi } from '../../../electron/contract.js';
import type { AppState, AppStore } from './appStore.js';

/** What the last resume did: how many saved answers it applied, and which it could not. */
export interface ResumeOutcome {
  applied: number;
  /** Saved for other values of their prompt (docs/sessions.md): listed, kept in the file, not applied. */
  stale: string[];
  /** Matching no prompt of this analysis. */
  unknown: string[];
}

/**
 * Saved answers (docs/sessions.md, "Saved answers"): every answer is saved beside the Target as it
 * is given; opening the pair again offers to resume them. The store saves one request at a time,
 * always the latest answers.
 */
export interface SavedAnswersSlice {
  /** The Target holds saved answers of an earlier session, not resumed nor discarded yet. */
  savedOffer: { file: string; count: number } | null;
  resumeOutcome: ResumeOutcome | null;
  /** `saving`: a save in flight (or one more queued); `failed`: the last one did not save. */
  saveStatus: 'saved' | 'saving' | 'failed';
  /** Why answers could not be saved (a read-only Target), said once. */
  saveProblem: string | null;
  /** An Edit buffer is open with changes not applied. */
  editDirty: boolean;
  /** Asks the back end whether the opened Target has saved answers (after a pair opens). */
  checkSavedAnswers(): Promise<void>;
  /** Analyzes (when not yet done) and applies the saved answers whose prompt kept its values. */
  resumeSavedAnswers(): Promise<boolean>;
  /** Keeps the saved answers aside (`answers.discarded-<UTC>.json`) and starts over. */
  startOver(): Promise<void>;
  /** Saves the current answers (called on every change of them). */
  saveAnswers(): Promise<void>;
  setEditDirty(dirty: boolean): void;
  dismissResumeOutcome(): void;
}

/** True when leaving now would lose work: a save in flight or failed with answers, or an Edit buffer with changes. */
export function selectUnsavedWork(state: AppState): boolean {
  if (state.editDirty) return true;
  if (state.analysis === null || state.analysis === state.spentAnalysis || state.outcome !== null) return false;
  return state.saveStatus === 'saving' || (state.saveStatus === 'failed' && Object.keys(state.answers).length > 0);
}

export const createSavedAnswersSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], SavedAnswersSlice> =>
  (set, get) => {
    let inFlight: Promise<void> | null = null;
    let again = false;

    /** One save of the answers as they are now; the status it leaves, unless a newer save follows. */
    const saveOnce = async (): Promise<'saved' | 'failed'> => {
      const result = await api.answers.save({ answers: get().answers });
      if (!result.ok) {
        get().showError(result.error);
        return 'failed';
      }
      const problem = result.value.problem;
      if (result.value.saved || problem === null) return 'saved';
      // Said once, as a banner; the answers stay in the app (and leaving the page asks first).
      if (get().saveProblem === null) {
        get().showInfo(problem);
        set({ saveProblem: problem });
      }
      return 'failed';
    };

    return {
      savedOffer: null,
      resumeOutcome: null,
      saveStatus: 'saved',
      saveProblem: null,
      editDirty: false,

      checkSavedAnswers: async () => {
        set({ savedOffer: null, resumeOutcome: null, saveProblem: null, saveStatus: 'saved' });
        const result = await api.answers.saved({});
        if (!result.ok) {
          get().showError(result.error);
          return;
        }
        if (result.value.count > 0) set({ savedOffer: result.value });
      },

      resumeSavedAnswers: async () => {
        if (get().savedOffer === null) return false;
        // A Target with pending prompts: the answers saved were given to those (Complete an upgrade, docs/sessions.md).
        if (get().analysis === null && !(await (get().pair?.pending ? get().openUpgrade() : get().startAnalysis()))) return false;
        const result = await api.answers.resume({});
        if (!result.ok) {
          get().showError(result.error);
          return false;
        }
        const { applied, stale, unknown } = result.value;
        set((s) => ({ answers: { ...s.answers, ...applied }, savedOffer: null, resumeOutcome: { applied: Object.keys(applied).length, stale, unknown }, outcome: null }));
        get().refreshDetail();
        return true;
      },

      startOver: async () => {
        const result = await api.answers.discard({});
        if (!result.ok) {
          get().showError(result.error);
          return;
        }
        set({ savedOffer: null, resumeOutcome: null });
        if (result.value.keptAs !== null) get().showInfo(`Starting over. The saved answers are kept in ${result.value.keptAs}.`);
      },

      saveAnswers: async () => {
        if (inFlight !== null) {
          again = true;
          return inFlight;
        }
        set({ saveStatus: 'saving' });
        inFlight = (async () => {
          try {
            let status: 'saved' | 'failed';
            do {
              again = false;
              status = await saveOnce();
            } while (again);
            set({ saveStatus: status });
          } finally {
            inFlight = null;
          }
        })();
        return inFlight;
      },

      setEditDirty: (editDirty) => set({ editDirty }),
      dismissResumeOutcome: () => set({ resumeOutcome: null }),
    };
  };

/**
 * Wires saved answers to the rest of the store: every change of the answers of an analysis is
 * saved; closing an editor ends its unsaved changes; and the back end hears whether there is
 * unsaved work (the desktop asks before closing the window).
 */
export function connectSavedAnswers(store: AppStore, api: CarryoverApi): void {
  let unsaved = false;
  store.subscribe((state, previous) => {
    if (state.answers !== previous.answers && state.analysis !== null && state.analysis === previous.analysis) void state.saveAnswers();
    if (state.editing === null && previous.editing !== null && state.editDirty) state.setEditDirty(false);
    if (state.pair !== previous.pair && state.pair !== null) void state.checkSavedAnswers();
    // A new analysis starts the answers afresh: the saved ones (those given before it too) are offered again.
    else if (state.analysis !== previous.analysis && state.analysis !== null && previous.analysis !== null && state.savedOffer === null) void state.checkSavedAnswers();
    const now = selectUnsavedWork(store.getState());
    if (now !== unsaved) {
      unsaved = now;
      void api.app.unsaved({ unsaved: now });
    }
  });
}
