import { describe, expect, it } from 'vitest';
import type { Prompt } from './analysis.js';
import { promptValuesKey } from './promptKey.js';
import { isStaleAnswer, matchSavedAnswers } from './savedAnswers.js';
import { synchronize } from './synchronize.js';
import { defaultOptions } from './options.js';
import { configurationOf } from './testing/configurationOf.js';

const prompt = (id: string, customized: string): Prompt => ({ id, question: '?', choices: ['keep', 'replace', 'edit'], answer: null, customized, targetBase: 'T', sourceBase: 'S' });

describe('isStaleAnswer', () => {
  it('is stale only when the saved key differs from the key of the prompt\'s values', () => {
    const p = prompt('form:A@site/attributes/caption', 'C');
    expect(isStaleAnswer(promptValuesKey(p), p)).toBe(false);
    expect(isStaleAnswer(promptValuesKey({ ...p, customized: 'C2' }), p)).toBe(true);
    expect(isStaleAnswer(undefined, p)).toBe(false);
  });
});

describe('matchSavedAnswers', () => {
  it('applies the answers whose prompt kept its values, in the order saved, and lists the stale and unknown ones', () => {
    const a = prompt('form:A@site/attributes/caption', 'C');
    const b = prompt('form:B@site/attributes/caption', 'C');
    const answers = new Map<string, 'keep' | 'replace'>([
      ['form:Gone@site/script', 'keep'],
      [b.id, 'replace'],
      [a.id, 'keep'],
    ]);
    const values = new Map([
      [a.id, promptValuesKey(a)],
      [b.id, promptValuesKey({ ...b, sourceBase: 'S0' })],
    ]);
    const matched = matchSavedAnswers([a, b], { answers, values });
    expect([...matched.applied]).toEqual([[a.id, 'keep']]);
    expect(matched.stale).toEqual([b.id]);
    expect(matched.unknown).toEqual(['form:Gone@site/script']);
  });
});

/** A configuration of one form, with a site version changing its title (prompted by default). */
function configuration(base: string, site: string | null) {
  const form = (title: string) => ({ name: 'A', attributes: { title } });
  return configurationOf({ 'vendor/forms/A.json': form(base), ...(site !== null ? { 'site/forms/A.json': form(site) } : {}) });
}

describe('synchronize with answer values', () => {
  it('applies an answer saved for the same values, and warns about a stale one instead of applying it', () => {
    const source = configuration('Source caption', null);
    const target = configuration('Target caption', 'Customized caption');
    const plain = synchronize({ source, target, options: defaultOptions() });
    const asked = plain.prompts[0];
    expect(asked).toBeDefined();
    if (asked === undefined) return;
    const answers = new Map([[asked.id, 'keep' as const]]);
    const same = synchronize({ source, target, options: defaultOptions(), answers, answerValues: new Map([[asked.id, promptValuesKey(asked)]]) });
    expect(same.prompts[0]?.answer).toBe('keep');
    expect(same.warnings.filter((w) => w.code === 'stale-answer')).toEqual([]);
    const other = synchronize({ source, target, options: defaultOptions(), answers, answerValues: new Map([[asked.id, promptValuesKey({ ...asked, customized: 'older' })]]) });
    expect(other.prompts[0]?.answer).toBeNull();
    expect(other.plan).toBeNull();
    expect(other.warnings.filter((w) => w.code === 'stale-answer').map((w) => w.id)).toEqual([asked.id]);
    expect(other.warnings.some((w) => w.code === 'unknown-answer-id')).toBe(false);
  });
});
