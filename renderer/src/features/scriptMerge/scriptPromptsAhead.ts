/**
 * Which script prompts' merge models are built ahead when an analysis ends (docs/performance.md,
 * "The merge editor's first open"): the prompts a person is likely to open first in the merge
 * editor. Pure, so that it is testable without a worker.
 */
import type { Prompt } from '../../../../core/analysis.js';
import type { AnswerMap } from '../../../../electron/contract.js';
import { promptTexts } from '../../store/selectors.js';
import { PREFETCHED_MODELS, type MergeModelTexts } from './mergeModelLoader.js';

/**
 * The texts of the first PREFETCHED_MODELS prompts, from `currentPromptId` on (the prompt the
 * Prompts screen shows first; the list's first when it is not one of them) and wrapping around,
 * that are about text, offer *Edit* (which opens the merge editor for them) and are not answered.
 */
export function scriptPromptsAhead(prompts: readonly Prompt[], currentPromptId: string | null, answers: AnswerMap): MergeModelTexts[] {
  const start = Math.max(0, prompts.findIndex((p) => p.id === currentPromptId));
  const list: MergeModelTexts[] = [];
  for (let i = 0; i < prompts.length && list.length < PREFETCHED_MODELS; i++) {
    const prompt = prompts[(start + i) % prompts.length]!;
    const texts = promptTexts(prompt);
    if (texts && prompt.choices.includes('edit') && !Object.hasOwn(answers, prompt.id)) list.push(texts);
  }
  return list;
}
