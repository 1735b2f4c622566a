import type { MergeContext, Values } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';

/** A question whose answers are `keep` (the customization stays) or `remove`. */
export interface RemovalRequest {
  /** The prompt's id, also the id of the decision that records the answer. */
  id: string;
  question: string;
  /** C, T and S as the prompt shows them; `customized` is what `keep` keeps. */
  values: Values;
  /** Why it is asked, as the start of the decision's reason: `prompt before removal`. */
  why: string;
}

/**
 * Asks whether to keep or remove a customization, and records the answer as a decision
 * (`kept-customization` or `removed`). The one removal prompt: `forms.mode` and `globals.mode`
 * `remove` with `promptBeforeRemoval`, and a customized component the vendor removed
 * (docs/merge-behaviour.md). Resolves to the answer, or is unresolved while it has none.
 */
export function askRemoval(ctx: MergeContext, request: RemovalRequest): Outcome<'keep' | 'remove'> {
  const { id, values, why } = request;
  const asked = ctx.ask({ id, question: request.question, choices: ['keep', 'remove'], values, replaceRemoves: true });
  if (asked.kind === 'unresolved') return UNRESOLVED;
  const answer = asked.value;
  if (answer.kind === 'keep') {
    ctx.decide(id, 'kept-customization', `${why}: ${answeredReason(answer)}`, { ...values, result: values.customized });
    return resolved('keep');
  }
  ctx.decide(id, 'removed', `${why}: ${answeredReason(answer)}`, values);
  return resolved('remove');
}
