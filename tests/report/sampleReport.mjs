// A realistic hand-made analysis for looking at the reports (screenshotReport.mjs, benchReport.mjs).
// Not part of the test suite.

const crlf = (lines) => lines.join('\r\n') + '\r\n';

const baseScript = crlf([
  'Option Explicit',
  'Sub Main()',
  '  ThisForm.Refresh()',
  'End Sub',
  '',
  'Function ValidateCredit(custNum As String) As Boolean',
  '  Dim limit As Decimal',
  '  limit = ThisForm.Variables("CreditLimit").Value',
  '  ValidateCredit = limit > 0',
  'End Function',
]);
const customizedScript = crlf([
  'Option Explicit',
  'Sub Main()',
  '  ThisForm.Refresh()',
  '  ThisForm.Components("EmployeesButton").Enabled = IsManager()',
  'End Sub',
  '',
  'Function ValidateCredit(custNum As String) As Boolean',
  '  Dim limit As Decimal',
  '  limit = ThisForm.Variables("CreditLimit").Value',
  '  ValidateCredit = limit > 0',
  'End Function',
  '',
  "' ACME: managers only (ticket 4412)",
  'Function IsManager() As Boolean',
  '  IsManager = Application.UserInGroup("Managers")',
  'End Function',
]);
const sourceScript = crlf([
  'Option Explicit',
  'Sub Main()',
  '  ThisForm.Refresh()',
  'End Sub',
  '',
  'Function ValidateCredit(custNum As String) As Boolean',
  '  Dim limit As Decimal',
  '  limit = ThisForm.Variables("CreditLimit").Value',
  '  ValidateCredit = limit > 0 And Not IsOnHold(custNum)',
  'End Function',
]);
const mergedScript = crlf([
  'Option Explicit',
  'Sub Main()',
  '  ThisForm.Refresh()',
  '  ThisForm.Components("EmployeesButton").Enabled = IsManager()',
  'End Sub',
  '',
  'Function ValidateCredit(custNum As String) As Boolean',
  '  Dim limit As Decimal',
  '  limit = ThisForm.Variables("CreditLimit").Value',
  '  ValidateCredit = limit > 0 And Not IsOnHold(custNum)',
  'End Function',
  '',
  "' ACME: managers only (ticket 4412)",
  'Function IsManager() As Boolean',
  '  IsManager = Application.UserInGroup("Managers")',
  'End Function',
]);

const utilsBase = 'Public Function FormatCust(n As String) As String\r\n  FormatCust = Trim(n)\r\nEnd Function\r\n';
const utilsCustomized = 'Public Function FormatCust(n As String) As String\r\n  FormatCust = UCase(Trim(n))\r\nEnd Function\r\n';
const utilsSource = 'Public Function FormatCust(n As String) As String\r\n  FormatCust = Trim(n).PadLeft(7)\r\nEnd Function\r\n';
const utilsConflict =
  'Public Function FormatCust(n As String) As String\r\n<<<<<<< customized\r\n  FormatCust = UCase(Trim(n))\r\n||||||| target base\r\n  FormatCust = Trim(n)\r\n=======\r\n  FormatCust = Trim(n).PadLeft(7)\r\n>>>>>>> source base\r\nEnd Function\r\n';

const d = (id, action, reason, customized = null, targetBase = null, sourceBase = null, result = null) => ({
  id, action, reason, customized, targetBase, sourceBase, result,
});

/** @returns {import('../../build/core/analysis.js').Analysis} */
export function sampleAnalysis() {
  const decisions = [
    d('form:Customers@vendor', 'replaced-base', 'source base replaces target base (changed by the vendor)'),
    d('form:Customers@site/attributes/caption', 'kept-customization', 'vendor did not change caption; customization kept', 'Customers (ACME)', 'Customers', 'Customers', 'Customers (ACME)'),
    d('form:Customers@site/attributes/initialCommand', 'took-source', 'not customized; source base taken', 'Refresh', 'Refresh', 'RefreshAll', 'RefreshAll'),
    d('form:Customers@site/components/CreditHold', 'added', 'added by the vendor', null, null, { type: 'CheckBox', binding: 'object.CreditHold', caption: 'sCreditHold', x: 40, y: 12 }, { type: 'CheckBox', binding: 'object.CreditHold', caption: 'sCreditHold', x: 40, y: 12 }),
    d('form:Customers@site/components/FaxNum', 'removed', 'removed by the vendor; the customized component equals the target base', { type: 'EditBox', binding: 'object.FaxNum' }, { type: 'EditBox', binding: 'object.FaxNum' }, null, null),
    d('form:Customers@site/components/CustNum/width', 'kept-customization', 'both changed width; rule keep', 14, 12, 10, 14),
    d('form:Customers@site/script', 'phantom', 'differs only in line endings and trailing whitespace; not a customization', baseScript.replace(/\r\n/g, '\n'), baseScript, sourceScript, sourceScript),
    d('form:Customers@user:B_Smith/components/EmployeesButton/caption', 'kept-customization', 'vendor did not change caption; customization kept', 'Staff', 'Employees', 'Employees', 'Staff'),
    d('form:Customers@user:B_Smith/components/EmployeesButton/hidden', 'took-source', 'not customized; source base taken', false, false, true, true),
    d('form:Customers@user:B_Smith/script', 'merged-text', 'answered merge: clean three-way text merge', customizedScript, baseScript, sourceScript, mergedScript),
    d('form:Customers@user:B_Smith/variables/CreditLimit', 'edited', 'answered edit', '25000', '10000', '15000', '20000'),
    d('form:CustomerOrders@vendor', 'replaced-base', 'source base replaces target base (changed by the vendor)'),
    d('form:CustomerOrders@group:Sales/attributes/dataSource', 'kept-customization', 'both made the same change; customization kept', 'SLCoAll', 'SLCos', 'SLCoAll', 'SLCoAll'),
    d('form:CustomerOrders@group:Sales/eventHandlers/StdFormPredisplay', 'kept-customization', 'customizer only added handlers; placed by keep LAST', [{ responseType: 'Method', response: 'InitForm()' }, { responseType: 'Script', response: 'SetDefaults', keep: 'LAST' }], [{ responseType: 'Method', response: 'InitForm()' }], [{ responseType: 'Method', response: 'InitForm(True)' }], [{ responseType: 'Method', response: 'InitForm(True)' }, { responseType: 'Script', response: 'SetDefaults', keep: 'LAST' }]),
    d('form:Items@vendor', 'replaced-base', 'source base is identical to target base; replaced byte for byte'),
    d('form:Items@site', 'dropped-redundant', 'the customized version equals the version its users would otherwise get; deleted'),
    d('form:SalesReport@vendor', 'kept-base', 'no source base; kept because deleteOnlyMatchingBase is set'),
    d('form:SalesReport@user:J_Doe', 'left-untouched', 'the vendor dropped the form; customized version left untouched'),
    d('global:validators/CustNumValid@site', 'kept-customization', 'vendor did not change the object; customization kept'),
    d('global:strings/sCreditHold@vendor', 'added', 'source base added (new in the Source)'),
    d('explorer@vendor', 'replaced-base', 'Master Explorer replaced by the Source\'s'),
    d('explorer@site', 'kept-customization', 'Public folders kept (explorer.keepCustomizations)'),
    d('runtime:Customers@user:B_Smith', 'removed', 'runtime changes removed: the form\'s base changed (removeRuntimeChanges)'),
    d('runtime:Items@user:J_Doe', 'left-untouched', 'the form\'s base did not change'),
  ];
  const prompts = [
    {
      id: 'form:Customers@user:B_Smith/script',
      question: 'The vendor and the customizer both changed the form script. Which script should the result keep?',
      choices: ['keep', 'replace', 'edit', 'merge'],
      answer: 'merge',
      customized: customizedScript, targetBase: baseScript, sourceBase: sourceScript,
      textMerge: { clean: true, text: mergedScript, conflicts: 0 },
    },
    {
      id: 'form:Customers@user:B_Smith/variables/CreditLimit',
      question: 'Both changed variable CreditLimit.',
      choices: ['keep', 'replace', 'edit'],
      answer: { edit: '20000' },
      customized: '25000', targetBase: '10000', sourceBase: '15000',
    },
    {
      id: 'form:CustomerOrders@group:Sales/components/ShipVia',
      question: 'The vendor removed component ShipVia, which the customizer changed. Keep it or remove it?',
      choices: ['keep', 'remove'],
      answer: null,
      customized: { type: 'ComboBox', binding: 'object.ShipVia', caption: 'sShipVia', x: 2, y: 14, readOnly: true },
      targetBase: { type: 'ComboBox', binding: 'object.ShipVia', caption: 'sShipVia', x: 2, y: 14 },
      sourceBase: null,
    },
    {
      id: 'global:scripts/CustUtils@user:B_Smith',
      question: 'The vendor changed global script CustUtils, which B_Smith customized.',
      choices: ['keep', 'replace', 'edit'],
      answer: null,
      customized: { name: 'CustUtils', attributes: { language: 'VB', code: utilsCustomized } },
      targetBase: { name: 'CustUtils', attributes: { language: 'VB', code: utilsBase } },
      sourceBase: { name: 'CustUtils', attributes: { language: 'VB', code: utilsSource } },
      textMerge: { clean: false, text: utilsConflict, conflicts: 1 },
    },
    {
      id: 'form:CustomerOrders@group:Sales/attributes/filter',
      question: 'Both changed attribute filter. </script><script>alert(1)</script>',
      choices: ['keep', 'replace', 'edit'],
      answer: 'keep',
      customized: "Stat='A' <img src=x onerror=alert(1)>", targetBase: "Stat<>'C'", sourceBase: "Stat IN ('A','H')",
    },
  ];
  const warnings = [
    { code: 'logical-duplicate', message: 'components CreditHold and CredHoldFlag are both CheckBox bound to object.CreditHold', file: 'site/forms/Customers.json', id: 'form:Customers@site' },
    { code: 'broken-link', message: 'link to form OldCustomerInquiry, which does not exist in the result (folder Sales/Inquiries)', file: 'site/explorer.json', id: 'explorer@site' },
    { code: 'broken-link', message: 'link to form ArAging, which does not exist in the result (folder My Folders/Finance)', file: 'users/J_Doe/explorer.json' },
    { code: 'shadows-source-base', message: 'the customer\'s form CreditReview shadows the source base with the same name', file: 'site/forms/CreditReview.json' },
    { code: 'keep-in-base', message: 'a keep keyword in a base version is ignored (StdFormPredisplay, handler 2)', file: 'source:vendor/forms/CustomerOrders.json' },
  ];
  const summary = { decisions: decisions.length, prompts: prompts.length, answered: 3, unanswered: 2, warnings: warnings.length };
  return { decisions, prompts, warnings, refused: [], answerProblems: [], summary, plan: null };
}

export const sampleContext = {
  source: 'releases/CSI-10.2-vendor',
  target: 'sites/acme-production',
  command: 'analyze',
  generatedBy: 'carryover 0.1.0',
  options: { baseLevel: 'vendor', onlyProcessChangedBase: true, forms: { mode: 'merge', promptBeforeRemoval: false, names: [] } },
};

/** A report of `count` decisions over many forms and users, for timing. */
export function largeAnalysis(count) {
  const actions = ['kept-customization', 'took-source', 'added', 'removed', 'phantom', 'left-untouched'];
  const decisions = [];
  for (let i = 0; i < count; i++) {
    const form = `Form${String(Math.floor(i / 100)).padStart(4, '0')}`;
    const user = `User${(i >> 4) % 7}`;
    const script = i % 50 === 0;
    decisions.push(d(
      `form:${form}@user:${user}/${script ? 'script' : `components/Comp${i % 16}/caption`}`,
      actions[i % actions.length],
      'vendor did not change caption; customization kept',
      script ? customizedScript : `Caption ${i}`,
      script ? baseScript : `Caption`,
      script ? sourceScript : `Caption`,
      script ? mergedScript : `Caption ${i}`,
    ));
  }
  const prompts = [];
  for (let i = 0; i < count / 100; i++) {
    prompts.push({ id: `form:Form${String(i).padStart(4, '0')}@site/attributes/filter`, question: 'Both changed attribute filter.', choices: ['keep', 'replace', 'edit'], answer: i % 3 === 0 ? null : 'keep', customized: "Stat='A'", targetBase: "Stat='B'", sourceBase: "Stat='C'" });
  }
  const answered = prompts.filter((p) => p.answer !== null).length;
  return { decisions, prompts, warnings: [], refused: [], answerProblems: [], summary: { decisions: count, prompts: prompts.length, answered, unanswered: prompts.length - answered, warnings: 0 }, plan: null };
}
