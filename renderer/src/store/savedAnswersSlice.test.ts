import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/backend/handlers.js';
import { cleanUp, testSession } from '../../../electron/backend/testing.js';
import type { Session } from '../../../electron/backend/session.js';
import { createHttpApi } from '../api.js';
import { createAppStore, type AppStore } from './appStore.js';
import { selectUnsavedWork } from './savedAnswersSlice.js';

afterEach(cleanUp);

/** A store on the real handlers, through the web-mode client; `unsaved` records what it reports. */
function storeOn(session: Session): { store: AppStore; unsaved: boolean[] } {
  const unsaved: boolean[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const channel = url.slice('/api/'.length);
    const body = JSON.parse(String(init.body)) as { unsaved?: boolean };
    if (channel === 'app:unsaved') unsaved.push(body.unsaved === true);
    const result = await dispatch(session, channel, body);
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { store: createAppStore(createHttpApi('t', fetchImpl)), unsaved };
}

/** Waits until the store's saves are done. */
async function saved(store: AppStore): Promise<void> {
  for (let i = 0; i < 1000 && store.getState().saveStatus === 'saving'; i++) await new Promise((r) => setTimeout(r, 5));
}

const PAGE_SIZE = 'form:Vendors@group:Purchasing/variables/PageSize';

describe('saved answers in the store', () => {
  it('saves each answer as it is given, and a reopened pair resumes them, listing the stale one', async () => {
    const session = testSession();
    const { store, unsaved } = storeOn(session);
    await store.getState().init();
    await store.getState().openSample();
    await store.getState().startAnalysis();
    const prompts = store.getState().analysis!.prompts;
    const other = prompts.find((p) => p.id !== PAGE_SIZE)!;
    store.getState().goToPrompt(other.id);
    store.getState().answerCurrent('keep');
    store.getState().setAnswer(PAGE_SIZE, 'keep');
    expect(selectUnsavedWork(store.getState())).toBe(true);
    await saved(store);
    expect(store.getState().saveStatus).toBe('saved');
    expect(selectUnsavedWork(store.getState())).toBe(false);
    expect(unsaved).toContain(true);
    expect(unsaved.at(-1)).toBe(false);
    const target = store.getState().pair!.target.root;
    const file = path.join(target, '.carryover', 'answers.json');
    expect(Object.keys((JSON.parse(await readFile(file, 'utf8')) as { answers: object }).answers)).toEqual([other.id, PAGE_SIZE]);

    // The page reloads (a new store on the same back end); the Target changed meanwhile.
    const vendors = path.join(target, 'groups', 'Purchasing', 'forms', 'Vendors.json');
    await writeFile(vendors, (await readFile(vendors, 'utf8')).replace('"PageSize": "25"', '"PageSize": "30"'));
    const next = storeOn(session).store;
    await next.getState().init();
    next.getState().setField('source', store.getState().pair!.source.root);
    next.getState().setField('target', target);
    expect(await next.getState().openFolders()).toBe(true);
    for (let i = 0; i < 200 && next.getState().savedOffer === null; i++) await new Promise((r) => setTimeout(r, 5));
    expect(next.getState().savedOffer).toEqual({ file, count: 2 });
    expect(await next.getState().resumeSavedAnswers()).toBe(true);
    const s = next.getState();
    expect(s.answers).toEqual({ [other.id]: 'keep' });
    expect(s.resumeOutcome).toEqual({ applied: 1, stale: [PAGE_SIZE], unknown: [] });
    expect(s.savedOffer).toBeNull();
  });

  it('counts an Edit buffer with changes as unsaved work until it is closed', async () => {
    const { store } = storeOn(testSession());
    await store.getState().init();
    await store.getState().openSample();
    await store.getState().startAnalysis();
    store.getState().startEdit(store.getState().analysis!.prompts[0]!.id);
    store.getState().setEditDirty(true);
    expect(selectUnsavedWork(store.getState())).toBe(true);
    store.getState().cancelEdit();
    expect(store.getState().editDirty).toBe(false);
    expect(selectUnsavedWork(store.getState())).toBe(false);
  });
});
