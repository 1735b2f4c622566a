import { equivalent, strictEqual } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject } from '../json.js';
import { nameProblem } from '../names.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';

/** The handlers of one event, in order. */
export type HandlerList = JsonObject[];

/** The merged list of one event (`undefined`: the event is absent), or unresolved. */
export type HandlersOutcome = { resolved: true; value: HandlerList | undefined } | { resolved: false };

type Keep = 'FIRST' | 'LAST' | 'AFTER' | 'BEFORE';

/**
 * Merges the handlers of one event (docs/merge-behaviour.md, "Components, event handlers, order"): Cl ≡ Tl → Sl;
 * Sl ≡ Tl → Cl; Sl ≡ Cl → Cl; when the customizer only added handlers, they are placed into Sl
 * by their `keep` keyword (FormSync's KEEP processing, docs/merge-behaviour.md, "Components, event handlers, order"); otherwise
 * the `merge.eventHandlers` rule decides.
 */
export function mergeEventHandlers(
  ctx: MergeContext,
  id: string,
  event: string,
  cl: HandlerList | undefined,
  tl: HandlerList | undefined,
  sl: HandlerList | undefined,
): HandlersOutcome {
  const ws = ctx.options.merge.ignoreWhitespace;
  const same = (a: HandlerList | undefined, b: HandlerList | undefined) => equivalent(a ?? [], b ?? [], ws);
  const values = { customized: cl, targetBase: tl, sourceBase: sl };
  const label = `the handlers of ${event}`;

  if (same(cl, tl)) {
    if (!strictEqual(cl ?? [], tl ?? [])) {
      ctx.decide(id, 'phantom', `${label} differ from the target base only in line endings or whitespace; source base taken`, { ...values, result: sl });
    } else if (!strictEqual(sl ?? [], tl ?? [])) {
      ctx.decide(id, 'took-source', `${label} not customized; vendor change taken`, { ...values, result: sl });
    }
    return { resolved: true, value: sl };
  }
  if (same(sl, tl)) {
    ctx.decide(id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: cl });
    return { resolved: true, value: cl };
  }
  if (same(sl, cl)) {
    ctx.decide(id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: cl });
    return { resolved: true, value: cl };
  }
  const placed = placeAddedHandlers(cl ?? [], tl ?? [], sl ?? [], ws);
  if (placed !== null) {
    ctx.decide(id, 'kept-customization', `the customizer only added handlers to ${event}; they are placed into the new vendor handlers by their keep keywords`, { ...values, result: placed });
    return { resolved: true, value: placed };
  }

  const sourceHasEvent = sl !== undefined && sl.length > 0;
  switch (ctx.options.merge.eventHandlers) {
    case 'keep':
      ctx.decide(id, 'kept-customization', `both changed ${label}; rule keep keeps the customization`, { ...values, result: cl });
      return { resolved: true, value: cl };
    case 'replace':
      ctx.decide(id, sourceHasEvent ? 'took-source' : 'removed', `both changed ${label}; rule replace takes the source base`, { ...values, result: sl });
      return { resolved: true, value: sl };
    case 'prompt':
      break;
  }
  const answer = ctx.ask({
    id,
    question: sourceHasEvent
      ? `Both the customization and the vendor changed ${label}. Which handlers should the result have?`
      : `The vendor removed event ${event}, which the customization changed. Keep the customized handlers?`,
    choices: sourceHasEvent ? ['keep', 'replace', 'edit'] : ['keep', 'remove'],
    values,
    replaceRemoves: !sourceHasEvent,
    validateEdit: validateHandlerList,
  });
  if (answer === null) return { resolved: false };
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(id, 'kept-customization', reason, { ...values, result: cl });
      return { resolved: true, value: cl };
    case 'replace':
      ctx.decide(id, sourceHasEvent ? 'took-source' : 'removed', reason, { ...values, result: sl });
      return { resolved: true, value: sl };
    case 'edit': {
      const edited = answer.value as HandlerList;
      ctx.decide(id, 'edited', reason, { ...values, result: edited });
      return { resolved: true, value: edited.length > 0 ? edited : undefined };
    }
    case 'merge':
      throw new Error(`merge is never offered for event handlers (${id})`);
  }
}

function validateHandlerList(value: Json): string | null {
  if (!Array.isArray(value)) return 'must be a list of handlers';
  for (const handler of value) {
    if (!isJsonObject(handler)) return 'must be a list of handler objects';
    for (const key of Object.keys(handler)) {
      const problem = nameProblem(key);
      if (problem !== null) return `has a handler attribute with an invalid name: ${problem}`;
    }
    const keep = handler['keep'];
    if (keep !== undefined && keep !== 'FIRST' && keep !== 'LAST' && keep !== 'AFTER' && keep !== 'BEFORE') {
      return 'has a keep keyword that is not FIRST, LAST, AFTER or BEFORE';
    }
  }
  return null;
}

/**
 * When every handler of Tl appears unchanged and in order in Cl, returns Sl with Cl's added
 * handlers placed by their keep keywords; returns `null` when the customizer did more than add,
 * or an anchor is no longer in Sl.
 */
export function placeAddedHandlers(
  cl: HandlerList,
  tl: HandlerList,
  sl: HandlerList,
  ignoreWhitespace: boolean,
): HandlerList | null {
  if (tl.length === 0) return null;
  // Match Tl as a subsequence of Cl (greedy, earliest match): the vendor handlers the customizer kept.
  const isVendor = new Array<boolean>(cl.length).fill(false);
  let next = 0;
  for (let i = 0; i < cl.length && next < tl.length; i++) {
    if (equivalent(cl[i], tl[next], ignoreWhitespace)) {
      isVendor[i] = true;
      next += 1;
    }
  }
  if (next < tl.length) return null;

  const firstVendor = isVendor.indexOf(true);
  const lastVendor = isVendor.lastIndexOf(true);
  const first: JsonObject[] = [];
  const last: JsonObject[] = [];
  const before = new Map<number, JsonObject[]>();
  const after = new Map<number, JsonObject[]>();
  const anchorIn = (vendorHandler: JsonObject) => sl.findIndex((h) => equivalent(h, vendorHandler, ignoreWhitespace));

  for (let i = 0; i < cl.length; i++) {
    if (isVendor[i]) continue;
    const keep = keepOf(cl[i], i, firstVendor, lastVendor);
    if (keep === 'FIRST') first.push(cl[i]);
    else if (keep === 'LAST') last.push(cl[i]);
    else {
      const anchor = keep === 'AFTER' ? nearest(isVendor, i, -1) : nearest(isVendor, i, +1);
      if (anchor < 0) return null;
      const at = anchorIn(cl[anchor]);
      if (at < 0) return null;
      const bucket = keep === 'AFTER' ? after : before;
      bucket.set(at, [...(bucket.get(at) ?? []), cl[i]]);
    }
  }
  const result: JsonObject[] = [...first];
  sl.forEach((handler, index) => {
    result.push(...(before.get(index) ?? []), handler, ...(after.get(index) ?? []));
  });
  result.push(...last);
  return result;
}

function keepOf(handler: JsonObject, index: number, firstVendor: number, lastVendor: number): Keep {
  const keep = handler['keep'];
  if (keep === 'FIRST' || keep === 'LAST' || keep === 'AFTER' || keep === 'BEFORE') return keep;
  if (index < firstVendor) return 'FIRST';
  if (index > lastVendor) return 'LAST';
  return 'AFTER';
}

function nearest(isVendor: boolean[], from: number, step: -1 | 1): number {
  for (let i = from + step; i >= 0 && i < isVendor.length; i += step) if (isVendor[i]) return i;
  return -1;
}
