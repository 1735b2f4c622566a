import { describe, expect, it } from 'vitest';
import { answerText, editUnavailableReason, keepText, sourceText } from './answerWording.js';

describe('answer wording', () => {
  it('says Remove where the vendor removed the component', () => {
    const prompt = { choices: ['keep', 'remove'] as const, customized: { caption: 'A' }, sourceBase: null };
    expect(keepText({ ...prompt, choices: [...prompt.choices] })).toBe('Keep customization');
    expect(sourceText({ ...prompt, choices: [...prompt.choices] })).toBe('Remove');
    expect(answerText({ ...prompt, choices: [...prompt.choices] }, 'remove')).toBe('Removed');
  });

  it('says keep it deleted or restore where the customizer deleted it', () => {
    const prompt = { choices: ['keep' as const, 'replace' as const], customized: null, sourceBase: { caption: 'B' } };
    expect(keepText(prompt)).toBe('Keep it deleted');
    expect(sourceText(prompt)).toBe('Restore source base');
    expect(answerText(prompt, 'replace')).toBe('Restored source base');
    expect(editUnavailableReason(prompt)).toMatch(/deleted/);
  });

  it('offers no reason when Edit is available', () => {
    expect(editUnavailableReason({ choices: ['keep', 'replace', 'edit'], customized: 'a', sourceBase: 'b' })).toBeNull();
    expect(editUnavailableReason({ choices: ['keep', 'replace'], customized: {}, sourceBase: {} })).toMatch(/whole versions/);
  });

  it('names the attribute merge of a global object where it is offered', () => {
    const prompt = {
      choices: ['keep' as const, 'replace' as const, 'merge' as const],
      customized: { name: 'V', attributes: { message: 'a' } },
      sourceBase: { name: 'V', attributes: { filter: 'b' } },
      attributeMerge: { result: { name: 'V', attributes: { message: 'a', filter: 'b' } }, changes: [] },
    };
    expect(answerText(prompt, 'merge')).toBe('Merged attributes');
    expect(editUnavailableReason(prompt)).toMatch(/merge their attributes/);
    expect(answerText({ ...prompt, attributeMerge: undefined }, 'merge')).toBe('Used merged');
  });
});
