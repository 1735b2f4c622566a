import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../core/textMerge/mergeText.js';

/** Loads diff3 0.0.4 the way a bundler does for the renderer: its CommonJS files inside strict-mode code. */
function loadDiff3Strictly(): (a: unknown[], o: unknown[], b: unknown[]) => unknown[] {
  const dir = dirname(createRequire(import.meta.url).resolve('diff3'));
  const load = (file: string, require: (id: string) => unknown) => {
    const module = { exports: {} as unknown };
    new Function('module', 'exports', 'require', `'use strict';\n${readFileSync(join(dir, file), 'utf8')}`)(module, module.exports, require);
    return module.exports;
  };
  const onp = load('onp.js', () => undefined);
  return load('diff3.js', () => onp) as (a: unknown[], o: unknown[], b: unknown[]) => unknown[];
}

describe('mergeText with diff3 bundled as strict code', () => {
  it('lets diff3 assign its undeclared variable, which strict code would refuse', () => {
    const diff3Merge = loadDiff3Strictly();
    expect(diff3Merge(['a', 'X', 'c', 'd'], ['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'Y'])).toEqual([{ ok: ['a', 'X', 'c', 'Y'] }]);
  });
});
