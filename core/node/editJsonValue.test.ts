import { describe, expect, it } from 'vitest';
import type { Prompt } from '../analysis.js';
import { editJsonValue } from './editJsonValue.js';

const prompt: Prompt = {
  id: 'form:CustomerOrders@group:Sales/eventHandlers/StdFormPredisplay',
  question: 'Which value should the result have?',
  choices: ['keep', 'replace', 'edit'],
  answer: null,
  customized: [{ response: 'InitForm()' }],
  targetBase: [],
  sourceBase: [{ response: 'InitForm(True)' }],
};

/** An editor that saves the given texts one after the other, recording what it was shown. */
function scriptedEditor(saves: (string | null)[]) {
  const shown: string[] = [];
  return {
    shown,
    open: (text: string) => {
      shown.push(text);
      return saves.shift() ?? null;
    },
  };
}

describe('editJsonValue', () => {
  it('returns the value saved when it fits', () => {
    const editor = scriptedEditor(['[{"response": "InitForm(True)", "keep": "FIRST"}]\n']);
    expect(editJsonValue(prompt, '[]', editor.open, () => undefined)).toEqual([{ response: 'InitForm(True)', keep: 'FIRST' }]);
  });

  it('reopens invalid JSON with the problem above it, keeping what the user typed, until it fits', () => {
    const notes: string[] = [];
    const broken = '[{"response": "InitForm(True)"\n';
    const editor = scriptedEditor([broken, `# carryover: old note\n[{"response": "X", "keep": "SOMETIMES"}]\n`, '[{"response": "X", "keep": "LAST"}]\n']);
    const value = editJsonValue(prompt, '[]', editor.open, (m) => notes.push(m));
    expect(value).toEqual([{ response: 'X', keep: 'LAST' }]);
    expect(editor.shown).toHaveLength(3);
    expect(editor.shown[1]).toMatch(/^# carryover: .*line 2/);
    expect(editor.shown[1].endsWith(broken)).toBe(true);
    expect(editor.shown[2]).toMatch(/^# carryover: at \/0\/keep: keep must be one of/);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toMatch(/does not fit: at \/0\/keep/);
  });

  it('gives up when the user saves it unchanged after a problem, or empty, or the editor fails', () => {
    const unchanged = scriptedEditor(['{"response": 1}', '# carryover: whatever\n{"response": 1}']);
    expect(editJsonValue(prompt, '[]', unchanged.open, () => undefined)).toBeNull();
    expect(unchanged.shown).toHaveLength(2);
    expect(editJsonValue(prompt, '[]', scriptedEditor(['  \n']).open, () => undefined)).toBeNull();
    expect(editJsonValue(prompt, '[]', scriptedEditor([null]).open, () => undefined)).toBeNull();
  });
});
