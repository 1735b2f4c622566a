import type { Answer, Choice } from './analysis.js';
import { splitId } from './ids.js';
import { promptValuesKey, type PromptValues } from './promptKey.js';

/** What {@link similarPrompts} compares: a prompt's id and its three values. */
export interface PromptLike extends PromptValues {
  id: string;
}

/**
 * The kind of thing a prompt id is about, without the names that make it one thing
 * (docs/cli.md, "Similar prompts"): the object's kind (`form`, `global:<type>`, `explorer`,
 * `runtime`) and the path's kind, where an attribute keeps its name: `attributes/<attr>`,
 * `components/<any>/<attr>`, `components/<any>`, `script`, `variables/<any>`,
 * `eventHandlers/<any>`, or nothing for a whole version. Two prompts of one class ask the same kind of question.
 */
export function similarityClass(id: string): string {
  const split = splitId(id);
  const objectKind = split.kind === 'global' ? `global:${split.name.split('/')[0] ?? ''}` : split.kind === 'other' ? `other:${id}` : split.kind;
  const parts = split.path === '' ? [] : split.path.split('/');
  let pathKind: string;
  if (parts[0] === 'components') pathKind = parts.length >= 3 ? `components/*/${parts.slice(2).join('/')}` : 'components/*';
  else if (parts[0] === 'attributes') pathKind = split.path;
  else if (parts.length >= 2) pathKind = `${parts[0]}/*`;
  else pathKind = split.path;
  return `${objectKind}|${pathKind}`;
}

/**
 * The prompt id with its scope replaced by `*` (`form:Customers@*` followed by the path): two
 * prompts with the same one are about the same thing of the same object, in any scope.
 */
export function scopelessId(id: string): string {
  const split = splitId(id);
  return split.kind === 'other' ? id : `${split.object}@*${split.path === '' ? '' : '/' + split.path}`;
}

/**
 * The prompts among `among` similar to `prompt` (docs/cli.md, "Similar prompts"): the same kind of
 * object and the same kind of path (the same attribute name, the script, ...) and the very same
 * three values (`promptValuesKey`), in any scope, of any object. `prompt` itself (same id) is not
 * one of them. Keys are computed once per prompt and kept in `keys` when given, so that a caller
 * asking for many prompts hashes each value once.
 */
export function similarPrompts<P extends PromptLike>(prompt: PromptLike, among: readonly P[], keys: Map<string, string> = new Map()): P[] {
  const key = keyOf(prompt, keys);
  const kind = similarityClass(prompt.id);
  return among.filter((other) => other.id !== prompt.id && similarityClass(other.id) === kind && keyOf(other, keys) === key);
}

/** The prompt's `promptValuesKey`, computed once per id and kept in `keys`. */
export function keyOf(prompt: PromptLike, keys: Map<string, string>): string {
  let key = keys.get(prompt.id);
  if (key === undefined) {
    key = promptValuesKey(prompt);
    keys.set(prompt.id, key);
  }
  return key;
}

/**
 * True when a prompt offering `choices` accepts `answer` as given (docs/cli.md, "Answers file"):
 * `remove` and `replace` are one answer; `merge` needs a clean text merge (`cleanMerge`).
 * An answer applied to another prompt is applied only where it fits.
 */
export function answerFits(answer: Answer, choices: readonly Choice[], cleanMerge: boolean): boolean {
  if (typeof answer !== 'string') return choices.includes('edit');
  if (answer === 'replace' || answer === 'remove') return choices.includes('replace') || choices.includes('remove');
  if (answer === 'merge') return choices.includes('merge') && cleanMerge;
  return choices.includes(answer);
}
