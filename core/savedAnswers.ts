import type { Answer, Prompt } from './analysis.js';
import { promptValuesKey, type PromptValues } from './promptKey.js';

/**
 * True when an answer is stale for a prompt (docs/sessions.md, "Saved answers"): it was saved
 * with the key of the prompt's three values (`values` of an answers file) and the prompt's values
 * now have another key. An answer saved without a key is never stale.
 */
export function isStaleAnswer(savedKey: string | undefined, prompt: PromptValues): boolean {
  return savedKey !== undefined && savedKey !== promptValuesKey(prompt);
}

/** How saved answers meet the prompts of a new analysis. */
export interface MatchedAnswers {
  /** Answers whose prompt still has the values they were given for, in the order saved. */
  applied: Map<string, Answer>;
  /** Ids of answers given for other values of their prompt: not applied. */
  stale: string[];
  /** Ids of answers that match no prompt of this analysis: not applied. */
  unknown: string[];
}

/**
 * Splits saved answers into those that apply to these prompts, the stale ones and the ones whose
 * id matches no prompt (the rule of {@link isStaleAnswer}), keeping the order they were saved in.
 */
export function matchSavedAnswers(prompts: readonly Prompt[], saved: { answers: ReadonlyMap<string, Answer>; values: ReadonlyMap<string, string> }): MatchedAnswers {
  const byId = new Map(prompts.map((p) => [p.id, p]));
  const matched: MatchedAnswers = { applied: new Map(), stale: [], unknown: [] };
  for (const [id, answer] of saved.answers) {
    const prompt = byId.get(id);
    if (prompt === undefined) matched.unknown.push(id);
    else if (isStaleAnswer(saved.values.get(id), prompt)) matched.stale.push(id);
    else matched.applied.set(id, answer);
  }
  return matched;
}
