import { describe, expect, it } from 'vitest';
import { defaultOptions } from '../../../core/options.js';
import { groupFindings, promptCounterText, promptTexts, selectOptionsChanged, sourceChoice, treeRows, versionOf, versionStatuses } from './selectors.js';

const findings = {
  decisions: [
    { id: 'form:Customers@vendor', action: 'replaced-base' as const },
    { id: 'form:Customers@site/components/CustNum/caption', action: 'kept-customization' as const },
    { id: 'form:Customers@user:B_Smith', action: 'dropped-redundant' as const },
    { id: 'global:scripts/CustUtils@vendor', action: 'replaced-base' as const },
  ].map((d) => ({ ...d, reason: 'r', customized: null, targetBase: null, sourceBase: null, result: null })),
  prompts: [
    { id: 'form:Customers@site/script', answer: null, question: 'q', choices: ['keep' as const, 'replace' as const], customized: null, targetBase: null, sourceBase: null },
    { id: 'global:scripts/CustUtils@site', answer: null, question: 'q', choices: ['keep' as const, 'replace' as const], customized: null, targetBase: null, sourceBase: null },
  ],
  warnings: [{ code: 'logical-duplicate', message: 'm', file: '', id: 'form:Customers@site' }],
};

describe('promptCounterText', () => {
  it('reads as the spec names it', () => {
    expect(promptCounterText(0)).toBe('No prompts left');
    expect(promptCounterText(1)).toBe('1 prompt left');
    expect(promptCounterText(12)).toBe('12 prompts left');
  });
});

describe('versionOf', () => {
  it('drops the path inside the version', () => {
    expect(versionOf('form:Customers@user:B_Smith/components/Btn/caption')).toBe('form:Customers@user:B_Smith');
    expect(versionOf('global:scripts/CustUtils@site')).toBe('global:scripts/CustUtils@site');
  });
});

describe('versionStatuses', () => {
  it('counts prompts left with the answers, and marks phantom or redundant versions', () => {
    const statuses = versionStatuses(findings, { 'form:Customers@site/script': 'keep' });
    expect(statuses.get('form:Customers@site')).toMatchObject({ prompts: 1, unanswered: 0, automatic: false, warnings: 1 });
    expect(statuses.get('global:scripts/CustUtils@site')).toMatchObject({ unanswered: 1 });
    expect(statuses.get('form:Customers@user:B_Smith')).toMatchObject({ phantom: true, automatic: true });
  });
});

describe('treeRows', () => {
  const groups = groupFindings(findings);
  const statuses = versionStatuses(findings, {});

  it('lists kinds, objects and versions', () => {
    const rows = treeRows(groups, statuses, 'all', '', {});
    expect(rows.map((r) => (r.kind === 'version' ? `  ${r.label}` : r.kind === 'object' ? ` ${r.name}` : r.title))).toEqual([
      'Forms',
      ' Customers',
      '  Vendor',
      '  Site',
      '  User B_Smith',
      'Global objects',
      ' scripts/CustUtils',
      '  Vendor',
      '  Site',
    ]);
  });

  it('filters by status and searches by name', () => {
    const prompts = treeRows(groups, statuses, 'prompt', '', {}).filter((r) => r.kind === 'version').map((r) => r.id);
    expect(prompts).toEqual(['form:Customers@site', 'global:scripts/CustUtils@site']);
    const phantom = treeRows(groups, statuses, 'phantom', '', {}).filter((r) => r.kind === 'version').map((r) => r.id);
    expect(phantom).toEqual(['form:Customers@user:B_Smith']);
    const search = treeRows(groups, statuses, 'all', 'custutils', {});
    expect(search[0]).toMatchObject({ kind: 'group', title: 'Global objects' });
    expect(search.filter((r) => r.kind === 'version')).toHaveLength(2);
  });

  it('folds collapsed nodes', () => {
    const rows = treeRows(groups, statuses, 'all', '', { 'kind:form': true, 'global:scripts/CustUtils': true });
    expect(rows.map((r) => r.id)).toEqual(['kind:form', 'kind:global', 'global:scripts/CustUtils']);
  });
});

describe('sourceChoice', () => {
  it('is replace, or remove where the source base is absent', () => {
    expect(sourceChoice({ choices: ['keep', 'replace', 'edit'] })).toBe('replace');
    expect(sourceChoice({ choices: ['keep', 'remove'] })).toBe('remove');
    expect(sourceChoice({ choices: ['keep'] })).toBeNull();
  });
});

describe('promptTexts', () => {
  it('reads the texts core gave the prompt, and is null for a prompt core did not call text', () => {
    const texts = { customized: 'a\r\n', targetBase: 'b\r\n', sourceBase: '', diffAlgorithm: 'histogram' as const };
    expect(promptTexts({ texts })).toEqual(texts);
    expect(promptTexts({})).toBeNull();
  });
});

describe('selectOptionsChanged', () => {
  it('tells when the options shown are not those analyzed', () => {
    const analyzed = defaultOptions();
    expect(selectOptionsChanged({ analysis: { options: analyzed }, options: defaultOptions() })).toBe(false);
    const changed = defaultOptions();
    changed.merge.script = 'keep';
    expect(selectOptionsChanged({ analysis: { options: analyzed }, options: changed })).toBe(true);
    expect(selectOptionsChanged({ analysis: null, options: changed })).toBe(false);
  });
});
