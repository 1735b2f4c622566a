import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../../core/analysis.js';
import { defaultOptions } from '../../../core/options.js';
import type { AnalysisView } from '../../../electron/contract.js';
import { createHttpApi } from '../api.js';
import { createAppStore } from './appStore.js';
import { selectSimilarToApply } from './selectors.js';

const caption = (id: string, customized = 'Cust #', choices: Prompt['choices'] = ['keep', 'replace']): Prompt => ({
  id,
  question: 'caption?',
  choices,
  answer: null,
  customized,
  targetBase: 'Customer',
  sourceBase: 'Customer number',
});

const PROMPTS = [
  caption('form:A@user:U1/components/C/caption'),
  caption('form:A@user:U2/components/C/caption'),
  caption('form:B@site/components/D/caption'),
  caption('form:A@user:U3/components/C/caption', 'different'),
  caption('form:A@user:U4/components/C/hint'),
];

function analyzedStore() {
  // The action reads and writes the store only; the one call it causes is the save of the answers given (docs/sessions.md).
  const saved = JSON.stringify({ ok: true, value: { saved: true, problem: null } });
  const store = createAppStore(createHttpApi('t', (async (url: string) => new Response(url.endsWith('/answers:save') ? saved : '{}')) as typeof fetch));
  const analysis: AnalysisView = {
    decisions: [],
    prompts: PROMPTS,
    warnings: [],
    refused: [],
    answerProblems: [],
    summary: { decisions: 0, prompts: PROMPTS.length, answered: 0, unanswered: PROMPTS.length, warnings: 0 },
    options: defaultOptions(),
    allowDestructive: false,
  };
  store.setState({ analysis, answers: {}, currentPromptId: PROMPTS[0]!.id });
  return store;
}

describe('applyToSimilar', () => {
  it('counts the similar prompts before it applies, then gives them the same answer', () => {
    const store = analyzedStore();
    expect(selectSimilarToApply(PROMPTS, PROMPTS[0]!.id, store.getState().answers)).toEqual([]);
    store.getState().answerCurrent('keep');
    store.setState({ currentPromptId: PROMPTS[0]!.id });
    expect(selectSimilarToApply(PROMPTS, PROMPTS[0]!.id, store.getState().answers).map((p) => p.id)).toEqual([PROMPTS[1]!.id, PROMPTS[2]!.id]);
    expect(store.getState().applyToSimilar()).toBe(2);
    expect(store.getState().answers).toEqual({ [PROMPTS[0]!.id]: 'keep', [PROMPTS[1]!.id]: 'keep', [PROMPTS[2]!.id]: 'keep' });
    expect(selectSimilarToApply(PROMPTS, PROMPTS[0]!.id, store.getState().answers)).toEqual([]);
  });

  it('leaves each answer changeable on its own: changing one counts it as similar again', () => {
    const store = analyzedStore();
    store.getState().answerCurrent('keep');
    store.setState({ currentPromptId: PROMPTS[0]!.id });
    store.getState().applyToSimilar();
    store.getState().setAnswer(PROMPTS[2]!.id, 'replace');
    expect(store.getState().answers[PROMPTS[1]!.id]).toBe('keep');
    expect(selectSimilarToApply(PROMPTS, PROMPTS[0]!.id, store.getState().answers).map((p) => p.id)).toEqual([PROMPTS[2]!.id]);
  });
});
