/**
 * A broken invariant of Carryover itself: never bad input, never a conflict (those are problems
 * and prompts). The CLI maps it to exit 1 and the app to an error banner; its message says that it
 * is a bug, so that whoever sees it reports it rather than retrying with other input.
 */
export class CarryoverBug extends Error {
  constructor(message: string) {
    super(`Carryover bug (please report it): ${message}`);
    this.name = 'CarryoverBug';
  }
}
