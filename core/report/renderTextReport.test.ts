import { describe, expect, it } from 'vitest';
import type { Analysis } from '../analysis.js';
import { buildReport } from './buildReport.js';
import { renderTextReport } from './renderTextReport.js';

const analysis: Analysis = {
  decisions: [
    { id: 'form:Customers@vendor', action: 'replaced-base', reason: 'source base replaces target base', customized: null, targetBase: null, sourceBase: null, result: null },
    {
      id: 'form:Customers@user:B_Smith/components/EmployeesButton/caption',
      action: 'kept-customization',
      reason: 'vendor did not change caption; customization kept',
      customized: 'Staff',
      targetBase: 'Employees',
      sourceBase: 'Employees',
      result: 'Staff',
    },
    {
      id: 'form:Customers@user:B_Smith/script',
      action: 'merged-text',
      reason: 'answered merge: the three-way text merge was clean, so the merged script replaces both the customized and the source base script',
      customized: 'a\r\nb\r\n',
      targetBase: 'a\r\n',
      sourceBase: 'c\r\n',
      result: 'c\r\nb\r\n',
    },
    { id: 'global:scripts/CustUtils@site', action: 'kept-customization', reason: 'vendor did not change the object', customized: null, targetBase: null, sourceBase: null, result: null },
  ],
  prompts: [
    { id: 'form:Customers@user:B_Smith/script', question: 'Both changed the script.', choices: ['keep', 'replace', 'edit', 'merge'], answer: 'merge', customized: 'a\r\nb\r\n', targetBase: 'a\r\n', sourceBase: 'c\r\n', textMerge: { clean: true, text: 'c\r\nb\r\n', conflicts: 0 } },
    { id: 'form:Customers@site/components/ShipVia', question: 'The vendor removed ShipVia.', choices: ['keep', 'remove'], answer: null, customized: { type: 'ComboBox' }, targetBase: { type: 'ComboBox', x: 1 }, sourceBase: null },
  ],
  warnings: [
    { code: 'broken-link', message: 'link to form Old', file: 'site/explorer.json' },
    { code: 'logical-duplicate', message: 'A and B are both bound to object.X', file: 'site/forms/Customers.json' },
    { code: 'broken-link', message: 'link to form Older', file: 'users/J_Doe/explorer.json' },
  ],
  refused: [],
  answerProblems: [],
  summary: { decisions: 4, prompts: 2, answered: 1, unanswered: 1, warnings: 3 },
  plan: null,
};
const report = buildReport(analysis, { source: 'release-10.2', target: 'acme', command: 'analyze' });
const text = renderTextReport(report);

describe('renderTextReport', () => {
  it('starts with the command, the Source, the Target and the summary counts', () => {
    expect(text.split('\n').slice(0, 7)).toEqual([
      'Carryover analyze report',
      '  source  release-10.2',
      '  target  acme',
      '',
      'Summary',
      '  4 decisions, 2 prompts (1 answered, 1 unanswered), 3 warnings',
      '  kept-customization 2, merged-text 1, replaced-base 1',
    ]);
  });

  it('groups decisions by kind and version, each with its action, path and reason', () => {
    const forms = text.indexOf('Decisions: Forms');
    const globals = text.indexOf('Decisions: Global objects');
    expect(forms).toBeGreaterThan(0);
    expect(globals).toBeGreaterThan(forms);
    expect(text).toContain('form:Customers@vendor  (vendor/forms/Customers.json)\n  replaced-base       source base replaces target base\n');
    expect(text).toContain(
      'form:Customers@user:B_Smith  (users/B_Smith/forms/Customers.json)\n' +
        '  kept-customization  components/EmployeesButton/caption: vendor did not change caption;\n' +
        '                      customization kept\n',
    );
    expect(text.indexOf('form:Customers@vendor')).toBeLessThan(text.indexOf('form:Customers@user:B_Smith'));
  });

  it('lists each prompt with its choices and its answer, or UNANSWERED', () => {
    expect(text).toContain('  form:Customers@user:B_Smith/script\n    Both changed the script.\n    choices      keep, replace, edit, merge\n    answer       merge\n');
    expect(text).toContain('    customized   text, 2 lines\n');
    expect(text).toContain('    text merge   clean');
    expect(text).toContain('  form:Customers@site/components/ShipVia\n    The vendor removed ShipVia.\n    choices      keep, remove\n    answer       UNANSWERED\n');
    expect(text).toContain('    customized   {"type":"ComboBox"}\n');
    expect(text).toContain('    source base  null\n');
  });

  it('groups warnings by code', () => {
    expect(text).toContain(
      'Warnings (3)\n  broken-link (2)\n    site/explorer.json: link to form Old\n    users/J_Doe/explorer.json: link to form Older\n' +
        '  logical-duplicate (1)\n',
    );
  });

  it('fits 100 columns and ends with one newline', () => {
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
  });

  it('writes control characters from the input as escapes, so nothing can drive the terminal', () => {
    const hostile = buildReport(
      {
        ...analysis,
        decisions: [{ ...analysis.decisions[0], reason: 'red \u001b[31mtext\u001b[0m\nnext' }],
        prompts: [{ ...analysis.prompts[1], customized: 'bell\u0007', answer: null }],
      },
      { source: 'a\u001b]0;title\u0007', target: 't', command: 'analyze' },
    );
    const rendered = renderTextReport(hostile);
    expect(rendered).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(rendered).toContain('red \\u001b[31mtext\\u001b[0m next');
  });

  it('writes refused options and invalid answers when there are any', () => {
    const withProblems = buildReport(
      { ...analysis, refused: [{ code: 'protected', file: 'options.json', pointer: '/forms/mode', message: 'forms.mode: remove is refused' }] },
      { source: 's', target: 't', command: 'sync' },
    );
    expect(renderTextReport(withProblems)).toContain('Refused options (the Target is protected)\n  options.json#/forms/mode: forms.mode: remove is refused\n');
  });

  it('renders the same report to the same text', () => {
    expect(renderTextReport(buildReport(analysis, { source: 'release-10.2', target: 'acme', command: 'analyze' }))).toBe(text);
  });
});
