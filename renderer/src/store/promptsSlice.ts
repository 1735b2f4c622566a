import type { StateCreator } from 'zustand';
import type { Answer } from '../../../core/analysis.js';
import type { Json } from '../../../core/json.js';
import type { AppState } from './appStore.js';
import { selectSimilarToApply } from './selectors.js';

export interface PromptsSlice {
  currentPromptId: string | null;
  /** The prompt whose value is being edited (script merge editor or JSON editor). */
  editing: { promptId: string } | null;
  goToPrompt(promptId: string): void;
  nextPrompt(): void;
  previousPrompt(): void;
  /** Answers the current prompt and moves to the next unanswered one. */
  answerCurrent(answer: Answer): void;
  startEdit(promptId?: string): void;
  cancelEdit(): void;
  /** Stores an edited value as the answer and closes the editor. */
  applyEdit(value: Json): void;
  /**
   * Gives the current prompt's answer to every similar prompt that accepts it and has another
   * answer or none (docs/app.md, "Apply to similar prompts"); each stays changeable on its own.
   * Moves on to the next unanswered prompt, as an answer does. Returns how many were answered.
   */
  applyToSimilar(): number;
}

export const createPromptsSlice: StateCreator<AppState, [], [], PromptsSlice> = (set, get) => {
  const ids = (): string[] => get().analysis?.prompts.map((p) => p.id) ?? [];
  const step = (delta: 1 | -1): void => {
    const list = ids();
    if (list.length === 0) return;
    // From another screen, Next/Previous first bring the prompt in hand back (the first one
    // unanswered when none is in hand), rather than skipping one.
    if (get().screen !== 'prompts') {
      const answers = get().answers;
      const current = get().currentPromptId;
      const target = current && list.includes(current) ? current : (list.find((id) => !(id in answers)) ?? list[0] ?? null);
      set({ currentPromptId: target, editing: null });
      get().go('prompts');
      return;
    }
    const index = list.indexOf(get().currentPromptId ?? '');
    const next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + delta));
    set({ currentPromptId: list[next] ?? null, editing: null });
  };
  /** Moves on to the next prompt still unanswered after `id` (wrapping around); stays when none is left. */
  const advanceFrom = (id: string): void => {
    const list = ids();
    const answers = get().answers;
    const start = list.indexOf(id);
    for (let i = 1; i <= list.length; i++) {
      const candidate = list[(start + i) % list.length];
      if (candidate !== undefined && !(candidate in answers)) {
        set({ currentPromptId: candidate });
        return;
      }
    }
  };
  return {
    currentPromptId: null,
    editing: null,

    goToPrompt: (promptId) => {
      set({ currentPromptId: promptId, editing: null });
      get().go('prompts');
    },
    nextPrompt: () => step(1),
    previousPrompt: () => step(-1),

    answerCurrent: (answer) => {
      const id = get().currentPromptId;
      if (!id) return;
      get().setAnswer(id, answer);
      advanceFrom(id);
    },

    startEdit: (promptId) => {
      const id = promptId ?? get().currentPromptId;
      if (!id) return;
      set({ currentPromptId: id, editing: { promptId: id } });
      get().go('script');
    },

    cancelEdit: () => {
      set({ editing: null });
      get().go('prompts');
    },

    applyToSimilar: () => {
      const { analysis, answers, currentPromptId } = get();
      const answer = currentPromptId === null ? undefined : answers[currentPromptId];
      if (analysis === null || currentPromptId === null || answer === undefined) return 0;
      const similar = selectSimilarToApply(analysis.prompts, currentPromptId, answers);
      if (similar.length === 0) return 0;
      set((s) => ({
        answers: { ...s.answers, ...Object.fromEntries(similar.map((p) => [p.id, answer])) },
        outcome: null,
        appliedToSimilar: [...s.appliedToSimilar, currentPromptId, ...similar.map((p) => p.id)],
      }));
      get().refreshDetail();
      advanceFrom(currentPromptId);
      return similar.length;
    },

    applyEdit: (value) => {
      const editing = get().editing;
      if (!editing) return;
      get().setAnswer(editing.promptId, { edit: value });
      set({ editing: null, currentPromptId: editing.promptId });
      advanceFrom(editing.promptId);
      get().go('prompts');
    },
  };
};
