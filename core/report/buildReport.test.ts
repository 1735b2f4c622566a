import { describe, expect, it } from 'vitest';
import type { Analysis, Decision, Prompt, Warning } from '../analysis.js';
import { defaultOptions } from '../options.js';
import { buildReport, type ReportContext } from './buildReport.js';
import { DECISION_ACTIONS } from './report.js';
import { serializeReport } from './serializeReport.js';

const context: ReportContext = { source: 'release-10.2', target: 'acme', command: 'analyze' };

function decision(id: string, action: Decision['action'], reason: string, values: Partial<Decision> = {}): Decision {
  return { id, action, reason, customized: null, targetBase: null, sourceBase: null, result: null, ...values };
}

function analysisOf(parts: Partial<Analysis>): Analysis {
  return {
    decisions: [],
    prompts: [],
    warnings: [],
    refused: [],
    answerProblems: [],
    summary: { decisions: 0, prompts: 0, answered: 0, unanswered: 0, warnings: 0 },
    plan: null,
    ...parts,
  };
}

const caption = decision('form:Customers@site/attributes/caption', 'kept-customization', 'vendor did not change caption; customization kept', {
  customized: 'Customers (ACME)',
  targetBase: 'Customers',
  sourceBase: 'Customers',
  result: 'Customers (ACME)',
});
const script: Prompt = {
  id: 'form:Customers@site/script',
  question: 'Both changed the script.',
  choices: ['keep', 'replace', 'edit', 'merge'],
  answer: null,
  customized: 'Sub Main()\r\nEnd Sub\r\n',
  targetBase: 'Sub Main()\r\n',
  sourceBase: 'Sub Main()\r\n  x\r\n',
  textMerge: { clean: true, text: 'Sub Main()\r\n  x\r\nEnd Sub\r\n', conflicts: 0 },
};
const answered: Prompt = { ...script, id: 'form:Items@site/script', answer: { edit: 'Sub Main()\r\n' } };
const warning: Warning = { code: 'broken-link', message: 'link to form Old, which does not exist', file: 'site/explorer.json' };

describe('buildReport', () => {
  it('holds the format, the summary, the decisions, the prompts and the warnings with the fields of docs/cli.md ("Report")', () => {
    const report = buildReport(analysisOf({ decisions: [caption], prompts: [script], warnings: [warning] }), context);
    const json = JSON.parse(serializeReport(report));
    expect(json.format).toBe('carryover-report/1');
    expect(json.summary).toMatchObject({ decisions: 1, prompts: 1, answered: 0, unanswered: 1, warnings: 1 });
    expect(Object.keys(json.decisions[0])).toEqual(['id', 'action', 'reason', 'customized', 'targetBase', 'sourceBase', 'result']);
    expect(json.decisions[0]).toEqual(caption);
    expect(json.prompts[0]).toMatchObject({ id: script.id, choices: ['keep', 'replace', 'edit', 'merge'], answer: null });
    expect(json.prompts[0].textMerge).toEqual(script.textMerge);
    expect(json.warnings).toEqual([{ code: 'broken-link', message: warning.message, file: 'site/explorer.json' }]);
  });

  it('names the command, the Source and the Target, and the output and the tool only when given', () => {
    const plain = buildReport(analysisOf({}), context);
    expect(plain).toMatchObject({ command: 'analyze', source: 'release-10.2', target: 'acme' });
    expect('output' in plain || 'generatedBy' in plain || 'options' in plain).toBe(false);
    const full = buildReport(analysisOf({}), { ...context, command: 'sync', output: 'out', generatedBy: 'carryover 0.1.0' });
    expect(full).toMatchObject({ command: 'sync', output: 'out', generatedBy: 'carryover 0.1.0' });
  });

  it('counts answered and unanswered prompts and every action from the lists, not from the analysis summary', () => {
    const wrongSummary = { decisions: 9, prompts: 9, answered: 9, unanswered: 9, warnings: 9 };
    const removed = decision('form:Items@site/components/Fax', 'removed', 'removed by the vendor');
    const report = buildReport(
      analysisOf({ decisions: [caption, caption, removed], prompts: [script, answered], warnings: [], summary: wrongSummary }),
      context,
    );
    expect(report.summary).toMatchObject({ decisions: 3, prompts: 2, answered: 1, unanswered: 1, warnings: 0 });
    expect(Object.keys(report.summary.actions)).toEqual([...DECISION_ACTIONS]);
    expect(report.summary.actions['kept-customization']).toBe(2);
    expect(report.summary.actions.removed).toBe(1);
    expect(report.summary.actions.added).toBe(0);
  });

  it('copies the resolved options as JSON', () => {
    const options = defaultOptions();
    const report = buildReport(analysisOf({}), { ...context, options });
    expect(report.options).toEqual(options);
    expect(report.options).not.toBe(options);
  });

  it('keeps refused options and invalid answers as problems', () => {
    const refused = { code: 'protected', file: 'options.json', pointer: '/forms/mode', message: 'forms.mode: remove deletes customizations' };
    const report = buildReport(analysisOf({ refused: [refused], answerProblems: [] }), context);
    expect(report.refused).toEqual([refused]);
    expect(report.answerProblems).toEqual([]);
  });

  it('gives the same bytes for the same analysis, whatever the key order of the objects it was given', () => {
    const shuffled = {
      result: caption.result,
      reason: caption.reason,
      sourceBase: caption.sourceBase,
      id: caption.id,
      customized: caption.customized,
      action: caption.action,
      targetBase: caption.targetBase,
    } as Decision;
    const shuffledWarning = { file: warning.file, message: warning.message, code: warning.code } as Warning;
    const a = serializeReport(buildReport(analysisOf({ decisions: [caption], warnings: [warning] }), context));
    const b = serializeReport(buildReport(analysisOf({ decisions: [shuffled], warnings: [shuffledWarning] }), context));
    expect(b).toBe(a);
    expect(serializeReport(buildReport(analysisOf({ decisions: [caption], warnings: [warning] }), context))).toBe(a);
  });

  it('keeps a __proto__ key inside a value as data', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}, "caption": "x"}');
    const report = buildReport(analysisOf({ decisions: [decision('form:A@site/attributes/odd', 'kept-customization', 'r', { customized: value })] }), context);
    expect(serializeReport(report)).toContain('"__proto__": {');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('serializeReport', () => {
  it('writes JSON with two-space indentation and one final newline', () => {
    const text = serializeReport(buildReport(analysisOf({ decisions: [caption] }), context));
    expect(text.startsWith('{\n  "format": "carryover-report/1",\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('keeps line endings inside values exactly', () => {
    const text = serializeReport(buildReport(analysisOf({ prompts: [script] }), context));
    expect(JSON.parse(text).prompts[0].customized).toBe('Sub Main()\r\nEnd Sub\r\n');
  });
});
