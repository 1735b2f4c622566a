import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../json.js';
import { defaultOptions } from '../options.js';
import { synchronize } from '../synchronize.js';
import { configurationOf } from '../testing/configurationOf.js';

function prompts(source: Record<string, JsonObject>, target: Record<string, JsonObject>) {
  return synchronize({ source: configurationOf(source), target: configurationOf(target), options: defaultOptions(), answers: new Map() }).prompts;
}

describe('Prompt.texts', () => {
  it('gives a form script prompt its three texts', () => {
    const form = (script: string): JsonObject => ({ name: 'F', script });
    const [prompt] = prompts(
      { 'vendor/forms/F.json': form('a\nS\n') },
      { 'vendor/forms/F.json': form('a\nT\n'), 'site/forms/F.json': form('a\nC\n') },
    );
    expect(prompt?.id).toBe('form:F@site/script');
    expect(prompt?.texts).toEqual({ customized: 'a\nC\n', targetBase: 'a\nT\n', sourceBase: 'a\nS\n', diffAlgorithm: 'histogram' });
  });

  it('gives a scripts global prompt the code of each side', () => {
    const script = (code: string): JsonObject => ({ name: 'U', attributes: { language: 'VB', code } });
    const [prompt] = prompts(
      { 'vendor/globals/scripts/U.json': script('x\nS\n') },
      { 'vendor/globals/scripts/U.json': script('x\nT\n'), 'site/globals/scripts/U.json': script('x\nC\n') },
    );
    expect(prompt?.id).toBe('global:scripts/U@site');
    expect(prompt?.texts).toEqual({ customized: 'x\nC\n', targetBase: 'x\nT\n', sourceBase: 'x\nS\n', diffAlgorithm: 'histogram' });
  });

  it('gives no texts to a validator whose attribute is named code, nor to a one-line string', () => {
    const validator = (code: string, msg: string): JsonObject => ({ name: 'V', attributes: { code, msg } });
    const [global] = prompts(
      { 'vendor/globals/validators/V.json': validator('S', 'vendor') },
      { 'vendor/globals/validators/V.json': validator('T', 'old'), 'site/globals/validators/V.json': validator('C', 'mine') },
    );
    expect(global?.id).toBe('global:validators/V@site');
    expect(global?.texts).toBeUndefined();
    const form = (caption: string): JsonObject => ({ name: 'F', attributes: { dataSource: caption } });
    const [attribute] = prompts(
      { 'vendor/forms/F.json': form('S') },
      { 'vendor/forms/F.json': form('T'), 'site/forms/F.json': form('C') },
    );
    expect(attribute?.id).toBe('form:F@site/attributes/dataSource');
    expect(attribute?.texts).toBeUndefined();
  });
});

describe('Prompt.texts.diffAlgorithm', () => {
  it('names the line matching of the options, so that the app merges as core does', () => {
    const form = (script: string): JsonObject => ({ name: 'F', script });
    const options = defaultOptions();
    options.merge.diffAlgorithm = 'myers';
    const [prompt] = synchronize({
      source: configurationOf({ 'vendor/forms/F.json': form('a\nS\n') }),
      target: configurationOf({ 'vendor/forms/F.json': form('a\nT\n'), 'site/forms/F.json': form('a\nC\n') }),
      options,
      answers: new Map(),
    }).prompts;
    expect(prompt?.texts?.diffAlgorithm).toBe('myers');
  });
});
