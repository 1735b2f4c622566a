/**
 * Builds script merge models off the main thread: the client side of the merge model's Web Worker
 * (mergeModelWorker.ts), without the worker itself, so that it is testable under Node with a fake
 * one. The app's instance is loadMergeModel.ts. Why: building the model of a 20,000-line script
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

/** What the page asks the worker. */
export interface MergeModelRequest {
  id: number;
  texts: MergeModelTexts;
}

/** What the worker answers: the model, or why building it failed (a bug: the message of the error thrown). */
export type MergeModelResponse = { kind: 'built'; id: number; model: ScriptMergeModel } | { kind: 'failed'; id: number; message: string };

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
  const { id, texts } = request;
  try {
    return { kind: 'built', id, model: buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm) };
  } catch (error) {
    return { kind: 'failed', id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

/** Gives the model of a script prompt's texts; the same promise for the same texts while remembered. */
export type LoadMergeModel = (texts: MergeModelTexts) => Promise<ScriptMergeModel>;

/** How many models are remembered (the prompts seen last): a 20,000-line script's model holds about 4 MB of text. */
export const REMEMBERED_MODELS = 4;

interface Entry {
  texts: MergeModelTexts;
  promise: Promise<ScriptMergeModel>;
  resolve(model: ScriptMergeModel): void;
  reject(error: Error): void;
  /** `idle`: asked for, then replaced by a later request before its turn came. */
  state: 'idle' | 'waiting' | 'running' | 'settled';
}

const sameTexts = (a: MergeModelTexts, b: MergeModelTexts): boolean =>
  a.targetBase === b.targetBase && a.customized === b.customized && a.sourceBase === b.sourceBase && a.diffAlgorithm === b.diffAlgorithm;

/**
 * A loader that builds models in the worker `startWorker` gives (started on the first request),
 * one at a time. Only the latest request waits for its turn: a request made while another waits
 * (a person stepping through prompts with Alt+N) takes its place, and the one it replaced is
 * built if it is asked for again (with the same promise while it is remembered). So a promise is
 * awaited only until another model is asked for, which holds in the app: the Prompts screen asks
 * for the prompt it shows, and the editor, which replaces that screen, for the prompt it edits.
 * When the worker cannot start or fails, models are built on this thread (slower, but the editor
 * opens), and the failure is logged. The last REMEMBERED_MODELS models are remembered, so *Edit*
 * again finds its model ready.
 */
export function createMergeModelLoader(startWorker: () => MergeModelWorker, build: (texts: MergeModelTexts) => ScriptMergeModel = defaultBuild): LoadMergeModel {
  let worker: MergeModelWorker | null = null;
  let broken = false;
  let running: { id: number; entry: Entry } | null = null;
  let waiting: Entry | null = null;
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
    running = null;
    waiting = null;
    for (const entry of pending) buildHere(entry);
  };

  const startNext = (): void => {
    if (running || !waiting) return;
    const entry = waiting;
    waiting = null;
    if (!worker && !broken) {
      try {
        worker = startWorker();
        worker.onmessage = ({ data }) => {
          if (!running || data.id !== running.id) return;
          const done = running.entry;
          running = null;
          done.state = 'settled';
          if (data.kind === 'built') done.resolve(data.model);
          else done.reject(new Error(`Could not build the script merge model: ${data.message}`));
          startNext();
        };
        // A worker whose script fails to load reports an event without a message.
        worker.onerror = (event) => fail(event.message || 'the worker did not start');
      } catch (error) {
        fail(error instanceof Error ? error.message : String(error));
      }
    }
    if (!worker) {
      buildHere(entry);
      return;
    }
    entry.state = 'running';
    running = { id: nextId++, entry };
    worker.postMessage({ id: running.id, texts: entry.texts });
  };

  return (texts) => {
    let entry = entries.find((e) => sameTexts(e.texts, texts));
    if (entry) entries.splice(entries.indexOf(entry), 1);
    else {
      let resolve!: Entry['resolve'];
      let reject!: Entry['reject'];
      const promise = new Promise<ScriptMergeModel>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      entry = { texts, promise, resolve, reject, state: 'idle' };
    }
    entries.push(entry);
    if (entry.state === 'idle') {
      if (waiting) waiting.state = 'idle';
      entry.state = 'waiting';
      waiting = entry;
    }
    // Forget the oldest, except the model being built and the one waiting for its turn.
    for (let i = 0; entries.length > REMEMBERED_MODELS && i < entries.length - 1; ) {
      const state = entries[i]!.state;
      if (state === 'settled' || state === 'idle') entries.splice(i, 1);
      else i++;
    }
    startNext();
    return entry.promise;
  };
}

function defaultBuild(texts: MergeModelTexts): ScriptMergeModel {
  return buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm);
}
