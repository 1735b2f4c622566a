import { describe, expect, it } from 'vitest';
import { groupReport, groupWarnings, parseReportId, versionFile } from './groupReport.js';
import type { Report, ReportDecision, ReportWarning } from './report.js';
import { summarizeReport } from './buildReport.js';

function decision(id: string): ReportDecision {
  return { id, action: 'kept-customization', reason: 'r', customized: null, targetBase: null, sourceBase: null, result: null };
}

function reportOf(decisions: ReportDecision[], warnings: ReportWarning[] = []): Report {
  return {
    format: 'carryover-report/1',
    command: 'analyze',
    source: 's',
    target: 't',
    summary: summarizeReport(decisions, [], warnings),
    decisions,
    prompts: [],
    warnings,
    refused: [],
    answerProblems: [],
  };
}

describe('parseReportId', () => {
  it('splits an id into object, scope and path', () => {
    expect(parseReportId('form:Customers@user:B_Smith/components/EmployeesButton/caption')).toEqual({
      object: 'form:Customers',
      scope: 'user:B_Smith',
      path: 'components/EmployeesButton/caption',
      version: 'form:Customers@user:B_Smith',
      kind: 'form',
      name: 'Customers',
    });
  });

  it('keeps the slash of a global object in the object, not in the path', () => {
    expect(parseReportId('global:scripts/CustUtils@site')).toMatchObject({
      object: 'global:scripts/CustUtils',
      scope: 'site',
      path: '',
      kind: 'global',
      name: 'scripts/CustUtils',
    });
  });

  it('reads the explorer and runtime changes', () => {
    expect(parseReportId('explorer@vendor')).toMatchObject({ kind: 'explorer', scope: 'vendor', name: '' });
    expect(parseReportId('runtime:Items@user:J_Doe')).toMatchObject({ kind: 'runtime', name: 'Items', scope: 'user:J_Doe' });
  });

  it('puts an id outside the grammar under other, whole', () => {
    expect(parseReportId('something odd')).toMatchObject({ kind: 'other', object: 'something odd', version: 'something odd', path: '' });
    expect(parseReportId('thing:X@site/a')).toMatchObject({ kind: 'other', version: 'thing:X@site', path: 'a' });
  });
});

describe('groupReport', () => {
  it('orders kinds forms, global objects, explorer, runtime; objects by name; scopes vendor, site, groups, users', () => {
    const groups = groupReport(
      reportOf([
        decision('runtime:Items@user:A'),
        decision('explorer@site'),
        decision('form:Items@user:Z/attributes/caption'),
        decision('global:scripts/U@site'),
        decision('form:Items@group:Sales/script'),
        decision('form:Customers@site/script'),
        decision('form:Items@site/script'),
        decision('form:Items@vendor'),
        decision('form:Items@user:A/script'),
      ]),
    );
    expect(groups.map((group) => group.title)).toEqual(['Forms', 'Global objects', 'Explorer', 'Runtime changes']);
    expect(groups[0].objects.map((object) => object.name)).toEqual(['Customers', 'Items']);
    expect(groups[0].objects[1].versions.map((version) => version.scope)).toEqual(['vendor', 'site', 'group:Sales', 'user:A', 'user:Z']);
  });

  it('keeps report order of decisions inside a version, with their paths', () => {
    const [forms] = groupReport(reportOf([decision('form:A@site/script'), decision('form:A@site/attributes/caption'), decision('form:A@site')]));
    expect(forms.objects[0].versions[0].decisions.map((item) => item.path)).toEqual(['script', 'attributes/caption', '']);
  });

  it('attaches a warning to the version its id names, and never makes a version for it', () => {
    const warning = { code: 'logical-duplicate', message: 'm', file: 'site/forms/A.json', id: 'form:A@site' };
    const stray = { code: 'logical-duplicate', message: 'm', file: 'site/forms/B.json', id: 'form:B@site' };
    const groups = groupReport(reportOf([decision('form:A@site/script')], [warning, stray]));
    expect(groups[0].objects.map((object) => object.name)).toEqual(['A']);
    expect(groups[0].objects[0].versions[0].warnings).toEqual([warning]);
  });
});

describe('groupWarnings', () => {
  it('groups warnings by code, codes in order', () => {
    const w = (code: string, message: string) => ({ code, message, file: '' });
    expect(groupWarnings([w('z', '1'), w('a', '2'), w('z', '3')])).toEqual([
      { code: 'a', warnings: [w('a', '2')] },
      { code: 'z', warnings: [w('z', '1'), w('z', '3')] },
    ]);
  });
});

describe('versionFile', () => {
  it('names the configuration file of a version', () => {
    const [forms, globals] = groupReport(reportOf([decision('form:A@group:Sales'), decision('global:scripts/U@user:B_Smith')]));
    expect(versionFile(forms.objects[0], 'group:Sales')).toBe('groups/Sales/forms/A.json');
    expect(versionFile(globals.objects[0], 'user:B_Smith')).toBe('users/B_Smith/globals/scripts/U.json');
  });
});
