import type { Answer, Prompt } from './analysis.js';
import { answerFits, keyOf, scopelessId, similarityClass, type PromptLike } from './similarPrompts.js';

/**
 * An answer given for a prompt of one Target, kept to answer the prompts of the Targets after it
 * (docs/cli.md, "Many Targets").
 */
export interface GivenAnswer {
  /** The prompt it answered. */
  id: string;
  /** That prompt's `promptValuesKey`. */
  key: string;
  answer: Answer;
  /** The Target it was given for, as the user named it. */
  from: string;
  /** Given for "this prompt and all similar" (docs/cli.md, "Similar prompts"): it answers similar prompts too. */
  toSimilar: boolean;
}

/** Makes the {@link GivenAnswer} of `prompt` answered with `answer` for the Target `from`. */
export function givenAnswer(prompt: PromptLike, answer: Answer, from: string, toSimilar: boolean, keys: Map<string, string> = new Map()): GivenAnswer {
  return { id: prompt.id, key: keyOf(prompt, keys), answer, from, toSimilar };
}

/**
 * The answer of `pool` that answers `prompt` again, or `undefined` (docs/cli.md, "Many Targets"),
 * like git's rerere: only an answer to the very same three values (the same `promptValuesKey`)
 * is reused, and of those, first one given for the same id; then one given for the same part of
 * the same object in another scope (the same question, asked of another user's version); then
 * one given "for all similar" for a similar prompt (`similarPrompts`). In each step the first
 * given wins, and only an answer the prompt accepts is taken.
 */
export function reusableAnswer(prompt: Prompt, pool: readonly GivenAnswer[], keys: Map<string, string> = new Map()): GivenAnswer | undefined {
  const key = keyOf(prompt, keys);
  const candidates = pool.filter((given) => given.key === key && answerFits(given.answer, prompt.choices, prompt.textMerge?.clean === true));
  if (candidates.length === 0) return undefined;
  const same = candidates.find((given) => given.id === prompt.id);
  if (same !== undefined) return same;
  const scopeless = scopelessId(prompt.id);
  const otherScope = candidates.find((given) => scopelessId(given.id) === scopeless);
  if (otherScope !== undefined) return otherScope;
  const kind = similarityClass(prompt.id);
  return candidates.find((given) => given.toSimilar && similarityClass(given.id) === kind);
}

/**
 * Answers, from `pool`, every prompt that `answers` does not answer yet ({@link reusableAnswer}),
 * adding the answers to `answers`; returns, by prompt id, the Target each reused answer was given
 * for (what the report says as `reusedFrom`). An answer already in `answers` always wins.
 */
export function reuseAnswers(prompts: readonly Prompt[], answers: Map<string, Answer>, pool: readonly GivenAnswer[], keys: Map<string, string> = new Map()): Map<string, string> {
  const reused = new Map<string, string>();
  if (pool.length === 0) return reused;
  for (const prompt of prompts) {
    if (answers.has(prompt.id)) continue;
    const given = reusableAnswer(prompt, pool, keys);
    if (given === undefined) continue;
    answers.set(prompt.id, given.answer);
    reused.set(prompt.id, given.from);
  }
  return reused;
}
