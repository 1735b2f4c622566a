import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/backend/handlers.js';
import type { Session } from '../../../electron/backend/session.js';
import { cleanUp, SAMPLE, testSession } from '../../../electron/backend/testing.js';
import { createHttpApi } from '../api.js';
import { createAppStore } from './appStore.js';
import { selectCanCommit } from './selectors.js';

afterEach(cleanUp);

/** A store on the real handlers (web-mode client, in process), the sample analyzed and answered. */
async function answeredSample() {
  const session: Session = testSession();
  const calls: string[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const channel = url.slice('/api/'.length);
    calls.push(channel);
    const result = await dispatch(session, channel, JSON.parse(String(init.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const store = createAppStore(createHttpApi('t', fetchImpl));
  await store.getState().init();
  expect(await store.getState().openSample()).toBe(true);
  expect(await store.getState().startAnalysis()).toBe(true);
  const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: Record<string, never> }).answers;
  store.getState().setAnswers(answers);
  return { store, session, calls };
}

describe('commit in place', () => {
  it('spends the analysis: Commit is disabled, in the app and the back end, until the Target is analyzed again', async () => {
    const { store, session, calls } = await answeredSample();
    store.getState().setCommitMode('in-place');
    expect(await store.getState().commit()).toBe(true);
    expect(selectCanCommit(store.getState())).toBe(false);
    const before = calls.length;
    expect(await store.getState().commit()).toBe(false);
    expect(calls.length).toBe(before);
    // A client that calls anyway is refused: a second backup would be of the merged Target.
    const answers = store.getState().answers;
    const again = await dispatch(session, 'commit:start', { target: { mode: 'in-place' }, answers, allowDestructive: false });
    expect(again).toMatchObject({ ok: false, error: { code: 'no-analysis' } });

    expect(await store.getState().startAnalysis()).toBe(true);
    store.getState().setAnswers(answers);
    expect(selectCanCommit(store.getState())).toBe(true);
    // The answers are saved into the Target as they are given: let that save end before the Target is removed.
    await store.getState().saveAnswers();
  });

  it('shows the rollback history, and which state a rollback restored', async () => {
    const { store } = await answeredSample();
    store.getState().setCommitMode('in-place');
    expect(await store.getState().commit()).toBe(true);
    const history = store.getState().syncHistory;
    expect(history).toHaveLength(1);
    expect(history?.[0]).toMatchObject({ next: true, backup: store.getState().outcome?.backupDir });
    expect(await store.getState().rollBack()).toBe(true);
    expect(store.getState().rollback?.message).toContain(`as it was before the sync of ${history?.[0].time}`);
    expect(store.getState().syncHistory).toEqual([]);
  });
});
