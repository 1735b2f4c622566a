/**
 * What a prompt's answer buttons say, so that they say what the question asks: where the vendor
 * removed a thing, "Use source base" removes it; where the customizer deleted it, "Keep
 * customization" keeps it deleted (docs/merge-behaviour.md, "Prompts in the app"). The
 * spec's names stay the buttons' accessible names; only the visible words follow the question.
 */
import type { Answer, Prompt } from '../../../../core/analysis.js';
import { sourceChoice } from '../../store/selectors.js';

type PromptValues = Pick<Prompt, 'choices' | 'customized' | 'sourceBase'> & Partial<Pick<Prompt, 'attributeMerge'>>;

/** The visible text of *Keep customization*. */
export function keepText(prompt: PromptValues): string {
  return prompt.customized === null ? 'Keep it deleted' : 'Keep customization';
}

/** The visible text of *Use source base*: Remove where the source base has no value. */
export function sourceText(prompt: PromptValues): string {
  if (sourceChoice(prompt) === 'remove' || prompt.sourceBase === null) return 'Remove';
  if (prompt.customized === null) return 'Restore source base';
  return 'Use source base';
}

/** Why *Edit* is not offered, or null when it is. */
export function editUnavailableReason(prompt: PromptValues): string | null {
  if (prompt.choices.includes('edit')) return null;
  if (prompt.customized === null) return 'the customizer deleted it; keep it deleted or restore the source base.';
  if (prompt.sourceBase === null) return 'the vendor removed it; keep the customization or remove it.';
  if (prompt.attributeMerge) return 'this prompt chooses between whole versions; keep the customized version, take the source base, or merge their attributes.';
  return 'this prompt chooses between whole versions; keep the customized version or take the source base.';
}

/** How the given answer reads, in the words of the buttons. */
export function answerText(prompt: PromptValues, answer: Answer | undefined): string {
  if (answer === undefined) return 'Not answered';
  if (typeof answer === 'object') return 'Edited';
  switch (answer) {
    case 'keep':
      return prompt.customized === null ? 'Kept it deleted' : 'Kept customization';
    case 'replace':
      if (prompt.sourceBase === null) return 'Removed';
      return prompt.customized === null ? 'Restored source base' : 'Used source base';
    case 'remove':
      return 'Removed';
    case 'merge':
      return prompt.attributeMerge ? 'Merged attributes' : 'Used merged';
  }
}
