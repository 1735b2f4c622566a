import type { StateCreator } from 'zustand';
import type { Answer } from '../../../../core/analysis.js';
import { givenAnswer, reuseAnswers, type GivenAnswer } from '../../../../core/reuseAnswers.js';
import type { AnswerMap, CarryoverApi } from '../../../../electron/contract.js';
import type { AppState } from '../../store/appStore.js';
import { selectPromptsLeft } from '../../store/selectors.js';

/** Where one Target of a run into several stands (docs/app.md, "Several Targets"). */
export type TargetStatus = 'waiting' | 'open' | 'committed' | 'not-committed';

/** One Target of the list: its folder, where it stands, and what its last visit did. */
export interface TargetEntry {
  root: string;
  status: TargetStatus;
  /** A sentence: where it was written, or how many prompts were left. */
  detail: string;
}

/**
 * Several Targets for one Source (docs/app.md, "Several Targets"): a list of Targets with their
 * status; opening one runs the existing screens on it, and the answers given for the Targets
 * opened before answer its prompts with the same three values (core/reuseAnswers.ts, the rule
 * the CLI uses).
 */
export interface TargetsSlice {
  /** Empty until a second Target is added; then every Target, the open one included, in order. */
  targets: TargetEntry[];
  /** The answers given for the Targets left so far, oldest first. */
  answerPool: GivenAnswer[];
  /** Prompt id → the Target whose answer was reused for it, in the open Target. */
  reusedFrom: Record<string, { from: string; answer: Answer }>;
  /** Prompts answered with *Apply to similar prompts*: their answers answer similar prompts of later Targets too. */
  appliedToSimilar: string[];
  /** Adds a Target folder (typed or picked) to the list; `false` with a banner when it cannot be added. */
  addTarget(folder: string): Promise<boolean>;
  /** Leaves the open Target (keeping its answers for the next) and opens `root`, analyzes it, and reuses answers. */
  openTarget(root: string): Promise<boolean>;
}

export const createTargetsSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], TargetsSlice> =>
  (set, get) => {
    /** The open Target's entry, brought up to date with its commit. */
    const leave = (): TargetEntry[] => {
      const state = get();
      const current = state.pair?.target.root;
      return state.targets.map((entry) => {
        if (entry.root !== current) return entry;
        if (state.outcome !== null) return { ...entry, status: 'committed', detail: `written to ${state.outcome.written}` };
        const left = state.analysis ? selectPromptsLeft(state) : null;
        return { ...entry, status: 'not-committed', detail: left === null ? 'not analyzed' : left > 0 ? `${left} prompts left` : 'every prompt answered; not committed' };
      });
    };

    return {
      targets: [],
      answerPool: [],
      reusedFrom: {},
      appliedToSimilar: [],

      addTarget: async (folder) => {
        const state = get();
        const typed = folder.trim();
        const native = state.info?.nativeDialogs === true;
        if (!state.pair || (!typed && !native)) return false;
        // Desktop: the native dialog picks the folder; web mode: the typed path is checked and allowed.
        const picked = await api.folders.pick({ purpose: 'target', ...(typed ? { path: typed } : {}) });
        if (!picked.ok) {
          get().showError(picked.error);
          return false;
        }
        if (picked.value.path === null) return false;
        const root = picked.value.path;
        const list = state.targets.length > 0 ? state.targets : [{ root: state.pair.target.root, status: 'open' as const, detail: '' }];
        if (list.some((entry) => entry.root === root) || root === state.pair.source.root) {
          get().showInfo(`${root} is already in the list.`);
          return false;
        }
        set({ targets: [...list, { root, status: 'waiting', detail: 'not opened yet' }] });
        return true;
      },

      openTarget: async (root) => {
        const state = get();
        if (!state.pair || state.job || root === state.pair.target.root) return false;
        // The open Target's answers answer the same prompts of the next ones (core/reuseAnswers.ts).
        const pool = [...state.answerPool];
        const keys = new Map<string, string>();
        const from = state.pair.target.root;
        for (const prompt of state.analysis?.prompts ?? []) {
          const answer = state.answers[prompt.id];
          if (answer !== undefined && state.reusedFrom[prompt.id]?.answer !== answer) pool.push(givenAnswer(prompt, answer, from, state.appliedToSimilar.includes(prompt.id), keys));
        }
        const options = state.options;
        const allowDestructive = state.allowDestructive;
        set({ targets: leave(), answerPool: pool });
        const opened = await api.configurations.open({ source: state.pair.source.root, target: root });
        if (!opened.ok) {
          set((s) => ({ targets: s.targets.map((e) => (e.root === root ? { ...e, status: 'not-committed', detail: `could not be opened: ${opened.error.message}` } : e)), openProblems: opened.error.problems ?? [] }));
          if (!opened.error.problems?.length) get().showError(opened.error);
          return false;
        }
        set((s) => ({
          pair: opened.value,
          openProblems: [],
          fields: { source: opened.value.source.root, target: opened.value.target.root, output: '' },
          reusedFrom: {},
          appliedToSimilar: [],
          targets: s.targets.map((e) => (e.root === root ? { ...e, status: 'open', detail: 'analyzing' } : e)),
          banner: null,
        }));
        // The same options as the Target before: each Target is analyzed in turn with them.
        get().resetForPair(options);
        set({ allowDestructive, spentAnalysis: null, syncHistory: null });
        if (!(await get().startAnalysis())) return false;
        const analysis = get().analysis;
        if (!analysis) return false;
        const answers: Map<string, Answer> = new Map(Object.entries(get().answers));
        const reused = reuseAnswers(analysis.prompts, answers, pool, keys);
        const reusedFrom: Record<string, { from: string; answer: Answer }> = {};
        for (const [id, target] of reused) reusedFrom[id] = { from: target, answer: answers.get(id)! };
        const merged: AnswerMap = Object.fromEntries(answers);
        set((s) => ({ reusedFrom, targets: s.targets.map((e) => (e.root === root ? { ...e, detail: reused.size > 0 ? `${reused.size} answers reused` : '' } : e)) }));
        if (reused.size > 0) {
          get().setAnswers(merged);
          get().showInfo(`${reused.size} ${reused.size === 1 ? 'answer was' : 'answers were'} reused from the Targets before (same prompt, same three values).`);
        }
        return true;
      },
    };
  };
