import { describe, expect, it } from 'vitest';
import type { Analysis } from '../analysis.js';
import { buildReport } from './buildReport.js';
import { parseReport } from './parseReport.js';
import { serializeReport } from './serializeReport.js';

const analysis: Analysis = {
  decisions: [
    {
      id: 'form:Customers@site/attributes/caption',
      action: 'kept-customization',
      reason: 'vendor did not change caption; customization kept',
      customized: 'ACME',
      targetBase: 'Customers',
      sourceBase: 'Customers',
      result: 'ACME',
    },
    { id: 'form:Customers@vendor', action: 'replaced-base', reason: 'source base replaces target base', customized: null, targetBase: null, sourceBase: null, result: null },
  ],
  prompts: [
    { id: 'form:Customers@site/script', question: 'Both changed the script.', choices: ['keep', 'replace', 'edit'], answer: { edit: 'x\r\n' }, customized: 'a', targetBase: 'b', sourceBase: 'c' },
    { id: 'global:scripts/CustUtils@user:B_Smith', question: 'Vendor changed it.', choices: ['keep', 'replace'], answer: null, customized: { code: 'a' }, targetBase: { code: 'b' }, sourceBase: { code: 'c' }, textMerge: { clean: false, text: '<<<<<<<', conflicts: 1 } },
  ],
  warnings: [{ code: 'broken-link', message: 'link to form Old', file: 'site/explorer.json', id: 'explorer@site' }],
  refused: [{ code: 'protected', file: 'options.json', pointer: '/forms/mode', message: 'refused' }],
  answerProblems: [],
  summary: { decisions: 2, prompts: 2, answered: 1, unanswered: 1, warnings: 1 },
  plan: null,
};
const saved = serializeReport(
  buildReport(analysis, { source: 'src', target: 'tgt', command: 'sync', output: 'out', generatedBy: 'carryover 0.1.0', options: { baseLevel: 'vendor' } }),
);

/** The saved report with one change made to its parsed JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke arbitrary shapes into the JSON
function edited(change: (json: Record<string, any>) => void): string {
  const json = JSON.parse(saved);
  change(json);
  return JSON.stringify(json);
}

function problemsOf(text: string) {
  const parsed = parseReport(text, 'report.json');
  if (parsed.ok) throw new Error('expected problems');
  return parsed.problems.map(({ code, pointer }) => `${code} ${pointer}`);
}

describe('parseReport', () => {
  it('reads back a saved report, and writing it again gives the same bytes', () => {
    const parsed = parseReport(saved, 'report.json');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.report.summary).toMatchObject({ decisions: 2, prompts: 2, answered: 1, unanswered: 1, warnings: 1 });
    expect(parsed.report.prompts[0].answer).toEqual({ edit: 'x\r\n' });
    expect(serializeReport(parsed.report)).toBe(saved);
  });

  it('tolerates a byte-order mark', () => {
    expect(parseReport('\uFEFF' + saved).ok).toBe(true);
  });

  it('ignores keys the format does not define', () => {
    const parsed = parseReport(edited((json) => ((json.extra = 1), (json.decisions[0].note = 'x'))));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(serializeReport(parsed.report)).toBe(saved);
  });

  it('reads a minimal report without question, refused and answerProblems', () => {
    const parsed = parseReport(
      edited((json) => {
        delete json.refused;
        delete json.answerProblems;
        delete json.prompts[0].question;
      }),
    );
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.report.prompts[0].question).toBe('');
      expect(parsed.report.refused).toEqual([]);
    }
  });

  it('reports a JSON syntax error with the file and an empty pointer', () => {
    const parsed = parseReport('{"format": ', 'saved/report.json');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems).toHaveLength(1);
      expect(parsed.problems[0]).toMatchObject({ code: 'json-syntax', file: 'saved/report.json', pointer: '' });
    }
  });

  it('refuses another format without checking anything else', () => {
    expect(problemsOf(JSON.stringify({ format: 'carryover-report/2' }))).toEqual(['bad-format /format']);
    expect(problemsOf('[]')).toEqual(['bad-type ']);
  });

  it('lists every problem, each with its JSON pointer', () => {
    const text = edited((json) => {
      json.decisions[1].action = 'kept';
      delete json.decisions[0].result;
      json.prompts[0].choices = ['keep', 'maybe'];
      json.prompts[1].answer = 'yes';
      json.warnings[0].file = 3;
      delete json.target;
    });
    expect(problemsOf(text)).toEqual([
      'missing-key /target',
      'missing-key /decisions/0/result',
      'bad-value /decisions/1/action',
      'bad-value /prompts/0/choices/1',
      'bad-value /prompts/1/answer',
      'bad-type /warnings/0/file',
    ]);
  });

  it('reports a summary that disagrees with the lists', () => {
    expect(problemsOf(edited((json) => (json.summary.unanswered = 0)))).toEqual(['summary-mismatch /summary/unanswered']);
    expect(problemsOf(edited((json) => (json.summary.decisions = -1)))).toEqual(['bad-type /summary/decisions']);
  });

  it('reports a prompt id that appears twice', () => {
    expect(problemsOf(edited((json) => (json.prompts[1].id = json.prompts[0].id)))).toEqual(['duplicate-id /prompts/1/id']);
  });

  it('checks a text merge and an edit answer', () => {
    expect(problemsOf(edited((json) => (json.prompts[1].textMerge.conflicts = 'one')))).toEqual(['bad-type /prompts/1/textMerge/conflicts']);
    expect(problemsOf(edited((json) => (json.prompts[0].answer = { edit: 'x', also: 1 })))).toEqual(['bad-value /prompts/0/answer']);
  });

  it('names the file it was given in every problem', () => {
    const parsed = parseReport(edited((json) => delete json.source), 'reports/r.json');
    expect(parsed.ok ? [] : parsed.problems.map((problem) => problem.file)).toEqual(['reports/r.json']);
  });
});
