import fc from 'fast-check';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotTree } from '../../core/node/testing/snapshotTree.js';
import type { Analysis, Answer } from '../../core/analysis.js';
import type { Json, JsonObject } from '../../core/json.js';
import type { Configuration } from '../../core/model.js';
import type { Options } from '../../core/options.js';
import { synchronize } from '../../core/synchronize.js';
import {
  answerPlan,
  answersFor,
  clone,
  configurationPair,
  configurationsOf,
  objectOf,
  optionsArbitrary,
  type AnswerPlan,
  type ConfigurationPair,
} from './arbitraries.js';
import {
  deepFreeze,
  lostCustomizations,
  renderAnalysis,
  resultBytes,
  resultConfiguration,
  resultDocuments,
  resultProblems,
  snapshotConfiguration,
  strictlySame,
} from './checks.js';
import { diskPropertyRuns, propertyRuns, propertySeed } from './budget.js';
import { badErrorOutput, runInProcess, writeConfiguration } from './onDisk.js';

/**
 * The guarantees of docs/merge-behaviour.md ("Guarantees"), checked with fast-check over generated
 * configurations, options and answers (tests/reliability/arbitraries.ts). `PROPERTY_RUNS` sets the
 * number of cases per property (`npm run test:properties` runs thousands); a failure prints its
 * seed and path, which are then pinned below as a regression case.
 */

const runs = propertyRuns();
const seed = propertySeed();

/** Synchronizes with answers chosen by the plan for the prompts of a first analysis. */
function syncAnswered(source: Configuration, target: Configuration, options: Options, plan: AnswerPlan): { analysis: Analysis; answers: Map<string, Answer> } {
  const first = synchronize({ source, target, options, allowDestructive: plan.allowDestructive });
  const answers = answersFor(first.prompts, plan);
  const analysis = synchronize({ source, target, options, answers, answerDefault: plan.answerDefault, allowDestructive: plan.allowDestructive });
  return { analysis, answers };
}

/** Synchronizes until every prompt is answered (the default answer `keep` for what the plan leaves open). */
function syncToPlan(source: Configuration, target: Configuration, options: Options, plan: AnswerPlan): Analysis {
  const { analysis } = syncAnswered(source, target, options, { ...plan, answerDefault: plan.answerDefault ?? 'keep' });
  return analysis;
}

const cases = fc.record({ pair: configurationPair, options: optionsArbitrary, answers: answerPlan });

describe('synchronize (properties)', () => {
  it('loses no customization silently: each is in the result or in a decision that says why not', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, ({ pair, options, answers }) => {
        const { source, target } = configurationsOf(pair);
        const analysis = syncToPlan(source, target, options, answers);
        if (analysis.plan === null) {
          // Only a protected Target refusing the options, or an answer that does not fit, withholds the plan.
          expect(analysis.refused.length + analysis.answerProblems.length).toBeGreaterThan(0);
          return;
        }
        expect(lostCustomizations(analysis, source, target, options)).toEqual([]);
      }),
      { numRuns: runs, seed },
    );
  });

  it('writes a merged Target that is valid input again', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, ({ pair, options, answers }) => {
        const { source, target } = configurationsOf(pair);
        const analysis = syncToPlan(source, target, options, answers);
        if (analysis.plan === null) return;
        expect(resultProblems(analysis.plan, source, target)).toEqual([]);
      }),
      { numRuns: runs, seed },
    );
  });

  it('changes nothing and asks nothing when the result is synchronized again with the same Source and options', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, ({ pair, options, answers }) => {
        options.onlyProcessChangedBase = true; // the guarantee is stated for the default
        // Every shape is covered: customer-made versions (the Source ships a base the Target lacks)
        // and base levels vendor, site and group alike.
        const { source, target } = configurationsOf(pair);
        const first = syncToPlan(source, target, options, answers);
        if (first.plan === null) return;
        const merged = resultConfiguration(first.plan, source, target);
        const again = synchronize({ source, target: merged, options, allowDestructive: answers.allowDestructive });
        expect(again.prompts.map((p) => p.id)).toEqual([]);
        expect(again.plan).not.toBeNull();
        expect(byteDifferences(resultBytes(again.plan!, source, merged), resultBytes(first.plan, source, target))).toEqual([]);
      }),
      { numRuns: runs, seed },
    );
  });

  it('changes nothing and asks nothing on a second sync at base levels site and group, customer-made versions included', { timeout: 60_000 + runs * 200 }, () => {
    const atSiteOrGroup = fc.record({ pair: configurationPair, options: optionsArbitrary, answers: answerPlan, baseLevel: fc.constantFrom('site' as const, 'group' as const) });
    fc.assert(
      fc.property(atSiteOrGroup, ({ pair, options, answers, baseLevel }) => {
        options.onlyProcessChangedBase = true;
        options.baseLevel = baseLevel;
        const { source, target } = configurationsOf(pair);
        const first = syncToPlan(source, target, options, answers);
        if (first.plan === null) return;
        const merged = resultConfiguration(first.plan, source, target);
        const again = synchronize({ source, target: merged, options, allowDestructive: answers.allowDestructive });
        expect(again.prompts.map((p) => p.id)).toEqual([]);
        expect(again.plan).not.toBeNull();
        expect(byteDifferences(resultBytes(again.plan!, source, merged), resultBytes(first.plan, source, target))).toEqual([]);
      }),
      { numRuns: runs, seed },
    );
  });

  it('gives the same decisions, prompts, warnings and bytes for the same inputs and answers', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, ({ pair, options, answers }) => {
        const a = configurationsOf(pair);
        const b = configurationsOf(clonePair(pair));
        const first = syncAnswered(a.source, a.target, options, answers);
        const second = synchronize({
          source: b.source,
          target: b.target,
          options: clone(options as unknown as JsonObject) as unknown as Options,
          answers: new Map(first.answers),
          answerDefault: answers.answerDefault,
          allowDestructive: answers.allowDestructive,
        });
        expectSameAnalysis(second, b, first.analysis, a);
      }),
      { numRuns: runs, seed },
    );
  });

  it('never changes its inputs (analysis never writes)', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, ({ pair, options, answers }) => {
        const { source, target } = configurationsOf(pair);
        const before = [snapshotConfiguration(source), snapshotConfiguration(target), JSON.stringify(options)];
        deepFreeze(source);
        deepFreeze(target);
        deepFreeze(options);
        const first = synchronize({ source, target, options, allowDestructive: answers.allowDestructive });
        const answerMap = deepFreeze(answersFor(first.prompts, answers));
        synchronize({ source, target, options, answers: answerMap, answerDefault: answers.answerDefault ?? 'keep', allowDestructive: answers.allowDestructive });
        expect([snapshotConfiguration(source), snapshotConfiguration(target), JSON.stringify(options)]).toEqual(before);
      }),
      { numRuns: runs, seed },
    );
  });

  it('gives the same result whatever the order of the files', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, fc.integer(), ({ pair, options, answers }, seed) => {
        const a = configurationsOf(pair);
        const b = configurationsOf({ ...pair, source: shuffled(pair.source, seed), target: shuffled(pair.target, seed + 1) });
        const first = syncAnswered(a.source, a.target, options, answers);
        const second = synchronize({ source: b.source, target: b.target, options, answers: first.answers, answerDefault: answers.answerDefault, allowDestructive: answers.allowDestructive });
        expectSameAnalysis(second, b, first.analysis, a);
      }),
      { numRuns: runs, seed },
    );
  });

  it('gives the same decisions and merged documents whatever the order of the keys (component order included)', { timeout: 60_000 + runs * 200 }, () => {
    fc.assert(
      fc.property(cases, fc.integer(), ({ pair, options, answers }, seed) => {
        const a = configurationsOf(pair);
        const b = configurationsOf({ ...pair, source: reordered(pair.source, seed), target: reordered(pair.target, seed + 7) });
        const first = syncAnswered(a.source, a.target, options, answers);
        const second = synchronize({ source: b.source, target: b.target, options, answers: first.answers, answerDefault: answers.answerDefault, allowDestructive: answers.allowDestructive });
        const summary = (analysis: Analysis) => ({
          decisions: analysis.decisions.map((d) => `${d.id} ${d.action}`).sort(),
          prompts: analysis.prompts.map((p) => `${p.id} ${p.choices.join('|')}`).sort(),
          warnings: analysis.warnings.map((w) => `${w.code} ${w.id ?? w.file}`).sort(),
          planned: analysis.plan !== null,
        });
        expect(summary(second)).toEqual(summary(first.analysis));
        if (first.analysis.plan === null || second.plan === null) return;
        const x = resultDocuments(first.analysis.plan, a.source, a.target);
        const y = resultDocuments(second.plan, b.source, b.target);
        expect([...y.keys()].sort()).toEqual([...x.keys()].sort());
        for (const [path, doc] of x) expect(strictlySame(y.get(path), doc), path).toBe(true);
      }),
      { numRuns: runs, seed },
    );
  });
});

describe('carryover on disk (properties)', () => {
  const diskRuns = diskPropertyRuns();
  const diskCases = fc.record({ pair: configurationPair, options: optionsArbitrary, bom: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }) });

  /** Writes a generated case: Source, Target (some files with a byte-order mark and CRLF), options. */
  async function onDisk(pair: ConfigurationPair, options: Options, bom: boolean[]): Promise<{ root: string; source: string; target: string; optionsFile: string }> {
    const root = await mkdtemp(path.join(tmpdir(), 'carryover-prop-'));
    const source = path.join(root, 'source');
    const target = path.join(root, 'work', 'target');
    await writeConfiguration(source, pair.source, { name: 'Vendor' });
    await writeConfiguration(target, pair.target, { ...pair.targetMeta, protected: undefined });
    const paths = Object.keys(pair.target).sort();
    for (const [i, relative] of paths.entries()) {
      if (!bom[i % bom.length]) continue;
      const text = JSON.stringify(pair.target[relative], null, 1).replace(/\n/g, '\r\n');
      await writeFile(path.join(target, ...relative.split('/')), `\ufeff${text}`);
    }
    const optionsFile = path.join(root, 'options.json');
    await writeFile(optionsFile, JSON.stringify(options));
    return { root, source, target, optionsFile };
  }

  it('never writes when analysing, nor when a sync stops for unanswered prompts or an answer that does not fit', { timeout: 60_000 + diskRuns * 2_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(diskCases, async ({ pair, options, bom }) => {
        const c = await onDisk(pair, options, bom);
        try {
          const before = await snapshotTree(c.root);
          const common = ['--source', c.source, '--target', c.target, '--options', c.optionsFile];
          const analysed = await runInProcess(['analyze', ...common, '--format', 'json']);
          expect(analysed.code, analysed.stderr).toBe(0);
          const unanswered = await runInProcess(['sync', ...common, '--in-place', '--answer', 'fail']);
          expect([0, 4], unanswered.stderr).toContain(unanswered.code);
          if (unanswered.code === 4) {
            expect(await snapshotTree(c.root)).toEqual(before);
            // An answer the prompt does not offer (an edit where there is none, else merge where there is none).
            const prompts = (JSON.parse(analysed.stdout) as { prompts: { id: string; choices: string[] }[] }).prompts;
            const misfit = prompts.find((p) => !p.choices.includes('edit') || !p.choices.includes('merge'));
            if (misfit === undefined) return;
            const answer = misfit.choices.includes('edit') ? 'merge' : { edit: 'x' };
            await writeFile(path.join(c.root, 'answers.json'), JSON.stringify({ answers: { [misfit.id]: answer, 'x@y': 'keep' } }));
            const before2 = await snapshotTree(c.root);
            const bad = await runInProcess(['sync', ...common, '--in-place', '--answers', path.join(c.root, 'answers.json')]);
            expect(bad.code, bad.stderr).toBe(3);
            expect(badErrorOutput(bad.stderr)).toBeNull();
            expect(await snapshotTree(c.root)).toEqual(before2);
          }
        } finally {
          await rm(c.root, { recursive: true, force: true });
        }
      }),
      { numRuns: diskRuns, seed },
    );
  });

  it('changes no byte when the result of sync --in-place is synchronized again', { timeout: 60_000 + diskRuns * 3_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(diskCases, async ({ pair, options, bom }) => {
        options.onlyProcessChangedBase = true;
        const c = await onDisk(pair, options, bom);
        try {
          const args = ['sync', '--in-place', '--source', c.source, '--target', c.target, '--options', c.optionsFile, '--allow-destructive'];
          const first = await runInProcess([...args, '--answer', 'keep']);
          expect(first.code, first.stderr).toBe(0);
          const once = await snapshotTree(c.target);
          // "Asks nothing": the second sync fails (exit 4) if any prompt is left open.
          const second = await runInProcess([...args, '--answer', 'fail']);
          expect(second.code, second.stderr).toBe(0);
          const twice = await snapshotTree(c.target);
          // Only the records of the syncs (they name the new backup; the history grows by one) differ.
          for (const record of ['.carryover/last-sync.json', '.carryover/last-commit.json', '.carryover/history.json']) {
            once.delete(record);
            twice.delete(record);
          }
          expect(twice).toEqual(once);
          expect((await readdir(path.dirname(c.target))).filter((e) => e.startsWith('target.backup-'))).toHaveLength(2);
        } finally {
          await rm(c.root, { recursive: true, force: true });
        }
      }),
      { numRuns: diskRuns, seed },
    );
  });
});

/** The paths whose bytes differ, with both versions. */
function byteDifferences(actual: Map<string, string>, expected: Map<string, string>): string[] {
  const differences: string[] = [];
  for (const path of new Set([...actual.keys(), ...expected.keys()])) {
    if (actual.get(path) !== expected.get(path)) differences.push(`${path}: ${JSON.stringify(actual.get(path) ?? null)} instead of ${JSON.stringify(expected.get(path) ?? null)}`);
  }
  return differences.sort();
}

/** Compares two analyses part by part, so that a failure shows where they differ. */
function expectSameAnalysis(actual: Analysis, a: { source: Configuration; target: Configuration }, expected: Analysis, e: { source: Configuration; target: Configuration }): void {
  expect(actual.decisions).toEqual(expected.decisions);
  expect(actual.prompts).toEqual(expected.prompts);
  expect(actual.warnings).toEqual(expected.warnings);
  expect(actual.answerProblems).toEqual(expected.answerProblems);
  expect(renderAnalysis(actual, a.source, a.target)).toBe(renderAnalysis(expected, e.source, e.target));
}

/** A copy of a pair with every document cloned. */
function clonePair(pair: ConfigurationPair): ConfigurationPair {
  return { source: clone(pair.source as unknown as JsonObject) as unknown as Record<string, JsonObject>, target: clone(pair.target as unknown as JsonObject) as unknown as Record<string, JsonObject>, targetMeta: JSON.parse(JSON.stringify(pair.targetMeta)) };
}

/** A small deterministic generator for reordering (fast-check's seed drives it). */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

function permute<T>(items: T[], next: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** The same files in another order. */
function shuffled(files: Record<string, JsonObject>, seed: number): Record<string, JsonObject> {
  return objectOf(permute(Object.entries(files), random(seed))) as Record<string, JsonObject>;
}

/** The same documents with the keys of every object (but not the elements of arrays) in another order. */
function reordered(files: Record<string, JsonObject>, seed: number): Record<string, JsonObject> {
  const next = random(seed);
  const walk = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(walk);
    if (value !== null && typeof value === 'object') return objectOf(permute(Object.entries(value), next).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return objectOf(Object.entries(files).map(([path, doc]) => [path, walk(doc)])) as Record<string, JsonObject>;
}
