import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../core/json.js';
import { parseReport } from '../../core/report/index.js';
import { cli } from './runCli.js';

const scenarios = join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios');
const disjoint = join(scenarios, '82-global-merge-attributes-disjoint');

const analyze = (format: 'text' | 'json' | 'html', answers = false) =>
  cli([
    'analyze',
    '--source', join(disjoint, 'source'),
    '--target', join(disjoint, 'target'),
    ...(answers ? ['--answers', join(disjoint, 'answers.json')] : []),
    '--format', format,
  ]);

describe('carryover analyze: merge attributes of a global object', () => {
  it('offers merge in the JSON report, with the merged version and whose change each attribute carries', async () => {
    const r = await analyze('json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { prompts: { id: string; choices: string[]; attributeMerge?: { result: Json; changes: unknown } }[] };
    const prompt = report.prompts.find((p) => p.id === 'global:validators/CustNumValid@site');
    expect(prompt?.choices).toEqual(['keep', 'replace', 'merge']);
    expect(prompt?.attributeMerge).toEqual({
      result: {
        name: 'CustNumValid',
        attributes: { type: 'InIdoCollection', ido: 'SLCustomers', property: 'CustNum', message: 'mCustomerNotFoundCallAR', filter: "Stat <> 'I'" },
      },
      changes: [
        { attribute: 'message', from: 'customized' },
        { attribute: 'filter', from: 'sourceBase' },
      ],
    });
    // A saved JSON report reopens with the merge it offered.
    const parsed = parseReport(r.stdout, 'report.json');
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.report.prompts.find((p) => p.id === prompt?.id)?.attributeMerge).toEqual(prompt?.attributeMerge);
  });

  it('shows the choice and the attributes it takes in the text report', async () => {
    const r = await analyze('text');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('choices      keep, replace, merge');
    expect(r.stdout).toMatch(/attribute merge: clean \(answer "merge" takes it\): message \(customized\), filter \(source\s+base\)/);
  });

  it('labels the choice Merge attributes in the HTML report, with the merged version as a pane', async () => {
    const r = await analyze('html', true);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<span class="choice chosen">✓ Merge attributes</span>');
    expect(r.stdout).toContain('Attributes merge cleanly: message (customized), filter (source base)');
    expect(r.stdout).toContain('Merged attributes');
  });

  it('records the answer merge as merged-text with a reason naming each side’s attributes', async () => {
    const r = await analyze('json', true);
    const report = JSON.parse(r.stdout) as { decisions: { id: string; action: string; reason: string }[] };
    const decision = report.decisions.find((d) => d.id === 'global:validators/CustNumValid@site');
    expect(decision?.action).toBe('merged-text');
    expect(decision?.reason).toBe("answered merge: each side's change kept, attribute by attribute (message from the customization; filter from the vendor)");
  });
});
