import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { mergeText } from '../../core/textMerge/index.js';
import { runMergeTree } from './gitMergeTree.js';
import { generateCase, type CaseSize } from './scriptCorpus.js';
import * as t6403 from './t6403Inputs.js';

/**
 * mergeText with the histogram diff against git's merge-ort (`git merge-tree --write-tree`,
 * whose text merges use histogram): the same clean/conflict verdict on every generated script
 * merge, and the same bytes where clean. The suite runs a modest corpus; for a bigger one set
 * HISTOGRAM_AGREEMENT_CASES (small and restructured cases; a tenth as many large and noise cases are added) and
 * read the printed rates:
 *
 *   HISTOGRAM_AGREEMENT_CASES=3000 npx vitest run tests/mergeFile/histogramAgreement
 */
const gitAvailable = spawnSync('git', ['merge-tree', '-h']).status === 129;
const requested = Number(process.env.HISTOGRAM_AGREEMENT_CASES ?? 0);
const SMALL = requested > 0 ? requested : 60;
const LARGE = requested > 0 ? Math.ceil(requested / 10) : 6;
const NOISE = requested > 0 ? Math.ceil(requested / 10) : 6;
const RESTRUCTURED = requested > 0 ? requested : 80;

describe.skipIf(!gitAvailable)('mergeText with histogram against git merge-tree (skipped only where git is not installed)', () => {
  for (const [size, count] of [['small', SMALL], ['large', LARGE], ['noise', NOISE], ['restructured', RESTRUCTURED]] as const) {
    it(`agrees with merge-ort on ${count} generated ${size} script merges`, () => {
      const cases = Array.from({ length: count }, (_, k) => generateCase(k + 1, size as CaseSize));
      const git = runMergeTree(cases);
      const divergences: string[] = [];
      let clean = 0;
      let myersDiffers = 0;
      const conflicted = { histogram: 0, myers: 0 };
      const regions = { histogram: 0, myers: 0 };
      cases.forEach((c, k) => {
        const ours = mergeText({ base: c.base, current: c.current, other: c.other, diffAlgorithm: 'histogram' });
        if (git[k].clean) clean++;
        const myers = mergeText({ base: c.base, current: c.current, other: c.other });
        if (myers.clean !== git[k].clean || (myers.clean && myers.text !== git[k].text)) myersDiffers++;
        conflicted.histogram += ours.clean ? 0 : 1;
        conflicted.myers += myers.clean ? 0 : 1;
        regions.histogram += ours.conflicts;
        regions.myers += myers.conflicts;
        if (ours.clean !== git[k].clean) divergences.push(`${size} seed ${k + 1}: git ${git[k].clean ? 'clean' : 'conflicts'}, ours ${ours.conflicts} conflict(s)`);
        else if (ours.clean && ours.text !== git[k].text) divergences.push(`${size} seed ${k + 1}: clean, bytes differ`);
      });
      if (requested > 0) console.log(`${size}: ${count} runs, ${clean} clean in git, ${divergences.length} divergence(s); myers would differ on ${myersDiffers}; cases with conflicts: histogram ${conflicted.histogram}, myers ${conflicted.myers}; conflict regions: histogram ${regions.histogram}, myers ${regions.myers}`);
      expect(divergences).toEqual([]);
      // The restructured corpus is there to tell the algorithms apart: Myers must miss some of it.
      if (size === 'restructured') expect(myersDiffers).toBeGreaterThan(0);
    }, requested > 0 ? 3_600_000 : 60_000);
  }

  it("agrees with merge-ort on t6403's functions f, g and h: clean, the same bytes", () => {
    const [git] = runMergeTree([{ base: t6403.baseC, current: t6403.oursC, other: t6403.theirsC }]);
    const ours = mergeText({ base: t6403.baseC, current: t6403.oursC, other: t6403.theirsC, diffAlgorithm: 'histogram' });
    expect(git).toEqual({ clean: true, text: t6403.histogramC });
    expect(ours.text).toBe(t6403.histogramC);
  });
});
