/**
 * The result of merging one thing: its value, or `unresolved` while a prompt it raised has no
 * valid answer. The one encoding of "unresolved" in the engine: a merger that asked and got no
 * answer returns `UNRESOLVED`, and its caller passes it up (the plan exists only when none is left).
 */
export type Outcome<T> = { kind: 'resolved'; value: T } | { kind: 'unresolved' };

/** The outcome of a prompt left without a valid answer. */
export const UNRESOLVED: Outcome<never> = Object.freeze({ kind: 'unresolved' });

/** A resolved outcome. */
export function resolved<T>(value: T): Outcome<T> {
  return { kind: 'resolved', value };
}
