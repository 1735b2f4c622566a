import { describe, expect, it } from 'vitest';
import type { Prompt } from '../../../../core/analysis.js';
import { PREFETCHED_MODELS } from './mergeModelLoader.js';
import { scriptPromptsAhead } from './scriptPromptsAhead.js';

const script = (id: string, choices: Prompt['choices'] = ['keep', 'replace', 'edit']): Prompt => ({
  id,
  question: 'script?',
  choices,
  answer: null,
  customized: `Sub ${id}()\n`,
  targetBase: 'Sub Main()\n',
  sourceBase: 'Sub Main2()\n',
  texts: { customized: `Sub ${id}()\n`, targetBase: 'Sub Main()\n', sourceBase: 'Sub Main2()\n', diffAlgorithm: 'histogram' },
});
const caption = (id: string): Prompt => ({ id, question: 'caption?', choices: ['keep', 'replace', 'edit'], answer: null, customized: 'Cust #', targetBase: 'Customer', sourceBase: 'Customer number' });
const customizedOf = (list: ReturnType<typeof scriptPromptsAhead>): string[] => list.map((t) => t.customized);

describe('scriptPromptsAhead', () => {
  it('takes the unanswered text prompts that Edit opens in the merge editor, from the current one on, wrapping around', () => {
    const prompts = [script('A'), caption('B'), script('C', ['keep', 'replace']), script('D'), script('E'), script('F')];
    expect(customizedOf(scriptPromptsAhead(prompts, 'D', { 'E': 'keep' }))).toEqual(['Sub D()\n', 'Sub F()\n', 'Sub A()\n']);
  });

  it(`starts at the first prompt when none is current, and takes at most ${PREFETCHED_MODELS}`, () => {
    const prompts = Array.from({ length: PREFETCHED_MODELS + 2 }, (_, i) => script(`P${i}`));
    const list = scriptPromptsAhead(prompts, null, {});
    expect(list).toHaveLength(PREFETCHED_MODELS);
    expect(list[0]!.customized).toBe('Sub P0()\n');
    expect(scriptPromptsAhead(prompts, 'gone', {})[0]!.customized).toBe('Sub P0()\n');
  });

  it('takes none when no prompt is about text', () => {
    expect(scriptPromptsAhead([caption('B')], 'B', {})).toEqual([]);
    expect(scriptPromptsAhead([], null, {})).toEqual([]);
  });
});
