import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';

/**
 * A ceiling on the main thread's young generation, for the CLI (docs/performance.md, "A small
 * young generation for the main thread").
 *
 * V8 starts the young generation small and doubles it (up to halves of 16 MB) while much of what
 * it holds survives, which is always the case while a command parses the configurations it
 * keeps. A young generation of halves of 4 MB is collected more often but stays in the
 * processor's caches, and the process touches less memory: a sync at 2,000 forms took about
 * 0.2 s less CPU and 25 MB less at its peak. V8 takes its size limit only when the process
 * starts (`--max-semi-space-size`), but it reads its growth factor (`--semi-space-growth-factor`)
 * each time it grows the young generation: once the young generation has reached the ceiling, a
 * factor of 1 keeps it there.
 *
 * The young generation's size is read every 5 ms while it grows, and less often (every 20 ms at
 * most) while it does not, until it reaches the ceiling (V8 has no call that says when it grows);
 * the timer does not hold the process open.
 *
 * V8 puts the factor back to 2 whenever it makes a heap: a worker thread's start undoes it. So a
 * thread started once the ceiling is reached sets the factor itself, first thing, and whoever
 * starts a thread calls {@link reassertYoungGenerationCap} once the thread runs (for the ceiling
 * reached while the thread was starting).
 */

/** The time between two reads of the young generation's size while it grows, and the longest while it does not. */
const POLL_MS = 5;
const POLL_MAX_MS = 20;
const MB = 1024 * 1024;
/** The V8 flag that stops every young generation of the process from growing further. */
const STOP_GROWTH_FLAG = '--semi-space-growth-factor=1';

/** The ceiling for both halves together, in bytes; 0 while no ceiling is set. */
let ceilingBytes = 0;
/** True once the young generation has reached the ceiling and the factor has been set to 1. */
let reached = false;
let timer: ReturnType<typeof setTimeout> | null = null;
/** The size last read, and the time until the next read. */
let lastBytes = 0;
let delay = POLL_MS;

/** The main thread's young generation (both halves), in bytes, as V8 reports it. */
export function youngGenerationBytes(): number {
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') return space.space_size;
  return 0;
}

/**
 * Keeps this thread's young generation at halves of at most `semiSpaceMb` from the moment it
 * reaches that size (a young generation already larger stays as it is). Only for a process of
 * its own, such as the CLI: the factor is V8's, for every heap of the process.
 */
export function capYoungGeneration(semiSpaceMb: number): void {
  ceilingBytes = 2 * semiSpaceMb * MB;
  reached = false;
  lastBytes = 0;
  delay = POLL_MS;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  check();
}

/** Sets the factor again after a heap was made (a worker thread started), if the ceiling was reached. */
export function reassertYoungGenerationCap(): void {
  if (reached) stopGrowth();
}

/**
 * The V8 flag a worker thread starting now must set itself as soon as its heap is made, or null
 * while the ceiling is not reached: set there, it does not wait for this thread to hear that the
 * thread is online.
 */
export function flagForNewThread(): string | null {
  return reached ? STOP_GROWTH_FLAG : null;
}

function check(): void {
  timer = null;
  const bytes = youngGenerationBytes();
  if (bytes >= ceilingBytes) {
    reached = true;
    stopGrowth();
    return;
  }
  // Growing: read again soon, before it doubles twice; idle (a prompt, a small configuration):
  // less often.
  delay = bytes > lastBytes ? POLL_MS : Math.min(2 * delay, POLL_MAX_MS);
  lastBytes = bytes;
  timer = setTimeout(check, delay);
  timer.unref();
}

function stopGrowth(): void {
  setFlagsFromString(STOP_GROWTH_FLAG);
}
