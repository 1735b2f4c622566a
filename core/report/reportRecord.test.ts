import { describe, expect, it } from 'vitest';
import type { Analysis, Decision } from '../analysis.js';
import { buildReport } from './buildReport.js';
import { parseReport } from './parseReport.js';
import { renderHtmlReport } from './renderHtmlReport.js';
import { renderTextReport } from './renderTextReport.js';
import { serializeReport } from './serializeReport.js';

function decision(id: string, action: Decision['action'], values: Partial<Decision> = {}): Decision {
  return { id, action, reason: `${action} because`, customized: null, targetBase: null, sourceBase: null, result: null, ...values };
}

const analysis: Analysis = {
  decisions: [
    decision('form:Customers@user:B_Smith/components/CustNum/caption', 'kept-customization', { customized: 'Cust #', targetBase: 'sCustomer', sourceBase: 'sCustomer', result: 'Cust #' }),
    decision('form:Customers@user:B_Smith', 'dropped-redundant', { customized: { name: 'Customers' } }),
  ],
  prompts: [
    {
      id: 'form:Invoices@site/script',
      question: 'Both changed the script.',
      choices: ['keep', 'replace', 'edit'],
      answer: 'keep',
      customized: 'Sub A()\n  x = 1 AndAlso y\nEnd Sub\n',
      targetBase: 'Sub A()\n  x = 1\nEnd Sub\n',
      sourceBase: 'Sub A()\n  x = 1\n  z = 2\nEnd Sub\n',
    },
  ],
  warnings: [],
  refused: [],
  answerProblems: [],
  summary: { decisions: 2, prompts: 1, answered: 1, unanswered: 0, warnings: 0 },
  plan: null,
};

const context = {
  source: 'release',
  target: 'acme',
  command: 'sync' as const,
  output: 'acme',
  mode: 'in-place' as const,
  backup: 'acme.backup-20261203T174000Z',
  createdAt: '2026-12-03T17:40:00Z',
  createdBy: 'jdoe',
};

describe('a report of a run', () => {
  it('records the mode, output, backup, time and user, and reads them back', () => {
    const report = buildReport(analysis, context);
    const parsed = parseReport(serializeReport(report), 'r.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.report).toMatchObject({ mode: 'in-place', backup: context.backup, createdAt: context.createdAt, createdBy: 'jdoe', output: 'acme' });
    expect(renderTextReport(report)).toContain('  when    2026-12-03T17:40:00Z');
    expect(renderHtmlReport(report)).toContain('<dt>Backup</dt><dd>acme.backup-20261203T174000Z</dd>');
  });

  it('still reads a report without the new fields, and refuses an unknown mode', () => {
    const plain = serializeReport(buildReport(analysis, { source: 'a', target: 'b', command: 'analyze' }));
    expect(parseReport(plain, 'old.json').ok).toBe(true);
    const bad = JSON.parse(plain) as Record<string, unknown>;
    bad['mode'] = 'sideways';
    const result = parseReport(JSON.stringify(bad), 'bad.json');
    expect(result.ok).toBe(false);
  });

  it('shows a script prompt as one aligned three-way view with the changed words marked', () => {
    const html = renderHtmlReport(buildReport(analysis, context));
    expect(html).toContain('<table class="tw">');
    expect(html).toMatch(/class="ch-c"> {2}x = 1<b class="w"> AndAlso y<\/b>/);
    expect(html).toContain('<td class="tw-n gap"></td>');
  });

  it('does not say kept-customization beside the absent result of a version dropped as redundant', () => {
    const html = renderHtmlReport(buildReport(analysis, context));
    const row = html.slice(html.indexOf('components/<wbr>CustNum'), html.indexOf('</tr>', html.indexOf('components/<wbr>CustNum')));
    expect(row).toContain('Dropped redundant');
    expect(row).not.toContain('>Kept customization<');
  });
});
