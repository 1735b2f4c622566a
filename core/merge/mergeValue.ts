import type { Choice, Prompt } from '../analysis.js';
import { equivalent, strictEqual } from '../equivalence.js';
import type { Json } from '../json.js';
import type { AttributeRule } from '../options.js';
import { hasConflictMarkers, mergeScripts, type DiffAlgorithm } from '../textMerge/index.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';

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

/** The merged value, or `unresolved` while its prompt has no valid answer. */
export type ValueOutcome = { resolved: true; value: Json | undefined } | { resolved: false };

/**
 * Merges one value by the rules of spec/merge-rules.md ("Merging one customized version"):
 * 1. C ≡ T: take S (a strict difference that ≡ hides is reported as a phantom change);
 * 2. S ≡ T: keep C; 3. S ≡ C: keep C; 4. otherwise the value's rule: keep, replace or prompt.
 * Decisions are recorded only where something differs; a value all three agree on is silent.
 */
export function mergeValue(ctx: MergeContext, item: ValueCase): ValueOutcome {
  const { customized: c, targetBase: t, sourceBase: s, label } = item;
  const ws = ctx.options.merge.ignoreWhitespace;
  const text = item.text === true || isMultiline(c) || isMultiline(t) || isMultiline(s);
  const same = (x: Json | undefined, y: Json | undefined) => equivalent(x, y, ws, text);
  const values = { customized: c, targetBase: t, sourceBase: s };

  if (same(c, t)) {
    if (!strictEqual(c, t)) {
      ctx.decide(item.id, 'phantom', `${label} differs from the target base only in line endings or whitespace: not a customization; source base taken`, { ...values, result: s });
    } else if (!strictEqual(s, t)) {
      ctx.decide(item.id, 'took-source', `${label} not customized; vendor change taken`, { ...values, result: s });
    }
    return { resolved: true, value: s };
  }
  if (same(s, t)) {
    ctx.decide(item.id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: c });
    return { resolved: true, value: c };
  }
  if (same(s, c)) {
    ctx.decide(item.id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: c });
    return { resolved: true, value: c };
  }
  switch (item.rule) {
    case 'keep':
      ctx.decide(item.id, 'kept-customization', `both changed ${label}; rule keep keeps the customization`, { ...values, result: c });
      return { resolved: true, value: c };
    case 'replace':
      ctx.decide(item.id, 'took-source', `both changed ${label}; rule replace takes the source base`, { ...values, result: s });
      return { resolved: true, value: s };
    case 'prompt':
      return promptValue(ctx, item, text);
  }
}

function promptValue(ctx: MergeContext, item: ValueCase, text: boolean): ValueOutcome {
  const { customized: c, targetBase: t, sourceBase: s, label } = item;
  const values = { customized: c, targetBase: t, sourceBase: s };
  const textMerge = text && ctx.options.merge.textMerge ? textMergeOf(c, t, s, ctx.options.merge.diffAlgorithm) : undefined;
  const choices: Choice[] = ['keep', 'replace', 'edit'];
  if (textMerge?.clean) choices.push('merge');
  const answer = ctx.ask({
    id: item.id,
    question: `Both the customization and the vendor changed ${label}. Which value should the result have?`,
    choices,
    values,
    replaceRemoves: s === undefined,
    textMerge,
    validateEdit: (value) => {
      // A text by definition (the form script) must stay a string: anything else is an invalid Target.
      if (item.text === true && typeof value !== 'string') return 'must be text (a JSON string)';
      return text && typeof value === 'string' && hasConflictMarkers(value) ? 'still contains conflict markers' : null;
    },
  });
  if (answer === null) return { resolved: false };
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(item.id, 'kept-customization', reason, { ...values, result: c });
      return { resolved: true, value: c };
    case 'replace':
      ctx.decide(item.id, 'took-source', reason, { ...values, result: s });
      return { resolved: true, value: s };
    case 'merge': {
      const merged = (textMerge as NonNullable<typeof textMerge>).text;
      ctx.decide(item.id, 'merged-text', reason, { ...values, result: merged });
      return { resolved: true, value: merged };
    }
    case 'edit':
      ctx.decide(item.id, 'edited', reason, { ...values, result: answer.value });
      return { resolved: true, value: answer.value };
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
