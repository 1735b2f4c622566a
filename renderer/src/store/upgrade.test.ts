import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../core/node/cli.js';
import { dispatch } from '../../../electron/backend/handlers.js';
import { cleanUp, SAMPLE, sampleCopy, testSession } from '../../../electron/backend/testing.js';
import type { AnswerMap } from '../../../electron/contract.js';
import { createHttpApi } from '../api.js';
import { createAppStore } from './appStore.js';
import { selectCanCommit, selectPromptsLeft } from './selectors.js';

afterEach(cleanUp);

/** A copy of the sample after phase 1 (`sync --in-place --answer defer`). */
async function afterPhase1(): Promise<{ source: string; target: string }> {
  const copy = await sampleCopy();
  const quiet = { stdout: () => undefined, stderr: () => undefined, interactive: false };
  expect(await main(['sync', '--source', copy.source, '--target', copy.target, '--options', path.join(SAMPLE, 'options.json'), '--in-place', '--answer', 'defer'], quiet)).toBe(0);
  return copy;
}

/** A store on the real handlers (web-mode client, in process, a fresh back-end session: what a reload starts from), the pair opened. */
async function openStore(copy: { source: string; target: string }) {
  const session = testSession();
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const result = await dispatch(session, url.slice('/api/'.length), JSON.parse(String(init.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const store = createAppStore(createHttpApi('t', fetchImpl));
  await store.getState().init();
  store.getState().setField('source', copy.source);
  store.getState().setField('target', copy.target);
  expect(await store.getState().openFolders()).toBe(true);
  return store;
}

describe('Complete an upgrade (the store)', () => {
  it('opens the pending prompts of a Target after phase 1, answers them and commits in place', async () => {
    const store = await openStore(await afterPhase1());
    expect(store.getState().pair?.pending?.prompts).toBe(8);

    expect(await store.getState().openUpgrade()).toBe(true);
    const s = store.getState();
    expect(s.screen).toBe('prompts');
    expect(s.upgrade).toBe(true);
    expect(s.commitMode).toBe('in-place');
    expect(selectPromptsLeft(s)).toBe(8);

    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: AnswerMap }).answers;
    store.getState().setAnswers(answers);
    expect(selectCanCommit(store.getState())).toBe(true);
    expect(await store.getState().commit()).toBe(true);
    expect(store.getState().outcome).toMatchObject({ mode: 'in-place', summary: { prompts: 8, answered: 8 } });
  });

  it('resumes the answers saved while completing an upgrade into the pending prompts, after a reload', async () => {
    const copy = await afterPhase1();
    const first = await openStore(copy);
    expect(await first.getState().openUpgrade()).toBe(true);
    const ids = first.getState().analysis!.prompts.map((p) => p.id);
    first.getState().setAnswers({ [ids[0]!]: 'keep', [ids[1]!]: 'replace' });
    await first.getState().saveAnswers();

    const second = await openStore(copy);
    await second.getState().checkSavedAnswers();
    expect(second.getState().savedOffer?.count).toBe(2);
    expect(await second.getState().resumeSavedAnswers()).toBe(true);
    const s = second.getState();
    expect(s.upgrade).toBe(true);
    expect(s.answers).toMatchObject({ [ids[0]!]: 'keep', [ids[1]!]: 'replace' });
    expect(selectPromptsLeft(s)).toBe(6);
  });
});
