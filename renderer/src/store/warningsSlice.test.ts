import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/backend/handlers.js';
import { cleanUp, SAMPLE, testSession } from '../../../electron/backend/testing.js';
import { createHttpApi } from '../api.js';
import { createAppStore } from './appStore.js';
import { selectWarnings } from './warningsSlice.js';

afterEach(cleanUp);

async function analyzedStore() {
  const session = testSession();
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const result = await dispatch(session, url.slice('/api/'.length), JSON.parse(String(init.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const store = createAppStore(createHttpApi('t', fetchImpl));
  await store.getState().init();
  expect(await store.getState().openSample()).toBe(true);
  expect(await store.getState().startAnalysis()).toBe(true);
  return store;
}

describe('refreshWarnings', () => {
  it('shows the warnings an answer creates as soon as it is given, not only after commit', async () => {
    const store = await analyzedStore();
    const before = selectWarnings(store.getState());
    expect(before).toHaveLength(6);
    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: Record<string, never> }).answers;
    store.getState().setAnswers(answers);
    // Until the back end answers, the analysis's own warnings stand.
    expect(selectWarnings(store.getState())).toBe(store.getState().analysis?.warnings);
    await store.getState().refreshWarnings();
    const after = selectWarnings(store.getState());
    expect(after).toHaveLength(7);
    const duplicates = (list: readonly { code: string }[]) => list.filter((w) => w.code === 'logical-duplicate').length;
    expect(duplicates(after)).toBe(duplicates(before) + 1);
    // Clearing the answers brings the analysis's warnings back.
    store.getState().setAnswers({});
    expect(selectWarnings(store.getState())).toHaveLength(6);
  });
});
