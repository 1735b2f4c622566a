import type { Choice, Prompt, PromptTexts } from '../analysis.js';
import { CarryoverBug } from '../bug.js';
import { equivalent, phantomDifference, strictEqual } from '../equivalence.js';
import type { Json } from '../json.js';
import { assertNever } from '../model.js';
import type { AttributeRule } from '../options.js';
import { hasConflictMarkers, mergeScripts, type DiffAlgorithm } from '../textMerge/index.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';
import { threeWay } from './threeWay.js';

/** One value to merge: its id, how reasons name it, C, T and S (absent = `undefined`), and its rule. */
export interface ValueCase {
  id: string;
  /** How reasons name the value: `caption`, `the form script`, `variable InitialFilter`. */
  label: string;
  customized: Json | undefined;
  targetBase: Json | undefined;
  sourceBase: Json | undefined;
  rule: AttributeRule;
  /** True for values that are text by definition (a form script, a script's code). */
  text?: boolean;
}

/**
 * Merges one value by the three-way rule (docs/merge-behaviour.md, "One value"): not customized or phantom → S; vendor unchanged or same change → C; a conflict →
 * the value's rule: keep, replace or prompt. Decisions are recorded only where something
 * differs; a value all three agree on is silent.
 */
export function mergeValue(ctx: MergeContext, item: ValueCase): Outcome<Json | undefined> {
  const { customized: c, targetBase: t, sourceBase: s, label } = item;
  const ws = ctx.options.merge.ignoreWhitespace;
  const text = item.text === true || isMultiline(c) || isMultiline(t) || isMultiline(s);
  const values = { customized: c, targetBase: t, sourceBase: s };
  const outcome = threeWay<Json | undefined>(values, { equivalent: (x, y) => equivalent(x, y, ws, text), strictlyEqual: strictEqual });

  switch (outcome.kind) {
    case 'phantom':
      ctx.decide(item.id, 'phantom', `${label} differs from the target base only in ${phantomDifference(c, t)}: not a customization; source base taken`, { ...values, result: s });
      return resolved(s);
    case 'not-customized':
      if (!strictEqual(s, t)) ctx.decide(item.id, 'took-source', `${label} not customized; vendor change taken`, { ...values, result: s });
      return resolved(s);
    case 'vendor-unchanged':
      ctx.decide(item.id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: c });
      return resolved(c);
    case 'same-change':
      ctx.decide(item.id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: c });
      return resolved(c);
    case 'conflict':
      break;
    default:
      return assertNever(outcome);
  }
  switch (item.rule) {
    case 'keep':
      ctx.decide(item.id, 'kept-customization', `both changed ${label}; rule keep keeps the customization`, { ...values, result: c });
      return resolved(c);
    case 'replace':
      ctx.decide(item.id, 'took-source', `both changed ${label}; rule replace takes the source base`, { ...values, result: s });
      return resolved(s);
    case 'prompt':
      return promptValue(ctx, item, text);
    default:
      return assertNever(item.rule);
  }
}

function promptValue(ctx: MergeContext, item: ValueCase, text: boolean): Outcome<Json | undefined> {
  const { customized: c, targetBase: t, sourceBase: s, label } = item;
  const values = { customized: c, targetBase: t, sourceBase: s };
  const textMerge = text && ctx.options.merge.textMerge ? textMergeOf(c, t, s, ctx.options.merge.diffAlgorithm) : undefined;
  const choices: Choice[] = ['keep', 'replace', 'edit'];
  if (textMerge?.clean) choices.push('merge');
  const asked = ctx.ask({
    id: item.id,
    question: `Both the customization and the vendor changed ${label}. Which value should the result have?`,
    choices,
    values,
    replaceRemoves: s === undefined,
    textMerge,
    ...(text ? textsOf(c, t, s, ctx.options.merge.diffAlgorithm) : {}),
    validateEdit: (value) => {
      // A text by definition (the form script) must stay a string: anything else is an invalid Target.
      if (item.text === true && typeof value !== 'string') return 'must be text (a JSON string)';
      return text && typeof value === 'string' && hasConflictMarkers(value) ? 'still contains conflict markers' : null;
    },
  });
  if (asked.kind === 'unresolved') return UNRESOLVED;
  const answer = asked.value;
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(item.id, 'kept-customization', reason, { ...values, result: c });
      return resolved(c);
    case 'replace':
      ctx.decide(item.id, 'took-source', reason, { ...values, result: s });
      return resolved(s);
    case 'merge': {
      if (textMerge === undefined) throw new CarryoverBug(`merge answered for ${item.id}, which offers no text merge`);
      ctx.decide(item.id, 'merged-text', reason, { ...values, result: textMerge.text });
      return resolved(textMerge.text);
    }
    case 'edit':
      ctx.decide(item.id, 'edited', reason, { ...values, result: answer.value });
      return resolved(answer.value);
    default:
      return assertNever(answer);
  }
}

/** The three-way merge of three texts (absent reads as empty), or `undefined` for non-text values. */
export function textMergeOf(
  c: Json | undefined,
  t: Json | undefined,
  s: Json | undefined,
  diffAlgorithm?: DiffAlgorithm,
): Prompt['textMerge'] | undefined {
  const asText = (v: Json | undefined) => (v === undefined ? '' : typeof v === 'string' ? v : null);
  const [customized, targetBase, sourceBase] = [asText(c), asText(t), asText(s)];
  if (customized === null || targetBase === null || sourceBase === null) return undefined;
  const merged = mergeScripts(targetBase, customized, sourceBase, { diffAlgorithm });
  return { clean: merged.clean, text: merged.text, conflicts: merged.conflicts };
}

function isMultiline(value: Json | undefined): boolean {
  return typeof value === 'string' && (value.includes('\n') || value.includes('\r'));
}

/** `{texts}` for a prompt about text whose three sides are strings or absent; `{}` otherwise. */
export function textsOf(c: Json | undefined, t: Json | undefined, s: Json | undefined, diffAlgorithm: DiffAlgorithm): { texts?: PromptTexts } {
  const sides = [c, t, s];
  if (!sides.every((v) => v === undefined || typeof v === 'string')) return {};
  const [customized = '', targetBase = '', sourceBase = ''] = sides as (string | undefined)[];
  return { texts: { customized, targetBase, sourceBase, diffAlgorithm } };
}
