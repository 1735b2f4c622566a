import type { StateCreator } from 'zustand';
import type { Answer } from '../../../core/analysis.js';
import type { Options } from '../../../core/options.js';
import type { AnalysisView, AnswerMap, ApiError, CarryoverApi } from '../../../electron/contract.js';
import type { AppState } from './appStore.js';
import { jobError, pollJob, type JobView } from './jobs.js';

export interface AnalysisSlice {
  /** The running job (analysis, commit), if any. */
  job: JobView | null;
  analysis: AnalysisView | null;
  analysisError: ApiError | null;
  /** Prompt id → answer, changeable until commit. */
  answers: AnswerMap;
  /**
   * True while the analysis is the Target's pending prompts (*Complete an upgrade*, docs/sessions.md):
   * commit then completes the upgrade, in place.
   */
  upgrade: boolean;
  /** Opens the Target's pending prompts as the analysis and goes to the Prompts screen. */
  openUpgrade(): Promise<boolean>;
  /** Starts over for a newly opened pair, with these options. */
  resetForPair(options: Options): void;
  startAnalysis(): Promise<boolean>;
  cancelJob(): Promise<void>;
  setAnswer(promptId: string, answer: Answer): void;
  clearAnswer(promptId: string): void;
  /** Replaces every answer (an answers file read back). */
  setAnswers(answers: AnswerMap): void;
}

export const createAnalysisSlice =
  (api: CarryoverApi): StateCreator<AppState, [], [], AnalysisSlice> =>
  (set, get) => ({
    job: null,
    analysis: null,
    analysisError: null,
    answers: {},
    upgrade: false,

    resetForPair: (options) =>
      set({
        upgrade: false,
        options,
        allowDestructive: false,
        refused: [],
        optionsProblems: [],
        analysis: null,
        analysisError: null,
        answers: {},
        currentPromptId: null,
        editing: null,
        selectedVersion: null,
        detail: null,
        outcome: null,
        commitError: null,
        rollback: null,
        viewedReport: null,
      }),

    startAnalysis: async () => {
      if (get().job) return false;
      set({ analysisError: null, banner: null });
      const started = await api.analysis.start({ options: get().options, allowDestructive: get().allowDestructive });
      if (!started.ok) {
        set({ analysisError: started.error });
        return false;
      }
      const id = started.value.jobId;
      set({ job: { id, kind: 'analysis', phase: 'Starting', done: 0, total: 0 } });
      const final = await pollJob(api, id, 'analysis', (s) => set({ job: { id, kind: 'analysis', phase: s.phase, done: s.done, total: s.total } }));
      set({ job: null });
      if (final.state !== 'done') {
        set({ analysisError: jobError(final) ?? { code: 'cancelled', message: 'The analysis was cancelled.' } });
        return false;
      }
      const result = await api.analysis.result({ jobId: id });
      if (!result.ok) {
        set({ analysisError: result.error });
        return false;
      }
      const analysis = result.value;
      const answers: AnswerMap = {};
      for (const prompt of analysis.prompts) if (prompt.answer !== null) answers[prompt.id] = prompt.answer;
      set({
        upgrade: false,
        analysis,
        answers,
        currentPromptId: analysis.prompts[0]?.id ?? null,
        selectedVersion: null,
        detail: null,
        outcome: null,
        commitError: null,
        rollback: null,
      });
      get().go('review');
      return true;
    },

    openUpgrade: async () => {
      if (get().job) return false;
      set({ analysisError: null, banner: null });
      const opened = await api.upgrade.open({});
      if (!opened.ok) {
        get().showError(opened.error);
        return false;
      }
      const analysis = opened.value;
      // The answers phase 1 (or an interrupted completion) saved come with their prompts.
      const answers: AnswerMap = {};
      for (const prompt of analysis.prompts) if (prompt.answer !== null) answers[prompt.id] = prompt.answer;
      set({
        upgrade: true,
        commitMode: 'in-place',
        options: analysis.options,
        analysis,
        answers,
        currentPromptId: analysis.prompts.find((p) => p.answer === null)?.id ?? analysis.prompts[0]?.id ?? null,
        selectedVersion: null,
        detail: null,
        outcome: null,
        commitError: null,
        rollback: null,
      });
      get().go('prompts');
      return true;
    },

    cancelJob: async () => {
      const job = get().job;
      if (!job) return;
      await api.jobs.cancel({ jobId: job.id });
    },

    setAnswer: (promptId, answer) => {
      set((s) => ({ answers: { ...s.answers, [promptId]: answer }, outcome: null }));
      get().refreshDetail();
    },

    clearAnswer: (promptId) => {
      set((s) => {
        const answers = { ...s.answers };
        delete answers[promptId];
        return { answers, outcome: null };
      });
      get().refreshDetail();
    },

    setAnswers: (answers) => {
      set({ answers });
      get().refreshDetail();
    },
  });
