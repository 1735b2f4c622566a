import { describe, expect, it } from 'vitest';
import type { Answer, Prompt } from './analysis.js';
import { givenAnswer, reusableAnswer, reuseAnswers } from './reuseAnswers.js';

function prompt(id: string, customized: string, choices: Prompt['choices'] = ['keep', 'replace', 'edit']): Prompt {
  return { id, question: '', choices, answer: null, customized, targetBase: 'old', sourceBase: 'new' };
}

describe('reusableAnswer', () => {
  const scriptT1 = prompt('form:Customers@user:B_Smith/script', 'mine');
  it('reuses an answer given for the same id with the same three values', () => {
    const pool = [givenAnswer(scriptT1, 'keep', 'T1', false)];
    expect(reusableAnswer(prompt('form:Customers@user:B_Smith/script', 'mine'), pool)?.from).toBe('T1');
  });

  it('does not reuse an answer when any of the three values differs', () => {
    const pool = [givenAnswer(scriptT1, 'keep', 'T1', false)];
    expect(reusableAnswer(prompt('form:Customers@user:B_Smith/script', 'theirs'), pool)).toBeUndefined();
  });

  it('reuses an answer for the same part of the same object in another scope', () => {
    const pool = [givenAnswer(scriptT1, 'replace', 'T1', false)];
    expect(reusableAnswer(prompt('form:Customers@user:C_Jones/script', 'mine'), pool)?.answer).toBe('replace');
  });

  it('reuses for another object only an answer given for all similar prompts', () => {
    const plain = [givenAnswer(scriptT1, 'keep', 'T1', false)];
    const other = prompt('form:Orders@site/script', 'mine');
    expect(reusableAnswer(other, plain)).toBeUndefined();
    expect(reusableAnswer(other, [givenAnswer(scriptT1, 'keep', 'T1', true)])?.from).toBe('T1');
  });

  it('prefers the same id over another scope, and the first given among equals', () => {
    const target = prompt('form:Customers@user:B_Smith/script', 'mine');
    const pool = [givenAnswer(prompt('form:Customers@site/script', 'mine'), 'replace', 'T1', false), givenAnswer(target, 'keep', 'T2', false), givenAnswer(target, { edit: 'x' }, 'T3', false)];
    expect(reusableAnswer(target, pool)?.from).toBe('T2');
  });

  it('skips an answer the prompt does not accept', () => {
    const pool = [givenAnswer(scriptT1, { edit: 'x' }, 'T1', false)];
    expect(reusableAnswer(prompt('form:Customers@user:B_Smith/script', 'mine', ['keep', 'replace']), pool)).toBeUndefined();
  });
});

describe('reuseAnswers', () => {
  it('fills only the prompts not answered yet and says where each answer came from', () => {
    const a = prompt('form:A@site/script', 'x');
    const b = prompt('form:B@site/script', 'y');
    const pool = [givenAnswer(a, 'keep', 'T1', false), givenAnswer(b, 'replace', 'T1', false)];
    const answers = new Map<string, Answer>([['form:B@site/script', 'keep']]);
    const reused = reuseAnswers([a, b], answers, pool);
    expect([...reused]).toEqual([['form:A@site/script', 'T1']]);
    expect(answers.get('form:A@site/script')).toBe('keep');
    expect(answers.get('form:B@site/script')).toBe('keep');
  });
});
