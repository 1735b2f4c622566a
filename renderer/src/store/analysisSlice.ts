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

    resetForPair: (options) =>
      set({
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
