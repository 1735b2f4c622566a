import { CarryoverBug } from '../bug.js';
import { equivalent, phantomDifference, strictEqual } from '../equivalence.js';
import type { Json, JsonObject } from '../json.js';
import { isJsonObject } from '../json.js';
import { assertNever } from '../model.js';
import { nameProblem } from '../names.js';
import type { MergeContext } from './MergeContext.js';
import { answeredReason } from './MergeContext.js';
import type { Outcome } from './Outcome.js';
import { UNRESOLVED, resolved } from './Outcome.js';
import { threeWay } from './threeWay.js';

/** The handlers of one event, in order. */
export type HandlerList = JsonObject[];

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
): Outcome<HandlerList | undefined> {
  const ws = ctx.options.merge.ignoreWhitespace;
  const values = { customized: cl, targetBase: tl, sourceBase: sl };
  const label = `the handlers of ${event}`;
  const outcome = threeWay<HandlerList | undefined>(values, {
    equivalent: (a, b) => equivalent(a ?? [], b ?? [], ws),
    strictlyEqual: (a, b) => strictEqual(a ?? [], b ?? []),
  });

  switch (outcome.kind) {
    case 'phantom':
      ctx.decide(id, 'phantom', `${label} differ from the target base only in ${phantomDifference(cl ?? [], tl ?? [])}; source base taken`, { ...values, result: sl });
      return resolved(sl);
    case 'not-customized':
      if (!strictEqual(sl ?? [], tl ?? [])) ctx.decide(id, 'took-source', `${label} not customized; vendor change taken`, { ...values, result: sl });
      return resolved(sl);
    case 'vendor-unchanged':
      ctx.decide(id, 'kept-customization', `vendor did not change ${label}; customization kept`, { ...values, result: cl });
      return resolved(cl);
    case 'same-change':
      ctx.decide(id, 'kept-customization', `vendor made the same change to ${label}; customization kept`, { ...values, result: cl });
      return resolved(cl);
    case 'conflict':
      break;
    default:
      return assertNever(outcome);
  }
  const placed = placeAddedHandlers(cl ?? [], tl ?? [], sl ?? [], ws);
  if (placed !== null) {
    const both = placed.addedByBoth > 0 ? `; ${placed.addedByBoth === 1 ? 'one handler the customizer added was' : `${placed.addedByBoth} handlers the customizer added were`} added by the vendor too (both sides made that change): the vendor's copy stands` : '';
    ctx.decide(id, 'kept-customization', `the customizer only added handlers to ${event}; they are placed into the new vendor handlers by their keep keywords${both}`, { ...values, result: placed.handlers });
    return resolved(placed.handlers);
  }

  const sourceHasEvent = sl !== undefined && sl.length > 0;
  switch (ctx.options.merge.eventHandlers) {
    case 'keep':
      ctx.decide(id, 'kept-customization', `both changed ${label}; rule keep keeps the customization`, { ...values, result: cl });
      return resolved(cl);
    case 'replace':
      ctx.decide(id, sourceHasEvent ? 'took-source' : 'removed', `both changed ${label}; rule replace takes the source base`, { ...values, result: sl });
      return resolved(sl);
    case 'prompt':
      break;
    default:
      return assertNever(ctx.options.merge.eventHandlers);
  }
  const asked = ctx.ask({
    id,
    question: sourceHasEvent
      ? `Both the customization and the vendor changed ${label}. Which handlers should the result have?`
      : `The vendor removed event ${event}, which the customization changed. Keep the customized handlers?`,
    choices: sourceHasEvent ? ['keep', 'replace', 'edit'] : ['keep', 'remove'],
    values,
    replaceRemoves: !sourceHasEvent,
    validateEdit: validateHandlerList,
  });
  if (asked.kind === 'unresolved') return UNRESOLVED;
  const answer = asked.value;
  const reason = answeredReason(answer);
  switch (answer.kind) {
    case 'keep':
      ctx.decide(id, 'kept-customization', reason, { ...values, result: cl });
      return resolved(cl);
    case 'replace':
      ctx.decide(id, sourceHasEvent ? 'took-source' : 'removed', reason, { ...values, result: sl });
      return resolved(sl);
    case 'edit': {
      const edited = answer.value as HandlerList;
      ctx.decide(id, 'edited', reason, { ...values, result: edited });
      return resolved(edited.length > 0 ? edited : undefined);
    }
    case 'merge':
      throw new CarryoverBug(`merge is never offered for event handlers (${id})`);
    default:
      return assertNever(answer);
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

/** Sl with the customizer's added handlers placed, and how many of them the vendor had added too. */
export interface PlacedHandlers {
  handlers: HandlerList;
  /** Added handlers ≡ one the vendor added to the same event: not added a second time. */
  addedByBoth: number;
}

/**
 * When every handler of Tl appears unchanged and in order in Cl, returns Sl with Cl's added
 * handlers placed by their keep keywords (docs/merge-behaviour.md, "Components, event handlers, order"); returns
 * `null` when the customizer did more than add, or an anchor is no longer in Sl. An `AFTER` or
 * `BEFORE` anchor is found in Sl by equality and occurrence: the n-th handler of Cl equal to it is
 * the n-th handler of Sl equal to it. An added handler ≡ one the vendor added (one more in Sl than
 * in Tl) is not added again: the vendor's copy stands.
 */
export function placeAddedHandlers(
  cl: HandlerList,
  tl: HandlerList,
  sl: HandlerList,
  ignoreWhitespace: boolean,
): PlacedHandlers | null {
  if (tl.length === 0) return null;
  const same = (a: JsonObject, b: JsonObject) => equivalent(a, b, ignoreWhitespace);
  // Match Tl as a subsequence of Cl (greedy, earliest match): the vendor handlers the customizer kept.
  const isVendor = new Array<boolean>(cl.length).fill(false);
  let next = 0;
  for (let i = 0; i < cl.length && next < tl.length; i++) {
    if (same(cl[i], tl[next])) {
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
  // The n-th handler of Cl equal to the anchor is the n-th handler of Sl equal to it.
  const anchorIn = (anchor: number): number => {
    const occurrence = cl.slice(0, anchor).filter((h) => same(h, cl[anchor])).length;
    let seen = 0;
    for (let j = 0; j < sl.length; j++) if (same(sl[j], cl[anchor]) && seen++ === occurrence) return j;
    return -1;
  };
  // Handlers the vendor added (in Sl more often than in Tl), each usable once by an equal added handler.
  const vendorAdded = sl.filter((h, j) => sl.slice(0, j + 1).filter((x) => same(x, h)).length > tl.filter((x) => same(x, h)).length);
  let addedByBoth = 0;

  for (let i = 0; i < cl.length; i++) {
    if (isVendor[i]) continue;
    const twin = vendorAdded.findIndex((h) => same(h, cl[i]));
    if (twin >= 0) {
      vendorAdded.splice(twin, 1);
      addedByBoth += 1;
      continue;
    }
    const keep = keepOf(cl[i], i, firstVendor, lastVendor);
    if (keep === 'FIRST') first.push(cl[i]);
    else if (keep === 'LAST') last.push(cl[i]);
    else {
      const anchor = keep === 'AFTER' ? nearest(isVendor, i, -1) : nearest(isVendor, i, +1);
      if (anchor < 0) return null;
      const at = anchorIn(anchor);
      if (at < 0) return null;
      const bucket = keep === 'AFTER' ? after : before;
      bucket.set(at, [...(bucket.get(at) ?? []), cl[i]]);
    }
  }
  const handlers: JsonObject[] = [...first];
  sl.forEach((handler, index) => {
    handlers.push(...(before.get(index) ?? []), handler, ...(after.get(index) ?? []));
  });
  handlers.push(...last);
  return { handlers, addedByBoth };
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
