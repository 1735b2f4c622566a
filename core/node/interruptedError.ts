/** Ctrl+C while a question is asked in the terminal: the answers given so far stay saved (docs/sessions.md). */
export class InterruptedError extends Error {
  constructor() {
    super('interrupted');
    this.name = 'InterruptedError';
  }
}
