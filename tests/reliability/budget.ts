/**
 * How much each reliability harness does. Inside `npm test` the runs are small (seconds); the
 * full runs come from the npm scripts (`npm run test:crash`, `test:hostile`, `test:properties`,
 * `test:reliability`, which vitest sees as `npm_lifecycle_event`) or from the environment
 * variables, which win over both.
 */

const FULL_SCRIPTS = new Set(['test:reliability', 'test:crash', 'test:hostile', 'test:properties', 'test:write-failures']);

/** True when an npm script asked for the full run of `harness` (or of all of them). */
function full(harness: string): boolean {
  const script = process.env.npm_lifecycle_event ?? '';
  return script === 'test:reliability' || (FULL_SCRIPTS.has(script) && script === `test:${harness}`);
}

function fromEnv(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(text)}`);
  return value;
}

/** Cases per engine property: `PROPERTY_RUNS`; 2,000 in the full run, 60 in `npm test`. */
export function propertyRuns(): number {
  return fromEnv('PROPERTY_RUNS') ?? (full('properties') ? 2000 : 60);
}

/** Generated cases of the on-disk properties (real folders, the CLI in process): `DISK_PROPERTY_RUNS`; 300 in the full run, 8 in `npm test`. */
export function diskPropertyRuns(): number {
  return fromEnv('DISK_PROPERTY_RUNS') ?? (full('properties') ? 300 : 8);
}

/** Generated hostile inputs: `HOSTILE_CASES`; 5,000 in the full run, 80 in `npm test`. */
export function hostileCases(): number {
  return fromEnv('HOSTILE_CASES') ?? (full('hostile') ? 5000 : 80);
}

/** Kills of `sync --in-place` and `rollback`: `CRASH_RUNS`; 300 in the full run, 5 in `npm test`. */
export function crashRuns(): number {
  return fromEnv('CRASH_RUNS') ?? (full('crash') ? 300 : 5);
}

/** Files of the generated Target of the crash harness: `CRASH_FILES`; 2,000 in the full run, 200 in `npm test`. */
export function crashFiles(): number {
  return fromEnv('CRASH_FILES') ?? (full('crash') ? 2000 : 200);
}

/** The seed of the crash harness and the hostile-input generator: `RELIABILITY_SEED`, else a fixed one. */
export function reliabilitySeed(): number {
  return fromEnv('RELIABILITY_SEED') ?? 20240501;
}

/** Every failure point of the write-failure sweep (`test:write-failures`, `test:reliability`); every 25th in `npm test` (`WRITE_FAILURE_STEP`). */
export function writeFailureStep(): number {
  return fromEnv('WRITE_FAILURE_STEP') ?? (full('write-failures') ? 1 : 25);
}

/**
 * The seed of the engine properties: `PROPERTY_SEED`; none (a new one each run, printed on a
 * failure) in the full run, a fixed one in `npm test` so that CI is deterministic.
 */
export function propertySeed(): number | undefined {
  const given = process.env.PROPERTY_SEED;
  if (given !== undefined && given !== '') return Number(given);
  return full('properties') ? undefined : 424242;
}
