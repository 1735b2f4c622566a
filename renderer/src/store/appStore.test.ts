import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/backend/handlers.js';
import { cleanUp, SAMPLE, testSession } from '../../../electron/backend/testing.js';
import type { Session } from '../../../electron/backend/session.js';
import { createHttpApi, TOKEN_HEADER } from '../api.js';
import { createAppStore, type AppStore } from './appStore.js';
import { promptCounterText, selectCanCommit, selectPromptsLeft } from './selectors.js';

afterEach(cleanUp);

/** A store talking to the real handlers, through the web-mode client, in process. */
function storeOnBackEnd(session: Session = testSession()): { store: AppStore; calls: string[] } {
  const calls: string[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    const channel = url.slice('/api/'.length);
    calls.push(channel);
    expect((init.headers as Record<string, string>)[TOKEN_HEADER]).toBe('t0k3n');
    const result = await dispatch(session, channel, JSON.parse(String(init.body)));
    return new Response(JSON.stringify(result), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { store: createAppStore(createHttpApi('t0k3n', fetchImpl)), calls };
}

async function analyzedStore() {
  const { store, calls } = storeOnBackEnd();
  await store.getState().init();
  expect(await store.getState().openSample()).toBe(true);
  expect(await store.getState().startAnalysis()).toBe(true);
  return { store, calls };
}

describe('the web-mode client', () => {
  it('turns an unreachable server into an error result', async () => {
    const api = createHttpApi('x', (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch);
    expect(await api.app.info({})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});

describe('the app store', () => {
  it('opens the sample and goes to Options with its options', async () => {
    const { store } = storeOnBackEnd();
    await store.getState().init();
    expect(store.getState().info?.mode).toBe('web');
    await store.getState().openSample();
    const s = store.getState();
    expect(s.pair?.sample).toBe(true);
    expect(s.screen).toBe('options');
    expect(s.fields.target).toBe(s.pair?.target.root);
  });

  it('stops at Configurations with every problem when folders are missing', async () => {
    const { store } = storeOnBackEnd();
    await store.getState().init();
    store.getState().setField('source', '/nowhere/at/all');
    store.getState().setField('target', '/nowhere/either');
    expect(await store.getState().openFolders()).toBe(false);
    expect(store.getState().openProblems.map((p) => p.side)).toEqual(['source', 'target']);
    expect(store.getState().screen).toBe('configurations');
  });

  it('analyzes through a polled job and lands on Review with every prompt unanswered', async () => {
    const { store, calls } = await analyzedStore();
    const s = store.getState();
    expect(s.screen).toBe('review');
    expect(s.job).toBeNull();
    expect(s.analysis?.prompts).toHaveLength(8);
    expect(calls).toContain('jobs:status');
    expect(selectPromptsLeft(s)).toBe(8);
    expect(promptCounterText(selectPromptsLeft(s))).toBe('8 prompts left');
    expect(selectCanCommit(s)).toBe(false);
  });

  it('answers a prompt and moves to the next unanswered one', async () => {
    const { store } = await analyzedStore();
    store.getState().nextPrompt();
    const first = store.getState().analysis?.prompts[0]?.id;
    expect(store.getState()).toMatchObject({ screen: 'prompts', currentPromptId: first });
    store.getState().answerCurrent('keep');
    expect(store.getState().answers[first as string]).toBe('keep');
    expect(store.getState().currentPromptId).toBe(store.getState().analysis?.prompts[1]?.id);
    expect(promptCounterText(selectPromptsLeft(store.getState()))).toBe('7 prompts left');
    store.getState().previousPrompt();
    expect(store.getState().currentPromptId).toBe(first);
    store.getState().clearAnswer(first as string);
    expect(selectPromptsLeft(store.getState())).toBe(8);
  });

  it('stores an edit as the answer and returns to the prompts', async () => {
    const { store } = await analyzedStore();
    const id = 'form:PurchaseOrders@group:Purchasing/script';
    store.getState().startEdit(id);
    expect(store.getState()).toMatchObject({ screen: 'script', editing: { promptId: id } });
    store.getState().applyEdit('Sub Main()\r\nEnd Sub\r\n');
    expect(store.getState().answers[id]).toEqual({ edit: 'Sub Main()\r\nEnd Sub\r\n' });
    expect(store.getState()).toMatchObject({ screen: 'prompts', editing: null });
  });

  it('commits once every prompt is answered, in place, and rolls back', async () => {
    const { store } = await analyzedStore();
    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: Record<string, never> }).answers;
    store.getState().setAnswers(answers);
    expect(selectPromptsLeft(store.getState())).toBe(0);
    expect(selectCanCommit(store.getState())).toBe(true);
    store.getState().setCommitMode('in-place');
    expect(await store.getState().commit()).toBe(true);
    expect(store.getState().outcome).toMatchObject({ mode: 'in-place', summary: { answered: 8 } });
    expect(await store.getState().rollBack()).toBe(true);
    expect(store.getState().rollback?.status).toBe('done');
    // The report of the rolled-back merge stays available.
    expect(await store.getState().openLastReport()).toBe(true);
  });

  it('will not commit to a new folder without one', async () => {
    const { store } = await analyzedStore();
    const answers = (JSON.parse(await readFile(path.join(SAMPLE, 'answers.json'), 'utf8')) as { answers: Record<string, never> }).answers;
    store.getState().setAnswers(answers);
    expect(await store.getState().commit()).toBe(false);
    expect(store.getState().commitError?.message).toMatch(/output folder/);
  });

  it('edits merge rules and restores their defaults', () => {
    const { store } = storeOnBackEnd();
    store.getState().setRule('componentAttributes', 'binding', 'replace');
    expect(store.getState().options.merge.componentAttributes['binding']).toBe('replace');
    store.getState().removeRule('componentAttributes', 'caption');
    expect(store.getState().options.merge.componentAttributes).not.toHaveProperty('caption');
    store.getState().removeRule('componentAttributes', '*');
    expect(store.getState().options.merge.componentAttributes['*']).toBe('prompt');
    store.getState().restoreDefaultRules();
    expect(store.getState().options.merge.componentAttributes).not.toHaveProperty('binding');
    expect(store.getState().options.merge.componentAttributes['caption']).toBe('keep');
  });

  it('exports a report and opens it read-only', async () => {
    const { store } = await analyzedStore();
    store.getState().setExportFormat('json');
    const file = await store.getState().exportReport();
    expect(file?.fileName).toMatch(/\.json$/);
    expect(await store.getState().openReportText(file?.text ?? '', 'r.json')).toBe(true);
    expect(store.getState()).toMatchObject({ screen: 'reports', viewedReport: { title: 'r.json' } });
    expect(await store.getState().openReportText('{}', 'bad.json')).toBe(false);
    expect(store.getState().reportError?.code).toBe('invalid-report');
  });
});
