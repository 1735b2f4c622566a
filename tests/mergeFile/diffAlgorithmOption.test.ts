import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../core/analysis.js';
import type { JsonObject } from '../../core/json.js';
import { defaultOptions, type Options } from '../../core/options.js';
import { parseOptions } from '../../core/parseOptions.js';
import { synchronize } from '../../core/synchronize.js';
import { configurationOf } from '../../core/testing/configurationOf.js';
import { DIFF_ALGORITHMS, mergeScripts } from '../../core/textMerge/index.js';
import * as t6403 from './t6403Inputs.js';

/** The options file's merge.diffAlgorithm, and the histogram diff as the default of script merges. */
describe('merge.diffAlgorithm', () => {
  it('defaults to histogram and accepts the four algorithms', () => {
    expect(defaultOptions().merge.diffAlgorithm).toBe('histogram');
    for (const algorithm of DIFF_ALGORITHMS) {
      const parsed = parseOptions(JSON.stringify({ merge: { diffAlgorithm: algorithm } }), 'options.json');
      expect(parsed.ok && parsed.options.merge.diffAlgorithm).toBe(algorithm);
    }
  });

  it('refuses any other value with the file, the JSON pointer and the allowed values', () => {
    for (const bad of ['Histogram', 'fast', 3, null]) {
      const parsed = parseOptions(JSON.stringify({ merge: { diffAlgorithm: bad } }), 'options.json');
      expect(parsed.ok).toBe(false);
      if (parsed.ok) continue;
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatchObject({ code: 'bad-value', file: 'options.json', pointer: '/merge/diffAlgorithm' });
      expect(parsed.problems[0].message).toContain('merge.diffAlgorithm must be one of "myers", "minimal", "patience", "histogram"');
    }
  });
});

describe('mergeScripts with the diff algorithms', () => {
  it("merges t6403's functions f, g and h cleanly by default (histogram), with conflicts under myers", () => {
    const histogram = mergeScripts(t6403.baseC, t6403.oursC, t6403.theirsC);
    expect(histogram).toMatchObject({ clean: true, text: t6403.histogramC });
    expect(mergeScripts(t6403.baseC, t6403.oursC, t6403.theirsC, { diffAlgorithm: 'myers' }).clean).toBe(false);
  });
});

describe('synchronize with merge.diffAlgorithm', () => {
  // A form script: the customizer replaced f by h (the t6403 "ours"), the vendor edited g ("theirs").
  const files = (script: string): Record<string, JsonObject> => ({ 'vendor/forms/Calc.json': { name: 'Calc', script } });
  const run = (tweak: (o: Options) => void): Analysis => {
    const options = defaultOptions();
    tweak(options);
    return synchronize({
      source: configurationOf(files(t6403.theirsC)),
      target: configurationOf({ ...files(t6403.baseC), 'site/forms/Calc.json': { name: 'Calc', script: t6403.oursC } }),
      options,
      answers: new Map([['form:Calc@site/script', 'merge']]),
    });
  };
  const written = (a: Analysis) => {
    const file = a.plan?.get('site/forms/Calc.json');
    return file?.kind === 'write' ? file.doc.script : undefined;
  };

  it('offers a clean merge of the script by default, and writes it when answered merge', () => {
    const analysis = run(() => {});
    const prompt = analysis.prompts.find((p) => p.id === 'form:Calc@site/script');
    expect(prompt?.textMerge).toMatchObject({ clean: true, conflicts: 0, text: t6403.histogramC });
    expect(prompt?.choices).toContain('merge');
    expect(written(analysis)).toBe(t6403.histogramC);
  });

  it('keeps the behaviour before the option with myers: two conflicts, no merge offered', () => {
    const analysis = run((o) => void (o.merge.diffAlgorithm = 'myers'));
    const prompt = analysis.prompts.find((p) => p.id === 'form:Calc@site/script');
    expect(prompt?.textMerge).toMatchObject({ clean: false });
    expect(prompt?.choices).not.toContain('merge');
  });
});
