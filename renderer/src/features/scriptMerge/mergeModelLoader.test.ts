import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMergeModel } from './mergeModel.js';
import {
  answerMergeModelRequest,
  createMergeModelLoader,
  PREFETCHED_MODELS,
  REMEMBERED_MODELS,
  WARM_UP_LINES,
  warmUpTexts,
  type MergeModelRequest,
  type MergeModelTexts,
  type MergeModelWorker,
} from './mergeModelLoader.js';

const base = 'Sub Main()\r\n  a = 1\r\nEnd Sub\r\n';
const textsOf = (n: number): MergeModelTexts => ({
  targetBase: base,
  customized: base.replace('a = 1', `a = ${n}0`),
  sourceBase: base.replace('a = 1', `a = ${n}00`),
  diffAlgorithm: 'histogram',
});

/** A worker that keeps the requests it is sent, and answers them when told to (with the real function). */
class FakeWorker implements MergeModelWorker {
  requests: MergeModelRequest[] = [];
  terminated = false;
  onmessage: MergeModelWorker['onmessage'] = null;
  onerror: MergeModelWorker['onerror'] = null;
  postMessage(request: MergeModelRequest): void {
    // What crosses to a real worker is a structured clone.
    this.requests.push(structuredClone(request));
  }
  terminate(): void {
    this.terminated = true;
  }
  /** Answers the oldest request not answered yet. */
  answer(): MergeModelRequest {
    const request = this.requests.shift();
    if (!request) throw new Error('no request to answer');
    this.onmessage?.({ data: structuredClone(answerMergeModelRequest(request)) } as MessageEvent);
    return request;
  }
}

function setUp() {
  const workers: FakeWorker[] = [];
  const built: MergeModelTexts[] = [];
  const loader = createMergeModelLoader(
    () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    },
    (texts) => {
      built.push(texts);
      return buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm);
    },
  );
  return { load: loader.load, prefetch: loader.prefetch, warmUp: loader.warmUp, workers, built };
}

/** What a request asks for: the customized text of a model, or `warm-up`. */
const asked = (request: MergeModelRequest): string => (request.kind === 'build' ? request.texts.customized : 'warm-up');

afterEach(() => vi.restoreAllMocks());

describe('answerMergeModelRequest', () => {
  it("answers with the model buildMergeModel builds, and the request's id", () => {
    const texts = textsOf(1);
    expect(answerMergeModelRequest({ kind: 'build', id: 7, texts })).toEqual({ kind: 'built', id: 7, model: buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase) });
  });

  it('answers a warm-up once it has built a model of the warm-up script', () => {
    expect(answerMergeModelRequest({ kind: 'warm-up', id: 4 })).toEqual({ kind: 'warmed', id: 4 });
  });

  it('answers a failure with its message rather than throwing', () => {
    const answer = answerMergeModelRequest({ kind: 'build', id: 3, texts: { ...textsOf(1), customized: null as unknown as string } });
    expect(answer).toMatchObject({ kind: 'failed', id: 3 });
    expect(answer.kind === 'failed' && answer.message).toMatch(/TypeError/);
  });
});

describe('warmUpTexts', () => {
  it("makes a script whose model runs every part of a real prompt's: changes of both sides, their words, a conflict", () => {
    const texts = warmUpTexts(WARM_UP_LINES);
    const model = buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase, texts.diffAlgorithm);
    expect(model.eol).toBe('\r\n');
    expect(model.targetBase.split('\n').length).toBe(WARM_UP_LINES + 4);
    expect(model.conflicts).toHaveLength(1);
    expect(model.changes.map((c) => c.side)).toEqual(expect.arrayContaining(['customized', 'source']));
    for (const changes of [model.customizedChanges, model.sourceChanges]) {
      expect(changes.length).toBeGreaterThan(WARM_UP_LINES / 25);
      expect(changes.every((c) => c.words.length > 0)).toBe(true);
    }
  });
});

describe('createMergeModelLoader', () => {
  it('builds in the worker, started on the first request, and gives the same promise for the same texts', async () => {
    const { load, workers, built } = setUp();
    const texts = textsOf(1);
    const first = load(texts);
    expect(workers).toHaveLength(1);
    expect(workers[0]!.requests).toHaveLength(1);
    // Equal texts in other objects are the same request.
    expect(load({ ...texts })).toBe(first);
    workers[0]!.answer();
    const model = await first;
    expect(model.conflicts).toHaveLength(1);
    expect(model.initialText).toContain('<<<<<<< customized');
    expect(load(texts)).toBe(first);
    expect(workers[0]!.requests).toHaveLength(0);
    expect(workers).toHaveLength(1);
    expect(built).toEqual([]);
  });

  it('builds one model at a time, and only the latest request waits for its turn', async () => {
    const { load, workers } = setUp();
    const a = load(textsOf(1));
    const b = load(textsOf(2));
    const c = load(textsOf(3));
    const worker = workers[0]!;
    expect(worker.requests.map(asked)).toEqual([textsOf(1).customized]);
    worker.answer();
    expect((await a).customized).toContain('a = 10');
    // C took B's place: B is not built unless asked for again.
    expect(worker.requests.map(asked)).toEqual([textsOf(3).customized]);
    expect(load(textsOf(2))).toBe(b);
    worker.answer();
    expect((await c).customized).toContain('a = 30');
    worker.answer();
    expect((await b).customized).toContain('a = 20');
    expect(worker.requests).toHaveLength(0);
  });

  it('ignores an answer to a request it did not send', async () => {
    const { load, workers } = setUp();
    const a = load(textsOf(1));
    const worker = workers[0]!;
    worker.onmessage?.({ data: { kind: 'built', id: 99, model: buildMergeModel(base, base, base) } } as MessageEvent);
    worker.answer();
    expect((await a).conflicts).toHaveLength(1);
  });

  it("rejects a model the worker could not build, with the worker's message", async () => {
    const { load, workers } = setUp();
    const broken = load({ ...textsOf(1), sourceBase: null as unknown as string });
    const next = load(textsOf(2));
    workers[0]!.answer();
    await expect(broken).rejects.toThrow(/Could not build the script merge model: TypeError/);
    // The next request goes on in the same worker.
    workers[0]!.answer();
    expect((await next).conflicts).toHaveLength(1);
  });

  it('builds on this thread, and says so, when the worker fails', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { load, workers, built } = setUp();
    const a = load(textsOf(1));
    const b = load(textsOf(2));
    workers[0]!.onerror?.({ message: '' } as ErrorEvent);
    expect(workers[0]!.terminated).toBe(true);
    expect((await a).customized).toContain('a = 10');
    expect((await b).customized).toContain('a = 20');
    expect(built.map((t) => t.customized)).toEqual([textsOf(1).customized, textsOf(2).customized]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('the worker did not start'));
    // Later requests too, without starting another worker.
    expect((await load(textsOf(3))).customized).toContain('a = 30');
    expect(workers).toHaveLength(1);
  });

  it('builds on this thread when no worker can start', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const loader = createMergeModelLoader(() => {
      throw new Error('Workers are not supported');
    });
    expect((await loader.load(textsOf(1))).conflicts).toHaveLength(1);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('Workers are not supported'));
  });

  it(`remembers the last ${REMEMBERED_MODELS} models asked for`, async () => {
    const { load, workers } = setUp();
    const promises = [];
    for (let i = 1; i <= REMEMBERED_MODELS + 1; i++) {
      promises.push(load(textsOf(i)));
      workers[0]!.answer();
      await promises[i - 1];
    }
    // The first is forgotten (built again, a new promise); the others are remembered.
    for (let i = 2; i <= REMEMBERED_MODELS + 1; i++) expect(load(textsOf(i))).toBe(promises[i - 1]);
    expect(workers[0]!.requests).toHaveLength(0);
    expect(load(textsOf(1))).not.toBe(promises[0]);
    expect(workers[0]!.requests).toHaveLength(1);
  });

  it('warms the worker up before the first model, once', async () => {
    const { load, warmUp, workers } = setUp();
    warmUp();
    expect(workers).toHaveLength(1);
    const worker = workers[0]!;
    const a = load(textsOf(1));
    warmUp();
    expect(worker.requests.map(asked)).toEqual(['warm-up']);
    worker.answer();
    expect(worker.requests.map(asked)).toEqual([textsOf(1).customized]);
    worker.answer();
    expect((await a).conflicts).toHaveLength(1);
    warmUp();
    expect(worker.requests).toHaveLength(0);
    expect(workers).toHaveLength(1);
  });

  it('logs a failed warm-up and goes on with the models asked for', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { load, warmUp, workers } = setUp();
    warmUp();
    const a = load(textsOf(1));
    const worker = workers[0]!;
    worker.requests.shift();
    worker.onmessage?.({ data: { kind: 'failed', id: 1, message: 'RangeError: out of memory' } } as MessageEvent);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('could not warm up: RangeError: out of memory'));
    worker.answer();
    expect((await a).conflicts).toHaveLength(1);
  });

  it('builds the models to prefetch in order, after the one a person waits for', async () => {
    const { load, prefetch, workers, built } = setUp();
    prefetch([textsOf(1), textsOf(2)]);
    const worker = workers[0]!;
    expect(worker.requests.map(asked)).toEqual([textsOf(1).customized]);
    // Asked for while the first is built ahead: it goes before the second.
    const c = load(textsOf(3));
    worker.answer();
    expect(worker.requests.map(asked)).toEqual([textsOf(3).customized]);
    worker.answer();
    expect((await c).customized).toContain('a = 30');
    expect(worker.requests.map(asked)).toEqual([textsOf(2).customized]);
    worker.answer();
    expect(worker.requests).toHaveLength(0);
    // Both built ahead are remembered: asking for them sends nothing.
    expect((await load(textsOf(1))).customized).toContain('a = 10');
    expect((await load(textsOf(2))).customized).toContain('a = 20');
    expect(worker.requests).toHaveLength(0);
    expect(built).toEqual([]);
  });

  it('gives the promise of a model being built ahead to the person who asks for it', async () => {
    const { load, prefetch, workers } = setUp();
    prefetch([textsOf(1)]);
    const a = load(textsOf(1));
    expect(workers[0]!.requests).toHaveLength(1);
    workers[0]!.answer();
    expect((await a).customized).toContain('a = 10');
    expect(load(textsOf(1))).toBe(a);
  });

  it(`prefetches at most ${PREFETCHED_MODELS} models, skips those remembered, and takes a new list in place of the old one`, async () => {
    const { load, prefetch, workers } = setUp();
    await Promise.all([load(textsOf(9)), workers[0]!.answer()]);
    prefetch([textsOf(9), ...Array.from({ length: PREFETCHED_MODELS + 1 }, (_, i) => textsOf(i + 1))]);
    const worker = workers[0]!;
    const sent: string[] = [];
    for (let i = 0; i < PREFETCHED_MODELS + 2 && worker.requests.length > 0; i++) sent.push(asked(worker.answer()));
    expect(sent).toEqual(Array.from({ length: PREFETCHED_MODELS - 1 }, (_, i) => textsOf(i + 1).customized));
    prefetch([textsOf(5), textsOf(6)]);
    prefetch([textsOf(7)]);
    expect(worker.requests.map(asked)).toEqual([textsOf(5).customized]);
    worker.answer();
    expect(worker.requests.map(asked)).toEqual([textsOf(7).customized]);
    prefetch([]);
    worker.answer();
    expect(worker.requests).toHaveLength(0);
  });

  it('never builds ahead on this thread', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const built: MergeModelTexts[] = [];
    const loader = createMergeModelLoader(
      () => {
        throw new Error('Workers are not supported');
      },
      (texts) => {
        built.push(texts);
        return buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase);
      },
    );
    loader.warmUp();
    loader.prefetch([textsOf(1)]);
    expect(built).toEqual([]);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('Workers are not supported'));
  });

  it('forgets a model built ahead when the worker fails, and builds it here once asked for', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { load, prefetch, workers, built } = setUp();
    prefetch([textsOf(1)]);
    workers[0]!.onerror?.({ message: 'crashed' } as ErrorEvent);
    expect(built).toEqual([]);
    expect((await load(textsOf(1))).customized).toContain('a = 10');
    expect(built.map((t) => t.customized)).toEqual([textsOf(1).customized]);
  });
});
