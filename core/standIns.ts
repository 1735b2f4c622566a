/**
 * Stand-ins for base versions the merge does not look into (docs/performance.md, "Lone bases held
 * as stand-ins"). A pair read for one merge (the CLI's `sync` and `analyze`) holds such a base, once
 * validated, as a stand-in: an empty, frozen object that throws when read. Two kinds:
 *
 * - one stand-in for both configurations, when the Source and the Target hold the base byte for
 *   byte (the merge sees one document, `a === b`);
 * - one stand-in each, paired, when the vendor changed a base that no other version accompanies:
 *   what the merge asks of the two (equal? equivalent? names that differ only in case?) is
 *   answered once, as they are read, and kept with the pair (`StandInPair`).
 */
import { CarryoverBug } from './bug.js';
import type { JsonObject } from './json.js';

/** A name inside one version that differs only in letter case from a name inside the other. */
export interface NameCollision {
  /** JSON pointer tokens of the object that holds both names (`['components', 'CustNum']`). */
  tokens: string[];
  /** `attribute`, `component`, `event`, `variable`, `component attribute`. */
  what: string;
  /** The Source's spelling. */
  name: string;
  /** The Target's spelling. */
  other: string;
}

/** What the merge and the validation ask of a Source base and a Target base, answered as they were read. */
export interface StandInPair {
  /** `documentsStrictlyEqual` of the two. */
  strictlyEqual: boolean;
  /** `documentsEquivalent` of the two, without and with `ignoreWhitespace`. */
  equivalent: readonly [boolean, boolean];
  /** What `checkCaseCollisions` finds between the two versions' names, the Source's first. */
  nameCollisions: readonly NameCollision[];
}

const standIns = new WeakSet<JsonObject>();
const pairs = new WeakMap<JsonObject, { other: JsonObject; facts: StandInPair }>();

/**
 * A new stand-in for the base at `path`. Reading anything of it but an absent `eventHandlers` (the
 * check for `keep` in a base) throws a CarryoverBug: the merge would otherwise read nothing where
 * the document holds something.
 */
export function makeStandIn(path: string): JsonObject {
  const refuse = (what: string): never => {
    throw new CarryoverBug(`${what} of ${path}, a base version kept as a stand-in after it was validated (docs/performance.md, "Lone bases held as stand-ins")`);
  };
  const standIn = new Proxy(Object.freeze({}) as JsonObject, {
    // No document holds `then` (a promise resolved with a stand-in asks for it) or a symbol.
    get: (_target, key) => (key === 'eventHandlers' || key === 'then' || typeof key === 'symbol' ? undefined : refuse(`the merge read ${String(key)}`)),
    has: (_target, key) => refuse(`the merge asked for ${String(key)}`),
    ownKeys: () => refuse('the merge listed the keys'),
    getOwnPropertyDescriptor: (_target, key) => refuse(`the merge read ${String(key)}`),
  });
  standIns.add(standIn);
  return standIn;
}

/** True when `doc` is a stand-in, which holds nothing to read. */
export function isStandIn(doc: JsonObject): boolean {
  return standIns.has(doc);
}

/** Pairs the stand-ins of a Source base and a Target base with what was found of the two documents. */
export function pairStandIns(source: JsonObject, target: JsonObject, facts: StandInPair): void {
  pairs.set(source, { other: target, facts });
  pairs.set(target, { other: source, facts });
}

/** What was found of the two documents `a` and `b` stand in for (in either order), when they are a pair. */
export function standInPair(a: JsonObject, b: JsonObject): StandInPair | undefined {
  const pair = pairs.get(a);
  return pair !== undefined && pair.other === b ? pair.facts : undefined;
}
