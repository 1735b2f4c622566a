/**
 * Builds script merge models off the main thread: the client side of the merge model's Web Worker
 * (mergeModelWorker.ts), without the worker itself, so that it is testable under Node with a fake
 * one. The app's instance is mergeModels.ts. Why: building the model of a 20,000-line script
 * (core's merge, the line and word changes of both sides) takes hundreds of milliseconds; in a
 * worker it runs while the Prompts screen shows the prompt and while Monaco loads, instead of
 * between the click on *Edit* and the editor (docs/performance.md, "The merge editor's first
 * open").
 */
import type { DiffAlgorithm } from '../../../../core/textMerge/index.js';
import { buildMergeModel, type ScriptMergeModel } from './mergeModel.js';

/** The three texts of a script prompt and the line matching core merged them with. */
export interface MergeModelTexts {
  targetBase: string;
  customized: string;
  sourceBase: string;
  diffAlgorithm: DiffAlgorithm;
}

/**
 * What the page asks the worker: the model of a prompt's texts, or a warm-up (a model of
 * warmUpTexts, thrown away: it loads the worker's code and gets it compiled).
 */
export type MergeModelRequest = { kind: 'build'; id: number; texts: MergeModelTexts } | { kind: 'warm-up'; id: number };

/** What the worker answers: the model, the end of a warm-up, or why building failed (a bug: the message of the error thrown). */
export type MergeModelResponse = { kind: 'built'; id: number; model: ScriptMergeModel } | { kind: 'warmed'; id: number } | { kind: 'failed'; id: number; message: string };

/** The part of a Web Worker the loader uses (a fake one in tests). */
export interface MergeModelWorker {
  postMessage(request: MergeModelRequest): void;
  onmessage: ((event: MessageEvent<MergeModelResponse>) => void) | null;
  /** The worker itself failed (its script did not load, ...), not one model. */
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

/** The worker's whole job, as a plain function: the answer to one request. */
export function answerMergeModelRequest(request: MergeModelRequest): MergeModelResponse {
  const { id } = request;
  try {
    switch (request.kind) {
      case 'build': {
        const { texts } = request;
        return { kind: 'built', id, model: buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm) };
      }
      case 'warm-up': {
        const texts = warmUpTexts(WARM_UP_LINES);
        buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm);
        return { kind: 'warmed', id };
      }
      default:
        return assertNever(request);
    }
  } catch (error) {
    return { kind: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function assertNever(value: never): never {
  throw new Error(`Unexpected merge model request: ${JSON.stringify(value)}`);
}

/** Lines of the warm-up's script: enough for the merge's and the diffs' loops to be compiled, a few tens of milliseconds. */
export const WARM_UP_LINES = 3000;

/**
 * A script of `lines` lines shaped like a real prompt's (CRLF, the customizer and the vendor
 * editing lines apart, one line both edited: a conflict, and edits inside lines, for the word
 * changes), for the worker's warm-up: a fresh worker runs its code cold, several times slower
 * than once it is compiled (docs/performance.md, "The merge editor's first open").
 */
export function warmUpTexts(lines: number): MergeModelTexts {
  const script = (edit: (i: number) => string | null): string => {
    const out = ['Option Explicit On', 'Sub Main()'];
    for (let i = 0; i < lines; i++) out.push(edit(i) ?? `    ThisForm.Variables("V${i}").Value = "${i}"`);
    out.push('End Sub', '');
    return out.join('\r\n');
  };
  const conflictAt = Math.floor(lines / 2);
  return {
    targetBase: script(() => null),
    customized: script((i) => (i % 20 === 5 || i === conflictAt ? `    ThisForm.Variables("V${i}").Value = "acme ${i}"` : null)),
    sourceBase: script((i) => (i % 20 === 15 || i === conflictAt ? `    ThisForm.Variables("W${i}").Value = "${i}" ' vendor` : null)),
    diffAlgorithm: 'histogram',
  };
}

/**
 * Gives the models of script prompts' texts: `load` the one a person waits for (the prompt
 * shown, the editor opened), the same promise for the same texts while remembered; `prefetch`
 * those a person is likely to open next; `warmUp` gets the worker ready before any is asked for.
 */
export interface MergeModelLoader {
  load(texts: MergeModelTexts): Promise<ScriptMergeModel>;
  /**
   * The model of these texts if it is built and remembered (and then remembered as the most
   * recent), else null: what `load` would give, without waiting for a promise (a component that
   * suspends on a promise, even one already settled, shows its fallback for a moment: React
   * then holds the content back for 300 ms).
   */
  built(texts: MergeModelTexts): ScriptMergeModel | null;
  /**
   * Builds these models ahead, in this order, while no model a person asked for waits (at most
   * PREFETCHED_MODELS; the list replaces the previous one, `[]` cancels it). Never on the main
   * thread: without a worker it does nothing.
   */
  prefetch(list: readonly MergeModelTexts[]): void;
  /** Starts the worker, if it is not started, and has it build a model of warmUpTexts first. */
  warmUp(): void;
}

/** How many models are remembered (the prompts seen last): a 20,000-line script's model holds about 4 MB of text. */
export const REMEMBERED_MODELS = 4;

/** How many models are built ahead at most: fewer than are remembered, so that the prompt a person then opens does not push one out. */
export const PREFETCHED_MODELS = REMEMBERED_MODELS - 1;

interface Entry {
  texts: MergeModelTexts;
  promise: Promise<ScriptMergeModel>;
  resolve(model: ScriptMergeModel): void;
  reject(error: Error): void;
  /** `idle`: asked for, then replaced by a later request before its turn came. */
  state: 'idle' | 'waiting' | 'running' | 'settled';
  /** Asked for with `load` (not only built ahead): someone may be awaiting the promise. */
  asked: boolean;
  /** The model, once built. */
  model: ScriptMergeModel | null;
}

const sameTexts = (a: MergeModelTexts, b: MergeModelTexts): boolean =>
  a.targetBase === b.targetBase && a.customized === b.customized && a.sourceBase === b.sourceBase && a.diffAlgorithm === b.diffAlgorithm;

/**
 * A loader that builds models in the worker `startWorker` gives (started on the first request or
 * warm-up), one at a time. Only the latest `load` waits for its turn: a request made while
 * another waits (a person stepping through prompts with Alt+N) takes its place, and the one it
 * replaced is built if it is asked for again (with the same promise while it is remembered). So
 * a promise is awaited only until another model is asked for, which holds in the app: the
 * Prompts screen asks for the prompt it shows, and the editor, which replaces that screen, for
 * the prompt it edits. Models to prefetch come after the one waiting: a person's request waits
 * at most for the model being built. When the worker cannot start or fails, models asked for are
 * built on this thread (slower, but the editor opens), and the failure is logged. The last
 * REMEMBERED_MODELS models are remembered, so *Edit* again finds its model ready.
 */
export function createMergeModelLoader(startWorker: () => MergeModelWorker, build: (texts: MergeModelTexts) => ScriptMergeModel = defaultBuild): MergeModelLoader {
  let worker: MergeModelWorker | null = null;
  let broken = false;
  /** The request the worker is answering: a model (`entry`), or the warm-up (`entry` null). */
  let running: { id: number; entry: Entry | null } | null = null;
  let waiting: Entry | null = null;
  let warmUpWanted = false;
  /** Models to build ahead, first first. */
  let ahead: MergeModelTexts[] = [];
  let nextId = 1;
  /** Most recently asked last. */
  const entries: Entry[] = [];

  const buildHere = (entry: Entry): void => {
    entry.state = 'settled';
    try {
      entry.resolve(build(entry.texts));
    } catch (error) {
      entry.reject(error instanceof Error ? error : new Error(String(error)));
    }
  };

  const fail = (message: string): void => {
    console.error(`The merge model's worker failed; building models on the main thread instead: ${message}`);
    broken = true;
    worker?.terminate();
    worker = null;
    const pending = [running?.entry, waiting].filter((e): e is Entry => e !== null && e !== undefined);
    // A model built ahead that nobody asked for yet is forgotten rather than built here: asked
    // for later, it is built then.
    for (const entry of pending.filter((e) => !e.asked)) entries.splice(entries.indexOf(entry), 1);
    running = null;
    waiting = null;
    ahead = [];
    warmUpWanted = false;
    for (const entry of pending) if (entry.asked) buildHere(entry);
  };

  /** The worker, started if need be; null when it cannot start (then `broken`). */
  const theWorker = (): MergeModelWorker | null => {
    if (!worker && !broken) {
      try {
        worker = startWorker();
        worker.onmessage = ({ data }) => {
          if (!running || data.id !== running.id) return;
          const done = running.entry;
          running = null;
          if (done) {
            done.state = 'settled';
            if (data.kind === 'built') done.resolve(data.model);
            else done.reject(new Error(`Could not build the script merge model: ${data.kind === 'failed' ? data.message : 'the worker answered with a warm-up'}`));
          } else if (data.kind === 'failed') {
            // The warm-up only saves time: its failure is a bug to see, not a reason to stop.
            console.error(`The merge model's worker could not warm up: ${data.message}`);
          }
          startNext();
        };
        // A worker whose script fails to load reports an event without a message.
        worker.onerror = (event) => fail(event.message || 'the worker did not start');
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }
    return worker;
  };

  /** An entry for these texts: the one remembered, or a new one (not remembered yet). */
  const entryOf = (texts: MergeModelTexts): Entry => {
    const known = entries.find((e) => sameTexts(e.texts, texts));
    if (known) return known;
    let resolve!: (model: ScriptMergeModel) => void;
    let reject!: Entry['reject'];
    const promise = new Promise<ScriptMergeModel>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Entry = {
      texts,
      promise,
      resolve: (model) => {
        entry.model = model;
        resolve(model);
      },
      reject,
      state: 'idle',
      asked: false,
      model: null,
    };
    return entry;
  };

  /** Remembers `entry` as the most recent, and forgets the oldest beyond REMEMBERED_MODELS, except the model being built and the one waiting. */
  const remember = (entry: Entry): void => {
    const at = entries.indexOf(entry);
    if (at >= 0) entries.splice(at, 1);
    entries.push(entry);
    for (let i = 0; entries.length > REMEMBERED_MODELS && i < entries.length - 1; ) {
      const state = entries[i]!.state;
      if (state === 'settled' || state === 'idle') entries.splice(i, 1);
      else i++;
    }
  };

  const startNext = (): void => {
    if (running) return;
    if (waiting) {
      const entry = waiting;
      waiting = null;
      const w = theWorker();
      if (!w) {
        buildHere(entry);
        return;
      }
      entry.state = 'running';
      running = { id: nextId++, entry };
      w.postMessage({ kind: 'build', id: running.id, texts: entry.texts });
      return;
    }
    if (warmUpWanted) {
      warmUpWanted = false;
      const w = theWorker();
      if (!w) return;
      running = { id: nextId++, entry: null };
      w.postMessage({ kind: 'warm-up', id: running.id });
      return;
    }
    while (ahead.length > 0 && !broken) {
      const entry = entryOf(ahead.shift()!);
      // Built, being built or waiting already.
      if (entry.state !== 'idle') continue;
      const w = theWorker();
      if (!w) return;
      entry.state = 'running';
      running = { id: nextId++, entry };
      remember(entry);
      w.postMessage({ kind: 'build', id: running.id, texts: entry.texts });
      return;
    }
  };

  return {
    load: (texts) => {
      const entry = entryOf(texts);
      entry.asked = true;
      if (entry.state === 'idle') {
        if (waiting) waiting.state = 'idle';
        entry.state = 'waiting';
        waiting = entry;
      }
      remember(entry);
      startNext();
      return entry.promise;
    },
    built: (texts) => {
      const entry = entries.find((e) => sameTexts(e.texts, texts));
      if (!entry?.model) return null;
      remember(entry);
      return entry.model;
    },
    prefetch: (list) => {
      ahead = broken ? [] : list.slice(0, PREFETCHED_MODELS);
      startNext();
    },
    warmUp: () => {
      if (worker || broken || running) return;
      warmUpWanted = true;
      startNext();
    },
  };
}

function defaultBuild(texts: MergeModelTexts): ScriptMergeModel {
  return buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm);
}
