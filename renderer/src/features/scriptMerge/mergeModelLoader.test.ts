import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildMergeModel } from './mergeModel.js';
import { answerMergeModelRequest, createMergeModelLoader, REMEMBERED_MODELS, type MergeModelRequest, type MergeModelTexts, type MergeModelWorker } from './mergeModelLoader.js';

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
  const load = createMergeModelLoader(
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
  return { load, workers, built };
}

afterEach(() => vi.restoreAllMocks());

describe('answerMergeModelRequest', () => {
  it("answers with the model buildMergeModel builds, and the request's id", () => {
    const texts = textsOf(1);
    expect(answerMergeModelRequest({ id: 7, texts })).toEqual({ kind: 'built', id: 7, model: buildMergeModel(texts.targetBase, texts.customized, texts.sourceBase) });
  });

  it('answers a failure with its message rather than throwing', () => {
    const answer = answerMergeModelRequest({ id: 3, texts: { ...textsOf(1), customized: null as unknown as string } });
    expect(answer).toMatchObject({ kind: 'failed', id: 3 });
    expect(answer.kind === 'failed' && answer.message).toMatch(/TypeError/);
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
    expect(worker.requests.map((r) => r.texts.customized)).toEqual([textsOf(1).customized]);
    worker.answer();
    expect((await a).customized).toContain('a = 10');
    // C took B's place: B is not built unless asked for again.
    expect(worker.requests.map((r) => r.texts.customized)).toEqual([textsOf(3).customized]);
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
    const load = createMergeModelLoader(() => {
      throw new Error('Workers are not supported');
    });
    expect((await load(textsOf(1))).conflicts).toHaveLength(1);
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
});
